"""The next term's pure parts: which way a metric improves, the latest actual, matching a
target to the last term's, the following term, and the new `ankao.yaml` from the last."""

from __future__ import annotations

from pathlib import Path

import pytest

from ankao.load.document import load_text
from ankao.model.book import Metric, TaskBook, Term
from ankao.model.build import from_document
from ankao.model.continuity import latest_actual, match, sense
from ankao.model.direction import Direction
from ankao.terms.carry import config_text, following, link_text

LAST = """\
schema_version: 1
kind: office
unit: 教务处
term: {start: 2025, end: 2028}
members:
  - {name: 王某, post: 处长, duties: 主持全面工作, principal: both}
goals:
  overall: 提高本科教学质量。
  party_building:
    - id: DJ-06
      aspect: 党员队伍建设
      content: 发展党员
      metric: {name: 发展党员, unit: 人, baseline: 2, target: 6}
      actuals: {2026: 5, 2029: 9, 2027: 6}
  business:
    - id: YW-01
      content: 课程
      metric: {name: 一流课程, unit: 门, baseline: 4, target: 10}
    - id: YW-02
      content: 课程（另一项）
      metric: {name: 一流课程, unit: 门, baseline: 1, target: 3}
    - id: YW-03
      content: 时限
      metric: {name: 办理时限, unit: 天, baseline: 5, target: 3, direction: decrease}
  institutions: []
  service_commitment: []
  other: []
"""


def book(text: str) -> TaskBook:
    doc = load_text(text, "taskbooks/教务处.yaml")
    assert not doc.findings
    return from_document(doc)


def metric(direction: str) -> Metric:
    return Metric("x", "个", None, None, Direction(direction), {})


@pytest.mark.parametrize(
    ("direction", "expected"),
    [
        ("increase", (1, True)),
        ("decrease", (-1, True)),
        ("maintain", (1, False)),
        ("at_least", (1, False)),
        ("at_most", (-1, False)),
    ],
)
def test_sense_of_each_direction(direction: str, expected: tuple[int, bool]) -> None:
    assert sense(metric(direction)) == expected


def test_latest_actual_is_the_latest_year_within_the_term() -> None:
    last = book(LAST)
    dj = last.target("DJ-06")
    assert dj is not None
    # 2029 lies after the term (an `actuals-year` error there): 2027's 6 is the record
    actual = latest_actual(dj, last.term.end)
    assert actual is not None and (actual.year, actual.value and actual.value.text) == (2027, "6")
    yw = last.target("YW-01")
    assert yw is not None and latest_actual(yw, 2028) is None


def test_match_by_previous_id_then_by_a_unique_metric_name_and_unit() -> None:
    last = book(LAST)
    new = book(
        LAST.replace("id: DJ-06\n", "id: DJ-01\n      previous: DJ-06\n")
        .replace("name: 发展党员", "name: 业务骨干发展党员")
        .replace("term: {start: 2025, end: 2028}", "term: {start: 2029, end: 2032}")
    )
    by_id = {t.id: t for t in new.targets}
    found = match(by_id["DJ-01"], last)
    assert found is not None and found.id == "DJ-06"  # by `previous:` though the name changed
    found = match(by_id["YW-03"], last)
    assert found is not None and found.id == "YW-03"  # by name and unit
    # two targets of the last term measure 一流课程 in 门: which one is meant cannot be told
    assert match(by_id["YW-01"], last) is None


def test_following_term_has_the_same_length() -> None:
    assert following(Term(2025, 2028)) == (2029, 2032)
    assert following(Term(2021, 2025)) == (2026, 2030)
    assert following(Term(2024, 2024)) == (2025, 2025)


def test_link_is_relative_to_the_new_root(tmp_path: Path) -> None:
    assert link_text(tmp_path / "a" / "old", tmp_path / "b" / "new") == "../../a/old"
    assert link_text(tmp_path / "old", tmp_path / "new") == "../old"


def test_config_text_keeps_comments_and_leaves_out_the_last_terms_own_keys(
    tmp_path: Path,
) -> None:
    old = tmp_path / "old"
    old.mkdir()
    (old / "ankao.yaml").write_text(
        "# 学校的配置\n"
        "school: 示范学院   # 学校名称\n"
        "term: {start: 2021, end: 2025}\n"
        "previous_term: ../再上一任期\n"
        "# 单位名单\n"
        "units:\n"
        "  文学院: teaching\n"
        "templates: 模板\n",
        encoding="utf-8",
    )
    text, dropped = config_text(old, tmp_path / "new", "")
    assert dropped == ["term", "previous_term", "templates"]
    doc = load_text(text, "ankao.yaml")
    assert not doc.findings
    assert doc.data == {
        "school": "示范学院",
        "units": {"文学院": "teaching"},
        "previous_term": "../old",
    }
    assert text.startswith("# 学校的配置\nschool: 示范学院   # 学校名称\n# 单位名单\nunits:\n")
    # a five-year term is followed by a five-year one, suggested as a comment
    assert "# term: {start: 2026, end: 2030}" in text
