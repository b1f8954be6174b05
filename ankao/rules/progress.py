"""Rules on progress: targets lagging behind their yearly milestones (routine assessment, SPEC §8)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from ankao.findings.codes import code
from ankao.rules.base import Context, Hit, quote, rule


@rule(code("behind-milestone"))
def behind_milestone(ctx: Context, options: Mapping[str, Any]) -> Iterator[Hit]:
    """A target whose latest actual lags behind what its year asks (status `behind`).

    As of the book's latest year with an actual, decided by the function `ankao
    assess` uses (`assessment.is_behind`): an increase/decrease target short of
    the milestone of that year in its direction (without one, of the straight
    line through the baseline before the term, the milestones and the target at
    its end); a maintain/at_least/at_most target whose year does not keep the
    promise; a qualitative target reported 未完成. Seed 五(二)1: 平时考核……及时肯定鼓励、提醒纠偏 —
    the reminder reaches the office in its usual `ankao check`.
    """
    from ankao.formatting import figure
    from ankao.model.progress import behind_targets

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
        direction = metric.direction
        if direction.every_year:
            yield Hit(
                list(target.path),
                f"{name}{actual.year} 年完成 {actual.value}{unit}，未达到每年“{direction.label}"
                f" {metric.target}{unit}”的承诺，进度滞后：请督促责任人提出整改措施",
            )
            continue
        asked = (
            f"{result.year} 年的年度进度 {figure(result.expected)}{unit}"
            if result.milestone
            else f"按任期进度应达到的 {figure(result.expected)}{unit}"
        )
        gap = " " if result.milestone else ""  # 低于 2025 年…, 低于按任期…
        yield Hit(
            list(target.path),
            f"{name}{actual.year} 年完成 {actual.value}{unit}，{direction.side_word()}{gap}{asked}"
            f"（方向为“{direction.label}”），进度滞后："
            "请督促责任人提出整改措施",
        )
