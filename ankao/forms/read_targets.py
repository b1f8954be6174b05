"""A section's sheet of a task-book form: its targets in row order, each value at its cell."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from ankao.findings import Severity
from ankao.forms import layout as L
from ankao.forms.cells import Form, Place, Sheet
from ankao.model.sections import DIRECTIONS, aspects

_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
_DIRECTION_KEYS = {label: key for key, label in DIRECTIONS.items()} | {k: k for k in DIRECTIONS}
LISTED = ("party_building", "teaching", "research", "cooperation")
"""Sections whose 方面 is one of the seed's list (or 其他), SPEC §2."""


def read_targets(
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
    """The target of one row (None for an empty row, or one without a usable id)."""
    ws = sheet.ws
    if all(ws.cell(row=row, column=c).value in (None, "") for c in sheet.columns.values()):
        return None
    written, id_place = sheet.text(row, L.ID)
    content, content_place = sheet.text(row, L.CONTENT)
    found = _ident(form, written, id_place or sheet.place(row, 1), seen)
    if found is None:
        return None
    ident, here = found
    places = form.places
    if not content:
        form.add(content_place or here, "form-required", f"目标 {ident} 这一行没有填写目标内容")
    target: dict[str, Any] = {"id": ident, "section": key, "content": content}
    if content_place is not None:
        places[("target", ident, "content")] = content_place
    aspect = _aspect(form, sheet, row, ident, here, (kind, key), listed)
    if aspect is not None:
        target["aspect"] = aspect
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


def _ident(
    form: Form, written: str | None, here: Place, seen: dict[str, Place]
) -> tuple[str, Place] | None:
    """A row's id as written in the cell `here`, when it is there, well-formed and not used before."""
    ident = unicodedata.normalize("NFKC", written).strip() if written else None
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
    form.places[("target", ident, "id")] = here
    form.places[("target", ident, "row")] = here
    return ident, here


def _aspect(
    form: Form,
    sheet: Sheet,
    row: int,
    ident: str,
    here: Place,
    section: tuple[str, str],
    listed: tuple[str, ...],
) -> str | list[str] | None:
    """A target's 方面 (several: a list), each one of the section's list where it has one;
    `section` is (the book's kind, the section's key)."""
    kind, key = section
    aspect_text, aspect_place = sheet.text(row, L.ASPECT)
    if aspect_place is not None:
        form.places[("target", ident, "aspect")] = aspect_place
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
        return parts[0] if len(parts) == 1 else parts
    if key in LISTED or (kind, key) == ("teaching", "faculty"):
        form.add(aspect_place or here, "form-required", f"目标 {ident} 没有填写方面")
    return None


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
