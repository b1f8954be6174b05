"""Writing a form: a unit's task book (or a year's figures) as a workbook to fill in Excel or WPS.

The layout is SPEC §9's (`ankao.forms.layout`). What a unit may not change is
locked by sheet protection without a password (the 编号 of existing targets,
headers, the unit's name and kind); everything else, and a block of empty rows
for new targets, is unlocked. Drop-down lists hold the choices the schema allows
(方面 of the section, 方向, 主要负责人, 状态); figures accept numbers only.
Numbers are written as their values, with a number format that shows them as the
book writes them (`150.50` keeps two decimals). The identity (SPEC §9) goes into
the custom document properties.
"""

from __future__ import annotations

import io
from typing import Any

from ankao.forms import layout as L
from ankao.forms.sheets import (
    Styles,
    drop_down,
    fit_rows,
    header_row,
    heading,
    numbers_only,
    put,
    schema_ordered_fonts,
    set_core,
    set_identity,
    set_page,
    set_widths,
)
from ankao.forms.spec import FormSpec, guide, props
from ankao.model.book import Target
from ankao.model.sections import DIRECTIONS, KINDS, SECTIONS, aspects


def form_bytes(spec: FormSpec) -> bytes:
    """The .xlsx bytes of the form `spec` describes."""
    if spec.year is not None:
        from ankao.forms.actuals import actuals_workbook

        wb = actuals_workbook(spec)
    else:
        wb = taskbook_workbook(spec)
    buffer = io.BytesIO()
    wb.save(buffer)
    return schema_ordered_fonts(buffer.getvalue())


# --- the task-book form ---------------------------------------------------------------------


def taskbook_workbook(spec: FormSpec) -> Any:
    """The task-book form: 填写说明, 基本情况, 班子成员, one sheet per section (SPEC §9)."""
    from openpyxl import Workbook

    wb = Workbook()
    st = Styles()
    first = wb.active
    first.title = L.GUIDE
    guide(first, st, spec)
    _basics(wb.create_sheet(L.BASICS), st, spec)
    _members(wb.create_sheet(L.MEMBERS), st, spec)
    for key, title in SECTIONS[spec.kind]:
        if key != "overall":
            _section(wb.create_sheet(title), st, spec, key, title)
    set_core(wb, f"{spec.unit}任期目标任务书（填写表）", spec.school)
    set_identity(wb, props(spec))
    return wb


def _basics(ws: Any, st: Styles, spec: FormSpec) -> None:
    book = spec.book
    teaching = spec.kind == "teaching"
    heading(
        ws,
        st,
        f"{spec.unit}基本情况",
        2,
        "单位、类别不能修改；本单位自然情况限 100 字以内（教学单位填写）。",
    )
    header_row(ws, st, 3, (L.ITEM, L.VALUE))
    values: list[tuple[str, Any, bool]] = [
        (L.UNIT, spec.unit, True),
        (L.KIND, KINDS[spec.kind], True),
        (L.START, spec.term.start, False),
        (L.END, spec.term.end, False),
        (
            L.PROFILE,
            (book.profile or "")
            if book is not None and teaching
            else ("" if teaching else "（机关、教学辅助机构不填写此项）"),
            not teaching,
        ),
        (L.OVERALL, book.overall.strip() if book is not None else "", False),
    ]
    for row, (label, value, locked) in enumerate(values, start=4):
        label_cell = ws.cell(row=row, column=1, value=label)
        label_cell.font, label_cell.fill, label_cell.border = (
            st.header_font,
            st.locked_fill,
            st.border,
        )
        label_cell.alignment = st.center
        cell = put(ws, st, row, 2, value if value != "" else None, locked=locked)
        if isinstance(value, int):
            cell.alignment = st.left
        if label in (L.PROFILE, L.OVERALL):
            ws.row_dimensions[row].height = 100
    for row in (6, 7):
        from openpyxl.worksheet.datavalidation import DataValidation

        dv = DataValidation(type="whole", operator="between", formula1="1990", formula2="2100")
        dv.error = "请填写四位数的年份，如 2025"
        dv.showErrorMessage = True
        ws.add_data_validation(dv)
        dv.add(f"B{row}")
    ws.column_dimensions["A"].width = 16
    ws.column_dimensions["B"].width = 90
    set_page(ws, landscape=False, header_row=3)


def _members(ws: Any, st: Styles, spec: FormSpec) -> None:
    headers = L.MEMBER_HEADERS
    heading(
        ws,
        st,
        f"{spec.unit}本届领导班子成员及分工",
        len(headers),
        "每位成员一行；党政主要负责人在“主要负责人”中选择（一人兼任党政主要负责人的选“党政主要负责人”）。",
    )
    header_row(ws, st, 3, headers)
    members = spec.book.members if spec.book is not None else ()
    row = 4
    for m in members:
        for col, value in enumerate(
            (m.name, m.post, m.duties.strip(), L.PRINCIPALS.get(m.principal or "")), start=1
        ):
            put(ws, st, row, col, value or None)
        row += 1
    last = row + 9
    for r in range(row, last + 1):
        for col in range(1, len(headers) + 1):
            put(ws, st, r, col, None)
    drop_down(ws, list(L.PRINCIPALS.values()), f"D4:D{last}", "党政主要负责人；其他成员不填")
    for letter, width in zip("ABCD", (10, 24, 60, 18), strict=True):
        ws.column_dimensions[letter].width = width
    fit_rows(ws, 4, row - 1)
    set_page(ws, landscape=False, header_row=3)


def _section(ws: Any, st: Styles, spec: FormSpec, key: str, title: str) -> None:
    from openpyxl.utils import get_column_letter

    years = spec.term.years
    headers = L.section_headers(years)
    col = {h: i for i, h in enumerate(headers, start=1)}
    listed = aspects(spec.kind, key)
    heading(
        ws,
        st,
        f"{spec.unit} {title}",
        len(headers),
        "灰色的编号不能修改；新增目标写在下方空行，编号自拟且不重复。定量目标填写指标、基数、目标值、方向和年度进度，"
        "定性目标填写验收标准。",
    )
    header_row(ws, st, 3, headers)
    section = spec.book.section(key) if spec.book is not None else None
    row = L.FIRST_ROW
    for t in section.targets if section is not None else ():
        _target_row(ws, st, row, col, t, years)
        row += 1
    last = row + L.SPARE_ROWS - 1
    for r in range(row, last + 1):
        for c in range(1, len(headers) + 1):
            put(ws, st, r, c, None)

    def letter(name: str) -> str:
        return str(get_column_letter(col[name]))

    first = L.FIRST_ROW
    if listed or key in ("party_building", "teaching", "research", "cooperation"):
        choices = [*listed, "其他"]
        drop_down(
            ws,
            choices,
            f"{letter(L.ASPECT)}{first}:{letter(L.ASPECT)}{last}",
            "从列表中选择；一个目标服务几个方面时用顿号分隔",
            strict=False,  # several aspects in one cell are allowed: the reader checks each
        )
    drop_down(
        ws,
        list(DIRECTIONS.values()),
        f"{letter(L.DIRECTION)}{first}:{letter(L.DIRECTION)}{last}",
        "定量目标的方向；不选为“提高”",
    )
    numbers = [L.BASELINE, L.TARGET, *(L.year_header(y) for y in years)]
    for name in numbers:
        numbers_only(ws, f"{letter(name)}{first}:{letter(name)}{last}", name)
    set_widths(ws, headers)
    fit_rows(ws, L.FIRST_ROW, row - 1)
    set_page(ws, landscape=True, header_row=3)


def _target_row(
    ws: Any, st: Styles, row: int, col: dict[str, int], t: Target, years: list[int]
) -> None:
    metric = t.metric
    values: dict[str, Any] = {
        L.ASPECT: L.join_aspects(t.aspects) or None,
        L.CONTENT: t.content.strip() or None,
        L.CRITERIA: t.criteria.strip() if t.criteria else None,
        L.OWNER: t.owner,
    }
    if metric is not None:
        values.update(
            {
                L.METRIC_NAME: metric.name,
                L.METRIC_UNIT: metric.unit,
                L.BASELINE: metric.baseline,
                L.TARGET: metric.target,
                L.DIRECTION: DIRECTIONS.get(metric.direction, metric.direction),
            }
        )
        for year, n in metric.milestones.items():
            values[L.year_header(year)] = n
    put(ws, st, row, col[L.ID], t.id, locked=True)
    for name, c in col.items():
        if name != L.ID:
            put(ws, st, row, c, values.get(name))
