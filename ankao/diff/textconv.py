"""`ankao textconv`: git's view of a task book, its canonical text (`git diff` by target)."""

from __future__ import annotations

from pathlib import Path

from ankao.diff.versions import load_book
from ankao.load.config import Config
from ankao.load.document import DEFAULT_MAX_BYTES


def textconv(path: Path) -> bytes:
    """git's textconv of a task book: its canonical text, or its raw bytes when it does not load.

    Never raises: git shows whatever this returns, and a failing textconv would
    stop `git diff` altogether.
    """
    from ankao.diff.canonical import canonical_text
    from ankao.load.files import NotAFile, read_bounded

    try:
        raw = read_bounded(path, DEFAULT_MAX_BYTES)
    except (NotAFile, OSError):
        return b""  # a FIFO is never opened: git gets an empty text, not a hang
    if len(raw) > DEFAULT_MAX_BYTES:
        return (
            raw[:DEFAULT_MAX_BYTES]
            + "\n# （ankao textconv：文件超过 1 MiB，只显示开头，未转换）\n".encode()
        )
    try:
        book, _ = load_book(raw, str(path), Config())
    except Exception:  # noqa: BLE001 - a broken draft must still show in git diff
        book = None
    return raw if book is None else canonical_text(book).encode("utf-8")
