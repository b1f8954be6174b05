"""A target across two terms: what the last term achieved, and which target of the last book a new one continues."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ankao.findings import PathPart
from ankao.model.book import Actual, Metric, Target, TaskBook
from ankao.model.direction import Direction
from ankao.slots import pickle_fields

if TYPE_CHECKING:
    pass


def sense(metric: Metric) -> tuple[int, bool]:
    """Which way is better for a metric, and whether its target must go beyond the record.

    (+1, …) where more is better, (-1, …) where less is; the flag is True for
    increase/decrease (a target must improve on what was achieved) and False for
    maintain/at_least/at_most (a level promised: reaching the record is enough).
    Read from the metric's `Direction` (maintain, which has no better side of its
    own, counts as more is better: falling below the record is what the rule asks).
    """
    direction = metric.direction
    better = -1 if direction.sense < 0 else 1
    return better, direction in (Direction.INCREASE, Direction.DECREASE)


def latest_actual(target: Target, term_end: int) -> Actual | None:
    """The latest figure a quantitative target of the last term reported (up to its end)."""
    best = None
    for year, actual in target.actuals.items():
        if actual.value is not None and year <= term_end and (best is None or year > best.year):
            best = actual
    return best


@dataclass(frozen=True, slots=True)
class Carried:
    """A target of this term as the rules need it, located where its book was built."""

    __reduce__ = pickle_fields

    id: str
    previous: str | None
    metric: Metric | None
    path: tuple[PathPart, ...]
    baseline_at: tuple[int, int]
    target_at: tuple[int, int]


@dataclass(frozen=True, slots=True)
class BookTargets:
    """The targets of one book of this term that may match one of the last term."""

    __reduce__ = pickle_fields

    file: str
    unit: str
    targets: tuple[Carried, ...]


def book_targets(book: TaskBook) -> BookTargets:
    """A book's targets with a `previous:` id or a named metric, located (exact in a worker)."""
    out = []
    for t in book.targets:
        m = t.metric
        if t.previous is None and (m is None or not m.name or not m.unit):
            continue
        base = (*t.path, "metric", "baseline")
        goal = (*t.path, "metric", "target")
        out.append(
            Carried(
                t.id,
                t.previous,
                m,
                t.path,
                book.locate(base),
                book.locate(goal),
            )
        )
    return BookTargets(book.file, book.unit, tuple(out))


def _same(a: str | None, b: str | None) -> bool:
    return a is not None and b is not None and a.strip() == b.strip()


def match(target: Carried | Target, last: TaskBook) -> Target | None:
    """The target of the last book this one continues: by `previous:`, else by metric name and unit."""
    if target.previous is not None:
        found = last.target(target.previous)
        if found is not None:
            return found
    m = target.metric
    if m is None or not m.name or not m.unit:
        return None
    same = [
        t
        for t in last.targets
        if t.metric is not None and _same(t.metric.name, m.name) and _same(t.metric.unit, m.unit)
    ]
    return same[0] if len(same) == 1 else None
