"""Checks that span files of one repository (SPEC §3 "repository").

Run by the repository pass when the whole repository is read: two task books
for one unit, the rounds of each unit's review files (duplicate comment ids, a
`ref` the book no longer has, an answer to no comment, a response without
reviews, a skipped round), and grade files naming units nobody knows.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ankao.model import BookOutline, Finding, Locatable, Severity, pickle_fields

if TYPE_CHECKING:
    from ankao.located import Loaded
    from ankao.repository import Repository
    from ankao.reviews.files import RoundFile


def repository_findings(repo: Repository) -> list[Finding]:
    """Every cross-file finding of a repository read whole."""
    from ankao.grades import grade_findings

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


def unlisted_units(books: list[BookOutline], units: dict[str, str]) -> list[Finding]:
    """`unit-not-listed`: where ankao.yaml lists the units, a book whose unit is not among them."""
    if not units:
        return []
    from ankao.books import near_miss

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
    from ankao.reviews.files import review_units

    books: dict[str, list[BookOutline]] = defaultdict(list)
    for book in repo.outlines:
        books[book.unit].append(book)
    known = repo.units | {
        unit for f in repo.files("taskbook") if (unit := _named_unit(f)) is not None
    }
    checks = [r.folder for r in repo.results if r.folder is not None]
    done = {check.unit for check in checks}
    checks.extend(
        folder_check(unit, files) for unit, files in review_units(repo).items() if unit not in done
    )
    checks.sort(key=_by_unit)
    out: list[Finding] = []
    for check in checks:
        out.extend(check.settle(books.get(check.unit, []), known))
    return out


def _by_unit(check: FolderCheck) -> str:
    return check.unit


def _named_unit(book: Loaded) -> str | None:
    """The unit a task book's record names: a book with errors has no outline, but its
    `unit:` still makes the unit's review folder known (None when it names none)."""
    unit = book.mapping.get("unit")
    return None if unit is None else str(unit)


@dataclass(slots=True)
class FolderCheck:
    """One unit's review folder (`reviews/<单位>/`), checked where its files were read.

    What the folder shows by itself is found there, in a worker of the pass: a second
    file of one reviewer and round, a comment id used twice in a round, an answer to no
    comment, a response without reviews, a skipped round. What needs the books waits
    for the end of the pass (`settle`): the `ref` each comment names, and whether the
    unit has a book at all. So only findings and refs leave the worker, not the files.
    """

    __reduce__ = pickle_fields

    unit: str
    """The folder's name: the unit whose task book its comments are about."""
    first: str | None
    """The file an `unknown-unit` finding is placed at (None when the folder has no round)."""
    findings: list[Finding] = field(default_factory=list)
    refs: list[tuple[Locatable, int, str]] = field(default_factory=list)
    """(review file, comment index, the `ref` it names), for every usable comment."""

    def settle(self, mine: list[BookOutline], known: set[str]) -> list[Finding]:
        """All its findings, given the unit's books (`mine`: one, unless twice) and every
        unit known to the repository."""
        from ankao.reviews.files import unknown_ref
        from ankao.reviews.index import known_refs

        out = list(self.findings)
        if self.first is None:
            return out
        if not mine and self.unit not in known:
            out.append(
                Finding(
                    self.first,
                    1,
                    1,
                    "",
                    "unknown-unit",
                    Severity.ERROR,
                    f"没有单位“{self.unit}”的任务书（reviews/{self.unit}/ 中的审核意见无处对应）",
                )
            )
        if len(mine) == 1 and self.refs:  # a missing book, or two, cannot tell which are gone
            refs = known_refs(mine[0])
            for where, index, ref in self.refs:
                if ref not in refs:
                    out.append(
                        where.finding(["comments", index, "ref"], "unknown-ref", unknown_ref(ref))
                    )
        return out


def folder_check(unit: str, files: list[RoundFile]) -> FolderCheck:
    """The checks of one unit's review and response files that need no book."""
    from ankao.reviews.files import check_round, round_gaps, rounds_of

    rounds, twins = rounds_of(files)
    check = FolderCheck(unit, None, list(twins))
    if not rounds:
        return check
    check.first = next(iter(rounds.values()))[0].display
    for round_files in rounds.values():
        check.findings.extend(check_round(round_files, check.refs))
    check.findings.extend(round_gaps(rounds))
    return check
