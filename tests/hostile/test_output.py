"""Output the terminal cannot encode or hold, and user text that is not markup (issue 11)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
import yaml
from conftest import copy_examples

from ankao.findings import Finding, Report, Severity
from ankao.reporters.findings import github_reporter, json_reporter, text_reporter
from hostile.bounded import run_bounded

# A members entry whose name is a number: the schema message names the place with `›`
BAD_BOOK = "unit: 文学院\nkind: teaching\nmembers: [{name: 1}]\n"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return copy_examples(tmp_path)


@pytest.mark.parametrize("encoding", ["gbk", "ascii", "latin-1"])
def test_json_is_complete_and_ascii_escaped_on_a_narrow_encoding(
    tmp_path: Path, encoding: str
) -> None:
    (tmp_path / "b.yaml").write_text(BAD_BOOK, encoding="utf-8")
    result = run_bounded(
        ["validate", "b.yaml", "--format", "json"], tmp_path, env={"PYTHONIOENCODING": encoding}
    )
    assert result.returncode == 1, result.stderr
    assert result.stdout.isascii()
    data = json.loads(result.stdout)
    messages = [d["message"] for d in data["diagnostics"]]
    assert "本届领导班子成员及分工 › 第1项 › 姓名：应为文字，实际是1" in messages


@pytest.mark.parametrize("encoding", ["gbk", "ascii"])
def test_text_and_help_degrade_instead_of_crashing(tmp_path: Path, encoding: str) -> None:
    (tmp_path / "b.yaml").write_text(BAD_BOOK, encoding="utf-8")
    env = {"PYTHONIOENCODING": encoding}
    result = run_bounded(["validate", "b.yaml"], tmp_path, env=env)
    assert result.returncode == 1, result.stderr
    assert "b.yaml:3:18" in result.stdout and "[schema]" in result.stdout
    for args in (["--help"], ["render", "--help"], ["comments", "import", "--help"], []):
        result = run_bounded(args, tmp_path, env=env)
        assert result.returncode == 0, (args, result.stderr)
        usage = f"ankao {' '.join(args[:-1])}".rstrip()
        assert usage in result.stdout
        if encoding == "gbk":
            assert f"用法：{usage}" in result.stdout and "选项" in result.stdout


def test_a_full_disk_on_stdout_is_one_chinese_line(repo: Path) -> None:
    for args in (["check"], ["check", "--format", "json"], ["--help"], ["init", "new-repo"]):
        with open("/dev/full", "w") as full:
            result = run_bounded(args, repo, stdout=full)
        assert result.returncode == 2, (args, result.stderr)
        assert result.stderr.strip().splitlines() == [
            "ankao：无法输出结果（标准输出）：磁盘空间已满"
        ], args


def test_a_closed_stdout_is_said(repo: Path) -> None:
    result = run_bounded(["check"], repo, stdout=None, close_stdout=True)
    assert result.returncode == 2
    assert result.stderr.strip() == "ankao：标准输出已关闭，无法输出结果"


# ------------------------------------------------------------------ user text is text

# (what a person wrote, what the terminal shows)
HOSTILE_TEXT = [
    ("偏低[/]", "偏低[/]"),
    ("[/x]", "[/x]"),
    ("[link=https://example.com/x]点这里[/link]", "[link=https://example.com/x]点这里[/link]"),
    ("[bold red]重要[/bold red]", "[bold red]重要[/bold red]"),
    ("\u009b2J清屏", "清屏"),  # 8-bit CSI: valid in XML, so loading keeps it; the sequence goes
    ("\u202e院学文", "院学文"),  # right-to-left override
]


@pytest.mark.parametrize(("text", "shown"), HOSTILE_TEXT)
def test_comments_merge_prints_a_comment_as_written(repo: Path, text: str, shown: str) -> None:
    path = repo / "reviews" / "文学院" / "r1-教务处.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["comments"][0]["text"] = text
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = run_bounded(
        ["comments", "merge", "文学院", "--round", "1"], repo, env={"COLUMNS": "400"}
    )
    assert result.returncode == 0, result.stderr
    assert shown in result.stdout
    assert (
        "\u009b" not in result.stdout
        and "\x1b" not in result.stdout
        and "\u202e" not in result.stdout
    )


@pytest.mark.parametrize(("text", "shown"), HOSTILE_TEXT)
def test_consequences_history_prints_a_grade_note_as_written(
    repo: Path, text: str, shown: str
) -> None:
    path = repo / "grades" / "2025.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["findings"][0]["note"] = text
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = run_bounded(["consequences", "--history"], repo, env={"COLUMNS": "400"})
    assert result.returncode == 0, result.stderr
    assert f"（{shown}）" in result.stdout


def test_reporters_remove_what_a_terminal_would_obey() -> None:
    hostile = "键\x1b[2J\x1b]8;;https://evil\x07链接\x1b]8;;\x07\x9b31m\u202e\x07\x08尾"
    report = Report(files=[f"a{hostile}.yaml"])
    report.findings.append(
        Finding(f"a{hostile}.yaml", 3, 1, "", "schema", Severity.ERROR, f"值{hostile}")
    )
    for reporter in (text_reporter, github_reporter):
        out = io.StringIO()
        reporter(report, out)
        text = out.getvalue()
        assert "键链接尾" in text
        assert not any(c in text for c in "\x1b\x9b\x07\x08\u202e"), repr(text)
    out = io.StringIO()
    json_reporter(report, out)
    assert (
        json.loads(out.getvalue())["diagnostics"][0]["message"] == f"值{hostile}"
    )  # data stays exact


def test_json_is_laid_out_a_finding_per_line_and_reads_back_whole() -> None:
    import json

    from ankao.reporters.findings import json_lines

    document = {
        "diagnostics": [
            {"file": "a.yaml", "line": 1, "message": "第一\n行"},
            {"file": "b.yaml", "line": 2, "message": '引号"和\\'},
        ],
        "summary": {"files": 2, "errors": 2, "warnings": 0},
        "stats": {f"taskbooks/{n}.yaml": {"targets": n} for n in range(5)},
        "empty": [],
    }
    text = json_lines(document)
    assert json.loads(text) == document
    lines = text.splitlines()
    assert lines[2].startswith('    {"file": "a.yaml"') and lines[3].startswith(
        '    {"file": "b.yaml"'
    )
    assert '  "summary": {"files": 2, "errors": 2, "warnings": 0},' in lines
    assert '    "taskbooks/4.yaml": {"targets": 4}' in lines and '  "empty": []' in lines
    ascii_only = json_lines(document, ensure_ascii=True)
    assert ascii_only.isascii() and json.loads(ascii_only) == document
    assert json_lines({}) == "{}"
