"""Writing merged parts into a book's round-trip YAML tree: only what changed is touched.

The counterpart of `ankao.forms.merge`: each changed part is set on the tree that
`ankao.forms.yamledit` loaded, field by field (a field whose value means the same
is left as it is written); a new target goes after the target the form lists
before it; a target the form dropped is removed; an --actuals form's figures go
into each target's `actuals`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ankao.forms import yamledit as Y
from ankao.forms.merge import MEMBER_FIELDS, METRIC_FIELDS, TARGET_FIELDS, same

_DEFAULT_DIRECTION = "increase"


def _mapping(node: Any) -> bool:
    """A mapping of the round-trip tree (a bool, not a type guard: the tree's nodes stay `Any`)."""
    return isinstance(node, dict)


def apply_parts(
    doc: Any,
    kind: str,
    parts: Mapping[str, Any],
    changed: Sequence[str],
    order: Sequence[str],
) -> None:
    """Set each part of `changed` on `doc` to its value in `parts` (absent: removed).

    `order` lists the target ids in the form's order: a new target is placed after
    the nearest one before it that its section already holds.
    """
    goals = doc.get("goals")
    if goals is None:
        goals = Y.block_map({})
        Y.put(doc, "goals", goals, Y.TOP_ORDER)
    for name in changed:
        value: Any = parts.get(name)
        if name == "term":
            term = doc["term"]
            for key in ("start", "end"):
                if not same(term.get(key), value[key]):
                    term[key] = value[key]
        elif name == "profile":
            _set(doc, "profile", value, Y.TOP_ORDER)
        elif name == "overall":
            _set(goals, "overall", value, ("overall",))
        elif name == "members":
            _members(doc, value or [])
    for name in changed:
        if name.startswith("target:"):
            _target(goals, name.removeprefix("target:"), parts.get(name), order)


def _set(mapping: Any, key: str, value: Any, order: Sequence[str]) -> None:
    if value is None or value == "":
        Y.drop(mapping, key)
    elif not same(mapping.get(key), value):
        Y.put(mapping, key, Y.scalar(value), order)


def _members(doc: Any, members: list[dict[str, Any]]) -> None:
    current = doc.get("members")
    if current is None:
        current = Y.block_seq([])
        Y.put(doc, "members", current, Y.TOP_ORDER)
    for i, m in enumerate(members):
        if i < len(current) and isinstance(current[i], dict):
            for key in MEMBER_FIELDS:
                _set(current[i], key, m.get(key), MEMBER_FIELDS)
        else:
            current.append(Y.block_map({k: Y.scalar(m[k]) for k in MEMBER_FIELDS if m.get(k)}))
    while len(current) > len(members):
        del current[len(members)]


def _find(goals: Any, ident: str) -> tuple[str, int] | None:
    for key, items in goals.items():
        if isinstance(items, list):
            for i, t in enumerate(items):
                if isinstance(t, dict) and t.get("id") == ident:
                    return str(key), i
    return None


def _target(
    goals: Any,
    ident: str,
    value: Mapping[str, Any] | None,
    order: Sequence[str],
) -> None:
    """Remove, place, move or update one target, field by field."""
    found = _find(goals, ident)
    if value is None:
        if found is not None:
            del goals[found[0]][found[1]]
        return
    section = value["section"]
    placed = found is None or found[0] != section
    if found is not None and found[0] != section:
        node = goals[found[0]][found[1]]
        del goals[found[0]][found[1]]
        _insert(goals, section, ident, node, order)
    elif found is None:
        node = Y.block_map({"id": ident})
        _insert(goals, section, ident, node, order)
    else:
        node = goals[section][found[1]]
    for name in TARGET_FIELDS:
        new = value.get(name)
        if name == "metric":
            _metric(node, new)
        elif name == "aspect" and isinstance(new, list):
            if not same(node.get("aspect"), new):
                Y.put(node, "aspect", Y.flow_seq(list(new)), Y.TARGET_ORDER)
        else:
            _set(node, name, new, Y.TARGET_ORDER)
    items = goals[section]
    if placed and len(items) > 1 and items[-1] is node:
        _move_trailing(items[-2], node)


def _insert(goals: Any, section: str, ident: str, node: Any, order: Sequence[str]) -> None:
    """Put a target into its section after the nearest target the form lists before it."""
    if section not in goals or not isinstance(goals.get(section), list) or not goals[section]:
        Y.put(goals, section, Y.block_seq(goals.get(section)), ["overall", *target_sections_all()])
    items = goals[section]
    position = len(items) if not order else 0
    if ident in order:
        for before in reversed(order[: order.index(ident)]):
            hit = next(
                (
                    i
                    for i, t in enumerate(items)
                    if isinstance(t, Mapping) and t.get("id") == before
                ),
                None,
            )
            if hit is not None:
                position = hit + 1
                break
    items.insert(position, node)


def _trailing(node: Any) -> tuple[Any, Any] | None:
    """The mapping and key whose comment holds the blank lines after `node` (ruamel keeps them
    on the deepest last key), or None."""
    while _mapping(node) and node:
        last = list(node.keys())[-1]
        entry = getattr(node, "ca", None) and node.ca.items.get(last)
        if entry and len(entry) > 2 and entry[2] is not None:
            return node, last
        node = node[last]
    return None


def _move_trailing(previous: Any, node: Any) -> None:
    """The blank line that ended a section goes after the target appended to it, not before."""
    found = _trailing(previous)
    if found is None or not isinstance(node, dict):
        return
    holder, key = found
    token = holder.ca.items[key][2]
    if str(getattr(token, "value", "")).strip():
        return  # a real comment stays where it was written
    holder.ca.items[key][2] = None
    while True:
        last = list(node.keys())[-1]
        inner = node[last]
        if not (_mapping(inner) and inner and not inner.fa.flow_style()):
            break
        node = inner
    node.ca.items.setdefault(last, [None, None, None, None])[2] = token


def target_sections_all() -> list[str]:
    """Every section key of both kinds, in the seed's order (where to put a section not written)."""
    from ankao.model.sections import SECTIONS

    out: list[str] = []
    for sections in SECTIONS.values():
        for key, _ in sections:
            if key != "overall" and key not in out:
                out.append(key)
    return out


def _metric(node: Any, new: Mapping[str, Any] | None) -> None:
    if not new:
        Y.drop(node, "metric")
        return
    metric = node.get("metric")
    if not isinstance(metric, dict):
        metric = Y.block_map({})
        Y.put(node, "metric", metric, Y.TARGET_ORDER)
    for key in METRIC_FIELDS:
        value = new.get(key)
        if key == "direction":
            current = metric.get("direction") or _DEFAULT_DIRECTION
            if (value or _DEFAULT_DIRECTION) != current:
                Y.put(metric, "direction", value or _DEFAULT_DIRECTION, Y.METRIC_ORDER)
        elif key == "milestones":
            _milestones(metric, value or {})
        else:
            _set(metric, key, value, Y.METRIC_ORDER)


def _milestones(metric: Any, new: Mapping[str, Any]) -> None:
    current: Any = metric.get("milestones")
    if not new:
        Y.drop(metric, "milestones")
        return
    if not _mapping(current):
        Y.put(
            metric,
            "milestones",
            Y.flow_map({int(y): v for y, v in sorted(new.items())}),
            Y.METRIC_ORDER,
        )
        return
    wanted = {str(y) for y in new}
    for key in list(current.keys()):
        if str(key) not in wanted:
            del current[key]
    for year, value in sorted(new.items()):
        key = Y.year_key(current, year)
        if key not in current or not same(current[key], value):
            if key in current:
                current[key] = value
            else:
                later = [
                    i
                    for i, k in enumerate(current.keys())
                    if str(k).isdigit() and int(k) > int(year)
                ]
                current.insert(later[0] if later else len(current), key, value)


def apply_actuals(doc: Any, year: int, actuals: Mapping[str, Any]) -> list[str]:
    """Set each target's actual of `year` (None: removed); the ids whose actual changed."""
    changed: list[str] = []
    goals = doc.get("goals") or {}
    for ident, value in actuals.items():
        found = _find(goals, ident)
        if found is None:
            continue
        node = goals[found[0]][found[1]]
        current: Any = node.get("actuals")
        key = Y.year_key(current, year) if _mapping(current) else int(year)
        old = current.get(key) if _mapping(current) else None
        if same(old, value):
            continue
        changed.append(ident)
        if value is None:
            if _mapping(current):
                del current[key]
                if not current:
                    Y.drop(node, "actuals")
            continue
        new = Y.flow_map(dict(value)) if isinstance(value, Mapping) else value
        if not _mapping(current):
            holder = Y.flow_map({}) if not isinstance(value, Mapping) else Y.block_map({})
            holder[int(year)] = new
            Y.put(node, "actuals", holder, Y.TARGET_ORDER)
        elif key in current:
            current[key] = new
        else:
            later = [
                i for i, k in enumerate(current.keys()) if str(k).isdigit() and int(k) > int(year)
            ]
            current.insert(later[0] if later else len(current), key, new)
    return changed
