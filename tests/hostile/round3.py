"""Helpers for the round-three probe (issue 27): proof nothing else moved (the repositories to attack: conftest.py)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

BOOK = Path("taskbooks") / "文学院.yaml"


def tree_state(base: Path) -> dict[str, tuple[int, int, int]]:
    """Every file and folder under `base` (links not followed, .git left out): size, mtime, mode.

    A folder counts by its mode alone: a file made in it is named itself.
    """
    out: dict[str, tuple[int, int, int]] = {}
    for folder, dirs, files in os.walk(base, followlinks=False):
        dirs[:] = [d for d in dirs if d not in (".git", "__pycache__")]
        for name in [*dirs, *files]:
            path = os.path.join(folder, name)
            st = os.lstat(path)
            if stat.S_ISDIR(st.st_mode):
                out[os.path.relpath(path, base)] = (0, 0, st.st_mode)
            else:
                out[os.path.relpath(path, base)] = (st.st_size, st.st_mtime_ns, st.st_mode)
    return out


def changed(
    before: dict[str, tuple[int, int, int]], after: dict[str, tuple[int, int, int]]
) -> set[str]:
    """The paths added, removed or modified between two `tree_state`s."""
    return {n for n in set(before) | set(after) if before.get(n) != after.get(n)}


def only_written(
    before: dict[str, tuple[int, int, int]], after: dict[str, tuple[int, int, int]], *allowed: str
) -> None:
    """Assert that nothing changed but `allowed` (relative paths; a folder allows what is in it)."""
    extra = {
        n
        for n in changed(before, after)
        if not any(n == a or n.startswith(a.rstrip("/") + "/") for a in allowed)
    }
    assert not extra, f"写到了不该写的地方：{sorted(extra)}"
