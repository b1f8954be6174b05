"""Rules on progress: targets lagging behind their yearly milestones (routine assessment, SPEC §8)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from ankao.findings.codes import code
from ankao.model.sections import DIRECTIONS
from ankao.rules.base import Context, Hit, quote, rule

_SIDE = {
    "increase": "低于",
    "at_least": "低于",
    "decrease": "高于",
    "at_most": "高于",
    "maintain": "偏离",
}


@rule(code("behind-milestone"))
def behind_milestone(ctx: Context, options: Mapping[str, Any]) -> Iterator[Hit]:
    """A target whose latest actual lags behind what its year asks (status `behind`).

    As of the book's latest year with an actual: a quantitative target worse than
    the milestone of that year in its direction (without one, than the straight
    line from the baseline at the term's start to the target at its end); a
    qualitative target reported 未完成. Seed 五(二)1: 平时考核……及时肯定鼓励、提醒纠偏 —
    the reminder reaches the office in its usual `ankao check`.
    """
    from ankao.model.progress import behind_targets, figure

    for result in behind_targets(ctx.book):
        target, actual = result.target, result.actual
        assert actual is not None
        metric = target.metric
        name = f"目标 {target.id}{quote(target.content)}"
        if metric is None or actual.value is None or result.expected is None:
            yield Hit(
                list(target.path),
                f"{name}{actual.year} 年报告为“{actual.status}”，进度滞后："
                "请督促责任人提出整改措施，在下一年度完成",
            )
            continue
        unit = metric.unit or ""
        asked = (
            f"{result.year} 年的年度进度 {figure(result.expected)}{unit}"
            if result.milestone
            else f"按任期均匀推进应达到的 {figure(result.expected)}{unit}"
        )
        gap = " " if result.milestone else ""  # 低于 2025 年…, 低于按任期…
        yield Hit(
            list(target.path),
            f"{name}{actual.year} 年完成 {actual.value}{unit}，{_SIDE[metric.direction]}{gap}{asked}"
            f"（方向为“{DIRECTIONS.get(metric.direction, metric.direction)}”），进度滞后："
            "请督促责任人提出整改措施",
        )
