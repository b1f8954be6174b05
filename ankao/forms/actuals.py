"""The --actuals form: a year's figures of a unit's book, one row per target (SPEC §9)."""

from __future__ import annotations

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
    set_core,
    set_identity,
    set_page,
    set_widths,
)
from ankao.forms.spec import FormSpec, guide, props
from ankao.model.book import Number, Target


def actuals_workbook(spec: FormSpec) -> Any:
    """The --actuals form: 填写说明 and 完成情况, one row per target (SPEC §9)."""
    from openpyxl import Workbook

    assert spec.book is not None and spec.year is not None
    book, year = spec.book, spec.year
    wb = Workbook()
    st = Styles()
    first = wb.active
    first.title = L.GUIDE
    guide(first, st, spec)
    ws = wb.create_sheet(L.ACTUALS_SHEET)
    headers = L.actuals_headers(year)
    col = {h: i for i, h in enumerate(headers, start=1)}
    heading(
        ws,
        st,
        f"{book.unit}{year}年度任期目标完成情况",
        len(headers),
        "定量目标填写完成值；定性目标选择状态并写明说明。灰色单元格不能修改。",
    )
    header_row(ws, st, 3, headers)
    row = L.FIRST_ROW
    for section in book.sections:
        for t in section.targets:
            _target_row(ws, st, row, col, spec, section.title, t)
            row += 1
    _finish_sheet(ws, col, headers, year, max(row - 1, L.FIRST_ROW))
    set_core(wb, f"{book.unit}{year}年度任期目标完成情况（填写表）", spec.school)
    set_identity(wb, props(spec))
    set_page(ws, landscape=True, header_row=3)
    return wb


def _target_row(
    ws: Any, st: Styles, row: int, col: dict[str, int], spec: FormSpec, part: str, t: Target
) -> None:
    """One target's row: what it promised locked, and its actual (figure, or status and note)."""
    from ankao.model.progress import expected_value

    assert spec.book is not None and spec.year is not None
    book, year = spec.book, spec.year
    metric = t.metric
    actual = t.actuals.get(year)
    locked: dict[str, Any] = {L.ID: t.id, L.PART: part, L.CONTENT: t.content.strip()}
    if metric is not None:
        expected = expected_value(t, book.term, year)
        locked.update(
            {
                L.METRIC_NAME: metric.name,
                L.METRIC_UNIT: metric.unit,
                L.BASELINE: metric.baseline,
                L.TARGET: metric.target,
                L.expected_header(year): _expected(expected[0]) if expected else None,
            }
        )
    for name, value in locked.items():
        put(ws, st, row, col[name], value, locked=True)
    for name in (L.METRIC_NAME, L.METRIC_UNIT, L.BASELINE, L.TARGET, L.expected_header(year)):
        if name not in locked:
            put(ws, st, row, col[name], None, locked=True)
    if metric is not None:
        put(ws, st, row, col[L.actual_header(year)], actual.value if actual else None)
        put(ws, st, row, col[L.STATUS], None, locked=True)
        put(ws, st, row, col[L.NOTE], None, locked=True)
    else:
        put(ws, st, row, col[L.actual_header(year)], None, locked=True)
        put(ws, st, row, col[L.STATUS], actual.status if actual else None)
        put(ws, st, row, col[L.NOTE], actual.note if actual else None)


def _finish_sheet(ws: Any, col: dict[str, int], headers: list[str], year: int, last: int) -> None:
    """The status drop-down, the figures' check, the widths and the rows' heights."""
    from openpyxl.utils import get_column_letter

    status = get_column_letter(col[L.STATUS])
    drop_down(
        ws,
        list(L.STATUSES),
        f"{status}{L.FIRST_ROW}:{status}{last}",
        "定性目标：完成、部分完成或未完成",
    )
    done = get_column_letter(col[L.actual_header(year)])
    numbers_only(ws, f"{done}{L.FIRST_ROW}:{done}{last}", "完成值")
    set_widths(ws, headers)
    ws.column_dimensions[get_column_letter(col[L.expected_header(year)])].width = 10
    ws.column_dimensions[get_column_letter(col[L.actual_header(year)])].width = 11
    fit_rows(ws, L.FIRST_ROW, last)


def _expected(value: float) -> Number:
    """The expected value of a year as a number shown with at most two decimals."""
    rounded = round(value, 2)
    if rounded == int(rounded):
        return Number(int(rounded), str(int(rounded)))
    return Number(rounded, f"{rounded:.2f}".rstrip("0"))
