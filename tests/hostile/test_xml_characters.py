"""Characters Word cannot hold never reach a written .docx (issue 11)."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from conftest import copy_examples
from lxml import etree

from ankao.errors import AnkaoError
from ankao.render.base import Writer, open_draft, to_bytes
from ankao.render.reference import set_properties
from hostile.bounded import run_bounded

HOSTILE = "甲\x00\x01\x08\x0b\x0c\x1b\x1f乙\ud800\udfff丙\ufffe\uffff丁"


def _well_formed(data: bytes) -> docx.document.Document:
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in z.namelist():
            if name.endswith(".xml"):
                etree.fromstring(z.read(name))  # raises on ill-formed XML
    return docx.Document(io.BytesIO(data))


def test_the_writer_drops_what_xml_cannot_hold() -> None:
    doc = open_draft()
    w = Writer(doc)
    w.heading(1, HOSTILE)
    w.paragraph(HOSTILE)
    w.table(["编号", "内容"], [["JX-01", HOSTILE]])
    set_properties(doc, title=HOSTILE, subject=HOSTILE, author=HOSTILE)
    back = _well_formed(to_bytes(doc))
    texts = [p.text for p in back.paragraphs] + [
        c.text for t in back.tables for r in t.rows for c in r.cells
    ]
    assert texts.count("甲乙丙丁") == 3
    assert back.core_properties.title == "甲乙丙丁"


def test_content_that_slips_past_the_writer_is_refused_not_written() -> None:
    doc = open_draft()
    w = Writer(doc)
    w.paragraph("正常")
    w._add("<w:p><w:r><w:t>\x01</w:t></w:r></w:p>")  # a future writer that forgets to escape
    with pytest.raises(AnkaoError, match=r"XML 不能容纳的字符 U\+0001，没有写入"):
        to_bytes(doc)


def test_a_grades_key_with_a_control_character_gives_a_notice_word_opens(tmp_path: Path) -> None:
    root = copy_examples(tmp_path)
    path = root / "grades" / "2025.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("  财务处: 较差", '  "财务\\u0001处": 较差', 1),
        encoding="utf-8",
    )
    result = run_bounded(["consequences", "--year", "2025", "-o", "notice.docx"], root)
    if (root / "notice.docx").exists():
        _well_formed((root / "notice.docx").read_bytes())
    else:
        assert result.returncode in (1, 2), result.stdout
