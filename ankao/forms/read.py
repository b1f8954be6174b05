"""Reading a filled form back: the data it holds, the cell of every value, and every problem at its cell.

Values are read, never formulas (a formula cell is refused at its cell). A figure
typed as text, or in full-width digits (１２), is read as the number it spells,
with a warning; a per-cent cell (Excel keeps 91.5% as 0.915) is read in per
cent where the metric's unit is %. Sheets are found by name and columns by their
header text, in any of a sheet's first three rows: a unit may reorder, hide or
widen columns. The result is plain data in the shape of the book (SPEC §2), and
`places` says where each value came from, so that a problem found later (the
schema, a conflict) is still reported at its cell: `文学院-任务书.xlsx › 党建工作目标!G7`.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from ankao.findings import Finding, Severity
from ankao.forms import layout as L
from ankao.load.identity import Identity
from ankao.model.sections import DIRECTIONS, KINDS, SECTIONS, aspects

_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
_NUMBER = re.compile(r"^[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?$")
_DIRECTION_KEYS = {label: key for key, label in DIRECTIONS.items()} | {k: k for k in DIRECTIONS}
_PRINCIPAL_KEYS = {label: key for key, label in L.PRINCIPALS.items()} | {
    "党组织": "party",
    "行政": "admin",
    "党政": "both",
    **{k: k for k in L.PRINCIPALS},
}
_KIND_KEYS = {label: key for key, label in KINDS.items()} | {k: k for k in KINDS}
LISTED = ("party_building", "teaching", "research", "cooperation")
"""Sections whose 方面 is one of the seed's list (or 其他), SPEC §2."""


@dataclass(frozen=True, slots=True)
class Place:
    """A cell of a form: its sheet, row and column (1-based)."""

    sheet: str
    row: int
    column: int

    @property
    def ref(self) -> str:
        from openpyxl.utils import get_column_letter

        return f"{get_column_letter(self.column)}{self.row}"

    def __str__(self) -> str:
        return f"{self.sheet}!{self.ref}"


@dataclass(slots=True)
class Form:
    """What a form holds: its identity, its data in the book's shape, where each value was, findings."""

    file: str
    document: str
    identity: Identity | None
    unit: str
    kind: str | None = None
    year: int | None = None
    data: dict[str, Any] = field(default_factory=dict)
    """A task-book form: unit, kind, term, profile, members, goals (overall and each section's
    targets, in row order). An actuals form: `actuals` {id: number, {status, note} or None}."""
    places: dict[tuple[Any, ...], Place] = field(default_factory=dict)
    """Where each value came from: ("target", id, field), ("member", i, field), ("basics", item)."""
    findings: list[Finding] = field(default_factory=list)

    @property
    def fingerprint(self) -> str | None:
        """The fingerprint of the book the form was made from (None for a new unit's form)."""
        if self.identity is None or not self.identity.fingerprints:
            return None
        return self.identity.fingerprints[0]

    def at(
        self, place: Place | None, code: str, message: str, severity: Severity = Severity.ERROR
    ) -> Finding:
        """A finding at a cell (at the workbook itself when `place` is None)."""
        if place is None:
            return Finding(self.file, 1, 1, "", code, severity, message)
        return Finding(self.file, place.row, place.column, str(place), code, severity, message)

    def add(
        self, place: Place | None, code: str, message: str, severity: Severity = Severity.ERROR
    ) -> None:
        self.findings.append(self.at(place, code, message, severity))


# --- cells ----------------------------------------------------------------------------------


class Sheet:
    """One sheet: its header row, its columns by header text, and typed reading of its cells."""

    def __init__(self, form: Form, ws: Any, required: tuple[str, ...]) -> None:
        self.form, self.ws, self.title = form, ws, ws.title
        self.header_row = 0
        self.columns: dict[str, int] = {}
        for row in range(1, L.HEADER_ROWS + 1):
            texts = {
                _text(ws.cell(row=row, column=c).value): c for c in range(1, ws.max_column + 1)
            }
            if all(r in texts for r in required):
                self.header_row = row
                self.columns = {t: c for t, c in texts.items() if t}
                break

    @property
    def found(self) -> bool:
        return self.header_row > 0

    def rows(self) -> range:
        return range(self.header_row + 1, self.ws.max_row + 1)

    def place(self, row: int, column: int) -> Place:
        return Place(self.title, row, column)

    def raw(self, row: int, name: str) -> tuple[Any, Place | None]:
        """A cell's value under the header `name` (None where the column is missing); a formula is refused."""
        column = self.columns.get(name)
        if column is None:
            return None, None
        cell = self.ws.cell(row=row, column=column)
        place = self.place(row, column)
        if cell.data_type == "f":
            self.form.add(
                place,
                "form-formula",
                f"{name}是公式（{_short(str(cell.value))}），ankao 只读数值：请改为直接填写数值或文字",
            )
            return None, place
        return cell.value, place

    def text(self, row: int, name: str) -> tuple[str | None, Place | None]:
        value, place = self.raw(row, name)
        return _text(value) or None, place

    def number(
        self, row: int, name: str, *, percent: bool = False
    ) -> tuple[int | float | None, Place | None]:
        """A figure: a number, or text that spells one (a warning); per cent where `percent`."""
        value, place = self.raw(row, name)
        column = self.columns.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            return None, place
        if isinstance(value, (bool, dt.date, dt.datetime, dt.time)):
            self.form.add(place, "form-number", f"{name}应填写数字，这里是“{_short(str(value))}”")
            return None, place
        if isinstance(value, (int, float)):
            assert column is not None
            fmt = str(self.ws.cell(row=row, column=column).number_format or "")
            if percent and "%" in fmt:
                value = value * 100
            return _tidy(value), place
        text = unicodedata.normalize("NFKC", str(value)).strip().replace(",", "")
        had_percent = text.endswith("%")
        text = text.rstrip("%").strip()
        if not _NUMBER.match(text):
            self.form.add(
                place,
                "form-number",
                f"{name}应填写数字（不加单位或文字），这里是“{_short(str(value))}”",
            )
            return None, place
        number = float(text) if re.search(r"[.eE]", text) else int(text)
        if had_percent and not percent:
            number = number / 100
        self.form.add(
            place,
            "form-number-text",
            f"{name}“{_short(str(value))}”是文字（全角数字或文本格式的数字），已按数字 {_tidy(number)} 读入",
            Severity.WARNING,
        )
        return _tidy(number), place


def _text(value: Any) -> str:
    """A cell's text: strings trimmed with LF line ends; numbers as written (12, not 12.0)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    text = str(value).replace("\r\n", "\n").replace("\r", "\n").replace("_x000D_", "")
    return text.strip()


def _tidy(value: int | float) -> int | float:
    """Integral floats as ints, and Excel's binary noise (91.49999999) rounded away."""
    if isinstance(value, float):
        value = round(value, 9)
        if value.is_integer() and abs(value) < 1e15:
            return int(value)
    return value


def _short(text: str, limit: int = 30) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "…"


# --- the task-book form ---------------------------------------------------------------------


def read_taskbook(form: Form, wb: Any) -> None:
    """Fill `form.data` from a task-book form (kind from the form, else from 基本情况)."""
    basics = _basics(form, wb)
    kind = form.kind
    if kind is None:
        return
    members = _members(form, wb)
    goals: dict[str, Any] = {"overall": basics.get("overall")}
    seen: dict[str, Place] = {}
    for key, title in SECTIONS[kind]:
        if key == "overall":
            continue
        if title not in wb.sheetnames:
            form.add(
                None,
                "form-sheet",
                f"缺少工作表“{title}”：请用 ankao 生成的表格填写，不要删除或改名工作表",
            )
            continue
        goals[key] = _targets(form, Sheet(form, wb[title], (L.ID, L.CONTENT)), kind, key, seen)
    form.data = {
        "unit": basics.get("unit") or form.unit,
        "kind": kind,
        "term": basics.get("term"),
        "profile": basics.get("profile"),
        "members": members,
        "goals": goals,
    }


def _basics(form: Form, wb: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if L.BASICS not in wb.sheetnames:
        form.add(None, "form-sheet", f"缺少工作表“{L.BASICS}”")
        return out
    sheet = Sheet(form, wb[L.BASICS], (L.ITEM, L.VALUE))
    if not sheet.found:
        form.add(
            Place(L.BASICS, 1, 1), "form-sheet", f"工作表“{L.BASICS}”前三行中没有“项目”“内容”表头"
        )
        return out
    rows: dict[str, int] = {}
    label_col = sheet.columns[L.ITEM]
    for row in sheet.rows():
        label = _text(sheet.ws.cell(row=row, column=label_col).value)
        if label in L.BASIC_ITEMS:
            rows.setdefault(label, row)
    for item in L.BASIC_ITEMS:
        if item not in rows:
            form.add(Place(L.BASICS, 1, 1), "form-sheet", f"工作表“{L.BASICS}”中缺少“{item}”一行")

    def get(item: str) -> tuple[str | None, Place | None]:
        if item not in rows:
            return None, None
        value, place = sheet.text(rows[item], L.VALUE)
        if place is not None:
            form.places[("basics", item)] = place
        return value, place

    unit, unit_place = get(L.UNIT)
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
    kind_text, kind_place = get(L.KIND)
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
    years: list[int | None] = []
    for item in (L.START, L.END):
        if item not in rows:
            years.append(None)
            continue
        value, place = sheet.number(rows[item], L.VALUE)
        if place is not None:
            form.places[("basics", item)] = place
        if value is None or not isinstance(value, int) or not 1990 <= value <= 2100:
            if value is not None or not any(f.path == str(place) for f in form.findings):
                form.add(place, "form-required", f"{item}应填写四位数的年份，如 2025")
            years.append(None)
        else:
            years.append(value)
    start, end = years
    if start is not None and end is not None:
        if start > end:
            form.add(
                form.places.get(("basics", L.END)),
                "form-term",
                f"任期结束年份 {years[1]} 早于开始年份 {years[0]}",
            )
        out["term"] = {"start": years[0], "end": years[1]}
    profile, profile_place = get(L.PROFILE)
    if form.kind == "teaching":
        if not profile:
            form.add(profile_place, "form-required", "教学单位须填写本单位自然情况（100 字以内）")
        out["profile"] = profile
    overall, overall_place = get(L.OVERALL)
    if not overall:
        form.add(overall_place, "form-required", "任期总体目标没有填写")
    out["overall"] = overall
    out["unit"] = unit
    return out


def _members(form: Form, wb: Any) -> list[dict[str, Any]]:
    if L.MEMBERS not in wb.sheetnames:
        form.add(None, "form-sheet", f"缺少工作表“{L.MEMBERS}”")
        return []
    sheet = Sheet(form, wb[L.MEMBERS], (L.NAME, L.POST))
    if not sheet.found:
        form.add(
            Place(L.MEMBERS, 1, 1), "form-sheet", f"工作表“{L.MEMBERS}”前三行中没有“姓名”“职务”表头"
        )
        return []
    out: list[dict[str, Any]] = []
    for row in sheet.rows():
        values: dict[str, Any] = {}
        places: dict[str, Place | None] = {}
        for header, key in (
            (L.NAME, "name"),
            (L.POST, "post"),
            (L.DUTIES, "duties"),
            (L.PRINCIPAL, "principal"),
        ):
            values[key], places[key] = sheet.text(row, header)
        if not any(values.values()):
            continue
        index = len(out)
        for key, place in places.items():
            if place is not None:
                form.places[("member", index, key)] = place
        for key, header in (("name", L.NAME), ("post", L.POST), ("duties", L.DUTIES)):
            if not values[key]:
                form.add(
                    places[key] or sheet.place(row, 1),
                    "form-required",
                    f"班子成员的{header}没有填写",
                )
        principal = values["principal"]
        if principal:
            chosen = _PRINCIPAL_KEYS.get(principal)
            if chosen is None:
                form.add(
                    places["principal"],
                    "form-choice",
                    f"主要负责人应为{'、'.join(L.PRINCIPALS.values())}之一，或不填；这里是“{principal}”",
                )
            values["principal"] = chosen
        out.append({k: v for k, v in values.items() if v is not None})
    if not out:
        form.add(
            sheet.place(sheet.header_row + 1, 1),
            "form-required",
            "至少要填写一位班子成员（姓名、职务、分工）",
        )
    return out


_METRIC_CELLS = (L.METRIC_NAME, L.METRIC_UNIT, L.BASELINE, L.TARGET)


def _targets(
    form: Form, sheet: Sheet, kind: str, key: str, seen: dict[str, Place]
) -> list[dict[str, Any]]:
    """The targets of a section's sheet, in row order."""
    if not sheet.found:
        form.add(
            Place(sheet.title, 1, 1),
            "form-sheet",
            f"工作表“{sheet.title}”前三行中没有“编号”“目标内容”表头",
        )
        return []
    years = sorted(
        (int(m.group(1)), c) for h, c in sheet.columns.items() if (m := L.YEAR_HEADER.match(h))
    )
    listed = aspects(kind, key)
    out: list[dict[str, Any]] = []
    for row in sheet.rows():
        target = _target(form, sheet, row, years, kind, key, listed, seen)
        if target is not None:
            out.append(target)
    return out


def _target(
    form: Form,
    sheet: Sheet,
    row: int,
    years: list[tuple[int, int]],
    kind: str,
    key: str,
    listed: tuple[str, ...],
    seen: dict[str, Place],
) -> dict[str, Any] | None:
    ws = sheet.ws
    if all(ws.cell(row=row, column=c).value in (None, "") for c in sheet.columns.values()):
        return None
    ident, id_place = sheet.text(row, L.ID)
    ident = unicodedata.normalize("NFKC", ident).strip() if ident else None
    content, content_place = sheet.text(row, L.CONTENT)
    here = id_place or sheet.place(row, 1)
    if not ident:
        form.add(
            here,
            "form-id",
            "这一行填写了内容，却没有编号：请填写编号（字母、数字、- 或 _，如 JX-05）",
        )
        return None
    if not _ID.match(ident):
        form.add(
            here,
            "form-id",
            f"编号“{ident}”只能由字母、数字和 - _ . 组成，且以字母或数字开头（如 JX-05）",
        )
        return None
    if ident in seen:
        form.add(here, "form-duplicate-id", f"编号 {ident} 重复：{seen[ident]} 已用过这个编号")
        return None
    seen[ident] = here
    places = form.places
    places[("target", ident, "id")] = here
    places[("target", ident, "row")] = here
    if not content:
        form.add(content_place or here, "form-required", f"目标 {ident} 这一行没有填写目标内容")
    target: dict[str, Any] = {"id": ident, "section": key, "content": content}
    if content_place is not None:
        places[("target", ident, "content")] = content_place
    aspect_text, aspect_place = sheet.text(row, L.ASPECT)
    if aspect_place is not None:
        places[("target", ident, "aspect")] = aspect_place
    if aspect_text:
        parts = [p for p in L.LIST_SEPARATORS.split(aspect_text) if p]
        if key in LISTED:
            for p in parts:
                if p not in listed and p != "其他":
                    form.add(
                        aspect_place,
                        "form-choice",
                        f"方面“{p}”不在本部分的可选项中（{'、'.join((*listed, '其他'))}）",
                    )
        target["aspect"] = parts[0] if len(parts) == 1 else parts
    elif key in LISTED or (kind, key) == ("teaching", "faculty"):
        form.add(aspect_place or here, "form-required", f"目标 {ident} 没有填写方面")
    for header, name in ((L.CRITERIA, "criteria"), (L.OWNER, "owner")):
        value, place = sheet.text(row, header)
        if place is not None:
            places[("target", ident, name)] = place
        if value:
            target[name] = value
    metric = _metric(form, sheet, row, years, ident)
    if metric is not None:
        target["metric"] = metric
    return target


def _metric(
    form: Form, sheet: Sheet, row: int, years: list[tuple[int, int]], ident: str
) -> dict[str, Any] | None:
    places = form.places
    name, name_place = sheet.text(row, L.METRIC_NAME)
    unit, unit_place = sheet.text(row, L.METRIC_UNIT)
    percent = (unit or "").strip() in ("%", "％")
    baseline, base_place = sheet.number(row, L.BASELINE, percent=percent)
    target, target_place = sheet.number(row, L.TARGET, percent=percent)
    direction_text, direction_place = sheet.text(row, L.DIRECTION)
    for field_name, place in (
        ("metric.name", name_place),
        ("metric.unit", unit_place),
        ("metric.baseline", base_place),
        ("metric.target", target_place),
        ("metric.direction", direction_place),
    ):
        if place is not None:
            places[("target", ident, field_name)] = place
    milestones: dict[str, int | float] = {}
    for year, column in years:
        header = next(h for h, c in sheet.columns.items() if c == column)
        value, place = sheet.number(row, header, percent=percent)
        if place is not None:
            places[("target", ident, f"metric.milestones.{year}")] = place
        if value is not None:
            milestones[str(year)] = value
    if name is None and unit is None and baseline is None and target is None and not milestones:
        if direction_text:
            form.add(
                direction_place,
                "form-choice",
                f"目标 {ident} 没有量化指标，不必选择方向（定性目标填写验收标准）",
                Severity.WARNING,
            )
        return None
    metric: dict[str, Any] = {}
    for k, v in (("name", name), ("unit", unit), ("baseline", baseline), ("target", target)):
        if v is not None:
            metric[k] = v
    if direction_text:
        direction = _DIRECTION_KEYS.get(direction_text)
        if direction is None:
            form.add(
                direction_place,
                "form-choice",
                f"方向应为{'、'.join(DIRECTIONS.values())}之一（不选为提高），这里是“{direction_text}”",
            )
        else:
            metric["direction"] = direction
    if milestones:
        metric["milestones"] = milestones
    return metric
