"""`comments status`: the comments of each unit and round that no answer names yet."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ankao.books import load_books
from ankao.config import Config
from ankao.model import AnkaoError, Report
from ankao.reviews.files import (
    RoundFile,
    check_round,
    duplicate_findings,
    load,
    round_sources,
    units_with_reviews,
    unknown_unit,
)
from ankao.reviews.index import index_book


@dataclass(slots=True)
class RoundStatus:
    """One unit's round: how many comments, how many answered, which are open."""

    unit: str
    round: int
    comments: int = 0
    answered: int = 0
    open: list[dict[str, Any]] = field(default_factory=list)
    response: bool = False
    """Whether the unit has a response file for this round."""

    def as_dict(self) -> dict[str, Any]:
        return {"unit": self.unit, "round": self.round, "comments": self.comments,
                "answered": self.answered, "response": self.response, "open": self.open}


def comment_status(root: Path, config: Config, unit: str | None = None) -> tuple[Report, list[RoundStatus]]:
    """Open comments per unit and round (all units with a `reviews/` folder, or one)."""
    books = {b.unit: b for b in load_books(root, config) if b.unit}
    units = units_with_reviews(root) if unit is None else [unit]
    if unit is not None and unit not in books and not round_sources(root, unit):
        known = "、".join(sorted(books)) or "（没有）"
        raise AnkaoError(f"没有单位“{unit}”的任务书，也没有 reviews/{unit}/ 文件夹（taskbooks/ 中的单位：{known}）")
    report = Report()
    statuses: list[RoundStatus] = []
    for name in units:
        book = books.get(name)
        index = index_book(book.data) if book is not None and book.doc.loaded else None
        duplicates = duplicate_findings(root, name)
        for number, sources in round_sources(root, name).items():
            files = [load(s, config) for s in sources]
            report.files.extend(f.source.display for f in files)
            for f in files:
                report.extend(f.findings)
            report.extend(check_round(files, index))
            report.extend(duplicates.get(number, []))
            if book is None and not any(s.unit == name for s in statuses):
                report.findings.append(unknown_unit(sources[0], name))
            statuses.append(_status(name, number, files))
    report.extra["rounds"] = [s.as_dict() for s in statuses]
    return report, statuses


def _status(unit: str, number: int, files: list[RoundFile]) -> RoundStatus:
    answered = {entry["to"] for f in files if f.is_response for _, entry in f.entries()}
    status = RoundStatus(unit, number, response=any(f.is_response for f in files))
    for f in files:
        if f.is_response:
            continue
        for _, entry in f.entries():
            status.comments += 1
            if entry["id"] in answered:
                status.answered += 1
            else:
                status.open.append({"id": entry["id"], "reviewer": f.reviewer, "ref": entry["ref"],
                                    "text": entry["text"].strip(), "kind": entry.get("kind") or "建议"})
    return status


def open_comments(root: Path, config: Config, unit: str) -> int:
    """How many comments of `unit`, over all rounds, still have no answer (for `ankao status`)."""
    _, statuses = comment_status(root, config, unit)
    return sum(len(s.open) for s in statuses)
