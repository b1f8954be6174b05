"""`ankao assess` over a repository: one pass, the books asked for, their assessment and grades.

The pure computation is `ankao.model.progress`; this module reads the repository
once (`ankao.repository.layout.scan`), picks the units' books, reports the loading and
schema findings of their files (a broken book is left out, exit 1), adds a note
for a book without any actual, and hands the annual grades and the consequence
policy to the writers of the report.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ankao.errors import AnkaoError
from ankao.findings import Finding, Progress, Report, Severity
from ankao.grades.consequences import Policy, policy_of
from ankao.load.config import Config
from ankao.model.book import TaskBook
from ankao.model.grades import History
from ankao.model.progress import BookResult, assess_books
from ankao.repository.layout import unit_of

NOTE_CODE = "no-actuals"
"""The info finding saying a book has no actual yet (SPEC §8: no error, a note)."""


@dataclass(slots=True)
class Assessed:
    """What `ankao assess` found: the report, each book's result, the grades and policy."""

    report: Report
    results: list[BookResult]
    config: Config
    history: History
    policy: Policy


def _books(
    repo_books: list[TaskBook],
    broken: dict[str, list[str]],
    units: Sequence[str],
    report: Report,
    files: dict[str, list[Finding]],
) -> list[TaskBook]:
    """The books of `units` (all when empty); a broken one adds its findings to the report."""
    from ankao.model.build import find_book

    if not units:
        return repo_books
    chosen: list[TaskBook] = []
    for unit in dict.fromkeys(units):
        if not any(b.unit == unit for b in repo_books) and unit in broken:
            for file in broken[unit]:
                if file not in report.files:
                    report.files.append(file)
                    report.extend(files[file])
            continue
        chosen.append(find_book(repo_books, unit))
    return chosen


def assess_repository(
    root: Path,
    units: Sequence[str] = (),
    *,
    year: int | None = None,
    progress: Progress | None = None,
) -> Assessed:
    """Read the repository at `root` once and assess the books of `units` (all when empty) as of `year`."""
    from ankao.repository.grades import history_of
    from ankao.repository.scan import scan

    repo = scan(root, progress=progress)
    books = repo.books
    taskbooks = [r for r in repo.results if r.kind == "taskbook"]
    if not taskbooks:
        raise AnkaoError(f"没有找到任务书：{root / 'taskbooks'} 中应有 <单位>.yaml")
    files = {r.file: list(r.findings) for r in taskbooks}
    broken: dict[str, list[str]] = {}
    for r in taskbooks:
        if r.book is None and r.loaded is not None:
            broken.setdefault(unit_of(r.loaded), []).append(r.file)
    report = Report()
    if not units:
        report.files = [r.file for r in taskbooks]
        for r in taskbooks:
            report.extend(r.findings)
    chosen = _books(books, broken, units, report, files)
    for book in chosen:
        if book.file not in report.files:
            report.files.append(book.file)
            report.extend(f for f in files.get(book.file, []) if f.severity is not Severity.ERROR)
    results = assess_books(chosen, year, among=books)  # one as-of year for the run
    for result in results:
        for note in result.notes:
            report.findings.append(
                Finding(
                    result.book.file,
                    result.book.unit_line,
                    1,
                    "unit",
                    NOTE_CODE,
                    Severity.INFO,
                    f"{result.unit}：{note}",
                )
            )
    config = repo.config
    try:
        policy = policy_of(config.grades)
    except (KeyError, TypeError, ValueError):
        policy = policy_of(None)  # a malformed grades: section is reported by ankao validate
    return Assessed(report, results, config, history_of(repo.files("grades")), policy)
