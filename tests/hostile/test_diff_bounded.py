"""`ankao diff` and `ankao textconv` read every version bounded (issue 27): from a path, from git,
and in the walk through history for an approval's fingerprint."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import commit, copy_examples, git, needs_git

from hostile.bounded import run_bounded
from hostile.round3 import BOOK, only_written, tree_state

BIG = 3 * 1024**3 + 512 * 1024**2  # 3.5 GiB, sparse: never in memory unless read


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return copy_examples(tmp_path)


def _fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


# (what the version is, the message said)
PATH_VERSIONS = [
    ("fifo", "是命名管道（FIFO），不是文件，没有读取"),
    ("sparse", "超过大小上限 1 MiB，没有读取"),
    ("folder", "是文件夹，不是文件，没有读取"),
    ("devzero", "是设备文件，不是文件，没有读取"),
    ("missing", "找不到文件"),
]


def _make(kind: str, tmp_path: Path) -> str:
    if kind == "fifo":
        return str(_fifo(tmp_path / "旧.yaml"))
    if kind == "sparse":
        path = tmp_path / "旧.yaml"
        with open(path, "wb") as fh:
            fh.truncate(BIG)
        return str(path)
    if kind == "folder":
        (tmp_path / "旧.yaml").mkdir()
        return str(tmp_path / "旧.yaml")
    if kind == "devzero":
        return "/dev/zero"
    return str(tmp_path / "没有.yaml")


@pytest.mark.parametrize(("kind", "said"), PATH_VERSIONS)
@pytest.mark.parametrize("place", ["before", "after"])
def test_diff_path_version(repo: Path, tmp_path: Path, kind: str, said: str, place: str) -> None:
    version = _make(kind, tmp_path)
    args = [version, str(BOOK)] if place == "before" else [str(BOOK), version]
    before = tree_state(tmp_path)
    done = run_bounded(["diff", "文学院", *args], repo)
    assert done.returncode == 2, done.stderr
    assert said in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    only_written(before, tree_state(tmp_path))


@pytest.mark.parametrize("kind", ["fifo", "sparse", "folder", "devzero", "missing"])
def test_textconv_never_blocks_nor_fills_memory(repo: Path, tmp_path: Path, kind: str) -> None:
    version = _make(kind, tmp_path)
    done = run_bounded(["textconv", version], repo)
    assert done.returncode == 0, done.stderr
    assert len(done.stdout.encode("utf-8")) <= 1024 * 1024 + 200


@needs_git
def test_diff_large_version_in_git(repo: Path) -> None:
    git(repo, "init", "-q")
    book = repo / BOOK
    text = book.read_text(encoding="utf-8")
    book.write_text(text + "# " + "很长的注释" * 600_000 + "\n", encoding="utf-8")  # ~9 MB
    commit(repo, "大")
    book.write_text(text, encoding="utf-8")
    commit(repo, "小")
    before = tree_state(repo)
    done = run_bounded(["diff", "文学院", "HEAD~1"], repo)
    assert done.returncode == 2
    assert "超过大小上限 1 MiB，没有读取" in done.stderr
    assert "HEAD~1" not in done.stderr or "版本" in done.stderr
    only_written(before, tree_state(repo))


@needs_git
def test_fingerprint_walk_is_bounded_and_says_so(repo: Path) -> None:
    """51 commits of a 555 KB book, none with the approved fingerprint: the walk stops and says so."""
    git(repo, "init", "-q")
    book = repo / BOOK
    text = book.read_text(encoding="utf-8")
    notes = "".join(f"  - 第{i}条补充说明，记录任期目标制定过程中的讨论情况\n" for i in range(8000))
    for n in range(51):
        book.write_text(text + f"notes{n}:\n" + notes, encoding="utf-8")
        commit(repo, f"第{n}版")
    assert book.stat().st_size > 500_000
    approvals = repo / "approvals" / "文学院.yaml"
    with approvals.open("a", encoding="utf-8") as fh:
        fh.write("    fingerprint: sha256:" + "0" * 64 + "\n")  # a version no commit has
    book.write_text(text, encoding="utf-8")
    before = tree_state(repo)
    done = run_bounded(["diff", "文学院"], repo)
    assert done.returncode in (0, 1), done.stderr
    assert "已停止查找" in done.stdout
    only_written(before, tree_state(repo))


def test_diff_output_folder_is_not_file_exists(repo: Path, tmp_path: Path) -> None:
    (repo / "对照.docx").mkdir()
    done = run_bounded(["diff", "文学院", str(BOOK), str(BOOK), "-o", "对照.docx"], repo)
    assert done.returncode == 2
    assert "是一个文件夹，不能作为输出文件" in done.stderr
    assert "已存在" not in done.stderr
