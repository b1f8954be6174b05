"""Names: invisible characters are findings, long names are shortened for files by bytes (issue 11)."""

from __future__ import annotations

import json
from pathlib import Path

import docx
import pytest
import yaml
from conftest import copy_examples
from hypothesis import given
from hypothesis import strategies as st

from ankao.load.files import MAX_NAME_BYTES, safe_filename
from ankao.load.names import INVISIBLE, invisible_problem
from hostile.bounded import run_bounded

TEACHING = (
    Path(__file__).resolve().parents[1]
    / "cases"
    / "valid"
    / "teaching-minimal"
    / "taskbooks"
    / "文学院.yaml"
)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return copy_examples(tmp_path)


# ------------------------------------------------------------------ invisible characters


@pytest.mark.parametrize("char", ["\u200b", "\u202e", "\ufeff", "\u2066", "\u00ad"])
def test_a_review_file_whose_unit_holds_an_invisible_character(repo: Path, char: str) -> None:
    path = repo / "reviews" / "文学院" / "r1-教务处.yaml"
    text = path.read_text(encoding="utf-8").replace("unit: 文学院", f"unit: 文{char}学院", 1)
    path.write_text(text, encoding="utf-8")
    line = next(i for i, t in enumerate(text.splitlines(), start=1) if t.startswith("unit:"))
    result = run_bounded(["validate", "reviews/文学院/r1-教务处.yaml", "--format", "json"], repo)
    assert result.returncode == 1
    found = [
        d for d in json.loads(result.stdout)["diagnostics"] if d["code"] == "invisible-character"
    ]
    assert [(d["line"], d["severity"]) for d in found] == [(line, "error")]
    assert found[0]["message"].startswith(f"单位名称“文学院”中有看不见的字符 U+{ord(char):04X}")


def test_a_grades_key_with_a_zero_width_space_is_no_phantom_unit(repo: Path) -> None:
    path = repo / "grades" / "2025.yaml"
    text = path.read_text(encoding="utf-8").replace("  文学院: 良好", "  文学院\u200b: 良好", 1)
    path.write_text(text, encoding="utf-8")
    line = next(i for i, t in enumerate(text.splitlines(), start=1) if "\u200b" in t)
    result = run_bounded(["consequences", "--format", "json"], repo)
    assert result.returncode == 1, result.stdout
    found = [
        d for d in json.loads(result.stdout)["diagnostics"] if d["code"] == "invisible-character"
    ]
    assert [(d["line"], d["column"]) for d in found] == [(line, 3)]
    assert "U+200B（零宽空格）" in found[0]["message"]


def test_invisible_problem_names_each_character_once() -> None:
    message = invisible_problem("\u202e文学\u200b院\u200b", "审核部门")
    assert message is not None
    assert message.startswith(
        "审核部门“文学院”中有看不见的字符 U+200B（零宽空格）、U+202E（从右到左强制）"
    )
    assert invisible_problem("文学院") is None
    assert invisible_problem("Ｘ大学 (新校区)") is None


# ------------------------------------------------------------------ file names


@given(
    st.text(
        alphabet=st.sampled_from(["文", "a", "𠀀", " ", ".", "é", *sorted(INVISIBLE)]), max_size=400
    )
)
def test_safe_filename_fits_in_bytes_and_has_no_invisible_character(name: str) -> None:
    out = safe_filename(name, "-任期目标任务书.docx")
    assert len(out.encode("utf-8")) <= MAX_NAME_BYTES
    assert out.endswith("-任期目标任务书.docx")
    assert not set(out) & INVISIBLE


def test_a_long_chinese_name_is_shortened_on_a_character_boundary() -> None:
    out = safe_filename("文" * 80, "-任期目标任务书.docx")
    assert out == "文" * 71 + "-任期目标任务书.docx"
    assert safe_filename("文\u200b学\u202e院", ".yaml") == "文学院.yaml"
    assert safe_filename("𠀀" * 100, ".yaml") == "𠀀" * 58 + ".yaml"


@pytest.mark.parametrize("length", [80, 236, 300])
def test_render_keeps_a_long_unit_and_school_whole_inside_the_document(
    tmp_path: Path, length: int
) -> None:
    root = tmp_path / "repo"
    unit = ("某" * (length - 3)) + "研究院"
    school = "学" * length
    (root / "taskbooks").mkdir(parents=True)
    (root / "ankao.yaml").write_text(f"school: {school}\n", encoding="utf-8")
    book = TEACHING.read_text(encoding="utf-8").replace("unit: 文学院", f"unit: {unit}", 1)
    (root / "taskbooks" / "a.yaml").write_text(book, encoding="utf-8")
    result = run_bounded(["render", "-o", "out"], root)
    assert result.returncode == 0, result.stdout + result.stderr
    [written] = (root / "out").iterdir()
    assert (
        written.name.endswith("-任期目标任务书.docx")
        and len(written.name.encode()) <= MAX_NAME_BYTES
    )
    document = docx.Document(str(written))
    assert any(unit in p.text for p in document.paragraphs)
    assert len(document.core_properties.title) <= 255 and document.core_properties.title.startswith(
        "某"
    )
    office = f"{school}领导小组办公室"  # SPEC §5: the school's office is the author
    assert document.core_properties.author == (office if len(office) <= 255 else office[:254] + "…")


def test_new_with_a_300_character_name(tmp_path: Path) -> None:
    unit = "某" * 300
    assert run_bounded(["init", "r"], tmp_path).returncode == 0
    result = run_bounded(["new", unit, "--kind", "teaching"], tmp_path / "r")
    assert result.returncode == 0, result.stderr
    path = tmp_path / "r" / "taskbooks" / ("某" * 78 + ".yaml")
    assert yaml.safe_load(path.read_text(encoding="utf-8"))["unit"] == unit


def test_new_refuses_a_name_with_invisible_characters(tmp_path: Path) -> None:
    assert run_bounded(["init", "r"], tmp_path).returncode == 0
    result = run_bounded(["new", "文\u200b学院", "--kind", "teaching"], tmp_path / "r")
    assert result.returncode == 2
    assert result.stderr.startswith("ankao：单位名称“文学院”中有看不见的字符 U+200B（零宽空格）")
    assert not (tmp_path / "r" / "taskbooks" / "文学院.yaml").exists()


@pytest.mark.parametrize(
    ("kind", "text", "path"),
    [
        ("taskbook", "unit: 文学院\u200b\n", "unit"),
        ("teaching", "unit: 文学院\u200b\n", "unit"),
        ("approval", "unit: \u202e文学院\n", "unit"),
        ("config", "units:\n  文学院\u2060: teaching\n", "units.文学院\u2060"),
        ("config", "reviewers:\n  教务处\u200d: [teaching]\n", "reviewers.教务处\u200d"),
        ("grades", "grades:\n  文学院\ufeff: 良好\n", "grades.文学院\ufeff"),
        ("grades", "findings:\n  - unit: 文学院\u200c\n", "findings[0].unit"),
        ("review", "reviewer: 教务处\u200b\n", "reviewer"),
    ],
)
def test_name_findings_for_every_kind_that_names_a_unit(kind: str, text: str, path: str) -> None:
    from ankao.load.document import load_text
    from ankao.load.unitnames import name_findings

    [finding] = name_findings(load_text(text, "f.yaml"), kind)
    assert (finding.code, finding.severity.value, finding.path) == (
        "invisible-character",
        "error",
        path,
    )
    assert finding.line == text.count("\n")
