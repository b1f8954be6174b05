"""Renumbered targets: the same content under a new id is one change, not a removal and an addition.

Units insert a target (a new JX-04) and shift the rest, or delete one and close
the gap. A target of the later version whose content (whitespace aside) is
that of exactly one target of the earlier version under another id — an id
whose own content did not stay — was renumbered from it. `diff_books` then
reports one change `renumbered` with `previous_id`, and compares the pair's
other fields as usual.
"""

from __future__ import annotations

from collections import defaultdict

from ankao.model.book import Target, TaskBook


def _key(t: Target) -> str:
    return "".join(t.content.split())


def renumbered(before: TaskBook, after: TaskBook) -> dict[str, str]:
    """New id -> previous id of every renumbered target."""
    old = {t.id: t for t in before.targets}
    new = {t.id: t for t in after.targets}
    old_by_text: dict[str, list[Target]] = defaultdict(list)
    new_by_text: dict[str, list[Target]] = defaultdict(list)
    for t in before.targets:
        old_by_text[_key(t)].append(t)
    for t in after.targets:
        new_by_text[_key(t)].append(t)
    out: dict[str, str] = {}
    for t in after.targets:
        key = _key(t)
        if not key or len(old_by_text[key]) != 1 or len(new_by_text[key]) != 1:
            continue  # no match, or several: not told apart by content
        [source] = old_by_text[key]
        if source.id == t.id:
            continue  # kept its id
        stayed = new.get(source.id)
        if stayed is not None and _key(stayed) == key:
            continue  # (cannot happen with unique texts; kept for clarity)
        if source.id in old and t.id not in out.values():
            out[t.id] = source.id
    return out
