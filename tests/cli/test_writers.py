"""Every command that writes a file refuses to replace one unless `--force`, and says so."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ankao.cli import app

WRITERS: dict[str, tuple[list[str], str]] = {
    "consequences -o": (["consequences", "--year", "2025", "-o", "通报.docx"], "通报.docx"),
    "comments merge -o": (
        ["comments", "merge", "文学院", "--round", "1", "-o", "反馈表.docx"],
        "反馈表.docx",
    ),
    "comments packets": (
        ["comments", "packets", "--round", "1", "-o", "材料", "-d", "教务处"],
        "材料/第1轮审核材料-教务处.docx",
    ),
    "new": (["new", "新学院", "--kind", "teaching"], "taskbooks/新学院.yaml"),
}


@pytest.mark.parametrize("name", sorted(WRITERS))
def test_a_writer_refuses_an_existing_file_naming_force(
    runner: CliRunner, repo: Path, name: str
) -> None:
    args, target = WRITERS[name]
    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.output
    path = repo / target
    assert path.is_file()
    path.write_bytes(b"someone's edits")
    again = runner.invoke(app, args)
    assert again.exit_code == 2, again.output
    assert "已存在" in again.output and "--force" in again.output, again.output
    assert path.read_bytes() == b"someone's edits"
    forced = runner.invoke(app, [*args, "--force"])
    assert forced.exit_code == 0, forced.output
    assert path.read_bytes() != b"someone's edits"


def test_consequences_force_replaces_the_notice_with_a_word_document(
    runner: CliRunner, repo: Path
) -> None:
    import docx

    (repo / "通报.docx").write_text("旧文件", encoding="utf-8")
    result = runner.invoke(app, ["consequences", "--year", "2025", "-o", "通报.docx", "--force"])
    assert result.exit_code == 0, result.output
    text = "\n".join(p.text for p in docx.Document(str(repo / "通报.docx")).paragraphs)
    assert "2025" in text and "考核结果" in text


# --- ankao init and git ------------------------------------------------------------------


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_init_outside_git_runs_git_init_and_says_so(runner: CliRunner, tmp_path: Path) -> None:
    root = tmp_path / "任期目标"
    result = runner.invoke(app, ["init", str(root)])
    assert result.exit_code == 0, result.output
    assert (root / ".git").is_dir()
    assert f"已运行  git init（{root} 还不是 git 仓库；pre-commit 需要 git 仓库）" in result.stdout
    inside = subprocess.run(
        ["git", "-C", str(root), "rev-parse", "--is-inside-work-tree"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert inside.stdout.strip() == "true"


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_init_inside_a_git_repository_leaves_it_alone(runner: CliRunner, tmp_path: Path) -> None:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    root = tmp_path / "任期目标"
    result = runner.invoke(app, ["init", str(root)])
    assert result.exit_code == 0, result.output
    assert not (root / ".git").exists()
    assert "git init" not in result.stdout


def test_init_without_git_says_how_to_make_the_repository(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    root = tmp_path / "任期目标"
    result = runner.invoke(app, ["init", str(root)])
    assert result.exit_code == 0, result.output
    assert not (root / ".git").exists()
    assert (
        f"没有找到 git：请安装 git 后在 {root} 中运行 git init（pre-commit 需要 git 仓库）"
        in result.stdout
    )


@pytest.mark.parametrize(
    "args",
    [
        ["consequences", "--year", "2025", "-o", "通报.docx"],
        ["summary", "-o", "汇总.docx"],
        ["comments", "merge", "文学院", "--round", "1", "-o", "反馈表.docx"],
        ["assess", "文学院", "-o", "报告.docx"],
        ["diff", "文学院", "taskbooks/文学院.yaml", "taskbooks/文学院.yaml", "-o", "对照表.docx"],
    ],
)
def test_every_dated_document_refuses_a_date_not_written_yyyy_mm_dd(
    runner: CliRunner, repo: Path, args: list[str]
) -> None:
    result = runner.invoke(app, [*args, "--date", "2026/1/15"])
    assert result.exit_code == 2, result.output
    assert "--date 应写成 YYYY-MM-DD" in result.output and "2026/1/15" in result.output
    assert not (repo / args[args.index("-o") + 1]).exists()
