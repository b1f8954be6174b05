"""SPEC §8 as corrected (issue 23): the line from before the term, every-year promises, one
as-of year for a run, stale figures, and `check` and `assess` agreeing on "behind".

Every expected figure below is worked out by hand in the comment beside it.
"""

from __future__ import annotations

import pytest

from ankao.load.config import Config
from ankao.load.document import load_text
from ankao.model.book import TaskBook
from ankao.model.build import from_document
from ankao.model.direction import Direction
from ankao.model.progress import (
    BEHIND,
    MET,
    NO_DATA,
    ON_TRACK,
    assess,
    assess_books,
    expected_value,
)
from ankao.rules import apply_rules


def book(targets: str, *, start: int = 2025, end: int = 2028, unit: str = "图书馆") -> TaskBook:
    """A valid office book of term start—end whose `business` section holds `targets`."""
    text = (
        "schema_version: 1\nkind: office\n"
        f"unit: {unit}\nterm: {{start: {start}, end: {end}}}\n"
        "members:\n  - {name: 李某, post: 馆长, duties: 主持全面工作, principal: both}\n"
        "goals:\n  overall: 建设智慧图书馆。\n  party_building: []\n"
        "  business:\n" + targets + "  institutions: []\n  service_commitment: []\n  other: []\n"
    )
    doc = load_text(text, f"taskbooks/{unit}.yaml")
    assert doc.data is not None, doc.findings
    return from_document(doc)


def target(metric: str, actuals: str = "", ident: str = "YW-01") -> str:
    line = f"    - id: {ident}\n      content: 延长开馆时间\n      metric: {metric}\n"
    return line + (f"      actuals: {actuals}\n" if actuals else "")


def expected_by_year(metric: str, *, start: int = 2025, end: int = 2028) -> list[float]:
    b = book(target(metric), start=start, end=end)
    [t] = b.targets
    out = []
    for year in range(start, end + 1):
        e = expected_value(t, b.term, year)
        assert e is not None
        out.append(e[0])
    return out


# --- the straight line (SPEC §8's own examples) --------------------------------------------------


def test_four_year_term_without_milestones() -> None:
    # (2024, 0) to (2028, 8): 2 a year
    assert expected_by_year("{baseline: 0, target: 8}") == [2, 4, 6, 8]


def test_four_year_term_with_a_milestone() -> None:
    # (2024, 0) -> (2026, 2): 1 in 2025; the milestone 2 in 2026; (2026, 2) -> (2028, 8): 5 in 2027
    assert expected_by_year("{baseline: 0, target: 8, milestones: {2026: 2}}") == [1, 2, 5, 8]


def test_the_first_year_asks_a_share_not_the_baseline() -> None:
    # issue 23: 2024—2027, 0 -> 6, no milestones: 2024 asks 6 / 4 = 1.5, so 0 is behind
    b = book(target("{baseline: 0, target: 6}", "{2024: 0}"), start=2024, end=2027)
    [r] = assess(b).targets
    assert r.expected == pytest.approx(1.5)
    assert (r.completion, r.status) == (0.0, BEHIND)
    b = book(target("{baseline: 0, target: 6}", "{2024: 2}"), start=2024, end=2027)
    [r] = assess(b).targets
    assert (r.completion, r.status) == (pytest.approx(2 / 6), ON_TRACK)


def test_a_year_before_the_first_milestone_follows_the_line_to_that_milestone() -> None:
    # issue 23: 0 -> 40 over 2025—2028 with {2026: 10, 2027: 25}: 2025 asks (0 + 10) / 2 = 5 —
    # neither 0 nor 40 / 3 = 13.3 on the line to the final target
    assert expected_by_year("{baseline: 0, target: 40, milestones: {2026: 10, 2027: 25}}") == [
        5,
        10,
        25,
        40,
    ]
    b = book(target("{baseline: 0, target: 40, milestones: {2026: 10}}", "{2025: 6}"))
    [r] = assess(b).targets
    assert (r.expected, r.milestone, r.status) == (5.0, False, ON_TRACK)  # 6 ≥ 5
    assert r.completion == pytest.approx(6 / 40)


def test_decrease_line_from_before_the_term() -> None:
    # (2024, 10) to (2028, 2): 2 less a year
    assert expected_by_year("{baseline: 10, target: 2, direction: decrease}") == [8, 6, 4, 2]
    b = book(target("{baseline: 10, target: 2, direction: decrease}", "{2026: 7}"))
    [r] = assess(b).targets
    # 2026 asks 6; 7 is higher, worse for a decrease; completion (10 - 7) / (10 - 2) = 0.375
    assert (r.status, r.completion) == (BEHIND, pytest.approx(0.375))


def test_a_milestone_for_the_last_year_is_the_last_point() -> None:
    # (2024, 0) -> (2028, 8) declared as a milestone equal to the target
    assert expected_by_year("{baseline: 0, target: 8, milestones: {2028: 8}}") == [2, 4, 6, 8]


# --- every-year promises ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("direction", "actual", "completion", "status"),
    [
        ("at_least", 11, 0.0, BEHIND),  # issue 23: 不低于 12 次/年 with 11
        ("at_least", 12, 1.0, MET),
        ("at_least", 13, 1.0, MET),
        ("at_most", 13, 0.0, BEHIND),
        ("at_most", 12, 1.0, MET),
        ("at_most", 3, 1.0, MET),
        ("maintain", 12, 1.0, MET),
        ("maintain", 13, 0.0, BEHIND),
        ("maintain", 11, 0.0, BEHIND),
    ],
)
def test_every_year_promises_are_kept_or_not(
    direction: str, actual: int, completion: float, status: str
) -> None:
    # baseline 10, target 12: the promise holds in each year, whatever the year of the term
    for year in (2025, 2026):
        b = book(
            target(f"{{baseline: 10, target: 12, direction: {direction}}}", f"{{{year}: {actual}}}")
        )
        [r] = assess(b).targets
        assert (r.completion, r.status) == (completion, status)
        assert r.expected == 12.0  # the target, every year


def test_an_every_year_promise_broken_is_a_check_warning() -> None:
    b = book(
        target(
            "{name: 集中学习次数, unit: 次, baseline: 10, target: 12, direction: at_least}",
            "{2025: 12, 2026: 11}",
        )
    )
    findings = [f for f in apply_rules(b, Config())[0] if f.code == "behind-milestone"]
    assert [f.message for f in findings] == [
        "目标 YW-01“延长开馆时间”2026 年完成 11次，未达到每年“不低于 12次”的承诺，进度滞后："
        "请督促责任人提出整改措施"
    ]


# --- one as-of year for a run, stale figures -------------------------------------------------------


def test_a_run_uses_one_year_and_marks_older_figures() -> None:
    early = book(target("{baseline: 0, target: 8}", "{2025: 2}"), unit="教务处")
    late = book(target("{baseline: 0, target: 8}", "{2025: 2, 2026: 4}"))
    a, b = assess_books([early, late])
    assert (a.as_of, b.as_of) == (2026, 2026)  # the latest year any unit reported
    [ra] = a.targets
    # 教务处 has only 2025's 2: as of 2026 the line asks 4, so it is behind, marked 2025
    assert (ra.actual_year, ra.stale, ra.stale_mark) == (2025, True, "数据截至2025年")
    assert (ra.expected, ra.status) == (4.0, BEHIND)
    assert ra.as_dict()["actual_year"] == 2025
    assert a.stale == 1
    [rb] = b.targets
    assert (rb.actual_year, rb.stale, rb.stale_mark, rb.status) == (2026, False, "", ON_TRACK)
    # --year puts every unit at that year
    a, b = assess_books([early, late], 2025)
    assert (a.as_of, b.as_of) == (2025, 2025)
    assert not a.targets[0].stale


def test_a_run_over_some_units_takes_the_year_of_the_whole_repository() -> None:
    early = book(target("{baseline: 0, target: 8}", "{2025: 2}"), unit="教务处")
    late = book(target("{baseline: 0, target: 8}", "{2026: 4}"))
    [a] = assess_books([early], among=[early, late])
    assert a.as_of == 2026


def test_no_actual_up_to_the_year_is_no_data() -> None:
    b = book(target("{baseline: 0, target: 8}", "{2027: 6}"))
    [r] = assess(b, 2026).targets
    assert (r.status, r.completion, r.actual_year) == (NO_DATA, None, None)


# --- check and assess agree --------------------------------------------------------------------


def test_check_and_assess_say_the_same_targets_are_behind() -> None:
    b = book(
        target("{baseline: 0, target: 8}", "{2026: 3}")  # asks 4: behind
        + target("{baseline: 0, target: 8}", "{2026: 4}", ident="YW-02")  # on track
        + target("{baseline: 10, target: 12, direction: at_most}", "{2026: 13}", ident="YW-03")
        + target("{baseline: 5, target: 1, direction: decrease}", "{2026: 3}", ident="YW-04")
        + target("{baseline: 5, target: 1, direction: decrease}", "{2026: 4}", ident="YW-05")
    )
    # YW-04: (2024, 5) -> (2028, 1) asks 3 in 2026: on track; YW-05: 4 > 3, behind
    behind = {r.target.id for r in assess(b).targets if r.status == BEHIND}
    assert behind == {"YW-01", "YW-03", "YW-05"}
    warned = {f.path for f in apply_rules(b, Config())[0] if f.code == "behind-milestone"}
    assert warned == {"goals.business[0]", "goals.business[2]", "goals.business[4]"}


# --- the direction -------------------------------------------------------------------------------


def test_direction_comparisons() -> None:
    assert Direction.of(None) is Direction.INCREASE
    assert Direction.of("at_most") is Direction.AT_MOST
    assert Direction.INCREASE.at_or_beyond(5, 5) and not Direction.INCREASE.at_or_beyond(4, 5)
    assert Direction.DECREASE.at_or_beyond(4, 5) and not Direction.DECREASE.at_or_beyond(6, 5)
    assert Direction.MAINTAIN.at_or_beyond(5, 5) and not Direction.MAINTAIN.at_or_beyond(6, 5)
    assert [d.label for d in Direction] == ["提高", "降低", "保持", "不低于", "不高于"]
    assert [d.every_year for d in Direction] == [False, False, True, True, True]
    assert Direction.INCREASE.target_fits(1, 2) and not Direction.DECREASE.target_fits(1, 2)
    assert Direction.AT_LEAST.target_fits(9, 2)
    assert Direction.MAINTAIN.goes_back(11, 14, 12) and not Direction.MAINTAIN.goes_back(11, 12, 12)
    assert f"{Direction.AT_LEAST}" == "at_least"
