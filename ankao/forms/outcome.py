"""What `ankao intake` did with one file: written, created, changed, refused."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ankao.diff.changes import BookDiff


@dataclass(slots=True)
class Outcome:
    """What intake did with one file."""

    file: str
    document: str
    """form-taskbook, form-actuals or feedback."""
    unit: str
    written: str | None = None
    """The repository file written (None: nothing written)."""
    created: bool = False
    diff: BookDiff | None = None
    actuals: list[str] = field(default_factory=list)
    """An --actuals form: the ids whose figure of the year changed."""
    year: int | None = None
    answers: int = 0
    """A 反馈表: how many answers were read."""
    merged_office: list[str] = field(default_factory=list)
    """Parts the office changed since the form was made, kept."""
    forced: list[str] = field(default_factory=list)
    refused: bool = False
    """True when the file had problems and nothing was written for it."""

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "document": self.document,
            "unit": self.unit,
            "written": self.written,
            "created": self.created,
            "changes": [c.as_dict() for c in self.diff.changes] if self.diff is not None else [],
            "actuals": self.actuals,
            "year": self.year,
            "answers": self.answers,
            "kept_office_changes": self.merged_office,
            "forced": self.forced,
            "refused": self.refused,
        }
