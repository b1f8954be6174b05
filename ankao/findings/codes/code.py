"""One diagnostic code: its family, default severity and Chinese description."""

from __future__ import annotations

from dataclasses import dataclass

from ankao.findings import Severity


@dataclass(frozen=True, slots=True)
class Code:
    """One diagnostic code: its kind, default severity and Chinese description."""

    code: str
    family: str
    severity: Severity
    title: str
    clause: str
    summary: str
    example: str
    detail: str = ""
