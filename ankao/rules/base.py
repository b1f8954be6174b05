"""What a rule is: a code, a default severity, default thresholds and a check function.

A check takes the `Context` of one task book (the typed `TaskBook`) and its
options and yields `Hit`s (a data path and a Chinese message); `apply_rules`
turns hits into findings with the configured severity, so no rule deals with
config.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from ankao.findings import PathPart, Severity
from ankao.findings.codes.code import Code
from ankao.load.config import Config
from ankao.model.book import Target, TaskBook
from ankao.model.sections import SECTIONS


class Hit(NamedTuple):
    """A rule's complaint: where (a data path) and what to change (Chinese).

    `key=True` points at the mapping key of the path rather than its value (a
    milestone's year, not its figure).
    """

    path: Sequence[PathPart]
    message: str
    key: bool = False


@dataclass(slots=True)
class Context:
    """One task book as the rules see it: the model, the config and its targets."""

    book: TaskBook
    config: Config
    targets: list[Target]

    @classmethod
    def of(cls, book: TaskBook, config: Config) -> Context:
        return cls(book, config, book.targets)

    @property
    def kind(self) -> str:
        return self.book.kind


Check = Callable[[Context, Mapping[str, Any]], Iterable[Hit]]


@dataclass(frozen=True, slots=True)
class Rule:
    """A registered rule; its docstring (the check's) cites the seed clause."""

    code: str
    severity: Severity
    check: Check
    options: Mapping[str, Any]

    @property
    def doc(self) -> str:
        """The check's docstring: what it asks and which clause of the seed says so."""
        return (self.check.__doc__ or "").strip()


def rule(code: Code, **options: Any) -> Callable[[Check], Rule]:
    """Declare a rule over its check function: `@rule(code("profile-length"), max_chars=100)`.

    The code object comes from the registry (`ankao.findings.codes`): its severity is the rule's default.
    """

    def wrap(check: Check) -> Rule:
        return Rule(code.code, code.severity, check, dict(options))

    return wrap


# --- helpers for messages ---------------------------------------------------------------


def target_path(section: str, index: int, *rest: PathPart) -> list[PathPart]:
    """`goals.<section>[index]...` as a path."""
    return ["goals", section, index, *rest]


def clause(kind: str, section: str) -> str:
    """The seed's clause for a section: `附件(二)3.5` for teaching `faculty`."""
    keys = [k for k, _ in SECTIONS.get(kind, ())]
    number = keys.index(section) + 1 if section in keys else 0
    return f"附件(一)2.{number}" if kind == "office" else f"附件(二)3.{number}"


def quote(text: str, limit: int = 20) -> str:
    """A target's text in Chinese quotes, cut short for a message."""
    text = " ".join(text.split())
    return f"“{text if len(text) <= limit else text[:limit] + '……'}”"


def number(value: object) -> str:
    """A number as its author wrote it (`3`, `92.5`, `12.50`)."""
    return str(value)


def percent(share: float) -> str:
    """`0.45` -> `45%`, `2/3` -> `66.7%` (`ankao.formatting.percent`)."""
    from ankao.formatting import percent as formatted

    return formatted(share)
