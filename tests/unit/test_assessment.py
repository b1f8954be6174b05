"""Completion and status of targets from their actuals (SPEC §8), and the rule behind-milestone."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ankao.formatting import percent
from ankao.load.config import Config
from ankao.load.document import load_text
from ankao.model.book import TaskBook
from ankao.model.build import from_document
from ankao.model.progress import (
    BEHIND,
    MET,
    NO_ACTUALS_NOTE,
    NO_DATA,
    ON_TRACK,
    BookResult,
    assess,
    assess_books,
    expected_value,
)
from ankao.rules import apply_rules

HEAD = """\
schema_version: 1
kind: office
unit: 图书馆
term: {start: 2024, end: 2027}
members:
  - {name: 李某, post: 馆长, duties: 主持全面工作, principal: both}
goals:
  overall: 建设智慧图书馆。
"""


def book(business: str, *, other: str = "  other: []\n", unit: str = "图书馆") -> TaskBook:
    """A valid office book whose `business` section holds the targets given as YAML lines."""
    text = HEAD.replace("unit: 图书馆", f"unit: {unit}") + (
        "  party_building:\n"
        "    - {id: DJ-01, aspect: 作风建设, content: 作风建设, criteria: 2025年底前出台制度}\n"
        "  business:\n" + business + "  institutions: []\n  service_commitment: []\n" + other
    )
    doc = load_text(text, "taskbooks/图书馆.yaml")
    assert doc.data is not None, doc.findings
    return from_document(doc)


def metric_target(metric: str, actuals: str = "", ident: str = "YW-01") -> str:
    line = f"    - id: {ident}\n      content: 延长开馆时间\n      metric: {metric}\n"
    return line + (f"      actuals: {actuals}\n" if actuals else "")


def one(business: str, year: int | None = None) -> tuple[BookResult, float | None, str]:
    result = assess(book(business), year)
    r = result.targets[1]  # [0] is the qualitative DJ-01
    assert r.target.id == "YW-01"
    return result, r.completion, r.status


# --- each direction of SPEC §8 ----------------------------------------------------------------


def test_increase_is_the_share_of_the_way_from_baseline_to_target() -> None:
    _, completion, status = one(metric_target("{baseline: 84, target: 98}", "{2024: 91}"))
    assert completion == pytest.approx(0.5)
    assert status == ON_TRACK  # 91 > the straight line's 84 in 2024


def test_decrease_counts_the_way_down() -> None:
    metric = "{baseline: 10, target: 5, direction: decrease}"
    _, completion, status = one(metric_target(metric, "{2025: 7}"))
    assert completion == pytest.approx(0.6)  # (10 - 7) / (10 - 5)
    # the line runs from (2023, 10) to (2027, 5): 2025 asks 10 - 5 * 2/4 = 7.5; 7 is below it
    assert status == ON_TRACK
    _, completion, status = one(metric_target(metric, "{2025: 8}"))
    assert completion == pytest.approx(0.4)
    assert status == BEHIND  # 8 is above the 7.5 asked


def test_decrease_worse_than_the_baseline_is_negative_and_behind() -> None:
    result, completion, status = one(
        metric_target("{baseline: 10, target: 5, direction: decrease}", "{2025: 11}")
    )
    assert completion == pytest.approx(-0.2)
    assert status == BEHIND
    assert result.sections[1].tally.completion == 0.0  # clamped to 0 in the section figure


@pytest.mark.parametrize(("actual", "completion", "status"), [(12, 1.0, MET), (11, 0.0, BEHIND)])
def test_maintain_is_all_or_nothing(actual: int, completion: float, status: str) -> None:
    _, got, got_status = one(
        metric_target("{baseline: 12, target: 12, direction: maintain}", f"{{2025: {actual}}}")
    )
    assert got == completion
    assert got_status == status


@pytest.mark.parametrize(("actual", "completion"), [(98, 1.0), (99.5, 1.0), (97.9, 0.0)])
def test_at_least(actual: float, completion: float) -> None:
    _, got, _ = one(
        metric_target("{baseline: 90, target: 98, direction: at_least}", f"{{2025: {actual}}}")
    )
    assert got == completion


@pytest.mark.parametrize(("actual", "completion"), [(3, 1.0), (2, 1.0), (3.5, 0.0)])
def test_at_most(actual: float, completion: float) -> None:
    _, got, _ = one(
        metric_target("{baseline: 5, target: 3, direction: at_most}", f"{{2025: {actual}}}")
    )
    assert got == completion


@pytest.mark.parametrize(
    ("direction", "actual", "completion"),
    [
        ("increase", 5, 1.0),
        ("increase", 6, 1.0),
        ("increase", 4, 0.0),
        ("decrease", 5, 1.0),
        ("decrease", 4, 1.0),
        ("decrease", 6, 0.0),
    ],
)
def test_baseline_equal_to_target_never_divides_by_zero(
    direction: str, actual: int, completion: float
) -> None:
    _, got, status = one(
        metric_target(f"{{baseline: 5, target: 5, direction: {direction}}}", f"{{2025: {actual}}}")
    )
    assert got == completion
    assert status == (MET if completion else BEHIND)


def test_a_metric_without_target_is_no_data_with_a_reason() -> None:
    result, completion, status = one(metric_target("{name: 开馆时间, baseline: 84}", "{2025: 90}"))
    assert (completion, status) == (None, NO_DATA)
    assert result.targets[1].reason == "量化指标缺少目标值，无法计算完成度"


# --- the year and its actual ------------------------------------------------------------------


def test_a_year_without_actual_takes_the_latest_before_it() -> None:
    business = metric_target(
        "{baseline: 0, target: 10, milestones: {2025: 4, 2026: 6}}", "{2024: 2, 2025: 5}"
    )
    result, completion, status = one(business, 2026)
    r = result.targets[1]
    assert r.actual is not None and r.actual.year == 2025
    assert completion == pytest.approx(0.5)
    assert status == BEHIND  # 5 is short of 2026's milestone 6
    assert result.as_of == 2026


def test_the_default_year_is_the_latest_with_any_actual() -> None:
    business = metric_target("{baseline: 0, target: 10}", "{2024: 2}") + metric_target(
        "{baseline: 0, target: 10}", "{2025: 5}", ident="YW-02"
    )
    assert assess(book(business)).as_of == 2025


def test_a_year_before_every_actual_is_no_data() -> None:
    result, completion, status = one(metric_target("{baseline: 0, target: 10}", "{2025: 5}"), 2024)
    assert (completion, status) == (None, NO_DATA)
    assert result.tally.no_data == 2


# --- over-achievement and the figures -----------------------------------------------------------


def test_over_achievement_is_reported_unclamped_and_clamped_in_the_figures() -> None:
    business = metric_target("{baseline: 0, target: 4}", "{2025: 5}") + metric_target(
        "{baseline: 0, target: 4}", "{2025: 1}", ident="YW-02"
    )
    result = assess(book(business))
    yw1, yw2 = result.sections[1].targets
    assert yw1.completion == pytest.approx(1.25)
    assert yw1.status == MET
    assert yw2.completion == pytest.approx(0.25)
    assert result.sections[1].tally.completion == pytest.approx((1.0 + 0.25) / 2)
    # DJ-01 (no actual) counts 0 in the book
    assert result.tally.completion == pytest.approx((0.0 + 1.0 + 0.25) / 3)
    record = result.as_dict()
    assert record["targets"][1] == {
        "id": "YW-01",
        "section": "business",
        "completion": 1.25,
        "status": "met",
        "actual_year": 2025,
    }
    assert record["targets"][0]["completion"] is None
    assert (record["met"], record["behind"], record["no_data"]) == (1, 1, 1)
    assert record["as_of"] == 2025


# a figure under 1e-9 other than 0 is out of range (a finding, issue 27)
FIGURES = st.floats(min_value=-50, max_value=50, allow_nan=False).filter(
    lambda v: v == 0 or abs(v) >= 1e-9
)


@given(st.lists(FIGURES, min_size=1, max_size=6))
def test_figures_stay_between_0_and_1_whatever_the_actuals(values: list[float]) -> None:
    business = "".join(
        metric_target("{baseline: 0, target: 10}", f"{{2025: {v!r}}}", ident=f"YW-{i:02d}")
        for i, v in enumerate(values)
    )
    result = assess(book(business))
    assert result.tally.completion is not None
    assert 0.0 <= result.tally.completion <= 1.0
    for r in result.sections[1].targets:
        assert r.completion == pytest.approx(float(r.actual.value.value) / 10)  # type: ignore[union-attr]


# --- qualitative targets ----------------------------------------------------------------------

QUALITATIVE = """\
    - id: YW-01
      content: 建设自助借还系统
      criteria: 2026年6月前上线运行
      actuals:
        2024: {{status: {status}, note: 说明}}
"""


@pytest.mark.parametrize(
    ("status", "completion", "expected"),
    [
        ("完成", 1.0, MET),
        ("部分完成", 0.5, ON_TRACK),
        ("未完成", 0.0, BEHIND),
    ],
)
def test_qualitative_statuses(status: str, completion: float, expected: str) -> None:
    _, got, got_status = one(QUALITATIVE.format(status=status))
    assert (got, got_status) == (completion, expected)


def test_partly_done_at_the_end_of_the_term_is_behind() -> None:
    _, completion, status = one(QUALITATIVE.format(status="部分完成"), 2027)
    assert (completion, status) == (0.5, BEHIND)


# --- behind: milestone or straight line -------------------------------------------------------


def test_behind_uses_the_milestone_of_the_year() -> None:
    # the line would ask 0 + 12 * 1/3 = 4 in 2025; the milestone asks 6
    result, _, status = one(
        metric_target("{baseline: 0, target: 12, milestones: {2025: 6}}", "{2025: 5}")
    )
    r = result.targets[1]
    assert status == BEHIND
    assert (r.expected, r.milestone) == (6.0, True)


def test_without_milestone_the_straight_line_decides() -> None:
    result, _, status = one(
        metric_target("{baseline: 0, target: 12, milestones: {2026: 9}}", "{2025: 5}")
    )
    # the line between the declared points around 2025: (2023, 0) and the milestone (2026, 9),
    # so 2025 asks 0 + 9 * 2/3 = 6 (not 6 on the line to the final target by chance: see below)
    r = result.targets[1]
    assert status == BEHIND  # 5 < 6
    assert r.expected == pytest.approx(6.0)
    assert r.milestone is False
    result, _, status = one(
        metric_target("{baseline: 0, target: 12, milestones: {2026: 9}}", "{2025: 6}")
    )
    assert status == ON_TRACK


def test_the_straight_line_is_clamped_to_the_term() -> None:
    # before the term starts the line asks the baseline; after it ends, the target
    result, _, status = one(metric_target("{baseline: 10, target: 22}", "{2024: 10}"), 2023)
    target, term = result.targets[1].target, result.book.term
    assert expected_value(target, term, 2023) == (10.0, False)
    assert status == NO_DATA  # nothing is known as of a year before the term
    result, _, status = one(metric_target("{baseline: 10, target: 22}", "{2027: 21}"), 2028)
    assert (result.targets[1].expected, status) == (22.0, BEHIND)


def test_actuals_outside_the_term_are_not_counted() -> None:
    """`actuals-year` calls them errors; assess agrees and does not count them (issue 27)."""
    for year in (2023, 2025, 2028):
        _, completion, status = one(
            metric_target("{baseline: 10, target: 22}", "{2023: 22, 2028: 22}"), year
        )
        assert (completion, status) == (None, NO_DATA)


def test_behind_in_the_decrease_direction() -> None:
    metric = "{baseline: 10, target: 4, direction: decrease, milestones: {2025: 6}}"
    assert one(metric_target(metric, "{2025: 7}"))[2] == BEHIND
    assert one(metric_target(metric, "{2025: 6}"))[2] == ON_TRACK


# --- a book without any actual ----------------------------------------------------------------


def test_a_book_without_actuals_is_all_no_data_with_a_note() -> None:
    result = assess(book(metric_target("{baseline: 0, target: 10}")))
    assert [r.status for r in result.targets] == [NO_DATA, NO_DATA]
    assert result.notes == (NO_ACTUALS_NOTE,)
    assert result.tally.completion == 0.0
    assert result.as_of == 2024  # the term's start when nothing is known


def test_several_books_share_the_latest_year_for_one_without_actuals() -> None:
    empty = book(metric_target("{baseline: 0, target: 10}"), unit="教务处")
    full = book(metric_target("{baseline: 0, target: 10}", "{2025: 3}"))
    assert [r.as_of for r in assess_books([empty, full])] == [2025, 2025]


def test_lagging_targets_come_first() -> None:
    business = (
        metric_target("{baseline: 0, target: 4}", "{2025: 4}")
        + metric_target(
            "{baseline: 0, target: 12, milestones: {2025: 6}}", "{2025: 1}", ident="YW-02"
        )
        + metric_target("{baseline: 0, target: 12}", "{2025: 6}", ident="YW-03")
    )  # YW-03: 2025 asks 12 * 2/4 = 6 on the line from (2023, 0) to (2027, 12)
    result = assess(book(business))
    assert [r.target.id for r in result.lagging_first()] == ["YW-02", "DJ-01", "YW-03", "YW-01"]


def test_percent_for_reading() -> None:
    assert [percent(v) for v in (None, 0.0, 0.5, 1.0, 1.25, 2 / 3)] == [
        "—",
        "0%",
        "50%",
        "100%",
        "125%",
        "66.7%",
    ]


# --- the rule behind-milestone ------------------------------------------------------------------


def test_behind_milestone_is_a_warning_at_the_target_line() -> None:
    business = metric_target("{baseline: 0, target: 4}", "{2025: 4}") + metric_target(
        "{name: 研讨间, unit: 间, baseline: 0, target: 12, milestones: {2025: 6}}",
        "{2024: 2, 2025: 5}",
        ident="YW-02",
    )
    b = book(business)
    findings, _ = apply_rules(b, Config())
    [f] = [f for f in findings if f.code == "behind-milestone"]
    assert f.severity.value == "warning"
    assert f.line == b.target("YW-02").line  # type: ignore[union-attr]
    assert f.path == "goals.business[1]"
    assert f.message == (
        "目标 YW-02“延长开馆时间”2025 年完成 5间，低于 2025 年的年度进度 6间（方向为“提高”），"
        "进度滞后：请督促责任人提出整改措施"
    )


def test_behind_milestone_for_a_qualitative_target_and_the_straight_line() -> None:
    other = (
        "  other:\n    - id: QT-01\n      content: 院史陈列室\n      criteria: 2026年建成\n"
        "      actuals:\n        2025: {status: 未完成, note: 选址未定}\n"
    )
    business = metric_target("{baseline: 0, target: 12}", "{2025: 3}")  # 2025 asks 12 * 2/4 = 6
    findings, _ = apply_rules(book(business, other=other), Config())
    messages = [f.message for f in findings if f.code == "behind-milestone"]
    assert messages == [
        "目标 YW-01“延长开馆时间”2025 年完成 3，低于按任期进度应达到的 6（方向为“提高”），进度滞后：请督促责任人提出整改措施",
        "目标 QT-01“院史陈列室”2025 年报告为“未完成”，进度滞后：请督促责任人提出整改措施，在下一年度完成",
    ]


def test_behind_milestone_is_silent_without_actuals_and_can_be_turned_off() -> None:
    b = book(metric_target("{baseline: 0, target: 12, milestones: {2025: 6}}"))
    assert not [f for f in apply_rules(b, Config())[0] if f.code == "behind-milestone"]
    lagging = book(metric_target("{baseline: 0, target: 12, milestones: {2025: 6}}", "{2025: 1}"))
    assert [f for f in apply_rules(lagging, Config())[0] if f.code == "behind-milestone"]
    off = Config(rules={"behind-milestone": "off"})
    assert not [f for f in apply_rules(lagging, off)[0] if f.code == "behind-milestone"]


@pytest.mark.parametrize("direction", ["maintain", "at_least", "at_most"])
def test_without_a_baseline_a_held_target_is_asked_every_year(direction: str) -> None:
    from ankao.model.progress import expected_value

    taskbook = book(metric_target(f"{{target: 12, direction: {direction}}}"))
    target = taskbook.sections[1].targets[0]
    assert target.id == "YW-01"
    assert expected_value(target, taskbook.term, 2025) == (12.0, False)
    increase = book(metric_target("{target: 12}")).sections[1].targets[0]
    assert expected_value(increase, taskbook.term, 2025) is None  # a line needs its baseline
