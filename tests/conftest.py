"""Shared test helpers: a CLI runner and valid task books to start from."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

CASES = Path(__file__).parent / "cases"
TEACHING_BOOK = CASES / "valid" / "teaching-minimal" / "taskbooks" / "文学院.yaml"
OFFICE_BOOK = CASES / "valid" / "office-minimal" / "taskbooks" / "图书馆.yaml"


@pytest.fixture
def runner() -> CliRunner:
    """A Typer CLI runner (invoke `from ankao.cli import app`)."""
    return CliRunner()


@pytest.fixture
def teaching_text() -> str:
    """A small valid teaching task book (kind: teaching) as YAML text."""
    return TEACHING_BOOK.read_text(encoding="utf-8")


@pytest.fixture
def office_text() -> str:
    """A small valid office task book (kind: office) as YAML text."""
    return OFFICE_BOOK.read_text(encoding="utf-8")


def write(root: Path, relative: str, content: str | bytes) -> Path:
    """Write a file under `root` (folders created); return its path."""
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path
