"""The task books of a repository, loaded and checked, found by unit name.

Commands that work across files (comments, consequences, status, summary)
start here: every `taskbooks/*.yaml` loaded and schema-checked once, so that
a command can refuse a book with errors and name units that have no book.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ankao.config import Config
from ankao.loading import Document, load_file
from ankao.model import AnkaoError, Finding, Severity
from ankao.repository import SourceFile, repository_files


@dataclass(slots=True)
class Book:
    """A loaded task book: its source, document and schema findings."""

    source: SourceFile
    doc: Document
    findings: list[Finding]

    @property
    def data(self) -> dict[str, Any]:
        return self.doc.data if isinstance(self.doc.data, dict) else {}

    @property
    def unit(self) -> str | None:
        unit = self.data.get("unit")
        return unit if isinstance(unit, str) else None

    @property
    def ok(self) -> bool:
        """Loaded and schema-valid: safe to render, merge against, assess."""
        return self.doc.loaded and not any(f.severity is Severity.ERROR for f in self.findings)


def load_book(source: SourceFile, config: Config) -> Book:
    """Load and schema-check one task book."""
    from ankao.validation import Settings, check_document

    doc = load_file(source.path, source.display, max_bytes=config.max_file_size)
    result = check_document(doc, "taskbook", Settings(config=config))
    return Book(source, doc, result.findings)


def load_books(root: Path, config: Config) -> list[Book]:
    """Every task book of the repository at `root`, in file order."""
    return [load_book(s, config) for s in repository_files(root) if s.kind == "taskbook"]


def find_book(books: list[Book], unit: str) -> Book:
    """The book whose `unit` is `unit` (file names need not match); AnkaoError if none."""
    for book in books:
        if book.unit == unit:
            return book
    for book in books:  # a unit whose book does not load is still found by its file name
        if book.source.path.stem == unit:
            return book
    known = "、".join(b.unit for b in books if b.unit) or "（没有）"
    raise AnkaoError(f"没有找到单位“{unit}”的任务书（taskbooks/ 中的单位：{known}）")


def known_units(books: list[Book], config: Config) -> set[str]:
    """Units that have a task book or are listed in `ankao.yaml`."""
    return {b.unit for b in books if b.unit} | set(config.units)
