"""`ankao approve`, `ankao status`, `ankao summary` and `ankao comments respond` through the CLI."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest
from typer.testing import CliRunner

from ankao.cli import app
from ankao.render.xlsx import display_width


def invoke(*args: str) -> object:
    return CliRunner().invoke(app, list(args))


def as_json(result: object) -> dict[str, object]:
    out = json.loads(result.stdout)  # type: ignore[attr-defined]
    assert isinstance(out, dict)
    return out


def codes(result: object) -> list[tuple[str, str]]:
    return [(d["code"], d["message"]) for d in as_json(result)["diagnostics"]]  # type: ignore[index, union-attr]


# ------------------------------------------------------------------ approve


def test_first_approve_creates_the_file(repo: Path) -> None:
    result = invoke("approve", "外国语学院", "unit_signed", "--date", "2025-01-10")
    assert result.exit_code == 2  # no task book for this unit
    assert "没有找到单位“外国语学院”的任务书" in result.output  # type: ignore[attr-defined]
    assert not (repo / "approvals/外国语学院.yaml").exists()

    result = invoke(
        "approve",
        "数学与信息科学学院",
        "submitted",
        "--date",
        "2024-04-01",
        "--by",
        "王某",
        "--note",
        "纸质件1份",
    )
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    (repo / "approvals/数学与信息科学学院.yaml").unlink()
    result = invoke(
        "approve",
        "数学与信息科学学院",
        "班子会议",
        "--date",
        "2024-03-01",
        "--by",
        "周某",
        "--format",
        "json",
    )
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    from ankao.load.document import load_file
    from ankao.repository.scan import scan

    data = load_file(repo / "approvals/数学与信息科学学院.yaml").data
    fp = scan(repo).book("数学与信息科学学院").fingerprint
    assert data == {
        "unit": "数学与信息科学学院",
        "events": [
            {"stage": "team_meeting", "date": "2024-03-01", "by": "周某", "fingerprint": fp}
        ],
    }
    assert as_json(result)["event"]["fingerprint"] == fp  # type: ignore[index]


def test_approve_keeps_hand_written_comments_byte_for_byte(repo: Path) -> None:
    path = repo / "approvals/文学院.yaml"
    before = path.read_bytes()
    assert b"# \xe4" in before  # the file opens with hand-written Chinese comments
    result = invoke(
        "approve",
        "文学院",
        "revised",
        "--date",
        "2024-05-06",
        "--by",
        "张某",
        "--note",
        "按第1轮意见修改：见 r1-response.yaml",
    )
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    after = path.read_bytes()
    assert after.startswith(before)
    added = after[len(before) :].decode("utf-8")
    assert added.startswith("  - stage: revised\n    date: '2024-05-06'\n    round: 1\n")
    assert "已记录：文学院 第1轮修改（revised，2024-05-06）" in result.output  # type: ignore[attr-defined]
    # and a second time, after a comment the office wrote in between
    path.write_bytes(after + "  # 5月8日电话催办\n".encode())
    middle = path.read_bytes()
    result = invoke("approve", "文学院", "第2轮审核", "--date", "2024-05-20")
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    assert path.read_bytes().startswith(middle)
    assert "round: 2" in path.read_text(encoding="utf-8")[len(middle.decode()) :]


@pytest.mark.parametrize(
    ("stage", "date", "extra", "code", "message"),
    [
        (
            "office_approved",
            "2024-05-01",
            (),
            "stage-order",
            "环节顺序不对：“办公室审核”（office_approved）不能在此时记录；下一个环节应是“第1轮修改”（revised）",
        ),
        (
            "submitted",
            "2024-05-01",
            (),
            "stage-order",
            "环节顺序不对：“报领导小组办公室”（submitted）已经记录过；下一个环节应是“第1轮修改”（revised）",
        ),
        (
            "revised",
            "2024-04-18",
            (),
            "stage-date",
            "日期 2024-04-18 早于上一个环节“第1轮审核”的日期 2024-04-19；各环节的日期不能倒退",
        ),
        (
            "revised",
            "2024-05-01",
            ("--round", "2"),
            "stage-round",
            "轮次不对：这次应是第 1 轮修改，不是第 2 轮",
        ),
    ],
)
def test_refusals_exit_1_and_leave_the_file_alone(
    repo: Path, stage: str, date: str, extra: tuple[str, ...], code: str, message: str
) -> None:
    path = repo / "approvals/文学院.yaml"
    before = path.read_bytes()
    result = invoke("approve", "文学院", stage, "--date", date, *extra, "--format", "json")
    assert result.exit_code == 1
    assert codes(result) == [(code, message)]
    diag = as_json(result)["diagnostics"][0]  # type: ignore[index]
    assert (diag["file"], diag["line"], diag["path"]) == ("approvals/文学院.yaml", 19, "events[3]")
    assert path.read_bytes() == before


def test_a_signed_book_takes_no_more_stages(repo: Path) -> None:
    result = invoke("approve", "图书馆", "signed", "--date", "2024-07-01")
    assert result.exit_code == 1
    assert "任务书已签署，程序已经完成，不能再记录“签署任期目标任务书”（signed）" in result.output  # type: ignore[attr-defined]


def test_a_book_that_fails_check_is_refused(repo: Path) -> None:
    book = repo / "taskbooks/图书馆.yaml"
    book.write_text(
        book.read_text(encoding="utf-8").replace("owner: 周某", "owner: 无名氏", 1),
        encoding="utf-8",
    )
    approvals = repo / "approvals/图书馆.yaml"
    approvals.unlink()
    result = invoke("approve", "图书馆", "unit_signed", "--date", "2024-03-01", "--format", "json")
    assert result.exit_code == 1
    found = codes(result)
    assert "owner-not-member" in {c for c, _ in found}
    assert (
        "book-errors",
        "任务书 taskbooks/图书馆.yaml 有 1 个错误，没有通过 ankao check，"
        "不能记录这一环节；请先修正（ankao check taskbooks/图书馆.yaml）",
    ) in found
    assert not approvals.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("盖章", "--date", "2024-03-01"), "没有“盖章”这个环节"),
        (("unit_signed", "--date", "3/1/2024"), "日期应写成 YYYY-MM-DD"),
        (("unit_signed", "--date", "2024-02-30"), "没有这一天：2024-02-30"),
    ],
)
def test_usage_errors_exit_2(repo: Path, args: tuple[str, ...], message: str) -> None:
    result = invoke("approve", "图书馆", *args)
    assert result.exit_code == 2
    assert message in result.output  # type: ignore[attr-defined]


# ------------------------------------------------------------------ status


def test_status_json_is_spec_7(repo: Path) -> None:
    result = invoke("status", "--format", "json")
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    out = as_json(result)
    assert set(out) == {"diagnostics", "summary", "units", "counts"}
    units = {u["unit"]: u for u in out["units"]}  # type: ignore[union-attr, index]
    assert units["文学院"] == {
        "unit": "文学院",
        "kind": "teaching",
        "stage": "reviewed",
        "stage_date": "2024-04-19",
        "round": 1,
        "open_comments": 5,
        "errors": 0,
        "warnings": 4,  # behind-milestone: 文学院 records actuals behind its milestones
        "quantitative_share": 27 / 38,
        "changed_after_approval": False,
        # examples/ links a last term holding 图书馆's book only: 文学院 carries nothing over
        "carried_over": None,
        "below_record": None,
        "overdue": [],  # the examples set no deadlines
    }
    assert units["人事处"]["stage"] is None and units["人事处"]["quantitative_share"] is None
    assert units["教务处"]["changed_after_approval"] is True
    # the examples record actuals behind their milestones (ankao assess), and two baselines of
    # 图书馆 below its last term's record: those are the only others
    assert [c for c, _ in codes(result) if c != "behind-milestone"] == [
        "baseline-below-record",
        "baseline-below-record",
        "changed-after-approval",
    ]
    assert (units["图书馆"]["carried_over"], units["图书馆"]["below_record"]) == (3, 2)


def test_status_text_at_80_columns(repo: Path) -> None:
    result = CliRunner().invoke(app, ["status"], env={"COLUMNS": "80"})
    out = result.output
    assert result.exit_code == 0
    assert "approvals/教务处.yaml:28:18  警告  任务书 taskbooks/教务处.yaml 在“办公室审核”" in out
    for text in ("第1轮审核", "未提交", "已签署", "主管校领导审核", "已改动"):
        assert text in out
    lines = out.splitlines()
    start = next(
        i for i, line in enumerate(lines) if line.startswith("任期目标确定进度（9 个单位）")
    )
    table = lines[start : lines.index("", start)]
    assert table[1].split() == ["单位", "类别", "环节", "日期", "未答复", "错/警", "定量", "提醒"]
    assert max(display_width(line) for line in table) <= 80
    # each unit on one line: the longest name (9 characters) is not folded
    assert any(line.startswith("数学与信息科学学院 ") for line in table), table
    assert len(table) == 3 + 9


def test_status_filters_and_a_bad_filter(repo: Path) -> None:
    result = invoke("status", "--stage", "未提交", "--kind", "office", "--format", "json")
    assert [u["unit"] for u in as_json(result)["units"]] == ["人事处", "科技处", "财务处", "后勤处"]  # type: ignore[union-attr, index]
    result = invoke("status", "--stage", "第1轮审核", "--format", "json")
    assert [u["unit"] for u in as_json(result)["units"]] == ["文学院"]  # type: ignore[union-attr, index]
    assert invoke("status", "--stage", "盖章").exit_code == 2
    assert invoke("status", "--kind", "学院").exit_code == 2


def test_status_counts_a_changed_book_after_approve(repo: Path) -> None:
    assert invoke("approve", "文学院", "revised", "--date", "2024-05-06").exit_code == 0
    out = as_json(invoke("status", "--format", "json"))
    assert next(u for u in out["units"] if u["unit"] == "文学院")["changed_after_approval"] is False  # type: ignore[union-attr]
    book = repo / "taskbooks/文学院.yaml"
    # formatting and comments: no change
    book.write_text("# 一条注释\n" + book.read_text(encoding="utf-8"), encoding="utf-8")
    out = as_json(invoke("status", "--format", "json"))
    assert next(u for u in out["units"] if u["unit"] == "文学院")["changed_after_approval"] is False  # type: ignore[union-attr]
    book.write_text(
        book.read_text(encoding="utf-8").replace("target: 7", "target: 8", 1), encoding="utf-8"
    )
    out = as_json(invoke("status", "--format", "json"))
    assert next(u for u in out["units"] if u["unit"] == "文学院")["changed_after_approval"] is True  # type: ignore[union-attr]


# ------------------------------------------------------------------ comments respond


def test_respond_writes_a_skeleton_that_counts_as_open(repo: Path) -> None:
    sheet = repo / "reviews/文学院/r1-response.yaml"
    result = invoke("comments", "respond", "文学院", "--round", "1")
    assert result.exit_code == 2 and "答复文件已存在，没有覆盖" in result.output  # type: ignore[attr-defined]
    sheet.unlink()
    result = invoke("comments", "respond", "文学院", "--round", "1")
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    text = sheet.read_text(encoding="utf-8")
    assert (
        "  # 1. 总体意见（科技处、人事处，必须修改）\n  #    请注明各项定量指标基数的统计口径和截止时间。\n"
        "  - to: [人事处-4, 科技处-4]\n    answer:\n    note:\n" in text
    )
    assert text.count("  - to:") == 11  # 12 comments, two folded into one opinion
    assert invoke("validate", "reviews/文学院/r1-response.yaml").exit_code == 0
    status = as_json(invoke("comments", "status", "文学院", "--format", "json"))
    assert status["rounds"][0]["answered"] == 0 and status["rounds"][0]["comments"] == 12  # type: ignore[index]
    # answering the folded opinion answers both ids
    sheet.write_text(
        text.replace(
            "  - to: [人事处-4, 科技处-4]\n    answer:",
            "  - to: [人事处-4, 科技处-4]\n    answer: 采纳",
        ),
        encoding="utf-8",
    )
    status = as_json(invoke("comments", "status", "文学院", "--format", "json"))
    assert status["rounds"][0]["answered"] == 2  # type: ignore[index]
    assert {o["id"] for o in status["rounds"][0]["open"]} >= {"教务处-1"}  # type: ignore[index]


def test_respond_to_a_round_without_reviews(repo: Path) -> None:
    result = invoke("comments", "respond", "文学院", "--round", "2")
    assert result.exit_code == 2
    assert "没有第 2 轮的审核意见文件" in result.output  # type: ignore[attr-defined]


# ------------------------------------------------------------------ summary


def test_summary_xlsx_read_back(repo: Path) -> None:
    out = repo / "out/汇总表.xlsx"
    result = invoke("summary", "-o", str(out))
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    wb = openpyxl.load_workbook(out)
    targets, units = wb["全部目标"], wb["各单位情况"]
    headers = [c.value for c in targets[1]]
    assert headers == [
        "单位",
        "类别",
        "部分",
        "方面",
        "编号",
        "目标内容",
        "指标",
        "计量单位",
        "基数",
        "目标值",
        "方向",
        "2024年",
        "2025年",
        "2026年",
        "2027年",
        "验收标准",
        "责任人",
    ]
    from ankao.repository.scan import scan

    books = scan(repo).books
    assert targets.max_row - 1 == sum(len(b.targets) for b in books) == 115
    ids = [(r[0], r[4]) for r in targets.iter_rows(min_row=2, values_only=True)]
    order = ["文学院", "数学与信息科学学院", "教务处", "图书馆"]  # as ankao.yaml lists the units
    by_unit = {b.unit: b for b in books}
    assert ids == [(u, t.id) for u in order for t in by_unit[u].targets]
    first = [c.value for c in targets[2]]
    assert first[:5] == ["文学院", "教学单位", "党建工作目标", "政治思想建设", "DJ-01"]
    assert targets.freeze_panes == "A2" and units.freeze_panes == "A2"
    assert targets.auto_filter.ref == "A1:Q116"
    # a decrease target says so: 30 → 15 alone would read as a weaker target
    directions = {
        r[4]: r[10] for r in targets.iter_rows(min_row=2, values_only=True) if r[0] == "图书馆"
    }
    assert (directions["YW-01"], directions["CN-02"]) == ("提高", "降低")
    assert targets["F2"].alignment.wrap_text
    assert targets.column_dimensions["F"].width >= 40
    assert [c.value for c in units[1]][:8] == [
        "单位",
        "类别",
        "目标数",
        "定量目标数",
        "定量占比",
        "所处环节",
        "环节日期",
        "距今天数",
    ]
    stage = {
        row[0].value: (row[5].value, row[5].fill.fgColor.rgb[-6:])
        for row in units.iter_rows(min_row=2)
    }
    assert stage["图书馆"] == ("已签署", "93C47D")
    assert stage["文学院"] == ("第1轮审核", "CFE2F3")
    assert stage["外国语学院"] == ("未提交", "F4CCCC")
    assert stage["教务处"] == ("办公室审核", "D9EAD3")
    props = {p.name: p.value for p in wb.custom_doc_props.props}
    assert props["ankao.document"] == "summary"
    assert props["ankao.fingerprint"].split() == [by_unit[u].fingerprint for u in order]
    # no overwrite without --force
    result = invoke("summary", "-o", str(out))
    assert result.exit_code == 2 and "加 --force 覆盖" in result.output  # type: ignore[attr-defined]
    assert invoke("summary", "-o", str(out), "--force").exit_code == 0


def test_summary_docx_read_back(repo: Path) -> None:
    out = repo / "汇总.docx"
    result = invoke("summary", "-o", str(out))
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    document = docx.Document(str(out))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "某师范学院中层领导班子任期目标汇总"
    assert "一、各单位任期目标确定进度" in texts and "（一）文学院（教学单位，38 项）" in texts
    progress = document.tables[0]
    assert [c.text for c in progress.rows[0].cells] == [
        "序号",
        "单位",
        "类别",
        "目标数",
        "定量占比",
        "所处环节",
        "日期",
    ]
    assert [c.text for c in progress.rows[4].cells][1:6] == [
        "教务处",
        "机关、教学辅助机构",
        "21",
        "71%",
        "办公室审核（批准后有改动）",
    ]
    first_unit = document.tables[1]
    assert first_unit.rows[2].cells[0].text.startswith("DJ-01")
    with zipfile.ZipFile(out) as z:
        custom = z.read("docProps/custom.xml").decode("utf-8")
    assert 'name="ankao.document"><vt:lpwstr>summary</vt:lpwstr>' in custom
    assert "文学院、数学与信息科学学院、教务处、图书馆" in custom


def test_summary_needs_xlsx_or_docx(repo: Path) -> None:
    result = invoke("summary", "-o", "汇总.pdf")
    assert result.exit_code == 2 and "-o 应为 .xlsx" in result.output  # type: ignore[attr-defined]


def test_an_invalid_record_is_not_appended_to(repo: Path) -> None:
    path = repo / "approvals/文学院.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("stage: submitted", "stage: 已报送"),
        encoding="utf-8",
    )
    before = path.read_bytes()
    result = invoke("approve", "文学院", "revised", "--date", "2024-05-06", "--format", "json")
    assert result.exit_code == 1
    found = [c for c, _ in codes(result)]
    assert sorted(found) == ["approval-invalid", "schema"]
    assert path.read_bytes() == before


def test_a_record_under_another_name_is_found_by_its_unit(repo: Path) -> None:
    (repo / "approvals/文学院.yaml").rename(repo / "approvals/wenxueyuan.yaml")
    result = invoke("approve", "文学院", "revised", "--date", "2024-05-06")
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    assert not (repo / "approvals/文学院.yaml").exists()
    assert "stage: revised" in (repo / "approvals/wenxueyuan.yaml").read_text(encoding="utf-8")


def test_a_draft_answer_validates_and_stays_open(repo: Path) -> None:
    sheet = repo / "reviews/文学院/r1-response.yaml"
    sheet.write_text(
        "unit: 文学院\nround: 1\nanswers:\n  - to: 教务处-1\n    answer:\n    note:\n"
        "  - to: [人事处-4, 科技处-4]\n    answer: 采纳\n",
        encoding="utf-8",
    )
    assert invoke("validate", "reviews/文学院/r1-response.yaml").exit_code == 0
    status = as_json(invoke("comments", "status", "文学院", "--format", "json"))
    open_ids = {o["id"] for o in status["rounds"][0]["open"]}  # type: ignore[index]
    assert "教务处-1" in open_ids and not {"人事处-4", "科技处-4"} & open_ids
    assert status["rounds"][0]["answered"] == 2  # type: ignore[index]


def test_a_book_with_schema_errors_is_refused_not_missing(repo: Path) -> None:
    book = repo / "taskbooks/图书馆.yaml"
    book.write_text(
        book.read_text(encoding="utf-8").replace("kind: office", "kind: offic"), encoding="utf-8"
    )
    result = invoke("approve", "图书馆", "signed", "--date", "2024-07-01", "--format", "json")
    assert result.exit_code == 1
    assert sorted(c for c, _ in codes(result)) == ["book-errors", "schema"]


def test_approve_warns_of_a_book_changed_since_the_last_stage_and_of_an_empty_revision(
    repo: Path,
) -> None:
    # the example's events carry no fingerprint: the first recorded one has nothing to compare with
    assert invoke("approve", "文学院", "revised", "--date", "2024-04-25").exit_code == 0  # type: ignore[attr-defined]
    assert invoke("approve", "文学院", "reviewed", "--date", "2024-04-26").exit_code == 0  # type: ignore[attr-defined]
    result = invoke("approve", "文学院", "revised", "--date", "2024-04-27")
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    assert "[revision-unchanged]" in result.output  # type: ignore[attr-defined]
    assert "没有任何改动" in result.output  # type: ignore[attr-defined]
    book = repo / "taskbooks" / "文学院.yaml"
    book.write_text(
        book.read_text(encoding="utf-8").replace("  overall: ", "  overall: （修订）", 1),
        encoding="utf-8",
    )
    result = invoke("approve", "文学院", "office_approved", "--date", "2024-04-30")
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    assert "[changed-after-approval]" in result.output  # type: ignore[attr-defined]
    assert "之后又被改动过" in result.output  # type: ignore[attr-defined]


def test_a_date_as_a_clerk_types_it_is_recorded_as_yyyy_mm_dd(repo: Path) -> None:
    # the example 数学与信息科学学院 has reached supervisor_signed: submitted comes next
    result = invoke("approve", "数学与信息科学学院", "submitted", "--date", "2024/4/2")
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    text = (repo / "approvals" / "数学与信息科学学院.yaml").read_text(encoding="utf-8")
    assert "  - stage: submitted\n    date: '2024-04-02'\n" in text


def test_status_counts_a_yml_twin_of_a_review_file_once(repo: Path) -> None:
    folder = repo / "reviews" / "文学院"
    shutil.copy(folder / "r1-教务处.yaml", folder / "r1-教务处.yml")
    result = invoke("status", "--format", "json")
    units = {u["unit"]: u for u in as_json(result)["units"]}  # type: ignore[union-attr, index]
    assert units["文学院"]["open_comments"] == 5
    assert "duplicate-review-file" in [c for c, _ in codes(result)]


def test_a_refused_first_stage_creates_no_file_and_says_so(repo: Path) -> None:
    record = repo / "approvals" / "文学院.yaml"
    record.unlink()
    result = invoke("approve", "文学院", "signed", "--date", "2024-05-01")
    assert result.exit_code == 1  # type: ignore[attr-defined]
    out = result.output  # type: ignore[attr-defined]
    assert "[stage-order]" in out and "下一个环节应是" in out
    assert "没有记录这一环节（没有创建 approvals/文学院.yaml，该单位还没有任何环节记录）" in out
    assert not record.exists()


def test_a_review_of_a_changed_book_is_expected_and_two_reviews_in_a_row_are_refused(
    repo: Path,
) -> None:
    assert invoke("approve", "文学院", "revised", "--date", "2024-04-25").exit_code == 0  # type: ignore[attr-defined]
    book = repo / "taskbooks" / "文学院.yaml"
    book.write_text(
        book.read_text(encoding="utf-8").replace("  overall: ", "  overall: （修订）", 1),
        encoding="utf-8",
    )
    # the review after a revision reads the changed book: that is the point, not a warning
    result = invoke("approve", "文学院", "reviewed", "--date", "2024-04-26", "--format", "json")
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    assert codes(result) == []
    again = invoke("approve", "文学院", "reviewed", "--date", "2024-04-27", "--format", "json")
    assert again.exit_code == 1
    [(code, message)] = codes(again)
    assert code == "stage-order"
    # a review may come again in a later round: it is "not now", never "already recorded"
    assert "不能在此时记录" in message and "已经记录过" not in message
    assert "（revised）" in message
