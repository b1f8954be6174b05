"""The per-book summary beside the findings: targets and quantitative share per section."""

from __future__ import annotations

from typing import Any

from ankao.model.book import TaskBook


def _share(quantitative: int, total: int) -> float | None:
    return round(quantitative / total, 4) if total else None


def book_stats(book: TaskBook) -> dict[str, Any]:
    """`{"targets", "quantitative", "share", "sections": {key: {"title", …}}}` of one book.

    `share` is quantitative / targets rounded to 4 places, null where there is no target.
    """
    counts = {
        s.key: [len(s.targets), sum(t.quantitative for t in s.targets)] for s in book.sections
    }
    titles = {s.key: s.title for s in book.sections}
    total = sum(n for n, _ in counts.values())
    quantitative = sum(q for _, q in counts.values())
    return {
        "targets": total,
        "quantitative": quantitative,
        "share": _share(quantitative, total),
        "sections": {
            key: {"title": titles[key], "targets": n, "quantitative": q, "share": _share(q, n)}
            for key, (n, q) in counts.items()
        },
    }
