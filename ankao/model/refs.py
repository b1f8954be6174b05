"""Book order: every `ref` a comment can name in one task book, in the order of the book.

`general` comes first, then `profile` (teaching units) and `members`, then each
section of `goals` in the seed's order (`goals.<key>`) followed by its targets
in file order. A ref the book does not have sorts after all of them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from ankao.model.book import BookOutline, TaskBook
from ankao.model.sections import SECTIONS, section_title

PARTS = {
    "general": "总体意见",
    "profile": "本单位自然情况",
    "members": "本届领导班子成员及分工",
    "goals": "任期目标",
}
"""Refs that are not sections of `goals` or targets, with their Chinese names."""


@dataclass(frozen=True, slots=True)
class Place:
    """Where a ref sits in a book: its rank, its section and what a reader sees there."""

    position: int
    section: str | None
    """A section key of `goals`, `general`, `profile`, `members`, `goals`; None if unknown."""
    label: str
    """目标编号/部分: the target id, or the Chinese name of a section or part."""
    content: str
    """目标内容: a target's content; empty for sections and parts."""

    @property
    def known(self) -> bool:
        return self.section is not None


@dataclass(frozen=True, slots=True)
class BookIndex:
    """The refs of one task book, in book order."""

    kind: str
    places: Mapping[str, Place]

    def place(self, ref: str) -> Place:
        """The place of `ref`; an unknown ref sorts last and has no section."""
        found = self.places.get(ref)
        if found is not None:
            return found
        return Place(len(self.places), None, ref, "")

    def section_of_title(self, title: str) -> str | None:
        """The section key whose Chinese title is `title` in this kind of book."""
        for key, name in SECTIONS.get(self.kind, ()):
            if name == title:
                return key
        return None

    def is_target(self, ref: str) -> bool:
        """True when `ref` is the id of a target of this book."""
        return ref in self.places and ref not in PARTS and not ref.startswith("goals.")


def index_book(book: TaskBook) -> BookIndex:
    """The refs of a task book in book order."""
    kind = book.kind
    places: dict[str, Place] = {}

    def add(ref: str, section: str, label: str, content: str = "") -> None:
        if ref not in places:  # a duplicate target id keeps its first place
            places[ref] = Place(len(places), section, label, content)

    for ref, section, label in _parts(kind):
        add(ref, section, label)
        if ref != section:  # `goals.<key>`: the section's targets follow its heading
            found = book.section(section)
            for target in found.targets if found is not None else ():
                add(target.id, section, target.id, target.content)
    return BookIndex(kind, places)


def known_refs(outline: BookOutline) -> frozenset[str]:
    """The refs of a book, as `index_book` has them, without their places (what the checks
    across files need, from the outline a worker hands back)."""
    refs = set(_part_refs(outline.kind))
    for _, ids in outline.sections:
        refs.update(ids)
    return frozenset(refs)


@cache
def _parts(kind: str) -> tuple[tuple[str, str, str], ...]:
    """(ref, section, label) of the parts of a book of `kind`, in book order: the general
    comment, the profile (teaching units), the members, the goals, then each section."""
    head = ["general", *(["profile"] if kind == "teaching" else []), "members", "goals"]
    return (
        *((ref, ref, PARTS[ref]) for ref in head),
        *((f"goals.{key}", key, section_title(kind, key)) for key, _ in SECTIONS.get(kind, ())),
    )


@cache
def _part_refs(kind: str) -> frozenset[str]:
    """The refs of the parts of a book of `kind`: the same for every book of it."""
    return frozenset(ref for ref, _, _ in _parts(kind))
