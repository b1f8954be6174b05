"""`ankao intake` of task-book forms: minimal edits, every refusal at its cell, the book untouched."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.forms.helpers import (
    changed_lines,
    cli,
    first_empty_row,
    make_form,
    row_of,
    set_cells,
)

UNITS = ("文学院", "数学与信息科学学院", "教务处", "图书馆")


def _book(repo: Path, unit: str = "文学院") -> Path:
    return repo / "taskbooks" / f"{unit}.yaml"


@pytest.mark.parametrize("unit", UNITS)
def test_untouched_form_changes_nothing(repo: Path, unit: str) -> None:
    before = _book(repo, unit).read_bytes()
    form = make_form(repo, unit)
    result = cli("intake", str(form))
    assert result.exit_code == 0, result.output
    assert "没有改动" in result.output
    assert _book(repo, unit).read_bytes() == before


def test_one_cell_changes_one_line(repo: Path) -> None:
    before = _book(repo).read_text(encoding="utf-8")
    form = make_form(repo)
    row = row_of(form, "党建工作目标", "DJ-01")
    set_cells(form, "党建工作目标", {f"F{row}": 9})  # 基数 8 -> 9
    result = cli("intake", str(form))
    assert result.exit_code == 0, result.output
    after = _book(repo).read_text(encoding="utf-8")
    assert changed_lines(before, after) == [("        baseline: 8", "        baseline: 9")]
    # diff's classes: a baseline is a fact about the start, neutral
    assert "DJ-01" in result.output and "中性" in result.output


def test_decimal_text_kept_and_target_raised(repo: Path) -> None:
    book = _book(repo)
    text = book.read_text(encoding="utf-8").replace("baseline: 88.5", "baseline: 88.50")
    book.write_text(text, encoding="utf-8")
    form = make_form(repo)
    row = row_of(form, "学生工作目标", "XS-01")  # baseline 88.50, target 92, 2027 milestone 92
    set_cells(form, "学生工作目标", {f"G{row}": 93, f"L{row}": 93})
    result = cli("intake", str(form), "--format", "json")
    assert result.exit_code == 0, result.output
    after = book.read_text(encoding="utf-8")
    assert "baseline: 88.50\n" in after
    lines = changed_lines(text, after)
    assert [new.strip() for _, new in lines][0] == "target: 93"
    assert len(lines) == 2 and "2027: 93}" in lines[1][1]
    changes = json.loads(result.output)["intake"][0]["changes"]
    assert [(c["id"], c["field"], c["class"]) for c in changes] == [
        ("XS-01", "metric.target", "strengthened"),
        ("XS-01", "metric.milestones.2027", "strengthened"),
    ]


def test_comments_and_order_kept_when_targets_added_and_removed(repo: Path) -> None:
    before = _book(repo).read_text(encoding="utf-8")
    form = make_form(repo)
    row = first_empty_row(form, "教学工作目标")
    set_cells(
        form,
        "教学工作目标",
        {
            f"A{row}": "JX-99",
            f"B{row}": "课程建设",
            f"C{row}": "建设校级虚拟仿真实验课程",
            f"M{row}": "2026年12月前建成1门并通过验收",
            f"N{row}": "李某",
        },
    )
    result = cli("intake", str(form))
    assert result.exit_code == 0, result.output
    after = _book(repo).read_text(encoding="utf-8")
    old_comments = [line for line in before.splitlines() if line.lstrip().startswith("#")]
    assert [line for line in after.splitlines() if line.lstrip().startswith("#")] == old_comments
    lines = after.splitlines()
    start = lines.index("    - id: JX-99")
    assert len(lines) == len(before.splitlines()) + 5
    assert lines[start : start + 5] == [
        "    - id: JX-99",
        "      aspect: 课程建设",
        "      content: 建设校级虚拟仿真实验课程",
        "      criteria: 2026年12月前建成1门并通过验收",
        "      owner: 李某",
    ]
    assert "JX-99" in result.output and "新增" in result.output


def test_deleted_row_removes_the_target(repo: Path) -> None:
    import openpyxl

    form = make_form(repo)
    wb = openpyxl.load_workbook(form)
    ws = wb["其他目标"]
    row = row_of(form, "其他目标", "QT-01") if ws["A4"].value else None
    if row is None:
        pytest.skip("文学院 has no other target")
    ws.delete_rows(row)
    wb.save(form)
    result = cli("intake", str(form), "--format", "json")
    changes = json.loads(result.output)["intake"][0]["changes"]
    assert any(c["id"] == "QT-01" and c["change"] == "removed" for c in changes)
    assert "id: QT-01" not in _book(repo).read_text(encoding="utf-8")


def test_fullwidth_digits_and_text_numbers_read_with_warning(repo: Path) -> None:
    form = make_form(repo)
    row = row_of(form, "党建工作目标", "DJ-01")
    set_cells(form, "党建工作目标", {f"G{row}": "１５", f"L{row}": "15"})
    result = cli("intake", str(form), "--format", "json")
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    warnings = [d for d in out["diagnostics"] if d["code"] == "form-number-text"]
    assert {d["path"] for d in warnings} == {f"党建工作目标!G{row}", f"党建工作目标!L{row}"}
    text = _book(repo).read_text(encoding="utf-8")
    assert "target: 15\n" in text and "2027: 15}" in text


def test_percent_cell_read_in_per_cent(repo: Path) -> None:
    form = make_form(repo)
    row = row_of(form, "学生工作目标", "XS-01")  # 计量单位 %, baseline 88.5
    set_cells(form, "学生工作目标", {f"F{row}": 0.895}, fmt={f"F{row}": "0.0%"})
    result = cli("intake", str(form))
    assert result.exit_code == 0, result.output
    assert "baseline: 89.5\n" in _book(repo).read_text(encoding="utf-8")


def _refused(repo: Path, form: Path, where: str, code: str, words: str) -> None:
    before = _book(repo).read_bytes()
    result = cli("intake", str(form))
    assert result.exit_code == 1, result.output
    assert f"{form.name} › {where}" in result.output
    assert words in result.output
    data = json.loads(cli("intake", str(form), "--format", "json").output)
    assert code in {d["code"] for d in data["diagnostics"] if d["path"] == where}
    assert _book(repo).read_bytes() == before


def test_formula_refused_at_its_cell(repo: Path) -> None:
    form = make_form(repo)
    row = row_of(form, "党建工作目标", "DJ-01")
    set_cells(form, "党建工作目标", {f"G{row}": "=F4+4"})
    _refused(repo, form, f"党建工作目标!G{row}", "form-formula", "公式")


def test_text_in_a_figure_refused(repo: Path) -> None:
    form = make_form(repo)
    row = row_of(form, "党建工作目标", "DJ-01")
    set_cells(form, "党建工作目标", {f"G{row}": "12次"})
    _refused(repo, form, f"党建工作目标!G{row}", "form-number", "应填写数字")


def test_aspect_not_in_the_list_refused(repo: Path) -> None:
    form = make_form(repo)
    row = row_of(form, "党建工作目标", "DJ-02")
    set_cells(form, "党建工作目标", {f"B{row}": "廉政教育"})
    _refused(repo, form, f"党建工作目标!B{row}", "form-choice", "廉政教育")


def test_missing_and_duplicate_ids_refused(repo: Path) -> None:
    form = make_form(repo)
    row = first_empty_row(form, "教学工作目标")
    set_cells(form, "教学工作目标", {f"C{row}": "没有编号的目标"})
    _refused(repo, form, f"教学工作目标!A{row}", "form-id", "没有编号")
    form = make_form(repo, "文学院", "--force")
    set_cells(form, "教学工作目标", {f"A{row}": "DJ-01", f"B{row}": "课程建设", f"C{row}": "重复"})
    _refused(repo, form, f"教学工作目标!A{row}", "form-duplicate-id", "党建工作目标!A4")


def test_row_without_content_refused(repo: Path) -> None:
    form = make_form(repo)
    row = first_empty_row(form, "教学工作目标")
    set_cells(form, "教学工作目标", {f"A{row}": "JX-98", f"B{row}": "课程建设", f"N{row}": "李某"})
    _refused(repo, form, f"教学工作目标!C{row}", "form-required", "没有填写目标内容")


def test_form_of_another_unit_refused(repo: Path) -> None:
    form = make_form(repo)
    set_cells(form, "基本情况", {"B4": "数学与信息科学学院"})
    _refused(repo, form, "基本情况!B4", "form-unit", "数学与信息科学学院")


def test_schema_problem_reported_at_its_cell(repo: Path) -> None:
    form = make_form(repo)
    row = row_of(form, "班子成员", "张某") if False else 4
    set_cells(form, "班子成员", {f"B{row}": None})
    _refused(repo, form, f"班子成员!B{row}", "form-required", "职务")


def test_check_runs_on_the_result(repo: Path) -> None:
    form = make_form(repo)
    row = row_of(form, "党建工作目标", "DJ-01")
    # a target of 15 whose last milestone stays 12: the rule `milestones` finds it in the book
    set_cells(form, "党建工作目标", {f"G{row}": 15})
    result = cli("intake", str(form), "--format", "json")
    out = json.loads(result.output)
    assert result.exit_code == 1
    assert any(
        d["code"] == "milestones" and d["file"] == "taskbooks/文学院.yaml"
        for d in out["diagnostics"]
    )
    assert out["intake"][0]["written"] == "taskbooks/文学院.yaml"
