"""Findings, the one currency of every check: severities, findings, reports, and the codes.

Loaders, the schema checker and the rules all yield findings; reporters at the
edge turn them into text, JSON or GitHub annotations; `Report.exit_code` turns
them into the exit status of SPEC §3. `findings.codes` is the registry of every
code a finding may carry (severity, Chinese text, seed clause).
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from ankao.slots import pickle_fields


class Severity(enum.StrEnum):
    """How serious a finding is; `error` fails the command (exit 1)."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def label(self) -> str:
        """The Chinese word shown to users."""
        return {"error": "错误", "warning": "警告", "info": "提示"}[self.value]


PathPart = str | int
"""One step of a data path: a mapping key or a list index."""


def format_path(parts: Sequence[PathPart]) -> str:
    """`("goals", "teaching", 1, "metric")` -> `goals.teaching[1].metric` (SPEC §3)."""
    out: list[str] = []
    for part in parts:
        if isinstance(part, int):
            out.append(f"[{part}]")
        elif out:
            out.append(f".{part}")
        else:
            out.append(part)
    return "".join(out)


@dataclass(frozen=True, slots=True)
class Finding:
    """One diagnostic: where, what code, how serious, and a Chinese message."""

    __reduce__ = pickle_fields

    file: str
    line: int
    column: int
    path: str
    code: str
    severity: Severity
    message: str

    @property
    def is_error(self) -> bool:
        """An error: the file (or the run) cannot be used as it is."""
        return self.severity is Severity.ERROR

    def as_dict(self) -> dict[str, object]:
        """The JSON shape of SPEC §3."""
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "path": self.path,
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
        }


def has_errors(findings: Iterable[Finding]) -> bool:
    """True when any of `findings` is an error: the one answer to "does this have errors"."""
    return any(f.severity is Severity.ERROR for f in findings)


def errors_of(findings: Iterable[Finding]) -> list[Finding]:
    """The errors among `findings`, in their order."""
    return [f for f in findings if f.severity is Severity.ERROR]


class Progress(Protocol):
    """Long work says how many steps it has, then each step done; a bar at the edge shows it."""

    def start(self, total: int) -> None: ...

    def advance(self, n: int) -> None: ...


class Locatable:
    """Anything with a `file` and a `locate(parts)`: it can place a finding at a data path."""

    __slots__ = ()
    file: str

    def locate(self, parts: Sequence[PathPart], *, key: bool = False) -> tuple[int, int]:
        raise NotImplementedError

    def finding(
        self,
        parts: Sequence[PathPart],
        code: str,
        message: str,
        severity: Severity = Severity.ERROR,
        *,
        key: bool = False,
    ) -> Finding:
        """A finding located at the data path `parts` of this file."""
        line, column = self.locate(parts, key=key)
        return Finding(self.file, line, column, format_path(parts), code, severity, message)


@dataclass(slots=True)
class Report:
    """The findings of one command run over some files.

    `extra` holds a command's own JSON keys beside `diagnostics` and `summary`
    (e.g. `stats`, `opinions`, `results`): the command line sets them from the
    typed result a core function returns (the core never does); `blocks` are
    callables that print a command's own tables in text output, after the findings.
    """

    files: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)
    blocks: list[Callable[[Any], None]] = field(default_factory=list)

    def extend(self, findings: Iterable[Finding]) -> None:
        self.findings.extend(findings)

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.is_error)

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity is Severity.WARNING)

    @property
    def exit_code(self) -> int:
        """0 when there is no error (warnings allowed), 1 otherwise (SPEC §3)."""
        return 1 if self.errors else 0

    def sorted_findings(self) -> list[Finding]:
        order = {name: i for i, name in enumerate(self.files)}
        return sorted(
            self.findings,
            key=lambda f: (order.get(f.file, len(order)), f.file, f.line, f.column, f.code),
        )

    def summary(self) -> dict[str, int]:
        return {"files": len(self.files), "errors": self.errors, "warnings": self.warnings}

    def as_dict(self) -> dict[str, object]:
        """The diagnostics object of SPEC §3."""
        return {
            "diagnostics": [f.as_dict() for f in self.sorted_findings()],
            "summary": self.summary(),
            **self.extra,
        }
