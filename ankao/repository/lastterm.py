"""Holding a new term to the record of the last: matching targets, and the two rules.

A target of this term is matched to one of the unit's last book by its
`previous:` id, else by the same metric name and unit (when exactly one has
them). What the last term achieved is that target's latest reported actual.
`baseline-below-record`: a baseline worse than that figure (a lower one, or a
higher one where less is better); `target-below-record`: a target that does not
go beyond it (an increase target not above it, a decrease target not below it;
`maintain`/`at_least`/`at_most` promise a level, which must not fall short of it).

A check across files (`ankao check` on the repository): each book's targets are
taken where the book is built (`book_targets`, in a worker of the pass), and the
last term's books are read once, at the end (`record_findings`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ankao.findings import Finding, Severity, format_path
from ankao.model.book import Target, TaskBook
from ankao.model.continuity import BookTargets, Carried, latest_actual, match, sense

if TYPE_CHECKING:
    from ankao.load.config import Config
    from ankao.repository.previous import PreviousTerm
    from ankao.repository.repo import Repository

BASELINE = "baseline-below-record"
TARGET = "target-below-record"
UNREADABLE = "previous-term-unreadable"
CODES = (BASELINE, TARGET)
"""The two rules, both warnings by default (SPEC §3), configurable in `ankao.yaml`."""


@dataclass(slots=True)
class Comparison:
    """What the comparison with the last term found, per book of this term."""

    findings: list[Finding] = field(default_factory=list)
    carried: dict[str, int] = field(default_factory=dict)
    """By book file: how many of its targets continue one of the last term."""
    flagged: dict[str, int] = field(default_factory=dict)
    """By book file: how many of its targets either rule flagged."""
    active: bool = False
    """True when the last term's books were read and compared."""


def record_findings(
    books: Sequence[BookTargets], previous: PreviousTerm, config: Config
) -> Comparison:
    """Both rules over every book of this term against the unit's last book."""
    out = Comparison(active=previous.problem is None)
    severities = {code: config.severity(code, Severity.WARNING) for code in CODES}
    for book in books:
        last = previous.book(book.unit)
        if last is None:
            continue
        carried = flagged = 0
        for t in book.targets:
            old = match(t, last)
            if old is None:
                continue
            carried += 1
            hits = _hits(book.file, t, old, last, severities)
            flagged += bool(hits)
            out.findings.extend(hits)
        out.carried[book.file] = carried
        out.flagged[book.file] = flagged
    return out


def _hits(
    file: str, t: Carried, old: Target, last: TaskBook, severities: dict[str, Severity | None]
) -> list[Finding]:
    """The findings of one target of this term against the target of the last it continues."""
    m = t.metric
    if m is None or old.metric is None:
        return []
    actual = latest_actual(old, last.term.end)
    if actual is None or actual.value is None:
        return []
    record = actual.value
    better, strict = sense(m)
    tail = f"上一任期 {actual.year} 年的实际完成值 {record}（上一任期 {old.id}）"
    out: list[Finding] = []
    base_severity, goal_severity = severities[BASELINE], severities[TARGET]
    if (
        base_severity is not None
        and m.baseline is not None
        and better * (m.baseline.value - record.value) < 0
    ):
        word = "低于" if better > 0 else "高于"
        message = f"基数 {m.baseline} {word}{tail}"
        out.append(_hit(file, t, "baseline", BASELINE, base_severity, message))
    if goal_severity is not None and m.target is not None:
        gain = better * (m.target.value - record.value)
        if gain < 0 or (strict and gain == 0):
            word = "高于" if better > 0 else "低于"
            message = f"目标值 {m.target} {'不' + word if strict else _opposite(word)}{tail}"
            out.append(_hit(file, t, "target", TARGET, goal_severity, message))
    return out


def _opposite(word: str) -> str:
    return "低于" if word == "高于" else "高于"


def _hit(file: str, t: Carried, key: str, code: str, severity: Severity, message: str) -> Finding:
    line, column = t.baseline_at if key == "baseline" else t.target_at
    path = format_path((*t.path, "metric", key))
    return Finding(file, line, column, path, code, severity, message)


def repository_record(repo: Repository) -> list[Finding]:
    """The previous-term findings of a pass: the last term read once, every book compared.

    The comparison is kept in `repo.cache["previous_term"]` for `status` and `summary`.
    A last term that cannot be read is one warning on `previous_term` in `ankao.yaml`.
    """
    from ankao.repository.previous import load_previous

    previous = load_previous(repo.config)
    if previous is None:
        return []
    books = [r.targets for r in repo.results if r.targets is not None]
    comparison = record_findings(books, previous, repo.config)
    repo.cache["previous_term"] = comparison
    out = _link_findings(previous, repo.config)
    out.extend(comparison.findings)
    return out


def _link_findings(previous: PreviousTerm, config: Config) -> list[Finding]:
    """One warning on `previous_term` when the last term could not be read (or some books of it)."""
    if previous.problem is not None:
        message = (
            f"上一任期的仓库 {previous.written} 无法使用：{previous.problem}。"
            "没有与上一任期比较基数和目标值（baseline-below-record、target-below-record）；"
            "请改正 previous_term（相对于 ankao.yaml 所在的文件夹）"
        )
    elif previous.skipped:
        shown = "、".join(previous.skipped[:5])
        more = f"等 {len(previous.skipped)} 本" if len(previous.skipped) > 5 else ""
        message = (
            f"上一任期的仓库 {previous.written} 中的任务书 {shown}{more}有错误，"
            "没有用于比较：这些单位的基数和目标值未与上一任期比较"
        )
    else:
        return []
    return [_at_previous_term(config, message)]


def _at_previous_term(config: Config, message: str) -> Finding:
    from ankao.load.config import CONFIG_NAME
    from ankao.load.document import load_file

    line = column = 1
    if config.path is not None:
        doc = load_file(config.path, CONFIG_NAME, max_bytes=config.max_file_size)
        if doc.loaded:
            line, column = doc.locate(["previous_term"])
    return Finding(
        CONFIG_NAME, line, column, "previous_term", UNREADABLE, Severity.WARNING, message
    )
