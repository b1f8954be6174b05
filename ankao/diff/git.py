"""git run as a subprocess for `ankao diff`: never through a shell, always with a timeout.

What a command needs of git (a revision's commit, a file's bytes at a commit, the
commits that changed a file), each an AnkaoError in Chinese when git is missing,
hangs, or has no such thing.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Sequence
from pathlib import Path

from ankao.errors import AnkaoError
from ankao.load.document import DEFAULT_MAX_BYTES

GIT_TIMEOUT = 30.0
"""Seconds any one git command may take."""

NO_GIT_HINT = "也可以直接比较两个文件：ankao diff 单位 旧.yaml 新.yaml"


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
        raise AnkaoError(f"没有找到 git 命令：按版本比较任务书需要安装 git；{NO_GIT_HINT}") from exc
    except subprocess.TimeoutExpired as exc:
        raise AnkaoError(
            f"git {' '.join(args[:1])} 在 {timeout:g} 秒内没有完成，已放弃；请检查仓库状态后重试"
        ) from exc
    except OSError as exc:
        raise AnkaoError(f"无法运行 git：{exc.strerror or exc}") from exc


def in_git(path: Path) -> None:
    """AnkaoError unless `path`'s folder is inside a git work tree."""
    done = git(["rev-parse", "--is-inside-work-tree"], path.parent)
    if done.returncode != 0 or done.stdout.strip() != b"true":
        raise AnkaoError(f"{path.parent} 不在 git 仓库中，无法按版本比较；{NO_GIT_HINT}")


def commit_of(path: Path, revision: str) -> str:
    """The full commit id a revision names; AnkaoError when the repository has no such revision."""
    if not revision.strip() or revision.startswith("-"):
        raise AnkaoError(f"“{revision}”不是有效的版本写法（可用提交号、分支名、标签或 HEAD~1）")
    in_git(path)
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
    in_git(path)
    done = git(["log", "--format=%H", "--", f"./{path.name}"], path.parent)
    if done.returncode != 0:
        return []
    return done.stdout.decode("ascii", "replace").split()


def short(path: Path, commit: str) -> str:
    """The abbreviated id of a commit (git's own length)."""
    done = git(["rev-parse", "--short", commit], path.parent)
    return done.stdout.decode("ascii", "replace").strip() or commit[:7]


def blob_ids(path: Path, commits: Sequence[str]) -> dict[str, tuple[str, int | None]]:
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
