"""ankao.load.files: atomic writes that never lose a file, and safe file names."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ankao.errors import AnkaoError
from ankao.load.files import MAX_NAME, inside, safe_filename, write_bytes, write_text


def test_write_text_creates_and_replaces(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    write_text(path, "一\n")
    assert path.read_bytes() == "一\n".encode()
    write_text(path, "二\n")
    assert path.read_text(encoding="utf-8") == "二\n"
    assert [p.name for p in tmp_path.iterdir()] == ["a.yaml"]  # no temporary file left


def test_no_overwrite_keeps_the_file(tmp_path: Path) -> None:
    path = tmp_path / "手写.yaml"
    path.write_text("别人写的\n", encoding="utf-8")
    with pytest.raises(AnkaoError, match="文件已存在，没有覆盖"):
        write_text(path, "新内容\n", overwrite=False)
    assert path.read_text(encoding="utf-8") == "别人写的\n"
    assert [p.name for p in tmp_path.iterdir()] == ["手写.yaml"]


def test_replace_keeps_permissions(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("x", encoding="utf-8")
    path.chmod(0o640)
    write_bytes(path, b"y")
    assert path.stat().st_mode & 0o777 == 0o640


def test_failure_to_write_is_ankao_error_and_original_intact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "a.txt"
    path.write_text("原文", encoding="utf-8")

    def boom(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", boom)
    with pytest.raises(AnkaoError, match="无法写入"):
        write_bytes(path, b"new")
    assert path.read_text(encoding="utf-8") == "原文"
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]


def test_missing_folder_is_ankao_error(tmp_path: Path) -> None:
    with pytest.raises(AnkaoError, match="无法在"):
        write_text(tmp_path / "没有" / "a.txt", "x")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("文学院", "文学院.docx"),
        ("a/b\\c", "a_b_c.docx"),
        ("..", "未命名.docx"),
        ("  ", "未命名.docx"),
        ("CON", "_CON.docx"),
        ('x:y*?"<>|', "x_y______.docx"),
        ("学院\n名称", "学院_名称.docx"),
        ("学院   名称", "学院 名称.docx"),
        (".隐藏", "隐藏.docx"),
    ],
)
def test_safe_filename(name: str, expected: str) -> None:
    assert safe_filename(name, ".docx") == expected


@given(st.text(max_size=300))
def test_safe_filename_any_text(name: str) -> None:
    out = safe_filename(name, ".yaml")
    assert out.endswith(".yaml") and len(out) <= MAX_NAME
    assert "/" not in out and "\\" not in out and "\x00" not in out
    assert out not in (".yaml", "..yaml") and not out.startswith(".")


def test_inside(tmp_path: Path) -> None:
    assert inside(tmp_path / "a" / "b", tmp_path)
    assert not inside(tmp_path / ".." / "x", tmp_path)
    (tmp_path / "link").symlink_to(tmp_path.parent)
    assert not inside(tmp_path / "link" / "x", tmp_path)


def test_os_errors_are_said_in_chinese() -> None:
    import errno

    from ankao.load.files import os_reason

    assert os_reason(FileExistsError(errno.EEXIST, "File exists")) == "已存在同名的文件"
    assert os_reason(PermissionError(errno.EACCES, "Permission denied")) == "没有权限"
    assert os_reason(OSError(errno.EIO, "Input/output error")) == "Input/output error"
