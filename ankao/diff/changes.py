"""Two versions of a task book -> the changes between them, each classed (pure; see `ankao.diff`)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from ankao.diff.change import (
    ADDED,
    CHANGED,
    CLASS_LABELS,
    NEUTRAL,
    REMOVED,
    RENUMBERED,
    Change,
    clean_text,
    text_change,
)
from ankao.diff.targets import added_target, removed_target, renumbered_target, target_changes
from ankao.model.book import Member, Target, TaskBook


@dataclass(frozen=True, slots=True)
class BookDiff:
    """The classed changes from one version of a book to another."""

    before: TaskBook
    after: TaskBook
    changes: tuple[Change, ...]

    @property
    def added(self) -> list[str]:
        """Ids of targets only in the later version."""
        return [c.id for c in self.changes if c.change == ADDED and c.id is not None]

    @property
    def removed(self) -> list[str]:
        """Ids of targets only in the earlier version."""
        return [c.id for c in self.changes if c.change == REMOVED and c.id is not None]

    @property
    def changed(self) -> list[str]:
        """Ids of targets in both versions with at least one changed field, in order."""
        seen: dict[str, None] = {}
        for c in self.changes:
            if c.change == CHANGED and c.id is not None:
                seen.setdefault(c.id, None)
        return list(seen)

    def touches(self, ref: str) -> bool:
        """True when the part a comment's `ref` names changed (SPEC §1 refs).

        A target id: any change of that target (a removal included); `goals.<key>`:
        any change in that section (the overall goal for `goals.overall`);
        `goals`: any target; `members`, `profile`: that part; `general`: anything.
        """
        if ref == "general":
            return bool(self.changes)
        if ref in ("members", "profile"):
            return any(c.id is None and c.section == ref for c in self.changes)
        if ref == "goals":
            return any(c.id is not None or c.section == "overall" for c in self.changes)
        if ref.startswith("goals."):
            key = ref.removeprefix("goals.")
            return any(key in self.sections_of(c) for c in self.changes)
        return any(c.id == ref for c in self.changes)

    def sections_of(self, change: Change) -> set[str]:
        """The sections a change lies in: both ends of a moved target."""
        if change.id is None:
            return {change.section}
        out = {change.section}
        for book in (self.before, self.after):
            target = book.target(change.id)
            if target is not None:
                out.add(target.section)
        return out

    def summary(self) -> dict[str, Any]:
        """The figures of the diff: counts of targets and changes, quantitative share before and after."""
        counts = {cls: sum(1 for c in self.changes if c.cls == cls) for cls in CLASS_LABELS}
        before_q, before_n = _quantitative(self.before)
        after_q, after_n = _quantitative(self.after)
        return {
            "targets_before": before_n,
            "targets_after": after_n,
            "added": len(self.added),
            "removed": len(self.removed),
            "changed": len(self.changed),
            "renumbered": sum(1 for c in self.changes if c.change == RENUMBERED),
            "changes": len(self.changes),
            **counts,
            "quantitative_before": before_q,
            "quantitative_after": after_q,
            "quantitative_share_before": before_q / before_n if before_n else None,
            "quantitative_share_after": after_q / after_n if after_n else None,
        }


def _quantitative(book: TaskBook) -> tuple[int, int]:
    targets = _by_id(book.targets)
    return sum(1 for t in targets.values() if t.quantitative), len(targets)


def _by_id(targets: Iterable[Target]) -> dict[str, Target]:
    """Targets by id; a duplicated id keeps its first target (check reports the twin)."""
    out: dict[str, Target] = {}
    for t in targets:
        out.setdefault(t.id, t)
    return out


def diff_books(before: TaskBook, after: TaskBook) -> BookDiff:
    """The classed changes from `before` to `after`: the book's own parts, then target by target."""
    from ankao.diff.renumber import renumbered

    changes: list[Change] = list(_book_changes(before, after))
    old = _by_id(before.targets)
    new = _by_id(after.targets)
    pairs = renumbered(before, after)  # new id -> previous id
    moved = set(pairs.values())
    for section in _section_keys(after.kind, before.kind):
        for t in _targets_of(after, section):
            if t.id in pairs:
                was = old[pairs[t.id]]
                changes.append(renumbered_target(was, t))
                changes.extend(target_changes(was, t, after.kind))
            elif t.id not in old or t.id in moved:
                changes.append(added_target(t))
            elif new[t.id] is t:
                changes.extend(target_changes(old[t.id], t, after.kind))
        for t in _targets_of(before, section):
            if t.id in moved or old[t.id] is not t:
                continue
            if t.id not in new or t.id in pairs:
                changes.append(removed_target(t))
    return BookDiff(before, after, tuple(changes))


def _targets_of(book: TaskBook, key: str) -> tuple[Target, ...]:
    section = book.section(key)
    return section.targets if section is not None else ()


def _section_keys(*kinds: str) -> list[str]:
    from ankao.model.sections import target_sections

    keys: list[str] = []
    for kind in kinds:
        for key in target_sections(kind):
            if key not in keys:
                keys.append(key)
    return keys


# --- the book's own parts ----------------------------------------------------------------


def _book_changes(before: TaskBook, after: TaskBook) -> Iterable[Change]:
    if (before.term.start, before.term.end) != (after.term.start, after.term.end):
        yield Change(
            None,
            "term",
            "term",
            term_text(before),
            term_text(after),
            NEUTRAL,
            CHANGED,
            f"任期由 {term_text(before)} 改为 {term_text(after)}",
        )
    if clean_text(before.profile) != clean_text(after.profile):
        yield text_change(None, "profile", "profile", before.profile, after.profile)
    yield from _member_changes(before.members, after.members)
    if clean_text(before.overall) != clean_text(after.overall):
        yield text_change(None, "overall", "overall", before.overall, after.overall)


def term_text(book: TaskBook) -> str:
    """`2024—2027`: a book's term as read."""
    return f"{book.term.start}—{book.term.end}"


def describe_member(m: Member) -> str:
    """`张某（党委书记）：主持党委全面工作` — a member as one line."""
    return f"{m.name}（{m.post}）：{m.duties}" if m.duties else f"{m.name}（{m.post}）"


def _member_changes(before: Sequence[Member], after: Sequence[Member]) -> Iterable[Change]:
    old = {m.name: m for m in reversed(before)}
    new = {m.name: m for m in reversed(after)}
    for m in after:
        if m.name not in old:
            yield Change(
                None,
                "members",
                "members",
                None,
                describe_member(m),
                NEUTRAL,
                ADDED,
                f"新增班子成员 {m.name}",
            )
        elif new[m.name] is m:
            was = old[m.name]
            if (was.post, clean_text(was.duties), was.principal) != (
                m.post,
                clean_text(m.duties),
                m.principal,
            ):
                yield Change(
                    None,
                    "members",
                    "members",
                    describe_member(was),
                    describe_member(m),
                    NEUTRAL,
                    CHANGED,
                    f"{m.name} 的职务或分工有改动",
                )
    for m in before:
        if m.name not in new and old[m.name] is m:
            yield Change(
                None,
                "members",
                "members",
                describe_member(m),
                None,
                NEUTRAL,
                REMOVED,
                f"删去班子成员 {m.name}",
            )


# --- targets -------------------------------------------------------------------------------
