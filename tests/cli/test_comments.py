"""`ankao comments merge/import/status/packets` through the CLI, on a copy of the examples."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import docx
import pytest
from conftest import soffice_convert
from typer.testing import CliRunner

from ankao.cli import app


def import_round_2(runner: CliRunner, path: Path, reviewer: str, *extra: str) -> Any:
    """`ankao comments import PATH --unit 文学院 --round 2 --reviewer REVIEWER EXTRA…`."""
    return runner.invoke(
        app,
        [
            "comments",
            "import",
            str(path),
            "--unit",
            "文学院",
            "--round",
            "2",
            "--reviewer",
            reviewer,
            *extra,
        ],
    )


def invoke(runner: CliRunner, *args: str) -> object:
    return runner.invoke(app, list(args))


def as_json(result: object) -> dict[str, object]:
    out = json.loads(result.stdout)  # type: ignore[attr-defined]
    assert isinstance(out, dict)
    return out


# ------------------------------------------------------------------ merge


def test_merge_json_opinions_in_book_order_with_duplicates_folded(
    runner: CliRunner, repo: Path
) -> None:
    result = runner.invoke(app, ["comments", "merge", "文学院", "--round", "1", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = as_json(result)
    assert data["summary"] == {"files": 4, "errors": 0, "warnings": 0}
    opinions = data["opinions"]
    assert isinstance(opinions, list)
    assert opinions[0] == {
        "ref": "general",
        "section": "general",
        "text": "请注明各项定量指标基数的统计口径和截止时间。",
        "kind": "必须修改",
        "reviewers": ["科技处", "人事处"],
        "ids": ["人事处-4", "科技处-4"],
    }
    assert [o["ref"] for o in opinions][:3] == ["general", "members", "goals.teaching"]
    ids = [i for o in opinions for i in o["ids"]]
    assert len(ids) == len(set(ids)) == 12  # every comment of the four files is there, once
    sections = [o["section"] for o in opinions]
    order = ["general", "members", "teaching", "research", "faculty", "students", "social_service"]
    assert sorted(sections, key=order.index) == sections


def test_merge_text_names_each_target_with_its_content(runner: CliRunner, repo: Path) -> None:
    import yaml

    book = yaml.safe_load((repo / "taskbooks" / "文学院.yaml").read_text(encoding="utf-8"))
    content = next(t["content"] for t in book["goals"]["teaching"] if t["id"] == "JX-03")
    result = runner.invoke(app, ["comments", "merge", "文学院", "--round", "1"], terminal_width=200)
    assert result.exit_code == 0, result.output
    assert "文学院 第 1 轮审核意见汇总（11 条）" in result.output
    row = next(line for line in result.output.splitlines() if "JX-03" in line)
    assert "教务处-1" in row
    following = result.output.split(row + "\n", 1)[1].splitlines()[0]
    assert content[:8] in following  # the target's content under its id


def test_merge_reports_a_vanished_target_at_its_line(runner: CliRunner, repo: Path) -> None:
    path = repo / "reviews" / "文学院" / "r1-教务处.yaml"
    text = path.read_text(encoding="utf-8").replace("ref: JX-03", "ref: JX-30")
    path.write_text(text, encoding="utf-8")
    line = text.split("\n").index("    ref: JX-30") + 1
    result = runner.invoke(app, ["comments", "merge", "文学院", "-r", "1"])
    assert result.exit_code == 1
    assert f"reviews/文学院/r1-教务处.yaml:{line}:10" in result.stdout
    assert "任务书中已没有编号为“JX-30”的目标" in result.stdout
    assert "[unknown-ref]" in result.stdout


def test_merge_writes_the_feedback_form(runner: CliRunner, repo: Path) -> None:
    out = repo / "out" / "反馈表.docx"
    result = runner.invoke(app, ["comments", "merge", "文学院", "--round", "1", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "已生成审核意见反馈表" in result.stdout
    d = docx.Document(str(out))
    assert d.paragraphs[0].text == "文学院中层领导班子\n任期目标任务书审核意见反馈表"
    rows = [[c.text for c in r.cells] for r in d.tables[0].rows]
    assert rows[0] == ["序号", "目标编号/部分", "目标内容", "审核部门", "意见", "类别", "单位答复"]
    jx03 = next(r for r in rows if r[1] == "JX-03")
    assert (
        jx03[2]
        == "建设省级一流本科课程，重点培育“中国古代文学”“语文课程与教学论”等线上线下混合式课程"
    )
    assert "教务处-1" in jx03[3] and jx03[5] == "建议" and jx03[6] == ""
    assert jx03[4].startswith("省级一流本科课程目标值偏低")
    general = next(r for r in rows if r[0] == "1")
    assert general[1] == "总体意见" and general[5] == "必须修改"
    assert "教学工作目标" in [r[0] for r in rows]  # a spanning row heads each section
    from ankao.load.identity import read_identity
    from ankao.repository.scan import scan

    identity = read_identity(out)
    assert identity is not None
    assert (identity.document, identity.units, identity.round, identity.term) == (
        "feedback",
        ("文学院",),
        1,
        "2024-2027",
    )
    assert identity.fingerprints == (scan(repo).book("文学院").fingerprint,)
    # a second run refuses to overwrite the form someone may have filled in
    again = runner.invoke(app, ["comments", "merge", "文学院", "--round", "1", "-o", str(out)])
    assert again.exit_code == 2 and "已存在" in again.output
    assert (
        runner.invoke(
            app, ["comments", "merge", "文学院", "--round", "1", "-o", str(out), "--force"]
        ).exit_code
        == 0
    )


def test_merge_bad_input_messages(runner: CliRunner, repo: Path) -> None:
    missing_round = runner.invoke(app, ["comments", "merge", "文学院", "--round", "5"])
    assert missing_round.exit_code == 2
    assert "没有第 5 轮的审核意见文件" in missing_round.output
    no_unit = runner.invoke(app, ["comments", "merge", "理学院", "--round", "1"])
    assert no_unit.exit_code == 2
    assert "没有找到单位“理学院”的任务书" in no_unit.output
    assert "Traceback" not in no_unit.output
    not_docx = runner.invoke(app, ["comments", "merge", "文学院", "--round", "1", "-o", "x.pdf"])
    assert not_docx.exit_code == 2 and ".docx" in not_docx.output


def test_review_file_for_a_unit_that_does_not_exist(runner: CliRunner, repo: Path) -> None:
    folder = repo / "reviews" / "理学院"
    folder.mkdir()
    (folder / "r1-教务处.yaml").write_text(
        "unit: 理学院\nround: 1\nreviewer: 教务处\ncomments:\n  - {id: 教务处-1, ref: general, text: 好}\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["comments", "status", "--format", "json"])
    assert result.exit_code == 1
    diags = as_json(result)["diagnostics"]
    assert [(d["code"], d["file"]) for d in diags] == [
        ("unknown-unit", "reviews/理学院/r1-教务处.yaml")
    ]  # type: ignore[index]
    assert "没有单位“理学院”的任务书" in diags[0]["message"]  # type: ignore[index]


# ------------------------------------------------------------------ status


def test_status_lists_unanswered_comments(runner: CliRunner, repo: Path) -> None:
    result = runner.invoke(app, ["comments", "status", "文学院", "--format", "json"])
    assert result.exit_code == 0, result.output
    (rnd,) = as_json(result)["rounds"]  # type: ignore[misc]
    answered = {"教务处-1", "教务处-2", "人事处-1", "人事处-3", "人事处-4", "科技处-4", "科技处-2"}
    assert rnd["unit"] == "文学院" and rnd["round"] == 1 and rnd["response"] is True
    assert rnd["comments"] == 12 and rnd["answered"] == len(answered)
    assert {o["id"] for o in rnd["open"]} == {
        "人事处-2",
        "教务处-3",
        "教务处-4",
        "科技处-1",
        "科技处-3",
    }
    text = runner.invoke(app, ["comments", "status"])
    assert text.exit_code == 0
    assert "人事处-2" in text.stdout and "审核意见答复情况" in text.stdout
    unknown = runner.invoke(app, ["comments", "status", "化学院"])
    assert unknown.exit_code == 2 and "没有单位“化学院”" in unknown.output


# ------------------------------------------------------------------ import


def _render(runner: CliRunner, repo: Path) -> Path:
    result = runner.invoke(app, ["render", "taskbooks/文学院.yaml", "-o", "out"])
    assert result.exit_code == 0, result.output
    (path,) = (repo / "out").glob("*.docx")
    return path


def _row(d: docx.document.Document, ident: str) -> docx.table._Row:
    return next(r for t in d.tables for r in t.rows if r.cells[0].text == ident)


def _comment_rendered_book(source: Path, dest: Path) -> None:
    """A reviewer's work in Word: comments on two target rows, a section heading, the profile."""
    d = docx.Document(str(source))
    d.add_comment(
        _row(d, "JX-03").cells[1].paragraphs[0].runs,
        "目标值偏低，建议提高到7门。",
        author="教务处王某",
    )
    d.add_comment(
        _row(d, "KY-07").cells[2].paragraphs[0].runs,
        "【必须修改】请区分纵向和横向经费。",
        author="教务处王某",
    )
    heading = next(p for p in d.paragraphs if p.text.endswith("教学工作目标"))
    d.add_comment(heading.runs, "教学改革方面缺少推广应用的指标。", author="教务处王某")
    profile = next(p for p in d.paragraphs if p.text.endswith("本单位自然情况"))
    body = profile._p.getnext()
    from docx.text.paragraph import Paragraph

    d.add_comment(Paragraph(body, profile._parent).runs, "请补充硕士点情况。", author="教务处王某")
    dest.parent.mkdir(parents=True, exist_ok=True)
    d.save(str(dest))


EXPECTED = [
    ("profile", "请补充硕士点情况。", "建议"),
    ("goals.teaching", "教学改革方面缺少推广应用的指标。", "建议"),
    ("JX-03", "目标值偏低，建议提高到7门。", "建议"),
    ("KY-07", "请区分纵向和横向经费。", "必须修改"),
]


def _imported(repo: Path, reviewer: str) -> list[tuple[str, str, str]]:
    import yaml

    data = yaml.safe_load(
        (repo / "reviews" / "文学院" / f"r2-{reviewer}.yaml").read_text(encoding="utf-8")
    )
    assert data["unit"] == "文学院" and data["round"] == 2 and data["reviewer"] == reviewer
    assert [c["id"] for c in data["comments"]] == [
        f"{reviewer}-{n}" for n in range(1, len(data["comments"]) + 1)
    ]
    return [(c["ref"], c["text"], c["kind"]) for c in data["comments"]]


def test_round_trip_render_comment_import(runner: CliRunner, repo: Path) -> None:
    commented = repo / "批注" / "文学院-教务处.docx"
    _comment_rendered_book(_render(runner, repo), commented)
    result = import_round_2(runner, commented, "教务处")
    assert result.exit_code == 0, result.output
    assert "已导入 4 条批注" in result.stdout
    assert _imported(repo, "教务处") == EXPECTED
    written = (repo / "reviews" / "文学院" / "r2-教务处.yaml").read_text(encoding="utf-8")
    assert "目标值偏低，建议提高到7门。" in written  # Chinese stays readable, not \u-escaped
    assert (
        "  quote: 建设省级一流本科课程，重点培育“中国古代文学”" in written
    )  # the text the comment marked
    assert "author: 教务处王某" in written
    # the file passes `ankao validate`, and merge takes it
    assert runner.invoke(app, ["validate", "reviews/文学院/r2-教务处.yaml"]).exit_code == 0
    merged = runner.invoke(app, ["comments", "merge", "文学院", "--round", "2", "-f", "json"])
    assert merged.exit_code == 0, merged.output
    assert [o["ref"] for o in as_json(merged)["opinions"]] == [r for r, _, _ in EXPECTED]  # type: ignore[union-attr]
    # never over an existing review file without --force
    again = import_round_2(runner, commented, "教务处")
    assert again.exit_code == 2 and "已存在" in again.output and "--force" in again.output
    assert (repo / "reviews" / "文学院" / "r2-教务处.yaml").read_text(encoding="utf-8") == written
    forced = import_round_2(runner, commented, "教务处", "--force", "--date", "2025-03-10")
    assert forced.exit_code == 0
    assert "date: '2025-03-10'" in (repo / "reviews" / "文学院" / "r2-教务处.yaml").read_text(
        encoding="utf-8"
    )


@pytest.mark.soffice
def test_round_trip_after_libreoffice_saved_the_file(
    runner: CliRunner, repo: Path, tmp_path: Path
) -> None:
    commented = tmp_path / "word" / "文学院-科技处.docx"
    _comment_rendered_book(_render(runner, repo), commented)
    saved = soffice_convert(commented, "docx", tmp_path / "lo")
    result = import_round_2(runner, saved, "科技处")
    assert result.exit_code == 0, result.output
    assert _imported(repo, "科技处") == EXPECTED


def test_import_bad_input(runner: CliRunner, repo: Path) -> None:
    fake = repo / "fake.docx"
    fake.write_text("not a word file", encoding="utf-8")
    args = ["--unit", "文学院", "--round", "2", "--reviewer", "教务处"]
    result = runner.invoke(app, ["comments", "import", str(fake), *args])
    assert result.exit_code == 2 and "不是 Word 文档" in result.output
    plain = _render(runner, repo)
    result = runner.invoke(app, ["comments", "import", str(plain), *args])
    assert result.exit_code == 2 and "没有批注" in result.output
    result = runner.invoke(app, ["comments", "import", "missing.docx", *args])
    assert result.exit_code == 2 and "找不到文件" in result.output
    result = runner.invoke(
        app,
        [
            "comments",
            "import",
            str(plain),
            "--unit",
            "理学院",
            "--round",
            "2",
            "--reviewer",
            "教务处",
        ],
    )
    assert result.exit_code == 2 and "理学院" in result.output
    result = import_round_2(runner, plain, "教务/处")
    assert result.exit_code == 2 and "不能用于文件名" in result.output
    assert not (repo / "reviews" / "文学院" / "r2-教务处.yaml").exists()
    assert "Traceback" not in result.output


# ------------------------------------------------------------------ packets


def test_packets_one_document_per_department_with_its_sections(
    runner: CliRunner, repo: Path
) -> None:
    result = runner.invoke(
        app, ["comments", "packets", "--round", "1", "-o", "packets", "-f", "json"]
    )
    assert result.exit_code == 0, result.output
    packets = {p["department"]: p for p in as_json(result)["packets"]}  # type: ignore[union-attr]
    assert set(packets) == {
        "党政办公室",
        "组织部",
        "宣传部",
        "统战部",
        "纪检监察室",
        "学生工作部",
        "发展规划与质量监督处",
        "教务处",
        "科技处",
        "国际交流合作处",
        "人事处",
        "研究生学院",
    }
    assert packets["科技处"]["sections"] == ["research", "social_service"]
    assert sorted(packets["科技处"]["units"]) == [
        "数学与信息科学学院",
        "文学院",
    ]  # teaching units only
    d = docx.Document(packets["科技处"]["file"])
    headings = [(p.style.name, p.text) for p in d.paragraphs if p.style.name.startswith("Heading")]
    assert ("Heading 1", "文学院") in headings
    assert ("Heading 2", "（四）学科建设与科研工作目标") in headings
    assert not any("教学工作目标" in t for _, t in headings)
    first_cells = {t.rows[1].cells[0].text for t in d.tables if len(t.rows) > 1}
    assert "KY-01" in first_cells and not any(c.startswith("JX-") for c in first_cells)
    # the reviewer is told what to do in Word, not given a command line
    text = "\n".join(p.text for p in d.paragraphs)
    assert "“审阅 → 新建批注”" in text and "“【必须修改】”开头" in text and "ankao" not in text
    from ankao.load.identity import read_identity

    identity = read_identity(Path(packets["科技处"]["file"]))
    assert identity is not None
    assert (identity.document, identity.round, identity.reviewer) == ("packet", 1, "科技处")
    assert identity.units == ("数学与信息科学学院", "文学院") and len(identity.fingerprints) == 2
    assert (
        runner.invoke(app, ["comments", "packets", "--round", "1", "-o", "packets"]).exit_code == 2
    )


def test_a_comment_on_a_packet_imports_for_its_unit(runner: CliRunner, repo: Path) -> None:
    result = runner.invoke(
        app, ["comments", "packets", "-r", "1", "-o", "packets", "-d", "科技处", "-f", "json"]
    )
    assert result.exit_code == 0, result.output
    (packet,) = as_json(result)["packets"]  # type: ignore[misc]
    d = docx.Document(packet["file"])
    rows = [r for t in d.tables for r in t.rows if r.cells[0].text == "KY-01"]
    assert len(rows) >= 1
    for r in rows:  # both teaching units may have a KY-01: comment every one
        d.add_comment(
            r.cells[2].paragraphs[0].runs, f"意见：{r.cells[2].text[:6]}", author="科技处"
        )
    path = repo / "packet-commented.docx"
    d.save(str(path))
    result = import_round_2(runner, path, "科技处")
    assert result.exit_code == 0, result.output
    refs = _imported(repo, "科技处")
    assert [r for r, _, _ in refs] == ["KY-01"]  # only the comment inside 文学院's part


def test_import_warns_where_a_row_names_a_target_the_book_no_longer_has(
    runner: CliRunner, repo: Path
) -> None:
    commented = repo / "批注.docx"
    _comment_rendered_book(_render(runner, repo), commented)
    book = repo / "taskbooks" / "文学院.yaml"
    book.write_text(
        book.read_text(encoding="utf-8").replace("id: JX-03", "id: JX-33"), encoding="utf-8"
    )
    result = import_round_2(runner, commented, "学科办", "-f", "json")
    assert result.exit_code == 0, result.output
    data = as_json(result)
    diags = data["diagnostics"]
    assert [d["code"] for d in diags] == ["import-reviewer", "import-anchor", "import-stale"]  # type: ignore[index]
    stale = diags[2]["message"]  # type: ignore[index]
    assert (
        "任务书已经修改" in stale and "新增：JX-33；已删除或改了编号：JX-03" in stale
    )  # the target renamed since the document was made
    anchor = diags[1]  # type: ignore[index]
    assert anchor["severity"] == "warning" and "JX-03" in anchor["message"]
    written = (
        (repo / "reviews" / "文学院" / "r2-学科办.yaml").read_text(encoding="utf-8").split("\n")
    )
    assert (
        written[anchor["line"] - 1].strip() == "ref: goals.teaching"
    )  # the warning points at the ref it wrote
    assert "学科办" in diags[0]["message"]  # type: ignore[index]


def test_a_comment_on_the_signature_block_is_general(runner: CliRunner, repo: Path) -> None:
    d = docx.Document(str(_render(runner, repo)))
    sign = next(r for t in d.tables for r in t.rows if "主管校领导审核签字" in r.cells[0].text)
    d.add_comment(sign.cells[0].paragraphs[0].runs, "请主管校领导签字后再报送。", author="组织部")
    last = next(r for t in d.tables for r in t.rows if r.cells[0].text == "QT-02")
    d.add_comment(last.cells[1].paragraphs[0].runs, "其他目标可删。", author="组织部")
    path = repo / "sign.docx"
    d.save(str(path))
    result = import_round_2(runner, path, "组织部")
    assert result.exit_code == 0, result.output
    assert _imported(repo, "组织部") == [
        ("QT-02", "其他目标可删。", "建议"),
        ("general", "请主管校领导签字后再报送。", "建议"),
    ]


# ------------------------------------------------------------------ the document's identity


def test_a_document_of_another_unit_is_refused_with_nothing_written(
    runner: CliRunner, repo: Path
) -> None:
    commented = repo / "文学院-批注.docx"
    _comment_rendered_book(_render(runner, repo), commented)
    result = runner.invoke(
        app,
        [
            "comments",
            "import",
            str(commented),
            "--unit",
            "图书馆",
            "--round",
            "2",
            "--reviewer",
            "教务处",
        ],
    )
    assert result.exit_code == 2, result.output
    assert "是“文学院”的任务书，不是“图书馆”的，没有导入" in result.output
    assert not (repo / "reviews" / "图书馆").exists()
    assert not (repo / "reviews" / "文学院" / "r2-教务处.yaml").exists()


def test_the_unit_may_be_left_out_when_the_document_names_it(runner: CliRunner, repo: Path) -> None:
    commented = repo / "文学院-批注.docx"
    _comment_rendered_book(_render(runner, repo), commented)
    result = runner.invoke(
        app, ["comments", "import", str(commented), "--round", "2", "--reviewer", "教务处"]
    )
    assert result.exit_code == 0, result.output
    assert _imported(repo, "教务处") == EXPECTED
    assert "已导入 4 条批注，写入 reviews/文学院/r2-教务处.yaml" in result.stdout


def test_a_document_without_ankao_properties_imports_as_before_but_needs_the_unit(
    runner: CliRunner, repo: Path
) -> None:
    d = docx.Document()  # written by hand: no custom properties
    d.add_heading("（三）教学工作目标", 2)
    t = d.add_table(rows=2, cols=2)
    t.cell(0, 0).text, t.cell(0, 1).text = "编号", "目标内容"
    t.cell(1, 0).text, t.cell(1, 1).text = "JX-03", "一流课程"
    d.add_comment(t.cell(1, 1).paragraphs[0].runs, "请细化。", author="教务处")
    path = repo / "手写.docx"
    d.save(str(path))
    result = runner.invoke(
        app, ["comments", "import", str(path), "--round", "2", "--reviewer", "教务处"]
    )
    assert result.exit_code == 2 and "请用 --unit 指明" in result.output
    result = import_round_2(runner, path, "教务处")
    assert result.exit_code == 0, result.output
    assert _imported(repo, "教务处") == [("JX-03", "请细化。", "建议")]


def test_a_two_unit_packet_fills_both_review_files(runner: CliRunner, repo: Path) -> None:
    import yaml

    result = runner.invoke(
        app, ["comments", "packets", "-r", "2", "-o", "packets", "-d", "科技处", "-f", "json"]
    )
    assert result.exit_code == 0, result.output
    (packet,) = as_json(result)["packets"]  # type: ignore[misc]
    assert packet["units"] == ["数学与信息科学学院", "文学院"]
    d = docx.Document(packet["file"])
    rows = [r for t in d.tables for r in t.rows if r.cells[0].text == "KY-01"]
    assert len(rows) == 2  # one per unit, in the packet's order
    for row, text in zip(rows, ["数学院的意见", "【必须修改】文学院的意见"], strict=True):
        d.add_comment(row.cells[2].paragraphs[0].runs, text, author="科技处")
    path = repo / "packet-commented.docx"
    d.save(str(path))
    # neither --unit nor --reviewer: the packet names its units and its department
    result = runner.invoke(app, ["comments", "import", str(path), "--round", "2", "-f", "json"])
    assert result.exit_code == 0, result.output
    data = as_json(result)
    assert data["imports"] == [
        {
            "unit": "数学与信息科学学院",
            "file": "reviews/数学与信息科学学院/r2-科技处.yaml",
            "comments": 1,
        },
        {"unit": "文学院", "file": "reviews/文学院/r2-科技处.yaml", "comments": 1},
    ]
    math = yaml.safe_load(
        (repo / "reviews" / "数学与信息科学学院" / "r2-科技处.yaml").read_text(encoding="utf-8")
    )
    assert math["unit"] == "数学与信息科学学院" and math["reviewer"] == "科技处"
    assert [(c["ref"], c["text"], c["kind"]) for c in math["comments"]] == [
        ("KY-01", "数学院的意见", "建议")
    ]
    assert _imported(repo, "科技处") == [("KY-01", "文学院的意见", "必须修改")]
    text = runner.invoke(app, ["comments", "import", str(path), "--round", "2", "--force"])
    assert text.exit_code == 0
    assert (
        "已导入数学与信息科学学院的 1 条批注" in text.stdout
        and "已导入文学院的 1 条批注" in text.stdout
    )
    # one file existing already: nothing is written for either unit
    (repo / "reviews" / "文学院" / "r3-科技处.yaml").write_text("# mine\n", encoding="utf-8")
    again = runner.invoke(app, ["comments", "import", str(path), "--round", "3"])
    assert again.exit_code == 2 and "r3-科技处.yaml 已存在" in again.output
    assert not (repo / "reviews" / "数学与信息科学学院" / "r3-科技处.yaml").exists()


def test_a_document_made_from_an_older_book_imports_with_a_warning(
    runner: CliRunner, repo: Path
) -> None:
    commented = repo / "批注.docx"
    _comment_rendered_book(_render(runner, repo), commented)
    book = repo / "taskbooks" / "文学院.yaml"
    text = book.read_text(encoding="utf-8")
    changed = text.replace("建设省级一流本科课程，重点培育", "建设国家级一流本科课程，重点培育", 1)
    assert changed != text
    book.write_text(changed, encoding="utf-8")
    result = import_round_2(runner, commented, "教务处", "-f", "json")
    assert result.exit_code == 0, result.output
    (stale,) = [d for d in as_json(result)["diagnostics"] if d["code"] == "import-stale"]  # type: ignore[union-attr]
    assert stale["severity"] == "warning"
    assert stale["message"].endswith(
        "任务书已经修改（文件记录的指纹与当前任务书不同）；此后有变化的目标——"
        "内容有变化：JX-03。请核对这些目标上的批注是否仍然适用"
    )
    assert _imported(repo, "教务处") == EXPECTED  # imported all the same
