"""The link to the last term: `previous_term` of `ankao.yaml`, and that repository's books.

The last term's repository is read like this one: only its `taskbooks/`, each
file bounded in size, links leading outside it refused, every book checked
against the schema; a book with errors is left out (and named), never trusted.
Whatever stops the reading is a `problem` (Chinese), never an exception: `check`
reports it as one warning on `previous_term`, `new` as a one-line refusal.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from ankao.load.config import Config
from ankao.model.book import TaskBook


@dataclass(slots=True)
class PreviousTerm:
    """The last term's repository as read: each unit's book, or why it could not be read."""

    written: str
    """`previous_term` as `ankao.yaml` writes it."""
    root: Path
    books: dict[str, TaskBook] = field(default_factory=dict)
    """Each unit's book of the last term (the later-ending one where a unit has two)."""
    problem: str | None = None
    """Why the repository could not be read at all (None when it was)."""
    skipped: list[str] = field(default_factory=list)
    """Books of the last term left out because they have loading or schema errors."""

    def book(self, unit: str) -> TaskBook | None:
        """The unit's book of the last term, if it has one."""
        return self.books.get(unit)


def previous_root(config: Config) -> Path | None:
    """The last term's repository folder, resolved against the repository root (None: unset)."""
    if config.previous_term is None:
        return None
    return config.root / config.previous_term.strip()


def load_previous(config: Config) -> PreviousTerm | None:
    """The last term's books, read once; None when `previous_term` is not set."""
    root = previous_root(config)
    if root is None or config.previous_term is None:
        return None
    term = PreviousTerm(config.previous_term.strip(), root)
    term.problem = _unusable(root, config.root)
    if term.problem is not None:
        return term
    try:
        _read(term, config)
    except (OSError, RecursionError, ValueError) as exc:  # a folder gone while it was read
        term.books.clear()
        term.problem = f"读取时出错（{exc.__class__.__name__}）"
    if term.problem is None and not term.books:
        term.problem = (
            "其中没有可用的任务书（taskbooks/ 中的任务书都有错误）"
            if term.skipped
            else "其中没有任务书（taskbooks/ 是空的）"
        )
    return term


def _unusable(root: Path, here: Path) -> str | None:
    """Why the folder cannot be the last term's repository, or None."""
    from ankao.repository.layout import is_repository

    if not os.path.lexists(root):
        return "找不到这个文件夹"
    if not root.is_dir():
        return "这不是文件夹"
    try:
        if root.resolve() == here.resolve():
            return "它就是本仓库自身"
        if not os.access(root, os.R_OK | os.X_OK):
            return "没有读取权限"
        if not is_repository(root) or not (root / "taskbooks").is_dir():
            return "这不是任务书仓库（其中没有 taskbooks/ 文件夹）"
    except OSError as exc:
        return f"无法读取（{exc.strerror or exc.__class__.__name__}）"
    return None


def _read(term: PreviousTerm, config: Config) -> None:
    """Every task book of the last term, through the same loading and schema as this term's."""
    from ankao.repository.checking import Settings, run
    from ankao.repository.layout import SourceFile, repository_files

    prefix = term.written.rstrip("/\\")
    sources = [
        SourceFile(s.path, f"{prefix}/{s.display}", s.kind)
        for s in repository_files(term.root)
        if s.kind == "taskbook"
    ]
    # The last term is judged by its own schema only: its own ankao.yaml is not this one's.
    settings = Settings(
        config=Config(root=term.root, max_file_size=config.max_file_size), models=True
    )
    for result in run(sources, settings):
        book = result.book
        if book is None:
            term.skipped.append(result.file)
            continue
        known = term.books.get(book.unit)
        if known is None or book.term.end > known.term.end:
            term.books[book.unit] = book
