"""`ankao diff`: two versions of a unit's task book compared, and a review round joined.

`compare` picks the two versions (those named; else the working tree after, and
before it the approved version or the last commit: `ankao.diff.approved`), diffs
them (`ankao.diff`) and, for `--round N`, joins the round's comments and answers.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ankao.diff import (
    NOT_ACTED_ON,
    BookDiff,
    CommentStatus,
    comment_status,
    diff_books,
    unrequested,
)
from ankao.diff.approved import approved_fingerprint, committed_with, default_before
from ankao.diff.versions import WORKING_TREE, Version, at_revision, from_file
from ankao.errors import AnkaoError
from ankao.findings import Report, Severity
from ankao.load.config import Config
from ankao.repository.layout import unit_of

if TYPE_CHECKING:
    from ankao.repository.repo import Repository


@dataclass(slots=True)
class DiffReport(Report):
    """A report whose `summary` carries the diff's figures beside files, errors and warnings."""

    figures: dict[str, Any] = field(default_factory=dict)

    def summary(self) -> dict[str, Any]:
        """SPEC §3's summary plus the diff's own figures."""
        return {**Report.summary(self), **self.figures}


@dataclass(slots=True)
class Comparison:
    """What `ankao diff` found: the two versions, their diff, and the round joined when asked."""

    unit: str
    before: Version
    after: Version
    diff: BookDiff | None
    report: DiffReport
    round: int | None = None
    comments: list[CommentStatus] = field(default_factory=list)
    unrequested: list[str] = field(default_factory=list)
    broken: str | None = None
    """Why the two versions cannot be compared (a version with errors), for the reporter."""


def _is_file(arg: str) -> bool:
    """Whether a version argument names a path (a file, or a FIFO or device said as such)."""
    path = Path(arg)
    if not os.path.lexists(path):
        return False
    return not path.is_dir() or arg.lower().endswith((".yaml", ".yml"))


def book_path(repo: Repository, unit: str) -> tuple[Path, str]:
    """Where the unit's book is in the working tree (path and shown name), even when it has errors."""
    mine = [b for b in repo.books if b.unit == unit]
    if len(mine) == 1:
        return Path(mine[0].source), mine[0].file
    if not mine:
        for loaded in repo.files("taskbook"):
            if unit_of(loaded) == unit:
                return Path(loaded.path), loaded.file
    book = repo.book(unit)  # raises the usual message: missing, broken or twinned
    return Path(book.source), book.file


def compare(
    root: Path,
    unit: str,
    revisions: Sequence[str],
    *,
    config: Config,
    round_number: int | None = None,
) -> Comparison:
    """`ankao diff 单位 [REV_A] [REV_B] [--round N]`: two versions of a unit's book, compared."""
    if len(revisions) > 2:
        raise AnkaoError("最多给出两个版本（修改前、修改后）")
    for arg in revisions:
        if arg.lower().endswith((".yaml", ".yml")) and not _is_file(arg) and ":" not in arg:
            raise AnkaoError(f"找不到文件：{arg}")
    repo = None
    if round_number is not None or not all(_is_file(a) for a in revisions) or len(revisions) < 2:
        from ankao.repository.scan import scan

        repo = scan(root, config=config)
    before, after = _versions(repo, unit, revisions, config)
    report = DiffReport(files=list(dict.fromkeys([before.file, after.file])))
    report.extend(before.findings)
    report.extend(after.findings)
    comparison = Comparison(unit, before, after, None, report, round_number)
    if before.book is None or after.book is None:
        broken = "、".join(v.label for v in (before, after) if v.book is None)
        comparison.broken = f"{broken} 的任务书有错误，无法比较；请先修正上面列出的问题"
        return comparison
    diff = diff_books(before.book, after.book)
    comparison.diff = diff
    report.figures = diff.summary()
    if round_number is not None:
        assert repo is not None
        _join_round(comparison, repo, round_number)
    return comparison


def _versions(
    repo: Repository | None, unit: str, revisions: Sequence[str], config: Config
) -> tuple[Version, Version]:
    """The two versions compared: those named, the working tree after, the approved or
    committed version before when none is named."""
    versions: list[Version] = []
    for arg in revisions:
        if _is_file(arg):
            versions.append(from_file(Path(arg), config))
        else:
            assert repo is not None
            path, shown = book_path(repo, unit)
            versions.append(at_revision(path, shown, arg, config))
    if len(versions) < 2:
        assert repo is not None
        path, shown = book_path(repo, unit)
        current = repo.book(unit)
        after = Version(WORKING_TREE, current.file, None, "working-tree", current)
        if not versions:
            mark = approved_fingerprint(repo, unit)
            if (
                mark is not None
                and mark == current.fingerprint
                and committed_with(path, mark, limit=config.max_file_size).commit is None
            ):
                # Approved as it stands but never committed so: nothing changed since.
                versions.append(Version("审批时的版本", current.file, None, "approved", current))
            else:
                versions.append(default_before(path, shown, mark, config))
        versions.append(after)
    return versions[0], versions[1]


def _join_round(comparison: Comparison, repo: Repository, number: int) -> None:
    """Join round `number`'s comments and answers; a 采纳 whose ref did not change is a warning."""
    from ankao.model.quotes import quote_moved
    from ankao.repository.unitreviews import load_round

    diff = comparison.diff
    assert diff is not None
    files = load_round(repo, comparison.unit, number)
    report = comparison.report
    for f in files:
        if f.display not in report.files:
            report.files.append(f.display)
        report.extend(f.findings)
    answers: dict[str, tuple[str, Any, int]] = {}
    for f in files:
        if f.is_response:
            for i, entry in f.entries():
                answers.setdefault(entry["to"], (entry["answer"], f, i))
    refs = []
    for f in files:
        if f.is_response:
            continue
        for _, entry in f.entries():
            ident, ref = entry["id"], entry["ref"]
            refs.append(ref)
            answer, where, index = answers.get(ident, (None, None, -1))
            status = comment_status(
                diff,
                ident,
                ref,
                answer,
                reviewer=f.reviewer,
                text=entry["text"],
                moved=quote_moved(diff.after, entry) is not None,
            )
            comparison.comments.append(status)
            if status.status == NOT_ACTED_ON and where is not None:
                label = ref_label(ref, kind=diff.after.kind)
                report.findings.append(
                    where.doc.finding(
                        ["answers", index, "answer"],
                        NOT_ACTED_ON,
                        f"意见 {ident}（{f.reviewer}，针对 {label}）答复为“{answer}”，"
                        f"但从{comparison.before.label}到{comparison.after.label}，{label}没有任何改动",
                        Severity.WARNING,
                    )
                )
    comparison.unrequested = unrequested(diff, refs)


def ref_label(ref: str, *, kind: str = "teaching", plain: bool = False) -> str:
    """What a comment's `ref` names, for reading: 目标“JX-03”, 教学工作目标, 总体意见 (plain: JX-03)."""
    from ankao.model.refs import PARTS

    if ref in PARTS:
        return PARTS[ref]
    if ref.startswith("goals."):
        from ankao.model.sections import section_title

        return section_title(kind, ref.removeprefix("goals."))
    return ref if plain else f"目标“{ref}”"
