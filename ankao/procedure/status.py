"""`ankao status`: every unit's stage of the procedure, review round, open comments and check result.

One repository pass with the rules of `ankao check`; a row per unit (the units
of `ankao.yaml`, of the task books and of the approvals files), and findings
for what the office must act on: a book changed after its latest approval
(`changed-after-approval`, warning) and recorded stages out of order.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ankao.findings import Finding, Report, Severity
from ankao.model.book import TaskBook
from ankao.procedure.approvals import events_of, rounds_of
from ankao.procedure.row import UnitStatus
from ankao.procedure.stages import NOT_SUBMITTED, Event, label, order_findings
from ankao.repository.layout import unit_of

if TYPE_CHECKING:
    from ankao.model.located import Loaded
    from ankao.repository.lastterm import Comparison
    from ankao.repository.repo import Repository


@dataclass(slots=True)
class Status:
    """The outcome of `ankao status`: the rows shown and the report (all findings)."""

    units: list[UnitStatus]
    report: Report


def procedure_status(
    repo: Repository,
    *,
    stage: str | None = None,
    kind: str | None = None,
    today: datetime.date | None = None,
) -> Status:
    """Every unit's row (filtered by stage key / 未提交 / 起草中 and kind) and the report.

    A unit past a deadline of `ankao.yaml` (as of `today`) for a stage it has not
    reached is marked overdue (逾期).
    """
    index = _Index.of(repo, today or datetime.date.today())
    rows: list[UnitStatus] = []
    findings: list[Finding] = []
    for unit in index.order():
        row, found = index.row(unit)
        rows.append(row)
        findings.extend(found)
    shown = [r for r in rows if _wanted(r, stage, kind)]
    report = repo.report()
    report.extend(findings)
    if stage is not None or kind is not None:
        keep = set().union(*(r.files for r in shown)) if shown else set()
        report.files = [f for f in report.files if f in keep]
        report.findings = [f for f in report.findings if f.file in keep]
    return Status(shown, report)


@dataclass(slots=True)
class _Index:
    """What the rows are made of, gathered from the repository once."""

    repo: Repository
    day: datetime.date
    books: dict[str, list[TaskBook]] = field(default_factory=dict)
    broken: dict[str, list[str]] = field(default_factory=dict)
    """Task book files with errors (no model), by the unit they name."""
    broken_kind: dict[str, str] = field(default_factory=dict)
    approvals: dict[str, Loaded] = field(default_factory=dict)
    reviews: dict[str, Any] = field(default_factory=dict)
    counts: dict[str, tuple[int, int]] = field(default_factory=dict)
    """(errors, warnings) of each file."""
    review_files: dict[str, set[str]] = field(default_factory=dict)
    comparison: Comparison | None = None

    @classmethod
    def of(cls, repo: Repository, day: datetime.date) -> _Index:
        from ankao.reviews.status import unit_statuses

        index = cls(repo, day)
        for b in repo.books:
            index.books.setdefault(b.unit, []).append(b)
        for r in repo.results:
            if r.kind == "taskbook" and r.book is None and r.loaded is not None:
                unit = unit_of(r.loaded)
                index.broken.setdefault(unit, []).append(r.file)
                k = r.loaded.mapping.get("kind")
                if isinstance(k, str):
                    index.broken_kind[unit] = k
        for loaded in repo.files("approval"):
            index.approvals.setdefault(unit_of(loaded), loaded)
        index.reviews = unit_statuses(repo)
        for r in repo.results:
            index.counts[r.file] = _count(r.findings)
        for f in repo.findings:
            e, w = index.counts.get(f.file, (0, 0))
            index.counts[f.file] = (e + f.is_error, w + (f.severity is Severity.WARNING))
        for k in ("review", "response"):
            for loaded in repo.files(k):
                index.review_files.setdefault(Path(loaded.path).parent.name, set()).add(loaded.file)
        index.comparison = previous_term(repo)
        return index

    def order(self) -> list[str]:
        """Every unit once: those of ankao.yaml, then of the books, broken books, approvals."""
        order = [*self.repo.config.units, *(b.unit for b in self.repo.books)]
        order.extend(sorted(self.broken))
        order.extend(sorted(self.approvals))
        return list(dict.fromkeys(order))

    def row(self, unit: str) -> tuple[UnitStatus, list[Finding]]:
        """One unit's row and the findings of its approvals record."""
        mine = self.books.get(unit, [])
        book = mine[0] if len(mine) == 1 else None
        reviewed = self.review_files.get(unit, set())
        files = {b.file for b in mine} | set(self.broken.get(unit, [])) | reviewed
        errors = sum(self.counts.get(f, (0, 0))[0] for f in files if f not in reviewed)
        warnings = sum(self.counts.get(f, (0, 0))[1] for f in files if f not in reviewed)
        record = self.approvals.get(unit)
        events: list[Event] = []
        findings: list[Finding] = []
        if record is not None:
            files.add(record.file)
            events = rounds_of(events_of(record.data))
            findings.extend(_order_findings(record, events))
            findings.extend(_future_findings(record, events, self.day))
        rounds = self.reviews.get(unit, [])
        numbers = [s.round for s in rounds] + [e.round for e in events if e.round is not None]
        targets = book.targets if book is not None else []
        quantitative = sum(1 for t in targets if t.quantitative)
        row = UnitStatus(
            unit=unit,
            kind=book.kind
            if book is not None
            else self.repo.config.units.get(unit) or self.broken_kind.get(unit),
            stage=events[-1].stage if events else None,
            stage_date=events[-1].date if events else None,
            round=max(numbers) if numbers else None,
            open_comments=sum(len(s.open) for s in rounds),
            errors=errors,
            warnings=warnings,
            quantitative_share=quantitative / len(targets) if targets else None,
            changed_after_approval=False,
            submitted=bool(mine or self.broken.get(unit)),
            targets=len(targets),
            quantitative=quantitative,
            book=book,
            files=files,
        )
        findings.extend(self._follow_up(row, record, events, book))
        return row, findings

    def _follow_up(
        self, row: UnitStatus, record: Loaded | None, events: list[Event], book: TaskBook | None
    ) -> list[Finding]:
        """The last term's counts, the deadlines missed, a book changed after its approval."""
        from ankao.procedure.counts import overdue_stages

        if self.comparison is not None and book is not None:
            # None for a unit without a book of the last term: nothing to carry over
            row.carried_over = self.comparison.carried.get(book.file)
            row.below_record = self.comparison.flagged.get(book.file)
        row.overdue = overdue_stages(row, self.repo.config.deadlines, self.day)
        if record is None or book is None:
            return []
        changed = _changed(record, events, book)
        if changed is None:
            return []
        row.changed_after_approval = True
        row.warnings += 1
        return [changed]


def previous_term(repo: Repository) -> Comparison | None:
    """The pass's comparison with the last term, when `previous_term` was set and read."""
    found = repo.cache.get("previous_term")
    return found if found is not None and found.active else None


def _count(findings: Iterable[Finding]) -> tuple[int, int]:
    errors = warnings = 0
    for f in findings:
        if f.is_error:
            errors += 1
        elif f.severity is Severity.WARNING:
            warnings += 1
    return errors, warnings


def _wanted(row: UnitStatus, stage: str | None, kind: str | None) -> bool:
    if kind is not None and row.kind != kind:
        return False
    if stage is None:
        return True
    if stage == "none":
        return row.label == NOT_SUBMITTED
    if stage == "draft":
        return row.submitted and row.stage is None
    return row.stage == stage


def _order_findings(record: Loaded, events: list[Event]) -> list[Finding]:
    """Recorded stages that break the order of SPEC §7, at their event."""
    return [
        record.finding(["events", e.index], refusal.code, refusal.message)
        for e, refusal in order_findings(events)
    ]


def _future_findings(record: Loaded, events: list[Event], today: datetime.date) -> list[Finding]:
    """Recorded stages dated after today (SPEC §7: dates never lie after today), at their date."""
    from ankao.procedure.gates import future_date

    out = []
    for e in events:
        message = future_date(e.date, today)
        if message is not None:
            out.append(record.finding(["events", e.index, "date"], "stage-date", message))
    return out


def _changed(record: Loaded, events: list[Event], book: TaskBook) -> Finding | None:
    """`changed-after-approval` when the book differs from its latest fingerprinted event."""
    last = next((e for e in reversed(events) if e.fingerprint), None)
    if last is None or last.fingerprint == book.fingerprint:
        return None
    return record.finding(
        ["events", last.index, "fingerprint"],
        "changed-after-approval",
        f"任务书 {book.file} 在“{label(last.stage, last.round)}”（{last.date}）之后又被改动过："
        "它的指纹与该环节记下的不同。请核对改动（ankao diff），需要时重新履行审核程序",
        Severity.WARNING,
    )


def stage_filter(text: str) -> str:
    """`--stage` as typed (English key, Chinese name, 未提交, 起草中) -> key, `none` or `draft`."""
    from ankao.errors import AnkaoError
    from ankao.procedure.stages import DRAFTING, choices, parse_stage

    name = text.strip()
    if name in (NOT_SUBMITTED, "none"):
        return "none"
    if name in (DRAFTING, "draft"):
        return "draft"
    try:
        return parse_stage(name)[0]
    except ValueError:
        raise AnkaoError(f"没有“{text}”这个环节；可用：未提交、起草中、{choices()}") from None
