"""A task book as it crosses from a worker process: one `marshal` record instead of ~250 objects.

`ankao status`, `summary` and `assess --all` receive every book of the repository
from the workers that built them. Pickled object by object (numbers, metrics,
targets, each memoized), a thousand books cost about a second to send and another
to receive, which made those commands 1.4 times `ankao check`. Here a book is
flattened to tuples of plain values, written by `marshal` (C, no memo) and built
again with the slot-setting constructors of `ankao.slots.positional`.

`register` hooks this into pickling through `copyreg` (the standard library's way of
choosing how a class pickles); a book pickled without it still pickles field by field.
The positions and the fingerprint travel as themselves: they are single objects.
"""

from __future__ import annotations

import copyreg
import marshal
from typing import Any

from ankao.model.book import (
    Actual,
    Fingerprint,
    Member,
    Metric,
    Number,
    Section,
    Target,
    TaskBook,
    Term,
)
from ankao.model.direction import Direction
from ankao.slots import positional

_number = positional(Number)
_metric = positional(Metric)
_actual = positional(Actual)
_target = positional(Target)
_member = positional(Member)
_section = positional(Section)
_term = positional(Term)
_book = positional(TaskBook)
_DIRECTIONS = {d.value: d for d in Direction}


def reduce_book(book: TaskBook) -> tuple[Any, ...]:
    """What pickle writes for a `TaskBook`: `book_from_wire` and its arguments."""
    flat = (
        book.file,
        book.source,
        book.unit,
        book.kind,
        (book.term.start, book.term.end),
        book.profile,
        tuple((m.name, m.post, m.duties, m.principal, m.line) for m in book.members),
        book.overall,
        tuple(
            (s.key, s.title, tuple(_flat_target(t) for t in s.targets), s.line)
            for s in book.sections
        ),
        book.unit_line,
        book.joined,
        dict(book.lines),
    )
    return (book_from_wire, (marshal.dumps(flat), book.digest, book.positions))


def book_from_wire(record: bytes, digest: Fingerprint, positions: Any) -> TaskBook:
    """The `TaskBook` `reduce_book` wrote."""
    (
        file,
        source,
        unit,
        kind,
        term,
        profile,
        members,
        overall,
        sections,
        unit_line,
        joined,
        lines,
    ) = marshal.loads(record)
    return _book(
        file,
        source,
        unit,
        kind,
        _term(*term),
        profile,
        tuple(_member(*m) for m in members),
        overall,
        tuple(
            _section(key, title, tuple(_target_from(t) for t in targets), line)
            for key, title, targets, line in sections
        ),
        digest,
        unit_line,
        positions,
        joined,
        lines,
    )


def _flat_target(t: Target) -> tuple[Any, ...]:
    return (
        t.id,
        t.section,
        t.index,
        t.aspects,
        t.content,
        None if t.metric is None else _flat_metric(t.metric),
        t.criteria,
        t.owner,
        tuple((key, a.year, _pair(a.value), a.status, a.note) for key, a in t.actuals.items()),
        t.line,
        dict(t.lines),
        t.previous,
    )


def _target_from(flat: tuple[Any, ...]) -> Target:
    ident, section, index, aspects, content, metric, criteria, owner, actuals, line, lines, prev = (
        flat
    )
    return _target(
        ident,
        section,
        index,
        aspects,
        content,
        None if metric is None else _metric_from(metric),
        criteria,
        owner,
        {
            key: _actual(year, _number_from(v), status, note)
            for key, year, v, status, note in actuals
        },
        line,
        lines,
        prev,
    )


def _flat_metric(m: Metric) -> tuple[Any, ...]:
    return (
        m.name,
        m.unit,
        _pair(m.baseline),
        _pair(m.target),
        m.direction.value,
        tuple((year, n.value, n.text) for year, n in m.milestones.items()),
    )


def _metric_from(flat: tuple[Any, ...]) -> Metric:
    name, unit, baseline, target, direction, milestones = flat
    return _metric(
        name,
        unit,
        _number_from(baseline),
        _number_from(target),
        _DIRECTIONS[direction],
        {year: _number(value, text) for year, value, text in milestones},
    )


def _pair(n: Number | None) -> tuple[int | float, str] | None:
    return None if n is None else (n.value, n.text)


def _number_from(pair: tuple[int | float, str] | None) -> Number | None:
    return None if pair is None else _number(*pair)


def register() -> None:
    """Pickle every `TaskBook` through `reduce_book` from now on (idempotent)."""
    copyreg.pickle(TaskBook, reduce_book)


register()
