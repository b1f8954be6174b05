"""Grade files: schema errors at their line, duplicate years, the unit typo guard, config rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from ankao.errors import AnkaoError
from ankao.findings import Finding, Severity
from ankao.grades.outcome import config_findings, outcome
from ankao.load.config import Config, load_config
from ankao.model.grades import Year
from ankao.repository.grades import grade_findings, history_of
from ankao.repository.scan import scan


def write(root: Path, name: str, text: str) -> None:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def load(root: Path, known: set[str] | None = None) -> tuple[dict[int, Year], list[Finding]]:
    files = scan(root).files("grades")
    per_file = [f for g in files for f in g.findings]
    return history_of(files), per_file + grade_findings(files, known or set())


def brief(findings: list[Finding]) -> list[tuple[str, int, str, str]]:
    return [(f.file, f.line, f.code, f.severity.value) for f in findings]


def test_a_clean_history_loads(tmp_path: Path) -> None:
    write(tmp_path, "grades/2024.yaml", "year: 2024\ngrades: {文学院: 一般}\n")
    write(
        tmp_path,
        "grades/2025.yaml",
        "year: 2025\ngrades:\n  文学院: 一般\nfindings:\n  - {unit: 后勤处, type: poor_functioning, note: 推诿}\n",
    )
    history, findings = load(tmp_path)
    assert findings == []
    assert sorted(history) == [2024, 2025]
    record = history[2025]
    assert record.grades == {"文学院": "一般"}
    assert [(c.unit, c.type, c.note) for c in record.findings] == [
        ("后勤处", "poor_functioning", "推诿")
    ]


@pytest.mark.parametrize("grade", ["合格", "优 秀", "良"])
def test_an_unknown_grade_is_a_schema_error_at_its_line(tmp_path: Path, grade: str) -> None:
    write(
        tmp_path, "grades/2025.yaml", f"year: 2025\ngrades:\n  文学院: 优秀\n  教务处: '{grade}'\n"
    )
    history, findings = load(tmp_path)
    assert brief(findings) == [("grades/2025.yaml", 4, "schema", "error")]
    assert f"“{grade}”不是可选的值" in findings[0].message
    assert "优秀、良好、一般、较差" in findings[0].message
    assert history == {}


def test_an_unknown_finding_type_is_a_schema_error_at_its_line(tmp_path: Path) -> None:
    write(tmp_path, "grades/2025.yaml", "year: 2025\nfindings:\n  - unit: 后勤处\n    type: lazy\n")
    _, findings = load(tmp_path)
    assert brief(findings) == [("grades/2025.yaml", 4, "schema", "error")]
    assert "结论类型" in findings[0].message


def test_a_configured_scale_replaces_the_seed_scale(tmp_path: Path) -> None:
    write(
        tmp_path,
        "ankao.yaml",
        "grades:\n  scale: [好, 中, 差]\n  consequences:\n"
        "    - {code: reward, text: 奖励, when: [{grade: 好}]}\n",
    )
    write(tmp_path, "grades/2025.yaml", "year: 2025\ngrades: {文学院: 好, 教务处: 优秀}\n")
    _, findings = load(tmp_path)
    assert brief(findings) == [("grades/2025.yaml", 2, "schema", "error")]
    assert "“优秀”不是可选的值；可选：好、中、差" in findings[0].message


def test_two_files_claiming_one_year_is_an_error_at_the_second_year_line(tmp_path: Path) -> None:
    write(tmp_path, "grades/2025.yaml", "year: 2025\ngrades: {文学院: 优秀}\n")
    write(tmp_path, "grades/2025-补充.yaml", "# 补充\n\nyear: 2025\ngrades: {教务处: 一般}\n")
    history, findings = load(tmp_path)
    # `2025-补充.yaml` sorts before `2025.yaml`, so it is the first claim.
    assert brief(findings) == [("grades/2025.yaml", 1, "duplicate-year", "error")]
    assert "年度 2025 已由 grades/2025-补充.yaml（第 3 行）给出" in findings[0].message


def test_a_file_name_that_disagrees_with_its_year_is_a_warning(tmp_path: Path) -> None:
    write(tmp_path, "grades/2025.yaml", "grades: {文学院: 优秀}\nyear: 2024\n")
    history, findings = load(tmp_path)
    assert brief(findings) == [("grades/2025.yaml", 2, "year-mismatch", "warning")]
    assert list(history) == [2024]


def test_a_unit_matching_nothing_known_is_a_warning_at_its_line(tmp_path: Path) -> None:
    write(
        tmp_path,
        "grades/2025.yaml",
        "year: 2025\ngrades:\n  文学院: 优秀\n  外语学院: 良好\nfindings:\n  - unit: 后勤外\n    type: poor_functioning\n",
    )
    history, findings = load(tmp_path, {"文学院", "外国语学院", "后勤处"})
    assert brief(findings) == [
        ("grades/2025.yaml", 4, "unknown-unit", "warning"),
        ("grades/2025.yaml", 6, "unknown-unit", "warning"),
    ]
    assert (
        findings[0].message
        == "单位“外语学院”既没有任务书，也不在 ankao.yaml 的 units 中；是不是“外国语学院”？"
    )
    assert findings[0].column == 3
    assert "“后勤外”" in findings[1].message and "是不是“后勤处”" in findings[1].message
    assert 2025 in history  # a warning does not stop the computation


def test_no_typo_guard_without_known_units(tmp_path: Path) -> None:
    write(tmp_path, "grades/2025.yaml", "year: 2025\ngrades: {随便什么单位: 优秀}\n")
    _, findings = load(tmp_path)
    assert findings == []


def test_rules_that_could_never_fire_are_config_errors(tmp_path: Path) -> None:
    write(
        tmp_path,
        "ankao.yaml",
        "grades:\n  consequences:\n    - code: reward\n      text: 奖励\n"
        "      when:\n        - {grade: 优秀}\n        - {grade: 优等}\n",
    )
    config, doc = load_config(tmp_path)
    found = config_findings(config, doc)
    assert brief(found) == [("ankao.yaml", 7, "grade-rule", "error")]
    assert "“优等”" in found[0].message


def test_no_config_means_no_config_findings() -> None:
    assert config_findings(Config(), None) == []


def test_outcome_refuses_to_compute_from_input_with_errors(tmp_path: Path) -> None:
    write(tmp_path, "grades/2024.yaml", "year: 2024\ngrades: {文学院: 合格}\n")
    write(tmp_path, "grades/2025.yaml", "year: 2025\ngrades: {文学院: 一般}\n")
    result = outcome(tmp_path)
    assert result.results is None
    assert result.report.exit_code == 1
    assert [f.code for f in result.report.findings] == ["schema"]


def test_outcome_defaults_to_the_latest_year_with_grades(tmp_path: Path) -> None:
    write(tmp_path, "grades/2024.yaml", "year: 2024\ngrades: {文学院: 一般}\n")
    write(tmp_path, "grades/2025.yaml", "year: 2025\ngrades: {文学院: 一般}\n")
    write(
        tmp_path,
        "grades/2026.yaml",
        "year: 2026\nfindings: [{unit: 文学院, type: major_contribution}]\n",
    )
    result = outcome(tmp_path)
    assert result.year == 2025
    assert result.results is not None
    assert [c.rule.code for c in result.results[0].consequences] == [
        "written_report",
        "adjust_principals",
    ]


def test_outcome_without_grade_files_or_year_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(AnkaoError, match="没有找到考核结果文件"):
        outcome(tmp_path)
    write(tmp_path, "grades/2025.yaml", "year: 2025\ngrades: {文学院: 一般}\n")
    with pytest.raises(AnkaoError, match=r"没有 2023 年的考核结果（已有年度：2025）"):
        outcome(tmp_path, year=2023)


def test_config_errors_stop_the_computation(tmp_path: Path) -> None:
    write(
        tmp_path,
        "ankao.yaml",
        "grades:\n  consequences:\n    - {code: Reward, text: 奖励, when: []}\n",
    )
    write(tmp_path, "grades/2025.yaml", "year: 2025\ngrades: {文学院: 优秀}\n")
    result = outcome(tmp_path)
    assert result.results is None
    assert {f.file for f in result.report.findings} == {"ankao.yaml"}
    assert all(f.severity is Severity.ERROR and f.line == 3 for f in result.report.findings)
