"""A comment follows its target, not its id: does a comment's `quote` still stand on its `ref`?

A comment imported from Word keeps the text it was anchored to (`quote`).
Units renumber targets (a new JX-04 is inserted, the rest shift): the comment's
`ref` then names another target. When the target its `ref` names no longer
carries the quoted text (whitespace aside), `check` warns `quote-mismatch` at
the comment, naming the id under which the quote is now found, if any; `diff
--round` never calls such a comment acted on (`unclear`), nor does `approve`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ankao.model.book import TaskBook


def compact(text: str) -> str:
    """`text` without whitespace (a Word anchor and the YAML may wrap differently)."""
    return "".join(text.split())


def mismatch(texts: Mapping[str, str], ref: str, quote: Any) -> tuple[bool, list[str]] | None:
    """None when the quote stands (or there is nothing to tell); else (True, the ids the quote is
    now found under) — `texts` is each target's `quote_text` by id."""
    if not isinstance(quote, str) or not compact(quote) or ref not in texts:
        return None
    q = compact(quote)
    if q in texts[ref]:
        return None
    return True, [ident for ident, text in texts.items() if q in text]


def message(ident: str, ref: str, quote: str, found: list[str]) -> str:
    """The `quote-mismatch` warning, in one line."""
    shown = quote if len(quote) <= 30 else quote[:29] + "…"
    where = (
        f"现在在 {'、'.join(found[:3])}{' 等' if len(found) > 3 else ''} 中"
        if found
        else "任务书中已找不到这段文字"
    )
    return (
        f"意见 {ident} 针对 {ref}，所引原文“{shown}”已不在 {ref} 中，{where}：目标可能已重新编号，"
        f"请把 ref 改为现在的编号（或核对意见是否仍然适用）"
    )


def quote_moved(book: TaskBook, entry: Mapping[str, Any]) -> str | None:
    """Why a comment's quote no longer stands on its ref (Chinese, for messages), else None."""
    ref = str(entry.get("ref", ""))
    texts = {t.id: t.quote_text for t in book.targets}
    found = mismatch(texts, ref, entry.get("quote"))
    if found is None:
        return None
    ids = found[1]
    now = f"现在在 {'、'.join(ids[:3])} 中" if ids else "任务书中已找不到"
    return f"所引原文已不在 {ref} 中（{now}）"
