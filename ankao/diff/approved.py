"""The version of a book the latest approval recorded: found in git by its fingerprint (SPEC §7).

The walk through a book's history is bounded (at most WALK_COMMITS commits and
WALK_SECONDS seconds, each version read only when git says it is small enough),
and says why when it stops early.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from ankao.diff.git import NO_GIT_HINT, blob_ids, git, history
from ankao.diff.versions import Version, at_revision
from ankao.errors import AnkaoError
from ankao.load.config import Config
from ankao.load.document import DEFAULT_MAX_BYTES
from ankao.model.book import TaskBook
from ankao.repository.layout import unit_of

if TYPE_CHECKING:
    from ankao.repository.repo import Repository

WALK_COMMITS = 50
"""Most commits `ankao diff` reads looking for the version an approval's fingerprint names."""
WALK_SECONDS = 6.0
"""Most seconds that search may take; past either bound it stops and says so."""


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
        committed_with(path, fingerprint, commits, config.max_file_size)
        if fingerprint is not None
        else Search(None)
    )
    if search.commit is not None:
        return at_revision(path, shown, search.commit, config, basis="approved")
    if not commits:
        raise AnkaoError(
            f"{shown} 还没有提交到 git，没有可比较的早先版本；请先提交（git add、git commit），"
            f"或写明要比较的版本；{NO_GIT_HINT}"
        )
    version = at_revision(path, shown, commits[0], config, basis="last-commit")
    if search.gave_up is not None:
        version = replace(version, note=search.gave_up)
    return version


def version_with(path: Path, shown: str, fingerprint: str, config: Config) -> TaskBook | None:
    """The book at `path` as it was in the newest commit whose version has `fingerprint`
    (None when no commit has it, or the folder is not in git)."""
    try:
        commit = committed_with(path, fingerprint, limit=config.max_file_size).commit
        return None if commit is None else at_revision(path, shown, commit, config).book
    except AnkaoError:
        return None


@dataclass(frozen=True, slots=True)
class Search:
    """What the walk through a book's history found: the commit, or why it stopped early."""

    commit: str | None
    gave_up: str | None = None


def committed_with(
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
    blobs = blob_ids(path, commits[: WALK_COMMITS + 1])
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
