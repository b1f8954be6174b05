"""What a new clerk runs into: placeholders, CJK line joins, broad aspects, empty sections."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from ankao.cli import app
from tests.unit.test_rules import TEACHING, line_of, only, run


def test_a_placeholder_left_from_the_scaffold_is_an_error_at_its_line() -> None:
    text = TEACHING.replace(
        "profile: 现有本科专业4个", "profile: 待填写：本单位专业、学科、师资队伍等基本情况"
    )
    text = text.replace("{name: 欧阳明, post: 副院长", "{name: 待填写, post: 副院长")
    text = text.replace(
        "overall: 建设特色鲜明的高水平学院。", "overall: 待填写：本届班子任期总体目标。"
    )
    found = only(run(text), "placeholder")
    assert [(f.line, f.path, f.severity.value) for f in found] == [
        (line_of(text, "profile:"), "profile", "error"),
        (line_of(text, "{name: 待填写"), "members[3].name", "error"),
        (line_of(text, "overall:"), "goals.overall", "error"),
    ]
    assert found[0].message.startswith("本单位自然情况仍是模板的占位文字“待填写：")
    assert found[0].message.endswith("：请填写实际内容")
    assert found[1].message == "成员姓名仍是模板的占位文字“待填写”：请填写实际内容"


def test_a_fresh_scaffold_fails_check_with_placeholders(tmp_path: Path) -> None:
    runner = CliRunner()
    repo = tmp_path / "r"
    assert runner.invoke(app, ["init", str(repo), "--school", "某师范学院"]).exit_code == 0
    import os

    here = os.getcwd()
    os.chdir(repo)
    try:
        assert runner.invoke(app, ["new", "文学院", "--kind", "teaching"]).exit_code == 0
        result = runner.invoke(app, ["check", "taskbooks/文学院.yaml", "--format", "json"])
    finally:
        os.chdir(here)
    assert result.exit_code == 1
    import json

    codes = [d["code"] for d in json.loads(result.stdout)["diagnostics"]]
    assert codes.count("placeholder") == 3  # profile, the member's name, overall
    # an empty section says so once: no aspect-coverage or phd-targets beside section-empty
    assert "aspect-coverage" not in codes and "phd-targets" not in codes
    assert codes.count("section-empty") == 7


def test_chinese_lines_joined_with_a_space_are_a_warning_at_the_first_line() -> None:
    folded = "  overall: >\n    坚持以习近平新时代中国特色社会主义思想为指导，\n    落实立德树人根本任务。\n"
    text = TEACHING.replace("  overall: 建设特色鲜明的高水平学院。\n", folded)
    (hit,) = only(run(text), "cjk-line-join")
    assert (hit.line, hit.path, hit.severity.value) == (
        line_of(text, "overall: >"),
        "goals.overall",
        "warning",
    )
    assert "请写在一行里，或用“|”开头的多行块" in hit.message
    assert "（这里读作“思想为指导， 落实立德树人”）" in hit.message  # the join itself (issue 27)
    plain = TEACHING.replace(
        "  overall: 建设特色鲜明的高水平学院。\n",
        "  overall: 坚持立德树人，\n    建设特色鲜明的高水平学院。\n",
    )
    (hit,) = only(run(plain), "cjk-line-join")
    assert hit.line == line_of(plain, "overall: 坚持")
    # a literal block keeps its lines: nothing to say; nor where Latin text meets at the break
    literal = TEACHING.replace("  overall: 建设特色鲜明的高水平学院。\n", folded.replace(">", "|"))
    assert only(run(literal), "cjk-line-join") == []
    latin = TEACHING.replace(
        "  overall: 建设特色鲜明的高水平学院。\n", "  overall: 建设 ESI\n    前1%学科。\n"
    )
    assert only(run(latin), "cjk-line-join") == []


def test_the_loader_says_whether_any_text_spans_lines() -> None:
    """Only then are joined lines searched for (a search of the whole text per book)."""
    from ankao.load.document import Document, load_bytes

    def folded(text: str) -> bool:
        return load_bytes(text.encode("utf-8"), Document("b.yaml")).folded

    assert not folded(TEACHING)
    assert folded(TEACHING.replace("overall: 建设", "overall: >\n    建设"))
    assert folded(TEACHING.replace("overall: 建设特色", "overall: 建设\n    特色"))
    # a literal block keeps its lines; a quoted text spanning lines is not joined this way
    assert not folded(TEACHING.replace("overall: 建设", "overall: |\n    建设"))
    assert not folded(
        TEACHING.replace("overall: 建设特色鲜明的高水平学院。", "overall: '建设\n    特色'")
    )


def test_a_target_may_serve_several_aspects_and_counts_for_each() -> None:
    text = TEACHING.replace(
        "    - {id: DJ-07, aspect: 典型选树, content: 选树先进典型, criteria: 2027年6月前编印《先进典型事迹汇编》}\n",
        "",
    )
    text = text.replace(
        "{id: DJ-06, aspect: 党员作用发挥,", "{id: DJ-06, aspect: [党员作用发挥, 典型选树],"
    )
    found = run(text)
    assert only(found, "aspect-coverage") == []
    assert only(found, "schema") == []


def test_a_wrong_aspect_in_a_list_is_a_schema_error_at_its_item(tmp_path: Path) -> None:
    from ankao.load.document import load_text
    from ankao.repository.checking import Settings, check_document

    text = TEACHING.replace(
        "{id: DJ-06, aspect: 党员作用发挥,", "{id: DJ-06, aspect: [党员作用发挥, 典型]"
    )
    text = text.replace(
        "{id: DJ-06, aspect: [党员作用发挥, 典型]", "{id: DJ-06, aspect: [党员作用发挥, 典型],"
    )
    result = check_document(load_text(text, "book.yaml"), "taskbook", Settings())
    (f,) = [f for f in result.findings if f.code == "schema"]
    assert f.path == "goals.party_building[5].aspect[1]"
    assert "“典型”不是可选的值" in f.message


def test_the_school_placeholder_of_init_is_a_warning_and_documents_leave_it_out(
    tmp_path: Path,
) -> None:
    import json
    import os

    from ankao.load.config import load_config

    runner = CliRunner()
    repo = tmp_path / "r"
    assert runner.invoke(app, ["init", str(repo)]).exit_code == 0
    assert load_config(repo)[0].school is None
    here = os.getcwd()
    os.chdir(repo)
    try:
        result = runner.invoke(app, ["validate", "--format", "json"])
    finally:
        os.chdir(here)
    assert result.exit_code == 0
    (d,) = json.loads(result.stdout)["diagnostics"]
    assert (d["file"], d["code"], d["severity"], d["path"]) == (
        "ankao.yaml",
        "placeholder",
        "warning",
        "school",
    )
    text = (repo / "ankao.yaml").read_text(encoding="utf-8")
    assert d["line"] == next(
        i for i, line in enumerate(text.splitlines(), 1) if line.startswith("school:")
    )


def test_an_actual_outside_the_term_is_an_error_at_its_year_and_never_moves_the_assessment() -> (
    None
):
    from ankao.load.document import load_text
    from ankao.model.build import from_document
    from ankao.model.progress import assess

    old = "    - {id: JX-02, aspect: 课程建设, content: 一流课程, metric: {name: 一流课程, unit: 门, baseline: 2, target: 5}, owner: 欧阳明}\n"
    new = (
        "    - id: JX-02\n      aspect: 课程建设\n      content: 一流课程\n"
        "      metric: {name: 一流课程, unit: 门, baseline: 2, target: 5}\n      owner: 欧阳明\n"
        "      actuals:\n        2025: 3\n        2030: 9\n"
    )
    assert old in TEACHING
    text = TEACHING.replace(old, new)
    (hit,) = only(run(text), "actuals-year")
    assert (hit.line, hit.column, hit.path) == (
        line_of(text, "2030: 9"),
        9,
        "goals.teaching[1].actuals.2030",
    )
    assert (
        hit.message == "年度完成情况的年份 2030 不在任期（2024—2027 年）内：请改正年份或删除这一项"
    )
    result = assess(from_document(load_text(text, "book.yaml")))
    assert result.as_of == 2025
