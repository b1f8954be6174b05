"""The task book, typed (SPEC §2): numbers, metrics, targets, members, sections and terms."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ankao.findings import Locatable, PathPart
from ankao.model.direction import Direction
from ankao.slots import pickle_fields

# --- the task book, typed (SPEC §2) ---------------------------------------------------------
#
# Built once from a schema-valid document (`ankao.model.build.build`), read-only from then
# on: rules, renderers, reviews, procedure, assessment and diff read these objects,
# never the raw mapping. Everything here is plain data and pickles, so a worker
# process can build it and hand it back.


@dataclass(frozen=True, slots=True)
class Number:
    """A number as written: its value for arithmetic, its source text for display."""

    __reduce__ = pickle_fields

    value: int | float
    text: str
    """The YAML source text (`12.50` stays `12.50`)."""

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True, slots=True)
class Metric:
    """A target's 量化指标: what is measured, from what baseline to what target."""

    __reduce__ = pickle_fields

    name: str | None
    unit: str | None
    baseline: Number | None
    target: Number | None
    direction: Direction
    """increase (the default), decrease, maintain, at_least or at_most (`ankao.model.direction`)."""
    milestones: Mapping[int, Number]
    """年度进度 by year, in year order."""


@dataclass(frozen=True, slots=True)
class Actual:
    """What a target achieved in one year (年度完成情况)."""

    __reduce__ = pickle_fields

    year: int
    value: Number | None = None
    """Quantitative: the figure reached."""
    status: str | None = None
    """Qualitative: 完成, 部分完成 or 未完成."""
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Target:
    """One target of a section, with the source line of the target and its fields."""

    __reduce__ = pickle_fields

    id: str
    section: str
    index: int
    """Its position in the section's list (the data path is goals.<section>[index])."""
    aspects: tuple[str, ...]
    content: str
    metric: Metric | None
    criteria: str | None
    owner: str | None
    actuals: Mapping[int, Actual]
    line: int
    lines: Mapping[str, int] = field(default_factory=dict)
    """The source line of each field present (`id`, `content`, `metric`, …, and
    `metric.baseline`, `metric.target`); `line_of` falls back to the target's line."""
    previous: str | None = None
    """上一任期编号: the id of this target in the unit's book of the last term (SPEC §10)."""

    @property
    def quantitative(self) -> bool:
        """A target with a metric is quantitative (SPEC §2)."""
        return self.metric is not None

    @property
    def aspect(self) -> str | None:
        """The first aspect named (the one a target is shown under), or None."""
        return self.aspects[0] if self.aspects else None

    @property
    def path(self) -> tuple[PathPart, ...]:
        return ("goals", self.section, self.index)

    @property
    def quote_text(self) -> str:
        """The text a reader sees on the target's row, whitespace removed: what a review
        comment's `quote` is found in (`quote-mismatch`)."""
        m = self.metric
        parts = [self.id, *self.aspects, self.content, self.criteria or "", self.owner or ""]
        if m is not None:
            parts += [m.name or "", m.unit or "", str(m.baseline or ""), str(m.target or "")]
            parts += [str(n) for n in m.milestones.values()]
        return "".join("".join(parts).split())

    def line_of(self, name: str) -> int:
        """The source line of a field (`metric.target`), else of the target itself."""
        return self.lines.get(name, self.line)


@dataclass(frozen=True, slots=True)
class Member:
    """A member of the leadership team (本届领导班子成员及分工)."""

    __reduce__ = pickle_fields

    name: str
    post: str
    duties: str
    principal: str | None
    """party, admin or both for the unit's principals; None otherwise."""
    line: int


@dataclass(frozen=True, slots=True)
class Section:
    """A section of 任期目标 that holds targets, in the seed's order."""

    __reduce__ = pickle_fields

    key: str
    title: str
    targets: tuple[Target, ...]
    line: int
    """The line of its key in the book (the `goals` line when the key is missing)."""


@dataclass(frozen=True, slots=True)
class Term:
    """The term of office, start and end years inclusive."""

    __reduce__ = pickle_fields

    start: int
    end: int

    @property
    def years(self) -> list[int]:
        return list(range(self.start, self.end + 1)) if self.start <= self.end else []


class Fingerprint:
    """A book's fingerprint (SPEC §7), computed the first time it is asked for.

    `ankao check` builds every book to run the rules and never asks; a book that
    leaves its process takes the computed value along.
    """

    __slots__ = ("_compute", "_value")

    def __init__(self, compute: Callable[[], str] | str) -> None:
        self._compute = None if isinstance(compute, str) else compute
        self._value = compute if isinstance(compute, str) else None

    @property
    def value(self) -> str:
        if self._value is None:
            assert self._compute is not None
            self._value, self._compute = self._compute(), None
        return self._value

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Fingerprint) and self.value == other.value

    def __hash__(self) -> int:
        return hash(self.value)

    def __repr__(self) -> str:
        return f"Fingerprint({self.value!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (Fingerprint, (self.value,))


@dataclass(frozen=True, slots=True)
class BookOutline(Locatable):
    """What the checks across files need of a task book: whose it is, where, and its target ids.

    `ankao check` hands this back from a worker instead of the whole model: the
    rules have already run where the book was built.
    """

    __reduce__ = pickle_fields

    file: str
    unit: str
    kind: str
    unit_line: int
    lines: Mapping[str, int]
    """The source line of each top-level key."""
    sections: tuple[tuple[str, tuple[str, ...]], ...]
    """Each section's key with its targets' ids, in book order."""
    texts: Mapping[str, str] = field(default_factory=dict)
    """Each target's `quote_text` by id (a review comment's quote is looked for in it)."""

    def locate(self, parts: Sequence[PathPart], *, key: bool = False) -> tuple[int, int]:
        """The line of a top-level key (`unit`, `kind`, …); the `unit:` line otherwise."""
        if parts and str(parts[0]) in self.lines:
            return (self.lines[str(parts[0])], 1)
        return (self.unit_line, 1)


@dataclass(frozen=True, slots=True)
class TaskBook(Locatable):
    """A schema-valid task book (任期目标任务书), built once, read-only."""

    __reduce__ = pickle_fields

    file: str
    """The name users see (relative to the repository root, or as given)."""
    source: str
    """The path it was read from."""
    unit: str
    kind: str
    term: Term
    profile: str | None
    members: tuple[Member, ...]
    overall: str
    sections: tuple[Section, ...]
    digest: Fingerprint
    """Its fingerprint, computed when first asked for (`fingerprint`)."""
    unit_line: int
    positions: Positions = field(compare=False, repr=False)
    joined: tuple[tuple[tuple[PathPart, ...], str], ...] = ()
    """Texts whose lines YAML joined with a space between two CJK characters (`cjk-line-join`),
    each with its first join as it reads (`指导， 落实`)."""
    lines: Mapping[str, int] = field(default_factory=dict)
    """The source line of each top-level key (`kind`, `term`, `profile`, `members`, `goals`, …)."""

    @property
    def targets(self) -> list[Target]:
        """Every target, section by section in the seed's order."""
        return [t for s in self.sections for t in s.targets]

    def section(self, key: str) -> Section | None:
        for s in self.sections:
            if s.key == key:
                return s
        return None

    def target(self, ident: str) -> Target | None:
        """The first target with this id, or None."""
        for t in self.targets:
            if t.id == ident:
                return t
        return None

    @property
    def fingerprint(self) -> str:
        """`sha256:<hex>` of the canonical book without actuals (SPEC §7)."""
        return self.digest.value

    @property
    def outline(self) -> BookOutline:
        """Whose book this is, where, and its target ids (for the checks across files)."""
        return BookOutline(
            self.file,
            self.unit,
            self.kind,
            self.unit_line,
            self.lines,
            tuple((s.key, tuple(t.id for t in s.targets)) for s in self.sections),
            {t.id: t.quote_text for t in self.targets},
        )

    def locate(self, parts: Sequence[PathPart], *, key: bool = False) -> tuple[int, int]:
        """1-based (line, column) of a data path of the book.

        Exact where the book was built (the node tree is at hand); a book handed
        back by a worker process keeps only the lines of its parts and targets.
        """
        if self.positions.known:
            return self.positions.locate(parts, key=key)
        return (self._line(tuple(parts)), 1)

    def _line(self, parts: tuple[PathPart, ...]) -> int:
        if parts[:1] == ("unit",):
            return self.unit_line
        if len(parts) == 1 and str(parts[0]) in self.lines:
            return self.lines[str(parts[0])]
        if (
            len(parts) >= 2
            and parts[0] == "members"
            and isinstance(parts[1], int)
            and 0 <= parts[1] < len(self.members)
        ):
            return self.members[parts[1]].line
        if len(parts) >= 2 and parts[0] == "goals":
            section = self.section(str(parts[1]))
            if section is not None:
                if len(parts) >= 3:
                    for t in section.targets:
                        if t.index == parts[2]:
                            return t.line_of(".".join(str(p) for p in parts[3:5]))
                return section.line
        return self.unit_line


class Positions:
    """Where each node of a file is (1-based line, column), by data path; picklable.

    `anchors` follows `yamltree.locate`: a block collection or block scalar is
    found at its key, anything else at its value; `keys` holds the key of every
    mapping entry. A missing path is located at its nearest recorded ancestor.
    """

    __slots__ = ("anchors", "keys")

    def __init__(
        self,
        anchors: dict[tuple[PathPart, ...], tuple[int, int]] | None = None,
        keys: dict[tuple[PathPart, ...], tuple[int, int]] | None = None,
    ) -> None:
        self.anchors = anchors or {}
        self.keys = keys or {}

    @property
    def known(self) -> bool:
        """True when positions were recorded (an empty record locates nothing)."""
        return bool(self.anchors)

    def __getstate__(self) -> tuple[dict[Any, Any], dict[Any, Any]]:
        return (self.anchors, self.keys)

    def __setstate__(self, state: tuple[dict[Any, Any], dict[Any, Any]]) -> None:
        self.anchors, self.keys = state

    def locate(self, parts: Sequence[PathPart], *, key: bool = False) -> tuple[int, int]:
        path = tuple(parts)
        if key and path in self.keys:
            return self.keys[path]
        while path:
            hit = self.anchors.get(path)
            if hit is not None:
                return hit
            path = path[:-1]
        return self.anchors.get((), (1, 1))

    def line(self, parts: Sequence[PathPart]) -> int:
        return self.locate(parts)[0]
