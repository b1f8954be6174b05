"""`ankao form`: the workbook a unit fills in, read back with openpyxl as Excel would show it."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl

from ankao.load.identity import identity_of, parse_properties
from tests.forms.helpers import cli, make_form


def _identity(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as z:
        return parse_properties(z.read("docProps/custom.xml"))


def test_taskbook_form_has_the_sheets_of_spec_9_in_order(repo: Path) -> None:
    wb = openpyxl.load_workbook(make_form(repo))
    assert wb.sheetnames == [
        "填写说明",
        "基本情况",
        "班子成员",
        "党建工作目标",
        "教学工作目标",
        "学科建设与科研工作目标",
        "师资队伍建设工作目标",
        "学生工作目标",
        "校企合作及国际合作交流工作目标",
        "服务社会工作目标",
        "其他目标",
    ]
    ws = wb["党建工作目标"]
    headers = [c.value for c in ws[3]]
    # the term of 文学院 is 2024-2027: one 年度进度 column per year
    assert headers == [
        "编号", "方面", "目标内容", "指标名称", "计量单位", "基数", "目标值", "方向",
        "2024年进度", "2025年进度", "2026年进度", "2027年进度", "验收标准", "责任人",
    ]  # fmt: skip
    # DJ-01 as the book writes it: baseline 8, target 12, milestones 10 12 12 12, owner 张某
    row = [c.value for c in ws[4]]
    assert row[0] == "DJ-01" and row[1] == "政治思想建设"
    assert row[5:12] == [8, 12, "提高", 10, 12, 12, 12]
    assert row[13] == "张某"


def test_identity_is_in_the_custom_properties(repo: Path) -> None:
    from ankao.repository.scan import scan

    props = _identity(make_form(repo))
    book = scan(repo).book("文学院")
    assert props["ankao.document"] == "form-taskbook"
    assert props["ankao.units"] == "文学院"
    assert props["ankao.term"] == "2024-2027"
    assert props["ankao.fingerprint"] == book.fingerprint
    assert props["ankao.version"]
    ident = identity_of(props)
    assert ident is not None and ident.fingerprint_of("文学院") == book.fingerprint


def test_locked_ids_and_headers_open_cells_and_spare_rows(repo: Path) -> None:
    ws = openpyxl.load_workbook(make_form(repo))["党建工作目标"]
    assert ws.protection.sheet is True and not ws.protection.password
    assert ws["A4"].protection.locked is True  # the id of DJ-01
    assert ws["A3"].protection.locked is True  # a header
    assert ws["C4"].protection.locked is False  # its content
    last = max(r for r in range(4, ws.max_row + 1) if ws.cell(row=r, column=1).value)
    assert ws.cell(row=last + 1, column=1).protection.locked is False  # a new target's id
    assert ws.protection.insertRows is False  # inserting rows stays allowed


def test_drop_downs_and_number_validation(repo: Path) -> None:
    ws = openpyxl.load_workbook(make_form(repo))["党建工作目标"]
    lists = {str(dv.sqref): dv for dv in ws.data_validations.dataValidation}
    aspect = next(dv for ref, dv in lists.items() if ref.startswith("B"))
    # 文学院 is a teaching unit: the teaching party-building aspects, then 其他
    assert (
        aspect.formula1
        == '"政治思想建设,党风廉政建设,作风建设,党支部建设,党员教育发展,党员作用发挥,典型选树,其他"'
    )
    direction = next(dv for ref, dv in lists.items() if ref.startswith("H"))
    assert direction.formula1 == '"提高,降低,保持,不低于,不高于"'
    figures = [dv for dv in lists.values() if dv.type == "decimal"]
    assert {str(dv.sqref)[0] for dv in figures} == {"F", "G", "I", "J", "K", "L"}
    members = openpyxl.load_workbook(make_form(repo, "文学院", "--force"))["班子成员"]
    principal = members.data_validations.dataValidation[0]
    assert principal.formula1 == '"党组织主要负责人,行政主要负责人,党政主要负责人"'


def test_page_setup_prints(repo: Path) -> None:
    ws = openpyxl.load_workbook(make_form(repo))["党建工作目标"]
    assert ws.page_setup.orientation == "landscape"
    assert int(ws.page_setup.paperSize) == 9  # A4
    assert ws.sheet_properties.pageSetUpPr.fitToPage is True
    assert ws.print_title_rows == "$3:$3"
    assert ws.column_dimensions["C"].width == 40
    assert ws["C4"].alignment.wrap_text is True


def test_number_written_keeps_its_decimals(repo: Path) -> None:
    book = repo / "taskbooks" / "文学院.yaml"
    text = book.read_text(encoding="utf-8")
    book.write_text(text.replace("baseline: 88.5", "baseline: 88.50"), encoding="utf-8")
    ws = openpyxl.load_workbook(make_form(repo))
    for sheet in ws.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value == 88.5:
                    assert cell.number_format == "0.00"
                    return
    raise AssertionError("88.50 not found")


def test_new_unit_form_is_the_same_workbook_empty(repo: Path) -> None:
    out = repo / "新学院.xlsx"
    result = cli("form", "新学院", "--kind", "teaching", "-o", str(out))
    assert result.exit_code == 0, result.output
    wb = openpyxl.load_workbook(out)
    assert "教学工作目标" in wb.sheetnames
    basics = wb["基本情况"]
    assert basics["B4"].value == "新学院" and basics["B5"].value == "教学单位"
    # the term of ankao.yaml: 2024-2027
    assert (basics["B6"].value, basics["B7"].value) == (2024, 2027)
    assert wb["党建工作目标"]["A4"].value is None
    props = _identity(out)
    assert props["ankao.fingerprint"] == "" and props["ankao.units"] == "新学院"


def test_unit_without_book_needs_kind(repo: Path) -> None:
    result = cli("form", "新学院", "-o", str(repo / "x.xlsx"))
    assert result.exit_code == 2
    assert "--kind" in result.output


def test_actuals_form(repo: Path) -> None:
    out = repo / "a.xlsx"
    result = cli("form", "文学院", "--actuals", "2026", "-o", str(out))
    assert result.exit_code == 0, result.output
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["填写说明", "完成情况"]
    ws = wb["完成情况"]
    assert [c.value for c in ws[3]] == [
        "编号", "部分", "目标内容", "指标名称", "计量单位", "基数", "目标值",
        "2026年应达", "2026年完成值", "状态", "说明",
    ]  # fmt: skip
    first = [c.value for c in ws[4]]
    # DJ-01: milestone of 2026 is 12
    assert first[0] == "DJ-01" and first[1] == "党建工作目标" and first[7] == 12
    props = _identity(out)
    assert props["ankao.document"] == "form-actuals" and props["ankao.year"] == "2026"
    statuses = [dv for dv in ws.data_validations.dataValidation if dv.type == "list"]
    assert statuses[0].formula1 == '"完成,部分完成,未完成"'


def test_actuals_year_outside_term(repo: Path) -> None:
    result = cli("form", "文学院", "--actuals", "2030", "-o", str(repo / "a.xlsx"))
    assert result.exit_code == 2 and "任期" in result.output


def test_all_into_a_folder_with_safe_names(repo: Path) -> None:
    out = repo / "表格"
    # units of ankao.yaml without a book get an empty form of the kind ankao.yaml gives them
    result = cli("form", "--all", "-o", str(out) + "/")
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in out.iterdir())
    assert "文学院-任务书.xlsx" in names and "图书馆-任务书.xlsx" in names
    # every unit of ankao.yaml and every book: 9 units
    assert len(names) == 9
    blank = openpyxl.load_workbook(out / "外国语学院-任务书.xlsx")
    assert blank["基本情况"]["B5"].value == "教学单位"
    again = cli("form", "--all", "-o", str(out))
    assert again.exit_code == 2 and "--force" in again.output


def test_existing_file_is_not_replaced(repo: Path) -> None:
    out = make_form(repo)
    result = cli("form", "文学院", "-o", str(out))
    assert result.exit_code == 2 and "--force" in result.output
