"""`ankao diff` and `ankao textconv` through the CLI, on a copy of the examples in a real git repository."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from conftest import commit, git, needs_git
from typer.testing import CliRunner

from ankao.cli import app

BOOK = Path("taskbooks") / "文学院.yaml"
RESPONSE = Path("reviews") / "文学院" / "r1-response.yaml"


pytestmark = pytest.mark.usefixtures("git_identity")


def edit(root: Path, old: str, new: str, path: Path = BOOK) -> None:
    file = root / path
    text = file.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    file.write_text(text.replace(old, new), encoding="utf-8")


def line_of(root: Path, needle: str, path: Path) -> int:
    lines = (root / path).read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, start=1) if needle in line)


def invoke(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), terminal_width=80)
    return result.exit_code, result.stdout, result.stderr


JX03_TARGET = "        target: 7              # 按教务处意见由5门提高到7门"


def jx03(value: int) -> str:
    """JX-03's target line with another value (the comment keeps it unique in the file)."""
    return f"        target: {value}    # JX-03"


JX03_MILESTONES = "milestones: {2024: 4, 2025: 5, 2026: 6, 2027: 7}"


@needs_git
def test_two_committed_revisions_are_diffed_by_revision(runner: CliRunner, gitrepo: Path) -> None:
    first = git(gitrepo, "rev-parse", "HEAD")
    edit(gitrepo, JX03_TARGET, jx03(6))
    edit(gitrepo, JX03_MILESTONES, "milestones: {2024: 4, 2025: 5, 2026: 5, 2027: 6}")
    second = commit(gitrepo, "第二版")
    edit(gitrepo, jx03(6), jx03(9))  # the working tree is not what is compared
    code, out, err = invoke(runner, "diff", "文学院", "HEAD~1", "HEAD", "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    assert [
        (c["id"], c["section"], c["field"], c["before"], c["after"], c["class"])
        for c in data["changes"]
    ] == [
        ("JX-03", "teaching", "metric.target", "7", "6", "weakened"),
        ("JX-03", "teaching", "metric.milestones.2026", "6", "5", "weakened"),
        ("JX-03", "teaching", "metric.milestones.2027", "7", "6", "weakened"),
    ]
    assert data["before"]["revision"] == first and data["after"]["revision"] == second
    assert data["before"]["basis"] == "given"
    summary = data["summary"]
    assert {k: summary[k] for k in ("files", "errors", "warnings", "changed", "weakened")} == {
        "files": 2,
        "errors": 0,
        "warnings": 0,
        "changed": 1,
        "weakened": 3,
    }
    assert summary["quantitative_share_before"] == summary["quantitative_share_after"] == 27 / 38
    assert data["diagnostics"] == []


@needs_git
def test_text_output_is_a_table_at_80_columns(runner: CliRunner, gitrepo: Path) -> None:
    edit(gitrepo, JX03_TARGET, jx03(8))
    code, out, _ = invoke(runner, "diff", "文学院")
    assert code == 0
    assert "修改后 工作区" in out
    row = next(line for line in out.splitlines() if "JX-03" in line)
    assert "目标值" in row and "7" in row and "8" in row and "加强" in row
    assert "定量目标占比：71.1%（27/38）→ 71.1%（27/38）" in out
    assert max(len(line) for line in out.splitlines() if "│" in line) <= 80


@needs_git
def test_the_default_is_the_approved_revision_else_the_last_commit(
    runner: CliRunner, gitrepo: Path
) -> None:
    from ankao.load.document import load_file
    from ankao.model.build import fingerprint

    approved = git(gitrepo, "rev-parse", "HEAD")
    mark = fingerprint(load_file(gitrepo / BOOK).data)
    edit(gitrepo, JX03_TARGET, jx03(6))
    commit(gitrepo, "修改后未审批")
    edit(gitrepo, jx03(6), jx03(5))
    code, out, _ = invoke(runner, "diff", "文学院", "-f", "json")
    data = json.loads(out)
    assert (data["before"]["basis"], [c["before"] for c in data["changes"]]) == (
        "last-commit",
        ["6"],
    )
    approvals = gitrepo / "approvals" / "文学院.yaml"
    approvals.write_text(
        approvals.read_text(encoding="utf-8")
        + f"  - stage: revised\n    date: '2024-05-06'\n    fingerprint: {mark}\n",
        encoding="utf-8",
    )
    code, out, _ = invoke(runner, "diff", "文学院", "-f", "json")
    assert code == 0
    data = json.loads(out)
    assert data["before"]["basis"] == "approved"
    assert data["before"]["revision"] == approved
    assert data["before"]["fingerprint"] == mark
    assert [(c["field"], c["before"], c["after"]) for c in data["changes"]][0] == (
        "metric.target",
        "7",
        "5",
    )


@needs_git
def test_round_join_warns_at_the_answer_of_an_accepted_comment_left_undone(
    runner: CliRunner, gitrepo: Path
) -> None:
    edit(gitrepo, JX03_TARGET, jx03(8))
    code, out, err = invoke(runner, "diff", "文学院", "--round", "1", "-f", "json")
    assert code == 0, err  # not-acted-on is a warning
    data = json.loads(out)
    status = {c["id"]: (c["ref"], c["answer"], c["status"]) for c in data["comments"]}
    assert status["教务处-1"] == ("JX-03", "采纳", "acted-on")
    assert status["教务处-2"] == ("JX-01", "采纳", "not-acted-on")
    assert status["科技处-2"][2] == "not-accepted"
    assert status["教务处-4"][2] == "unanswered"
    warning = next(
        d for d in data["diagnostics"] if d["code"] == "not-acted-on" and "教务处-2" in d["message"]
    )
    assert warning["file"] == RESPONSE.as_posix()
    assert warning["severity"] == "warning"
    assert warning["line"] == line_of(gitrepo, "to: 教务处-2", RESPONSE) + 1
    assert warning["message"].startswith("意见 教务处-2（教务处，针对 目标“JX-01”）答复为“采纳”")
    assert data["unrequested"] == []
    assert data["round"] == 1
    assert data["summary"]["warnings"] == sum(
        1 for d in data["diagnostics"] if d["severity"] == "warning"
    )


@needs_git
def test_a_change_no_comment_asked_for_is_unrequested(runner: CliRunner, gitrepo: Path) -> None:
    edit(gitrepo, JX03_TARGET, jx03(8))
    edit(
        gitrepo, "明确3个学科方向及其带头人", "明确2个学科方向"
    )  # KY-01: no comment of round 1 names it
    code, out, _ = invoke(runner, "diff", "文学院", "--round", "1")
    assert code == 0
    assert "没有意见要求而修改的：KY-01" in out
    data = json.loads(invoke(runner, "diff", "文学院", "-r", "1", "-f", "json")[1])
    assert data["unrequested"] == ["KY-01"]


def test_two_files_are_compared_without_git(runner: CliRunner, repo: Path) -> None:
    old = repo / "旧.yaml"
    shutil.copy(repo / BOOK, old)
    edit(repo, "  - id: JX-03\n", "  - id: JX-30\n")
    code, out, err = invoke(runner, "diff", "文学院", "旧.yaml", BOOK.as_posix(), "-f", "json")
    assert code == 0, err
    data = json.loads(out)
    # the same content under a new id: one change (SPEC §4 `renumbered`, with previous_id)
    assert [(c["id"], c["change"], c["class"], c["previous_id"]) for c in data["changes"]] == [
        ("JX-30", "renumbered", "neutral", "JX-03"),
    ]
    assert data["before"]["basis"] == "file"


def test_a_broken_version_is_exit_1_with_its_findings(runner: CliRunner, repo: Path) -> None:
    broken = repo / "坏.yaml"
    broken.write_text("unit: 文学院\nkind: teaching\n  bad: [\n", encoding="utf-8")
    code, out, _ = invoke(runner, "diff", "文学院", "坏.yaml", BOOK.as_posix(), "-f", "json")
    assert code == 1
    data = json.loads(out)
    assert data["changes"] == [] and data["diagnostics"][0]["file"] == "坏.yaml"


@needs_git
def test_the_modification_table_docx(runner: CliRunner, gitrepo: Path) -> None:
    edit(gitrepo, JX03_TARGET, jx03(6))
    out = gitrepo / "对照表.docx"
    code, stdout, err = invoke(runner, "diff", "文学院", "-r", "1", "-o", str(out))
    assert code == 0, err
    assert "已生成修改对照表" in stdout
    document = docx.Document(str(out))
    assert document.paragraphs[0].text == "文学院中层领导班子\n任期目标任务书修改对照表"
    table = document.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["目标", "修改前", "修改后", "说明"]
    assert table.rows[1].cells[0].text == "教学工作目标"
    assert [c.text for c in table.rows[2].cells] == [
        "JX-03\n目标值",
        "7",
        "6",
        "目标值由 7门 降低到 6门\n（减弱）",
    ]
    comments = document.tables[1]
    section_row = next(r for r in comments.rows if r.cells[0].text == "教务处-3")
    assert (section_row.cells[2].text, section_row.cells[5].text) == ("教学工作目标", "未答复")
    row = next(r for r in comments.rows if r.cells[0].text == "教务处-1")
    assert [c.text for c in row.cells][2:] == ["JX-03", row.cells[3].text, "采纳", "已修改"]
    from ankao.load.identity import read_identity

    identity = read_identity(out)
    assert identity is not None and identity.document == "diff" and identity.units == ("文学院",)
    code, _, err = invoke(runner, "diff", "文学院", "-o", str(out))
    assert code == 2 and "--force" in err
    code, _, err = invoke(runner, "diff", "文学院", "-o", str(out), "--force")
    assert code == 0, err


@needs_git
def test_git_failures_are_one_chinese_line_and_exit_2(runner: CliRunner, gitrepo: Path) -> None:
    code, out, err = invoke(runner, "diff", "文学院", "没有这个版本")
    assert code == 2 and "git 仓库中没有版本“没有这个版本”" in err and "Traceback" not in err
    code, _, err = invoke(runner, "diff", "文学院", "--", "-p")
    assert code == 2 and "不是有效的版本写法" in err
    code, _, err = invoke(runner, "diff", "文学院", "旧.yaml")
    assert code == 2 and "找不到文件：旧.yaml" in err
    moved = gitrepo / "taskbooks" / "文学院2.yaml"
    shutil.move(gitrepo / BOOK, moved)
    code, _, err = invoke(runner, "diff", "文学院")
    assert code == 2 and "还没有提交到 git" in err
    code, _, err = invoke(runner, "diff", "文学院", "HEAD")
    assert code == 2 and "中没有 taskbooks/文学院2.yaml" in err


def test_outside_git_is_a_clear_message(runner: CliRunner, repo: Path) -> None:
    if (
        shutil.which("git") is not None
        and subprocess.run(["git", "rev-parse"], cwd=repo, capture_output=True).returncode == 0
    ):
        pytest.skip("the temporary folder is inside a git repository")
    code, _, err = invoke(runner, "diff", "文学院")
    assert code == 2
    assert "不在 git 仓库中" in err or "没有找到 git 命令" in err


def test_missing_git_is_a_clear_message(
    runner: CliRunner, repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(repo / "empty"))
    code, _, err = invoke(runner, "diff", "文学院", "HEAD")
    assert code == 2
    assert "没有找到 git 命令" in err


# ------------------------------------------------------------------ textconv and the git driver


def test_textconv_prints_the_canonical_text_or_the_raw_file(runner: CliRunner, repo: Path) -> None:
    code, out, _ = invoke(runner, "textconv", BOOK.as_posix())
    assert code == 0
    assert out.startswith("单位：文学院\n")
    assert "[JX-03]\n" in out and "  目标值：7\n" in out and "#" not in out
    broken = repo / "坏.yaml"
    raw = "unit: 文学院\n  bad: [\n"
    broken.write_text(raw, encoding="utf-8")
    code, out, _ = invoke(runner, "textconv", str(broken))
    assert (code, out) == (0, raw)
    code, out, _ = invoke(runner, "textconv", str(repo / "没有.yaml"))
    assert (code, out) == (0, "")


def test_init_writes_gitattributes_for_the_driver(runner: CliRunner, tmp_path: Path) -> None:
    code, out, _ = invoke(runner, "init", str(tmp_path / "新仓库"))
    assert code == 0
    attributes = (tmp_path / "新仓库" / ".gitattributes").read_text(encoding="utf-8")
    assert "taskbooks/*.yaml diff=ankao\n" in attributes
    assert "已创建  .gitattributes" in out
    (tmp_path / "新仓库" / ".gitattributes").write_text("自己的\n", encoding="utf-8")
    invoke(runner, "init", str(tmp_path / "新仓库"))
    assert (tmp_path / "新仓库" / ".gitattributes").read_text(encoding="utf-8") == "自己的\n"


@needs_git
def test_git_diff_through_the_driver_shows_only_values(gitrepo: Path) -> None:
    (gitrepo / ".gitattributes").write_text("taskbooks/*.yaml diff=ankao\n", encoding="utf-8")
    commit(gitrepo, "driver")
    edit(gitrepo, JX03_TARGET, "        target: 8              # 只改了这个值")
    edit(gitrepo, "unit: 文学院\n", "# 新注释\nunit: 文学院\n")
    driver = f'"{sys.executable}" -m ankao textconv'
    out = git(gitrepo, "-c", f"diff.ankao.textconv={driver}", "diff", "--", BOOK.as_posix())
    changed = [
        line for line in out.splitlines() if line[:1] in "+-" and line[:3] not in ("+++", "---")
    ]
    assert changed == ["-  目标值：7", "+  目标值：8"]


@needs_git
def test_a_book_approved_as_it_stands_but_not_committed_has_no_change(
    runner: CliRunner, gitrepo: Path
) -> None:
    from ankao.load.document import load_file
    from ankao.model.build import fingerprint

    edit(gitrepo, JX03_TARGET, jx03(6))
    mark = fingerprint(load_file(gitrepo / BOOK).data)
    approvals = gitrepo / "approvals" / "文学院.yaml"
    approvals.write_text(
        approvals.read_text(encoding="utf-8")
        + f"  - stage: revised\n    date: '2024-05-06'\n    fingerprint: {mark}\n",
        encoding="utf-8",
    )
    code, out, _ = invoke(runner, "diff", "文学院", "-f", "json")
    assert code == 0
    data = json.loads(out)
    assert (data["before"]["basis"], data["before"]["revision"], data["changes"]) == (
        "approved",
        None,
        [],
    )
    code, out, _ = invoke(runner, "diff", "文学院")
    assert "两个版本的内容相同，没有改动" in out
