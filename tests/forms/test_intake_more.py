"""`ankao intake`: a new unit's book, --actuals forms, staleness and merging, files it cannot read."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import openpyxl
from conftest import commit

from ankao.load.document import load_text
from tests.forms.helpers import (
    changed_lines,
    cli,
    make_form,
    row_of,
    set_cells,
)


def _book(repo: Path, unit: str = "文学院") -> Path:
    return repo / "taskbooks" / f"{unit}.yaml"


# --- a new unit ------------------------------------------------------------------------------


def test_new_unit_form_needs_what_the_schema_requires(repo: Path) -> None:
    form = repo / "新学院.xlsx"
    assert cli("form", "新学院", "--kind", "teaching", "-o", str(form)).exit_code == 0
    result = cli("intake", str(form), "--format", "json")
    assert result.exit_code == 1
    found = {(d["path"], d["code"]) for d in json.loads(result.output)["diagnostics"]}
    # 本单位自然情况 (B8), 任期总体目标 (B9) and at least one member (班子成员 A4)
    assert ("基本情况!B8", "form-required") in found
    assert ("基本情况!B9", "form-required") in found
    assert ("班子成员!A4", "form-required") in found
    assert not _book(repo, "新学院").exists()


def test_new_unit_form_becomes_its_book(repo: Path) -> None:
    form = repo / "新学院.xlsx"
    assert cli("form", "新学院", "--kind", "teaching", "-o", str(form)).exit_code == 0
    set_cells(form, "基本情况", {"B8": "新学院现有2个本科专业。", "B9": "建成特色鲜明的学院。"})
    set_cells(
        form,
        "班子成员",
        {"A4": "赵某", "B4": "党委书记、院长", "C4": "主持全面工作", "D4": "党政主要负责人"},
    )
    set_cells(
        form,
        "教学工作目标",
        {"A4": "JX-01", "B4": "专业建设", "C4": "新增本科专业", "D4": "本科专业数", "E4": "个",
         "F4": 2, "G4": 3, "H4": "提高", "L4": 3, "N4": "赵某"},
    )  # fmt: skip
    result = cli("intake", str(form))
    assert "新建 taskbooks/新学院.yaml" in result.output, result.output
    text = _book(repo, "新学院").read_text(encoding="utf-8")
    doc = load_text(text)
    data = doc.data
    assert data["unit"] == "新学院" and data["kind"] == "teaching"
    assert data["term"] == {"start": 2024, "end": 2027}
    assert data["members"] == [
        {"name": "赵某", "post": "党委书记、院长", "duties": "主持全面工作", "principal": "both"}
    ]
    assert data["goals"]["teaching"] == [
        {
            "id": "JX-01",
            "aspect": "专业建设",
            "content": "新增本科专业",
            # 提高 is the default direction: left out, as `ankao new` leaves it
            "metric": {"name": "本科专业数", "unit": "个", "baseline": 2, "target": 3,
                       "milestones": {"2027": 3}},
            "owner": "赵某",
        }
    ]  # fmt: skip
    assert cli("validate", "taskbooks/新学院.yaml").exit_code == 0
    # intake of the same form again changes nothing
    before = _book(repo, "新学院").read_bytes()
    again = cli("intake", str(form))
    assert "没有改动" in again.output
    assert _book(repo, "新学院").read_bytes() == before


# --- an --actuals form ----------------------------------------------------------------------


def _actuals_form(repo: Path, year: int = 2026) -> Path:
    out = repo / f"文学院-{year}.xlsx"
    result = cli("form", "文学院", "--actuals", str(year), "-o", str(out))
    assert result.exit_code == 0, result.output
    return out


def test_actuals_untouched_changes_nothing(repo: Path) -> None:
    before = _book(repo).read_bytes()
    form = _actuals_form(repo, 2025)  # 2025 already has figures: shown, read back unchanged
    assert cli("intake", str(form)).exit_code == 0
    assert _book(repo).read_bytes() == before


def test_actuals_intake_writes_the_years_figures(repo: Path) -> None:
    before = _book(repo).read_text(encoding="utf-8")
    form = _actuals_form(repo)
    dj01 = row_of(form, "完成情况", "DJ-01")
    dj03 = row_of(form, "完成情况", "DJ-03")
    set_cells(form, "完成情况", {f"I{dj01}": 12, f"J{dj03}": "部分完成", f"K{dj03}": "完成8学时"})
    result = cli("intake", str(form), "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["intake"][0]["actuals"] == ["DJ-01", "DJ-03"]
    after = _book(repo).read_text(encoding="utf-8")
    lines = (
        changed_lines(before, after)
        if len(before.splitlines()) == len(after.splitlines())
        else None
    )
    data = load_text(after).data
    targets = {t["id"]: t for t in data["goals"]["party_building"]}
    assert targets["DJ-01"]["actuals"] == {"2024": 10, "2025": 12, "2026": 12}
    assert targets["DJ-03"]["actuals"]["2026"] == {"status": "部分完成", "note": "完成8学时"}
    if lines is not None:
        assert any("2026: 12" in new for _, new in lines)


def test_actuals_bad_status_refused_at_its_cell(repo: Path) -> None:
    before = _book(repo).read_bytes()
    form = _actuals_form(repo)
    dj03 = row_of(form, "完成情况", "DJ-03")
    set_cells(form, "完成情况", {f"J{dj03}": "基本完成"})
    result = cli("intake", str(form))
    assert result.exit_code == 1
    assert f"› 完成情况!J{dj03}" in result.output and "基本完成" in result.output
    assert _book(repo).read_bytes() == before


# --- staleness: the book changed after the form was made --------------------------------------


def _office_edits(repo: Path, old: str, new: str) -> None:
    book = _book(repo)
    book.write_text(book.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    commit(repo, "办公室修改")


def test_stale_form_merges_changes_to_different_targets(repo: Path) -> None:
    form = make_form(repo)
    _office_edits(repo, "baseline: 8\n", "baseline: 7\n")  # DJ-01's baseline, by the office
    row = row_of(form, "学生工作目标", "XS-01")
    set_cells(form, "学生工作目标", {f"G{row}": 93, f"L{row}": 93})  # XS-01, by the unit
    result = cli("intake", str(form))
    assert result.exit_code == 0, result.output
    text = _book(repo).read_text(encoding="utf-8")
    assert "baseline: 7\n" in text  # the office's change kept
    assert "target: 93\n" in text  # the form's change taken
    assert "DJ-01" in result.output  # named among the office's changes kept


def test_stale_form_conflict_on_one_target_refused_then_forced(repo: Path) -> None:
    form = make_form(repo)
    _office_edits(repo, "baseline: 8\n", "baseline: 7\n")  # DJ-01
    row = row_of(form, "党建工作目标", "DJ-01")
    set_cells(form, "党建工作目标", {f"F{row}": 9})
    before = _book(repo).read_bytes()
    result = cli("intake", str(form))
    assert result.exit_code == 1
    assert f"› 党建工作目标!A{row}" in result.output and "目标 DJ-01" in result.output
    assert "--force" in result.output
    assert _book(repo).read_bytes() == before
    forced = cli("intake", str(form), "--force")
    assert forced.exit_code == 0, forced.output
    assert "baseline: 9\n" in _book(repo).read_text(encoding="utf-8")


def test_stale_form_whose_book_is_not_in_git_history(repo: Path) -> None:
    book = _book(repo)
    book.write_text(
        book.read_text(encoding="utf-8").replace("baseline: 8\n", "baseline: 6\n"), encoding="utf-8"
    )
    form = make_form(repo)  # made from a version never committed
    book.write_text(
        book.read_text(encoding="utf-8").replace("baseline: 6\n", "baseline: 5\n"), encoding="utf-8"
    )
    commit(repo, "另一版")
    result = cli("intake", str(form))
    assert result.exit_code == 1 and "git 历史中找不到" in result.output


# --- what it cannot read: one line, exit 2 ----------------------------------------------------


def _one_line_exit_2(path: Path, words: str) -> None:
    result = cli("intake", str(path))
    assert result.exit_code == 2, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and words in lines[0], result.output
    assert "Traceback" not in result.output


def test_xls_and_et_refused(repo: Path) -> None:
    for name in ("x.xls", "x.et"):
        (repo / name).write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
        _one_line_exit_2(repo / name, "另存为")
    disguised = repo / "disguised.xlsx"
    disguised.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    _one_line_exit_2(disguised, "另存为")


def test_password_protected_refused(repo: Path) -> None:
    encrypted = repo / "pw.xlsx"
    encrypted.write_bytes(
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + b"\0" * 100
        + "EncryptionInfo".encode("utf-16-le")
        + b"\0" * 100
    )
    _one_line_exit_2(encrypted, "密码")


def test_workbook_that_is_not_a_form_refused(repo: Path) -> None:
    plain = repo / "plain.xlsx"
    wb = openpyxl.Workbook()
    wb.active["A1"] = "随便什么"
    wb.save(plain)
    _one_line_exit_2(plain, "不是 ankao 的填写表")


def test_zip_bomb_refused_before_parsing(repo: Path) -> None:
    bomb = repo / "bomb.xlsx"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/worksheets/sheet1.xml", b"<" + b"a" * (30 * 1024 * 1024))
    bomb.write_bytes(buffer.getvalue())
    assert bomb.stat().st_size < 1024 * 1024  # small on disk
    _one_line_exit_2(bomb, "超过上限")


def test_oversized_sheet_refused_by_its_declared_size(repo: Path) -> None:
    form = make_form(repo)
    data = io.BytesIO()
    with zipfile.ZipFile(form) as src, zipfile.ZipFile(data, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = src.read(info)
            if info.filename == "xl/worksheets/sheet4.xml":
                import re

                content = re.sub(
                    rb'<dimension ref="[^"]+"', b'<dimension ref="A1:XFD1048576"', content
                )
            dst.writestr(info, content)
    form.write_bytes(data.getvalue())
    _one_line_exit_2(form, "1048576 行")


def test_xlsm_values_read_macros_never_run(repo: Path) -> None:
    form = make_form(repo)
    xlsm = repo / "文学院-任务书.xlsm"
    form.rename(xlsm)
    before = _book(repo).read_bytes()
    result = cli("intake", str(xlsm), "--format", "json")
    assert result.exit_code == 0, result.output
    assert "form-macros" in {d["code"] for d in json.loads(result.output)["diagnostics"]}
    assert _book(repo).read_bytes() == before
