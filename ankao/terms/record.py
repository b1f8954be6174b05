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

from ankao.model import (
    Actual,
    Finding,
    Metric,
    PathPart,
    Severity,
    Target,
    TaskBook,
    format_path,
    pickle_fields,
)

if TYPE_CHECKING:
    from ankao.config import Config
    from ankao.repository import Repository
    from ankao.terms.link import PreviousTerm

BASELINE = "baseline-below-record"
TARGET = "target-below-record"
UNREADABLE = "previous-term-unreadable"
CODES = (BASELINE, TARGET)
"""The two rules, both warnings by default (SPEC §3), configurable in `ankao.yaml`."""


def sense(metric: Metric) -> tuple[int, bool]:
    """Which way is better for a metric, and whether its target must go beyond the record.

    (+1, …) where more is better, (-1, …) where less is; the flag is True for
    increase/decrease (a target must improve on what was achieved) and False for
    maintain/at_least/at_most (a level promised: reaching the record is enough).
    The one place this package reads a metric's direction.
    """
    direction = metric.direction
    if direction in ("decrease", "at_most"):
        return -1, direction == "decrease"
    return 1, direction == "increase"


def latest_actual(target: Target, term_end: int) -> Actual | None:
    """The latest figure a quantitative target of the last term reported (up to its end)."""
    best = None
    for year, actual in target.actuals.items():
        if actual.value is not None and year <= term_end and (best is None or year > best.year):
            best = actual
    return best


@dataclass(frozen=True, slots=True)
class Carried:
    """A target of this term as the rules need it, located where its book was built."""

    __reduce__ = pickle_fields

    id: str
    previous: str | None
    metric: Metric | None
    path: tuple[PathPart, ...]
    baseline_at: tuple[int, int]
    target_at: tuple[int, int]


@dataclass(frozen=True, slots=True)
class BookTargets:
    """The targets of one book of this term that may match one of the last term."""

    __reduce__ = pickle_fields

    file: str
    unit: str
    targets: tuple[Carried, ...]


def book_targets(book: TaskBook) -> BookTargets:
    """A book's targets with a `previous:` id or a named metric, located (exact in a worker)."""
    out = []
    for t in book.targets:
        m = t.metric
        if t.previous is None and (m is None or not m.name or not m.unit):
            continue
        base = (*t.path, "metric", "baseline")
        goal = (*t.path, "metric", "target")
        out.append(
            Carried(
                t.id,
                t.previous,
                m,
                t.path,
                book.locate(base),
                book.locate(goal),
            )
        )
    return BookTargets(book.file, book.unit, tuple(out))


def _same(a: str | None, b: str | None) -> bool:
    return a is not None and b is not None and a.strip() == b.strip()


def match(target: Carried | Target, last: TaskBook) -> Target | None:
    """The target of the last book this one continues: by `previous:`, else by metric name and unit."""
    if target.previous is not None:
        found = last.target(target.previous)
        if found is not None:
            return found
    m = target.metric
    if m is None or not m.name or not m.unit:
        return None
    same = [
        t
        for t in last.targets
        if t.metric is not None and _same(t.metric.name, m.name) and _same(t.metric.unit, m.unit)
    ]
    return same[0] if len(same) == 1 else None


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
    from ankao.terms.link import load_previous

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
    from ankao.config import CONFIG_NAME
    from ankao.loading import load_file

    line = column = 1
    if config.path is not None:
        doc = load_file(config.path, CONFIG_NAME, max_bytes=config.max_file_size)
        if doc.loaded:
            line, column = doc.locate(["previous_term"])
    return Finding(
        CONFIG_NAME, line, column, "previous_term", UNREADABLE, Severity.WARNING, message
    )
