"""Which files a command works on, and what kind each one is (SPEC §1).

A file's kind comes from the folder it sits in: `taskbooks/` holds task books,
`reviews/<单位>/` review and response files, `approvals/` procedure records,
`grades/` annual grades, `ankao.yaml` the config. A file outside those folders
is taken as a task book.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ankao.config import CONFIG_NAME
from ankao.model import AnkaoError

FOLDERS = ("taskbooks", "reviews", "approvals", "grades")
YAML_SUFFIXES = (".yaml", ".yml")
REVIEW_NAME = re.compile(r"^r([1-9][0-9]*)-(.+)\.ya?ml$")
_SKIP_DIRS = {".git", ".venv", "venv", "node_modules", "__pycache__", ".ankao"}


@dataclass(frozen=True, slots=True)
class SourceFile:
    """A file to check: where it is, the name users see, and its kind."""

    path: Path
    display: str
    kind: str
    """`taskbook`, `config`, `review`, `response`, `approval`, `grades` or `unknown`."""


def kind_of(path: Path) -> str:
    """The kind a file has by the folder it sits in (SPEC §1)."""
    if path.name == CONFIG_NAME:
        return "config"
    path = path.absolute()  # `r1-教务处.yaml` named from inside reviews/文学院/ still has its folders
    parent = path.parent.name
    grandparent = path.parent.parent.name
    if grandparent == "reviews":
        m = REVIEW_NAME.match(path.name)
        if not m:
            return "unknown"
        return "response" if m.group(2) == "response" else "review"
    if parent == "approvals":
        return "approval"
    if parent == "grades":
        return "grades"
    return "taskbook"


def _display(path: Path, base: Path | None, given: str | None) -> str:
    if given is not None:
        return given
    if base is not None:
        try:
            return path.relative_to(base).as_posix()
        except ValueError:
            pass
    return path.as_posix()


def repository_files(root: Path) -> list[SourceFile]:
    """Every file of SPEC §1 in the repository at `root`, in a stable order."""
    found: list[Path] = []
    if (root / CONFIG_NAME).is_file():
        found.append(root / CONFIG_NAME)
    for folder in FOLDERS:
        base = root / folder
        if base.is_dir():
            found.extend(_walk(base))
    return [SourceFile(p, _display(p, root, None), kind_of(p)) for p in found]


def _walk(folder: Path) -> list[Path]:
    out: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if d not in _SKIP_DIRS and not d.startswith("."))
        for name in sorted(filenames):
            if name.endswith(YAML_SUFFIXES) and not name.startswith("."):
                out.append(Path(dirpath) / name)
    return out


def collect(paths: Sequence[str], root: Path) -> list[SourceFile]:
    """The files named on the command line (folders walked); none named = the repository."""
    if not paths:
        return repository_files(root)
    out: list[SourceFile] = []
    seen: set[Path] = set()
    for given in paths:
        path = Path(given)
        if path.is_dir():
            if (path / CONFIG_NAME).is_file() or any((path / f).is_dir() for f in FOLDERS):
                # A repository: exactly the files of SPEC §1, as with no PATH.
                files = [SourceFile(f.path, _join(given, f.display), f.kind) for f in repository_files(path)]
            else:
                files = [SourceFile(p, _join(given, p.relative_to(path).as_posix()), kind_of(p)) for p in _walk(path)]
            candidates: Iterable[SourceFile] = files
        elif path.is_file():
            candidates = [SourceFile(path, given, kind_of(path))]
        else:
            raise AnkaoError(f"找不到文件或文件夹：{given}")
        for source in candidates:
            key = source.path.resolve()
            if key not in seen:
                seen.add(key)
                out.append(source)
    return out


def _join(given: str, rest: str) -> str:
    given = given.rstrip("/\\")
    return rest if given in ("", ".") else f"{given}/{rest}"
