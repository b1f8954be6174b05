"""The rules of `ankao check` (ankao.rules): a passing and a failing case for each, and the edges."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ankao.findings import Finding, Severity
from ankao.load.config import Config, from_data
from ankao.load.document import load_text
from ankao.model.build import from_document
from ankao.repository.checking import Settings, check_document
from ankao.rules import BY_CODE, RULES, apply_rules
from ankao.rules.base import percent
from ankao.rules.stats import book_stats
from ankao.rules.wording import VAGUE_WORDS, characters, checkable

# A teaching book every rule accepts: all listed aspects covered, 20 of 26 targets
# quantitative, a member (李某) holding two posts. One target per line, so that
# tests can point at lines and columns by searching the text.
TEACHING = """\
schema_version: 1
kind: teaching
unit: 测试学院
term: {start: 2024, end: 2027}
profile: 现有本科专业4个，专任教师86人，其中博士41人。
members:
  - {name: 张某, post: 党委书记, duties: 主持党委全面工作, principal: party}
  - {name: 李某, post: 院长, duties: 主持行政全面工作, principal: admin}
  - {name: 李某, post: 党委副书记, duties: 分管学生工作}
  - {name: 欧阳明, post: 副院长, duties: 分管教学}
goals:
  overall: 建设特色鲜明的高水平学院。
  party_building:
    - {id: DJ-01, aspect: 政治思想建设, content: 中心组学习, metric: {name: 学习次数, unit: 次, baseline: 10, target: 12}, owner: 张某}
    - {id: DJ-02, aspect: 党风廉政建设, content: 不发生违纪案件, metric: {name: 违纪案件, unit: 件, baseline: 0, target: 0, direction: maintain}}
    - {id: DJ-03, aspect: 作风建设, content: 作风建设专项行动, criteria: 班子成员每学期听课不少于8学时}
    - {id: DJ-04, aspect: 党支部建设, content: 创建样板支部, metric: {name: 样板支部, unit: 个, baseline: 0, target: 1}}
    - {id: DJ-05, aspect: 党员教育发展, content: 发展青年教师党员, metric: {name: 发展党员, unit: 人, baseline: 0, target: 3}}
    - {id: DJ-06, aspect: 党员作用发挥, content: 党员先锋岗, metric: {name: 先锋岗, unit: 个, baseline: 2, target: 5}}
    - {id: DJ-07, aspect: 典型选树, content: 选树先进典型, criteria: 2027年6月前编印《先进典型事迹汇编》}
  teaching:
    - {id: JX-01, aspect: 专业建设, content: 专业认证, criteria: 2026年12月前通过第二级认证}
    - {id: JX-02, aspect: 课程建设, content: 一流课程, metric: {name: 一流课程, unit: 门, baseline: 2, target: 5}, owner: 欧阳明}
    - {id: JX-03, aspect: 实验室建设, content: 实训中心, metric: {name: 实训室, unit: 间, baseline: 3, target: 6}}
    - {id: JX-04, aspect: 教学改革, content: 教改项目, metric: {name: 教改项目, unit: 项, baseline: 0, target: 4}}
  research:
    - {id: KY-01, aspect: 学科方向, content: 凝练学科方向, criteria: 形成三个稳定的学科方向}
    - {id: KY-02, aspect: 学科基地, content: 省级基地, metric: {name: 省级基地, unit: 个, baseline: 0, target: 1}}
    - {id: KY-03, aspect: 学科成果, content: 学科成果奖, metric: {name: 成果奖, unit: 项, baseline: 1, target: 2}}
    - {id: KY-04, aspect: 学科队伍, content: 学科带头人, metric: {name: 带头人, unit: 人, baseline: 2, target: 4}}
    - {id: KY-05, aspect: 科研团队, content: 科研团队, criteria: 组建省级科研团队1个}
    - {id: KY-06, aspect: 科研项目, content: 国家级项目, metric: {name: 国家级项目, unit: 项, baseline: 1, target: 3}}
    - {id: KY-07, aspect: 科研经费, content: 科研经费, metric: {name: 年度科研经费, unit: 万元, baseline: 80, target: 150}}
    - {id: KY-08, aspect: 科研成果, content: 高水平论文, metric: {name: 论文, unit: 篇, baseline: 10, target: 20}}
    - {id: KY-09, aspect: 学术交流, content: 学术会议, metric: {name: 学术会议, unit: 次, baseline: 0, target: 2}}
  faculty:
    - {id: SZ-01, aspect: 博士引进, content: 引进博士, metric: {name: 引进博士人数, unit: 人, baseline: 0, target: 8}, owner: 李某}
    - {id: SZ-02, aspect: 博士培养, content: 培养博士, metric: {name: 取得博士学位人数, unit: 人, baseline: 0, target: 4}}
  students:
    - {id: XS-01, content: 毕业去向落实率, metric: {name: 落实率, unit: "%", baseline: 88.5, target: 92}}
  cooperation:
    - {id: HZ-01, aspect: 校企合作, content: 实践基地, metric: {name: 实践基地, unit: 个, baseline: 3, target: 6}}
    - {id: HZ-02, aspect: 国际合作交流, content: 学生出国交流, criteria: 每年选派学生不少于5人}
  social_service:
    - {id: FW-01, content: 教师培训, metric: {name: 培训人次, unit: 人次, baseline: 300, target: 600}}
  other: []
"""

OFFICE = """\
schema_version: 1
kind: office
unit: 测试处
term: {start: 2024, end: 2027}
members:
  - {name: 李某, post: 处长, duties: 主持全面工作, principal: both}
goals:
  overall: 建设服务型机关。
  party_building:
    - {id: DJ-01, aspect: 政治思想建设, content: 理论学习, metric: {name: 学习次数, unit: 次, baseline: 10, target: 12}}
    - {id: DJ-02, aspect: 党风廉政建设, content: 廉政教育, metric: {name: 廉政教育, unit: 次, baseline: 2, target: 4}}
    - {id: DJ-03, aspect: 作风建设, content: 作风建设, metric: {name: 满意度, unit: "%", baseline: 90, target: 95}}
    - {id: DJ-04, aspect: 党支部规范化建设, content: 支部标准化, criteria: 2025年底前通过标准化验收}
    - {id: DJ-05, aspect: 党员队伍建设, content: 党员培训, metric: {name: 培训学时, unit: 学时, baseline: 20, target: 32}}
    - {id: DJ-06, aspect: 党员作用发挥, content: 党员示范岗, metric: {name: 示范岗, unit: 个, baseline: 1, target: 3}}
    - {id: DJ-07, aspect: 典型选树, content: 选树典型, criteria: 任期内获评校级以上先进集体1次}
  business:
    - {id: YW-01, content: 办事时限, metric: {name: 平均办结天数, unit: 天, baseline: 5, target: 3, direction: decrease}}
  institutions:
    - {id: ZD-01, content: 修订制度, metric: {name: 修订制度, unit: 项, baseline: 0, target: 6}}
  service_commitment:
    - {id: CN-01, content: 服务教学, criteria: 每学期开学前完成走访全部教学单位}
  other: []
"""


def run(text: str, config: Config | None = None) -> list[Finding]:
    """The rule findings of a book given as text (which must be schema-valid)."""
    doc = load_text(text, "book.yaml")
    assert doc.loaded and not doc.findings
    result = check_document(doc, "taskbook", Settings(config=config or Config(), rules=True))
    assert not [f for f in result.findings if f.code == "schema"], result.findings
    return result.findings


def only(findings: list[Finding], code: str) -> list[Finding]:
    return [f for f in findings if f.code == code]


def line_of(text: str, needle: str) -> int:
    """1-based line of the one line that contains `needle`."""
    hits = [i for i, line in enumerate(text.splitlines(), start=1) if needle in line]
    assert len(hits) == 1, (needle, hits)
    return hits[0]


def column_of(text: str, needle: str, offset: int = 0, *, on: str | None = None) -> int:
    """1-based column where `needle` starts on its line, or on the line holding `on` (plus `offset`)."""
    line = text.splitlines()[line_of(text, on or needle) - 1]
    return line.index(needle) + offset + 1


def replace(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


def config(**rules: Any) -> Config:
    return from_data(Path("."), {"rules": {k.replace("_", "-"): v for k, v in rules.items()}})


# --- the base books are clean ------------------------------------------------------------


def test_base_books_pass_every_rule() -> None:
    assert run(TEACHING) == []
    assert run(OFFICE) == []


# --- registry --------------------------------------------------------------------------


def test_every_rule_has_a_unique_code_a_severity_and_cites_the_seed() -> None:
    codes = [r.code for r in RULES]
    assert len(codes) == len(set(codes))
    for r in RULES:
        assert r.doc, r.code
        assert any(mark in r.doc for mark in ("附件", "四(", "五(", "六(", "SPEC")), r.code
    assert {r.code for r in RULES if r.severity is Severity.WARNING} == {
        "vague-wording",
        "behind-milestone",
        "cjk-line-join",
    }


def test_registry_holds_every_rule_code_of_spec_and_section_empty() -> None:
    assert set(BY_CODE) == {
        "quantitative-share",
        "metric-incomplete",
        "metric-direction",
        "milestones",
        "criteria-missing",
        "vague-wording",
        "aspect-coverage",
        "phd-targets",
        "profile-length",
        "owner-not-member",
        "duplicate-id",
        "term-mismatch",
        "section-empty",
        "behind-milestone",
        "placeholder",
        "cjk-line-join",
        "actuals-year",
        "principals-missing",  # SPEC §3 (issue 23): 四(三)1 党政主要负责人共同签字
    }


# --- quantitative-share -------------------------------------------------------------------

QUALITATIVE = (
    "    - {{id: QT-{n:02d}, content: 健全学习制度{n}, criteria: 2025年出台《学习制度》}}\n"
)


def with_qualitative(text: str, count: int) -> str:
    """The book with `count` more qualitative targets in `other`."""
    block = "".join(QUALITATIVE.format(n=n) for n in range(1, count + 1))
    return replace(text, "  other: []\n", "  other:\n" + block)


def test_quantitative_share_passes_above_half() -> None:
    # 20 of 26 + 13 qualitative = 20/39 = 51.3%
    assert only(run(with_qualitative(TEACHING, 13)), "quantitative-share") == []


def test_quantitative_share_exactly_half_is_not_more_than_half() -> None:
    text = with_qualitative(TEACHING, 14)  # 20/40
    [f] = only(run(text), "quantitative-share")
    assert (f.line, f.column, f.path, f.severity) == (
        line_of(text, "goals:"),
        1,
        "goals",
        Severity.ERROR,
    )
    assert f.message == (
        "定量目标占比 50%（20/40 项），未达到“定量为主”（需超过 50%，至少还差 1 项）："
        "可将“作风建设专项行动”“选树先进典型”等定性目标改写为可计量指标（metric）"
    )


def test_quantitative_share_counts_a_percentage_with_one_decimal() -> None:
    text = with_qualitative(TEACHING, 4)  # 20/30 = 66.7%
    [f] = only(run(text, config(quantitative_share={"min_share": 0.7})), "quantitative-share")
    assert f.message.startswith(
        "定量目标占比 66.7%（20/30 项），未达到“定量为主”（需超过 70%，至少还差 2 项）"
    )


def test_quantitative_share_threshold_is_configurable() -> None:
    text = with_qualitative(TEACHING, 14)
    assert (
        only(run(text, config(quantitative_share={"min_share": 0.4})), "quantitative-share") == []
    )


@pytest.mark.parametrize(
    ("share", "shown"),
    [(0.45, "45%"), (2 / 3, "66.7%"), (0.5, "50%"), (1.0, "100%"), (0.0, "0%"), (27 / 38, "71.1%")],
)
def test_percent(share: float, shown: str) -> None:
    assert percent(share) == shown


# --- stats ----------------------------------------------------------------------------------


def test_stats_per_section_and_book() -> None:
    doc = load_text(TEACHING, "book.yaml")
    _, stats = apply_rules(from_document(doc), Config())
    assert (stats["targets"], stats["quantitative"], stats["share"]) == (26, 20, round(20 / 26, 4))
    assert list(stats["sections"]) == [
        "party_building",
        "teaching",
        "research",
        "faculty",
        "students",
        "cooperation",
        "social_service",
        "other",
    ]
    assert stats["sections"]["party_building"] == {
        "title": "党建工作目标",
        "targets": 7,
        "quantitative": 5,
        "share": round(5 / 7, 4),
    }
    assert stats["sections"]["other"] == {
        "title": "其他目标",
        "targets": 0,
        "quantitative": 0,
        "share": None,
    }


def test_stats_of_a_section_with_only_qualitative_targets() -> None:
    text = with_qualitative(TEACHING, 3)
    stats = book_stats(from_document(load_text(text)))
    assert stats["sections"]["other"] == {
        "title": "其他目标",
        "targets": 3,
        "quantitative": 0,
        "share": 0.0,
    }
    assert (stats["targets"], stats["quantitative"]) == (29, 20)
    # a section of qualitative targets only is no finding: the share is the book's
    assert only(run(text), "quantitative-share") == []


# --- metric-incomplete --------------------------------------------------------------------


def test_metric_incomplete_names_the_missing_fields() -> None:
    text = replace(
        TEACHING, "{name: 实训室, unit: 间, baseline: 3, target: 6}", "{name: 实训室, baseline: 3}"
    )
    [f] = only(run(text), "metric-incomplete")
    assert (f.line, f.column) == (line_of(text, "JX-03"), column_of(text, "{name: 实训室"))
    assert f.path == "goals.teaching[2].metric"
    assert (
        f.message
        == "目标“实训中心”的量化指标缺少计量单位、目标值：请补齐，届满考核要按基数和目标值计算完成程度"
    )


def test_metric_incomplete_accepts_a_metric_without_milestones_or_direction() -> None:
    assert only(run(TEACHING), "metric-incomplete") == []


def test_metric_incomplete_with_milestones_only() -> None:
    text = replace(
        TEACHING, "{name: 实训室, unit: 间, baseline: 3, target: 6}", "{milestones: {2025: 4}}"
    )
    [f] = only(run(text), "metric-incomplete")
    assert "缺少指标名称、计量单位、基数、目标值" in f.message
    assert only(run(text), "metric-direction") == []  # nothing to compare


# --- metric-direction ---------------------------------------------------------------------

KY07 = "{name: 年度科研经费, unit: 万元, baseline: 80, target: 150}"


def with_metric(baseline: float, target: float, direction: str | None = None) -> str:
    extra = f", direction: {direction}" if direction else ""
    return replace(
        TEACHING,
        KY07,
        f"{{name: 年度科研经费, unit: 万元, baseline: {baseline}, target: {target}{extra}}}",
    )


@pytest.mark.parametrize(
    ("baseline", "target", "direction"),
    [
        (0, 3, None),  # baseline 0
        (0, 3, "increase"),
        (1, 0, "decrease"),  # 0 incidents from 1: a fine decrease
        (5, 5, "maintain"),  # maintain allows equal
        (0, 0, "maintain"),
        (92.5, 95, None),  # percentages with decimals
        (90, 85, "at_least"),  # at_least and at_most accept any baseline
        (3, 8, "at_most"),
    ],
)
def test_metric_direction_passes(baseline: float, target: float, direction: str | None) -> None:
    assert only(run(with_metric(baseline, target, direction)), "metric-direction") == []


@pytest.mark.parametrize(
    ("baseline", "target", "direction", "message"),
    [
        (
            0,
            0,
            None,
            "方向为“提高”（increase），目标值 0 应大于基数 0：请改正目标值或基数；"
            "若本意是降低或保持，请把方向（direction）改为 decrease 或 maintain",
        ),
        (95, 92.5, "increase", "方向为“提高”（increase），目标值 92.5 应大于基数 95："),
        (0, 0, "decrease", "方向为“降低”（decrease），目标值 0 应小于基数 0："),
        (1, 2, "decrease", "方向为“降低”（decrease），目标值 2 应小于基数 1："),
        (5, 6, "maintain", "方向为“保持”（maintain），目标值 6 应等于基数 5："),
    ],
)
def test_metric_direction_fails(
    baseline: float, target: float, direction: str | None, message: str
) -> None:
    text = with_metric(baseline, target, direction)
    [f] = only(run(text), "metric-direction")
    assert (f.line, f.column) == (
        line_of(text, "KY-07"),
        column_of(text, f"target: {target}", len("target: "), on="KY-07"),
    )
    assert f.path == "goals.research[6].metric.target"
    assert f.message.startswith(message)


# --- milestones -----------------------------------------------------------------------------


def with_milestones(
    steps: str, baseline: float = 80, target: float = 150, direction: str = "increase"
) -> str:
    return replace(
        TEACHING,
        KY07,
        f"{{name: 年度科研经费, unit: 万元, baseline: {baseline}, target: {target}, "
        f"direction: {direction}, milestones: {{{steps}}}}}",
    )


@pytest.mark.parametrize(
    ("steps", "baseline", "target", "direction"),
    [
        ("2025: 100", 80, 150, "increase"),  # only some years
        ("2024: 80, 2025: 100, 2026: 100, 2027: 150", 80, 150, "increase"),  # staying level is fine
        ("2026: 120, 2024: 90", 80, 150, "increase"),  # order of keys does not matter
        ("2025: 1, 2027: 0", 2, 0, "decrease"),
        ("2024: 0, 2027: 0", 0, 0, "maintain"),
        ("2025: 91, 2026: 92", 88.5, 92, "increase"),  # percentages
        ("2025: 96, 2027: 95", 97, 95, "at_most"),
    ],
)
def test_milestones_pass(steps: str, baseline: float, target: float, direction: str) -> None:
    assert only(run(with_milestones(steps, baseline, target, direction)), "milestones") == []


def test_milestones_year_outside_the_term() -> None:
    text = with_milestones("2025: 100, 2028: 160")
    [f] = only(run(text), "milestones")
    assert (f.line, f.column) == (line_of(text, "KY-07"), column_of(text, "2028"))
    assert f.path == "goals.research[6].metric.milestones.2028"
    assert f.message == "年度进度的年份 2028 不在任期（2024—2027 年）内：请改正年份或删除这一项"


def test_milestones_going_back_from_the_year_before() -> None:
    text = with_milestones("2024: 100, 2025: 90")
    [f] = only(run(text), "milestones")
    assert (f.line, f.column, f.path) == (
        line_of(text, "KY-07"),
        column_of(text, "90}"),
        "goals.research[6].metric.milestones.2025",
    )
    assert f.message == (
        "2025 年的年度进度 90 比 2024 年的 100 倒退了（方向为“提高”，目标值 150）："
        "各年度进度应逐年接近目标值，持平可以"
    )


def test_milestones_going_back_from_the_baseline() -> None:
    [f] = only(run(with_milestones("2024: 70", 80, 150)), "milestones")
    assert f.message.startswith("2024 年的年度进度 70 比基数 80 倒退了")


def test_milestones_decrease_going_up() -> None:
    [f] = only(run(with_milestones("2025: 3, 2026: 4", 5, 2, "decrease")), "milestones")
    assert f.message.startswith("2026 年的年度进度 4 比 2025 年的 3 倒退了（方向为“降低”")


def test_milestones_maintain_moving_away() -> None:
    [f] = only(run(with_milestones("2025: 6", 5, 5, "maintain")), "milestones")
    assert f.path.endswith("milestones.2025")


def test_milestones_last_year_differs_from_the_target() -> None:
    text = with_milestones("2026: 120, 2027: 140")
    [f] = only(run(text), "milestones")
    assert (f.line, f.column) == (line_of(text, "KY-07"), column_of(text, "140"))
    assert (
        f.message
        == "任期最后一年（2027 年）的年度进度 140 与目标值 150 不一致：请让两者相等，或不写最后一年的进度"
    )


def test_milestones_last_year_above_the_target_differs_too() -> None:
    # beyond the target is not "closer" to it: the last year must equal it (a `<` would pass this)
    [f] = only(run(with_milestones("2026: 120, 2027: 160")), "milestones")
    assert f.message.startswith("任期最后一年（2027 年）的年度进度 160 与目标值 150 不一致")


def test_milestones_in_block_style_point_at_the_value_line() -> None:
    block = (
        "    - id: QT-01\n      content: 年度经费\n      metric:\n        name: 经费\n        unit: 万元\n"
        "        baseline: 10\n        target: 20\n        milestones:\n          2025: 15\n          2026: 12\n"
    )
    text = replace(TEACHING, "  other: []\n", "  other:\n" + block)
    [f] = only(run(text), "milestones")
    assert (f.line, f.column) == (line_of(text, "2026: 12"), 17)


# --- criteria-missing ----------------------------------------------------------------------


def test_criteria_missing() -> None:
    text = replace(TEACHING, ", criteria: 2026年12月前通过第二级认证", "")
    [f] = only(run(text), "criteria-missing")
    assert (f.line, f.column, f.path) == (
        line_of(text, "JX-01"),
        column_of(text, "{id: JX-01"),
        "goals.teaching[0]",
    )
    assert f.message == (
        "定性目标“专业认证”没有验收标准（criteria）：请写明完成的标志、时间或成果，"
        "或者加上量化指标（metric）改为定量目标"
    )


def test_criteria_missing_not_for_quantitative_targets() -> None:
    assert only(run(TEACHING), "criteria-missing") == []


# --- vague-wording --------------------------------------------------------------------------


def with_criteria(criteria: str) -> str:
    return replace(TEACHING, "criteria: 2026年12月前通过第二级认证", f"criteria: {criteria}")


def test_vague_wording_warns_on_empty_words() -> None:
    text = with_criteria("进一步加强专业内涵建设，不断提高人才培养质量")
    [f] = only(run(text), "vague-wording")
    assert (f.line, f.column, f.severity) == (
        line_of(text, "JX-01"),
        column_of(text, "进一步"),
        Severity.WARNING,
    )
    assert f.path == "goals.teaching[0].criteria"
    assert f.message.startswith(
        "验收标准“进一步加强专业内涵建设，不断提高人才培养……”用了“进一步”“不断”等说法，"
        "却没有可检验的数字、日期、文件或数量："
    )


@pytest.mark.parametrize(
    "criteria",
    [
        "进一步加强专业建设，2026年通过认证",  # a year
        "进一步完善制度，出台《专业建设管理办法》",  # a document
        "不断加强学风建设，每学期开展两次专题教育",  # a Chinese number with a measure word
        "积极申报，获批省级项目３项",  # full-width digits
        "按期通过第二级认证",  # no vague word at all
    ],
)
def test_vague_wording_accepts_something_checkable(criteria: str) -> None:
    assert only(run(with_criteria(criteria)), "vague-wording") == []


def test_vague_wording_reads_the_content_without_criteria() -> None:
    text = replace(
        TEACHING,
        "content: 专业认证, criteria: 2026年12月前通过第二级认证",
        "content: 努力提高专业建设水平",
    )
    [f] = only(run(text), "vague-wording")
    assert f.path == "goals.teaching[0].content"
    assert f.message.startswith("目标内容（没有验收标准）“努力提高专业建设水平”用了“努力”等说法")
    assert len(only(run(text), "criteria-missing")) == 1


def test_vague_wording_not_for_quantitative_targets() -> None:
    text = replace(TEACHING, "content: 一流课程", "content: 进一步建设一流课程")
    assert only(run(text), "vague-wording") == []


def test_vague_wording_word_list_is_configurable() -> None:
    text = with_criteria("加强专业内涵建设")
    assert only(run(text), "vague-wording") == []
    [f] = only(run(text, config(vague_wording={"words": ["加强"]})), "vague-wording")
    assert "“加强”" in f.message
    assert (
        only(run(with_criteria("进一步加强"), config(vague_wording={"words": []})), "vague-wording")
        == []
    )


def test_checkable() -> None:
    assert checkable("二〇二六年底前完成")
    assert not checkable("形成一批有影响的成果")
    assert not checkable("十分重视，进一步加强")
    assert VAGUE_WORDS[0] == "进一步"


# --- aspect-coverage ------------------------------------------------------------------------


def test_aspect_coverage_teaching_party_building() -> None:
    text = replace(TEACHING, "aspect: 典型选树", "aspect: 其他")
    text = replace(text, "aspect: 党员作用发挥", "aspect: 其他")
    [f] = only(run(text), "aspect-coverage")
    assert (f.line, f.column, f.path) == (
        line_of(text, "party_building:"),
        3,
        "goals.party_building",
    )
    assert f.message == (
        "“党建工作目标”缺少以下方面的目标：党员作用发挥、典型选树（附件(二)3.2列出的方面）："
        "请为每个方面至少制定一个目标（方面 aspect 写成上面的名称）"
    )


@pytest.mark.parametrize(
    ("aspect", "section", "clause"),
    [
        ("实验室建设", "教学工作目标", "附件(二)3.3"),
        ("学术交流", "学科建设与科研工作目标", "附件(二)3.4"),
    ],
)
def test_aspect_coverage_teaching_and_research(aspect: str, section: str, clause: str) -> None:
    [f] = only(run(replace(TEACHING, f"aspect: {aspect}", "aspect: 其他")), "aspect-coverage")
    assert f.message.startswith(f"“{section}”缺少以下方面的目标：{aspect}（{clause}列出的方面）")


def test_aspect_coverage_office_party_building() -> None:
    text = replace(OFFICE, "aspect: 党员队伍建设", "aspect: 其他")
    [f] = only(run(text), "aspect-coverage")
    assert f.message.startswith(
        "“党建工作目标”缺少以下方面的目标：党员队伍建设（附件(一)2.2列出的方面）"
    )


def test_aspect_coverage_not_for_cooperation() -> None:
    text = replace(TEACHING, "aspect: 国际合作交流", "aspect: 其他")
    assert only(run(text), "aspect-coverage") == []


# --- phd-targets ------------------------------------------------------------------------------


def test_phd_targets_qualitative_one_is_not_enough() -> None:
    text = replace(
        TEACHING,
        "metric: {name: 取得博士学位人数, unit: 人, baseline: 0, target: 4}",
        "criteria: 每年支持2人攻读博士学位",
    )
    [f] = only(run(text), "phd-targets")
    assert (f.line, f.column, f.path) == (
        line_of(text, "SZ-02"),
        column_of(text, "{id: SZ-02"),
        "goals.faculty[1]",
    )
    assert f.message.startswith("方面为“博士培养”的目标没有量化指标（附件(二)3.5")


def test_phd_targets_missing_aspect() -> None:
    text = replace(TEACHING, "aspect: 博士引进", "aspect: 人才引进")
    [f] = only(run(text), "phd-targets")
    assert (f.line, f.path) == (line_of(text, "faculty:"), "goals.faculty")
    assert f.message.startswith("“师资队伍建设工作目标”没有“博士引进”的定量目标（附件(二)3.5")


def test_phd_targets_not_for_office_books() -> None:
    assert only(run(OFFICE), "phd-targets") == []


# --- profile-length ---------------------------------------------------------------------------


def with_profile(profile: str) -> str:
    return replace(
        TEACHING, "profile: 现有本科专业4个，专任教师86人，其中博士41人。", f"profile: '{profile}'"
    )


def test_profile_length_counts_every_non_whitespace_character() -> None:
    text = with_profile(
        "院" * 50 + " \u3000 " + "A1，" * 16 + "。。"
    )  # 50 + 48 + 2 = 100, spaces free
    assert characters("院" * 50 + " \u3000 " + "A1，" * 16 + "。。") == 100
    assert only(run(text), "profile-length") == []


def test_profile_length_over_the_limit() -> None:
    text = with_profile("院" * 101)
    [f] = only(run(text), "profile-length")
    assert (f.line, f.column, f.path) == (5, 10, "profile")
    assert f.message == (
        "本单位自然情况有 101 字，超过 100 字（附件(二)1：100字之内）："
        "请删减 1 字，只写专业、学科、师资队伍等基本情况"
    )


def test_profile_length_limit_is_configurable() -> None:
    text = with_profile("院" * 101)
    assert only(run(text, config(profile_length={"max_chars": 120})), "profile-length") == []
    [f] = only(
        run(with_profile("院" * 30), config(profile_length={"max_chars": 20})), "profile-length"
    )
    assert "有 30 字，超过 20 字" in f.message


# --- owner-not-member -------------------------------------------------------------------------


def test_owner_not_member() -> None:
    text = replace(TEACHING, "owner: 张某}", "owner: 王某}")
    [f] = only(run(text), "owner-not-member")
    assert (f.line, f.column, f.path) == (
        line_of(text, "DJ-01"),
        column_of(text, "王某"),
        "goals.party_building[0].owner",
    )
    assert f.message == (
        "责任人“王某”不是本届领导班子成员（成员：张某、李某、欧阳明）：请填写班子成员的姓名，"
        "或先把此人加入领导班子成员及分工"
    )


def test_owner_member_with_two_posts_and_spaced_names() -> None:
    # 李某 is listed twice (院长 and 党委副书记): fine; 欧 阳明 is 欧阳明 typed with a space
    text = replace(TEACHING, "owner: 欧阳明}", "owner: 欧 阳明}")
    assert only(run(text), "owner-not-member") == []


# --- duplicate-id ------------------------------------------------------------------------------


def test_duplicate_id_at_the_later_occurrence() -> None:
    text = replace(TEACHING, "{id: KY-05,", "{id: JX-02,")
    [f] = only(run(text), "duplicate-id")
    assert (f.line, f.column, f.path) == (
        line_of(text, "content: 科研团队"),
        column_of(text, "JX-02, aspect: 科研团队"),
        "goals.research[4].id",
    )
    assert f.message.startswith(f"编号“JX-02”与第 {line_of(text, '一流课程')} 行的目标重复")


def test_duplicate_id_later_by_file_position_when_sections_are_out_of_order() -> None:
    import yaml

    data = yaml.safe_load(TEACHING)
    goals = data["goals"]
    goals["research"][0]["id"] = goals["teaching"][0]["id"]
    order = ["overall", "research", *[k for k in goals if k not in ("overall", "research")]]
    data["goals"] = {k: goals[k] for k in order}  # research written before teaching
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    ident = goals["teaching"][0]["id"]
    [f] = only(run(text), "duplicate-id")
    lines = [n for n, line in enumerate(text.splitlines(), start=1) if f"id: {ident}" in line]
    assert len(lines) == 2
    assert f.path == "goals.teaching[0].id" and f.line == lines[1]
    assert f.message.startswith(f"编号“{ident}”与第 {lines[0]} 行的目标重复")


# --- term-mismatch -----------------------------------------------------------------------------


def test_term_mismatch_only_where_the_config_sets_a_term() -> None:
    assert only(run(TEACHING), "term-mismatch") == []
    same = from_data(Path("."), {"term": {"start": 2024, "end": 2027}})
    assert only(run(TEACHING, same), "term-mismatch") == []
    other = from_data(Path("."), {"term": {"start": 2025, "end": 2028}})
    [f] = only(run(TEACHING, other), "term-mismatch")
    assert (f.line, f.column, f.path) == (4, 7, "term")
    assert (
        f.message
        == "任期 2024—2027 年与 ankao.yaml 规定的任期 2025—2028 年不一致：请改为 start: 2025, end: 2028"
    )


# --- section-empty ------------------------------------------------------------------------------


def test_section_empty_but_not_other() -> None:
    text = replace(
        TEACHING,
        "  students:\n    - {id: XS-01, content: 毕业去向落实率, "
        'metric: {name: 落实率, unit: "%", baseline: 88.5, target: 92}}\n',
        "  students: []\n",
    )
    [f] = only(run(text), "section-empty")
    assert (f.line, f.column, f.path) == (line_of(text, "students: []"), 13, "goals.students")
    assert (
        f.message
        == "“学生工作目标”还没有任何目标（附件(二)3.6）：请至少制定一个目标，只有“其他目标”可以空着"
    )


def test_section_empty_office() -> None:
    text = replace(
        OFFICE,
        "  institutions:\n    - {id: ZD-01, content: 修订制度, "
        "metric: {name: 修订制度, unit: 项, baseline: 0, target: 6}}\n",
        "  institutions: []\n",
    )
    [f] = only(run(text), "section-empty")
    assert f.message.startswith("“管理制度建设目标”还没有任何目标（附件(一)2.4）")


# --- severity and thresholds from ankao.yaml ------------------------------------------------------


def test_a_rule_turned_off() -> None:
    text = replace(TEACHING, "owner: 张某}", "owner: 王某}")
    assert only(run(text, config(owner_not_member="off")), "owner-not-member") == []
    assert only(run(text, config(owner_not_member={"severity": "off"})), "owner-not-member") == []


def test_a_rule_made_a_warning_and_a_warning_made_an_error() -> None:
    text = replace(TEACHING, "owner: 张某}", "owner: 王某}")
    [f] = only(run(text, config(owner_not_member="warning")), "owner-not-member")
    assert f.severity is Severity.WARNING
    [g] = only(
        run(with_criteria("进一步加强"), config(vague_wording={"severity": "error"})),
        "vague-wording",
    )
    assert g.severity is Severity.ERROR


@pytest.mark.parametrize(
    "bad", [{"min_share": "一半"}, {"min_share": True}, {"min_share": 1.5}, {"min_share": 0}]
)
def test_a_malformed_threshold_falls_back_to_the_default(bad: dict[str, Any]) -> None:
    text = with_qualitative(TEACHING, 14)  # 50%: fails the default threshold
    [f] = only(run(text, config(quantitative_share=bad)), "quantitative-share")
    assert "需超过 50%" in f.message


def test_rules_are_not_applied_to_a_book_with_schema_errors() -> None:
    text = replace(TEACHING, "owner: 张某}", "owner: 王某, colour: red}")
    doc = load_text(text, "book.yaml")
    result = check_document(doc, "taskbook", Settings(rules=True))
    assert {f.code for f in result.findings} == {"schema"}
    assert result.stats is None


# --- the defaults written out by `ankao init` are the rules' defaults ----------------------------


def test_init_template_and_config_schema_match_the_registry() -> None:
    import json

    import yaml

    root = Path(__file__).resolve().parents[2]
    text = (root / "templates" / "init" / "ankao.yaml.j2").read_text(encoding="utf-8")
    rules = yaml.safe_load(text.replace("{{ school }}", "某学院"))["rules"]
    for r in RULES:
        setting = rules[r.code]
        severity = setting["severity"] if isinstance(setting, dict) else setting
        assert severity == r.severity.value, r.code
        for key, default in r.options.items():
            assert setting[key] == default, (r.code, key)
    schema = json.loads((root / "schemas" / "config.schema.json").read_text(encoding="utf-8"))
    assert set(BY_CODE) <= set(schema["properties"]["rules"]["propertyNames"]["enum"])
    for r in RULES:
        for key in r.options:
            assert (
                key in schema["properties"]["rules"]["properties"][r.code]["then"]["properties"]
            ), (r.code, key)


def test_quantitative_share_how_many_more_is_exact_where_floats_round() -> None:
    # 0.29 * 100 is 28.999999999999996 in floating point: 29/100 is still not more than 29%
    text = with_qualitative(TEACHING, 74)  # 20/100
    [f] = only(run(text, config(quantitative_share={"min_share": 0.29})), "quantitative-share")
    assert (
        "（20/100 项）" in f.message and "至少还差 10 项" in f.message
    )  # 30/100 > 29%, 29/100 is not


def test_the_plan_of_rules_follows_each_config_it_is_given() -> None:
    """Severities and thresholds are worked out once per config, never kept for another."""
    from ankao.rules import plan

    default = {rule.code: (severity, opts) for rule, severity, opts in plan(Config())}
    assert default["vague-wording"][0] is Severity.WARNING
    assert default["profile-length"][1] == {"max_chars": 100}
    tuned = Config(
        rules={
            "vague-wording": "off",
            "profile-length": {"severity": "warning", "max_chars": 80},
        }
    )
    steps = {rule.code: (severity, opts) for rule, severity, opts in plan(tuned)}
    assert "vague-wording" not in steps
    assert steps["profile-length"] == (Severity.WARNING, {"max_chars": 80})
    assert [rule.code for rule, _, _ in plan(Config())] == [rule.code for rule in RULES]
