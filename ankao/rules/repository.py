"""Checks that span files of one repository (SPEC §3 "repository").

Run by the repository pass when the whole repository is read: two task books
for one unit, the rounds of each unit's review files (duplicate comment ids, a
`ref` the book no longer has, an answer to no comment, a response without
reviews, a skipped round), and grade files naming units nobody knows.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING

from ankao.model import BookOutline, Finding, Severity

if TYPE_CHECKING:
    from ankao.located import Loaded
    from ankao.repository import Repository
    from ankao.reviews.files import RoundFile
    from ankao.validation import FileResult


def repository_findings(repo: Repository, reviews: list[Finding] | None = None) -> list[Finding]:
    """Every cross-file finding of a repository read whole (`reviews`: the review checks,
    when `ReviewChecks` already made them as the files came)."""
    from ankao.grades import grade_findings

    out = duplicate_units(repo.outlines)
    out.extend(kind_mismatches(repo.outlines, repo.config.units))
    out.extend(reviews if reviews is not None else review_findings(repo))
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
    from ankao.reviews.files import review_units

    books: dict[str, list[BookOutline]] = defaultdict(list)
    for book in repo.outlines:
        books[book.unit].append(book)
    known = repo.units | {
        unit for f in repo.files("taskbook") if (unit := _named_unit(f)) is not None
    }
    groups = review_units(repo)
    out: list[Finding] = []
    for unit in sorted(groups):
        out.extend(unit_review_findings(unit, groups[unit], books.get(unit, []), known))
    return out


def _named_unit(book: Loaded) -> str | None:
    """The unit a task book's record names: a book with errors has no outline, but its
    `unit:` still makes the unit's review folder known (None when it names none)."""
    unit = book.mapping.get("unit")
    return None if unit is None else str(unit)


def unit_review_findings(
    unit: str, files: list[RoundFile], mine: list[BookOutline], known: set[str]
) -> list[Finding]:
    """One unit's rounds checked against its book (`mine`: its books, one unless twice)."""
    from ankao.reviews.files import check_round, round_gaps, rounds_of
    from ankao.reviews.index import known_refs

    rounds, twins = rounds_of(files)
    out = list(twins)
    if not rounds:
        return out
    refs = known_refs(mine[0]) if len(mine) == 1 else None
    if not mine and unit not in known:
        first = next(iter(rounds.values()))[0]
        out.append(
            Finding(
                first.display,
                1,
                1,
                "",
                "unknown-unit",
                Severity.ERROR,
                f"没有单位“{unit}”的任务书（reviews/{unit}/ 中的审核意见无处对应）",
            )
        )
    for round_files in rounds.values():
        out.extend(check_round(round_files, refs))
    out.extend(round_gaps(rounds))
    return out


class ReviewChecks:
    """The review checks of each unit, run as the pass hands back its files.

    A whole repository comes in its order: every task book before any review
    file, and each unit's review folder in one run. A unit is checked as soon as
    the next folder begins, while the workers are still reading the rest, instead
    of after the last file. Files out of that order (a book after a review, a
    folder seen twice) leave every unit to the check at the end: `finish` says so.
    """

    def __init__(self, config_units: Iterable[str]) -> None:
        self.books: dict[str, list[BookOutline]] = defaultdict(list)
        self.known: set[str] = set(config_units)
        self.found: list[Finding] = []
        self.done: set[str] = set()
        self.unit: str | None = None
        self.files: list[RoundFile] = []
        self.in_order = True
        self.reviews_began = False

    def add(self, result: FileResult) -> None:
        """Take one file's result, in the order of the pass."""
        from ankao.reviews.files import RoundFile

        if result.kind == "taskbook":
            if self.reviews_began:
                self.in_order = False
            if result.outline is not None:
                self.books[result.outline.unit].append(result.outline)
                self.known.add(result.outline.unit)
            elif result.loaded is not None and (unit := _named_unit(result.loaded)) is not None:
                self.known.add(unit)
            return
        if result.kind not in ("review", "response") or result.loaded is None:
            return
        found = RoundFile.of(result.loaded)
        if found is None:
            return
        self.reviews_began = True
        unit = found.folder
        if unit != self.unit:
            self._close()
            if unit in self.done:
                self.in_order = False
            self.unit = unit
        self.files.append(found)

    def _close(self) -> None:
        if self.unit is not None and self.in_order:
            books = self.books.get(self.unit, [])
            self.found.extend(unit_review_findings(self.unit, self.files, books, self.known))
            self.done.add(self.unit)
        self.unit, self.files = None, []

    def finish(self) -> list[Finding] | None:
        """Every unit's findings; None when the files came out of order (check them whole)."""
        self._close()
        return self.found if self.in_order else None
