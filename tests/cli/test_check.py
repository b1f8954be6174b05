"""`ankao check` through the CLI: the examples stay clean, each rule fires on a broken copy, stats, config."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import EXAMPLES, copy_examples, write
from typer.testing import CliRunner

from ankao.cli import app

BOOK = "taskbooks/文学院.yaml"

pytestmark = pytest.mark.skipif(not (EXAMPLES / BOOK).is_file(), reason="examples/ 还没有写好")


def _json(result: Any) -> dict[str, Any]:
    out = json.loads(result.stdout)
    assert isinstance(out, dict)
    return out


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A copy of examples/ to break, without the progress reminders (behind-milestone) the examples carry."""
    root = copy_examples(tmp_path, "examples")
    config = root / "ankao.yaml"
    text = config.read_text(encoding="utf-8")
    assert "  behind-milestone: warning " in text
    config.write_text(
        text.replace("  behind-milestone: warning ", "  behind-milestone: 'off' "), encoding="utf-8"
    )
    return root


def _line(text: str, needle: str) -> int:
    hits = [i for i, line in enumerate(text.splitlines(), start=1) if needle in line]
    assert len(hits) == 1, (needle, hits)
    return hits[0]


EXAMPLES_BEHIND = {
    # DJ-01 promises 不低于 12 次 every year (at_least) and held 11 in 2025
    "图书馆": ("DJ-01", "YW-01", "YW-03", "YW-05", "CN-01"),
    "教务处": ("DJ-07", "CN-02"),
    "数学与信息科学学院": ("JX-04", "KY-08", "SZ-01"),
    "文学院": ("KY-06", "KY-07", "SZ-01", "HZ-04"),
}
"""Targets behind their 2025 milestone in the examples (make demo shows them in ankao assess)."""


def test_examples_are_clean(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(EXAMPLES.parent)
    result = runner.invoke(app, ["check", "examples", "--format", "json"])
    assert result.exit_code == 0, result.stdout
    out = _json(result)
    # The examples are clean but for the targets their 2025 actuals leave behind (SPEC §8),
    # and two baselines of 图书馆 below what its last term (examples/任期目标2020) achieved.
    behind = {
        (d["file"], d["message"].split("“")[0])
        for d in out["diagnostics"]
        if d["code"] == "behind-milestone" and d["severity"] == "warning"
    }
    record = [
        (d["file"], d["code"], d["severity"], d["message"])
        for d in out["diagnostics"]
        if d["code"] != "behind-milestone"
    ]
    assert record == [
        (
            "examples/taskbooks/图书馆.yaml",
            "baseline-below-record",
            "warning",
            f"基数 {base} 低于上一任期 2023 年的实际完成值 {achieved}（上一任期 {old}）",
        )
        for base, achieved, old in ((168, 170, "YW-01"), (88, 91, "FW-02"))
    ]
    assert len(behind) + len(record) == len(out["diagnostics"]), out["diagnostics"]
    assert behind == {
        (f"examples/taskbooks/{unit}.yaml", f"目标 {ident}")
        for unit, ids in EXAMPLES_BEHIND.items()
        for ident in ids
    }
    books = sorted(
        p.relative_to(EXAMPLES.parent).as_posix() for p in (EXAMPLES / "taskbooks").glob("*.yaml")
    )
    assert sorted(out["stats"]) == books


def test_json_stats_of_a_book(
    runner: CliRunner, repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(repo)
    result = runner.invoke(app, ["check", BOOK, "--format", "json"])
    assert result.exit_code == 0, result.stdout
    stats = _json(result)["stats"][BOOK]
    sections = stats["sections"]
    assert list(sections) == [
        "party_building",
        "teaching",
        "research",
        "faculty",
        "students",
        "cooperation",
        "social_service",
        "other",
    ]
    assert sections["faculty"]["title"] == "师资队伍建设工作目标"
    assert stats["targets"] == sum(s["targets"] for s in sections.values())
    assert stats["quantitative"] == sum(s["quantitative"] for s in sections.values())
    assert stats["share"] == round(stats["quantitative"] / stats["targets"], 4)
    assert stats["share"] > 0.5
    text = (repo / BOOK).read_text(encoding="utf-8")
    assert stats["targets"] == text.count("- id: ")
    assert stats["quantitative"] == text.count("metric:")
    assert sections["other"]["quantitative"] == 0  # a section of qualitative targets only
    assert sections["other"]["share"] == 0.0


def test_text_output_has_a_table_per_book(
    runner: CliRunner, repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(repo)
    books = sorted((repo / "taskbooks").glob("*.yaml"))[:2]
    result = runner.invoke(app, ["check", *(f"taskbooks/{b.name}" for b in books)])
    assert result.exit_code == 0, result.stdout
    for book in books:
        assert f"taskbooks/{book.name}：目标统计" in result.stdout
    for word in ("部分", "目标数", "定量", "占比", "合计"):
        assert word in result.stdout
    assert "没有发现问题" in result.stdout


def test_many_books_get_one_overview_table(
    runner: CliRunner, repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(repo)
    result = runner.invoke(app, ["check", "taskbooks"])
    assert result.exit_code == 0, result.stdout
    books = sorted((repo / "taskbooks").glob("*.yaml"))
    assert len(books) > 3
    assert f"目标统计（{len(books)} 本任务书）" in result.stdout
    assert "：目标统计" not in result.stdout
    for book in books:
        assert f"taskbooks/{book.name}" in result.stdout
    total = sum(book.read_text(encoding="utf-8").count("- id: ") for book in books)
    assert "合计" in result.stdout and f" {total} " in result.stdout


def test_validate_has_no_stats(
    runner: CliRunner, repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(repo)
    result = runner.invoke(app, ["validate", BOOK, "--format", "json"])
    assert "stats" not in _json(result)


QUALITATIVE = (
    "    - id: QX-{n:02d}\n      content: 健全学习制度{n}\n      criteria: 2025年出台《制度{n}》\n"
)


def _dilute(text: str) -> str:
    """Add qualitative targets to `other` until quantitative ones are no more than half."""
    total, quantitative = text.count("- id: "), text.count("metric:")
    extra = max(0, 2 * quantitative - total)
    block = "".join(QUALITATIVE.format(n=n) for n in range(1, extra + 1))
    assert text.count("  other:\n") == 1
    return text.replace("  other:\n", "  other:\n" + block)


def _sub(old: str, new: str) -> Any:
    def edit(text: str) -> str:
        assert old in text, old
        return text.replace(old, new, 1)

    return edit


def _drop(text: str, needle: str) -> str:
    """The text without the one line holding `needle`."""
    lines = text.split("\n")
    keep = [line for line in lines if needle not in line]
    assert len(keep) == len(lines) - 1, needle
    return "\n".join(keep)


def _long_profile(text: str) -> str:
    """A profile of more than 100 字 (the example writes it on one line)."""
    assert "\nprofile: " in text and "\nprofile: >" not in text
    return text.replace("\nprofile: ", "\nprofile: " + "学院概况" * 25, 1)


# Each breaks one thing in examples/taskbooks/文学院.yaml: (rule, edit, the line it must name,
# as a needle on that line or a (needle, lines after it) pair).
BREAKS: list[tuple[str, Any, str | tuple[str, int]]] = [
    ("quantitative-share", _dilute, "goals:"),
    ("metric-incomplete", _sub("        unit: 门\n", ""), ("name: 省级一流本科课程", -1)),
    (
        "metric-direction",
        _sub("        baseline: 3\n        target: 7 ", "        baseline: 8\n        target: 7 "),
        "target: 7 ",
    ),
    (
        "milestones",
        _sub("{2024: 4, 2025: 5, 2026: 6, 2027: 7}", "{2024: 4, 2025: 3, 2026: 6, 2027: 7}"),
        "{2024: 4, 2025: 3, 2026: 6, 2027: 7}",
    ),
    (
        "criteria-missing",
        lambda text: _drop(text, "criteria: 2025年12月前建成微格教室"),
        "- id: JX-04",
    ),
    (
        "vague-wording",
        _sub(
            "criteria: 2025年12月前建成微格教室6间、书法实训室1间，设备总值不低于80万元，通过学校国有资产处验收",
            "criteria: 进一步加强实训中心建设，不断提高使用效益",
        ),
        "进一步加强实训中心建设",
    ),
    ("aspect-coverage", _sub("aspect: 典型选树", "aspect: 其他"), "party_building:"),
    ("phd-targets", _sub("aspect: 博士引进", "aspect: 人才引进"), "faculty:"),
    ("profile-length", _long_profile, "profile:"),
    ("owner-not-member", _sub("      owner: 孙某\n", "      owner: 钱某\n"), "owner: 钱某"),
    (
        "duplicate-id",
        _sub("- id: JX-02\n", "- id: JX-01\n"),
        ("content: 汉语国际教育专业获批省级一流本科专业建设点", -2),
    ),
    ("term-mismatch", _sub("  end: 2027\n", "  end: 2028\n"), "term:"),
    (
        "section-empty",
        lambda text: (
            text[: text.index("  social_service:\n")]
            + "  social_service: []\n\n"
            + text[text.index("  other:\n") :]
        ),
        "social_service: []",
    ),
]


@pytest.mark.parametrize(("code", "edit", "where"), BREAKS, ids=[b[0] for b in BREAKS])
def test_each_rule_fires_on_a_broken_example(
    runner: CliRunner,
    repo: Path,
    monkeypatch: pytest.MonkeyPatch,
    code: str,
    edit: Any,
    where: str | tuple[str, int],
) -> None:
    path = repo / BOOK
    text = edit(path.read_text(encoding="utf-8"))
    path.write_text(text, encoding="utf-8")
    monkeypatch.chdir(repo)
    result = runner.invoke(app, ["check", "--format", "json"])
    out = _json(result)
    mine = [d for d in out["diagnostics"] if d["code"] == code]
    assert [d["file"] for d in mine] == [BOOK], out["diagnostics"]
    needle, delta = (where, 0) if isinstance(where, str) else where
    assert mine[0]["line"] == _line(text, needle) + delta, mine
    assert not [d for d in out["diagnostics"] if d["code"] == "schema"]
    if code == "vague-wording":
        assert mine[0]["severity"] == "warning"
        assert result.exit_code == 0
    else:
        assert mine[0]["severity"] == "error"
        assert result.exit_code == 1


def test_severity_off_and_warning_from_ankao_yaml(
    runner: CliRunner, repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = repo / BOOK
    path.write_text(
        path.read_text(encoding="utf-8").replace("aspect: 博士引进", "aspect: 人才引进"),
        encoding="utf-8",
    )
    config = repo / "ankao.yaml"
    original = config.read_text(encoding="utf-8")
    assert "  phd-targets: error" in original
    monkeypatch.chdir(repo)

    config.write_text(
        original.replace("  phd-targets: error", "  phd-targets: warning"), encoding="utf-8"
    )
    result = runner.invoke(app, ["check", BOOK, "--format", "json"])
    assert result.exit_code == 0
    assert [d["severity"] for d in _json(result)["diagnostics"]] == ["warning"]

    config.write_text(
        original.replace("  phd-targets: error", "  phd-targets: {severity: 'off'}"),
        encoding="utf-8",
    )
    result = runner.invoke(app, ["check", BOOK, "--format", "json"])
    assert result.exit_code == 0
    assert _json(result)["diagnostics"] == []


def test_threshold_from_ankao_yaml(
    runner: CliRunner, repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = repo / "ankao.yaml"
    original = config.read_text(encoding="utf-8")
    config.write_text(
        original.replace("    min_share: 0.5 ", "    min_share: 0.9 "), encoding="utf-8"
    )
    monkeypatch.chdir(repo)
    result = runner.invoke(app, ["check", BOOK, "--format", "json"])
    assert result.exit_code == 1
    [d] = _json(result)["diagnostics"]
    assert d["code"] == "quantitative-share"
    assert "需超过 90%" in d["message"]


def test_bad_rules_config_is_a_finding_in_ankao_yaml(
    runner: CliRunner, tmp_path: Path, teaching_text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(
        tmp_path,
        "ankao.yaml",
        "school: 示范学院\nrules:\n  profile-length:\n    max_chars: 一百\n"
        "  owner-not-member: {severity: error, words: [甲]}\n",
    )
    write(tmp_path, BOOK, teaching_text)
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["check", BOOK, "--format", "json"])
    assert result.exit_code == 1
    found = {(d["file"], d["line"], d["code"]) for d in _json(result)["diagnostics"]}
    assert ("ankao.yaml", 4, "schema") in found
    assert ("ankao.yaml", 5, "schema") in found
    messages = [d["message"] for d in _json(result)["diagnostics"]]
    assert any("字数上限：应为整数" in m for m in messages)
    assert any("不认识的键“words”" in m for m in messages)
    # the book is still checked, with the default limit
    assert BOOK in _json(result)["stats"]


def test_a_book_with_schema_errors_gets_no_rules_and_no_stats(
    runner: CliRunner, tmp_path: Path, teaching_text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path, BOOK, teaching_text.replace("        target: 5", "        target: 五"))
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["check", BOOK, "--format", "json"])
    assert result.exit_code == 1
    out = _json(result)
    assert {d["code"] for d in out["diagnostics"]} == {"schema"}
    assert out["stats"] == {}
