"""Merging a form with the book as it is now (pure): parts, and the three-way merge by part.

A book is cut into parts: the term, the profile, the overall goal, the members,
and each target by id (its section and every field a form governs). A form made
from an older book (its base, found by the fingerprint it carries) is merged
part by part: what only the form changed is taken from the form, what only the
office changed since is kept, what both changed to different values is a
conflict, named by its part (`--force` takes the form's). A form made from the
book as it is now merges trivially: the form is taken.

Values compare by meaning, not by spelling: 150.50 and 150.5 are one number,
an aspect written alone equals a list of that one aspect, a text's surrounding
whitespace and `direction: increase` left out change nothing. Fields a form
does not hold (`previous`, `actuals`, any key of the office's own) are no part:
they are never touched.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ankao.model.sections import target_sections

TARGET_FIELDS = ("aspect", "content", "metric", "criteria", "owner")
"""The fields of a target a form holds."""
METRIC_FIELDS = ("name", "unit", "baseline", "target", "direction", "milestones")
MEMBER_FIELDS = ("name", "post", "duties", "principal")
BOOK_PARTS = ("term", "profile", "overall", "members")


def target_part(ident: str) -> str:
    return f"target:{ident}"


def parts_of(data: Mapping[str, Any], kind: str) -> dict[str, Any]:
    """A book's (or a form's) parts: raw values, as written, by part name; absent parts left out."""
    out: dict[str, Any] = {}
    term = data.get("term")
    if isinstance(term, Mapping):
        out["term"] = {"start": term.get("start"), "end": term.get("end")}
    if kind == "teaching" and data.get("profile") is not None:
        out["profile"] = data.get("profile")
    goals = data.get("goals") if isinstance(data.get("goals"), Mapping) else {}
    assert isinstance(goals, Mapping)
    if goals.get("overall") is not None:
        out["overall"] = goals.get("overall")
    members = data.get("members")
    if isinstance(members, list):
        out["members"] = [
            {k: m[k] for k in MEMBER_FIELDS if m.get(k) is not None}
            for m in members
            if isinstance(m, Mapping)
        ]
    for key in target_sections(kind):
        for t in goals.get(key) or []:
            if not isinstance(t, Mapping) or not isinstance(t.get("id"), str):
                continue
            part: dict[str, Any] = {"section": key}
            for name in TARGET_FIELDS:
                value = t.get(name)
                if name == "metric" and isinstance(value, Mapping):
                    value = {k: value[k] for k in METRIC_FIELDS if value.get(k) is not None}
                if value is not None:
                    part[name] = value
            out.setdefault(target_part(t["id"]), part)
    return out


def norm(value: Any) -> Any:
    """A value reduced to its meaning, for comparing (see the module's docstring)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, Mapping):
        out = {str(k): norm(v) for k, v in value.items() if v is not None and v != ""}
        if out.get("direction") == "increase":
            del out["direction"]  # the default, written or not
        if "aspect" in out and not isinstance(out["aspect"], tuple):
            out["aspect"] = (out["aspect"],)
        if "milestones" in out and not out["milestones"]:
            del out["milestones"]
        return tuple(sorted(out.items()))
    if isinstance(value, (list, tuple)):
        return tuple(norm(v) for v in value)
    return value


def same(a: Any, b: Any) -> bool:
    """True when two part values mean the same."""
    return bool(norm(a) == norm(b))


@dataclass(slots=True)
class Merged:
    """The merged parts, and what the merge found."""

    parts: dict[str, Any]
    """The book's parts after the merge (a part missing: the book does not have it)."""
    changed: list[str] = field(default_factory=list)
    """Parts whose value differs from the book as it is now, in form order."""
    conflicts: list[str] = field(default_factory=list)
    """Parts both the form and the office changed, differently (taken from the form only with force)."""
    office: list[str] = field(default_factory=list)
    """Parts the office changed since the form was made, kept."""


def merge(
    base: Mapping[str, Any],
    current: Mapping[str, Any],
    form: Mapping[str, Any],
    *,
    force: bool = False,
) -> Merged:
    """Three-way merge of parts: `base` the book the form was made from, `current` the book now."""
    names = list(dict.fromkeys([*current, *form, *base]))
    result: dict[str, Any] = {}
    merged = Merged(result)
    for name in names:
        b, c, f = base.get(name), current.get(name), form.get(name)
        if same(f, b):
            value = c
            if not same(c, b):
                merged.office.append(name)
        elif same(c, b) or same(c, f):
            value = f
        else:
            merged.conflicts.append(name)
            value = f if force else c
        if value is not None:
            result[name] = value
        if not same(value, c):
            merged.changed.append(name)
    return merged
