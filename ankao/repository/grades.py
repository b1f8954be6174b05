"""Grade files (`grades/<YYYY>.yaml`) as records: the grade history they hold, and the checks of their units and years."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ankao.findings import Finding, PathPart, Severity
from ankao.model.located import Loaded

if TYPE_CHECKING:
    # loaded where the grades are used: `ankao check` only checks the files (7 ms saved)
    from ankao.model.grades import Year


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
        from ankao.model.grades import Conclusion, Year

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
