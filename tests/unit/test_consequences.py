"""The consequences engine (五(三)2): each rule and edge, configured rules, and a property test against an oracle."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from ankao.grades.consequences import (
    DEFAULT_GRADES,
    consequences,
    evaluate,
    latest_year,
    policy_of,
    problems,
    timeline,
)
from ankao.load.config import load_config
from ankao.model.grades import Conclusion, Year
from ankao.scaffold import init_repository

SEED = policy_of(None)


def codes(history: dict[int, Year], unit: str, year: int) -> list[str]:
    return [c.rule.code for c in evaluate(unit, year, history, SEED).consequences]


def graded(**by_year: dict[str, str]) -> dict[int, Year]:
    return {int(y[1:]): Year(g) for y, g in by_year.items()}


# --- each rule -------------------------------------------------------------------


def test_excellent_is_rewarded() -> None:
    assert codes(graded(y2025={"文学院": "优秀"}), "文学院", 2025) == ["reward"]


def test_good_has_no_consequence() -> None:
    history = graded(y2024={"文学院": "良好"}, y2025={"文学院": "良好"})
    assert codes(history, "文学院", 2025) == []


def test_fair_calls_for_a_written_report() -> None:
    assert codes(graded(y2025={"教务处": "一般"}), "教务处", 2025) == ["written_report"]


def test_poor_adjusts_the_principals_without_a_written_report() -> None:
    assert codes(graded(y2025={"教务处": "较差"}), "教务处", 2025) == ["adjust_principals"]


def test_fair_two_years_running_adjusts_the_principals_and_still_asks_a_report() -> None:
    history = graded(y2024={"教务处": "一般"}, y2025={"教务处": "一般"})
    result = evaluate("教务处", 2025, history, SEED)
    assert [c.rule.code for c in result.consequences] == ["written_report", "adjust_principals"]
    assert result.consequences[1].reasons == ("2024、2025年连续两年为一般",)


def test_first_year_on_record_is_not_a_run() -> None:
    assert codes(graded(y2025={"教务处": "一般"}), "教务处", 2025) == ["written_report"]


def test_a_gap_year_breaks_the_run() -> None:
    history = graded(y2023={"教务处": "一般"}, y2025={"教务处": "一般"})
    assert codes(history, "教务处", 2025) == ["written_report"]


def test_a_year_on_record_without_the_unit_breaks_the_run() -> None:
    history = graded(y2023={"教务处": "一般"}, y2024={"文学院": "良好"}, y2025={"教务处": "一般"})
    assert codes(history, "教务处", 2025) == ["written_report"]


def test_fair_after_poor_is_not_two_fair_years() -> None:
    history = graded(y2024={"教务处": "较差"}, y2025={"教务处": "一般"})
    assert codes(history, "教务处", 2025) == ["written_report"]


def test_a_later_year_does_not_count_backwards() -> None:
    history = graded(y2024={"教务处": "一般"}, y2025={"教务处": "一般"})
    assert codes(history, "教务处", 2024) == ["written_report"]


def test_excellent_and_poor_functioning_the_same_year_gives_both() -> None:
    history = {
        2025: Year({"文学院": "优秀"}, (Conclusion("文学院", "poor_functioning", "班子不团结"),))
    }
    result = evaluate("文学院", 2025, history, SEED)
    assert [c.rule.code for c in result.consequences] == ["reward", "adjust_team"]
    assert result.consequences[1].reasons == (
        "考核结论：运行状况不好、凝聚力战斗力不强、不担当不作为、干部群众意见较大（班子不团结）",
    )


def test_major_contribution_without_a_grade_is_rewarded_with_null_grade() -> None:
    history = {2025: Year({"文学院": "良好"}, (Conclusion("外国语学院", "major_contribution"),))}
    results = consequences(history, 2025, SEED)
    assert [r.as_dict() for r in results] == [
        {"unit": "文学院", "year": 2025, "grade": "良好", "consequences": []},
        {
            "unit": "外国语学院",
            "year": 2025,
            "grade": None,
            "consequences": [
                {
                    "code": "reward",
                    "text": "按照有关规定给予奖励",
                    "basis": "领导班子作出重要贡献的，或者年度考核结果为优秀等次的，按照有关规定给予奖励",
                }
            ],
        },
    ]


def test_excellent_and_major_contribution_reward_once_with_both_reasons() -> None:
    history = {
        2025: Year(
            {"文学院": "优秀"}, (Conclusion("文学院", "major_contribution", "国家级成果奖"),)
        )
    }
    (result,) = consequences(history, 2025, SEED)
    assert [c.rule.code for c in result.consequences] == ["reward"]
    assert result.consequences[0].reasons == (
        "年度考核结果为优秀",
        "考核结论：作出重要贡献（国家级成果奖）",
    )


def test_a_unit_graded_and_in_a_finding_is_one_record() -> None:
    history = {2025: Year({"后勤处": "一般"}, (Conclusion("后勤处", "poor_functioning"),))}
    results = consequences(history, 2025, SEED)
    assert len(results) == 1
    assert [c.rule.code for c in results[0].consequences] == ["written_report", "adjust_team"]


def test_a_year_not_on_record_has_no_results() -> None:
    assert consequences(graded(y2025={"文学院": "优秀"}), 2024, SEED) == []


def test_latest_year_prefers_a_year_with_grades() -> None:
    history = {
        2024: Year({"文学院": "优秀"}),
        2025: Year({}, (Conclusion("文学院", "poor_functioning"),)),
    }
    assert latest_year(history) == 2024
    assert latest_year({2025: Year({}, (Conclusion("文学院", "poor_functioning"),))}) == 2025
    assert latest_year({}) is None


def test_timeline_goes_year_by_year_up_to_a_year() -> None:
    history = graded(y2023={"教务处": "一般"}, y2024={"教务处": "一般"}, y2025={"教务处": "优秀"})
    rows = [
        (r.year, [c.rule.code for c in r.consequences]) for r in timeline(history, SEED, until=2024)
    ]
    assert rows == [(2023, ["written_report"]), (2024, ["written_report", "adjust_principals"])]


# --- rules as data ---------------------------------------------------------------


def test_the_init_template_spells_out_the_code_defaults(tmp_path: Path) -> None:
    init_repository(tmp_path)
    config, _ = load_config(tmp_path)
    assert config.grades == DEFAULT_GRADES


def test_the_grades_schema_enums_are_the_code_defaults() -> None:
    from ankao.load.schemas import bundled

    props = bundled("grades")["properties"]
    assert props["grades"]["additionalProperties"]["enum"] == DEFAULT_GRADES["scale"]
    kind = props["findings"]["items"]["properties"]["type"]
    assert kind["enum"] == list(DEFAULT_GRADES["finding_types"])
    assert kind["enumDescriptions"] == list(DEFAULT_GRADES["finding_types"].values())


def test_a_school_with_other_rules_edits_configuration() -> None:
    custom = policy_of(
        {
            "scale": ["好", "中", "差"],
            "consequences": [
                {"code": "warn", "text": "诫勉谈话", "when": [{"grade": "中", "years": 3}]},
                {"code": "reward", "text": "奖励", "when": [{"grade": "好"}]},
            ],
        }
    )
    history = {
        2023: Year({"甲": "中"}),
        2024: Year({"甲": "中"}),
        2025: Year({"甲": "中", "乙": "好"}),
    }
    results = {
        r.unit: [c.rule.code for c in r.consequences] for r in consequences(history, 2025, custom)
    }
    assert results == {"甲": ["warn"], "乙": ["reward"]}
    assert [c.rule.code for c in evaluate("甲", 2024, history, custom).consequences] == []
    assert custom.finding_types == DEFAULT_GRADES["finding_types"]
    assert evaluate("甲", 2025, history, custom).consequences[0].reasons == (
        "2023、2024、2025年连续三年为中",
    )


def test_rules_naming_unknown_grades_or_types_are_problems() -> None:
    custom = policy_of(
        {
            "consequences": [
                {
                    "code": "reward",
                    "text": "奖励",
                    "when": [{"grade": "优 秀"}, {"finding": "contribution"}],
                },
            ]
        }
    )
    found = problems(custom)
    assert [path for path, _ in found] == [
        ("grades", "consequences", 0, "when", 0, "grade"),
        ("grades", "consequences", 0, "when", 1, "finding"),
    ]
    assert "“优 秀”，它不在 grades.scale" in found[0][1]
    assert problems(SEED) == []


# --- property: the engine equals an oracle written from the seed's words --------

UNITS = ["文学院", "教务处", "后勤处", "外国语学院"]
GRADES = ["优秀", "良好", "一般", "较差"]
TYPES = ["major_contribution", "poor_functioning"]

years_strategy = st.dictionaries(
    st.integers(2018, 2026),
    st.tuples(
        st.dictionaries(st.sampled_from(UNITS), st.sampled_from(GRADES), max_size=4),
        st.lists(st.tuples(st.sampled_from(UNITS), st.sampled_from(TYPES)), max_size=3),
    ),
    max_size=6,
)


def oracle(
    raw: dict[int, tuple[dict[str, str], list[tuple[str, str]]]], year: int
) -> dict[str, tuple[str | None, set[str]]]:
    """五(三)2 read directly: 优秀 or 重要贡献 -> 奖励; 运行状况不好 -> 调整班子;
    一般 -> 书面报告; 较差, or 一般 this calendar year and the one before -> 调整主要负责人."""
    grades, findings = raw.get(year, ({}, []))
    before = raw.get(year - 1, ({}, []))[0]
    out: dict[str, tuple[str | None, set[str]]] = {}
    for unit in [*grades, *(u for u, _ in findings)]:
        grade = grades.get(unit)
        named = {t for u, t in findings if u == unit}
        due: set[str] = set()
        if grade == "优秀" or "major_contribution" in named:
            due.add("reward")
        if "poor_functioning" in named:
            due.add("adjust_team")
        if grade == "一般":
            due.add("written_report")
        if grade == "较差" or (grade == "一般" and before.get(unit) == "一般"):
            due.add("adjust_principals")
        out[unit] = (grade, due)
    return out


@settings(max_examples=300, deadline=None)
@given(years_strategy, st.integers(2017, 2027))
def test_engine_equals_the_oracle(
    raw: dict[int, tuple[dict[str, str], list[tuple[str, str]]]], year: int
) -> None:
    history = {y: Year(g, tuple(Conclusion(u, t) for u, t in f)) for y, (g, f) in raw.items()}
    results = consequences(history, year, SEED)
    got = {r.unit: (r.grade, {c.rule.code for c in r.consequences}) for r in results}
    assert len(got) == len(results)  # one record per unit
    assert got == oracle(raw, year)
    for r in results:
        assert r.year == year
        assert len({c.rule.code for c in r.consequences}) == len(r.consequences)
