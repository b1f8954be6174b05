"""The office's roll-up of all units' targets (四(三)2), as data for `ankao summary`'s writers.

Every target of every valid task book in book order (unit by unit, in the
order `ankao status` lists units), and each unit's figures beside its stage
of the procedure and how long it has stood there.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ankao.model.book import Number
from ankao.procedure.counts import Counts, counts_of
from ankao.procedure.row import UnitStatus
from ankao.procedure.status import procedure_status

if TYPE_CHECKING:
    from ankao.findings import Report
    from ankao.model.book import TaskBook
    from ankao.repository.repo import Repository


@dataclass(frozen=True, slots=True)
class TargetRow:
    """One target as a row of the roll-up."""

    unit: str
    kind: str
    section: str
    """The section's Chinese title (教学工作目标)."""
    aspect: str
    id: str
    content: str
    metric: str
    metric_unit: str
    baseline: Number | None
    target: Number | None
    milestones: dict[int, Number]
    criteria: str
    owner: str
    direction: str = ""
    """方向 in Chinese (提高, 降低, 保持, 不低于, 不高于); empty for a qualitative target."""


@dataclass(slots=True)
class Rollup:
    """Everything `ankao summary` writes: the years, the target rows and each unit's row."""

    years: list[int]
    targets: list[TargetRow]
    units: list[UnitStatus]
    books: list[TaskBook]
    today: datetime.date
    report: Report
    counts: Counts
    """Units, units handed in, targets…: computed once (`ankao.procedure.counts`)."""

    def days_since(self, row: UnitStatus) -> int | None:
        """Days from the unit's latest stage to `today` (None without a stage)."""
        if row.stage_date is None:
            return None
        try:
            return (self.today - datetime.date.fromisoformat(row.stage_date)).days
        except ValueError:
            return None


def target_rows(book: TaskBook) -> list[TargetRow]:
    """Every target of a book, section by section, as roll-up rows."""
    out = []
    for section in book.sections:
        for t in section.targets:
            m = t.metric
            out.append(
                TargetRow(
                    unit=book.unit,
                    kind=book.kind,
                    section=section.title,
                    aspect="、".join(t.aspects),
                    id=t.id,
                    content=t.content,
                    metric=(m.name or "") if m else "",
                    metric_unit=(m.unit or "") if m else "",
                    baseline=m.baseline if m else None,
                    target=m.target if m else None,
                    milestones=dict(m.milestones) if m else {},
                    criteria=t.criteria or "",
                    owner=t.owner or "",
                    direction=m.direction.label if m else "",
                )
            )
    return out


def rollup(repo: Repository, *, today: datetime.date | None = None) -> Rollup:
    """The roll-up of a repository read whole with the rules (one `scan(..., rules=True)`)."""
    day = today or datetime.date.today()
    status = procedure_status(repo, today=day)
    books = [r.book for r in status.units if r.book is not None]
    targets = [row for book in books for row in target_rows(book)]
    years = sorted(
        {y for b in books for y in b.term.years} | {y for t in targets for y in t.milestones}
    )
    return Rollup(years, targets, status.units, books, day, status.report, counts_of(status.units))
