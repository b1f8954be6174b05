"""`ankao consequences` through the CLI: JSON of SPEC §6, text grouping, history, the notice, exit statuses."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from conftest import soffice_convert
from typer.testing import CliRunner

from ankao.cli import app

runner = CliRunner()

REWARD = {
    "code": "reward",
    "text": "按照有关规定给予奖励",
    "basis": "领导班子作出重要贡献的，或者年度考核结果为优秀等次的，按照有关规定给予奖励",
}
REPORT = {
    "code": "written_report",
    "text": "责成其向上级党组织写出书面报告，剖析原因、进行整改",
    "basis": "领导班子年度考核结果为一般等次的，应当责成其向上级党组织写出书面报告，剖析原因、进行整改",
}
PRINCIPALS = {
    "code": "adjust_principals",
    "text": "对主要负责人和相关责任人进行调整",
    "basis": "领导班子年度考核结果为较差或者连续两年为一般等次的，应当对主要负责人和相关责任人进行调整",
}
TEAM = {
    "code": "adjust_team",
    "text": "领导班子应当进行调整",
    "basis": "领导班子运行状况不好、凝聚力战斗力不强、不担当不作为、干部群众意见较大的，应当进行调整",
}


def write(root: Path, name: str, text: str) -> None:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    write(
        tmp_path,
        "ankao.yaml",
        "units: {文学院: teaching, 教务处: office, 后勤处: office, "
        "外国语学院: teaching, 数学学院: teaching}\n",
    )
    write(tmp_path, "grades/2023.yaml", "year: 2023\ngrades: {教务处: 一般}\n")
    write(
        tmp_path,
        "grades/2024.yaml",
        "year: 2024\ngrades: {文学院: 较差, 教务处: 一般, 数学学院: 一般}\n",
    )
    write(
        tmp_path,
        "grades/2025.yaml",
        "year: 2025\n"
        "grades: {文学院: 一般, 教务处: 良好, 数学学院: 一般, 后勤处: 优秀}\n"
        "findings:\n"
        "  - {unit: 外国语学院, type: major_contribution, note: 获国家级教学成果奖}\n"
        "  - {unit: 后勤处, type: poor_functioning, note: 推诿扯皮}\n",
    )
    monkeypatch.chdir(tmp_path)
    return tmp_path


def invoke(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["consequences", *args], env={"COLUMNS": "120", "NO_COLOR": "1"})
    return result.exit_code, result.output


def test_json_is_spec_section_6_for_the_latest_year(repo: Path) -> None:
    code, out = invoke("--format", "json")
    assert code == 0
    assert json.loads(out) == {
        "diagnostics": [],
        "summary": {"files": 4, "errors": 0, "warnings": 0},
        "results": [
            {
                "unit": "文学院",
                "year": 2025,
                "grade": "一般",
                "consequences": [REPORT],
            },  # 一般 after 较差
            {"unit": "教务处", "year": 2025, "grade": "良好", "consequences": []},
            {
                "unit": "数学学院",
                "year": 2025,
                "grade": "一般",
                "consequences": [REPORT, PRINCIPALS],
            },
            {"unit": "后勤处", "year": 2025, "grade": "优秀", "consequences": [REWARD, TEAM]},
            {"unit": "外国语学院", "year": 2025, "grade": None, "consequences": [REWARD]},
        ],
    }


def test_an_earlier_year_uses_the_history_before_it(repo: Path) -> None:
    code, out = invoke("--year", "2024", "-f", "json")
    assert code == 0
    results = {
        r["unit"]: [c["code"] for c in r["consequences"]] for r in json.loads(out)["results"]
    }
    assert results == {
        "文学院": ["adjust_principals"],
        "教务处": ["written_report", "adjust_principals"],
        "数学学院": ["written_report"],
    }


def test_text_groups_units_by_consequence(repo: Path) -> None:
    code, out = invoke()
    assert code == 0
    assert "2025 年度考核结果运用" in out
    lines = out.splitlines()
    first = {
        text: next(i for i, line in enumerate(lines) if text in line)
        for text in (
            "按照有关规定给予奖励",
            "责成其向上级党组织写出书面",
            "对主要负责人和相关责任人",
            "领导班子应当进行调整",
            "无需处理",
        )
    }
    assert list(first.values()) == sorted(first.values())  # groups in rule order, the rest last
    reward_rows = lines[first["按照有关规定给予奖励"] : first["责成其向上级党组织写出书面"]]
    assert any("后勤处" in line for line in reward_rows)
    assert any("外国语学院" in line for line in reward_rows)
    assert "2024、2025年连续两年为一般" in out
    # 五(三)1: 考核结果采取个别谈话、工作通报、会议讲评等方式……反馈 — for every result
    assert "反馈方式：个别谈话、工作通报、会议讲评等方式" in out
    assert "反馈方式：工作通报、会议讲评\n" not in out
    assert "检查了 4 个文件，没有发现问题" in out


def test_history_is_a_matrix_of_every_year(repo: Path) -> None:
    code, out = invoke("--history")
    assert code == 0
    header = next(line for line in out.splitlines() if "2023" in line and "2025" in line)
    assert header.index("2023") < header.index("2024") < header.index("2025")
    row = next(line for line in out.splitlines() if "数学学院" in line)
    assert "一般 ②" in row and "一般 ②③" in row
    assert "③ 对主要负责人和相关责任人进行调整（adjust_principals）" in out
    code, out = invoke("--history", "-f", "json")
    years = [(r["year"], r["unit"]) for r in json.loads(out)["results"]]
    assert years[0] == (2023, "教务处") and years[-1] == (2025, "外国语学院") and len(years) == 9
    code, out = invoke("--history", "--year", "2024", "-f", "json")
    assert code == 0
    assert sorted({r["year"] for r in json.loads(out)["results"]}) == [2023, 2024]


def test_unknown_grade_is_exit_1_with_the_diagnostics_object(repo: Path) -> None:
    write(repo, "grades/2025.yaml", "year: 2025\ngrades:\n  文学院: 一般\n  教务处: 合格\n")
    code, out = invoke("-f", "json")
    assert code == 1
    data = json.loads(out)
    assert "results" not in data
    assert data["summary"] == {"files": 4, "errors": 1, "warnings": 0}
    (diag,) = data["diagnostics"]
    assert (diag["file"], diag["line"], diag["column"], diag["code"]) == (
        "grades/2025.yaml",
        4,
        8,
        "schema",
    )
    assert "“合格”不是可选的值" in diag["message"]
    code, out = invoke()
    assert code == 1
    assert "grades/2025.yaml:4:8" in out and "未计算考核结果运用" in out


def test_two_files_for_one_year_is_exit_1(repo: Path) -> None:
    write(repo, "grades/2025b.yaml", "year: 2025\ngrades: {文学院: 优秀}\n")
    code, out = invoke("-f", "json")
    assert code == 1
    (diag,) = json.loads(out)["diagnostics"]
    assert (diag["file"], diag["line"], diag["code"]) == ("grades/2025b.yaml", 1, "duplicate-year")


def test_unknown_unit_is_a_warning_and_still_exit_0(repo: Path) -> None:
    write(repo, "grades/2026.yaml", "year: 2026\ngrades:\n  外语学院: 优秀\n")
    code, out = invoke("-f", "json")
    assert code == 0
    data = json.loads(out)
    (diag,) = data["diagnostics"]
    assert (diag["line"], diag["code"], diag["severity"]) == (3, "unknown-unit", "warning")
    assert "是不是“外国语学院”" in diag["message"]
    assert data["results"] == [
        {"unit": "外语学院", "year": 2026, "grade": "优秀", "consequences": [REWARD]}
    ]


def test_usage_errors_are_exit_2(
    repo: Path, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out = invoke("--year", "2020")
    assert code == 2
    assert "没有 2020 年的考核结果（已有年度：2023、2024、2025）" in out
    code, out = invoke("-o", "通报.pdf")
    assert code == 2 and "通报只能保存为 .docx 文件" in out
    monkeypatch.chdir(tmp_path_factory.mktemp("empty"))
    code, out = invoke()
    assert code == 2 and "没有找到考核结果文件" in out and "Traceback" not in out


def read_notice(path: Path) -> tuple[list[tuple[str, str]], list[list[list[str]]]]:
    import docx

    document = docx.Document(str(path))
    paragraphs = [
        (p.style.name if p.style is not None else "", p.text) for p in document.paragraphs
    ]
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in document.tables]
    return paragraphs, tables


def test_the_notice_has_one_section_per_consequence_with_units_basis_and_feedback(
    repo: Path,
) -> None:
    code, out = invoke("-o", "通报.docx")
    assert code == 0 and "已生成通报：通报.docx" in out
    paragraphs, tables = read_notice(repo / "通报.docx")
    # the title breaks between words into balanced lines (GB/T 9704), never inside 情况
    assert paragraphs[0] == ("Title", "关于2025年度中层领导班子\n考核结果运用情况的通报")
    headings = [text for style, text in paragraphs if style == "Heading 1"]
    assert headings == [
        "一、按照有关规定给予奖励",
        "二、责成其向上级党组织写出书面报告，剖析原因、进行整改",
        "三、对主要负责人和相关责任人进行调整",
        "四、领导班子应当进行调整",
    ]
    texts = [text for _, text in paragraphs]
    # the rules document is named in full once; each basis is quoted once, with full-width brackets
    assert paragraphs[1] == ("Signature", "各单位：")  # 主送, flush left (GB/T 9704 7.2.4)
    assert (
        "《中层领导班子任期目标考核工作实施意见（试行）》（以下简称《实施意见》）五（三）“结果运用”"
        in texts[2]
    )
    assert f"《实施意见》五（三）2规定：“{PRINCIPALS['basis']}”。" in texts
    assert sum("中层领导班子任期目标考核工作实施意见（试行）" in t for t in texts) == 1
    assert not any("(" in t or ")" in t for t in texts)
    # 落款: the office (no school in this ankao.yaml) and the date
    assert paragraphs[-2:] == [
        ("Signature", "中层领导班子任期目标考核工作领导小组办公室"),
        ("Signature", f"{date.today().year}年{date.today().month}月{date.today().day}日"),
    ]
    # the seed's own words (五(三)1) under each of the four sections, no invented mapping
    assert texts.count("反馈方式：个别谈话、工作通报、会议讲评等方式。") == 4
    assert "反馈方式：个别谈话。" not in texts
    assert any("个别谈话、工作通报、会议讲评" in t for t in texts)
    assert tables[0] == [
        ["序号", "单位", "年度考核等次", "认定情况"],
        ["1", "后勤处", "优秀", "年度考核结果为优秀"],
        ["2", "外国语学院", "—", "考核结论：获国家级教学成果奖"],
    ]  # basis not repeated
    assert tables[2][1:] == [["1", "数学学院", "一般", "2024、2025年连续两年为一般"]]
    assert [row[1] for row in tables[1][1:]] == ["文学院", "数学学院"]


def test_the_notice_uses_the_east_asian_fonts_of_the_reference(repo: Path) -> None:
    from docx.oxml.ns import qn

    invoke("-o", "通报.docx")
    import docx

    document = docx.Document(str(repo / "通报.docx"))
    for p in document.paragraphs:
        for run in p.runs:
            rpr = run._r.rPr
            fonts = rpr.find(qn("w:rFonts")) if rpr is not None else None
            assert fonts is not None and fonts.get(qn("w:eastAsia")), p.text


def test_the_notice_names_the_school_and_never_overwrites(repo: Path) -> None:
    write(repo, "ankao.yaml", "school: 示例师范学院\n")
    code, _ = invoke("--year", "2023", "-o", "通报.docx")
    assert code == 0
    paragraphs, tables = read_notice(repo / "通报.docx")
    assert (
        "《中共示例师范学院委员会中层领导班子任期目标考核工作实施意见（试行）》" in paragraphs[2][1]
    )  # after the 主送 line
    assert paragraphs[-2][1] == "示例师范学院中层领导班子任期目标考核工作领导小组办公室"
    from ankao.load.identity import read_identity

    identity = read_identity(repo / "通报.docx")
    assert identity is not None and identity.document == "notice" and identity.units == ("教务处",)
    assert identity.term == "2023" and identity.version
    assert tables == [
        [
            ["序号", "单位", "年度考核等次", "认定情况"],
            ["1", "教务处", "一般", "年度考核结果为一般"],
        ]
    ]
    before = (repo / "通报.docx").read_bytes()
    code, out = invoke("-o", "通报.docx")
    assert code == 2 and "文件已存在，没有覆盖" in out
    assert (repo / "通报.docx").read_bytes() == before


def test_no_notice_is_written_from_input_with_errors(repo: Path) -> None:
    write(repo, "grades/2025.yaml", "year: 2025\ngrades: {文学院: 优 秀}\n")
    code, _ = invoke("-o", "通报.docx")
    assert code == 1
    assert not (repo / "通报.docx").exists()


@pytest.mark.soffice
def test_the_notice_opens_in_libreoffice(repo: Path) -> None:
    invoke("-o", "通报.docx")
    pdf = soffice_convert(repo / "通报.docx", "pdf", repo / "pdf")
    assert pdf.stat().st_size > 1000


def test_the_notice_is_not_written_while_a_unit_name_is_unknown(repo: Path) -> None:
    grades = repo / "grades" / "2025.yaml"
    grades.write_text(
        grades.read_text(encoding="utf-8").replace("后勤处: 优秀", "后勤部: 优秀"), encoding="utf-8"
    )
    code, out = invoke("-o", "通报.docx")
    assert code == 1
    assert "没有生成通报" in out and "unknown-unit" in out
    assert not (repo / "通报.docx").exists()


def test_a_missing_grade_year_between_two_is_said_in_one_line(repo: Path) -> None:
    """2024 removed: 2023 and 2025 remain. 数学学院 was 一般 in 2024 and 2025 — whether it was
    一般 two years running cannot be decided across the missing 2024, and the run says so."""
    (repo / "grades/2024.yaml").unlink()
    code, out = invoke("--format", "json")
    assert code == 0, out
    data = json.loads(out)
    [gap] = [d for d in data["diagnostics"] if d["code"] == "grade-year-missing"]
    assert gap["severity"] == "warning"
    assert (gap["file"], gap["line"]) == ("grades/2025.yaml", 1)
    assert "缺少 2024 年" in gap["message"] and "“连续”无法跨过 2024 年判断" in gap["message"]
    assert "\n" not in gap["message"]
    code, text = invoke()
    assert [line for line in text.splitlines() if "缺少 2024 年" in line] != []
    # all three years on record: nothing to say
    write(repo, "grades/2024.yaml", "year: 2024\ngrades: {教务处: 一般}\n")
    code, out = invoke("--format", "json")
    assert not [d for d in json.loads(out)["diagnostics"] if d["code"] == "grade-year-missing"]


def test_a_gap_after_the_year_asked_is_not_reported(repo: Path) -> None:
    # 2023 and 2025 on record, 2024 missing: asked for 2023, nothing before it is missing
    (repo / "grades/2024.yaml").unlink()
    code, out = invoke("--year", "2023", "--format", "json")
    assert code == 0, out
    assert not [d for d in json.loads(out)["diagnostics"] if d["code"] == "grade-year-missing"]
