"""Word files that inflate: refused before parsing, naming what is too large, in time and memory (issue 11)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from conftest import copy_examples

from ankao.errors import AnkaoError
from ankao.load import docxsafe
from hostile.bombs import REFERENCE, inflating_docx
from hostile.bounded import run_bounded

# (megabytes inflated, declared size or None for the truth): honest bombs and ones that lie about their size
BOMBS = [(2048, None), (2048, 1000), (60, None), (60, 1000)]


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return copy_examples(tmp_path)


@pytest.mark.parametrize(("megabytes", "declared"), BOMBS)
def test_comments_import_refuses_an_inflating_docx(
    repo: Path, megabytes: int, declared: int | None
) -> None:
    bomb = inflating_docx(repo.parent / "批注.docx", megabytes=megabytes, declared=declared)
    result = run_bounded(
        [
            "comments",
            "import",
            str(bomb),
            "--unit",
            "文学院",
            "--round",
            "2",
            "--reviewer",
            "教务处",
        ],
        repo,
    )
    assert result.returncode == 2, result.stderr
    assert "word/document.xml" in result.stderr
    if declared is None:
        assert f"解压后有 {megabytes} MB，超过上限 50 MB" in result.stderr
    else:
        assert "无法解压" in result.stderr
    assert not (repo / "reviews" / "文学院" / "r2-教务处.yaml").exists()


@pytest.mark.parametrize(("megabytes", "declared"), BOMBS)
def test_render_refuses_an_inflating_reference_docx(
    repo: Path, megabytes: int, declared: int | None
) -> None:
    (repo / "templates").mkdir()
    inflating_docx(repo / "templates" / "reference.docx", megabytes=megabytes, declared=declared)
    result = run_bounded(["render", "-o", str(repo.parent / "out")], repo)
    assert result.returncode == 2, result.stderr
    assert "样式模板" in result.stderr and "reference.docx" in result.stderr
    assert "word/document.xml" in result.stderr
    assert not list((repo.parent / "out").glob("*.docx"))


def test_a_small_docx_passes_and_its_bytes_are_returned(tmp_path: Path) -> None:
    small = inflating_docx(tmp_path / "small.docx", megabytes=1)
    assert docxsafe.checked_docx(small) == small.read_bytes()
    assert docxsafe.checked_docx(REFERENCE) == REFERENCE.read_bytes()


def test_the_total_of_all_parts_is_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "many.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for i in range(5):
            z.writestr(f"word/media/image{i}.png", b"\0" * 3000)
    monkeypatch.setattr(docxsafe, "MAX_TOTAL", 10_000)
    with pytest.raises(AnkaoError, match=r"解压后的总大小超过上限 10000 字节"):
        docxsafe.checked_docx(path)


def test_the_number_of_parts_is_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "parts.docx"
    with zipfile.ZipFile(path, "w") as z:
        for i in range(30):
            z.writestr(f"p{i}.xml", b"<a/>")
    monkeypatch.setattr(docxsafe, "MAX_MEMBERS", 20)
    with pytest.raises(AnkaoError, match=r"部件太多（30 个，上限 20 个）"):
        docxsafe.checked_docx(path)


def test_a_file_over_the_size_limit_is_not_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(docxsafe, "MAX_FILE", 1000)
    with pytest.raises(AnkaoError, match=r"太大（超过 1000 字节|太大（\d+ 字节，上限 1000 字节"):
        docxsafe.checked_docx(REFERENCE)
