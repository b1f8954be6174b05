"""The changes of one target and its metric between two versions of a book, each classed 加强/减弱/中性."""

from __future__ import annotations

from collections.abc import Iterable

from ankao.diff.change import (
    ADDED,
    CHANGED,
    NEUTRAL,
    REMOVED,
    RENUMBERED,
    STRENGTHENED,
    WEAKENED,
    Change,
    clean_text,
    field_title,
    text_change,
)
from ankao.model.book import Metric, Number, Target
from ankao.model.sections import section_title


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


def added_target(t: Target) -> Change:
    if t.quantitative:
        return Change(
            t.id, t.section, "target", None, describe_target(t), STRENGTHENED, ADDED, "新增定量目标"
        )
    return Change(
        t.id, t.section, "target", None, describe_target(t), NEUTRAL, ADDED, "新增定性目标"
    )


def renumbered_target(old: Target, new: Target) -> Change:
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


def removed_target(t: Target) -> Change:
    kind = "定量" if t.quantitative else "定性"
    return Change(
        t.id, t.section, "target", describe_target(t), None, WEAKENED, REMOVED, f"删去{kind}目标"
    )


def target_changes(old: Target, new: Target, kind: str) -> Iterable[Change]:
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
    if clean_text(old.content) != clean_text(new.content):
        yield text_change(ident, section, "content", old.content, new.content)
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
    if not flipped and clean_text(old.criteria) != clean_text(new.criteria):
        yield text_change(ident, section, "criteria", old.criteria, new.criteria)
    if clean_text(old.owner) != clean_text(new.owner):
        yield text_change(ident, section, "owner", old.owner, new.owner)


def _measure(t: Target) -> str | None:
    """How a target is measured: its metric, its criteria, or both (one per line)."""
    lines = []
    if t.metric is not None:
        lines.append(f"量化指标：{describe_metric(t.metric)}")
    if clean_text(t.criteria):
        lines.append(f"验收标准：{clean_text(t.criteria)}")
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
        if clean_text(a) != clean_text(b):
            yield text_change(ident, section, f"metric.{key}", a, b)
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
    comparable = (
        clean_text(old.unit) == clean_text(new.unit) and old.direction.sense == new.direction.sense
    )
    sense = new.direction.sense if comparable else 0  # which way is a stronger commitment
    why = (
        ""
        if comparable
        else (
            "（计量单位已改变，不能直接比较）"
            if clean_text(old.unit) != clean_text(new.unit)
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
