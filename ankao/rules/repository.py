"""Checks that span files of one repository (SPEC §3 "repository").

Run by the repository pass when the whole repository is read: two task books
for one unit, the rounds of each unit's review files (duplicate comment ids, a
`ref` the book no longer has, an answer to no comment, a response without
reviews, a skipped round), and grade files naming units nobody knows.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from ankao.model import BookOutline, Finding, Severity

if TYPE_CHECKING:
    from ankao.repository import Repository


def repository_findings(repo: Repository) -> list[Finding]:
    """Every cross-file finding of a repository read whole."""
    from ankao.grades import grade_findings

    out = duplicate_units(repo.outlines)
    out.extend(kind_mismatches(repo.outlines, repo.config.units))
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
    from ankao.taskbook import KINDS

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


def review_findings(repo: Repository) -> list[Finding]:
    """The rounds of every unit's review files, checked against the unit's book."""
    from ankao.reviews.files import check_round, review_units, round_gaps, rounds_and_twins
    from ankao.reviews.index import known_refs

    books: dict[str, list[BookOutline]] = defaultdict(list)
    for book in repo.outlines:
        books[book.unit].append(book)
    known = repo.units | {str(f.mapping.get("unit")) for f in repo.files("taskbook")}
    units = sorted(review_units(repo))
    out: list[Finding] = []
    for unit in units:
        rounds, twins = rounds_and_twins(repo, unit)
        out.extend(twins)
        if not rounds:
            continue
        mine = books.get(unit, [])
        index = known_refs(mine[0]) if len(mine) == 1 else None
        if not mine and unit not in known:
            first = next(iter(rounds.values()))[0]
            out.append(
                Finding(
                    first.source.display,
                    1,
                    1,
                    "",
                    "unknown-unit",
                    Severity.ERROR,
                    f"没有单位“{unit}”的任务书（reviews/{unit}/ 中的审核意见无处对应）",
                )
            )
        for files in rounds.values():
            out.extend(check_round(files, index, place=False))
        out.extend(round_gaps(rounds))
    return out
