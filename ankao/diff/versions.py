"""One version of a unit's task book: from a file on disk, at a git revision, or in the working tree.

A version read from git or from a file is loaded and schema-checked like any task
book, so its problems are findings, not failures.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ankao.diff.git import blob_at, commit_of, short
from ankao.findings import Finding
from ankao.load.config import Config
from ankao.model.book import TaskBook

WORKING_TREE = "工作区"


@dataclass(frozen=True, slots=True)
class Version:
    """One version of a book: where it came from and what it is (None when it has errors)."""

    label: str
    """What users read: `HEAD~1（3f2a9c1）`, `工作区` or a file name."""
    file: str
    """The name findings carry."""
    revision: str | None
    """The full commit id, or None for the working tree or a file."""
    basis: str
    """How it was chosen: given, approved (the latest approval's fingerprint), last-commit, working-tree, file."""
    book: TaskBook | None
    findings: tuple[Finding, ...] = ()
    note: str | None = None
    """Said under the header: why this version was taken (a search that gave up, say)."""

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape of `before` / `after`."""
        return {
            "label": self.label,
            "file": self.file,
            "revision": self.revision,
            "basis": self.basis,
            "fingerprint": self.book.fingerprint if self.book is not None else None,
            **({"note": self.note} if self.note else {}),
        }


def load_book(raw: bytes, display: str, config: Config) -> tuple[TaskBook | None, list[Finding]]:
    """A task book from its bytes: the model when it loads schema-valid, and every finding."""
    from ankao.load.document import Document, load_bytes
    from ankao.repository.checking import Settings, check_document

    doc = load_bytes(raw, Document(display))
    result = check_document(doc, "taskbook", Settings(config=config, models=True))
    return result.book, result.findings


def from_file(path: Path, config: Config) -> Version:
    """The version of a book in a file on disk."""
    from ankao.load.files import read_regular

    raw = read_regular(path, config.max_file_size)
    book, findings = load_book(raw, str(path), config)
    return Version(str(path), str(path), None, "file", book, tuple(findings))


def at_revision(
    path: Path, shown: str, revision: str, config: Config, *, basis: str = "given"
) -> Version:
    """The version of the book at `path` in a git revision."""
    commit = commit_of(path, revision)
    raw = blob_at(path, commit, shown, config.max_file_size)
    abbrev = short(path, commit)
    label = abbrev if revision in (commit, abbrev) else f"{revision}（{abbrev}）"
    book, findings = load_book(raw, f"{shown}@{abbrev}", config)
    return Version(label, f"{shown}@{abbrev}", commit, basis, book, tuple(findings))
