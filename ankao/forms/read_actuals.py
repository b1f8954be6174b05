"""Reading an --actuals form back: each target's figure, or status and note, of the form's year."""

from __future__ import annotations

from typing import Any

from ankao.findings import Severity
from ankao.forms import layout as L
from ankao.forms.cells import Form, Place, Sheet


def read_actuals(form: Form, wb: Any, quantitative: dict[str, bool]) -> None:
    """Fill `form.data["actuals"]`: each target's figure (or status and note) of the form's year.

    `quantitative` says, for each target id of the book, whether it has a metric.
    """
    found = _actuals_sheet(form, wb)
    if found is None:
        return
    sheet, done = found
    out: dict[str, Any] = {}
    seen: dict[str, Place] = {}
    for row in sheet.rows():
        known = _known_target(form, sheet, row, quantitative, seen)
        if known is not None:
            ident, here = known
            _read_actual(
                form, sheet, row, (ident, here), done, out, quantitative=quantitative[ident]
            )
    form.data = {"actuals": out}


def _actuals_sheet(form: Form, wb: Any) -> tuple[Sheet, str] | None:
    """The sheet and the header of the form's year's column (None, and an error, without them)."""
    if L.ACTUALS_SHEET not in wb.sheetnames:
        form.add(None, "form-sheet", f"缺少工作表“{L.ACTUALS_SHEET}”")
        return None
    sheet = Sheet(form, wb[L.ACTUALS_SHEET], (L.ID,))
    year = form.year
    if not sheet.found or year is None:
        form.add(
            Place(L.ACTUALS_SHEET, 1, 1),
            "form-sheet",
            f"工作表“{L.ACTUALS_SHEET}”前三行中没有“编号”表头",
        )
        return None
    done = L.actual_header(year)
    if done not in sheet.columns:
        form.add(
            Place(L.ACTUALS_SHEET, sheet.header_row, 1),
            "form-sheet",
            f"表头中没有“{done}”：这份表格不是 {year} 年的完成情况表",
        )
        return None
    return sheet, done


def _known_target(
    form: Form, sheet: Sheet, row: int, quantitative: dict[str, bool], seen: dict[str, Place]
) -> tuple[str, Place] | None:
    """The row's target id and its cell, when the row names a target of the book once."""
    ident, here = sheet.text(row, L.ID)
    if not ident:
        return None
    here = here or sheet.place(row, 1)
    form.places[("target", ident, "id")] = here
    if ident in seen:
        form.add(here, "form-duplicate-id", f"编号 {ident} 重复：{seen[ident]} 已有这个目标")
        return None
    seen[ident] = here
    if ident not in quantitative:
        form.add(
            here,
            "form-unknown-target",
            f"任务书中没有编号为 {ident} 的目标（可能已删除或改了编号），这一行没有读入",
        )
        return None
    return ident, here


def _read_actual(
    form: Form,
    sheet: Sheet,
    row: int,
    target: tuple[str, Place],
    done: str,
    out: dict[str, Any],
    *,
    quantitative: bool,
) -> None:
    """Put a target's actual into `out`: its figure, or its status and note (nothing when the
    status is not one of the list)."""
    ident, here = target
    unit, _ = sheet.text(row, L.METRIC_UNIT)
    value, value_place = sheet.number(row, done, percent=(unit or "") in ("%", "％"))
    status, status_place = sheet.text(row, L.STATUS)
    note, note_place = sheet.text(row, L.NOTE)
    for name, place in (("value", value_place), ("status", status_place), ("note", note_place)):
        if place is not None:
            form.places[("target", ident, name)] = place
    if quantitative:
        if status:
            form.add(
                status_place,
                "form-choice",
                f"目标 {ident} 是定量目标，请在“{done}”中填写数值，不选状态",
                Severity.WARNING,
            )
        out[ident] = value
        return
    if value is not None:
        form.add(
            value_place,
            "form-choice",
            f"目标 {ident} 是定性目标，请选择状态并写明说明，不填完成值",
            Severity.WARNING,
        )
    if status is None:
        if note:
            form.add(
                status_place or here,
                "form-required",
                f"目标 {ident} 写了说明，却没有选择状态（完成、部分完成或未完成）",
            )
        out[ident] = None
    elif status not in L.STATUSES:
        form.add(
            status_place, "form-choice", f"状态应为{'、'.join(L.STATUSES)}之一，这里是“{status}”"
        )
    else:
        out[ident] = {"status": status, **({"note": note} if note else {})}
