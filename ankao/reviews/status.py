"""`comments status`: the comments of each unit and round that no answer names yet."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ankao.errors import AnkaoError
from ankao.findings import Report
from ankao.repository.reviews import ANSWERS, RoundFile
from ankao.repository.unitreviews import review_units, twin_findings, unit_rounds

if TYPE_CHECKING:
    from ankao.repository.repo import Repository


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
        return {
            "unit": self.unit,
            "round": self.round,
            "comments": self.comments,
            "answered": self.answered,
            "response": self.response,
            "open": self.open,
        }


def comment_status(repo: Repository, unit: str | None = None) -> tuple[Report, list[RoundStatus]]:
    """Open comments per unit and round (all units with review files, or one)."""
    units = sorted(review_units(repo))
    if unit is not None:
        if unit not in repo.units and unit not in units:
            from ankao.model.build import near_miss

            known = "、".join(sorted(b.unit for b in repo.books)) or "（没有）"
            hint = near_miss(unit, [*repo.units, *units])
            raise AnkaoError(
                f"没有单位“{unit}”的任务书，也没有 reviews/{unit}/ 文件夹{hint}（taskbooks/ 中的单位：{known}）"
            )
        units = [unit]
    report = Report()
    statuses: list[RoundStatus] = []
    for name in units:
        for number, files in unit_rounds(repo, name).items():
            report.files.extend(f.display for f in files)
            for f in files:
                report.extend(f.findings)
            if any(not f.is_response for f in files):
                statuses.append(_status(name, number, files))
    mine = set(report.files)
    report.extend(f for f in repo.findings if f.file in mine)
    for name in units:
        twins = twin_findings(repo, name)
        report.files.extend(f.file for f in twins)
        report.extend(twins)
    return report, statuses


def _status(unit: str, number: int, files: list[RoundFile]) -> RoundStatus:
    # only a real answer closes a comment: an empty draft or a misspelt 接受 leaves it open
    answered = {
        entry["to"]
        for f in files
        if f.is_response
        for _, entry in f.entries()
        if entry.get("answer") in ANSWERS
    }
    status = RoundStatus(unit, number, response=any(f.is_response for f in files))
    for f in files:
        if f.is_response:
            continue
        for _, entry in f.entries():
            status.comments += 1
            if entry["id"] in answered:
                status.answered += 1
            else:
                status.open.append(
                    {
                        "id": entry["id"],
                        "reviewer": f.reviewer,
                        "ref": entry["ref"],
                        "text": entry["text"].strip(),
                        "kind": entry.get("kind") or "建议",
                    }
                )
    return status


def open_comments(repo: Repository, unit: str) -> int:
    """How many comments of `unit`, over all rounds, still have no answer (for `ankao status`)."""
    _, statuses = comment_status(repo, unit)
    return sum(len(s.open) for s in statuses)


def unit_statuses(repo: Repository) -> dict[str, list[RoundStatus]]:
    """Every unit's rounds with their open comments, from the files grouped once (`ankao status`)."""
    return {
        unit: [
            _status(unit, n, files)
            for n, files in unit_rounds(repo, unit).items()
            if any(not f.is_response for f in files)
        ]
        for unit in review_units(repo)
    }
