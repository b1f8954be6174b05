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
from typing import TYPE_CHECKING

from ankao.errors import AnkaoError
from ankao.load.config import CONFIG_NAME
from ankao.model.located import Loaded

if TYPE_CHECKING:
    pass

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


def unit_of(loaded: Loaded) -> str:
    """The unit a file is about (SPEC §1), the one answer every command uses.

    A review or response file belongs to the unit of its folder (`reviews/<单位>/`);
    any other file to the unit its `unit:` names when that is text that is not blank,
    else to its file name without the suffix (`taskbooks/文学院.yaml`: 文学院).
    """
    if loaded.kind in ("review", "response"):
        return review_folder(loaded.path)
    named = loaded.mapping.get("unit")
    if isinstance(named, str) and named.strip():
        return named
    return Path(loaded.path).stem


def review_folder(path: str | os.PathLike[str]) -> str:
    """The unit folder a review or response file sits in: `reviews/<单位>/`'s name."""
    return os.path.basename(os.path.dirname(path))


def kind_of(path: Path) -> str:
    """The kind a file has by the folder it sits in (SPEC §1)."""
    if path.name == CONFIG_NAME:
        return "config"
    path = (
        path.absolute()
    )  # `r1-教务处.yaml` named from inside reviews/文学院/ still has its folders
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
    """Every file of SPEC §1 in the repository at `root`, in a stable order.

    Whatever cannot be read as a file is still listed, so that loading it gives a
    finding rather than nothing: a FIFO or device with a YAML name, a link that
    leads outside the repository, a folder that cannot be listed.
    """
    found: list[Path] = []
    folders: set[Path] = set()  # the entries that are folders (or may be), not files
    if os.path.lexists(root / CONFIG_NAME):
        found.append(root / CONFIG_NAME)
    boundary = Path(os.path.realpath(root))
    for folder in FOLDERS:
        base = root / folder
        if base.is_dir():
            found.extend(_walk(base, boundary, folders))
        elif os.path.lexists(base) and not base.is_file():
            found.append(base)  # a dangling link or a folder that cannot be looked into
            folders.add(base)
    prefix = str(root) + os.sep
    return [
        SourceFile(
            p,
            _relative(str(p), prefix) or _display(p, root, None),
            _entry_kind(p) if folders and p in folders else kind_of(p),
        )
        for p in found
    ]


def _relative(path: str, prefix: str) -> str | None:
    """`path` after `prefix` (a folder and its separator), as POSIX; None when not under it."""
    if not path.startswith(prefix):
        return None
    rest = path[len(prefix) :]
    return rest.replace(os.sep, "/") if os.sep != "/" else rest


def _walk(
    folder: Path, boundary: Path | None = None, folders: set[Path] | None = None
) -> list[Path]:
    """YAML files under `folder`, sorted; unlistable folders and outside links as entries.

    Links to folders are followed once each when they stay inside `boundary`
    (the resolved repository root); one leading outside it is listed itself,
    and loading it refuses it. Those folder entries are added to `folders`.
    """
    folders = set() if folders is None else folders
    out: list[Path] = []
    seen: set[str] = set()
    # each folder with its resolved path: a folder that is no link resolves to its
    # parent's resolved path and its name, without a system call per folder above it
    stack: list[tuple[Path, str | None]] = [(folder, None)]
    while stack:
        current, real = stack.pop()
        real = real if real is not None else os.path.realpath(current)
        if real in seen:
            continue
        seen.add(real)
        try:
            with os.scandir(current) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError:
            out.append(current)  # loading it says why it cannot be read
            folders.add(current)
            continue
        subfolders: list[tuple[Path, str | None]] = []
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue
            path = Path(entry.path)
            if _is_dir(entry):
                if name in _SKIP_DIRS:
                    continue
                link = entry.is_symlink()
                if link and boundary is not None and _outside(path, boundary):
                    out.append(path)
                    folders.add(path)
                else:
                    subfolders.append((path, None if link else os.path.join(real, name)))
            elif name.endswith(YAML_SUFFIXES):
                out.append(path)
        stack.extend(reversed(subfolders))
    return _files_first(out, folder)


def collect(paths: Sequence[str], root: Path) -> list[SourceFile]:
    """The files named on the command line (folders walked); none named = the repository.

    A file named on the command line outside any repository is read where it
    is; a file in a repository's folders, named or found by walking, must
    resolve inside that repository (loading refuses the others).
    """
    if not paths:
        return repository_files(root)
    out: list[SourceFile] = []
    seen: set[Path] = set()
    for given in paths:
        path = Path(given)
        if path.is_dir():
            if os.path.lexists(path / CONFIG_NAME) or any((path / f).is_dir() for f in FOLDERS):
                # A repository: exactly the files of SPEC §1, as with no PATH.
                files = [
                    SourceFile(f.path, _join(given, f.display), f.kind)
                    for f in repository_files(path)
                ]
            else:
                files = [
                    SourceFile(p, _join(given, p.relative_to(path).as_posix()), _entry_kind(p))
                    for p in _walk(path)
                ]
            candidates: Iterable[SourceFile] = files
        elif os.path.lexists(path):
            # A file, or a FIFO, device or broken link named as one: loading says which.
            candidates = [SourceFile(path, given, kind_of(path))]
        else:
            raise AnkaoError(f"找不到文件或文件夹：{given}")
        for source in candidates:
            key = Path(os.path.realpath(source.path))
            if key not in seen:
                seen.add(key)
                out.append(source)
    return out


def _join(given: str, rest: str) -> str:
    given = given.rstrip("/\\")
    if rest == ".":
        return given
    return rest if given in ("", ".") else f"{given}/{rest}"


# --- the repository pass -------------------------------------------------------------------
#
# Every command that reads the repository starts here: each file of SPEC §1 is
# found, loaded once (across the machine's cores when there are many) and
# schema-checked; task books free of errors come back as `TaskBook` models, every
# other file as a `Loaded` record; the checks that span files run last.


def is_repository(folder: Path) -> bool:
    """A folder with `ankao.yaml` or any of the folders of SPEC §1."""
    return (folder / CONFIG_NAME).is_file() or any((folder / f).is_dir() for f in FOLDERS)


def _same(path: Path, root: Path) -> bool:
    try:
        return path.resolve() == root.resolve()
    except OSError:
        return False


def _is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False


def _outside(path: Path, boundary: Path) -> bool:
    try:
        Path(os.path.realpath(path)).relative_to(boundary)
    except ValueError:
        return True
    return False


def _files_first(found: list[Path], folder: Path) -> list[Path]:
    """The order `os.walk` gave: a folder's files before its subfolders', by name."""
    prefix = str(folder) + os.sep

    def key(path: Path) -> tuple[tuple[str, ...], str]:
        text = str(path)
        if not text.startswith(prefix):  # the folder itself, listed as unreadable
            return ((), "")
        rel = text[len(prefix) :].split(os.sep)
        return (tuple(rel[:-1]), rel[-1])

    return sorted(found, key=key)


def _entry_kind(path: Path) -> str:
    """The kind of a listed entry; a folder that could not be listed takes its files' kind."""
    if not path.is_dir():
        return kind_of(path)
    if path.name in FOLDERS:
        return {
            "taskbooks": "taskbook",
            "reviews": "review",
            "approvals": "approval",
            "grades": "grades",
        }[path.name]
    return "review" if path.parent.name == "reviews" else kind_of(path / "x.yaml")
