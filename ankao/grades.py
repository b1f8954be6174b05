"""Grade files (`grades/<YYYY>.yaml`) -> a checked grade history, and the consequences of a year.

Every grade file is loaded and schema-checked (the configured scale and finding
types patch the schema, so 合格 or “优 秀” is an error at its line); two files
claiming one year is an error at the later file's `year`; a unit that matches no
task book and no configured unit is a warning. Consequences are computed only
from input without errors: an unsure result about people is worse than none.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ankao.config import Config
from ankao.consequences import (
    Conclusion,
    History,
    Policy,
    Result,
    Year,
    latest_year,
    policy_of,
    problems,
    timeline,
)
from ankao.consequences import consequences as year_consequences
from ankao.loading import Document, load_file
from ankao.model import AnkaoError, Finding, Report, Severity
from ankao.repository import SourceFile, repository_files


@dataclass(slots=True)
class GradeFile:
    """One loaded grade file and its findings."""

    source: SourceFile
    doc: Document
    findings: list[Finding]

    @property
    def ok(self) -> bool:
        return self.doc.loaded and not any(f.severity is Severity.ERROR for f in self.findings)

    @property
    def year(self) -> int | None:
        data = self.doc.data
        year = data.get("year") if isinstance(data, dict) else None
        return year if isinstance(year, int) and not isinstance(year, bool) else None

    def record(self) -> Year:
        """The year's grades and conclusions (call only when `ok`)."""
        data: dict[str, Any] = self.doc.data
        conclusions = tuple(
            Conclusion(f["unit"], f["type"], str(f.get("note") or "")) for f in data.get("findings") or ()
        )
        return Year(dict(data.get("grades") or {}), conclusions)


@dataclass(slots=True)
class Grades:
    """The grade history of a repository, with the findings about its files."""

    files: list[GradeFile] = field(default_factory=list)
    history: dict[int, Year] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> bool:
        return any(f.severity is Severity.ERROR for f in self.findings)


def load_grade_file(source: SourceFile, config: Config) -> GradeFile:
    """Load and schema-check one grade file (the `ankao validate` checks)."""
    from ankao.validation import Settings, check_document

    doc = load_file(source.path, source.display, max_bytes=config.max_file_size)
    from ankao.names import name_findings

    result = check_document(doc, "grades", Settings(config=config))
    return GradeFile(source, doc, result.findings + name_findings(doc, "grades"))


def load_grades(sources: Iterable[SourceFile], config: Config, known: set[str]) -> Grades:
    """Every grade file checked, years made unique, units checked against `known` (if any)."""
    out = Grades()
    claimed: dict[int, GradeFile] = {}
    for source in sources:
        gf = load_grade_file(source, config)
        out.files.append(gf)
        year = gf.year
        if year is not None:
            if year in claimed:
                first = claimed[year]
                line, _ = first.doc.locate(["year"])
                gf.findings.append(gf.doc.finding(
                    ["year"], "duplicate-year",
                    f"年度 {year} 已由 {first.source.display}（第 {line} 行）给出；"
                    "同一年度只能有一个考核结果文件，请合并或改正年度"))
            else:
                claimed[year] = gf
                gf.findings.extend(_name_check(gf, year))
        if gf.doc.loaded and known:
            gf.findings.extend(_unit_checks(gf.doc, known))
        out.findings.extend(gf.findings)
    for year, gf in claimed.items():
        if gf.ok:
            out.history[year] = gf.record()
    return out


def _name_check(gf: GradeFile, year: int) -> list[Finding]:
    stem = gf.source.path.stem
    if stem.isdigit() and len(stem) == 4 and int(stem) != year:
        return [gf.doc.finding(["year"], "year-mismatch",
                               f"文件名是 {stem} 年，文件中的年度却是 {year}；请确认年度，或把文件改名为 {year}.yaml",
                               Severity.WARNING)]
    return []


def _unit_checks(doc: Document, known: set[str]) -> list[Finding]:
    data = doc.data if isinstance(doc.data, dict) else {}
    places: list[tuple[list[str | int], str, bool]] = []
    grades = data.get("grades")
    if isinstance(grades, dict):
        places.extend((["grades", unit], unit, True) for unit in grades)
    findings = data.get("findings")
    if isinstance(findings, list):
        for i, item in enumerate(findings):
            if isinstance(item, dict) and isinstance(item.get("unit"), str):
                places.append((["findings", i, "unit"], item["unit"], False))
    out = []
    for path, unit, key in places:
        if unit in known:
            continue
        close = difflib.get_close_matches(unit, sorted(known), n=1, cutoff=0.6)
        hint = f"是不是“{close[0]}”？" if close else "请检查单位名称是否写错"
        out.append(doc.finding(path, "unknown-unit",
                               f"单位“{unit}”既没有任务书，也不在 ankao.yaml 的 units 中；{hint}",
                               Severity.WARNING, key=key))
    return out


def config_findings(config: Config, config_doc: Document | None) -> list[Finding]:
    """Errors of `ankao.yaml` (they change every result) and rules that could never fire."""
    if config_doc is None:
        return []
    from ankao.validation import Settings, check_document

    errors = [f for f in check_document(config_doc, "config", Settings(config=config)).findings
              if f.severity is Severity.ERROR]
    if errors or not config.grades:
        return errors
    return [config_doc.finding(list(path), "grade-rule", message) for path, message in problems(policy_of(config.grades))]


@dataclass(slots=True)
class Outcome:
    """What `ankao consequences` found: the report, and the results when the input allowed them."""

    report: Report
    config: Config
    policy: Policy
    history: History
    year: int | None = None
    results: list[Result] | None = None
    """None when the input has errors (nothing is computed)."""


def outcome(root: Path, *, year: int | None = None, history: bool = False) -> Outcome:
    """Load config, books and grade files of the repository at `root`; compute the consequences."""
    from ankao.books import known_units, load_books
    from ankao.config import load_config

    config, config_doc = load_config(root)
    sources = [s for s in repository_files(root) if s.kind == "grades"]
    if not sources:
        raise AnkaoError(f"没有找到考核结果文件：{root / 'grades'} 中应有 <年度>.yaml，例如 grades/2025.yaml")
    report = Report(files=[s.display for s in sources])
    own = config_findings(config, config_doc)
    if config_doc is not None:
        report.files.append(config_doc.file)
        report.extend(own)
    grades = load_grades(sources, config, known_units(load_books(root, config), config))
    report.extend(grades.findings)
    rules = policy_of(None if own else config.grades)
    if report.errors:
        return Outcome(report, config, rules, grades.history, year)
    if year is None:
        year = latest_year(grades.history)
    elif year not in grades.history and not history:
        have = "、".join(str(y) for y in sorted(grades.history)) or "（没有）"
        raise AnkaoError(f"grades/ 中没有 {year} 年的考核结果（已有年度：{have}）")
    if year is None:
        raise AnkaoError("grades/ 中的考核结果文件都没有写等次或结论")
    if history:
        results = timeline(grades.history, rules, until=year)
    else:
        results = year_consequences(grades.history, year, rules)
    return Outcome(report, config, rules, grades.history, year, results)
