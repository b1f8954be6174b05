"""The procedure (SPEC §7): stage order, fingerprints, appending to approvals files, status, roll-up."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from conftest import copy_examples

from ankao.load.document import load_text
from ankao.model.build import fingerprint, from_document
from ankao.procedure.approvals import (
    appended_text,
    event_lines,
    events_of,
    new_file_text,
    rounds_of,
)
from ankao.procedure.stages import (
    STAGES,
    Event,
    check_event,
    event_round,
    label,
    next_stages,
    order_findings,
    parse_stage,
)

KEYS = [s.key for s in STAGES]


def events(*spec: str) -> list[Event]:
    """Events from `stage` or `stage@date` strings, dated a day apart by default."""
    out: list[Event] = []
    for i, item in enumerate(spec):
        stage, _, date = item.partition("@")
        e = Event(stage, date or f"2025-01-{i + 1:02d}", None, i)
        out.append(e)
    return rounds_of(out)


# A full legal path: both optional stages, two review rounds.
FULL = [
    "consulted",
    "team_meeting",
    "unit_signed",
    "supervisor_signed",
    "submitted",
    "reviewed",
    "revised",
    "reviewed",
    "revised",
    "office_approved",
    "leader_approved",
    "committee_approved",
    "signed",
]

ALLOWED_AFTER = {
    None: {"consulted", "team_meeting", "unit_signed"},
    "consulted": {"team_meeting", "unit_signed"},
    "team_meeting": {"unit_signed"},
    "unit_signed": {"supervisor_signed"},
    "supervisor_signed": {"submitted"},
    "submitted": {"reviewed"},
    "reviewed": {"revised"},
    "revised": {"reviewed", "office_approved"},
    "office_approved": {"leader_approved"},
    "leader_approved": {"committee_approved"},
    "committee_approved": {"signed"},
    "signed": set(),
}


# ------------------------------------------------------------------ stage order


@pytest.mark.parametrize(
    "prefix", [FULL[:n] for n in range(len(FULL) + 1)], ids=lambda p: p[-1] if p else "start"
)
def test_every_transition_legal_and_illegal(prefix: list[str]) -> None:
    """At every point of the path, exactly the stages of SPEC §7 may follow; every other one is refused."""
    done = events(*prefix)
    last = prefix[-1] if prefix else None
    allowed = ALLOWED_AFTER[last]
    assert set(next_stages(done).stages) == allowed
    date = "2025-02-01"
    for key in KEYS:
        refusal = check_event(done, key, date, None)
        if key in allowed:
            assert refusal is None, (prefix, key, refusal)
            continue
        assert refusal is not None and refusal.code == "stage-order", (prefix, key)
        if last == "signed":
            assert (
                refusal.message == f"任务书已签署，程序已经完成，不能再记录“{_name(key)}”（{key}）"
            )
        else:
            assert refusal.message.startswith(f"环节顺序不对：“{_name(key)}”（{key}）")
            assert refusal.message.endswith(f"；下一个环节应是{next_stages(done).describe()}")


def _name(key: str) -> str:
    return next(s.name for s in STAGES if s.key == key)


def test_refusal_names_the_expected_stage_in_chinese() -> None:
    done = events("unit_signed", "supervisor_signed")
    refusal = check_event(done, "reviewed", "2025-03-01", None)
    assert refusal is not None
    assert refusal.message == (
        "环节顺序不对：“领导小组审核评议并提出修订意见”（reviewed）不能在此时记录；"
        "下一个环节应是“报领导小组办公室”（submitted）"
    )


def test_after_a_revision_the_next_round_or_the_office() -> None:
    done = events("unit_signed", "supervisor_signed", "submitted", "reviewed", "revised")
    refusal = check_event(done, "signed", "2025-03-01", None)
    assert refusal is not None
    assert refusal.message.endswith(
        "下一个环节应是“第2轮审核”（reviewed）或“办公室审核”（office_approved）"
    )


def test_a_stage_recorded_twice_is_refused_as_such() -> None:
    done = events("unit_signed", "supervisor_signed")
    refusal = check_event(done, "unit_signed", "2025-03-01", None)
    assert refusal is not None and refusal.code == "stage-order"
    assert refusal.message == (
        "环节顺序不对：“党政主要负责人共同签字”（unit_signed）已经记录过；"
        "下一个环节应是“报领导小组办公室”（submitted）"
    )


def test_consulted_after_the_team_meeting_is_out_of_order() -> None:
    refusal = check_event(events("team_meeting"), "consulted", "2025-03-01", None)
    assert refusal is not None and refusal.code == "stage-order"


def test_review_rounds_count_and_must_be_the_next_one() -> None:
    done = events("unit_signed", "supervisor_signed", "submitted", "reviewed", "revised")
    assert [e.round for e in done] == [None, None, None, 1, 1]
    assert event_round(done, "reviewed") == 2
    assert check_event(done, "reviewed", "2025-03-01", 2) is None
    refusal = check_event(done, "reviewed", "2025-03-01", 3)
    assert refusal is not None and refusal.code == "stage-round"
    assert refusal.message == "轮次不对：这次应是第 2 轮审核，不是第 3 轮"
    after_review = events("unit_signed", "supervisor_signed", "submitted", "reviewed")
    assert event_round(after_review, "revised") == 1
    refusal = check_event(after_review, "revised", "2025-03-01", 2)
    assert refusal is not None and refusal.message == "轮次不对：这次应是第 1 轮修改，不是第 2 轮"


def test_a_round_on_a_stage_without_rounds_is_refused() -> None:
    refusal = check_event(events("unit_signed"), "supervisor_signed", "2025-03-01", 1)
    assert refusal is not None and refusal.code == "stage-round"
    assert (
        refusal.message
        == "“主管校领导审核同意”（supervisor_signed）没有轮次，只有审核（reviewed）和修改（revised）写 --round"
    )


def test_dates_never_go_back_but_may_stay() -> None:
    done = events("unit_signed@2025-03-10")
    assert check_event(done, "supervisor_signed", "2025-03-10", None) is None
    refusal = check_event(done, "supervisor_signed", "2025-03-09", None)
    assert refusal is not None and refusal.code == "stage-date"
    assert refusal.message == (
        "日期 2025-03-09 早于上一个环节“党政负责人签字”的日期 2025-03-10；各环节的日期不能倒退"
    )


def test_order_findings_of_a_hand_written_record() -> None:
    bad = events("unit_signed@2025-01-10", "submitted@2025-01-20", "reviewed@2025-01-05")
    found = order_findings(bad)
    assert [(e.stage, r.code) for e, r in found] == [
        ("submitted", "stage-order"),
        ("reviewed", "stage-date"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("submitted", ("submitted", None)),
        ("报领导小组办公室", ("submitted", None)),
        ("党政主要负责人共同签字", ("unit_signed", None)),
        ("主管校领导审核", ("supervisor_signed", None)),
        ("第2轮审核", ("reviewed", 2)),
        ("第 3 轮修改", ("revised", 3)),
        ("党委会审议通过", ("committee_approved", None)),
        ("签署任期目标任务书", ("signed", None)),
    ],
)
def test_stage_names_in_english_and_chinese(text: str, expected: tuple[str, int | None]) -> None:
    assert parse_stage(text) == expected


def test_an_unknown_stage_name() -> None:
    with pytest.raises(ValueError):
        parse_stage("盖章")


def test_labels() -> None:
    assert label("reviewed", 2) == "第2轮审核"
    assert label("submitted") == "报领导小组办公室"
    assert label(None) == "起草中"


# ------------------------------------------------------------------ fingerprint

BOOK = """\
schema_version: 1
kind: office
unit: 图书馆
term: {start: 2024, end: 2027}
members:
  - {name: 赵某, post: 馆长, duties: 主持全面工作}
goals:
  overall: 建设智慧图书馆。
  party_building:
    - id: DJ-01
      aspect: 政治思想建设
      content: 开展理论学习
      metric: {name: 学习次数, unit: 次, baseline: 8, target: 12}
      actuals: {2024: 9}
    - id: DJ-02
      aspect: 作风建设
      content: 改进作风
      criteria: 2025年底前修订制度3项
  business: []
  institutions: []
  service_commitment: []
  other: []
"""


def book_of(text: str) -> str:
    doc = load_text(text)
    assert doc.loaded, doc.findings
    return from_document(doc).fingerprint


def test_fingerprint_is_sha256_of_the_canonical_book() -> None:
    fp = book_of(BOOK)
    assert fp.startswith("sha256:") and len(fp) == 7 + 64
    assert fp == fingerprint(load_text(BOOK).data)


def test_reindenting_reordering_keys_and_comments_change_nothing() -> None:
    reindented = BOOK.replace("\n    - id:", "\n    -   id:").replace("\n      ", "\n        ")
    reordered = BOOK.replace(
        "kind: office\nunit: 图书馆\n", "unit: 图书馆\nkind: office\n"
    ).replace(
        "metric: {name: 学习次数, unit: 次, baseline: 8, target: 12}",
        "metric:\n        target: 12\n        baseline: 8\n        unit: 次\n        name: 学习次数",
    )
    commented = "# 图书馆任务书\n" + BOOK.replace(
        "content: 开展理论学习", "content: 开展理论学习   # 每月一次"
    )
    assert (
        load_text(reindented).data == load_text(BOOK).data
    )  # the edits really are formatting only
    assert book_of(reindented) == book_of(BOOK)
    assert book_of(reordered) == book_of(BOOK)
    assert book_of(commented) == book_of(BOOK)


def test_actuals_are_not_part_of_the_fingerprint() -> None:
    assert book_of(BOOK.replace("actuals: {2024: 9}", "actuals: {2024: 11, 2025: 12}")) == book_of(
        BOOK
    )


def test_a_changed_value_or_target_order_changes_the_fingerprint() -> None:
    assert book_of(BOOK.replace("target: 12", "target: 13")) != book_of(BOOK)
    assert book_of(BOOK.replace("改进作风", "改进工作作风")) != book_of(BOOK)
    swapped = BOOK.replace("DJ-01", "TMP").replace("DJ-02", "DJ-01").replace("TMP", "DJ-02")
    assert book_of(swapped) != book_of(BOOK)


# ------------------------------------------------------------------ appending without rewriting

RECORD = """\
# 手写的说明：这一行和下面的注释都必须原样保留
unit: 文学院
events:
  - stage: unit_signed
    date: '2025-01-10'
    by: 张某、李某     # 行尾注释
    note: |
      院党政联席会议
  # 事后补记：会议纪要见档案室
"""
EVENT = {
    "stage": "supervisor_signed",
    "date": "2025-01-15",
    "by": "钱某: 副校长",
    "fingerprint": "sha256:" + "a" * 64,
}


def _without(new: str, inserted: list[str]) -> str:
    lines = new.split("\n")
    start = lines.index(inserted[0])
    assert lines[start : start + len(inserted)] == inserted
    return "\n".join(lines[:start] + lines[start + len(inserted) :])


def test_append_keeps_every_byte_and_comment() -> None:
    new = appended_text(RECORD, EVENT, "approvals/文学院.yaml")
    inserted = event_lines(EVENT, 2, 4)
    assert _without(new, inserted) == RECORD
    assert "# 手写的说明：这一行和下面的注释都必须原样保留\n" in new
    data = load_text(new).data
    assert data["events"][-1] == EVENT
    assert data["events"][0]["note"] == "院党政联席会议\n"


def test_append_before_a_later_key_and_in_an_indentless_list() -> None:
    text = "events:\n- stage: unit_signed\n  date: '2025-01-10'\nunit: 文学院  # 单位\n"
    new = appended_text(text, EVENT, "a.yaml")
    assert _without(new, event_lines(EVENT, 0, 2)) == text
    assert load_text(new).data == {
        "unit": "文学院",
        "events": [{"stage": "unit_signed", "date": "2025-01-10"}, EVENT],
    }


def test_append_keeps_crlf_line_ends() -> None:
    text = RECORD.replace("\n", "\r\n")
    new = appended_text(text, EVENT, "a.yaml")
    assert new.startswith(text.split("  # 事后补记")[0])
    assert "\n" not in new.replace("\r\n", "")


def test_append_refuses_a_flow_list() -> None:
    from ankao.errors import AnkaoError

    with pytest.raises(AnkaoError, match="不是块格式的列表"):
        appended_text(
            "unit: 文学院\nevents: [{stage: unit_signed, date: '2025-01-10'}]\n", EVENT, "a.yaml"
        )


def test_a_new_file_reads_back() -> None:
    text = new_file_text("文学院", EVENT)
    assert load_text(text).data == {"unit": "文学院", "events": [EVENT]}
    assert events_of(load_text(text).data)[0].fingerprint == EVENT["fingerprint"]


# ------------------------------------------------------------------ status and roll-up on the examples


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return copy_examples(tmp_path)


def test_status_of_the_examples(repo: Path) -> None:
    from ankao.procedure.status import procedure_status
    from ankao.repository.scan import scan

    status = procedure_status(scan(repo, rules=True))
    rows = {r.unit: r for r in status.units}
    assert rows["文学院"].label == "第1轮审核" and rows["文学院"].round == 1
    assert rows["文学院"].open_comments == 5
    assert rows["外国语学院"].label == "未提交" and rows["外国语学院"].kind == "teaching"
    assert rows["图书馆"].stage == "signed" and not rows["图书馆"].changed_after_approval
    assert rows["教务处"].stage == "office_approved" and rows["教务处"].changed_after_approval
    changed = [f for f in status.report.findings if f.code == "changed-after-approval"]
    assert len(changed) == 1
    f = changed[0]
    assert (f.file, f.path, f.severity.value) == (
        "approvals/教务处.yaml",
        "events[5].fingerprint",
        "warning",
    )
    line = (repo / "approvals/教务处.yaml").read_text(encoding="utf-8").splitlines()[f.line - 1]
    assert line.strip().startswith("fingerprint: sha256:")
    assert f.message.startswith(
        "任务书 taskbooks/教务处.yaml 在“办公室审核”（2024-05-08）之后又被改动过"
    )
    record = status.units[0].as_dict()  # the JSON row of `ankao status`
    assert list(record) == [
        "unit",
        "kind",
        "stage",
        "stage_date",
        "round",
        "open_comments",
        "errors",
        "warnings",
        "quantitative_share",
        "changed_after_approval",
        "carried_over",
        "below_record",
        "overdue",
    ]
    assert record["quantitative_share"] == 27 / 38


def test_status_reports_stages_out_of_order_in_a_record(repo: Path) -> None:
    from ankao.procedure.status import procedure_status
    from ankao.repository.scan import scan

    path = repo / "approvals/数学与信息科学学院.yaml"
    path.write_text(
        path.read_text(encoding="utf-8") + "  - stage: signed\n    date: '2024-04-01'\n",
        encoding="utf-8",
    )
    status = procedure_status(scan(repo, rules=True))
    found = [f for f in status.report.findings if f.code == "stage-order"]
    assert [(f.file, f.path) for f in found] == [("approvals/数学与信息科学学院.yaml", "events[4]")]
    assert "下一个环节应是“报领导小组办公室”（submitted）" in found[0].message


def test_status_filters(repo: Path) -> None:
    from ankao.procedure.status import procedure_status
    from ankao.repository.scan import scan

    scanned = scan(repo, rules=True)
    assert [r.unit for r in procedure_status(scanned, stage="none", kind="teaching").units] == [
        "外国语学院"
    ]
    assert [r.unit for r in procedure_status(scanned, stage="signed").units] == ["图书馆"]
    assert [r.unit for r in procedure_status(scanned, stage="draft").units] == []


def test_rollup_rows_and_days(repo: Path) -> None:
    from ankao.procedure.summary import rollup
    from ankao.repository.scan import scan

    data = rollup(scan(repo, rules=True), today=datetime.date(2024, 7, 1))
    assert len(data.targets) == sum(len(b.targets) for b in data.books) == 115
    assert data.years == [2024, 2025, 2026, 2027]
    signed = next(r for r in data.units if r.unit == "图书馆")
    assert data.days_since(signed) == 11
