"""The shared vocabulary: findings (diagnostics), severities and reports.

A `Finding` is the one currency of every check: loaders, the schema checker and
the rules all yield findings; reporters at the edge turn them into text, JSON or
GitHub annotations; `Report.exit_code` turns them into the exit status of SPEC §3.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from ankao.errors import (
    AnkaoError as AnkaoError,  # re-exported: `from ankao.model import AnkaoError`
)

_T = TypeVar("_T")


def pickle_fields(self: Any) -> tuple[Any, ...]:
    """Pickle as the class and its field values: a model crosses from a worker process
    for every task book, and the default path of slots dataclasses is several times slower."""
    names = _FIELDS.get(type(self))
    if names is None:
        from dataclasses import fields

        names = _FIELDS[type(self)] = tuple(f.name for f in fields(self))
    return (type(self), tuple(getattr(self, n) for n in names))


_FIELDS: dict[type, tuple[str, ...]] = {}


def positional(cls: type[_T]) -> Callable[..., _T]:
    """A constructor of a frozen slots dataclass taking every field positionally, in order.

    It sets the slots directly. The generated `__init__` of a frozen dataclass calls
    `object.__setattr__` for each field, which costs twice as much; the builder makes
    about 250 objects per task book, for every book of every `ankao check`. Only for
    classes without `__post_init__` (nothing is checked there); the result equals
    `cls(*values)`.
    """
    from dataclasses import fields

    if hasattr(cls, "__post_init__"):
        raise TypeError(f"{cls.__name__} checks in __post_init__: use its own constructor")
    names = [f.name for f in fields(cls)]  # type: ignore[arg-type]
    scope: dict[str, Any] = {"_new": object.__new__, "_cls": cls}
    body = ["    self = _new(_cls)"]
    for name in names:
        scope[f"_set_{name}"] = cls.__dict__[name].__set__
        body.append(f"    _set_{name}(self, {name})")
    source = f"def make({', '.join(names)}):\n" + "\n".join(body) + "\n    return self\n"
    exec(source, scope)  # noqa: S102 - our own field names, as dataclasses itself does
    make: Callable[..., _T] = scope["make"]
    make.__qualname__ = f"positional({cls.__name__})"
    return make


class Severity(enum.StrEnum):
    """How serious a finding is; `error` fails the command (exit 1)."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def label(self) -> str:
        """The Chinese word shown to users."""
        return {"error": "错误", "warning": "警告", "info": "提示"}[self.value]


PathPart = str | int
"""One step of a data path: a mapping key or a list index."""


def format_path(parts: Sequence[PathPart]) -> str:
    """`("goals", "teaching", 1, "metric")` -> `goals.teaching[1].metric` (SPEC §3)."""
    out: list[str] = []
    for part in parts:
        if isinstance(part, int):
            out.append(f"[{part}]")
        elif out:
            out.append(f".{part}")
        else:
            out.append(part)
    return "".join(out)


@dataclass(frozen=True, slots=True)
class Finding:
    """One diagnostic: where, what code, how serious, and a Chinese message."""

    __reduce__ = pickle_fields

    file: str
    line: int
    column: int
    path: str
    code: str
    severity: Severity
    message: str

    def as_dict(self) -> dict[str, object]:
        """The JSON shape of SPEC §3."""
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "path": self.path,
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
        }


class Progress(Protocol):
    """Long work says how many steps it has, then each step done; a bar at the edge shows it."""

    def start(self, total: int) -> None: ...

    def advance(self, n: int) -> None: ...


class Locatable:
    """Anything with a `file` and a `locate(parts)`: it can place a finding at a data path."""

    __slots__ = ()
    file: str

    def locate(self, parts: Sequence[PathPart], *, key: bool = False) -> tuple[int, int]:
        raise NotImplementedError

    def finding(
        self,
        parts: Sequence[PathPart],
        code: str,
        message: str,
        severity: Severity = Severity.ERROR,
        *,
        key: bool = False,
    ) -> Finding:
        """A finding located at the data path `parts` of this file."""
        line, column = self.locate(parts, key=key)
        return Finding(self.file, line, column, format_path(parts), code, severity, message)


@dataclass(slots=True)
class Report:
    """The findings of one command run over some files.

    `extra` holds a command's own JSON keys beside `diagnostics` and `summary`
    (e.g. `stats`, `opinions`, `results`); `blocks` are callables that print a
    command's own tables in text output, after the findings.
    """

    files: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)
    blocks: list[Callable[[Any], None]] = field(default_factory=list)

    def extend(self, findings: Iterable[Finding]) -> None:
        self.findings.extend(findings)

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity is Severity.ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity is Severity.WARNING)

    @property
    def exit_code(self) -> int:
        """0 when there is no error (warnings allowed), 1 otherwise (SPEC §3)."""
        return 1 if self.errors else 0

    def sorted_findings(self) -> list[Finding]:
        order = {name: i for i, name in enumerate(self.files)}
        return sorted(
            self.findings,
            key=lambda f: (order.get(f.file, len(order)), f.file, f.line, f.column, f.code),
        )

    def summary(self) -> dict[str, int]:
        return {"files": len(self.files), "errors": self.errors, "warnings": self.warnings}

    def as_dict(self) -> dict[str, object]:
        """The diagnostics object of SPEC §3."""
        return {
            "diagnostics": [f.as_dict() for f in self.sorted_findings()],
            "summary": self.summary(),
            **self.extra,
        }


# --- the task book, typed (SPEC §2) ---------------------------------------------------------
#
# Built once from a schema-valid document (`ankao.books.build`), read-only from then
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
    direction: str
    """increase (the default), decrease, maintain, at_least or at_most."""
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

    `anchors` follows `yaml12.locate`: a block collection or block scalar is
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
