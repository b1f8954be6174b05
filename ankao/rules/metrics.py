"""Rules on quantitative targets: the share of them (定量为主) and their metrics."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from ankao.findings.codes import code
from ankao.model.book import Number
from ankao.rules.base import Context, Hit, number, percent, quote, rule

METRIC_FIELDS = (
    ("name", "指标名称"),
    ("unit", "计量单位"),
    ("baseline", "基数"),
    ("target", "目标值"),
)


@rule(code("quantitative-share"), min_share=0.5)
def quantitative_share(ctx: Context, options: Mapping[str, Any]) -> Iterator[Hit]:
    """Quantitative targets are more than `min_share` of the book's targets.

    Seed 四(三)1: 坚持定量与定性相结合、定量为主的原则.
    """
    total = len(ctx.targets)
    if not total:
        return  # section-empty speaks for a book without targets
    quantitative = sum(1 for t in ctx.targets if t.quantitative)
    minimum = float(options["min_share"])
    if quantitative / total > minimum:
        return
    examples = [quote(t.content, 12) for t in ctx.targets if not t.quantitative][:2]
    # the fewest rewrites that pass the same comparison (no float rounding surprises)
    need = next(k for k in range(1, total + 1) if (quantitative + k) / total > minimum)
    yield Hit(
        ["goals"],
        f"定量目标占比 {percent(quantitative / total)}（{quantitative}/{total} 项），"
        f"未达到“定量为主”（需超过 {percent(minimum)}，至少还差 {need} 项）："
        f"可将{''.join(examples)}等定性目标改写为可计量指标（metric）",
    )


@rule(code("metric-incomplete"))
def metric_incomplete(ctx: Context, options: Mapping[str, Any]) -> Iterator[Hit]:
    """A metric names what is measured, its unit, its baseline and its target.

    Seed 四(三)1 (定量为主) and 五(二)4: the term-end assessment measures each
    target against its baseline and target value; a draft may leave them out.
    """
    for target in ctx.targets:
        metric = target.metric
        if metric is None:
            continue
        missing = [title for key, title in METRIC_FIELDS if getattr(metric, key) is None]
        if missing:
            fields = "、".join(missing)
            yield Hit(
                [*target.path, "metric"],
                f"目标{quote(target.content)}的量化指标缺少{fields}：请补齐，"
                "届满考核要按基数和目标值计算完成程度",
            )


_DIRECTION_NEED = {
    "increase": ("大于", "若本意是降低或保持，请把方向（direction）改为 decrease 或 maintain"),
    "decrease": ("小于", "若本意是提高或保持，请把方向（direction）改为 increase 或 maintain"),
    "maintain": (
        "等于",
        "若本意是提高或降低，请把方向（direction）改为 increase 或 decrease；"
        "只要求不低于或不高于某值时用 at_least 或 at_most",
    ),
}


@rule(code("metric-direction"))
def metric_direction(ctx: Context, options: Mapping[str, Any]) -> Iterator[Hit]:
    """The target lies on the side of the baseline its direction says.

    increase: target > baseline; decrease: target < baseline; maintain:
    target = baseline; at_least and at_most accept any baseline (SPEC §2/§3,
    seed 四(三)1: a quantitative target must say what it commits to).
    """
    for target in ctx.targets:
        metric = target.metric
        if metric is None or metric.baseline is None or metric.target is None:
            continue
        direction = metric.direction
        baseline, value = metric.baseline, metric.target
        if direction.target_fits(baseline.value, value.value):
            continue
        need, advice = _DIRECTION_NEED[direction]
        yield Hit(
            [*target.path, "metric", "target"],
            f"方向为“{direction.label}”（{direction}），目标值 {number(value)} 应{need}"
            f"基数 {number(baseline)}：请改正目标值或基数；{advice}",
        )


@rule(code("milestones"))
def milestones(ctx: Context, options: Mapping[str, Any]) -> Iterator[Hit]:
    """Yearly milestones lie in the term, never go back, and end at the target.

    A year outside the term; a value moving away from the target compared with
    the one before it (the baseline first; staying level is fine); the term's
    last year, where given, differing from the target (seed 五(二)4: 任期考核以
    任期目标任务书为依据, 结合年度考核结果 — the yearly steps must add up).
    """
    years = ctx.book.term.years
    if not years:
        return
    first, last = years[0], years[-1]
    for target in ctx.targets:
        metric = target.metric
        if metric is None or not metric.milestones:
            continue
        steps = metric.milestones
        direction = metric.direction
        goal = metric.target.value if metric.target is not None else None
        inside = [year for year in steps if first <= year <= last]
        if len(inside) < len(steps):
            for year in steps:
                if not first <= year <= last:
                    yield Hit(
                        [*target.path, "metric", "milestones", str(year)],
                        f"年度进度的年份 {year} 不在任期（{first}—{last} 年）内："
                        "请改正年份或删除这一项",
                        key=True,
                    )
        # the step before: its year (None for the baseline) and its value
        before_year: int | None = None
        before = metric.baseline
        for year in inside:
            value = steps[year]
            if before is not None and direction.goes_back(before.value, value.value, goal):
                was = (
                    f"基数 {number(before)}"
                    if before_year is None
                    else f" {before_year} 年的 {number(before)}"
                )
                yield Hit(
                    [*target.path, "metric", "milestones", str(year)],
                    f"{year} 年的年度进度 {number(value)} 比{was} 倒退了"
                    f"（方向为“{direction.label}”，目标值 {_maybe(metric.target)}）："
                    "各年度进度应逐年接近目标值，持平可以",
                )
            before_year, before = year, value
        if last in steps and goal is not None and steps[last].value != goal:
            yield Hit(
                [*target.path, "metric", "milestones", str(last)],
                f"任期最后一年（{last} 年）的年度进度 {number(steps[last])} 与目标值 "
                f"{number(metric.target)} 不一致：请让两者相等，或不写最后一年的进度",
            )


def _maybe(value: Number | None) -> str:
    return "未填" if value is None else number(value)


@rule(code("actuals-year"))
def actuals_year(ctx: Context, options: Mapping[str, Any]) -> Iterator[Hit]:
    """Yearly actuals (年度完成情况) are recorded for years of the term only.

    Seed 五(二)1 and 五(二)4: routine and term-end assessment judge the years of
    the term; an actual for another year (2030 in a 2026—2029 book) would move
    the year a book is assessed as of.
    """
    years = ctx.book.term.years
    if not years:
        return
    first, last = years[0], years[-1]
    for target in ctx.targets:
        for year in target.actuals:
            if not first <= year <= last:
                yield Hit(
                    [*target.path, "actuals", str(year)],
                    f"年度完成情况的年份 {year} 不在任期（{first}—{last} 年）内：请改正年份或删除这一项",
                    key=True,
                )
