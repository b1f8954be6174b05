"""The roll-up (issue 23): counts that mean what they say, numerals past 100, deadlines (逾期)."""

from __future__ import annotations

import json
from pathlib import Path

import docx
import openpyxl
import pytest
from typer.testing import CliRunner

from ankao.cli import app

BOOK = """\
schema_version: 1
kind: office
unit: {unit}
term: {{start: 2024, end: 2027}}
members:
  - {{name: 李某, post: 处长, duties: 主持全面工作, principal: both}}
goals:
  overall: 做好本单位工作。
  party_building:
    - {{id: DJ-01, aspect: 政治思想建设, content: 集中学习, metric: {{name: 学习次数, unit: 次, baseline: 10, target: 12, direction: at_least}}}}
  business:
    - {{id: YW-01, content: 办结率, metric: {{name: 办结率, unit: '%', baseline: 90, target: 98}}}}
  institutions:
    - {{id: ZD-01, content: 修订制度, criteria: 2025年底前修订完成并印发}}
  service_commitment:
    - {{id: CN-01, content: 服务时限, metric: {{name: 办理时限, unit: 天, baseline: 5, target: 3, direction: decrease}}}}
  other: []
"""


def invoke(*args: str) -> object:
    return CliRunner().invoke(app, list(args), env={"COLUMNS": "100", "NO_COLOR": "1"})


def test_summary_of_150_units_numbers_them_in_chinese(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "ankao.yaml").write_text(
        "school: 某师范学院\nrules: {aspect-coverage: off}\n", encoding="utf-8"
    )
    books = tmp_path / "taskbooks"
    books.mkdir()
    for i in range(1, 151):
        (books / f"单位{i:03d}.yaml").write_text(BOOK.format(unit=f"单位{i:03d}"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = invoke("summary", "-o", "汇总.docx")
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    texts = [p.text for p in docx.Document(str(tmp_path / "汇总.docx")).paragraphs]
    # the 100th, 101st, 110th and 150th units, by hand: 一百, 一百零一, 一百一十, 一百五十
    for heading in (
        "（九十九）单位099（机关、教学辅助机构，4 项）",
        "（一百）单位100（机关、教学辅助机构，4 项）",
        "（一百零一）单位101（机关、教学辅助机构，4 项）",
        "（一百一十）单位110（机关、教学辅助机构，4 项）",
        "（一百五十）单位150（机关、教学辅助机构，4 项）",
    ):
        assert heading in texts
    # none has an approvals file: 150 units, none handed in; 600 targets, 450 quantitative (75%)
    [lead] = [t for t in texts if t.startswith("截至")]
    assert "应提交任务书的 150 个单位中已有 0 个提交（报领导小组办公室）" in lead
    assert "共有任期目标 600 项，其中定量目标 450 项（占 75%）" in lead


def test_summary_counts_units_that_reached_submitted(repo: Path) -> None:
    """The examples: 9 units in ankao.yaml; 文学院 (第1轮审核), 教务处 (办公室审核) and 图书馆
    (已签署) reached 报领导小组办公室; 数学与信息科学学院 stands at 主管校领导审核, with a book
    but not handed in; the five others have nothing."""
    result = invoke("summary", "-o", "汇总.docx")
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    texts = [p.text for p in docx.Document(str(repo / "汇总.docx")).paragraphs]
    [lead] = [t for t in texts if t.startswith("截至")]
    assert "应提交任务书的 9 个单位中已有 3 个提交" in lead
    result = invoke("status", "--format", "json")
    counts = json.loads(result.stdout)["counts"]  # type: ignore[attr-defined]
    assert (counts["units"], counts["submitted"], counts["with_book"]) == (9, 3, 4)
    result = invoke("status")
    assert "已提交（报领导小组办公室）3 个" in result.output  # type: ignore[attr-defined]


def test_deadlines_mark_units_overdue(repo: Path) -> None:
    config = repo / "ankao.yaml"
    config.write_text(
        config.read_text(encoding="utf-8")
        + "\ndeadlines:\n  submitted: '2024-03-31'\n  office_approved: '2024-06-30'\n"
        "  signed: '2099-12-31'\n",
        encoding="utf-8",
    )
    result = invoke("status", "--format", "json")
    assert result.exit_code == 0, result.stdout  # type: ignore[attr-defined]
    data = json.loads(result.stdout)  # type: ignore[attr-defined]
    overdue = {u["unit"]: u["overdue"] for u in data["units"]}
    # 图书馆 signed: nothing missed; 教务处 at office_approved: nothing; 文学院 submitted but
    # still in review: office_approved missed; 数学 (主管校领导审核) and the five without a
    # book missed both; signed's 2099 deadline has not come
    both = ["submitted", "office_approved"]
    assert overdue == {
        "文学院": ["office_approved"],
        "数学与信息科学学院": both,
        "外国语学院": both,
        "教务处": [],
        "人事处": both,
        "科技处": both,
        "财务处": both,
        "后勤处": both,
        "图书馆": [],
    }
    assert data["counts"]["overdue"] == 7
    text = invoke("status").output  # type: ignore[attr-defined]
    assert "7 个逾期" in text
    assert (
        [line for line in text.splitlines() if line.startswith("外国语学院")][0]
        .rstrip()
        .endswith("逾期")
    )
    assert invoke("summary", "-o", "汇总.xlsx").exit_code == 0
    ws = openpyxl.load_workbook(repo / "汇总.xlsx")["各单位情况"]
    header = [c.value for c in ws[1]]
    assert header[-1] == "逾期"
    rows = {r[0]: r for r in ws.iter_rows(min_row=2, values_only=True)}
    assert rows["文学院"][-1] == "逾期：办公室审核"
    assert rows["外国语学院"][-1] == "逾期：报领导小组办公室、办公室审核"
    assert rows["图书馆"][-1] in (None, "")


def test_a_malformed_deadline_is_a_schema_error(repo: Path) -> None:
    config = repo / "ankao.yaml"
    config.write_text(
        config.read_text(encoding="utf-8") + "\ndeadlines:\n  handed_in: '2024-03-31'\n",
        encoding="utf-8",
    )
    result = invoke("validate", "ankao.yaml", "--format", "json")
    assert result.exit_code == 1  # type: ignore[attr-defined]
    codes = [d["code"] for d in json.loads(result.stdout)["diagnostics"]]  # type: ignore[attr-defined]
    assert "schema" in codes


def test_a_long_target_prints_whole_its_row_as_tall_as_its_lines(repo: Path) -> None:
    """A row's height left unset is one line in LibreOffice and WPS: 目标内容 printed cut off."""
    long_content = "落实全面从严治党主体责任" * 12  # 144 CJK characters: 288 columns wide
    book = repo / "taskbooks" / "宣传部.yaml"
    book.write_text(
        BOOK.format(unit="宣传部").replace("content: 集中学习", f"content: {long_content}"),
        encoding="utf-8",
    )
    assert invoke("summary", "-o", "汇总.xlsx").exit_code in (0, 1)
    ws = openpyxl.load_workbook(repo / "汇总.xlsx")["全部目标"]
    header = [c.value for c in ws[1]]
    content = header.index("目标内容")
    width = ws.column_dimensions[openpyxl.utils.get_column_letter(content + 1)].width
    assert width == 50  # the summary's 目标内容 column
    rows = {r[content].value: r[0].row for r in ws.iter_rows(min_row=2) if r[content].value}
    # 288 display columns in 49 per line (a column of 50 less its padding): 6 lines of 15 pt
    assert ws.row_dimensions[rows[long_content]].height == 6 * 15
    # its longest text is 类别: 机关、教学辅助机构, 18 columns in 9 per line (a column of 10)
    assert ws.column_dimensions["B"].width == 10
    assert ws.row_dimensions[rows["办结率"]].height == 2 * 15
