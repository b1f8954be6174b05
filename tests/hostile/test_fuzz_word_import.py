"""Fuzzing the Word import: damaged .docx bytes and random comment XML end in AnkaoError or comments, never a traceback.

Bounded for CI: a fixed number of examples (derandomized under CI=true by the
shared Hypothesis profile), each on a small document.
"""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ankao.errors import AnkaoError
from ankao.model.build import build
from ankao.model.refs import index_book
from ankao.reviews.wordcomments import read_comments

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
W15 = "http://schemas.microsoft.com/office/word/2012/wordml"
INDEX = index_book(
    build(
        {
            "unit": "文学院",
            "kind": "teaching",
            "term": {"start": 2024, "end": 2027},
            "goals": {
                "teaching": [
                    {"id": "JX-01", "content": "专业认证"},
                    {"id": "JX-02", "content": "一流课程"},
                ]
            },
        },
        None,
        "b",
        "b",
    )
)
FUZZ = settings(
    max_examples=int(os.environ.get("ANKAO_FUZZ_EXAMPLES", "60")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _base_docx() -> bytes:
    d = docx.Document()
    d.add_heading("三、任期目标", 1)
    d.add_heading("（二）教学工作目标", 2)
    t = d.add_table(rows=3, cols=2)
    for i, (a, b) in enumerate([("编号", "内容"), ("JX-01", "专业认证"), ("JX-02", "一流课程")]):
        t.cell(i, 0).text, t.cell(i, 1).text = a, b
    d.add_comment(t.cell(1, 1).paragraphs[0].runs, "目标值偏低。", author="王五")
    d.add_comment(d.paragraphs[0].runs, "【必须修改】总体。", author="王五")
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


BASE = _base_docx()


def _read(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "f.docx"
    path.write_bytes(data)
    try:
        comments = read_comments(path, INDEX, unit=None)
    except AnkaoError as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    for c in comments:
        assert isinstance(c.text, str) and isinstance(c.ref, str)


@FUZZ
@given(
    st.lists(
        st.tuples(st.integers(0, len(BASE) - 1), st.integers(0, 255)), min_size=1, max_size=12
    ),
    st.one_of(st.none(), st.integers(0, len(BASE))),
)
def test_damaged_bytes(tmp_path: Path, flips: list[tuple[int, int]], cut: int | None) -> None:
    data = bytearray(BASE)
    for at, value in flips:
        data[at] = value
    _read(tmp_path, bytes(data[:cut] if cut is not None else data))


# Well-formed text mostly (to reach the anchoring and threading code), with the odd cases people write
_TEXT = st.one_of(
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=20),
    st.sampled_from(["【必须修改】", "偏低[/]", "\u202e院学文", "JX-01", "", "  ", "x" * 5000]),
)
_IDS = st.sampled_from(["0", "1", "2", "", "x", "-1", "99999999999999999999"])


@st.composite
def _comment(draw: st.DrawFn) -> str:
    attrs = ""
    if draw(st.booleans()):
        attrs += f" w:id={quoteattr(draw(_IDS))}"
    if draw(st.booleans()):
        attrs += f" w:author={quoteattr(draw(_TEXT))}"
    if draw(st.booleans()):
        attrs += f" w:date={quoteattr(draw(st.sampled_from(['2025-03-01T00:00:00Z', 'x', ''])))}"
    paras = "".join(
        f"<w:p w14:paraId={quoteattr(draw(st.sampled_from(['A1', 'B2', 'C3', ''])))}>"
        f"<w:r><w:t>{escape(draw(_TEXT))}</w:t></w:r></w:p>"
        for _ in range(draw(st.integers(0, 3)))
    )
    return f"<w:comment{attrs}>{paras}</w:comment>"


@st.composite
def _markers(draw: st.DrawFn) -> str:
    tag = draw(st.sampled_from(["commentRangeStart", "commentRangeEnd", "commentReference"]))
    return f"<w:{tag} w:id={quoteattr(draw(_IDS))}/>"


@FUZZ
@given(
    st.lists(_comment(), max_size=6),
    st.lists(_markers(), max_size=8),
    st.lists(
        st.tuples(
            st.sampled_from(["A1", "B2", "C3", "Z9"]), st.sampled_from(["A1", "B2", "C3", "Z9"])
        ),
        max_size=4,
    ),
    st.booleans(),
)
def test_random_comment_xml(
    tmp_path: Path,
    comments: list[str],
    markers: list[str],
    threads: list[tuple[str, str]],
    garbage: bool,
) -> None:
    with zipfile.ZipFile(io.BytesIO(BASE)) as z:
        parts = {i.filename: z.read(i) for i in z.infolist()}
    comments_xml = (
        f'<?xml version="1.0" encoding="UTF-8"?><w:comments xmlns:w="{W}" xmlns:w14="{W14}">'
        + "".join(comments)
        + "</w:comments>"
    )
    parts["word/comments.xml"] = comments_xml.encode()[: -5 if garbage else None]
    document = parts["word/document.xml"].decode()
    at = document.find("<w:body>") + len("<w:body>")
    # markers between blocks, inside the first paragraph, and inside the table's first row
    document = document[:at] + "".join(markers[:3]) + document[at:]
    row = document.find("<w:tr")
    if row >= 0:
        cell_p = document.find("<w:p", row)
        close = document.find(">", cell_p) + 1
        document = document[:close] + "".join(markers[3:]) + document[close:]
    parts["word/document.xml"] = document.encode()
    if threads:
        extended = (
            f'<w15:commentsEx xmlns:w15="{W15}">'
            + "".join(
                f'<w15:commentEx w15:paraId="{a}" w15:paraIdParent="{b}"/>' for a, b in threads
            )
            + "</w15:commentsEx>"
        )
        parts["word/commentsExtended.xml"] = extended.encode()
        rels = parts["word/_rels/document.xml.rels"].decode()
        parts["word/_rels/document.xml.rels"] = rels.replace(
            "</Relationships>",
            (
                '<Relationship Id="rIdFuzz" Type="http://schemas.microsoft.com/office/2011/relationships/'
                'commentsExtended" Target="commentsExtended.xml"/></Relationships>'
            ),
        ).encode()
        types = parts["[Content_Types].xml"].decode()
        parts["[Content_Types].xml"] = types.replace(
            "</Types>",
            (
                '<Override PartName="/word/commentsExtended.xml" ContentType="application/'
                'vnd.openxmlformats-officedocument.wordprocessingml.commentsExtended+xml"/></Types>'
            ),
        ).encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    _read(tmp_path, out.getvalue())


def test_the_base_document_imports(tmp_path: Path) -> None:
    path = tmp_path / "base.docx"
    path.write_bytes(BASE)
    assert [(c.ref, c.text) for c in read_comments(path, INDEX)] == [
        ("general", "【必须修改】总体。"),
        ("JX-01", "目标值偏低。"),
    ]


@pytest.mark.parametrize("cut", [10, 100, 1000, len(BASE) // 2, len(BASE) - 30])
def test_a_truncated_docx_is_a_clear_error(tmp_path: Path, cut: int) -> None:
    path = tmp_path / "cut.docx"
    path.write_bytes(BASE[:cut])
    with pytest.raises(AnkaoError, match=r"不是 Word 文档|不是有效的 Word 文档|无法解压|已损坏"):
        read_comments(path, INDEX)


_ANY_TEXT = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=30
)


@FUZZ
@given(
    _ANY_TEXT,
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=10),
    _ANY_TEXT,
)
def test_any_comment_text_gives_a_review_file_that_validates(
    text: str, quote: str, author: str
) -> None:
    from ankao.load.document import load_text
    from ankao.repository.checking import Settings, check_document
    from ankao.reviews.wordcomments import Reply, WordComment
    from ankao.reviews.wordimport import ImportRequest, _clean, review_data, review_yaml

    comments = [
        WordComment(
            author, "2025-03-01T08:00:00Z", text, quote, "general", [Reply(author, "", text)]
        )
    ]
    _clean(comments)
    if not comments[0].text.strip():
        return
    data = review_data(ImportRequest(Path("a.docx"), "文学院", 2, "教务处"), comments)
    doc = load_text(review_yaml(data, "a.docx"), "r2-教务处.yaml")
    assert check_document(doc, "review", Settings()).findings == []
    assert doc.data["comments"][0]["text"] == comments[0].text.strip()


@pytest.mark.parametrize(
    "text",
    [
        "1e100",
        "0o17",
        "0x1F",
        ".5",
        "+.inf",
        ".NaN",
        "null",
        "~",
        "true",
        "False",
        "yes",
        "2025-03-01",
        "1_000",
        "-1",
        "[/]",
        "#1",
        "- a",
        "a: b",
    ],
)
def test_a_comment_that_looks_like_a_number_stays_text(text: str) -> None:
    from ankao.load.document import load_text
    from ankao.reviews.wordcomments import WordComment
    from ankao.reviews.wordimport import ImportRequest, review_data, review_yaml

    data = review_data(
        ImportRequest(Path("a.docx"), "文学院", 2, "教务处"),
        [WordComment(text, "", text, text, "general")],
    )
    loaded = load_text(review_yaml(data, "a.docx"), "r2-教务处.yaml").data["comments"][0]
    assert (loaded["text"], loaded["quote"], loaded["author"]) == (text, text, text)
