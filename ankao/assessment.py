"""Assessment (SPEC §8, seed 五(二)): a task book's actuals -> completion and status of each target (pure).

As of a year Y, each target takes the actual of Y or, failing that, the latest
year before it. A quantitative target's completion follows its direction
(increase, decrease, maintain, at_least, at_most) and is reported as computed
(1.25 is over-achievement); a qualitative one counts 完成 1.0, 部分完成 0.5,
未完成 0.0. Its status is `met` (completion ≥ 1), `behind` (worse than the
milestone of Y, or than the straight line from the baseline at the term's start
to the target at its end; qualitative: 未完成), `on_track`, or `no_data`.
Section and book figures are the mean over their targets, each clamped to
0…1, a target without data counting 0.

Choices where SPEC §8 is silent (stated here once, so the CLI, the report and
the rule `behind-milestone` agree):
- the straight line is clamped to the term: before its start it asks for the
  baseline, after its end for the target;
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

from ankao.model import Actual, Target, TaskBook, Term

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

    def as_dict(self) -> dict[str, Any]:
        """The target record of SPEC §4 (`ankao assess --format json`)."""
        return {
            "id": self.target.id,
            "section": self.target.section,
            "completion": self.completion,
            "status": self.status,
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


def expected_value(target: Target, term: Term, year: int) -> tuple[float, bool] | None:
    """What year `year` asks of a quantitative target: (value, is a milestone), or None.

    The milestone of that year where the book gives one; else the straight line
    from the baseline at the term's start to the target at its end, clamped to the
    term; None when the metric lacks what the line needs.
    """
    metric = target.metric
    if metric is None:
        return None
    if year in metric.milestones:
        return float(metric.milestones[year].value), True
    if metric.target is None:
        return None
    goal = float(metric.target.value)
    if metric.baseline is None:
        # maintain, at_least and at_most promise the target every year
        return (goal, False) if metric.direction in ("maintain", "at_least", "at_most") else None
    base = float(metric.baseline.value)
    if year >= term.end:
        return goal, False
    if year <= term.start:
        return base, False
    return base + (goal - base) * (year - term.start) / (term.end - term.start), False


def completion_of(target: Target, value: float) -> float | None:
    """A quantitative target's completion for an actual `value` (SPEC §8), or None without the figures."""
    metric = target.metric
    if metric is None or metric.target is None:
        return None
    goal = float(metric.target.value)
    direction = metric.direction
    if direction == "maintain":
        return 1.0 if value == goal else 0.0
    if direction == "at_least":
        return 1.0 if value >= goal else 0.0
    if direction == "at_most":
        return 1.0 if value <= goal else 0.0
    if metric.baseline is None:
        return None
    base = float(metric.baseline.value)
    if direction == "decrease":
        if base == goal:
            return 1.0 if value <= goal else 0.0
        return (base - value) / (base - goal)
    if base == goal:
        return 1.0 if value >= goal else 0.0
    return (value - base) / (goal - base)


def _worse(direction: str, value: float, expected: float, goal: float | None) -> bool:
    """True when `value` is worse than `expected` in the metric's direction."""
    if direction in ("increase", "at_least"):
        return value < expected
    if direction in ("decrease", "at_most"):
        return value > expected
    # maintain: farther from the target than the year asked
    reference = goal if goal is not None else expected
    return abs(value - reference) > abs(expected - reference)


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
    goal = float(metric.target.value) if metric.target is not None else None
    if completion >= 1.0:
        status = MET
    elif expected is not None and _worse(metric.direction, value, expected[0], goal):
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


def assess(
    book: TaskBook, year: int | None = None, *, default_year: int | None = None
) -> BookResult:
    """A task book as of `year` (default: its latest year with an actual).

    A book without any actual is assessed as of `default_year` (e.g. the latest
    year with an actual among the books assessed with it), else its term's start.
    """
    years = actual_years(book)
    as_of = year if year is not None else (years[-1] if years else default_year or book.term.start)
    sections = []
    for section in book.sections:
        results = tuple(assess_target(t, book.term, as_of) for t in section.targets)
        sections.append(SectionResult(section.key, section.title, results, Tally.of(results)))
    everything = [r for s in sections for r in s.targets]
    notes = (NO_ACTUALS_NOTE,) if not years else ()
    return BookResult(book, as_of, tuple(sections), Tally.of(everything), notes)


def assess_books(books: Sequence[TaskBook], year: int | None = None) -> list[BookResult]:
    """Several books as of `year`; a book without actuals takes the latest year of the others."""
    default = latest_actual_year(books)
    return [assess(b, year, default_year=default) for b in books]


def percent(value: float | None, digits: int = 1) -> str:
    """`0.8333` -> `83.3%` for reading (JSON is never rounded); `—` for None."""
    if value is None:
        return "—"
    text = f"{value * 100:.{digits}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text + "%"


def figure(value: float) -> str:
    """A computed figure for reading, two decimals at most: `3.3333` -> `3.33`, `100.0` -> `100`."""
    text = f"{value:.2f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def behind_targets(book: TaskBook, year: int | None = None) -> list[TargetResult]:
    """The targets `behind` as of `year` (default: the book's latest year with an actual)."""
    if year is None and not actual_years(book):
        return []
    return [r for r in assess(book, year).targets if r.status == BEHIND]


def by_year(target: Target, years: Iterable[int]) -> Mapping[int, Actual | None]:
    """The target's actual of each year (None where it has none), for tables."""
    return {y: target.actuals.get(y) for y in years}
