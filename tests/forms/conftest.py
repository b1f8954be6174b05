"""The forms tests' repository: the examples in git, as a unit's office keeps them."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import first_commit


@pytest.fixture
def repo(repo: Path, git_identity: None) -> Path:
    """The example repository, made the current folder, as a git repository with its first commit."""
    return first_commit(repo)
