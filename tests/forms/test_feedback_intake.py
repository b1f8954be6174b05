"""`ankao intake` of a 反馈表 (.docx) whose 单位答复 column the unit filled in."""

from __future__ import annotations

import json
from pathlib import Path

import docx

from ankao.forms.feedback import split_answer
from ankao.load.document import load_text
from tests.forms.helpers import cli

RESPONSE = Path("reviews") / "文学院" / "r1-response.yaml"


def _feedback(repo: Path) -> Path:
    out = repo / "反馈表.docx"
    result = cli("comments", "merge", "文学院", "--round", "1", "-o", str(out))
    assert result.exit_code == 0, result.output
    return out


def _answer(path: Path, answers: dict[str, str], *, widen: bool = False) -> None:
    """Fill the 单位答复 cell of the rows whose 审核部门 cell names a comment id (found by header)."""
    document = docx.Document(str(path))
    table = next(t for t in document.tables if "单位答复" in [c.text for c in t.rows[0].cells])
    headers = [c.text.strip() for c in table.rows[0].cells]
    reviewer, answer = headers.index("审核部门"), headers.index("单位答复")
    for row in table.rows[1:]:
        cells = row.cells
        for ident, text in answers.items():
            if ident in cells[reviewer].text and len({id(c._tc) for c in cells}) > 1:
                cells[answer].text = text
    if widen:
        # another layout: an instruction line above, as issue 24 adds
        document.paragraphs[0].insert_paragraph_before(
            "填写说明：在单位答复栏先写采纳、部分采纳或不采纳。"
        )
    document.save(str(path))


def test_split_answer() -> None:
    assert split_answer("采纳。已将目标值提高到3项") == ("采纳", "已将目标值提高到3项")
    assert split_answer("部分采纳：编制内5人") == ("部分采纳", "编制内5人")
    assert split_answer("不采纳") == ("不采纳", "")
    assert split_answer("同意") is None


def test_answers_create_the_response_file(repo: Path) -> None:
    (repo / RESPONSE).unlink()
    form = _feedback(repo)
    _answer(
        form,
        {"教务处-1": "采纳。目标值已提高到7门", "科技处-2": "不采纳：横向经费不足10%"},
        widen=True,
    )
    result = cli("intake", str(form), "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["intake"][0]["written"] == RESPONSE.as_posix()
    data = load_text((repo / RESPONSE).read_text(encoding="utf-8")).data
    assert data["unit"] == "文学院" and data["round"] == 1
    answers = {a["to"] if isinstance(a["to"], str) else a["to"][0]: a for a in data["answers"]}
    assert answers["教务处-1"]["answer"] == "采纳"
    assert answers["教务处-1"]["note"] == "目标值已提高到7门"
    assert answers["科技处-2"]["answer"] == "不采纳"
    assert cli("validate", RESPONSE.as_posix()).exit_code == 0


def test_answers_edit_the_existing_file_in_place(repo: Path) -> None:
    before = (repo / RESPONSE).read_text(encoding="utf-8")
    form = _feedback(repo)
    _answer(form, {"科技处-2": "部分采纳：另列横向经费目标"})
    result = cli("intake", str(form))
    assert result.exit_code == 0, result.output
    after = (repo / RESPONSE).read_text(encoding="utf-8")
    a, b = before.splitlines(), after.splitlines()
    assert len(a) == len(b)
    assert [(x, y) for x, y in zip(a, b, strict=True) if x != y] == [
        ("    answer: 不采纳", "    answer: 部分采纳"),
        (
            "    note: 学院横向经费占科研经费总额不足10%，分列目标意义不大，仍按到账经费总额考核。",
            "    note: 另列横向经费目标",
        ),
    ]


def test_answer_without_a_leading_word_refused_at_its_row(repo: Path) -> None:
    (repo / RESPONSE).unlink()
    form = _feedback(repo)
    _answer(form, {"教务处-1": "同意修改"})
    result = cli("intake", str(form))
    assert result.exit_code == 1
    assert "反馈表.docx › 表格1!第" in result.output and "同意修改" in result.output
    assert not (repo / RESPONSE).exists()


def test_docx_that_is_no_feedback_form(repo: Path) -> None:
    other = repo / "other.docx"
    docx.Document().save(str(other))
    result = cli("intake", str(other))
    assert result.exit_code == 2 and "反馈表" in result.output
