"""ankao.load.schemas and schemas/*.json: titles everywhere, bundling, Chinese findings."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from ankao.load.document import load_text
from ankao.load.schemas import KINDS, SchemaSet, bundled, describe
from ankao.model.sections import SECTIONS, aspects

SCHEMAS = Path(__file__).resolve().parents[2] / "schemas"
CJK = re.compile("[\u4e00-\u9fff]")


def _properties(node: Any, where: str = "") -> list[tuple[str, dict[str, Any]]]:
    out: list[tuple[str, dict[str, Any]]] = []
    if isinstance(node, dict):
        for name, sub in (node.get("properties") or {}).items():
            out.append((f"{where}.{name}", sub))
        for key, value in node.items():
            out.extend(_properties(value, f"{where}/{key}"))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            out.extend(_properties(value, f"{where}[{i}]"))
    return out


def _title(schema: dict[str, Any], sub: dict[str, Any]) -> str | None:
    seen = 0
    while seen < 10:
        if "title" in sub:
            return str(sub["title"])
        ref = sub.get("$ref")
        if not isinstance(ref, str):
            return None
        target: Any = schema
        for part in ref.lstrip("#/").split("/"):
            target = target[part]
        sub = target
        seen += 1
    return None


@pytest.mark.parametrize("kind", KINDS)
def test_every_property_has_a_chinese_title(kind: str) -> None:
    schema = bundled(kind)
    missing = [
        where for where, sub in _properties(schema) if not CJK.search(_title(schema, sub) or "")
    ]
    assert not missing, missing


@pytest.mark.parametrize("path", sorted(SCHEMAS.glob("*.schema.json")), ids=lambda p: p.name)
def test_schema_files_are_draft_2020_12(path: Path) -> None:
    from jsonschema import Draft202012Validator

    schema = json.loads(path.read_text(encoding="utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)
    assert CJK.search(schema.get("title", ""))


@pytest.mark.parametrize("kind", KINDS)
def test_bundled_has_only_local_refs(kind: str) -> None:
    text = json.dumps(bundled(kind))
    refs = re.findall(r'"\$ref": "([^"]*)"', text)
    assert refs and all(r.startswith("#/") for r in refs)


def test_sections_and_aspects_match_taskbook_vocabulary() -> None:
    for kind in ("office", "teaching"):
        goals = bundled(kind)["properties"]["goals"]
        assert list(goals["properties"]) == [k for k, _ in SECTIONS[kind]]
    assert aspects("teaching", "teaching") == ("专业建设", "课程建设", "实验室建设", "教学改革")
    assert aspects("office", "party_building")[3] == "党支部规范化建设"
    assert aspects("teaching", "party_building")[3] == "党支部建设"
    assert len(aspects("teaching", "research")) == 9


def _check(text: str, kind: str = "taskbook", schemas: SchemaSet | None = None) -> list[Any]:
    doc = load_text(text, "f.yaml")
    assert doc.loaded, doc.findings
    return (schemas or SchemaSet()).check(doc, kind)


def test_valid_books_have_no_findings(teaching_text: str, office_text: str) -> None:
    assert _check(teaching_text) == []
    assert _check(office_text) == []


def test_message_names_field_by_title_and_place(teaching_text: str) -> None:
    (f,) = _check(teaching_text.replace("        target: 5", "        target: 十个"))
    assert (
        f.message
        == "教学工作目标 › 第1项 › 量化指标 › 目标值：应为数字，实际是“十个”；请用阿拉伯数字"
    )
    assert f.path == "goals.teaching[0].metric.target" and f.code == "schema"


@pytest.mark.parametrize(
    ("value", "hint"),
    [
        ("95%", "百分数"),
        ("3项", "单位写在计量单位里"),
        ("两", "阿拉伯数字"),
        ("", ""),
        ("true", ""),
    ],
)
def test_number_hints(teaching_text: str, value: str, hint: str) -> None:
    (f,) = _check(teaching_text.replace("        target: 5", f"        target: '{value}'"))
    assert "应为数字" in f.message and hint in f.message


def test_missing_key_at_parent_line(teaching_text: str) -> None:
    text = teaching_text.replace("        unit: 门\n", "").replace(
        "      content: 建设省级一流本科课程\n", ""
    )
    found = {(f.line, f.message) for f in _check(text)}
    target_line = text.split("\n").index("    - id: JX-01") + 1
    assert (target_line, "教学工作目标 › 第1项：缺少必填项“目标内容”（content）") in found


def test_unknown_key_did_you_mean(teaching_text: str) -> None:
    findings = _check(teaching_text.replace("    duties:", "    dutys:"))
    unknown = [f for f in findings if "dutys" in f.message]
    assert len(unknown) == 1
    assert "是不是“duties”（分工）" in unknown[0].message
    assert (unknown[0].line, unknown[0].column) == (11, 5)
    assert any("缺少必填项“分工”（duties）" in f.message for f in findings)


def test_kind_guessed_when_missing(teaching_text: str) -> None:
    findings = _check(teaching_text.replace("kind: teaching\n", ""))
    assert findings[0].message.startswith("类别（kind）应为 office")
    assert "按教学单位检查" in findings[0].message
    assert len(findings) == 1  # the rest of the book is checked as teaching and is fine


def test_qualitative_and_quantitative_actuals(teaching_text: str) -> None:
    quantitative = teaching_text.replace(
        "        target: 12\n", "        target: 12\n      actuals: {2025: 11, 2026: 完成}\n"
    )
    (f,) = _check(quantitative)
    assert f.path == "goals.party_building[0].actuals.2026" and "2026年：应为数字" in f.message
    qualitative = teaching_text.replace(
        "      metric: {name: 引进博士人数, unit: 人, baseline: 0, target: 8}",
        "      criteria: 2026年前引进8人\n      actuals: {2025: {status: 完成}, 2026: {status: 好}}",
    )
    (g,) = _check(qualitative)
    assert g.path == "goals.faculty[0].actuals.2026.status" and "“好”不是可选的值" in g.message


def test_grade_scale_from_config() -> None:
    text = "year: 2025\ngrades: {文学院: 合格}\n"
    assert len(_check(text, "grades")) == 1
    custom = SchemaSet(grade_scale=["优秀", "合格", "不合格"])
    assert _check(text, "grades", custom) == []


def test_alternatives_give_one_explanation() -> None:
    text = (
        "grades:\n  consequences:\n    - code: x\n      text: 处理\n      when:\n"
        "        - {years: 2}\n        - {grade: 一般, finding: poor_functioning}\n"
    )
    first, second = _check(text, "config")
    assert (first.line, first.column, first.path) == (6, 11, "grades.consequences[0].when[0]")
    assert "应为含“grade”的映射，或含“finding”的映射" in first.message
    assert (second.line, second.path) == (7, "grades.consequences[0].when[1]")
    assert "只能选择其中一种" in second.message


def test_empty_documents_per_kind() -> None:
    for kind in ("taskbook", "review", "grades", "config"):
        doc = load_text("# 空\n")
        (f,) = SchemaSet().check(doc, kind)
        assert (f.line, f.column, f.code) == (1, 1, "schema") and "文件是空的" in f.message


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (None, "空值（什么也没写）"),
        (True, "true"),
        (3, "3"),
        ("十个", "“十个”"),
        (" ", "空文字"),
        ([1, 2], "列表（2 项）"),
        ({"a": 1}, "映射（“键: 值”）"),
        ("长" * 30, "“" + "长" * 24 + "…”"),
    ],
)
def test_describe(value: object, shown: str) -> None:
    assert describe(value) == shown
