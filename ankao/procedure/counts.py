"""The roll-up's counts, computed once from the approvals and the books (SPEC §7, 四(三)2).

"N 个单位中已有 M 个提交" counts the units whose procedure reached `submitted`
(报领导小组办公室) — not the task-book files that exist: a draft in the
repository has not been handed in. `ankao summary` (workbook and document) and
`ankao status` read their counts from here, never count again themselves.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ankao.procedure.stages import BY_KEY, ORDER, ROUNDED

if TYPE_CHECKING:
    from ankao.procedure.row import UnitStatus

SUBMITTED = "submitted"


def reached(row: UnitStatus, stage: str) -> bool:
    """Whether the unit's procedure has reached `stage` (its latest recorded stage is at or past it)."""
    return row.stage is not None and ORDER.get(row.stage, -1) >= ORDER[stage]


def overdue_stages(
    row: UnitStatus, deadlines: Mapping[str, str], today: datetime.date
) -> list[str]:
    """The stages, in order, whose deadline lies before `today` and that the unit has not reached.

    A deadline is the last day to reach a stage: a unit is 逾期 from the day after.
    """
    day = today.isoformat()
    return [
        stage
        for stage in sorted(deadlines, key=lambda k: ORDER.get(k, len(ORDER)))
        if stage in ORDER and deadlines[stage] < day and not reached(row, stage)
    ]


def overdue_text(row: UnitStatus) -> str:
    """`逾期：报领导小组办公室、办公室审核` for a unit past deadlines; empty otherwise."""
    if not row.overdue:
        return ""
    names = (BY_KEY[s].name if s in ROUNDED else BY_KEY[s].label for s in row.overdue)
    return "逾期：" + "、".join(names)


@dataclass(frozen=True, slots=True)
class Counts:
    """How many units, handed in, with a book, targets and quantitative targets, and overdue."""

    units: int
    """Every unit listed (of ankao.yaml, of the books, of the approvals)."""
    submitted: int
    """Units whose procedure reached `submitted`."""
    with_book: int
    """Units with a valid task book in the repository (handed in or not)."""
    targets: int
    quantitative: int
    overdue: int
    """Units past a deadline of ankao.yaml for a stage they have not reached."""

    @property
    def quantitative_share(self) -> float | None:
        """Quantitative targets over all targets (None without targets)."""
        return self.quantitative / self.targets if self.targets else None

    def as_dict(self) -> dict[str, int | float | None]:
        """For JSON: the counts and the unrounded share."""
        return {
            "units": self.units,
            "submitted": self.submitted,
            "with_book": self.with_book,
            "targets": self.targets,
            "quantitative": self.quantitative,
            "quantitative_share": self.quantitative_share,
            "overdue": self.overdue,
        }


def counts_of(rows: Sequence[UnitStatus]) -> Counts:
    """The counts of `rows` (the units of `ankao status` or `ankao summary`)."""
    return Counts(
        units=len(rows),
        submitted=sum(1 for r in rows if reached(r, SUBMITTED)),
        with_book=sum(1 for r in rows if r.book is not None),
        targets=sum(r.targets for r in rows),
        quantitative=sum(r.quantitative for r in rows),
        overdue=sum(1 for r in rows if r.overdue),
    )
