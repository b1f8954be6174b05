"""Reading a filled task-book form back into the data of a book (SPEC §2).

Sheets are found by name: 基本情况 (`ankao.forms.read_basics`), 班子成员, and one
sheet of targets per section (`ankao.forms.read_targets`). The result is plain
data in the shape of the book, each value's cell in `form.places`.
"""

from __future__ import annotations

from typing import Any

from ankao.forms import layout as L
from ankao.forms.cells import Form, Place, Sheet
from ankao.forms.read_basics import read_basics
from ankao.forms.read_targets import read_targets
from ankao.model.sections import SECTIONS

_PRINCIPAL_KEYS = {label: key for key, label in L.PRINCIPALS.items()} | {
    "党组织": "party",
    "行政": "admin",
    "党政": "both",
    **{k: k for k in L.PRINCIPALS},
}


def read_taskbook(form: Form, wb: Any) -> None:
    """Fill `form.data` from a task-book form (kind from the form, else from 基本情况)."""
    basics = read_basics(form, wb)
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
        goals[key] = read_targets(form, Sheet(form, wb[title], (L.ID, L.CONTENT)), kind, key, seen)
    form.data = {
        "unit": basics.get("unit") or form.unit,
        "kind": kind,
        "term": basics.get("term"),
        "profile": basics.get("profile"),
        "members": members,
        "goals": goals,
    }


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
