"""Numbers stay numbers (issue 27): an extreme figure is a finding at its line in every command,
never a crash, NaN/Infinity in JSON or nan% in a document; actuals outside the term are not
counted; out-of-range years and dates are usage errors."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from conftest import copy_examples

from hostile.bounded import run_bounded
from hostile.round3 import BOOK, only_written, tree_state

EXTREMES = ["9" * 400, "1e308", "-1e308", "1e-320", "0x" + "f" * 20, "123456789012345678"]

# (arguments, what it may write)
COMMANDS = [
    (["check"], None),
    (["validate", str(BOOK)], None),
    (["assess", "文学院"], None),
    (["assess", "--all", "--format", "json"], None),
    (["status", "--format", "json"], None),
    (["summary", "--format", "json"], None),
    (["diff", "文学院", "../原来.yaml", str(BOOK), "--format", "json"], None),
    (["summary", "-o", "汇总.xlsx"], "汇总.xlsx"),
    (["render", "-o", "out"], "out"),
    (["assess", "--all", "-o", "汇总.xlsx"], "汇总.xlsx"),
]


def _extreme(tmp_path: Path, value: str) -> Path:
    repo = copy_examples(tmp_path)
    book = repo / BOOK
    text = book.read_text(encoding="utf-8")
    (tmp_path / "原来.yaml").write_text(text, encoding="utf-8")
    assert "        target: 12\n" in text
    text = text.replace("        target: 12\n", f"        target: {value}\n", 1)
    text = text.replace("actuals: {2024: 10, 2025: 12}", f"actuals: {{2024: {value}, 2025: 12}}", 1)
    book.write_text(text, encoding="utf-8")
    return repo


def _no_nan(text: str) -> None:
    for bad in ("NaN", "Infinity", "nan%", "inf%"):
        assert bad not in text


CASES = [(args, writes, value) for args, writes in COMMANDS for value in (EXTREMES[0], EXTREMES[3])]
CASES += [(["check"], None, v) for v in EXTREMES if v not in (EXTREMES[0], EXTREMES[3])]
CASES += [(["assess", "--all", "--format", "json"], None, v) for v in (EXTREMES[1], EXTREMES[2])]


@pytest.mark.parametrize(
    ("args", "writes", "value"), CASES, ids=[f"{' '.join(a[:2])}-{v[:8]}" for a, _, v in CASES]
)
def test_extreme_number_is_a_finding(
    tmp_path: Path, value: str, args: list[str], writes: str | None
) -> None:
    repo = _extreme(tmp_path, value)
    before = tree_state(tmp_path)
    done = run_bounded(args, repo)
    assert done.returncode == 1, done.stdout[-2000:] + done.stderr
    _no_nan(done.stdout)
    if "json" in args:
        document = json.loads(done.stdout, parse_constant=lambda c: pytest.fail(f"JSON 中有 {c}"))
        messages = [
            d for d in document.get("diagnostics", []) if "超出了可以计算的范围" in d["message"]
        ]
    else:
        messages = [ln for ln in done.stdout.splitlines() if "超出了可以计算的范围" in ln]
    if args[0] not in ("diff", "render"):
        assert messages, done.stdout[-3000:]
        if "json" not in args:
            assert any(ln.startswith(f"{BOOK.as_posix()}:45:") for ln in messages)
    only_written(before, tree_state(tmp_path), *([f"repo/{writes}"] if writes else []))
    if writes and (repo / writes).is_dir():
        for doc in (repo / writes).glob("*.docx"):
            with zipfile.ZipFile(doc) as z:
                _no_nan(z.read("word/document.xml").decode("utf-8"))


def test_actual_outside_the_term_not_counted(tmp_path: Path) -> None:
    repo = copy_examples(tmp_path)
    book = repo / BOOK
    text = book.read_text(encoding="utf-8")
    book.write_text(
        text.replace("actuals: {2024: 10, 2025: 12}", "actuals: {2019: 12, 2031: 12}", 1),
        encoding="utf-8",
    )
    for year in ("2025", "2027"):
        done = run_bounded(["assess", "文学院", "--year", year, "--format", "json"], repo)
        result = json.loads(done.stdout)["results"][0]
        first = next(t for t in result["targets"] if t["id"] == "DJ-01")
        assert first["status"] == "no_data", first
        assert first["completion"] is None


@pytest.mark.parametrize("year", ["99999", "-5", "1948", "2201", "9" * 30, "2025.5", "二〇二五"])
def test_assess_year_out_of_range_usage_error(tmp_path: Path, year: str) -> None:
    repo = copy_examples(tmp_path)
    before = tree_state(tmp_path)
    done = run_bounded(["assess", "文学院", "--year", year], repo)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("ankao：--year 的值无效")
    only_written(before, tree_state(tmp_path))
