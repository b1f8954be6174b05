"""The per-book summary beside the findings: targets and quantitative share per section."""

from __future__ import annotations

from typing import Any

from ankao.taskbook import is_quantitative, section_title, target_sections, targets


def _share(quantitative: int, total: int) -> float | None:
    return round(quantitative / total, 4) if total else None


def book_stats(book: dict[str, Any]) -> dict[str, Any]:
    """`{"targets", "quantitative", "share", "sections": {key: {"title", …}}}` of one book.

    `share` is quantitative / targets rounded to 4 places, null where there is no target.
    """
    kind = str(book.get("kind", ""))
    counts = {key: [0, 0] for key in target_sections(kind)}
    for key, _, target in targets(book):
        counts[key][0] += 1
        counts[key][1] += is_quantitative(target)
    total = sum(n for n, _ in counts.values())
    quantitative = sum(q for _, q in counts.values())
    return {
        "targets": total,
        "quantitative": quantitative,
        "share": _share(quantitative, total),
        "sections": {
            key: {"title": section_title(kind, key), "targets": n, "quantitative": q, "share": _share(q, n)}
            for key, (n, q) in counts.items()
        },
    }
