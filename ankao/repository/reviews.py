"""The review and response files of a unit (`reviews/<单位>/r<N>-*.yaml`), loaded and cross-checked.

Loading and schema findings come from `ankao.repository.checking`; this module adds what
only the set of a round's files shows: a unit or round that disagrees with the
file's place, a comment id used twice in a round, a `ref` the task book no
longer has, an answer to a comment nobody made.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ankao.findings import Finding, Locatable, Severity
from ankao.model.book import BookOutline
from ankao.model.located import Loaded
from ankao.model.refs import PARTS
from ankao.repository.layout import REVIEW_NAME, review_folder
from ankao.slots import pickle_fields

if TYPE_CHECKING:
    from ankao.load.document import Document

ANSWERS = ("采纳", "部分采纳", "不采纳")
"""The answers a unit gives to a comment (SPEC §1)."""

REVIEWS = "reviews"
RESPONSE = "response"


@dataclass(slots=True)
class RoundFile:
    """One review or response file of a round."""

    doc: Loaded
    findings: list[Finding]
    round: int
    """The round its name gives (`r<N>-…`)."""
    owner: str
    """The department its name gives, or `response`."""
    name: str
    """Its file name."""
    folder: str
    """The name of its folder: the unit's, `reviews/<单位>/`."""

    @classmethod
    def of(cls, loaded: Loaded) -> RoundFile | None:
        """The round file of a loaded review or response file (None when misnamed)."""
        # names from the path's text: a check of a whole repository reads thousands of these
        name = os.path.basename(loaded.path)
        m = REVIEW_NAME.match(name)
        if m is None:
            return None
        return cls(
            loaded, loaded.findings, int(m.group(1)), m.group(2), name, review_folder(loaded.path)
        )

    @property
    def display(self) -> str:
        """The name users see."""
        return self.doc.file

    def where(self) -> Loaded:
        """The file without its data: enough to place a finding, and small to send."""
        doc = self.doc
        return Loaded(doc.file, doc.path, doc.kind, None, doc.loaded, [], doc.positions)

    @property
    def data(self) -> dict[str, Any]:
        return self.doc.data if isinstance(self.doc.data, dict) else {}

    @property
    def is_response(self) -> bool:
        return self.owner == RESPONSE

    @property
    def reviewer(self) -> str:
        """The department named in the file, else the one its name gives."""
        name = self.data.get("reviewer")
        return name if isinstance(name, str) and name.strip() else self.owner

    def entries(self) -> Iterator[tuple[int, dict[str, Any]]]:
        """(index, entry) of the comments (or answers) well-formed enough to use."""
        response = self.is_response
        key, need = (
            ("answers", ("to", "answer")) if response else ("comments", ("id", "ref", "text"))
        )
        items = self.data.get(key)
        if not isinstance(items, list):
            return
        for index, item in enumerate(items):
            if response and isinstance(item, dict) and isinstance(item.get("to"), list):
                # One answer to a folded opinion names all its ids: one entry per id.
                for ident in item["to"]:
                    if isinstance(ident, str) and isinstance(item.get("answer"), str):
                        yield index, {**item, "to": ident}
            elif isinstance(item, dict):
                for k in need:
                    if not isinstance(item.get(k), str):
                        break
                else:
                    yield index, item


def rounds_of(found: list[RoundFile]) -> tuple[dict[int, list[RoundFile]], list[Finding]]:
    """A unit's review and response files by round (one per reviewer and round, reviews by
    name, the response last) and the twins left unread, in any order they are given."""
    import unicodedata

    rounds: dict[int, list[RoundFile]] = {}
    twins: list[Finding] = []
    kept: dict[tuple[int, str], RoundFile] = {}
    for rf in sorted(found, key=lambda f: (f.name.endswith(".yml"), f.name)):
        key = (rf.round, unicodedata.normalize("NFC", rf.owner))
        if key in kept:
            first = kept[key].name
            name = rf.name
            whose = "单位答复" if rf.is_response else f"审核部门“{rf.owner}”的审核意见"
            twins.append(
                Finding(
                    rf.display,
                    1,
                    1,
                    "",
                    "duplicate-review-file",
                    Severity.ERROR,
                    f"{name} 与 {first} 都是第 {rf.round} 轮{whose}；每轮每个部门只能有一个文件，"
                    f"只读取了 {first}，没有读取 {name}。请把两者合并为一个文件",
                )
            )
            continue
        kept[key] = rf
        rounds.setdefault(rf.round, []).append(rf)
    for files in rounds.values():
        files.sort(key=lambda f: (f.is_response, f.name))
    return dict(sorted(rounds.items())), twins


def round_gaps(rounds: Mapping[int, list[RoundFile]]) -> list[Finding]:
    """A round's response with no review files (error); a review round that skips a number (warning)."""
    out = []
    reviewed = sorted(n for n, files in rounds.items() if any(not f.is_response for f in files))
    for number, files in sorted(rounds.items()):
        if number not in reviewed:
            for f in files:
                out.append(
                    Finding(
                        f.display,
                        1,
                        1,
                        "",
                        "response-without-review",
                        Severity.ERROR,
                        f"第 {number} 轮没有任何审核意见文件（r{number}-<审核部门>.yaml），"
                        "这份答复无处对应：请检查轮次是否写错",
                    )
                )
    expected = 1
    for number in reviewed:
        if number > expected:
            first = min((f for f in rounds[number] if not f.is_response), key=lambda f: f.display)
            missing = "、".join(str(n) for n in range(expected, number))
            out.append(
                Finding(
                    first.display,
                    1,
                    1,
                    "",
                    "review-round-gap",
                    Severity.WARNING,
                    f"审核意见跳过了第 {missing} 轮：第 {number} 轮之前应有第 {missing} 轮；"
                    "请检查文件名中的轮次（r<轮次>-…）",
                )
            )
        expected = number + 1
    return out


def check_round(
    files: list[RoundFile],
    refs: list[tuple[Locatable, int, str]],
    quotes: list[tuple[Locatable, int, str, str, str]] | None = None,
) -> list[Finding]:
    """Findings across the files of one round: duplicate comment ids, answers to no comment.

    The `ref` of every usable comment goes into `refs` (its file, its index, the ref):
    whether the unit's book still has it is told once every book is known. The place of
    each file (unit, round, reviewer against its folder and name) is checked as it is read.
    """
    out: list[Finding] = []
    seen: dict[str, tuple[RoundFile, int]] = {}  # comment id -> its first file and index
    for f in files:
        if not f.doc.loaded:
            continue
        if f.is_response:
            continue
        where = f.where()
        for i, entry in f.entries():
            ident = entry["id"]
            if ident in seen:
                first, at = seen[ident]
                line = first.doc.locate(["comments", at, "id"])[0]
                out.append(
                    f.doc.finding(
                        ["comments", i, "id"],
                        "duplicate-comment-id",
                        f"意见编号“{ident}”在第 {f.round} 轮中重复，"
                        f"与 {first.display}:{line} 的意见编号相同；每轮中意见编号必须唯一",
                    )
                )
            else:
                seen[ident] = (f, i)
            refs.append((where, i, entry["ref"]))
            quote = entry.get("quote")
            if quotes is not None and isinstance(quote, str) and quote.strip():
                quotes.append((where, i, ident, entry["ref"], quote))
    for f in files:
        if f.is_response and f.doc.loaded:
            for i, entry in f.entries():
                if entry["to"] not in seen:
                    out.append(
                        f.doc.finding(
                            ["answers", i, "to"],
                            "unknown-comment",
                            f"第 {f.round} 轮没有编号为“{entry['to']}”的审核意见，这条答复无处对应",
                        )
                    )
    return out


def place_findings(doc: Document | Loaded, path: Path) -> Iterator[Finding]:
    """A review or response file whose unit, round or reviewer disagree with its folder and name.

    Per file and cheap, so `ankao validate` reports them too (e.g. from a pre-commit hook).
    """
    m = REVIEW_NAME.match(path.name)
    data = doc.data
    if m is None or not isinstance(data, dict):
        return
    unit, number, owner = path.resolve().parent.name, int(m.group(1)), m.group(2)
    named = data.get("unit")
    if isinstance(named, str) and named != unit:
        yield doc.finding(
            ["unit"], "review-unit", f"单位名称“{named}”与文件所在的文件夹 {REVIEWS}/{unit}/ 不一致"
        )
    given = data.get("round")
    if isinstance(given, int) and not isinstance(given, bool) and given != number:
        yield doc.finding(
            ["round"], "review-round", f"轮次 {given} 与文件名 {path.name} 的轮次 {number} 不一致"
        )
    reviewer = data.get("reviewer")
    if owner != RESPONSE and isinstance(reviewer, str) and reviewer != owner:
        yield doc.finding(
            ["reviewer"],
            "review-reviewer",
            f"审核部门“{reviewer}”与文件名 {path.name} 中的审核部门“{owner}”不一致",
        )


def unknown_ref(ref: str) -> str:
    """The message of `unknown-ref`: a comment naming a part or target the book does not have."""
    if ref.startswith("goals.") or ref in PARTS:
        return f"任务书中没有“{ref}”这一部分，这条意见无处对应"
    return f"任务书中已没有编号为“{ref}”的目标（可能已改名或删除），这条意见无处对应"


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
    quotes: list[tuple[Locatable, int, str, str, str]] = field(default_factory=list)
    """(review file, comment index, id, ref, quote) of every comment carrying a `quote`."""

    def quote_findings(self, mine: list[BookOutline], severity: Severity | None) -> list[Finding]:
        """`quote-mismatch`: a comment whose quote is no longer on the target its ref names."""
        from ankao.model.quotes import message, mismatch

        if severity is None or len(mine) != 1:
            return []
        texts = mine[0].texts
        out = []
        for where, index, ident, ref, quote in self.quotes:
            found = mismatch(texts, ref, quote)
            if found is not None:
                out.append(
                    where.finding(
                        ["comments", index, "quote"],
                        "quote-mismatch",
                        message(ident, ref, quote, found[1]),
                        severity,
                    )
                )
        return out

    def settle(self, mine: list[BookOutline], known: set[str]) -> list[Finding]:
        """All its findings, given the unit's books (`mine`: one, unless twice) and every
        unit known to the repository."""
        from ankao.model.refs import known_refs
        from ankao.repository.reviews import unknown_ref

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
    from ankao.repository.reviews import check_round, round_gaps, rounds_of

    rounds, twins = rounds_of(files)
    check = FolderCheck(unit, None, list(twins))
    if not rounds:
        return check
    check.first = next(iter(rounds.values()))[0].display
    for round_files in rounds.values():
        check.findings.extend(check_round(round_files, check.refs, check.quotes))
    check.findings.extend(round_gaps(rounds))
    return check
