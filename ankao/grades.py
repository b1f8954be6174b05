"""Grade files (`grades/<YYYY>.yaml`) -> a checked grade history, and the consequences of a year.

Every grade file is loaded and schema-checked (the configured scale and finding
types patch the schema, so 合格 or “优 秀” is an error at its line); two files
claiming one year is an error at the later file's `year`; a unit that matches no
task book and no configured unit is a warning. Consequences are computed only
from input without errors: an unsure result about people is worse than none.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ankao.config import CONFIG_NAME, Config
from ankao.located import Loaded
from ankao.model import AnkaoError, Finding, PathPart, Report, Severity

if TYPE_CHECKING:
    # loaded where the grades are used: `ankao check` only checks the files (7 ms saved)
    from ankao.consequences import History, Policy, Result, Year
    from ankao.loading import Document
    from ankao.repository import Repository


@dataclass(slots=True)
class GradeFile:
    """One loaded grade file."""

    doc: Loaded

    @property
    def ok(self) -> bool:
        return self.doc.ok

    @property
    def year(self) -> int | None:
        year = self.doc.mapping.get("year")
        return year if isinstance(year, int) and not isinstance(year, bool) else None

    def record(self) -> Year:
        """The year's grades and conclusions (call only when `ok`)."""
        from ankao.consequences import Conclusion, Year

        data = self.doc.mapping
        conclusions = tuple(
            Conclusion(f["unit"], f["type"], str(f.get("note") or ""))
            for f in data.get("findings") or ()
        )
        return Year(dict(data.get("grades") or {}), conclusions)


def history_of(files: Iterable[Loaded]) -> dict[int, Year]:
    """The grade history: each year from the first file claiming it, where that file is usable."""
    claimed: dict[int, GradeFile] = {}
    for loaded in files:
        gf = GradeFile(loaded)
        if gf.year is not None and gf.year not in claimed:
            claimed[gf.year] = gf
    return {year: gf.record() for year, gf in sorted(claimed.items()) if gf.ok}


def grade_findings(files: Iterable[Loaded], known: set[str]) -> list[Finding]:
    """Across grade files: a year claimed twice, a name that disagrees, units nobody knows."""
    out: list[Finding] = []
    claimed: dict[int, GradeFile] = {}
    unknown: list[tuple[Loaded, list[PathPart], str, bool]] = []
    for loaded in files:
        gf = GradeFile(loaded)
        year = gf.year
        if year is not None:
            if year in claimed:
                first = claimed[year]
                line, _ = first.doc.locate(["year"])
                out.append(
                    loaded.finding(
                        ["year"],
                        "duplicate-year",
                        f"年度 {year} 已由 {first.doc.file}（第 {line} 行）给出；"
                        "同一年度只能有一个考核结果文件，请合并或改正年度",
                    )
                )
            else:
                claimed[year] = gf
                out.extend(_name_check(gf, year))
        if loaded.loaded and known:
            unknown.extend(
                (loaded, path, unit, key)
                for path, unit, key in _units_named(loaded)
                if unit not in known
            )
    out.extend(_unknown_units(unknown, known))
    return out


def _name_check(gf: GradeFile, year: int) -> list[Finding]:
    stem = Path(gf.doc.path).stem
    if stem.isdigit() and len(stem) == 4 and int(stem) != year:
        return [
            gf.doc.finding(
                ["year"],
                "year-mismatch",
                f"文件名是 {stem} 年，文件中的年度却是 {year}；请确认年度，或把文件改名为 {year}.yaml",
                Severity.WARNING,
            )
        ]
    return []


def _units_named(doc: Loaded) -> list[tuple[list[PathPart], str, bool]]:
    """(path, unit, at the key) of every unit a grade file names."""
    data = doc.mapping
    places: list[tuple[list[PathPart], str, bool]] = []
    grades = data.get("grades")
    if isinstance(grades, dict):
        places.extend((["grades", unit], unit, True) for unit in grades)
    findings = data.get("findings")
    if isinstance(findings, list):
        for i, item in enumerate(findings):
            if isinstance(item, dict) and isinstance(item.get("unit"), str):
                places.append((["findings", i, "unit"], item["unit"], False))
    return places


def _unknown_units(
    unknown: list[tuple[Loaded, list[PathPart], str, bool]], known: set[str]
) -> list[Finding]:
    """The typo guard, folded: each near miss its own warning; the rest in one per file.

    Eighteen warnings for units that simply have no book yet hid the one real typo.
    """
    out = []
    rest: dict[str, list[tuple[Loaded, list[PathPart], str, bool]]] = {}
    for loaded, path, unit, key in unknown:
        close = difflib.get_close_matches(unit, sorted(known), n=1, cutoff=0.6)
        if close:
            out.append(
                loaded.finding(
                    path,
                    "unknown-unit",
                    f"单位“{unit}”既没有任务书，也不在 ankao.yaml 的 units 中；"
                    f"是不是“{close[0]}”？",
                    Severity.WARNING,
                    key=key,
                )
            )
        else:
            rest.setdefault(loaded.file, []).append((loaded, path, unit, key))
    for items in rest.values():
        loaded, path, _, key = items[0]
        names = "、".join(dict.fromkeys(unit for _, _, unit, _ in items))
        out.append(
            loaded.finding(
                path,
                "unknown-unit",
                f"{len(dict.fromkeys(u for _, _, u, _ in items))} 个单位既没有任务书，"
                f"也不在 ankao.yaml 的 units 中：{names}。如果它们确实存在，请在 ankao.yaml "
                "的 units 中列出；否则请检查名称",
                Severity.WARNING,
                key=key,
            )
        )
    return out


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
    from ankao.consequences import consequences as year_consequences
    from ankao.consequences import latest_year, policy_of, timeline
    from ankao.repository import scan

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
        f
        for r in repo.results
        if r.kind == "config"
        for f in r.findings
        if f.severity is Severity.ERROR
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
    from ankao.consequences import missing_years

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
    from ankao.consequences import policy_of, problems

    config = repo.config
    if config.path is None or not config.grades or not problems(policy_of(config.grades)):
        return []
    from ankao.loading import load_file

    return config_findings(
        config, load_file(config.path, CONFIG_NAME, max_bytes=config.max_file_size)
    )


def config_findings(config: Config, config_doc: Document | None) -> list[Finding]:
    """Errors of `ankao.yaml` (they change every result) and rules that could never fire."""
    if config_doc is None:
        return []
    from ankao.validation import Settings, check_document

    errors = [
        f
        for f in check_document(config_doc, "config", Settings(config=config)).findings
        if f.severity is Severity.ERROR
    ]
    if errors or not config.grades:
        return errors
    from ankao.consequences import policy_of, problems

    return [
        config_doc.finding(list(path), "grade-rule", message)
        for path, message in problems(policy_of(config.grades))
    ]
