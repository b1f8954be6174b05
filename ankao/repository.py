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
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ankao.config import CONFIG_NAME, Config
from ankao.model import AnkaoError, BookOutline, Finding, Progress, Report, Severity, TaskBook

if TYPE_CHECKING:
    from ankao.located import Loaded
    from ankao.validation import FileResult

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
    if os.path.lexists(root / CONFIG_NAME):
        found.append(root / CONFIG_NAME)
    boundary = Path(os.path.realpath(root))
    for folder in FOLDERS:
        base = root / folder
        if base.is_dir():
            found.extend(_walk(base, boundary))
        elif os.path.lexists(base) and not base.is_file():
            found.append(base)  # a dangling link or a folder that cannot be looked into
    return [SourceFile(p, _display(p, root, None), _entry_kind(p)) for p in found]


def _walk(folder: Path, boundary: Path | None = None) -> list[Path]:
    """YAML files under `folder`, sorted; unlistable folders and outside links as entries.

    Links to folders are followed once each when they stay inside `boundary`
    (the resolved repository root); one leading outside it is listed itself,
    and loading it refuses it.
    """
    out: list[Path] = []
    seen: set[str] = set()
    stack = [folder]
    while stack:
        current = stack.pop()
        real = os.path.realpath(current)
        if real in seen:
            continue
        seen.add(real)
        try:
            with os.scandir(current) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError:
            out.append(current)  # loading it says why it cannot be read
            continue
        subfolders: list[Path] = []
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue
            path = Path(entry.path)
            if _is_dir(entry):
                if name in _SKIP_DIRS:
                    continue
                if entry.is_symlink() and boundary is not None and _outside(path, boundary):
                    out.append(path)
                else:
                    subfolders.append(path)
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


@dataclass(slots=True)
class Repository:
    """A repository after one pass: every file's result, the models and all findings."""

    root: Path
    config: Config
    results: list[FileResult]
    findings: list[Finding]
    """Findings that span files (and those of `ankao.yaml` when it was not itself named)."""
    whole: bool
    """True when the whole repository was read (the cross-file checks ran)."""
    models: bool = True
    """False when the pass handed back outlines only (`ankao check`): `books` is then refused."""
    cache: dict[str, Any] = field(default_factory=dict, repr=False)
    """What is derived from the results once, for commands that ask many times (by name)."""

    @property
    def books(self) -> list[TaskBook]:
        """Every task book free of loading and schema errors, as a model, in file order."""
        if not self.models:
            raise RuntimeError("the repository pass ran without models: scan(models=True)")
        return [r.book for r in self.results if r.book is not None]

    @property
    def outlines(self) -> list[BookOutline]:
        """Every task book free of loading and schema errors, as an outline, in file order."""
        return [r.outline for r in self.results if r.outline is not None]

    def files(self, kind: str) -> list[Loaded]:
        """The loaded records of one kind of file, in file order."""
        return [r.loaded for r in self.results if r.kind == kind and r.loaded is not None]

    @property
    def units(self) -> set[str]:
        """Units that have a task book or are listed in `ankao.yaml`."""
        return {b.unit for b in self.outlines} | set(self.config.units)

    def book(self, unit: str) -> TaskBook:
        """The unit's task book; AnkaoError when it is missing, has errors, or has a twin."""
        from ankao.books import find_book

        mine = [b for b in self.books if b.unit == unit]
        if not mine:
            for loaded in self.files("taskbook"):
                named = loaded.mapping.get("unit")
                if named == unit or (named is None and Path(loaded.path).stem == unit):
                    raise AnkaoError(
                        f"单位“{unit}”的任务书 {loaded.file} 有错误，无法使用；"
                        "请先运行 ankao validate 修正"
                    )
        return find_book(self.books, unit, self.config.units)

    def report(self) -> Report:
        """Every finding of the pass, per file and across files, as one report."""
        rep = Report(files=[r.file for r in self.results])
        for r in self.results:
            rep.extend(r.findings)
        for f in self.findings:
            if f.file not in rep.files:
                rep.files.append(f.file)
        rep.extend(self.findings)
        return rep


def scan(
    root: Path,
    *,
    paths: Sequence[str] = (),
    config: Config | None = None,
    rules: bool = False,
    models: bool = True,
    progress: Progress | None = None,
) -> Repository:
    """One pass over the repository at `root` (or over `paths` in it): models and findings.

    With no `paths`, or with the root itself, the whole repository is read and the
    checks that span files run (duplicate units, review rounds, grade units).
    `rules` applies the rules of `ankao check` to every task book; `models=False`
    hands back no models, which is faster: findings only (plain `validate`), or
    with `rules` each book's outline, enough for the checks across files (`check`).
    """
    from ankao.config import load_config
    from ankao.validation import Settings, check_document, run

    own_config, config_doc = load_config(root)
    config = config or own_config
    whole = not paths or (all(_same(Path(p), root) for p in paths) and is_repository(root))
    sources = collect(paths, root) if paths else repository_files(root)
    if not sources:
        if not paths and not is_repository(root):
            raise AnkaoError(
                f"{root} 不是任务书仓库（没有 ankao.yaml，也没有 taskbooks/ 等文件夹）："
                "请进入任务书仓库再运行，或先用 ankao init 新建一个"
            )
        raise AnkaoError(
            "没有找到要检查的 YAML 文件" + (f"：{' '.join(paths)}" if paths else f"（{root}）")
        )
    cross = whole and (models or rules)  # the checks that span files run
    settings = Settings(config=config, rules=rules, models=models, reviews=cross)
    results = run(sources, settings, progress=progress)
    findings: list[Finding] = []
    if config_doc is not None and config.path is not None:
        own_path = config.path.resolve()
        named = any(s.path.name == CONFIG_NAME and s.path.resolve() == own_path for s in sources)
        if not named:
            # A broken ankao.yaml changes every result: show its errors even when not named.
            own = check_document(config_doc, "config", settings)
            findings.extend(f for f in own.findings if f.severity is Severity.ERROR)
    repo = Repository(root, config, results, findings, whole, models)
    if cross:
        from ankao.rules.repository import repository_findings

        repo.findings.extend(repository_findings(repo))
    return repo


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

    def key(path: Path) -> tuple[tuple[str, ...], str]:
        rel = path.relative_to(folder).parts
        return (rel[:-1], rel[-1]) if rel else ((), "")

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
