"""What `ankao approve` refuses or warns of before 党委会 (issue 23): future dates, open required
changes (refused, or forced with a note), steps before signing; and principals-missing."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from conftest import commit, git, needs_git
from typer.testing import CliRunner

from ankao.cli import app

APPROVALS = Path("approvals") / "文学院.yaml"
BOOK = Path("taskbooks") / "文学院.yaml"

ROUND2 = """\
unit: 文学院
round: 2
reviewer: 教务处
date: '2024-04-26'
comments:
  - id: 教务处-5
    ref: JX-02
    text: 请写明省级一流本科专业建设点的申报年度。
    kind: 必须修改
  - id: 教务处-6
    ref: JX-03
    text: 建议写明课程团队。
    kind: 建议
"""


pytestmark = pytest.mark.usefixtures("git_identity")


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args), env={"COLUMNS": "200", "NO_COLOR": "1"})
    return result.exit_code, result.output


def diagnostics(*args: str) -> tuple[int, list[dict[str, object]]]:
    result = CliRunner().invoke(app, [*args, "--format", "json"])
    return result.exit_code, json.loads(result.stdout)["diagnostics"]


def to_round_2(root: Path) -> None:
    """文学院 (at 第1轮审核) revises, is reviewed again (round 2) and revises again."""
    for stage, day in (("revised", "2024-04-25"), ("reviewed", "2024-04-26")):
        code, out = invoke("approve", "文学院", stage, "--date", day)
        assert code == 0, out
    (root / "reviews/文学院/r2-教务处.yaml").write_text(ROUND2, encoding="utf-8")


def test_a_date_after_today_is_refused_and_nothing_written(repo: Path) -> None:
    before = (repo / "approvals/数学与信息科学学院.yaml").read_bytes()
    code, found = diagnostics("approve", "数学与信息科学学院", "submitted", "--date", "2042-04-02")
    assert code == 1
    [f] = [d for d in found if d["code"] == "stage-date"]
    assert "2042-04-02 晚于今天" in str(f["message"])
    assert (repo / "approvals/数学与信息科学学院.yaml").read_bytes() == before
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    assert diagnostics("approve", "数学与信息科学学院", "submitted", "--date", tomorrow)[0] == 1
    assert (
        invoke("approve", "数学与信息科学学院", "submitted", "--date", date.today().isoformat())[0]
        == 0
    )


def test_an_unanswered_required_change_stops_office_approval(repo: Path) -> None:
    to_round_2(repo)
    assert invoke("approve", "文学院", "revised", "--date", "2024-04-27")[0] == 0
    before = (repo / APPROVALS).read_bytes()
    code, found = diagnostics("approve", "文学院", "office_approved", "--date", "2024-04-30")
    assert code == 1
    [f] = [d for d in found if d["code"] == "required-open"]
    assert f["severity"] == "error"
    message = str(f["message"])
    assert "还有 1 条“必须修改”的审核意见没有落实" in message
    assert "第2轮 教务处-5（教务处，JX-02）：未答复" in message
    assert "教务处-6" not in message  # a 建议 never stops approval
    assert (repo / APPROVALS).read_bytes() == before
    # round 1's required changes were answered 采纳, but its events carry no fingerprint:
    # whether they were acted on cannot be told — said, not silently passed
    [w] = [d for d in found if d["code"] == "required-unverified"]
    assert w["severity"] == "warning" and "教务处-2" in str(w["message"])


def test_accepted_but_not_changed_is_refused_then_forced_with_a_note(repo: Path) -> None:
    to_round_2(repo)
    (repo / "reviews/文学院/r2-response.yaml").write_text(
        "unit: 文学院\nround: 2\ndate: '2024-04-27'\nanswers:\n"
        "  - {to: 教务处-5, answer: 采纳, note: 已补充}\n  - {to: 教务处-6, answer: 不采纳}\n",
        encoding="utf-8",
    )
    assert invoke("approve", "文学院", "revised", "--date", "2024-04-27")[0] == 0
    before = (repo / APPROVALS).read_bytes()
    code, found = diagnostics("approve", "文学院", "office_approved", "--date", "2024-04-30")
    assert code == 1
    [f] = [d for d in found if d["code"] == "required-open"]
    # the book is as it was at round 2's review: 采纳 and nothing changed
    assert "第2轮 教务处-5（教务处，JX-02）：答复“采纳”，但第2轮审核以来任务书没有任何改动" in str(
        f["message"]
    )
    assert (repo / APPROVALS).read_bytes() == before
    # --force needs a reason
    code, out = invoke("approve", "文学院", "office_approved", "--date", "2024-04-30", "--force")
    assert code == 2 and "--note" in out
    assert (repo / APPROVALS).read_bytes() == before
    code, out = invoke(
        "approve",
        "文学院",
        "office_approved",
        "--date",
        "2024-04-30",
        "--force",
        "--note",
        "领导小组会议决定先行通过，申报年度在签署前补充",
    )
    assert code == 0, out
    assert "[required-open]" in out  # still said, as a warning
    added = (repo / APPROVALS).read_text(encoding="utf-8")[len(before.decode("utf-8")) :]
    assert "  - stage: office_approved\n" in added
    assert "    note: 领导小组会议决定先行通过，申报年度在签署前补充\n" in added
    assert "    forced: true\n" in added
    code, found = diagnostics("validate", APPROVALS.as_posix())
    assert code == 0, found


@needs_git
def test_accepted_and_changed_passes(repo: Path) -> None:
    git(repo, "init", "-q")
    to_round_2(repo)
    commit(repo, "第二轮审核")
    (repo / "reviews/文学院/r2-response.yaml").write_text(
        "unit: 文学院\nround: 2\ndate: '2024-04-27'\nanswers:\n  - {to: 教务处-5, answer: 采纳}\n",
        encoding="utf-8",
    )
    book = repo / BOOK
    text = book.read_text(encoding="utf-8")
    old = "      content: 汉语国际教育专业获批省级一流本科专业建设点\n"
    assert text.count(old) == 1
    book.write_text(
        text.replace(
            old, "      content: 汉语国际教育专业2025年申报并获批省级一流本科专业建设点\n"
        ),
        encoding="utf-8",
    )
    assert invoke("approve", "文学院", "revised", "--date", "2024-04-27")[0] == 0
    code, found = diagnostics("approve", "文学院", "office_approved", "--date", "2024-04-30")
    assert code == 0, found
    assert not [d for d in found if d["code"] == "required-open"]


def test_signing_without_the_steps_before_it_is_a_warning(repo: Path) -> None:
    record = repo / "approvals/数学与信息科学学院.yaml"
    record.unlink()
    code, found = diagnostics(
        "approve", "数学与信息科学学院", "unit_signed", "--date", "2024-03-14"
    )
    assert code == 0
    [w] = [d for d in found if d["code"] == "steps-before-signing"]
    assert w["severity"] == "warning"
    assert "team_meeting" in str(w["message"]) and "consulted" in str(w["message"])
    # with the steps recorded first: nothing to say
    record.unlink()
    assert invoke("approve", "数学与信息科学学院", "consulted", "--date", "2024-03-05")[0] == 0
    assert invoke("approve", "数学与信息科学学院", "team_meeting", "--date", "2024-03-12")[0] == 0
    code, found = diagnostics(
        "approve", "数学与信息科学学院", "unit_signed", "--date", "2024-03-14"
    )
    assert code == 0 and not [d for d in found if d["code"] == "steps-before-signing"]


def test_steps_before_signing_is_configurable(repo: Path) -> None:
    (repo / "approvals/数学与信息科学学院.yaml").unlink()
    config = repo / "ankao.yaml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "  steps-before-signing: warning", "  steps-before-signing: error", 1
        ),
        encoding="utf-8",
    )
    code, found = diagnostics(
        "approve", "数学与信息科学学院", "unit_signed", "--date", "2024-03-14"
    )
    assert [d["severity"] for d in found if d["code"] == "steps-before-signing"] == ["error"]
    # an error refuses: exit 1, no file created
    assert code == 1
    assert not (repo / "approvals/数学与信息科学学院.yaml").exists()


def test_principals_missing_is_an_error_at_the_members(repo: Path) -> None:
    book = repo / BOOK
    text = book.read_text(encoding="utf-8")
    assert text.count("    principal: admin\n") == 1
    book.write_text(text.replace("    principal: admin\n", ""), encoding="utf-8")
    code, found = diagnostics("check", BOOK.as_posix())
    assert code == 1
    [f] = [d for d in found if d["code"] == "principals-missing"]
    assert f["severity"] == "error" and f["path"] == "members"
    lines = book.read_text(encoding="utf-8").splitlines()
    assert lines[int(f["line"]) - 1].startswith("members:")  # type: ignore[call-overload]
    assert "行政负责人" in str(f["message"]) and "党组织书记" not in str(f["message"])
    # one member as both is enough
    book.write_text(
        text.replace("    principal: admin\n", "").replace("principal: party", "principal: both"),
        encoding="utf-8",
    )
    code, found = diagnostics("check", BOOK.as_posix())
    assert not [d for d in found if d["code"] == "principals-missing"]


def test_status_reports_a_recorded_date_after_today(repo: Path) -> None:
    """A date typed by hand into the record (2042 for 2024) is an error at its line."""
    record = repo / "approvals/数学与信息科学学院.yaml"
    text = record.read_text(encoding="utf-8")
    assert text.count("date: '2024-03-27'") == 1
    record.write_text(text.replace("date: '2024-03-27'", "date: '2042-03-27'"), encoding="utf-8")
    code, found = diagnostics("status")
    assert code == 1
    [f] = [d for d in found if d["code"] == "stage-date"]
    assert f["file"] == "approvals/数学与信息科学学院.yaml" and f["path"] == "events[3].date"
    assert "2042-03-27 晚于今天" in str(f["message"])
