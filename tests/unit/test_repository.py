"""ankao.repository.layout: which files a command works on, and each file's kind (SPEC §1)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import write

from ankao.errors import AnkaoError
from ankao.repository.layout import collect, kind_of, repository_files


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("ankao.yaml", "config"),
        ("sub/ankao.yaml", "config"),
        ("taskbooks/文学院.yaml", "taskbook"),
        ("elsewhere/草稿.yaml", "taskbook"),
        ("reviews/文学院/r1-教务处.yaml", "review"),
        ("reviews/文学院/r12-人事处.yml", "review"),
        ("reviews/文学院/r1-response.yaml", "response"),
        ("reviews/文学院/r0-教务处.yaml", "unknown"),
        ("reviews/文学院/意见.yaml", "unknown"),
        ("approvals/文学院.yaml", "approval"),
        ("grades/2025.yaml", "grades"),
    ],
)
def test_kind_of(path: str, kind: str) -> None:
    assert kind_of(Path(path)) == kind


def _tree(root: Path) -> None:
    for rel in (
        "ankao.yaml",
        "taskbooks/b.yaml",
        "taskbooks/a.yml",
        "taskbooks/.hidden.yaml",
        "taskbooks/说明.txt",
        "reviews/文学院/r1-教务处.yaml",
        "reviews/文学院/r1-response.yaml",
        "approvals/文学院.yaml",
        "grades/2025.yaml",
        "notes/x.yaml",
        ".git/config.yaml",
        "taskbooks/.ankao/x.yaml",
    ):
        write(root, rel, "a: 1\n")


def test_repository_files_in_stable_order(tmp_path: Path) -> None:
    _tree(tmp_path)
    found = [(s.display, s.kind) for s in repository_files(tmp_path)]
    assert found == [
        ("ankao.yaml", "config"),
        ("taskbooks/a.yml", "taskbook"),
        ("taskbooks/b.yaml", "taskbook"),
        ("reviews/文学院/r1-response.yaml", "response"),
        ("reviews/文学院/r1-教务处.yaml", "review"),
        ("approvals/文学院.yaml", "approval"),
        ("grades/2025.yaml", "grades"),
    ]


def test_collect_no_paths_is_the_repository(tmp_path: Path) -> None:
    _tree(tmp_path)
    assert [s.display for s in collect([], tmp_path)] == [
        s.display for s in repository_files(tmp_path)
    ]


def test_collect_folder_and_file_display_as_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _tree(tmp_path)
    monkeypatch.chdir(tmp_path)
    out = collect(["taskbooks/", "grades/2025.yaml", "taskbooks/b.yaml", "notes"], tmp_path)
    assert [(s.display, s.kind) for s in out] == [
        ("taskbooks/a.yml", "taskbook"),
        ("taskbooks/b.yaml", "taskbook"),
        ("grades/2025.yaml", "grades"),
        ("notes/x.yaml", "taskbook"),
    ]  # b.yaml named twice is checked once


def test_collect_repository_folder_takes_only_section_1_files(tmp_path: Path) -> None:
    _tree(tmp_path / "repo")
    out = collect([str(tmp_path / "repo")], tmp_path)
    assert len(out) == 7
    assert all(s.display.startswith(str(tmp_path / "repo") + "/") for s in out)
    assert not any("notes" in s.display for s in out)


def test_collect_missing_is_ankao_error(tmp_path: Path) -> None:
    with pytest.raises(AnkaoError, match="找不到文件或文件夹：没有.yaml"):
        collect(["没有.yaml"], tmp_path)
