"""`ankao rules`: exactly the registered rules and codes, each in Chinese; one code in full."""

from __future__ import annotations

import json
import re

import pytest
from typer.testing import CliRunner

from ankao.cli import app
from ankao.findings import Severity
from ankao.findings.codes import BY_CODE, CODES, SEVERITY_NAMES
from ankao.rules import RULES

SPEC_CODES = {
    # loading
    "yaml-syntax",
    "duplicate-key",
    "encoding",
    "fullwidth-punctuation",
    "too-large",
    "alias-bomb",
    "control-character",
    # schema
    "schema",
    # rules
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
    "placeholder",
    "cjk-line-join",
    "behind-milestone",
    # repository
    "duplicate-unit",
    "unknown-ref",
    "unknown-comment",
    "duplicate-comment-id",
    "unknown-unit",
    # files
    "not-a-file",
    "outside-repository",
    "unreadable",
}
"""Every code SPEC §3 names."""

WARNINGS = {
    "vague-wording",
    "control-character",
    "cjk-line-join",
    "behind-milestone",
    "unknown-unit",
}
"""SPEC §3: every code is an error except these."""

CJK = re.compile(r"[\u4e00-\u9fff]")


def _json(runner: CliRunner, *args: str) -> list[dict[str, object]]:
    result = runner.invoke(app, ["rules", *args, "--format", "json"])
    assert result.exit_code == 0, result.output
    rules = json.loads(result.stdout)["rules"]
    assert isinstance(rules, list)
    return rules


def test_rules_lists_exactly_the_registered_rules_and_the_registry(runner: CliRunner) -> None:
    listed = [r["code"] for r in _json(runner)]
    assert len(listed) == len(set(listed))
    assert set(listed) == {r.code for r in RULES} | {c.code for c in CODES}
    assert listed[: len(RULES)] == [r.code for r in RULES]  # the rules first, in RULES order


def test_every_spec_code_is_documented_with_its_default_severity() -> None:
    assert set(BY_CODE) >= SPEC_CODES
    for code in SPEC_CODES:
        expected = Severity.WARNING if code in WARNINGS else Severity.ERROR
        assert BY_CODE[code].severity is expected, code


def test_every_registered_rule_has_chinese_text_agreeing_with_it() -> None:
    for rule in RULES:
        entry = BY_CODE.get(rule.code)
        assert entry is not None, (
            f"{rule.code} is a rule but ankao/findings/codes.py does not describe it"
        )
        assert entry.family == "rule" and entry.severity is rule.severity, rule.code
        assert entry.clause, f"{rule.code}: which clause of the 实施意见 does it apply?"


def test_every_entry_is_chinese_with_an_example_finding() -> None:
    for c in CODES:
        for text in (c.title, c.summary, c.example):
            assert CJK.search(text), (c.code, text)
        # a YAML file's line and column, or a workbook's cell / a Word table's row (SPEC §9)
        m = re.match(r"^\S+:(\d+):(\d+)  (错误|警告|提示)  \S", c.example) or re.match(
            r"^\S+\.(?:xlsx|docx) › \S+!\S+()()  (错误|警告|提示)  \S", c.example
        )
        assert m, f"{c.code}: the example should read like a finding: {c.example}"
        assert m.group(3) == SEVERITY_NAMES[c.severity], c.code


def test_the_registry_sees_every_code_reported_so_far() -> None:
    """Every finding made while the suite runs is recorded (conftest) and checked against the
    registry at the end of the session; here, a sample that must be among them already."""
    from conftest import REPORTED_CODES

    from ankao.load.document import load_text

    doc = load_text("a: 1\na: 2\n", "x.yaml")
    assert [f.code for f in doc.findings] == ["duplicate-key"]
    assert "duplicate-key" in REPORTED_CODES
    assert all(code in BY_CODE for code in REPORTED_CODES), sorted(
        set(REPORTED_CODES) - set(BY_CODE)
    )


def test_text_list_at_80_columns(runner: CliRunner) -> None:
    result = runner.invoke(app, ["rules"], env={"COLUMNS": "80", "NO_COLOR": "1"})
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "检查规则（ankao check）" in out and "读取（ankao validate）" in out
    assert all(len(line) <= 80 for line in out.splitlines())
    for code in {r.code for r in RULES} | set(BY_CODE):
        assert re.search(rf"^ {re.escape(code)} +(错误|警告|提示) ", out, re.MULTILINE), code
    assert re.search(r"^ quantitative-share +错误 +定量为主（四\(三\)1）：", out, re.MULTILINE)


def test_one_rule_in_full(runner: CliRunner) -> None:
    result = runner.invoke(
        app, ["rules", "quantitative-share"], env={"COLUMNS": "100", "NO_COLOR": "1"}
    )
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith("quantitative-share：定量为主\n")
    assert "默认级别：错误" in out and "依据：《实施意见》四(三)1" in out
    assert "阈值（默认值）：min_share = 0.5" in out
    assert "quantitative-share: {severity: warning, min_share: 0.5}" in out
    assert "定量为主的原则" in out


def test_one_rule_as_json(runner: CliRunner) -> None:
    [rule] = _json(runner, "vague-wording")
    assert rule["severity"] == "warning" and rule["clause"] == "六(二)、五(二)4"
    assert isinstance(rule["options"], dict) and "进一步" in rule["options"]["words"]


@pytest.mark.parametrize(
    ("code", "message"),
    [
        (
            "quantitive-share",
            "ankao：没有这个代码：quantitive-share；您是不是要输入 quantitative-share？（ankao rules 列出全部代码）",
        ),
        ("zzz", "ankao：没有这个代码：zzz（ankao rules 列出全部代码）"),
    ],
)
def test_unknown_code_is_one_chinese_line_and_exit_2(
    runner: CliRunner, code: str, message: str
) -> None:
    result = runner.invoke(app, ["rules", code])
    assert result.exit_code == 2
    assert result.stderr.strip() == message
