"""A year of grades, as recorded in `grades/<YYYY>.yaml`: each unit's grade and the conclusions about it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Conclusion:
    """A 专项考核 / 平时考核 conclusion about a unit (a `findings:` entry, not a diagnostic)."""

    unit: str
    type: str
    note: str = ""


@dataclass(frozen=True, slots=True)
class Year:
    """One year's record: grades by unit (in file order) and findings."""

    grades: Mapping[str, str] = field(default_factory=dict)
    findings: tuple[Conclusion, ...] = ()

    def units(self) -> list[str]:
        """Units graded or named in a finding, graded ones first, each once."""
        return list(dict.fromkeys([*self.grades, *(f.unit for f in self.findings)]))


History = Mapping[int, Year]
"""Every year on record, by calendar year."""
