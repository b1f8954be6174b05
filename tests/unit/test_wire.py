"""A task book crossing from a worker (`ankao.model.wire`) arrives equal, field by field."""

from __future__ import annotations

import copyreg
import pickle
from dataclasses import fields
from pathlib import Path

import pytest

from ankao.model.book import Metric, Number, Target, TaskBook
from ankao.model.direction import Direction
from ankao.model.wire import book_from_wire, reduce_book
from ankao.repository.scan import scan

ROOT = Path(__file__).resolve().parents[2]


def _books() -> list[TaskBook]:
    books = []
    for repo in (ROOT / "examples", ROOT / "examples" / "任期目标2020"):
        books.extend(scan(repo, rules=True).books)
    return books


BOOKS = _books()


def _same(a: object, b: object) -> None:
    """Equal, and of the same types all the way down (12 is not 12.0, a dict not a tuple)."""
    assert type(a) is type(b), (a, b)
    if isinstance(a, TaskBook | Target | Metric | Number) or type(a).__name__ in (
        "Member",
        "Section",
        "Term",
        "Actual",
    ):
        for f in fields(a):  # type: ignore[arg-type]
            if f.name != "positions":
                _same(getattr(a, f.name), getattr(b, f.name))
    elif isinstance(a, dict):
        assert list(a) == list(b)  # type: ignore[call-overload]
        for k in a:
            _same(a[k], b[k])  # type: ignore[index]
    elif isinstance(a, tuple | list):
        assert len(a) == len(b)  # type: ignore[arg-type]
        for x, y in zip(a, b, strict=True):  # type: ignore[call-overload]
            _same(x, y)
    else:
        assert a == b


def test_the_examples_have_books_with_metrics_milestones_and_actuals() -> None:
    targets = [t for b in BOOKS for t in b.targets]
    assert len(BOOKS) >= 5
    assert any(t.metric and t.metric.milestones for t in targets)
    assert any(t.actuals for t in targets)
    assert any(t.metric and t.metric.direction is not Direction.INCREASE for t in targets)
    assert any(
        isinstance(n.value, float)
        for t in targets
        if t.metric
        for n in t.metric.milestones.values()
    )


@pytest.mark.parametrize("book", BOOKS, ids=lambda b: b.file)
def test_a_pickled_book_arrives_equal(book: TaskBook) -> None:
    assert copyreg.dispatch_table.get(TaskBook) is reduce_book  # registered by model.build
    back = pickle.loads(pickle.dumps(book, protocol=pickle.HIGHEST_PROTOCOL))
    assert back == book
    _same(back, book)
    assert back.fingerprint == book.fingerprint


def test_the_record_is_one_bytes_object_not_an_object_per_number() -> None:
    function, (record, digest, _positions) = reduce_book(BOOKS[0])
    assert function is book_from_wire and isinstance(record, bytes)
    assert digest.value == BOOKS[0].fingerprint
