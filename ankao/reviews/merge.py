"""Merging the comments of one round into opinions (pure).

Two comments are the same opinion when their `ref` and whitespace-trimmed
`text` match, whatever their kind (SPEC §1): the folded opinion names every
department and id and takes the stronger kind. The result depends only on the
set of comments, never on the order of files, and merging it again changes
nothing: opinions are comments with several reviewers, so `merge` accepts its
own output.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ankao.reviews.routing import reviewer_rank

MUST = "必须修改"
SUGGEST = "建议"
KINDS = (MUST, SUGGEST)
"""Comment kinds, strongest first."""


@dataclass(frozen=True, slots=True)
class Opinion:
    """One opinion: a comment, or several identical comments folded into one."""

    ref: str
    text: str
    kind: str
    reviewers: tuple[str, ...]
    ids: tuple[str, ...]
    replies: tuple[str, ...] = ()
    """Replies made to the comment in Word, as `回复人：内容`."""


def comment(
    *,
    ref: str,
    text: str,
    reviewer: str,
    ident: str,
    kind: str | None = None,
    replies: Iterable[str] = (),
) -> Opinion:
    """One reviewer's comment as an opinion of its own (kind defaults to 建议)."""
    return Opinion(
        ref, text.strip(), kind if kind in KINDS else SUGGEST, (reviewer,), (ident,), tuple(replies)
    )


def stronger(a: str, b: str) -> str:
    """The stronger of two kinds: 必须修改 over 建议."""
    return MUST if MUST in (a, b) else SUGGEST


def natural(text: str) -> tuple[tuple[int, int | str], ...]:
    """Sort key that puts 教务处-2 before 教务处-10."""
    return tuple(
        (0, int(part)) if part.isdigit() else (1, part) for part in re.split(r"(\d+)", text) if part
    )


def merge(opinions: Iterable[Opinion], position: Callable[[str], int]) -> list[Opinion]:
    """Fold identical opinions and order them by `position(ref)` (book order), then reviewer."""
    groups: dict[tuple[str, str], list[Opinion]] = {}
    for op in opinions:
        groups.setdefault((op.ref, op.text.strip()), []).append(op)
    merged = [_fold(ref, text, ops) for (ref, text), ops in groups.items()]
    return sorted(
        merged,
        key=lambda op: (
            position(op.ref),
            op.ref,
            reviewer_rank(op.reviewers[0] if op.reviewers else ""),
            natural(op.ids[0] if op.ids else ""),
            op.text,
        ),
    )


def _fold(ref: str, text: str, ops: list[Opinion]) -> Opinion:
    kind = SUGGEST
    reviewers: set[str] = set()
    ids: set[str] = set()
    replies: set[str] = set()
    for op in ops:
        kind = stronger(kind, op.kind)
        reviewers.update(op.reviewers)
        ids.update(op.ids)
        replies.update(op.replies)
    return Opinion(
        ref,
        text,
        kind,
        tuple(sorted(reviewers, key=reviewer_rank)),
        tuple(sorted(ids, key=natural)),
        tuple(sorted(replies)),
    )
