"""The 基本情况 sheet of a task-book form: unit, kind, term, profile and overall goal."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ankao.forms import layout as L
from ankao.forms.cells import Form, Place, Sheet, cell_text
from ankao.model.sections import KINDS

_KIND_KEYS = {label: key for key, label in KINDS.items()} | {k: k for k in KINDS}


def read_basics(form: Form, wb: Any) -> dict[str, Any]:
    """The sheet's values (unit, term, profile, overall); the form's unit and kind settled."""
    items = _items(form, wb)
    if items is None:
        return {}
    out: dict[str, Any] = {}
    unit = _unit(form, items)
    _kind(form, items)
    term = _term(form, items)
    if term is not None:
        out["term"] = term
    profile, profile_place = items.text(L.PROFILE)
    if form.kind == "teaching":
        if not profile:
            form.add(profile_place, "form-required", "教学单位须填写本单位自然情况（100 字以内）")
        out["profile"] = profile
    overall, overall_place = items.text(L.OVERALL)
    if not overall:
        form.add(overall_place, "form-required", "任期总体目标没有填写")
    out["overall"] = overall
    out["unit"] = unit
    return out


@dataclass(frozen=True, slots=True)
class _Items:
    """The sheet's rows by item; reading a value notes its cell in the form."""

    form: Form
    sheet: Sheet
    rows: dict[str, int]

    def text(self, item: str) -> tuple[str | None, Place | None]:
        if item not in self.rows:
            return None, None
        value, place = self.sheet.text(self.rows[item], L.VALUE)
        if place is not None:
            self.form.places[("basics", item)] = place
        return value, place

    def year(self, item: str) -> int | None:
        """A four-digit year (None, and an error, for anything else)."""
        if item not in self.rows:
            return None
        value, place = self.sheet.number(self.rows[item], L.VALUE)
        if place is not None:
            self.form.places[("basics", item)] = place
        if value is None or not isinstance(value, int) or not 1990 <= value <= 2100:
            if value is not None or not any(f.path == str(place) for f in self.form.findings):
                self.form.add(place, "form-required", f"{item}应填写四位数的年份，如 2025")
            return None
        return value


def _items(form: Form, wb: Any) -> _Items | None:
    """The 基本情况 sheet's rows (a finding for each one missing); None without the sheet."""
    if L.BASICS not in wb.sheetnames:
        form.add(None, "form-sheet", f"缺少工作表“{L.BASICS}”")
        return None
    sheet = Sheet(form, wb[L.BASICS], (L.ITEM, L.VALUE))
    if not sheet.found:
        form.add(
            Place(L.BASICS, 1, 1), "form-sheet", f"工作表“{L.BASICS}”前三行中没有“项目”“内容”表头"
        )
        return None
    rows: dict[str, int] = {}
    label_col = sheet.columns[L.ITEM]
    for row in sheet.rows():
        label = cell_text(sheet.ws.cell(row=row, column=label_col).value)
        if label in L.BASIC_ITEMS:
            rows.setdefault(label, row)
    for item in L.BASIC_ITEMS:
        if item not in rows:
            form.add(Place(L.BASICS, 1, 1), "form-sheet", f"工作表“{L.BASICS}”中缺少“{item}”一行")
    return _Items(form, sheet, rows)


def _unit(form: Form, items: _Items) -> str | None:
    """The unit written on the sheet; the form's unit (the one it was made for) may not change."""
    unit, unit_place = items.text(L.UNIT)
    if unit and form.unit and unit != form.unit:
        form.add(
            unit_place,
            "form-unit",
            f"这份表格是为“{form.unit}”生成的，单位一栏却写着“{unit}”：单位名称不能修改；"
            f"若是别的单位的表格，请用那个单位的表格",
        )
    form.unit = form.unit or (unit or "")
    if not form.unit:
        form.add(unit_place, "form-required", "单位名称没有填写")
    return unit


def _kind(form: Form, items: _Items) -> None:
    """The form's kind: the one it was made with, else the sheet's (a choice of two)."""
    kind_text, kind_place = items.text(L.KIND)
    kind = _KIND_KEYS.get(kind_text or "")
    if form.kind is None:
        if kind is None:
            form.add(
                kind_place,
                "form-choice",
                f"类别应为“{KINDS['teaching']}”或“{KINDS['office']}”，这里是“{kind_text or ''}”",
            )
        form.kind = kind
    elif kind is not None and kind != form.kind:
        form.add(kind_place, "form-locked", f"类别不能修改（这份表格是{KINDS[form.kind]}的任务书）")


def _term(form: Form, items: _Items) -> dict[str, int] | None:
    """The term's first and last year, when both are years (an error when they are reversed)."""
    start, end = items.year(L.START), items.year(L.END)
    if start is None or end is None:
        return None
    if start > end:
        form.add(
            form.places.get(("basics", L.END)),
            "form-term",
            f"任期结束年份 {end} 早于开始年份 {start}",
        )
    return {"start": start, "end": end}
