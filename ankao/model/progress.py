"""Assessment (SPEC §8, seed 五(二)): a task book's actuals -> completion and status of each target (pure).

As of a year Y — one for a whole run: the latest year any book has an actual,
or the year asked — each target takes the actual of Y or, failing that, the
latest year before it, and is then marked with that year (数据截至2024年).
A quantitative target's completion follows its direction (`ankao.model.direction`):
increase and decrease count the share of the way from baseline to target,
reported as computed (1.25 is over-achievement); maintain, at_least and at_most
are promised every year, 1.0 when the year keeps the promise, else 0.0. A
qualitative one counts 完成 1.0, 部分完成 0.5, 未完成 0.0. Its status is `met`
(completion ≥ 1); `behind` (every-year promises: not kept; increase/decrease:
short of what Y asks — its milestone, else the straight line between the
declared points around Y, (term.start − 1, baseline), each milestone and
(term.end, target); qualitative: 未完成); `on_track`; or `no_data`. `is_behind`
is the one decision, shared with the rule `behind-milestone`. Section and book
figures are the mean over their targets, each clamped to 0…1, a target without
data counting 0.

Choices where SPEC §8 is silent (stated here once, so the CLI, the report and
the rule `behind-milestone` agree):
- after the term's end the line asks for the target;
- a milestone declared for a year outside the term (an error of `milestones`)
  is no point of the line;
- increase or decrease with baseline = target (an error of `metric-direction`)
  completes 1.0 when the actual reaches the target, else 0.0 — never a division
  by zero;
- a quantitative target whose metric lacks the figures its direction needs
  (target; baseline for increase/decrease) is `no_data`, with a reason;
- a qualitative 部分完成 is `on_track` during the term and `behind` from the
  term's last year on, when nothing is left of the term to finish it;
- a book without any actual: every target `no_data`, and a note (not an error).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ankao.model.book import Actual, Metric, Target, TaskBook, Term

MET = "met"
ON_TRACK = "on_track"
BEHIND = "behind"
NO_DATA = "no_data"
STATUSES = (BEHIND, NO_DATA, ON_TRACK, MET)
"""Every status, lagging first (the order of the text tables)."""

STATUS_LABELS = {MET: "已完成", ON_TRACK: "按进度", BEHIND: "滞后", NO_DATA: "无数据"}
"""What users read for each status."""

QUALITATIVE = {"完成": 1.0, "部分完成": 0.5, "未完成": 0.0}
"""Completion of a qualitative target by its reported status (SPEC §8)."""

NO_ACTUALS_NOTE = "任务书中还没有填写任何年度完成情况（actuals），各目标均为“无数据”"


@dataclass(frozen=True, slots=True)
class TargetResult:
    """One target as of a year: the actual used, what was expected, completion and status."""

    target: Target
    year: int
    """The year assessed (as of)."""
    completion: float | None
    """As computed, unclamped; None for `no_data`."""
    status: str
    actual: Actual | None = None
    """The actual that counted (of the year assessed or the latest before it)."""
    expected: float | None = None
    """Quantitative: the value the year asked for (its milestone or the straight line)."""
    milestone: bool = False
    """True when `expected` is a milestone written in the book, False for the straight line."""
    reason: str | None = None
    """Why a target has no figure although it has actuals (an incomplete metric)."""

    @property
    def clamped(self) -> float:
        """The completion as it counts in section and book figures: 0…1, `no_data` as 0."""
        if self.completion is None:
            return 0.0
        return min(1.0, max(0.0, self.completion))

    @property
    def label(self) -> str:
        """The status in Chinese."""
        return STATUS_LABELS[self.status]

    @property
    def actual_year(self) -> int | None:
        """The year the figure counted is from (None without one)."""
        return None if self.actual is None else self.actual.year

    @property
    def stale(self) -> bool:
        """True when the figure is from a year before the one assessed (数据截至…年)."""
        return self.actual is not None and self.actual.year < self.year

    @property
    def stale_mark(self) -> str:
        """`数据截至2024年` for a figure older than the year assessed, else empty."""
        return f"数据截至{self.actual.year}年" if self.stale and self.actual else ""

    def as_dict(self) -> dict[str, Any]:
        """The target record of SPEC §4 (`ankao assess --format json`)."""
        return {
            "id": self.target.id,
            "section": self.target.section,
            "completion": self.completion,
            "status": self.status,
            "actual_year": self.actual_year,
        }


@dataclass(frozen=True, slots=True)
class Tally:
    """Completion (mean of clamped figures) and counts by status over some targets."""

    completion: float | None
    """None when there are no targets."""
    met: int
    on_track: int
    behind: int
    no_data: int

    @classmethod
    def of(cls, results: Sequence[TargetResult]) -> Tally:
        """The figures of `results`."""
        count = {s: sum(1 for r in results if r.status == s) for s in STATUSES}
        completion = sum(r.clamped for r in results) / len(results) if results else None
        return cls(completion, count[MET], count[ON_TRACK], count[BEHIND], count[NO_DATA])


@dataclass(frozen=True, slots=True)
class SectionResult:
    """A section of 任期目标 as of a year: its targets' results and figures."""

    key: str
    title: str
    targets: tuple[TargetResult, ...]
    tally: Tally


@dataclass(frozen=True, slots=True)
class BookResult:
    """A task book as of a year: every section, the book's figures and notes."""

    book: TaskBook
    as_of: int
    sections: tuple[SectionResult, ...]
    tally: Tally
    notes: tuple[str, ...] = field(default=())

    @property
    def unit(self) -> str:
        return self.book.unit

    @property
    def targets(self) -> list[TargetResult]:
        """Every target's result in book order."""
        return [r for s in self.sections for r in s.targets]

    @property
    def stale(self) -> int:
        """How many targets count a figure older than the year assessed."""
        return sum(1 for r in self.targets if r.stale)

    def lagging_first(self) -> list[TargetResult]:
        """Targets by status, lagging first (behind, no data, on track, met), book order within."""
        rank = {s: i for i, s in enumerate(STATUSES)}
        return sorted(self.targets, key=lambda r: rank[r.status])

    def as_dict(self) -> dict[str, Any]:
        """The result record of SPEC §4: figures unrounded, null completion for `no_data`."""
        return {
            "unit": self.unit,
            "as_of": self.as_of,
            "completion": self.tally.completion,
            "met": self.tally.met,
            "behind": self.tally.behind,
            "no_data": self.tally.no_data,
            "targets": [r.as_dict() for r in self.targets],
        }


def actual_years(book: TaskBook) -> list[int]:
    """Every year of the term any target of the book has an actual for, in order.

    An actual for a year outside the term (`actuals-year`, an error of `ankao
    check`) never moves the year a book is assessed as of.
    """
    term = range(book.term.start, book.term.end + 1)
    return sorted({y for t in book.targets for y in t.actuals if y in term})


def latest_actual_year(books: Iterable[TaskBook]) -> int | None:
    """The latest year with any actual in any of `books` (SPEC §8's default year)."""
    years = [y for b in books for y in actual_years(b)]
    return max(years) if years else None


def actual_as_of(target: Target, year: int, term: Term | None = None) -> Actual | None:
    """The actual of `year`, or of the latest year before it; None when there is none.

    With `term`, an actual for a year outside it (`actuals-year`) is not counted.
    """
    best = None
    for y, actual in target.actuals.items():
        if term is not None and not term.start <= y <= term.end:
            continue
        if y <= year and (best is None or y > best.year):
            best = actual
    return best


def _line_points(metric: Metric, term: Term) -> list[tuple[int, float]]:
    """The declared points of an increase/decrease line, in year order (SPEC §8).

    (term.start − 1, baseline) — the baseline is the value at the start of the
    term —, each milestone, and (term.end, target) unless a milestone of that
    year is declared; a figure the metric lacks is no point.
    """
    points: dict[int, float] = {}
    if metric.baseline is not None:
        points[term.start - 1] = float(metric.baseline.value)
    for y, n in metric.milestones.items():
        if term.start <= y <= term.end:
            points[y] = float(n.value)
    if metric.target is not None and term.end not in points:
        points[term.end] = float(metric.target.value)
    return sorted(points.items())


def expected_value(target: Target, term: Term, year: int) -> tuple[float, bool] | None:
    """What year `year` asks of a quantitative target: (value, is a milestone), or None.

    The milestone of that year where the book gives one. Otherwise, for increase
    and decrease, the straight line between the declared points around the year —
    (term.start − 1, baseline), each milestone, (term.end, target) —, the target
    after the term; for maintain, at_least and at_most (promised every year) the
    target. None when the metric lacks what that needs.
    """
    metric = target.metric
    if metric is None:
        return None
    if year in metric.milestones:
        return float(metric.milestones[year].value), True
    if metric.direction.every_year:
        return None if metric.target is None else (float(metric.target.value), False)
    points = _line_points(metric, term)
    before = [p for p in points if p[0] <= year]
    after = [p for p in points if p[0] >= year]
    if not before or not after:
        if after or metric.target is None or year < term.end:
            return None  # before the baseline's year, or a line without its start
        return float(metric.target.value), False  # after the term: the target
    (y0, v0), (y1, v1) = before[-1], after[0]
    if y0 == y1:
        return v0, False
    return v0 + (v1 - v0) * (year - y0) / (y1 - y0), False


def completion_of(target: Target, value: float) -> float | None:
    """A quantitative target's completion for an actual `value` (SPEC §8), or None without the figures.

    increase (a − baseline) / (target − baseline), decrease (baseline − a) /
    (baseline − target); with baseline = target, 1.0 at or beyond the target,
    else 0.0. maintain, at_least, at_most: 1.0 when the year keeps the promise
    (a = / ≥ / ≤ target), else 0.0.
    """
    metric = target.metric
    if metric is None or metric.target is None:
        return None
    goal = float(metric.target.value)
    direction = metric.direction
    if direction.every_year:
        return 1.0 if direction.at_or_beyond(value, goal) else 0.0
    if metric.baseline is None:
        return None
    base = float(metric.baseline.value)
    if base == goal:
        return 1.0 if direction.at_or_beyond(value, goal) else 0.0
    return (value - base) / (goal - base)


def is_behind(target: Target, value: float, completion: float, term: Term, year: int) -> bool:
    """Whether a quantitative figure is `behind` as of `year` (SPEC §8) — the one decision.

    Promised every year (maintain, at_least, at_most): the year does not keep the
    promise. increase / decrease: the figure falls short, in the direction, of
    the value `year` asks (`expected_value`). Used by `ankao assess` and by the
    rule `behind-milestone` alike.
    """
    metric = target.metric
    assert metric is not None
    if completion >= 1.0:
        return False
    if metric.direction.every_year:
        return True
    expected = expected_value(target, term, year)
    return expected is not None and metric.direction.short_of(value, expected[0])


def assess_target(target: Target, term: Term, year: int) -> TargetResult:
    """One target's completion and status as of `year` (SPEC §8)."""
    actual = actual_as_of(target, year, term)
    if actual is None:
        return TargetResult(target, year, None, NO_DATA)
    metric = target.metric
    if metric is None:
        completion = QUALITATIVE.get(actual.status or "")
        if completion is None:
            return TargetResult(target, year, None, NO_DATA, actual, reason="完成状态未填写")
        if completion >= 1.0:
            status = MET
        elif completion == 0.0 or year >= term.end:
            status = BEHIND
        else:
            status = ON_TRACK
        return TargetResult(target, year, completion, status, actual)
    if actual.value is None:
        return TargetResult(target, year, None, NO_DATA, actual, reason="完成数值未填写")
    value = float(actual.value.value)
    completion = completion_of(target, value)
    if completion is None:
        missing = "目标值" if metric.target is None else "基数"
        return TargetResult(
            target, year, None, NO_DATA, actual, reason=f"量化指标缺少{missing}，无法计算完成度"
        )
    expected = expected_value(target, term, year)
    if completion >= 1.0:
        status = MET
    elif is_behind(target, value, completion, term, year):
        status = BEHIND
    else:
        status = ON_TRACK
    return TargetResult(
        target,
        year,
        completion,
        status,
        actual,
        expected[0] if expected else None,
        expected[1] if expected else False,
    )


def assess(book: TaskBook, year: int | None = None) -> BookResult:
    """A task book as of `year` (default: its own latest year with an actual, else its term's start).

    A run over a repository passes one year for every book (`as_of_year`).
    """
    years = actual_years(book)
    as_of = year if year is not None else (years[-1] if years else book.term.start)
    sections = []
    for section in book.sections:
        results = tuple(assess_target(t, book.term, as_of) for t in section.targets)
        sections.append(SectionResult(section.key, section.title, results, Tally.of(results)))
    everything = [r for s in sections for r in s.targets]
    notes: tuple[str, ...] = (NO_ACTUALS_NOTE,) if not years else ()
    return BookResult(book, as_of, tuple(sections), Tally.of(everything), notes)


def as_of_year(books: Iterable[TaskBook], year: int | None = None) -> int | None:
    """The one year a run assesses every book as of (SPEC §8).

    `year` when given; else the latest year in which any of `books` has an
    actual; None when none has any (each book then stands at its term's start,
    every target `no_data`).
    """
    return year if year is not None else latest_actual_year(books)


def assess_books(
    books: Sequence[TaskBook], year: int | None = None, *, among: Iterable[TaskBook] | None = None
) -> list[BookResult]:
    """Several books as of one year: `year`, else the latest year with an actual in `among`
    (default: `books` themselves — the repository's books for a run over some units)."""
    as_of = as_of_year(books if among is None else among, year)
    return [assess(b, as_of) for b in books]


def behind_targets(book: TaskBook, year: int | None = None) -> list[TargetResult]:
    """The targets `behind` as of `year` (default: the book's latest year with an actual)."""
    if year is None and not actual_years(book):
        return []
    return [r for r in assess(book, year).targets if r.status == BEHIND]


def by_year(target: Target, years: Iterable[int]) -> Mapping[int, Actual | None]:
    """The target's actual of each year (None where it has none), for tables."""
    return {y: target.actuals.get(y) for y in years}
