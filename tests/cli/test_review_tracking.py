"""A comment follows its target, not its id (issue 23): quote-mismatch, diff's renumbered, unclear."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import commit, git, needs_git
from typer.testing import CliRunner

from ankao.cli import app

BOOK = Path("taskbooks") / "文学院.yaml"
REVIEW = Path("reviews") / "文学院" / "r1-教务处.yaml"
RESPONSE = Path("reviews") / "文学院" / "r1-response.yaml"

NEW_JX04 = """\
    - id: JX-04
      aspect: 教学改革
      content: 建设师范生教学技能竞赛体系，组织院级竞赛
      criteria: 2025年起每年组织院级师范生教学技能竞赛1次，覆盖全部师范专业
      owner: 赵某
"""


def edit(root: Path, path: Path, old: str, new: str) -> None:
    file = root / path
    text = file.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    file.write_text(text.replace(old, new), encoding="utf-8")


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args), env={"COLUMNS": "120", "NO_COLOR": "1"})
    return result.exit_code, result.stdout


def renumber(root: Path) -> None:
    """Insert a new JX-04 and shift JX-04…JX-06 to JX-05…JX-07, as units do."""
    for old, new in (("JX-06", "JX-07"), ("JX-05", "JX-06"), ("JX-04", "JX-05")):
        edit(root, BOOK, f"    - id: {old}\n", f"    - id: {new}\n")
    edit(root, BOOK, "    - id: JX-05\n", NEW_JX04 + "    - id: JX-05\n")


@pytest.fixture
def repo(repo: Path, git_identity: None) -> Path:
    """The example repository, made the current folder, where 教务处-4 quotes its target's text."""
    # 教务处-4 was made in Word on the row of JX-04 (实训中心): it keeps the quoted text
    edit(
        repo,
        REVIEW,
        "    ref: JX-04\n",
        "    ref: JX-04\n    quote: 建成语文教学技能实训中心\n",
    )
    edit(
        repo,
        RESPONSE,
        "answers:\n",
        "answers:\n  - to: 教务处-4\n    answer: 采纳\n    note: 已写明可容纳60人同时训练。\n",
    )
    return repo


def quote_findings(out: str) -> list[dict[str, object]]:
    return [d for d in json.loads(out)["diagnostics"] if d["code"] == "quote-mismatch"]


def test_a_quote_on_its_target_is_quiet_and_a_renumbered_one_is_a_warning(repo: Path) -> None:
    code, out = invoke("check", "--format", "json")
    assert quote_findings(out) == []
    renumber(repo)
    code, out = invoke("check", "--format", "json")
    [f] = quote_findings(out)
    assert f["severity"] == "warning"
    assert f["file"] == REVIEW.as_posix()
    lines = (repo / REVIEW).read_text(encoding="utf-8").splitlines()
    assert "quote: 建成语文教学技能实训中心" in lines[int(f["line"]) - 1]  # type: ignore[call-overload]
    assert f["path"] == "comments[3].quote"
    message = str(f["message"])
    # JX-04 is now the new 竞赛 target; the quoted 实训中心 text sits under JX-05
    assert "意见 教务处-4 针对 JX-04" in message and "现在在 JX-05 中" in message


def test_the_warning_can_be_turned_off(repo: Path) -> None:
    renumber(repo)
    config = repo / "ankao.yaml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "  quote-mismatch: warning", "  quote-mismatch: off", 1
        ),
        encoding="utf-8",
    )
    assert quote_findings(invoke("check", "--format", "json")[1]) == []


@needs_git
def test_diff_renumbered_and_round_never_acted_on(repo: Path) -> None:
    git(repo, "init", "-q")
    commit(repo, "第一版")
    renumber(repo)
    code, out = invoke("diff", "文学院", "HEAD", "--format", "json")
    assert code == 0, out
    changes = json.loads(out)["changes"]
    renumbered = [(c["id"], c["previous_id"]) for c in changes if c["change"] == "renumbered"]
    assert renumbered == [("JX-05", "JX-04"), ("JX-06", "JX-05"), ("JX-07", "JX-06")]
    assert [c["id"] for c in changes if c["change"] == "added"] == ["JX-04"]
    assert [c for c in changes if c["change"] == "removed"] == []
    code, out = invoke("diff", "文学院", "HEAD", "--round", "1", "--format", "json")
    comments = {c["id"]: c for c in json.loads(out)["comments"]}
    # JX-04 changed (a new target under that id), but the comment's text moved to JX-05:
    # never acted-on
    assert comments["教务处-4"]["status"] == "unclear"
    code, text = invoke("diff", "文学院", "HEAD", "--round", "1")
    assert "无法核实" in text
    assert "重新编号 3 个" in text
