"""`ankao assess` through the CLI: JSON of SPEC §4, text tables, the .docx report and the .xlsx workbook."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import copy_examples, soffice_convert, write
from typer.testing import CliRunner

from ankao.cli import app

runner = CliRunner()


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the examples, as the current folder."""
    root = copy_examples(tmp_path, "examples")
    monkeypatch.chdir(root)
    return root


def invoke(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["assess", *args], env={"COLUMNS": "80", "NO_COLOR": "1"})
    return result.exit_code, result.output


def as_json(*args: str) -> dict[str, Any]:
    code, out = invoke(*args, "--format", "json")
    assert code == 0, out
    data = json.loads(out)
    assert isinstance(data, dict)
    return data


def test_json_is_spec_section_4(repo: Path) -> None:
    data = as_json("文学院")
    assert set(data) == {"diagnostics", "summary", "results"}
    assert data["diagnostics"] == []
    assert data["summary"] == {"files": 1, "errors": 0, "warnings": 0}
    [result] = data["results"]
    assert set(result) == {"unit", "as_of", "completion", "met", "behind", "no_data", "targets"}
    assert result["unit"] == "文学院"
    assert result["as_of"] == 2025 and isinstance(result["as_of"], int)
    targets = {t["id"]: t for t in result["targets"]}
    assert all(
        set(t) == {"id", "section", "completion", "status", "actual_year"} for t in targets.values()
    )
    # JX-03: baseline 3, target 7, 6 in 2025 -> 0.75, above the milestone 5
    assert targets["JX-03"] == {
        "id": "JX-03",
        "section": "teaching",
        "completion": 0.75,
        "status": "on_track",
        "actual_year": 2025,
    }
    # KY-07: baseline 85, target 150, 112 in 2025 (milestone 115): unrounded
    assert targets["KY-07"]["completion"] == pytest.approx(27 / 65)
    assert targets["KY-07"]["completion"] != round(targets["KY-07"]["completion"], 4)
    assert targets["KY-07"]["status"] == "behind"
    assert targets["HZ-04"] == {
        "id": "HZ-04",
        "section": "cooperation",
        "completion": 0.0,
        "status": "behind",
        "actual_year": 2025,
    }
    assert targets["JX-06"] == {
        "id": "JX-06",
        "section": "teaching",
        "completion": None,
        "status": "no_data",
        "actual_year": None,
    }
    assert result["behind"] == sum(1 for t in targets.values() if t["status"] == "behind") == 4
    assert result["met"] == sum(1 for t in targets.values() if t["status"] == "met")
    assert result["no_data"] == sum(1 for t in targets.values() if t["status"] == "no_data")
    clamped = [min(1.0, max(0.0, t["completion"] or 0.0)) for t in targets.values()]
    assert result["completion"] == pytest.approx(sum(clamped) / len(clamped))


def test_every_unit_without_names_and_the_year_option(repo: Path) -> None:
    data = as_json()
    assert [r["unit"] for r in data["results"]] == [
        "图书馆",
        "教务处",
        "数学与信息科学学院",
        "文学院",
    ]
    assert data["summary"]["files"] == 4
    early = as_json("文学院", "--year", "2024")["results"][0]
    assert early["as_of"] == 2024
    jx03 = next(t for t in early["targets"] if t["id"] == "JX-03")
    assert jx03["completion"] == 0.25  # 4 in 2024


def test_text_puts_lagging_targets_first(repo: Path) -> None:
    code, out = invoke("文学院")
    assert code == 0
    assert "文学院（截至 2025 年）完成度" in out
    assert "滞后 4 项" in out
    rows = [line for line in out.splitlines() if line.startswith("│ ") and line[2:4].isalpha()]
    ids = [line.split("│")[1].strip() for line in rows]
    statuses = [line.split("│")[-2].strip() for line in rows]
    assert statuses[:4] == ["滞后"] * 4
    assert set(ids[:4]) == {"KY-06", "KY-07", "SZ-01", "HZ-04"}
    assert statuses[-1] == "已完成"
    assert max(len(line) for line in out.splitlines()) <= 80


def test_a_book_without_actuals_is_a_note_not_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, office_text: str
) -> None:
    write(tmp_path, "taskbooks/图书馆.yaml", office_text)
    monkeypatch.chdir(tmp_path)
    code, out = invoke("图书馆", "--format", "json")
    assert code == 0
    data = json.loads(out)
    [note] = data["diagnostics"]
    assert (note["code"], note["severity"], note["line"]) == ("no-actuals", "info", 3)
    assert "还没有填写任何年度完成情况" in note["message"]
    [result] = data["results"]
    assert {t["status"] for t in result["targets"]} == {"no_data"}
    assert result["completion"] == 0.0
    assert result["no_data"] == len(result["targets"])
    code, out = invoke("图书馆")
    assert code == 0
    assert "还没有填写任何年度完成情况" in out


def test_usage_errors_exit_2(repo: Path) -> None:
    code, out = invoke("无此单位")
    assert code == 2 and "没有找到单位“无此单位”的任务书" in out
    code, out = invoke("文学院", "教务处", "-o", "报告.docx")
    assert code == 2 and "请只写一个单位" in out
    code, out = invoke("文学院", "-o", "报告.pdf")
    assert code == 2 and ".docx" in out
    code, out = invoke("文学院", "--all")
    assert code == 2
    assert not (repo / "报告.docx").exists()


def test_a_broken_book_is_exit_1(repo: Path) -> None:
    path = repo / "taskbooks" / "教务处.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("target: 70\n", "target: 七十\n"), encoding="utf-8"
    )
    code, out = invoke("教务处", "--format", "json")
    assert code == 1
    data = json.loads(out)
    assert [d["code"] for d in data["diagnostics"]] == ["schema"]
    assert data["results"] == []


# --- the report ---------------------------------------------------------------------------------


def _docx_text(path: Path) -> tuple[list[tuple[str, str]], list[Any]]:
    import docx

    doc = docx.Document(str(path))
    return [(p.style.name, p.text) for p in doc.paragraphs], doc.tables


def test_report_docx(repo: Path) -> None:
    code, out = invoke("文学院", "-o", "报告.docx")
    assert code == 0, out
    assert "已生成：报告.docx" in out
    paragraphs, tables = _docx_text(repo / "报告.docx")
    headings = [text for style, text in paragraphs if style.startswith("Heading 1")]
    assert headings == [
        "一、基本情况",
        "二、任期目标完成情况",
        "三、年度考核情况",
        "四、未完成的目标",
        "五、自查自评",
        "六、领导小组结论",
    ]
    assert paragraphs[0] == ("Title", "文学院中层领导班子任期考核报告\n（2024—2027年）")
    sections = [text for style, text in paragraphs if style.startswith("Heading 2")]
    assert sections[0] == "（一）党建工作目标" and sections[-1] == "（八）其他目标"
    # the team
    assert tables[0].rows[0].cells[0].text == "姓名"
    # a section table: 编号 目标内容 基数 目标值 2024…2027 完成度 状态
    teaching = next(t for t in tables if any(r.cells[0].text == "JX-03" for r in t.rows))
    assert [c.text for c in teaching.rows[0].cells][:4] == ["编号", "目标内容", "基数", "目标值"]
    assert [c.text for c in teaching.rows[1].cells][4:8] == ["2024", "2025", "2026", "2027"]
    jx03 = next(r for r in teaching.rows if r.cells[0].text == "JX-03")
    assert [c.text for c in jx03.cells][2:] == ["3", "7", "4", "6", "", "", "75%", "按进度"]
    jx01 = next(r for r in teaching.rows if r.cells[0].text == "JX-01")
    assert [c.text for c in jx01.cells][2:] == [
        "—",
        "定性",
        "部分完成",
        "部分完成",
        "",
        "",
        "50%",
        "按进度",
    ]
    # the annual grades and their consequences (grades/2024.yaml: 优秀, 2025.yaml: 良好)
    grades = next(t for t in tables if t.rows[0].cells[0].text == "年度")
    assert [[c.text for c in r.cells][:2] for r in grades.rows[1:]] == [
        ["2024", "优秀"],
        ["2025", "良好"],
    ]
    assert grades.rows[1].cells[3].text == "按照有关规定给予奖励（年度考核结果为优秀）"
    assert grades.rows[2].cells[3].text == "无"
    # the targets not met, lagging first
    lagging = next(t for t in tables if [c.text for c in t.rows[0].cells][-1] == "完成情况")
    ids = [r.cells[0].text for r in lagging.rows[1:]]
    assert set(ids[:4]) == {"KY-06", "KY-07", "SZ-01", "HZ-04"}
    assert "JX-03" in ids and "DJ-01" not in ids  # DJ-01 is met
    ky07 = next(r for r in lagging.rows if r.cells[0].text == "KY-07")
    assert ky07.cells[4].text == "2025年完成112万元；2025年年度进度115万元"
    # left for people to write
    texts = [text for _, text in paragraphs]
    assert texts.index("五、自查自评") < texts.index("六、领导小组结论")
    assert any(text.startswith("（由单位对照任务书逐项填写") for text in texts)
    # what the document is, in its custom properties (SPEC §5)
    props = _custom_properties(repo / "报告.docx")
    assert props["ankao.document"] == "report"
    assert props["ankao.units"] == "文学院"
    assert props["ankao.term"] == "2024-2027"
    assert (
        props["ankao.fingerprint"].startswith("sha256:") and len(props["ankao.fingerprint"]) == 71
    )


def _custom_properties(path: Path) -> dict[str, str]:
    import zipfile
    from xml.etree import ElementTree

    with zipfile.ZipFile(path) as z:
        root = ElementTree.fromstring(z.read("docProps/custom.xml"))
        assert "docProps/custom.xml" in z.read("[Content_Types].xml").decode()
    return {p.get("name", ""): "".join(p.itertext()) for p in root}


def test_writers_refuse_to_overwrite_without_force(repo: Path) -> None:
    (repo / "报告.docx").write_bytes(b"mine")
    code, out = invoke("文学院", "-o", "报告.docx")
    assert code == 2
    assert "已存在" in out and "--force" in out
    assert (repo / "报告.docx").read_bytes() == b"mine"
    code, _ = invoke("文学院", "-o", "报告.docx", "--force")
    assert code == 0
    assert (repo / "报告.docx").read_bytes()[:2] == b"PK"
    (repo / "汇总.xlsx").write_bytes(b"mine")
    code, out = invoke("--all", "-o", "汇总.xlsx")
    assert code == 2 and "--force" in out
    assert (repo / "汇总.xlsx").read_bytes() == b"mine"


@pytest.mark.soffice
def test_report_opens_in_libreoffice(repo: Path, tmp_path: Path) -> None:
    code, _ = invoke("文学院", "-o", "报告.docx")
    assert code == 0
    pdf = soffice_convert(repo / "报告.docx", "pdf", tmp_path / "pdf")
    assert pdf.stat().st_size > 10_000


# --- the workbook -------------------------------------------------------------------------------


def test_workbook_xlsx(repo: Path) -> None:
    import openpyxl

    code, out = invoke("--all", "-o", "汇总.xlsx")
    assert code == 0, out
    wb = openpyxl.load_workbook(repo / "汇总.xlsx")
    assert wb.sheetnames == ["完成情况汇总", "目标明细"]
    ws = wb["完成情况汇总"]
    header = [c.value for c in ws[1]]
    assert header[:8] == [
        "单位",
        "类别",
        "截至年度",
        "总体完成度",
        "已完成",
        "按进度",
        "滞后",
        "无数据",
    ]
    assert "教学工作目标" in header and "具体业务工作目标" in header
    rows = {row[0]: row for row in ws.iter_rows(min_row=2, values_only=True)}
    assert set(rows) == {"图书馆", "教务处", "数学与信息科学学院", "文学院"}
    json_results = {r["unit"]: r for r in as_json()["results"]}
    for unit, row in rows.items():
        assert row[3] == pytest.approx(json_results[unit]["completion"])
        assert row[6] == json_results[unit]["behind"]
    # an office unit has no 教学工作目标
    assert rows["教务处"][header.index("教学工作目标")] is None
    assert ws["D2"].number_format == "0.0%"

    charts = ws._charts
    assert len(charts) == 2
    overall, by_section = charts
    assert overall.tagname == "barChart" and by_section.tagname == "barChart"
    [series] = overall.series
    assert series.val.numRef.f == "'完成情况汇总'!$D$2:$D$5"
    assert series.tx.strRef.f == "'完成情况汇总'!D1"  # the series is named by its header
    assert (
        series.cat.numRef.f == "'完成情况汇总'!$A$2:$A$5"
        or series.cat.strRef.f == "'完成情况汇总'!$A$2:$A$5"
    )
    assert len(by_section.series) == len(header) - 8
    assert by_section.series[0].val.numRef.f == "'完成情况汇总'!$I$2:$I$5"

    # conditional formatting marks the units and targets behind
    ranges = {str(r.sqref): [rule for rule in r.rules] for r in ws.conditional_formatting}
    assert "G2:G5" in ranges
    details = wb["目标明细"]
    dhead = [c.value for c in details[1]]
    assert dhead[:4] == ["单位", "部分", "编号", "目标内容"]
    assert dhead[-4:] == ["截至年度", "应达", "完成度", "状态"]
    status_col = openpyxl.utils.get_column_letter(len(dhead))
    formulas = [rule.formula[0] for r in details.conditional_formatting for rule in r.rules]
    assert f'${status_col}2="滞后"' in formulas
    behind = [row[2] for row in details.iter_rows(min_row=2, values_only=True) if row[-1] == "滞后"]
    assert len(behind) == sum(r["behind"] for r in json_results.values())
    ky07 = next(
        row
        for row in details.iter_rows(min_row=2, values_only=True)
        if row[0] == "文学院" and row[2] == "KY-07"
    )
    assert ky07[dhead.index("2025年完成")] == 112
    assert ky07[dhead.index("完成度")] == pytest.approx(27 / 65)
    assert wb.custom_doc_props["ankao.document"].value == "report"


def test_check_reports_behind_milestone_at_the_target_line(repo: Path) -> None:
    result = runner.invoke(app, ["check", "--format", "json"])
    assert result.exit_code == 0, result.output
    found = [d for d in json.loads(result.stdout)["diagnostics"] if d["code"] == "behind-milestone"]
    text = (repo / "taskbooks" / "文学院.yaml").read_text(encoding="utf-8").splitlines()
    [ky07] = [d for d in found if d["file"] == "taskbooks/文学院.yaml" and "KY-07" in d["message"]]
    assert text[ky07["line"] - 1].strip() == "- id: KY-07"
    assert (ky07["severity"], ky07["path"]) == ("warning", "goals.research[6]")
    assert ky07["message"] == (
        "目标 KY-07“提高纵向、横向科研经费总额”2025 年完成 112万元，低于 2025 年的年度进度 115万元"
        "（方向为“提高”），进度滞后：请督促责任人提出整改措施"
    )
    # the same targets are `behind` in ankao assess
    assessed = as_json()
    behind = {
        (r["unit"], t["id"])
        for r in assessed["results"]
        for t in r["targets"]
        if t["status"] == "behind"
    }
    named = {
        (d["file"].removeprefix("taskbooks/").removesuffix(".yaml"), d["message"].split("“")[0][3:])
        for d in found
    }
    assert behind == named


def test_all_units_share_one_year_and_older_figures_are_marked(repo: Path) -> None:
    """SPEC §8: one as-of year for a run; a figure from before it says the year it is from."""
    path = repo / "taskbooks" / "文学院.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("actuals: {2024: 4, 2025: 6}", "actuals: {2024: 4, 2025: 6, 2026: 7}")
    )
    data = as_json()
    # 文学院 reported for 2026: every unit is assessed as of 2026
    assert {r["unit"]: r["as_of"] for r in data["results"]} == {
        "图书馆": 2026,
        "教务处": 2026,
        "数学与信息科学学院": 2026,
        "文学院": 2026,
    }
    jwc = next(r for r in data["results"] if r["unit"] == "教务处")
    dj01 = next(t for t in jwc["targets"] if t["id"] == "DJ-01")
    # 不低于 12 with 12 in 2025, the latest figure: kept, but from 2025
    assert (dj01["status"], dj01["completion"], dj01["actual_year"]) == ("met", 1.0, 2025)
    wxy = next(r for r in data["results"] if r["unit"] == "文学院")
    jx03 = next(t for t in wxy["targets"] if t["id"] == "JX-03")
    assert (jx03["actual_year"], jx03["completion"]) == (2026, 1.0)  # (7 - 3) / (7 - 3)
    code, out = invoke("教务处")
    assert code == 0, out
    assert "教务处（截至 2026 年）" in out
    assert "数据截至2025年" in out
    # the single unit's run still takes the repository's latest year
    code, out = invoke("--all")
    assert "各单位任期目标完成情况（截至 2026 年）" in out


def test_workbook_details_rows_are_as_tall_as_their_wrapped_texts(repo: Path) -> None:
    """目标内容 (40 wide) and 指标 (24 wide) wrap; a row left one line high prints them cut off."""
    import openpyxl

    book = repo / "taskbooks" / "图书馆.yaml"
    text = book.read_text(encoding="utf-8")
    first = text.index("content: ", text.index("id: DJ-01"))
    end = text.index("\n", first)
    long_content = "建设地方文献特藏数据库" * 10  # 100 CJK characters: 200 columns
    book.write_text(text[:first] + f"content: {long_content}" + text[end:], encoding="utf-8")
    code, out = invoke("--all", "-o", "汇总.xlsx")
    assert code == 0, out
    ws = openpyxl.load_workbook(repo / "汇总.xlsx")["目标明细"]
    assert ws.column_dimensions["D"].width == 40
    row = next(r[0].row for r in ws.iter_rows(min_row=2) if r[3].value == long_content)
    # 200 display columns in 39 per line (a column of 40 less its padding): 6 lines of 15 pt
    assert ws.row_dimensions[row].height == 6 * 15
