"""Every code as `ankao rules` shows it: the registry's text with the rules' severities and thresholds."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any

from ankao.findings import Severity
from ankao.findings.codes import BY_CODE, CODES, FAMILIES
from ankao.findings.codes.code import Code


@dataclass(frozen=True, slots=True)
class Entry:
    """A code as `ankao rules` shows it: the registry's text, the rule's severity and thresholds."""

    code: Code
    severity: Severity
    options: dict[str, Any]

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape of `ankao rules --format json`."""
        c = self.code
        return {
            "code": c.code,
            "family": c.family,
            "severity": self.severity.value,
            "title": c.title,
            "clause": c.clause,
            "summary": c.summary,
            "example": c.example,
            "detail": c.detail or c.summary,
            "options": self.options,
        }


def catalogue() -> list[Entry]:
    """Every code: the rules of `RULES` (their severity and thresholds), then the registry's others."""
    from ankao.rules import RULES  # the package this module is part of, loaded first

    entries: list[Entry] = []
    registered = {r.code for r in RULES}
    for r in RULES:
        entries.append(Entry(BY_CODE[r.code], r.severity, dict(r.options)))
    order = list(FAMILIES)
    for c in sorted(CODES, key=lambda c: order.index(c.family)):
        if c.code not in registered:
            entries.append(Entry(c, c.severity, {}))
    return entries


def lookup(code: str) -> Entry:
    """One code's entry; an `AnkaoError` naming the nearest codes when there is no such code."""
    from ankao.errors import AnkaoError

    entries = {e.code.code: e for e in catalogue()}
    if code in entries:
        return entries[code]
    close = difflib.get_close_matches(code, list(entries), n=3, cutoff=0.5)
    hint = f"；您是不是要输入 {' 或 '.join(close)}？" if close else ""
    raise AnkaoError(f"没有这个代码：{code}{hint}（ankao rules 列出全部代码）")
