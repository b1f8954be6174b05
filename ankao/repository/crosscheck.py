"""Checks that span files of one repository (SPEC §3 "repository").

Run by the repository pass when the whole repository is read: two task books
for one unit, the rounds of each unit's review files (duplicate comment ids, a
`ref` the book no longer has, an answer to no comment, a response without
reviews, a skipped round), and grade files naming units nobody knows.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from ankao.findings import Finding, Severity
from ankao.model.book import BookOutline
from ankao.repository.layout import unit_of
from ankao.repository.reviews import FolderCheck, folder_check

if TYPE_CHECKING:
    from ankao.repository.repo import Repository


def repository_findings(repo: Repository) -> list[Finding]:
    """Every cross-file finding of a repository read whole."""
    from ankao.repository.grades import grade_findings

    out = duplicate_units(repo.outlines)
    out.extend(kind_mismatches(repo.outlines, repo.config.units))
    out.extend(unlisted_units(repo.outlines, repo.config.units))
    out.extend(review_findings(repo))
    out.extend(grade_findings(repo.files("grades"), repo.units))
    return out


def duplicate_units(books: list[BookOutline]) -> list[Finding]:
    """`duplicate-unit`: two or more books with one `unit:`, each named at its `unit:` line."""
    by_unit: dict[str, list[BookOutline]] = defaultdict(list)
    for book in books:
        by_unit[book.unit].append(book)
    out = []
    for unit, same in by_unit.items():
        if len(same) < 2:
            continue
        for book in same:
            others = "、".join(f"{b.file}:{b.unit_line}" for b in same if b is not book)
            out.append(
                Finding(
                    book.file,
                    book.unit_line,
                    1,
                    "unit",
                    "duplicate-unit",
                    Severity.ERROR,
                    f"单位“{unit}”还有一本任务书：{others}。每个单位只能有一本任务书"
                    "（副本请删除或移出 taskbooks/），否则无法确定审核、生成和考核用哪一本",
                )
            )
    return out


def kind_mismatches(books: list[BookOutline], units: dict[str, str]) -> list[Finding]:
    """`unit-kind`: a book whose kind differs from the kind `ankao.yaml` lists its unit with."""
    from ankao.model.sections import KINDS

    out = []
    for book in books:
        listed = units.get(book.unit)
        if listed is not None and listed != book.kind:
            out.append(
                book.finding(
                    ["kind"],
                    "unit-kind",
                    f"类别是 {book.kind}（{KINDS.get(book.kind, book.kind)}），"
                    f"而 ankao.yaml 的 units 中“{book.unit}”是 {listed}"
                    f"（{KINDS.get(listed, listed)}）：请改正其中一处",
                )
            )
    return out


def unlisted_units(books: list[BookOutline], units: dict[str, str]) -> list[Finding]:
    """`unit-not-listed`: where ankao.yaml lists the units, a book whose unit is not among them."""
    if not units:
        return []
    from ankao.model.build import near_miss

    out = []
    for book in books:
        if book.unit not in units:
            hint = near_miss(book.unit, units) or "；名单有误时请在 ankao.yaml 的 units 中补上"
            out.append(
                book.finding(
                    ["unit"],
                    "unit-not-listed",
                    f"单位“{book.unit}”不在 ankao.yaml 的 units 中{hint}",
                    Severity.WARNING,
                )
            )
    return out


def review_findings(repo: Repository) -> list[Finding]:
    """Every unit's review folder, settled against the books: its own findings, made where
    the pass read its files (`FolderCheck`), and those that need the unit's book.

    A folder the pass read file by file (a large one) is checked here, from its records.
    """
    from ankao.repository.unitreviews import review_units

    books: dict[str, list[BookOutline]] = defaultdict(list)
    for book in repo.outlines:
        books[book.unit].append(book)
    known = repo.units | {unit_of(f) for f in repo.files("taskbook")}
    checks = [r.folder for r in repo.results if r.folder is not None]
    done = {check.unit for check in checks}
    checks.extend(
        folder_check(unit, files) for unit, files in review_units(repo).items() if unit not in done
    )
    checks.sort(key=_by_unit)
    quoted = repo.config.severity("quote-mismatch", Severity.WARNING)
    out: list[Finding] = []
    for check in checks:
        out.extend(check.settle(books.get(check.unit, []), known))
        out.extend(check.quote_findings(books.get(check.unit, []), quoted))
    return out


def _by_unit(check: FolderCheck) -> str:
    return check.unit
