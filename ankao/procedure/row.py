"""One unit's row of `ankao status`: its stage, review round, open comments, checks and deadlines."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ankao.load.kinds import KIND_SHORT
from ankao.model.book import TaskBook
from ankao.procedure.stages import NOT_SUBMITTED, label

if TYPE_CHECKING:
    pass


@dataclass(slots=True)
class UnitStatus:
    """One unit's row of `ankao status` (SPEC §7)."""

    unit: str
    kind: str | None
    stage: str | None
    stage_date: str | None
    round: int | None
    open_comments: int
    errors: int
    warnings: int
    quantitative_share: float | None
    changed_after_approval: bool
    submitted: bool = True
    """False for a unit of ankao.yaml with no task book at all (未提交)."""
    targets: int = 0
    quantitative: int = 0
    book: TaskBook | None = None
    files: set[str] = field(default_factory=set)
    """The files of this unit: book, approvals, review files."""
    carried_over: int | None = None
    """With `previous_term`: how many of its targets continue one of its last term (§10)."""
    below_record: int | None = None
    """With `previous_term`: how many of its targets `baseline-below-record` or
    `target-below-record` flagged."""
    overdue: list[str] = field(default_factory=list)
    """The stages whose deadline of ankao.yaml has passed without the unit reaching them (逾期)."""

    @property
    def label(self) -> str:
        """The stage in Chinese: 未提交, 起草中, 报领导小组办公室, 第2轮审核 …"""
        if not self.submitted and self.stage is None:
            return NOT_SUBMITTED
        return label(self.stage, self.round)

    @property
    def kind_label(self) -> str:
        return KIND_SHORT.get(self.kind or "", self.kind or "—")

    def as_dict(self) -> dict[str, Any]:
        """The JSON record of SPEC §7."""
        return {
            "unit": self.unit,
            "kind": self.kind,
            "stage": self.stage,
            "stage_date": self.stage_date,
            "round": self.round,
            "open_comments": self.open_comments,
            "errors": self.errors,
            "warnings": self.warnings,
            "quantitative_share": self.quantitative_share,
            "changed_after_approval": self.changed_after_approval,
            "carried_over": self.carried_over,
            "below_record": self.below_record,
            "overdue": list(self.overdue),
        }
