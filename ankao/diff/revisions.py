"""A unit's task book at a git revision, from a file or in the working tree, and two versions compared.

Git is run as a subprocess (never through a shell, always with a timeout); a
version read from git or from a file is loaded and schema-checked like any
task book, so its problems are findings, not failures. `compare` is what
`ankao diff` runs: it picks the two versions, diffs them (`ankao.diff`) and,
for `--round N`, joins the round's comments and answers.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ankao.diff import (
    NOT_ACTED_ON,
    BookDiff,
    CommentStatus,
    comment_status,
    diff_books,
    unrequested,
)
from ankao.errors import AnkaoError
from ankao.findings import Finding, Report, Severity
from ankao.load.config import Config
from ankao.load.document import DEFAULT_MAX_BYTES
from ankao.model.book import TaskBook
from ankao.repository.layout import unit_of

if TYPE_CHECKING:
    from ankao.repository.repo import Repository

GIT_TIMEOUT = 30.0
"""Seconds any one git command may take."""

WALK_COMMITS = 50
"""Most commits `ankao diff` reads looking for the version an approval's fingerprint names."""
WALK_SECONDS = 6.0
"""Most seconds that search may take; past either bound it stops and says so."""

WORKING_TREE = "工作区"

_NO_GIT_HINT = "也可以直接比较两个文件：ankao diff 单位 旧.yaml 新.yaml"


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


# --- git -----------------------------------------------------------------------------------


def git(
    args: Sequence[str], cwd: Path, *, timeout: float = GIT_TIMEOUT
) -> subprocess.CompletedProcess[bytes]:
    """Run `git args…` in `cwd` (no shell, a timeout); AnkaoError when git is missing or hangs."""
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "GIT_OPTIONAL_LOCKS": "0"}
    try:
        return subprocess.run(
            ["git", *args], cwd=cwd, capture_output=True, timeout=timeout, env=env, check=False
        )
    except FileNotFoundError as exc:
        raise AnkaoError(
            f"没有找到 git 命令：按版本比较任务书需要安装 git；{_NO_GIT_HINT}"
        ) from exc
    except subprocess.TimeoutExpired as exc:
        raise AnkaoError(
            f"git {' '.join(args[:1])} 在 {timeout:g} 秒内没有完成，已放弃；请检查仓库状态后重试"
        ) from exc
    except OSError as exc:
        raise AnkaoError(f"无法运行 git：{exc.strerror or exc}") from exc


def _in_git(path: Path) -> None:
    """AnkaoError unless `path`'s folder is inside a git work tree."""
    done = git(["rev-parse", "--is-inside-work-tree"], path.parent)
    if done.returncode != 0 or done.stdout.strip() != b"true":
        raise AnkaoError(f"{path.parent} 不在 git 仓库中，无法按版本比较；{_NO_GIT_HINT}")


def commit_of(path: Path, revision: str) -> str:
    """The full commit id a revision names; AnkaoError when the repository has no such revision."""
    if not revision.strip() or revision.startswith("-"):
        raise AnkaoError(f"“{revision}”不是有效的版本写法（可用提交号、分支名、标签或 HEAD~1）")
    _in_git(path)
    done = git(["rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}"], path.parent)
    if done.returncode != 0:
        raise AnkaoError(
            f"git 仓库中没有版本“{revision}”（可用提交号、分支名、标签或 HEAD~1 这样的写法；"
            "若是文件，请检查文件名）"
        )
    return done.stdout.decode("ascii", "replace").strip()


def blob_size(path: Path, commit: str) -> int | None:
    """The size in bytes of `path` as committed in `commit` (None when it is not there)."""
    done = git(["cat-file", "-s", f"{commit}:./{path.name}"], path.parent)
    if done.returncode != 0:
        return None
    try:
        return int(done.stdout.strip())
    except ValueError:
        return None


def blob_at(path: Path, commit: str, shown: str, limit: int = DEFAULT_MAX_BYTES) -> bytes:
    """The bytes of `path` as committed in `commit`, at most `limit` of them (read only after
    git has said its size); AnkaoError when it was not in git then, or is larger."""
    from ankao.load.files import size_text

    size = blob_size(path, commit)
    if size is None:
        raise AnkaoError(
            f"版本 {commit[:7]} 中没有 {shown}（那时这本任务书还没有提交到 git，或在别的位置）"
        )
    if size > limit:
        raise AnkaoError(
            f"版本 {commit[:7]} 中的 {shown} 有 {size_text(size)}，超过大小上限 {size_text(limit)}，"
            "没有读取（可在 ankao.yaml 的 limits.max_file_size 中调高上限）"
        )
    done = git(["cat-file", "blob", f"{commit}:./{path.name}"], path.parent)
    if done.returncode != 0:
        raise AnkaoError(f"无法从 git 读取版本 {commit[:7]} 中的 {shown}")
    return done.stdout[: limit + 1]


def history(path: Path) -> list[str]:
    """The commits that changed `path`, newest first (empty when it was never committed)."""
    _in_git(path)
    done = git(["log", "--format=%H", "--", f"./{path.name}"], path.parent)
    if done.returncode != 0:
        return []
    return done.stdout.decode("ascii", "replace").split()


def short(path: Path, commit: str) -> str:
    """The abbreviated id of a commit (git's own length)."""
    done = git(["rev-parse", "--short", commit], path.parent)
    return done.stdout.decode("ascii", "replace").strip() or commit[:7]


# --- loading a version ----------------------------------------------------------------------


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


def approved_fingerprint(repo: Repository, unit: str) -> str | None:
    """The fingerprint of the latest approval event of `unit` that records one (SPEC §7)."""
    for loaded in repo.files("approval"):
        data = loaded.mapping
        if unit_of(loaded) != unit:
            continue
        events = data.get("events")
        if not isinstance(events, list):
            continue
        for event in reversed(events):
            if isinstance(event, dict) and isinstance(event.get("fingerprint"), str):
                return str(event["fingerprint"])
    return None


def default_before(path: Path, shown: str, fingerprint: str | None, config: Config) -> Version:
    """The approved version (the newest commit whose book has `fingerprint`), else the last commit."""
    commits = history(path)
    search = (
        _committed_with(path, fingerprint, commits, config.max_file_size)
        if fingerprint is not None
        else Search(None)
    )
    if search.commit is not None:
        return at_revision(path, shown, search.commit, config, basis="approved")
    if not commits:
        raise AnkaoError(
            f"{shown} 还没有提交到 git，没有可比较的早先版本；请先提交（git add、git commit），"
            f"或写明要比较的版本；{_NO_GIT_HINT}"
        )
    version = at_revision(path, shown, commits[0], config, basis="last-commit")
    if search.gave_up is not None:
        version = replace(version, note=search.gave_up)
    return version


def version_with(path: Path, shown: str, fingerprint: str, config: Config) -> TaskBook | None:
    """The book at `path` as it was in the newest commit whose version has `fingerprint`
    (None when no commit has it, or the folder is not in git)."""
    try:
        commit = _committed_with(path, fingerprint, limit=config.max_file_size).commit
        return None if commit is None else at_revision(path, shown, commit, config).book
    except AnkaoError:
        return None


@dataclass(frozen=True, slots=True)
class Search:
    """What the walk through a book's history found: the commit, or why it stopped early."""

    commit: str | None
    gave_up: str | None = None


def _committed_with(
    path: Path,
    fingerprint: str,
    commits: list[str] | None = None,
    limit: int = DEFAULT_MAX_BYTES,
) -> Search:
    """The newest commit whose version of the book has `fingerprint`.

    Bounded: at most WALK_COMMITS commits and WALK_SECONDS seconds, each version
    read only when git says it is within `limit` bytes, each distinct version once.
    """
    import time

    from ankao.load.document import Document, load_bytes
    from ankao.model.build import fingerprint as fingerprint_of

    commits = history(path) if commits is None else commits
    blobs = _blob_ids(path, commits[: WALK_COMMITS + 1])
    seen: set[str] = set()
    start = time.monotonic()
    skipped = 0
    for n, commit in enumerate(commits):
        if n >= WALK_COMMITS or time.monotonic() - start > WALK_SECONDS:
            why = (
                f"最近 {WALK_COMMITS} 个提交"
                if n >= WALK_COMMITS
                else f"{WALK_SECONDS:g} 秒内查过的 {n} 个提交"
            )
            return Search(
                None,
                f"在{why}中没有找到审批记录所记指纹对应的版本，已停止查找；"
                "可以写明要比较的版本（如 ankao diff 单位 HEAD~3）",
            )
        blob, size = blobs.get(commit, (None, None))
        if blob is None or blob in seen:
            continue
        seen.add(blob)
        if size is None or size > limit:
            skipped += 1
            continue
        done = git(["cat-file", "blob", blob], path.parent)
        if done.returncode != 0:
            continue
        doc = load_bytes(done.stdout[: limit + 1], Document(path.name), max_bytes=limit)
        if isinstance(doc.data, dict) and fingerprint_of(doc.data) == fingerprint:
            return Search(commit)
    if skipped:
        return Search(
            None, f"有 {skipped} 个早先版本超过大小上限，没有读取，其中没有查找审批记录所记的指纹"
        )
    return Search(None)


def _blob_ids(path: Path, commits: Sequence[str]) -> dict[str, tuple[str, int | None]]:
    """Each commit's blob id and size of the book, asked of git in one run."""
    if not commits:
        return {}
    names = "".join(f"{c}:./{path.name}\n" for c in commits)
    try:
        done = subprocess.run(
            ["git", "cat-file", "--batch-check=%(objectname) %(objecttype) %(objectsize)"],
            cwd=path.parent,
            input=names.encode("utf-8"),
            capture_output=True,
            timeout=GIT_TIMEOUT,
            env={**os.environ, "GIT_TERMINAL_PROMPT": "0", "GIT_OPTIONAL_LOCKS": "0"},
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return {}
    out: dict[str, tuple[str, int | None]] = {}
    for commit, line in zip(
        commits, done.stdout.decode("ascii", "replace").splitlines(), strict=False
    ):
        parts = line.split()
        if len(parts) == 3 and parts[1] == "blob":
            out[commit] = (parts[0], int(parts[2]) if parts[2].isdigit() else None)
    return out


# --- the comparison -------------------------------------------------------------------------


@dataclass(slots=True)
class DiffReport(Report):
    """A report whose `summary` carries the diff's figures beside files, errors and warnings."""

    figures: dict[str, Any] = field(default_factory=dict)

    def summary(self) -> dict[str, Any]:
        """SPEC §3's summary plus the diff's own figures."""
        return {**Report.summary(self), **self.figures}


@dataclass(slots=True)
class Comparison:
    """What `ankao diff` found: the two versions, their diff, and the round joined when asked."""

    unit: str
    before: Version
    after: Version
    diff: BookDiff | None
    report: DiffReport
    round: int | None = None
    comments: list[CommentStatus] = field(default_factory=list)
    unrequested: list[str] = field(default_factory=list)
    broken: str | None = None
    """Why the two versions cannot be compared (a version with errors), for the reporter."""


def _is_file(arg: str) -> bool:
    """Whether a version argument names a path (a file, or a FIFO or device said as such)."""
    path = Path(arg)
    if not os.path.lexists(path):
        return False
    return not path.is_dir() or arg.lower().endswith((".yaml", ".yml"))


def book_path(repo: Repository, unit: str) -> tuple[Path, str]:
    """Where the unit's book is in the working tree (path and shown name), even when it has errors."""
    mine = [b for b in repo.books if b.unit == unit]
    if len(mine) == 1:
        return Path(mine[0].source), mine[0].file
    if not mine:
        for loaded in repo.files("taskbook"):
            if unit_of(loaded) == unit:
                return Path(loaded.path), loaded.file
    book = repo.book(unit)  # raises the usual message: missing, broken or twinned
    return Path(book.source), book.file


def compare(
    root: Path,
    unit: str,
    revisions: Sequence[str],
    *,
    config: Config,
    round_number: int | None = None,
) -> Comparison:
    """`ankao diff 单位 [REV_A] [REV_B] [--round N]`: two versions of a unit's book, compared."""
    if len(revisions) > 2:
        raise AnkaoError("最多给出两个版本（修改前、修改后）")
    for arg in revisions:
        if arg.lower().endswith((".yaml", ".yml")) and not _is_file(arg) and ":" not in arg:
            raise AnkaoError(f"找不到文件：{arg}")
    repo = None
    if round_number is not None or not all(_is_file(a) for a in revisions) or len(revisions) < 2:
        from ankao.repository.scan import scan

        repo = scan(root, config=config)
    before, after = _versions(repo, unit, revisions, config)
    report = DiffReport(files=list(dict.fromkeys([before.file, after.file])))
    report.extend(before.findings)
    report.extend(after.findings)
    comparison = Comparison(unit, before, after, None, report, round_number)
    if before.book is None or after.book is None:
        broken = "、".join(v.label for v in (before, after) if v.book is None)
        comparison.broken = f"{broken} 的任务书有错误，无法比较；请先修正上面列出的问题"
        return comparison
    diff = diff_books(before.book, after.book)
    comparison.diff = diff
    report.figures = diff.summary()
    if round_number is not None:
        assert repo is not None
        _join_round(comparison, repo, round_number)
    return comparison


def _versions(
    repo: Repository | None, unit: str, revisions: Sequence[str], config: Config
) -> tuple[Version, Version]:
    """The two versions compared: those named, the working tree after, the approved or
    committed version before when none is named."""
    versions: list[Version] = []
    for arg in revisions:
        if _is_file(arg):
            versions.append(from_file(Path(arg), config))
        else:
            assert repo is not None
            path, shown = book_path(repo, unit)
            versions.append(at_revision(path, shown, arg, config))
    if len(versions) < 2:
        assert repo is not None
        path, shown = book_path(repo, unit)
        current = repo.book(unit)
        after = Version(WORKING_TREE, current.file, None, "working-tree", current)
        if not versions:
            mark = approved_fingerprint(repo, unit)
            if (
                mark is not None
                and mark == current.fingerprint
                and _committed_with(path, mark, limit=config.max_file_size).commit is None
            ):
                # Approved as it stands but never committed so: nothing changed since.
                versions.append(Version("审批时的版本", current.file, None, "approved", current))
            else:
                versions.append(default_before(path, shown, mark, config))
        versions.append(after)
    return versions[0], versions[1]


def _join_round(comparison: Comparison, repo: Repository, number: int) -> None:
    """Join round `number`'s comments and answers; a 采纳 whose ref did not change is a warning."""
    from ankao.model.quotes import quote_moved
    from ankao.repository.unitreviews import load_round

    diff = comparison.diff
    assert diff is not None
    files = load_round(repo, comparison.unit, number)
    report = comparison.report
    for f in files:
        if f.display not in report.files:
            report.files.append(f.display)
        report.extend(f.findings)
    answers: dict[str, tuple[str, Any, int]] = {}
    for f in files:
        if f.is_response:
            for i, entry in f.entries():
                answers.setdefault(entry["to"], (entry["answer"], f, i))
    refs = []
    for f in files:
        if f.is_response:
            continue
        for _, entry in f.entries():
            ident, ref = entry["id"], entry["ref"]
            refs.append(ref)
            answer, where, index = answers.get(ident, (None, None, -1))
            status = comment_status(
                diff,
                ident,
                ref,
                answer,
                reviewer=f.reviewer,
                text=entry["text"],
                moved=quote_moved(diff.after, entry) is not None,
            )
            comparison.comments.append(status)
            if status.status == NOT_ACTED_ON and where is not None:
                label = ref_label(ref, kind=diff.after.kind)
                report.findings.append(
                    where.doc.finding(
                        ["answers", index, "answer"],
                        NOT_ACTED_ON,
                        f"意见 {ident}（{f.reviewer}，针对 {label}）答复为“{answer}”，"
                        f"但从{comparison.before.label}到{comparison.after.label}，{label}没有任何改动",
                        Severity.WARNING,
                    )
                )
    comparison.unrequested = unrequested(diff, refs)


def ref_label(ref: str, *, kind: str = "teaching", plain: bool = False) -> str:
    """What a comment's `ref` names, for reading: 目标“JX-03”, 教学工作目标, 总体意见 (plain: JX-03)."""
    from ankao.model.refs import PARTS

    if ref in PARTS:
        return PARTS[ref]
    if ref.startswith("goals."):
        from ankao.model.sections import section_title

        return section_title(kind, ref.removeprefix("goals."))
    return ref if plain else f"目标“{ref}”"


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
