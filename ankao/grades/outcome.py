"""Grade files (`grades/<YYYY>.yaml`) -> a checked grade history, and the consequences of a year.

Every grade file is loaded and schema-checked (the configured scale and finding
types patch the schema, so 合格 or “优 秀” is an error at its line); two files
claiming one year is an error at the later file's `year`; a unit that matches no
task book and no configured unit is a warning. Consequences are computed only
from input without errors: an unsure result about people is worse than none.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ankao.errors import AnkaoError
from ankao.findings import Finding, Report, Severity
from ankao.load.config import CONFIG_NAME, Config
from ankao.model.grades import Year
from ankao.model.located import Loaded
from ankao.repository.grades import GradeFile, history_of

if TYPE_CHECKING:
    # loaded where the grades are used: `ankao check` only checks the files (7 ms saved)
    from ankao.grades.consequences import Policy, Result
    from ankao.load.document import Document
    from ankao.model.grades import History
    from ankao.repository.repo import Repository


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
    """Read the repository at `root` once; compute the consequences from its grade files."""
    from ankao.grades.consequences import consequences as year_consequences
    from ankao.grades.consequences import latest_year, policy_of, timeline
    from ankao.repository.scan import scan

    missing = f"没有找到考核结果文件：{root / 'grades'} 中应有 <年度>.yaml，例如 grades/2025.yaml"
    folder = root / "grades"
    # one folder, before the whole pass; one that cannot be listed is the pass's to report
    listable = folder.is_dir() and os.access(folder, os.R_OK | os.X_OK)
    if not folder.is_dir() or (listable and not any(folder.glob("*.y*ml"))):
        raise AnkaoError(missing)
    repo = scan(root)
    config = repo.config
    files = repo.files("grades")
    if not files:
        raise AnkaoError(missing)
    report = Report(files=[f.file for f in files])
    for f in files:
        report.extend(f.findings)
    config_errors = [
        f for r in repo.results if r.kind == "config" for f in r.findings if f.is_error
    ]
    config_errors += [f for f in repo.findings if f.file == CONFIG_NAME]
    if config_errors or config.path is not None:
        report.files.append(CONFIG_NAME)
    own = config_errors or _grade_rule_findings(repo)
    report.extend(own)
    mine = {f.file for f in files}
    report.extend(f for f in repo.findings if f.file in mine)
    grades = history_of(files)
    rules = policy_of(None if config_errors else config.grades)
    if report.errors:
        return Outcome(report, config, rules, grades, year)
    if year is None:
        year = latest_year(grades)
    elif year not in grades and not history:
        have = "、".join(str(y) for y in sorted(grades)) or "（没有）"
        raise AnkaoError(f"grades/ 中没有 {year} 年的考核结果（已有年度：{have}）")
    if year is None:
        raise AnkaoError("grades/ 中的考核结果文件都没有写等次或结论")
    report.extend(_gap_findings(files, grades, year, rules, config))
    if history:
        results = timeline(grades, rules, until=year)
    else:
        results = year_consequences(grades, year, rules)
    return Outcome(report, config, rules, grades, year, results)


def _gap_findings(
    files: Iterable[Loaded], grades: dict[int, Year], year: int, rules: Policy, config: Config
) -> list[Finding]:
    """`grade-year-missing`: one line per year missing between two on record, at the next year's file."""
    from ankao.grades.consequences import missing_years

    severity = config.severity("grade-year-missing", Severity.WARNING)
    if severity is None:
        return []

    by_year = {gf.year: gf.doc for gf in map(GradeFile, files) if gf.year is not None}
    out = []
    for gap in missing_years(grades, year, rules):
        before = max(y for y in grades if y < gap)
        after = min(y for y in grades if y > gap)
        doc = by_year[after]
        out.append(
            doc.finding(
                ["year"],
                "grade-year-missing",
                f"grades/ 中有 {before} 年和 {after} 年的考核结果，缺少 {gap} 年（grades/{gap}.yaml）："
                f"“连续”无法跨过 {gap} 年判断，跨过它的单位暂按不连续计算；请补上该年度的考核结果",
                severity,
            )
        )
    return out


def _grade_rule_findings(repo: Repository) -> list[Finding]:
    """Grade rules in ankao.yaml that could never fire."""
    from ankao.grades.consequences import policy_of, problems

    config = repo.config
    if config.path is None or not config.grades or not problems(policy_of(config.grades)):
        return []
    from ankao.load.document import load_file

    return config_findings(
        config, load_file(config.path, CONFIG_NAME, max_bytes=config.max_file_size)
    )


def config_findings(config: Config, config_doc: Document | None) -> list[Finding]:
    """Errors of `ankao.yaml` (they change every result) and rules that could never fire."""
    if config_doc is None:
        return []
    from ankao.repository.checking import Settings, check_document

    errors = [
        f
        for f in check_document(config_doc, "config", Settings(config=config)).findings
        if f.is_error
    ]
    if errors or not config.grades:
        return errors
    from ankao.grades.consequences import policy_of, problems

    return [
        config_doc.finding(list(path), "grade-rule", message)
        for path, message in problems(policy_of(config.grades))
    ]
