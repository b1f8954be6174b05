"""Two versions of a task book -> the changes between them, each classed (pure; see `ankao.diff`)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from ankao.model.book import Member, Metric, Number, Target, TaskBook
from ankao.model.sections import section_title

STRENGTHENED = "strengthened"
WEAKENED = "weakened"
NEUTRAL = "neutral"
CLASS_LABELS = {STRENGTHENED: "加强", WEAKENED: "减弱", NEUTRAL: "中性"}
"""The Chinese word for each class of change."""

ADDED = "added"
REMOVED = "removed"
CHANGED = "changed"
RENUMBERED = "renumbered"
"""A target whose content moved to a new id (SPEC §4), with `previous_id`."""

FIELD_TITLES = {
    "target": "目标",
    "id": "编号",
    "section": "所属部分",
    "aspect": "方面",
    "content": "目标内容",
    "metric": "量化指标",
    "metric.name": "指标名称",
    "metric.unit": "计量单位",
    "metric.baseline": "基数",
    "metric.target": "目标值",
    "metric.direction": "方向",
    "criteria": "验收标准",
    "owner": "责任人",
    "term": "任期",
    "profile": "本单位自然情况",
    "overall": "本届班子任期总体目标",
    "members": "本届领导班子成员及分工",
}
"""Chinese titles of the fields a change names (`metric.milestones.<年>` aside)."""


def field_title(field: str) -> str:
    """The Chinese title of a change's field (`metric.milestones.2025` -> 2025年度进度)."""
    if field.startswith("metric.milestones."):
        return f"{field.rsplit('.', 1)[1]}年度进度"
    return FIELD_TITLES.get(field, field)


@dataclass(frozen=True, slots=True)
class Change:
    """One difference between two versions of a book, classed."""

    id: str | None
    """The target's id; None for a change of the book itself (members, term, …)."""
    section: str
    """The section key (the later one for a moved target), or members / term / profile / overall."""
    field: str
    """`target` for an added or removed target, else the field: `metric.target`, `content`, …"""
    before: str | None
    after: str | None
    cls: str
    """strengthened, weakened or neutral."""
    change: str
    """added, removed or changed."""
    note: str
    """说明: what changed and why it is classed so, in Chinese."""
    previous_id: str | None = None
    """For `renumbered`: the id the target had before."""

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape of a change (`class` is the contract's key; `previous_id` for renumbered)."""
        out = {
            "id": self.id,
            "section": self.section,
            "field": self.field,
            "before": self.before,
            "after": self.after,
            "class": self.cls,
            "change": self.change,
            "note": self.note,
        }
        if self.previous_id is not None:
            out["previous_id"] = self.previous_id
        return out


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
                changes.append(_renumbered(was, t))
                changes.extend(_target_changes(was, t, after.kind))
            elif t.id not in old or t.id in moved:
                changes.append(_added(t))
            elif new[t.id] is t:
                changes.extend(_target_changes(old[t.id], t, after.kind))
        for t in _targets_of(before, section):
            if t.id in moved or old[t.id] is not t:
                continue
            if t.id not in new or t.id in pairs:
                changes.append(_removed(t))
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


def _text(value: str | None) -> str | None:
    """Text as compared: surrounding whitespace (a block scalar's last newline) is formatting."""
    if value is None:
        return None
    stripped = value.strip()
    return stripped or None


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
    if _text(before.profile) != _text(after.profile):
        yield _text_change(None, "profile", "profile", before.profile, after.profile)
    yield from _member_changes(before.members, after.members)
    if _text(before.overall) != _text(after.overall):
        yield _text_change(None, "overall", "overall", before.overall, after.overall)


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
            if (was.post, _text(was.duties), was.principal) != (
                m.post,
                _text(m.duties),
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


def _text_change(
    ident: str | None, section: str, field: str, before: str | None, after: str | None
) -> Change:
    title = field_title(field)
    if _text(before) is None:
        note = f"补充了{title}"
    elif _text(after) is None:
        note = f"删去了{title}"
    else:
        note = f"{title}文字有改动"
    return Change(ident, section, field, _text(before), _text(after), NEUTRAL, CHANGED, note)


# --- targets -------------------------------------------------------------------------------


def describe_target(t: Target) -> str:
    """A whole target in a few lines: content, then its metric or its criteria."""
    lines = [t.content.strip()]
    if t.metric is not None:
        lines.append(f"量化指标：{describe_metric(t.metric)}")
    if t.criteria:
        lines.append(f"验收标准：{t.criteria.strip()}")
    return "\n".join(lines)


def describe_metric(m: Metric) -> str:
    """`省级一流本科课程数：基数 2门，目标值 5门（提高）；2025年 3，2026年 4`."""
    unit = m.unit or ""
    parts = [m.name or "（未写指标名称）"]
    figures = []
    if m.baseline is not None:
        figures.append(f"基数 {m.baseline}{unit}")
    figures.append(f"目标值 {m.target}{unit}" if m.target is not None else "（未写目标值）")
    text = f"{parts[0]}：{'，'.join(figures)}（{m.direction.label}）"
    if m.milestones:
        text += "；" + "，".join(f"{year}年 {n}" for year, n in m.milestones.items())
    return text


def _added(t: Target) -> Change:
    if t.quantitative:
        return Change(
            t.id, t.section, "target", None, describe_target(t), STRENGTHENED, ADDED, "新增定量目标"
        )
    return Change(
        t.id, t.section, "target", None, describe_target(t), NEUTRAL, ADDED, "新增定性目标"
    )


def _renumbered(old: Target, new: Target) -> Change:
    return Change(
        new.id,
        new.section,
        "id",
        old.id,
        new.id,
        NEUTRAL,
        RENUMBERED,
        f"编号由 {old.id} 改为 {new.id}，目标内容未变（针对 {old.id} 的审核意见现在对应 {new.id}）",
        previous_id=old.id,
    )


def _removed(t: Target) -> Change:
    kind = "定量" if t.quantitative else "定性"
    return Change(
        t.id, t.section, "target", describe_target(t), None, WEAKENED, REMOVED, f"删去{kind}目标"
    )


def _target_changes(old: Target, new: Target, kind: str) -> Iterable[Change]:
    ident, section = new.id, new.section
    if old.section != new.section:
        yield Change(
            ident,
            section,
            "section",
            section_title(kind, old.section),
            section_title(kind, new.section),
            NEUTRAL,
            CHANGED,
            f"由“{section_title(kind, old.section)}”移到“{section_title(kind, new.section)}”",
        )
    if set(old.aspects) != set(new.aspects):
        yield Change(
            ident,
            section,
            "aspect",
            "、".join(old.aspects) or None,
            "、".join(new.aspects) or None,
            NEUTRAL,
            CHANGED,
            "方面有改动",
        )
    if _text(old.content) != _text(new.content):
        yield _text_change(ident, section, "content", old.content, new.content)
    flipped = (old.metric is None) != (new.metric is None)
    if old.metric is not None and new.metric is None:
        yield Change(
            ident,
            section,
            "metric",
            _measure(old),
            _measure(new),
            WEAKENED,
            CHANGED,
            "定量目标改为定性目标（删去了量化指标）",
        )
    elif old.metric is None and new.metric is not None:
        yield Change(
            ident,
            section,
            "metric",
            _measure(old),
            _measure(new),
            STRENGTHENED,
            CHANGED,
            "定性目标改为定量目标（增加了量化指标）",
        )
    elif old.metric is not None and new.metric is not None:
        yield from _metric_changes(ident, section, old.metric, new.metric)
    if not flipped and _text(old.criteria) != _text(new.criteria):
        yield _text_change(ident, section, "criteria", old.criteria, new.criteria)
    if _text(old.owner) != _text(new.owner):
        yield _text_change(ident, section, "owner", old.owner, new.owner)


def _measure(t: Target) -> str | None:
    """How a target is measured: its metric, its criteria, or both (one per line)."""
    lines = []
    if t.metric is not None:
        lines.append(f"量化指标：{describe_metric(t.metric)}")
    if _text(t.criteria):
        lines.append(f"验收标准：{_text(t.criteria)}")
    return "\n".join(lines) or None


def _same(a: Number | None, b: Number | None) -> bool:
    if a is None or b is None:
        return a is b
    return a.value == b.value


def _shown(n: Number | None) -> str | None:
    return None if n is None else n.text


def _metric_changes(ident: str, section: str, old: Metric, new: Metric) -> Iterable[Change]:
    for key in ("name", "unit"):
        a, b = getattr(old, key), getattr(new, key)
        if _text(a) != _text(b):
            yield _text_change(ident, section, f"metric.{key}", a, b)
    if old.direction != new.direction:
        yield Change(
            ident,
            section,
            "metric.direction",
            old.direction,
            new.direction,
            NEUTRAL,
            CHANGED,
            f"方向由“{old.direction.label}”改为“{new.direction.label}”，目标值不能直接比较，请核对",
        )
    if not _same(old.baseline, new.baseline):
        unit = new.unit or ""
        yield Change(
            ident,
            section,
            "metric.baseline",
            _shown(old.baseline),
            _shown(new.baseline),
            NEUTRAL,
            CHANGED,
            f"基数由 {_with_unit(old.baseline, unit)} 改为 {_with_unit(new.baseline, unit)}"
            "（基数是起点数据，不计为加强或减弱）",
        )
    comparable = _text(old.unit) == _text(new.unit) and old.direction.sense == new.direction.sense
    sense = new.direction.sense if comparable else 0  # which way is a stronger commitment
    why = (
        ""
        if comparable
        else (
            "（计量单位已改变，不能直接比较）"
            if _text(old.unit) != _text(new.unit)
            else "（方向已改变，不能直接比较）"
        )
    )
    if not _same(old.target, new.target):
        yield _number_change(
            ident, section, "metric.target", old.target, new.target, sense, new.unit, why
        )
    for year in sorted(set(old.milestones) | set(new.milestones)):
        a, b = old.milestones.get(year), new.milestones.get(year)
        if not _same(a, b):
            yield _number_change(
                ident, section, f"metric.milestones.{year}", a, b, sense, new.unit, why
            )


def _with_unit(n: Number | None, unit: str) -> str:
    return "（空）" if n is None else f"{n}{unit}"


def _number_change(
    ident: str,
    section: str,
    field: str,
    old: Number | None,
    new: Number | None,
    sense: int,
    unit: str | None,
    why: str,
) -> Change:
    title = field_title(field)
    u = unit or ""
    if old is None:
        return Change(
            ident,
            section,
            field,
            None,
            _shown(new),
            STRENGTHENED,
            CHANGED,
            f"补充了{title} {_with_unit(new, u)}",
        )
    if new is None:
        return Change(ident, section, field, _shown(old), None, WEAKENED, CHANGED, f"删去了{title}")
    moved = "提高" if new.value > old.value else "降低"
    note = f"{title}由 {_with_unit(old, u)} {moved}到 {_with_unit(new, u)}"
    if sense == 0:
        cls = NEUTRAL
        note += why or "（保持类指标，不计为加强或减弱）"
    else:
        stronger = (new.value - old.value) * sense > 0
        cls = STRENGTHENED if stronger else WEAKENED
        if field.startswith("metric.milestones.") and not stronger:
            note += "（进度推迟）"
    return Change(ident, section, field, _shown(old), _shown(new), cls, CHANGED, note)


def share_text(value: float | None) -> str:
    """A quantitative share for reading: `62.5%`, or `—` when the book has no target."""
    from ankao.formatting import percent

    return percent(value)
