"""The comment join of `ankao diff --round N`: was each accepted comment acted on (pure)?"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ankao.diff.changes import BookDiff

ACTED_ON = "acted-on"
NOT_ACTED_ON = "not-acted-on"
NOT_ACCEPTED = "not-accepted"
UNANSWERED = "unanswered"
UNCLEAR = "unclear"
"""A comment whose quote is no longer on the target its ref names: never acted-on (SPEC §4)."""
ACCEPTING = ("采纳", "部分采纳")


@dataclass(frozen=True, slots=True)
class CommentStatus:
    """A review comment of the round, its answer and whether the revision acted on it."""

    id: str
    ref: str
    answer: str | None
    status: str
    """acted-on, not-acted-on, unclear, not-accepted or unanswered."""
    reviewer: str = ""
    text: str = ""

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape of `comments` (SPEC §4 diff --round)."""
        return {
            "id": self.id,
            "ref": self.ref,
            "answer": self.answer,
            "status": self.status,
            "reviewer": self.reviewer,
            "text": self.text,
        }


def comment_status(
    diff: BookDiff,
    ident: str,
    ref: str,
    answer: str | None,
    *,
    reviewer: str = "",
    text: str = "",
    moved: bool = False,
) -> CommentStatus:
    """Whether one comment was acted on: 采纳/部分采纳 needs its `ref` to have changed.

    `moved`: the comment's quote is no longer on the target its ref names (a
    renumbered target): whether it was acted on cannot be told, `unclear`.
    """
    if answer is None or not answer.strip():
        status = UNANSWERED
    elif answer.strip() not in ACCEPTING:
        status = NOT_ACCEPTED
    elif moved:
        status = UNCLEAR
    else:
        status = ACTED_ON if diff.touches(ref) else NOT_ACTED_ON
    return CommentStatus(ident, ref, answer, status, reviewer, text)


def unrequested(diff: BookDiff, refs: Iterable[str]) -> list[str]:
    """Targets (and parts) that changed though no comment of the round named them.

    A comment names a target by its id, or every target of a section by
    `goals.<key>`, or all targets by `goals`; `general` asks for nothing in
    particular. Parts (members, profile, goals.overall) are listed by their ref.
    """
    asked = set(refs)
    out: dict[str, None] = {}
    for c in diff.changes:
        if c.id is not None:
            if (
                c.id in asked
                or "goals" in asked
                or any(f"goals.{s}" in asked for s in diff.sections_of(c))
            ):
                continue
            out.setdefault(c.id, None)
        elif c.section in ("members", "profile", "overall"):
            ref = "goals.overall" if c.section == "overall" else c.section
            if ref not in asked and not (ref == "goals.overall" and "goals" in asked):
                out.setdefault(ref, None)
    return list(out)
