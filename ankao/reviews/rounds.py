"""`comments merge`: one unit's round of review files -> findings and merged opinions."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ankao.findings import Report, has_errors
from ankao.model.book import TaskBook
from ankao.model.refs import BookIndex, index_book
from ankao.repository.reviews import RoundFile
from ankao.repository.unitreviews import load_round, twin_findings
from ankao.reviews.merge import Opinion, comment, merge

if TYPE_CHECKING:
    from ankao.repository.repo import Repository


@dataclass(slots=True)
class Merged:
    """The outcome of merging a round: its report, the book it refers to and the opinions."""

    unit: str
    round: int
    book: TaskBook
    index: BookIndex
    files: list[RoundFile]
    opinions: list[Opinion]
    report: Report = field(default_factory=Report)

    @property
    def readable(self) -> bool:
        """No file of the round has loading or schema errors (its comments are all read)."""
        return not any(has_errors(rf.findings) for rf in self.files)


def opinions_of(files: list[RoundFile]) -> list[Opinion]:
    """Every usable comment of the round's review files, as single opinions."""
    out = []
    for f in files:
        if f.is_response:
            continue
        for _, entry in f.entries():
            out.append(
                comment(
                    ref=entry["ref"],
                    text=entry["text"],
                    reviewer=f.reviewer,
                    ident=entry["id"],
                    kind=entry.get("kind"),
                    replies=_replies(entry),
                )
            )
    return out


def _replies(entry: dict[str, Any]) -> list[str]:
    replies = entry.get("replies")
    if not isinstance(replies, list):
        return []
    out = []
    for r in replies:
        if isinstance(r, dict) and isinstance(r.get("text"), str):
            author = r.get("author")
            out.append(
                f"{author}：{r['text']}" if isinstance(author, str) and author else r["text"]
            )
    return out


def merge_round(repo: Repository, unit: str, number: int) -> Merged:
    """Merge round `number` of `unit` against its task book (the repository read whole)."""
    book = repo.book(unit)
    index = index_book(book)
    files = load_round(repo, unit, number)
    report = Report(files=[f.display for f in files])
    for f in files:
        report.extend(f.findings)
    mine = set(report.files)
    report.extend(f for f in repo.findings if f.file in mine)
    twins = twin_findings(repo, unit, number)
    report.files.extend(f.file for f in twins)
    report.extend(twins)
    opinions = merge(opinions_of(files), lambda ref: index.place(ref).position)
    return Merged(unit, number, book, index, files, opinions, report)


def opinions_json(merged: Merged) -> list[dict[str, Any]]:
    """The `opinions` of SPEC §4, in book order."""
    out: list[dict[str, Any]] = []
    for op in merged.opinions:
        item: dict[str, Any] = {
            "ref": op.ref,
            "section": merged.index.place(op.ref).section,
            "text": op.text,
            "kind": op.kind,
            "reviewers": list(op.reviewers),
            "ids": list(op.ids),
        }
        if op.replies:
            item["replies"] = list(op.replies)
        out.append(item)
    return out
