"""Slotted dataclasses made fast: positional construction and pickling by field values.

The builder makes about 250 objects per task book and workers send every result back
to the parent: the generated paths of `dataclasses` cost several times more.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

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
