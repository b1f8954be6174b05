"""ankao.diff: two versions of a book -> classed changes, the comment join, the canonical text."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ankao.diff import (
    ACTED_ON,
    NEUTRAL,
    NOT_ACCEPTED,
    NOT_ACTED_ON,
    STRENGTHENED,
    UNANSWERED,
    WEAKENED,
    BookDiff,
    Change,
    canonical_text,
    comment_status,
    diff_books,
    unrequested,
)
from ankao.load.document import load_text
from ankao.model.book import TaskBook
from ankao.model.build import from_document

BOOK = """\
schema_version: 1
kind: teaching
unit: 文学院
term: {start: 2024, end: 2027}
profile: 现有本科专业4个。
members:
  - {name: 张某, post: 党委书记, duties: 主持党委全面工作, principal: party}
  - {name: 李某, post: 院长, duties: 主持行政工作, principal: admin}
goals:
  overall: 建设特色鲜明的高水平学院。
  party_building:
    - id: DJ-01
      aspect: [政治思想建设, 作风建设]
      content: 理论学习中心组学习
      metric: {name: 学习次数, unit: 次, baseline: 10, target: 12}
  teaching:
    - id: JX-01
      aspect: 课程建设
      content: 建设省级一流本科课程
      metric:
        name: 省级一流本科课程数
        unit: 门
        baseline: 2
        target: 5
        milestones: {2025: 3, 2026: 4}
    - id: JX-02
      aspect: 教学改革
      content: 教学改革项目
      criteria: 2026年12月前获批省级教改项目
      owner: 李某
  research:
    - id: KY-01
      aspect: 科研经费
      content: 科研经费
      metric: {name: 到账经费, unit: 万元, baseline: 120.50, target: 200}
  faculty:
    - id: SZ-01
      aspect: 博士引进
      content: 引进博士
      metric: {name: 引进博士人数, unit: 人, baseline: 0, target: 8}
  students:
    - id: XS-01
      content: 降低学生违纪率
      metric: {name: 违纪人数, unit: 人, baseline: 20, target: 10, direction: decrease}
  cooperation: []
  social_service: []
"""


def book(text: str) -> TaskBook:
    doc = load_text(text)
    assert not doc.findings, doc.findings
    return from_document(doc)


def changed(text: str, old: str, new: str, count: int = 1) -> str:
    assert text.count(old) == count, (old, text.count(old))
    return text.replace(old, new)


def diff_of(after: str, before: str = BOOK) -> BookDiff:
    return diff_books(book(before), book(after))


def only(d: BookDiff) -> Change:
    assert len(d.changes) == 1, d.changes
    return d.changes[0]


# ------------------------------------------------------------------ what is not a change


def test_the_same_book_has_no_change() -> None:
    d = diff_of(BOOK)
    assert d.changes == ()
    assert d.summary()["changes"] == 0


def test_comments_formatting_and_key_order_are_no_change() -> None:
    text = changed(
        BOOK,
        "      metric: {name: 学习次数, unit: 次, baseline: 10, target: 12}",
        "      metric:   # 每年考核\n        target: 12\n        baseline: 10\n"
        "        unit: 次\n        name: 学习次数",
    )
    text = changed(
        text,
        "  overall: 建设特色鲜明的高水平学院。",
        "  overall: >-\n    建设特色鲜明的高水平学院。",
    )
    text = "# 文学院任务书\n" + changed(
        text, "kind: teaching\nunit: 文学院", "unit: 文学院\nkind: teaching"
    )
    assert diff_of(text).changes == ()


def test_a_reordered_list_is_no_change() -> None:
    text = changed(
        BOOK,
        """\
    - id: JX-01
      aspect: 课程建设
      content: 建设省级一流本科课程
      metric:
        name: 省级一流本科课程数
        unit: 门
        baseline: 2
        target: 5
        milestones: {2025: 3, 2026: 4}
    - id: JX-02
      aspect: 教学改革
      content: 教学改革项目
      criteria: 2026年12月前获批省级教改项目
      owner: 李某
""",
        """\
    - id: JX-02
      aspect: 教学改革
      content: 教学改革项目
      criteria: 2026年12月前获批省级教改项目
      owner: 李某
    - id: JX-01
      aspect: 课程建设
      content: 建设省级一流本科课程
      metric:
        name: 省级一流本科课程数
        unit: 门
        baseline: 2
        target: 5
        milestones: {2026: 4, 2025: 3}
""",
    )
    text = changed(text, "[政治思想建设, 作风建设]", "[作风建设, 政治思想建设]")
    text = changed(
        text,
        """\
  - {name: 张某, post: 党委书记, duties: 主持党委全面工作, principal: party}
  - {name: 李某, post: 院长, duties: 主持行政工作, principal: admin}
""",
        """\
  - {name: 李某, post: 院长, duties: 主持行政工作, principal: admin}
  - {name: 张某, post: 党委书记, duties: 主持党委全面工作, principal: party}
""",
    )
    before, after = book(BOOK), book(text)
    assert before.fingerprint != after.fingerprint  # the file did change (SPEC §7) ...
    assert diff_books(before, after).changes == ()  # ... but no value did


def test_numbers_compare_by_value_and_show_as_written() -> None:
    assert diff_of(changed(BOOK, "target: 5\n", "target: 5.0\n")).changes == ()
    c = only(diff_of(changed(BOOK, "baseline: 120.50", "baseline: 130.00")))
    assert (c.field, c.before, c.after) == ("metric.baseline", "120.50", "130.00")


# ------------------------------------------------------------------ target values by direction


@pytest.mark.parametrize(
    ("direction", "old", "new", "expected"),
    [
        ("increase", "12", "15", STRENGTHENED),
        ("increase", "12", "11", WEAKENED),
        ("at_least", "12", "15", STRENGTHENED),
        ("at_least", "12", "11", WEAKENED),
        ("decrease", "12", "8", STRENGTHENED),
        ("decrease", "12", "14", WEAKENED),
        ("at_most", "12", "8", STRENGTHENED),
        ("at_most", "12", "14", WEAKENED),
        ("maintain", "12", "14", NEUTRAL),
    ],
)
def test_a_target_value_is_classed_by_the_direction(
    direction: str, old: str, new: str, expected: str
) -> None:
    line = (
        "metric: {{name: 学习次数, unit: 次, baseline: 10, target: {}, direction: "
        + direction
        + "}}"
    )
    before = changed(
        BOOK, "metric: {name: 学习次数, unit: 次, baseline: 10, target: 12}", line.format(old)
    )
    after = changed(before, line.format(old), line.format(new))
    c = only(diff_of(after, before))
    assert (c.id, c.section, c.field, c.before, c.after, c.cls) == (
        "DJ-01",
        "party_building",
        "metric.target",
        old,
        new,
        expected,
    )


def test_the_default_direction_is_increase() -> None:
    c = only(diff_of(changed(BOOK, "target: 5\n", "target: 4\n")))
    assert (c.field, c.before, c.after, c.cls) == ("metric.target", "5", "4", WEAKENED)
    assert c.note == "目标值由 5门 降低到 4门"


def test_a_decrease_target_lowered_is_stronger() -> None:
    c = only(diff_of(changed(BOOK, "baseline: 20, target: 10", "baseline: 20, target: 6")))
    assert (c.id, c.cls) == ("XS-01", STRENGTHENED)


def test_milestones_lower_or_later_are_weaker_higher_or_earlier_stronger() -> None:
    later = diff_of(changed(BOOK, "{2025: 3, 2026: 4}", "{2025: 2, 2026: 3, 2027: 5}"))
    assert [(c.field, c.before, c.after, c.cls) for c in later.changes] == [
        ("metric.milestones.2025", "3", "2", WEAKENED),
        ("metric.milestones.2026", "4", "3", WEAKENED),
        ("metric.milestones.2027", None, "5", STRENGTHENED),
    ]
    assert "进度推迟" in later.changes[0].note
    earlier = diff_of(changed(BOOK, "{2025: 3, 2026: 4}", "{2025: 4}"))
    assert [(c.field, c.cls) for c in earlier.changes] == [
        ("metric.milestones.2025", STRENGTHENED),
        ("metric.milestones.2026", WEAKENED),
    ]


def test_a_milestone_of_a_decrease_metric_raised_is_weaker() -> None:
    text = changed(
        BOOK,
        "target: 10, direction: decrease}",
        "target: 10, direction: decrease, milestones: {2025: 15}}",
    )
    c = only(diff_of(changed(text, "{2025: 15}", "{2025: 18}"), text))
    assert (c.field, c.cls) == ("metric.milestones.2025", WEAKENED)


def test_a_target_value_left_out_is_weaker_and_given_is_stronger() -> None:
    without = changed(BOOK, "baseline: 0, target: 8}", "baseline: 0}")
    c = only(diff_of(without))
    assert (c.field, c.before, c.after, c.cls) == ("metric.target", "8", None, WEAKENED)
    c = only(diff_of(BOOK, without))
    assert (c.field, c.before, c.after, c.cls) == ("metric.target", None, "8", STRENGTHENED)


# ------------------------------------------------------------------ quantitative <-> qualitative


def test_metric_to_criteria_is_weaker_and_back_is_stronger() -> None:
    qualitative = changed(
        BOOK,
        "      metric: {name: 引进博士人数, unit: 人, baseline: 0, target: 8}",
        "      criteria: 积极引进博士",
    )
    c = only(diff_of(qualitative))
    assert (c.id, c.field, c.cls) == ("SZ-01", "metric", WEAKENED)
    assert c.before == "量化指标：引进博士人数：基数 0人，目标值 8人（提高）"
    assert c.after == "验收标准：积极引进博士"
    back = only(diff_of(BOOK, qualitative))
    assert (back.field, back.cls, back.change) == ("metric", STRENGTHENED, "changed")
    s = diff_of(qualitative).summary()
    assert (s["quantitative_before"], s["targets_before"]) == (5, 6)
    assert (s["quantitative_after"], s["targets_after"]) == (4, 6)
    assert s["quantitative_share_before"] == 5 / 6
    assert s["quantitative_share_after"] == 4 / 6


# ------------------------------------------------------------------ targets added, removed, renamed

JX_02 = """\
    - id: JX-02
      aspect: 教学改革
      content: 教学改革项目
      criteria: 2026年12月前获批省级教改项目
      owner: 李某
"""


def test_a_removed_target_is_weaker() -> None:
    d = diff_of(changed(BOOK, JX_02, ""))
    c = only(d)
    assert (c.id, c.section, c.field, c.change, c.cls) == (
        "JX-02",
        "teaching",
        "target",
        "removed",
        WEAKENED,
    )
    assert c.before == "教学改革项目\n验收标准：2026年12月前获批省级教改项目"
    assert c.after is None
    assert d.removed == ["JX-02"] and d.summary()["removed"] == 1


def test_an_added_qualitative_target_is_neutral_a_quantitative_one_stronger() -> None:
    qualitative = diff_of(BOOK, changed(BOOK, JX_02, ""))
    assert (only(qualitative).change, only(qualitative).cls) == ("added", NEUTRAL)
    quantitative = diff_of(
        changed(
            BOOK,
            "  cooperation: []",
            "  cooperation:\n    - id: HZ-01\n"
            "      aspect: 校企合作\n      content: 共建实践基地\n"
            "      metric: {name: 基地数, unit: 个, baseline: 1, target: 3}",
        )
    )
    c = only(quantitative)
    assert (c.id, c.section, c.change, c.cls) == ("HZ-01", "cooperation", "added", STRENGTHENED)
    assert quantitative.added == ["HZ-01"]


def test_a_renamed_id_is_one_renumbered_change() -> None:
    # issue 23 / SPEC §4: the same content under a new id is `renumbered`, with previous_id
    d = diff_of(changed(BOOK, "id: JX-02", "id: JX-09"))
    assert [(c.id, c.change, c.cls, c.previous_id) for c in d.changes] == [
        ("JX-09", "renumbered", NEUTRAL, "JX-02"),
    ]
    assert d.changes[0].as_dict()["previous_id"] == "JX-02"
    assert (d.added, d.removed) == ([], [])
    # a new number acts on no comment made on the old one
    assert d.touches("JX-09") and not d.touches("JX-02")


# ------------------------------------------------------------------ neutral changes


def test_text_baseline_owner_and_section_changes_are_neutral() -> None:
    text = changed(BOOK, "content: 教学改革项目", "content: 深化教学改革")
    text = changed(text, "owner: 李某", "owner: 张某")
    text = changed(text, "baseline: 10, target: 12", "baseline: 9, target: 12")
    d = diff_of(text)
    assert [(c.id, c.field, c.before, c.after, c.cls) for c in d.changes] == [
        ("DJ-01", "metric.baseline", "10", "9", NEUTRAL),
        ("JX-02", "content", "教学改革项目", "深化教学改革", NEUTRAL),
        ("JX-02", "owner", "李某", "张某", NEUTRAL),
    ]
    assert d.changed == ["DJ-01", "JX-02"]


def test_a_target_moved_to_another_section_is_neutral() -> None:
    moved = changed(
        changed(BOOK, JX_02, ""),
        "  social_service: []",
        "  social_service:\n" + JX_02.replace("aspect: 教学改革", "aspect: 社会培训"),
    )
    d = diff_of(moved)
    assert [(c.id, c.section, c.field, c.cls) for c in d.changes] == [
        ("JX-02", "social_service", "section", NEUTRAL),
        ("JX-02", "social_service", "aspect", NEUTRAL),
    ]
    assert d.changes[0].before == "教学工作目标" and d.changes[0].after == "服务社会工作目标"
    assert d.touches("goals.teaching") and d.touches("goals.social_service")


def test_a_changed_unit_or_direction_makes_the_target_value_neutral() -> None:
    unit = diff_of(
        changed(
            BOOK,
            "unit: 万元, baseline: 120.50, target: 200",
            "unit: 元, baseline: 120.50, target: 2000000",
        )
    )
    assert [(c.field, c.cls) for c in unit.changes] == [
        ("metric.unit", NEUTRAL),
        ("metric.target", NEUTRAL),
    ]
    assert "计量单位已改变" in unit.changes[1].note
    direction = diff_of(
        changed(BOOK, "baseline: 10, target: 12}", "baseline: 10, target: 10, direction: maintain}")
    )
    assert [(c.field, c.cls) for c in direction.changes] == [
        ("metric.direction", NEUTRAL),
        ("metric.target", NEUTRAL),
    ]


def test_book_parts_are_neutral_changes_without_an_id() -> None:
    text = changed(BOOK, "duties: 主持行政工作", "duties: 主持行政工作，分管师德师风")
    text = changed(text, "overall: 建设特色鲜明的高水平学院。", "overall: 建设一流学院。")
    d = diff_of(text)
    assert [(c.id, c.section, c.field, c.cls) for c in d.changes] == [
        (None, "members", "members", NEUTRAL),
        (None, "overall", "overall", NEUTRAL),
    ]
    assert d.changes[0].after == "李某（院长）：主持行政工作，分管师德师风"
    assert d.touches("members") and d.touches("goals.overall") and not d.touches("profile")


# ------------------------------------------------------------------ the comment join


def test_an_accepted_comment_is_acted_on_only_when_its_ref_changed() -> None:
    d = diff_of(changed(BOOK, "target: 5\n", "target: 7\n"))
    assert comment_status(d, "教务处-1", "JX-01", "采纳").status == ACTED_ON
    assert comment_status(d, "教务处-2", "JX-02", "采纳").status == NOT_ACTED_ON
    assert comment_status(d, "教务处-3", "JX-02", "部分采纳").status == NOT_ACTED_ON
    assert comment_status(d, "教务处-4", "goals.teaching", "部分采纳").status == ACTED_ON
    assert comment_status(d, "教务处-5", "goals.research", "采纳").status == NOT_ACTED_ON
    assert comment_status(d, "科技处-1", "KY-01", "不采纳").status == NOT_ACCEPTED
    assert comment_status(d, "科技处-2", "KY-01", None).status == UNANSWERED
    assert comment_status(d, "人事处-1", "general", "采纳").status == ACTED_ON
    assert comment_status(diff_of(BOOK), "人事处-1", "general", "采纳").status == NOT_ACTED_ON


def test_changes_no_comment_asked_for_are_unrequested() -> None:
    text = changed(BOOK, "target: 5\n", "target: 7\n")
    text = changed(text, "target: 8}", "target: 6}")
    text = changed(text, "target: 10, direction", "target: 9, direction")
    text = changed(text, "主持行政工作", "主持行政工作和外事工作")
    d = diff_of(text)
    assert unrequested(d, ["JX-01", "goals.students", "general"]) == ["members", "SZ-01"]
    assert unrequested(d, ["goals", "members"]) == []


# ------------------------------------------------------------------ canonical text (textconv)


def test_canonical_text_is_per_target_and_ignores_order_and_comments() -> None:
    text = canonical_text(book(BOOK))
    block = text.split("[JX-01]\n", 1)[1].split("\n\n", 1)[0]
    assert block.splitlines() == [
        "  方面：课程建设",
        "  目标内容：建设省级一流本科课程",
        "  指标名称：省级一流本科课程数",
        "  计量单位：门",
        "  基数：2",
        "  目标值：5",
        "  方向：increase（提高）",
        "  2025年度进度：3",
        "  2026年度进度：4",
    ]
    assert "  基数：120.50" in text
    assert (
        text.index("[JX-01]")
        < text.index("[JX-02]")
        < text.index("== 学科建设与科研工作目标（research） ==")
    )
    reordered = "# 注释\n" + changed(BOOK, "{2025: 3, 2026: 4}", "{2026: 4, 2025: 3}")
    assert canonical_text(book(reordered)) == text
    assert canonical_text(book(changed(BOOK, "target: 5\n", "target: 6\n"))) != text


# ------------------------------------------------------------------ properties


@given(
    direction=st.sampled_from(["increase", "decrease", "at_least", "at_most", "maintain"]),
    old=st.integers(min_value=0, max_value=500),
    new=st.integers(min_value=0, max_value=500),
)
def test_reversing_a_number_change_reverses_its_class(direction: str, old: int, new: int) -> None:
    line = (
        "metric: {{name: 学习次数, unit: 次, baseline: 10, target: {}, direction: "
        + direction
        + "}}"
    )
    original = "metric: {name: 学习次数, unit: 次, baseline: 10, target: 12}"
    a, b = changed(BOOK, original, line.format(old)), changed(BOOK, original, line.format(new))
    forward, backward = diff_of(b, a).changes, diff_of(a, b).changes
    if old == new:
        assert forward == backward == ()
        return
    opposite = {STRENGTHENED: WEAKENED, WEAKENED: STRENGTHENED, NEUTRAL: NEUTRAL}
    assert len(forward) == len(backward) == 1
    assert opposite[forward[0].cls] == backward[0].cls
    assert (forward[0].cls == NEUTRAL) == (direction == "maintain")


@given(st.permutations(["DJ-01", "JX-01", "JX-02", "KY-01", "SZ-01", "XS-01"]))
def test_the_order_of_targets_in_a_section_never_matters(order: list[str]) -> None:
    from dataclasses import replace

    before = book(BOOK)
    rank = {ident: i for i, ident in enumerate(order)}
    sections = tuple(
        replace(s, targets=tuple(sorted(s.targets, key=lambda t: rank[t.id])))
        for s in before.sections
    )
    after = replace(before, sections=sections)
    assert diff_books(before, after).changes == ()
    assert canonical_text(after) == canonical_text(before)
