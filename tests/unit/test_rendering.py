"""The rendering layer and the task-book document, read back with python-docx."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Mm

from ankao.errors import AnkaoError
from ankao.load.config import Config
from ankao.load.document import load_text
from ankao.model.build import build, from_document
from ankao.model.sections import SECTIONS
from ankao.render.base import (
    Cell,
    Writer,
    bookmark_name,
    open_draft,
    reference_path,
    render_text,
    save,
    to_bytes,
)
from ankao.render.taskbook import render_book, section_heading
from tests.conftest import OFFICE_BOOK

TEACHING = """\
schema_version: 1
kind: teaching
unit: 文学院
term: {start: 2025, end: 2027}
profile: 现有本科专业4个，专任教师86人。
members:
  - {name: 张某, post: 党委书记, duties: 主持党委全面工作, principal: party}
  - {name: 李某, post: 院长, duties: 主持行政全面工作, principal: admin}
goals:
  overall: 建设特色鲜明的高水平学院。
  party_building:
    - id: DJ-01
      aspect: 党风廉政建设
      content: 落实全面从严治党主体责任
      criteria: 每年12月前召开专题民主生活会1次
      owner: 张某
    - id: DJ-02
      aspect: 政治思想建设
      content: 理论学习中心组学习
      metric: {name: 学习次数, unit: 次, baseline: 10, target: 12.50, milestones: {2025: 11, 2026: 12.0}}
      owner: 张某
  teaching:
    - id: JX-01
      aspect: 课程建设
      content: 建设省级一流本科课程
      metric: {name: 省级一流本科课程数, unit: 门, baseline: 2, target: 5, direction: at_least}
      owner: 李某
  research: []
  faculty:
    - id: SZ.01_a
      aspect: 博士引进
      content: 引进博士
      metric: {name: 引进博士人数, unit: 人, baseline: 0, target: 8}
    - id: SZ-02
      aspect: 博士培养
      content: 支持在职教师攻读博士
      metric: {name: 在读博士人数, unit: 人, baseline: 1, target: 4}
  students:
    - id: XS-01
      content: 毕业去向落实率
      metric: {name: 落实率, unit: "%", baseline: 88, target: 92}
    - id: XS-02
      aspect: 就业
      content: 举办校园招聘会
      criteria: 每年举办2场
  cooperation: []
  social_service: []
  other: []
"""


def load(text: str, name: str = "book.yaml"):  # type: ignore[no-untyped-def]
    doc = load_text(text, name)
    assert doc.loaded and not doc.has_errors, doc.findings
    return doc


def model(text: str):  # type: ignore[no-untyped-def]
    return from_document(load(text))


def rendered(text: str, config: Config | None = None) -> docx.document.Document:
    out = render_book(model(text), config or Config(root=Path("/nonexistent")))
    return docx.Document(io.BytesIO(to_bytes(out)))


def styled(document: docx.document.Document, name: str) -> list[str]:
    return [p.text for p in document.paragraphs if p.style is not None and p.style.name == name]


def rows_by_id(document: docx.document.Document) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for table in document.tables:
        for row in table.rows:
            cells = [c.text for c in row.cells]
            out.setdefault(cells[0], cells)
    return out


# ---------------------------------------------------------------- reference.docx


def open_reference(config: Config | None = None) -> docx.document.Document:
    """reference.docx read with python-docx (ankao itself writes through its own package writer)."""
    return docx.Document(str(reference_path(config)))


def test_reference_page_setup_is_gbt9704() -> None:
    section = open_reference().sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    margins = [section.top_margin, section.left_margin, section.right_margin, section.bottom_margin]
    assert [round(m / Mm(1), 1) for m in margins] == [37.0, 28.0, 26.0, 35.0]
    grid = section._sectPr.find(qn("w:docGrid"))
    pitch = int(grid.get(qn("w:linePitch")))
    text_height = section.page_height.twips - section.top_margin.twips - section.bottom_margin.twips
    assert grid.get(qn("w:type")) == "lines" and 22 * pitch <= text_height < 23 * pitch


def test_reference_page_numbers_odd_right_even_left() -> None:
    doc = open_reference()
    section = doc.sections[0]
    assert doc.settings.odd_and_even_pages_header_footer
    odd, even = section.footer.paragraphs[0], section.even_page_footer.paragraphs[0]
    assert odd.text.startswith("— ") and odd.text.endswith(" —")
    assert odd.alignment == 2 and even.alignment == 0  # RIGHT, LEFT
    assert "PAGE" in odd._p.xml and "PAGE" in even._p.xml


@pytest.mark.parametrize(
    ("style", "font"),
    [
        ("Normal", "仿宋_GB2312"),
        ("Body Text", "仿宋_GB2312"),
        ("Title", "方正小标宋简体"),
        ("Heading 1", "黑体"),
        ("Heading 2", "楷体_GB2312"),
        ("Heading 3", "仿宋_GB2312"),
        ("Table Text", "仿宋_GB2312"),
        ("Table Heading", "黑体"),
        ("Footer", "宋体"),
    ],
)
def test_reference_styles_set_east_asian_fonts(style: str, font: str) -> None:
    element = open_reference().styles[style].element
    fonts = element.rPr.rFonts
    assert fonts.get(qn("w:eastAsia")) == font
    assert fonts.get(qn("w:eastAsiaTheme")) is None


def test_reference_sizes_title_2hao_body_3hao() -> None:
    styles = open_reference().styles
    assert styles["Title"].font.size.pt == 22
    assert styles["Body Text"].font.size.pt == 16
    assert styles["Heading 1"].paragraph_format.keep_with_next


def test_reference_has_no_theme_fonts_and_defines_comment_styles() -> None:
    reference = Path(__file__).resolve().parents[2] / "templates" / "reference.docx"
    styles_xml = zipfile.ZipFile(reference).read("word/styles.xml").decode()
    assert not re.search(r"w:(asciiTheme|eastAsiaTheme|hAnsiTheme|cstheme)=", styles_xml)
    ids = {s.style_id for s in open_reference().styles}
    assert {"CommentText", "CommentReference"} <= ids


def test_repository_reference_overrides_builtin(tmp_path: Path) -> None:
    custom = open_reference()
    custom.sections[0].left_margin = Mm(40)
    custom.add_paragraph("样稿文字，生成时应清除")
    (tmp_path / "templates").mkdir()
    custom.save(str(tmp_path / "templates" / "reference.docx"))
    draft = open_draft(Config(root=tmp_path))
    assert Writer(draft).text_width == round((210 - 40 - 26) * 1440 / 25.4)
    doc = docx.Document(io.BytesIO(to_bytes(draft)))
    assert round(doc.sections[0].left_margin / Mm(1)) == 40
    assert doc.paragraphs == []


def test_unreadable_reference_is_an_ankao_error(tmp_path: Path) -> None:
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "reference.docx").write_text("不是 docx")
    with pytest.raises(AnkaoError, match="样式模板"):
        open_draft(Config(root=tmp_path))


# ---------------------------------------------------------------- writer


def test_bookmark_names_are_word_safe_short_and_unique() -> None:
    used: set[str] = set()
    assert bookmark_name("JX-01", used) == "T_JX_01"
    assert bookmark_name("JX.01", used) == "T_JX_01_2"
    long = bookmark_name("A" * 60, used)
    assert len(long) == 40 and long.startswith("T_AAA")
    again = bookmark_name("A" * 60, used)
    assert len(again) == 40 and again != long


def test_writer_table_repeats_header_and_never_splits_rows(tmp_path: Path) -> None:
    doc = open_draft()
    w = Writer(doc)
    w.table(
        [["编号", Cell("年度进度", span=2)], ["", "2025", "2026"]][:1],
        [[Cell("A-1", bookmark="T_A_1"), "1", "2"]] * 3,
        widths=[1, 1, 1],
    )
    save(doc, tmp_path / "t.docx")
    table = docx.Document(str(tmp_path / "t.docx")).tables[0]
    rows = table._tbl.tr_lst
    assert all(r.trPr is not None and r.trPr.find(qn("w:cantSplit")) is not None for r in rows)
    assert rows[0].trPr.find(qn("w:tblHeader")) is not None
    assert rows[1].trPr.find(qn("w:tblHeader")) is None
    assert [c.text for c in table.rows[0].cells] == ["编号", "年度进度", "年度进度"]


def test_save_is_atomic_and_refuses_to_overwrite_when_asked(tmp_path: Path) -> None:
    doc = open_draft()
    Writer(doc).paragraph("一")
    target = tmp_path / "a.docx"
    save(doc, target)
    with pytest.raises(AnkaoError, match="已存在"):
        save(doc, target, overwrite=False)
    assert [p.text for p in docx.Document(str(target)).paragraphs] == ["一"]
    assert [p.name for p in tmp_path.iterdir()] == ["a.docx"]


def test_pending_content_is_spliced_into_the_body_as_the_file_is_written() -> None:
    doc = open_draft()
    w = Writer(doc)
    w.heading(1, "一、标题")
    assert doc.pending and len(doc.element.body) == 1  # the tree holds only the sectPr
    reread = docx.Document(io.BytesIO(to_bytes(doc)))
    assert [p.text for p in reread.paragraphs] == ["一、标题"]
    assert [p.style.name for p in reread.paragraphs] == ["Heading 1"]


# ---------------------------------------------------------------- text templates


def test_builtin_commitment_template_renders_with_values() -> None:
    text = render_text(
        None, "service_commitment.j2", unit="图书&档案馆", school="某学院", start=2024, end=2027
    )
    assert "图书&档案馆领导班子在2024—2027年任期内" in text and "围绕某学院人才培养" in text
    assert "&amp;" not in text


def test_repository_template_is_sandboxed_autoescaped_and_strict(tmp_path: Path) -> None:
    folder = tmp_path / "templates"
    folder.mkdir()
    config = Config(root=tmp_path)
    (folder / "service_commitment.j2").write_text("{{ unit }}承诺：A&B", encoding="utf-8")
    assert render_text(config, "service_commitment.j2", unit="<馆>") == "<馆>承诺：A&B"
    (folder / "service_commitment.j2").write_text("{{ unit.__class__.__mro__ }}", encoding="utf-8")
    with pytest.raises(AnkaoError, match="模板"):
        render_text(config, "service_commitment.j2", unit="馆")
    (folder / "service_commitment.j2").write_text("{{ nothing }}", encoding="utf-8")
    with pytest.raises(AnkaoError, match="nothing"):
        render_text(config, "service_commitment.j2", unit="馆")


# ---------------------------------------------------------------- the task book


def test_teaching_book_structure_follows_the_seed() -> None:
    document = rendered(TEACHING)
    assert styled(document, "Title") == [
        "文学院中层领导班子任期目标任务书"
    ]  # no school in ankao.yaml
    assert styled(document, "Subtitle") == ["（2025—2027年）"]
    assert styled(document, "Heading 1") == [
        "一、本单位自然情况",
        "二、本届领导班子成员及分工",
        "三、任期目标",
    ]
    expected = [section_heading("teaching", key) for key, _ in SECTIONS["teaching"]]
    assert styled(document, "Heading 2") == expected
    assert expected[0] == "（一）本届班子任期总体目标" and expected[-1] == "（九）其他目标"
    # aspects are full-width rows of the section's table, in the seed's order
    # (政治思想建设 before 党风廉政建设) whatever the YAML order
    party = next(t for t in document.tables if any(c.text == "DJ-01" for c in t.columns[0].cells))
    assert [r.cells[0].text for r in party.rows[2:]] == [
        "1. 政治思想建设",
        "DJ-02",
        "2. 党风廉政建设",
        "DJ-01",
    ]
    aspect_row = party.rows[2]
    assert len({id(c._tc) for c in aspect_row.cells}) == 1  # one cell spanning the table
    assert styled(document, "Heading 3") == []
    assert "现有本科专业4个，专任教师86人。" in styled(document, "Body Text")


def test_members_table_under_part_two() -> None:
    document = rendered(TEACHING)
    members = document.tables[0]
    assert [c.text for c in members.rows[0].cells] == ["姓名", "职务", "分工"]
    assert [c.text for c in members.rows[2].cells] == ["李某", "院长", "主持行政全面工作"]


def test_every_target_is_a_row_with_its_id_content_and_bookmark() -> None:
    document = rendered(TEACHING)
    rows = rows_by_id(document)
    book = load(TEACHING).data
    for key in ("party_building", "teaching", "faculty", "students"):
        for target in book["goals"][key]:
            assert target["id"] in rows, target["id"]
            assert rows[target["id"]][1].split("\n")[0] == target["content"]
    body = document.element.body
    names = {b.get(qn("w:name")) for b in body.iter(qn("w:bookmarkStart"))}
    assert {"T_DJ_01", "T_JX_01", "T_SZ_01_a", "T_XS_02"} <= names
    first_cell = next(
        c for t in document.tables for r in t.rows for c in r.cells if c.text == "SZ.01_a"
    )
    start = first_cell._tc.find(f".//{qn('w:bookmarkStart')}")
    assert start is not None and start.get(qn("w:name")) == "T_SZ_01_a"


def test_quantitative_columns_follow_the_term_and_numbers_stay_as_written() -> None:
    document = rendered(TEACHING)
    table = next(t for t in document.tables if any(c.text == "DJ-02" for c in t.columns[0].cells))
    assert [c.text for c in table.rows[1].cells][5:8] == ["2025", "2026", "2027"]
    assert [c.text for c in table.rows[0].cells][:6] == [
        "编号",
        "目标内容",
        "计量单位",
        "基数",
        "目标值",
        "年度进度",
    ]
    assert table.rows[0].cells[-1].text == "责任人"
    row = rows_by_id(document)["DJ-02"]
    assert row[1] == "理论学习中心组学习\n指标：学习次数"
    assert row[2:] == ["次", "10", "12.50", "11", "12.0", "", "张某"]
    assert rows_by_id(document)["JX-01"][4] == "不低于 5"


def test_qualitative_targets_show_criteria() -> None:
    document = rendered(
        TEACHING.replace(
            "      metric: {name: 学习次数, unit: 次, baseline: 10, target: 12.50, milestones: {2025: 11, 2026: 12.0}}\n",
            "      criteria: 每年不少于12次\n",
        )
    )
    rows = rows_by_id(document)
    assert rows["DJ-01"][1:4] == [
        "落实全面从严治党主体责任",
        "每年12月前召开专题民主生活会1次",
        "张某",
    ]
    # in a table with quantitative targets the criteria span the metric columns
    rows = rows_by_id(rendered(TEACHING))
    assert rows["XS-02"][1:3] == ["举办校园招聘会", "验收标准：每年举办2场"]
    assert rows["DJ-01"][2:6] == ["验收标准：每年12月前召开专题民主生活会1次"] * 4


def test_every_run_names_its_east_asian_font() -> None:
    document = rendered(TEACHING)
    runs = list(document.element.body.iter(qn("w:r")))
    assert runs
    for run in runs:
        fonts = run.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
        assert fonts is not None and fonts.get(qn("w:eastAsia")), run.xml


def test_signature_block_names_the_signers() -> None:
    text = "\n".join(c.text for t in rendered(TEACHING).tables for r in t.rows for c in r.cells)
    for label in (
        "单位党组织书记（张某）签字：",
        "行政负责人（李某）签字：",
        "主管校领导审核签字：",
        "学校党委书记签字：",
        "学校校长签字：",
    ):
        assert label in text
    assert "年    月    日" in text


def test_office_book_parts_and_commitment_text() -> None:
    document = rendered(
        OFFICE_BOOK.read_text(encoding="utf-8"),
        Config(root=Path("/nonexistent"), school="某师范学院"),
    )
    assert styled(document, "Heading 1") == ["一、本届领导班子成员及分工", "二、任期目标"]
    assert styled(document, "Heading 2") == [
        section_heading("office", k) for k, _ in SECTIONS["office"]
    ]
    body = [p.text for p in document.paragraphs]
    heading = body.index("（五）服务教学中心工作承诺")
    assert "围绕某师范学院人才培养中心工作" in body[heading + 1]
    assert body[body.index("（六）其他目标") + 1] == "无。"


def test_repository_commitment_template_is_used(tmp_path: Path) -> None:
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "service_commitment.j2").write_text(
        "{{ unit }}承诺第一段。\n\n第二段，{{ start }}年起。\n", encoding="utf-8"
    )
    document = rendered(OFFICE_BOOK.read_text(encoding="utf-8"), Config(root=tmp_path))
    body = [p.text for p in document.paragraphs]
    at = body.index("（五）服务教学中心工作承诺")
    assert body[at + 1 : at + 3] == ["图书馆承诺第一段。", "第二段，2024年起。"]


# ---------------------------------------------------------------- the school's own pages


def test_title_names_the_school_and_the_book_as_the_seed_does() -> None:
    document = rendered(TEACHING, Config(root=Path("/nonexistent"), school="某师范学院"))
    assert styled(document, "Title") == ["某师范学院\n文学院中层领导班子任期目标任务书"]
    placeholder = rendered(TEACHING, Config(root=Path("/nonexistent"), school="（请填写学校名称）"))
    assert styled(placeholder, "Title") == ["文学院中层领导班子任期目标任务书"]


def test_one_table_per_section_with_targets() -> None:
    document = rendered(TEACHING)
    first_cells = [[r.cells[0].text for r in t.rows] for t in document.tables]
    # members, then party_building, teaching, faculty, students (research etc. are empty), signatures
    assert len(document.tables) == 1 + 4 + 1
    assert first_cells[1][2:] == ["1. 政治思想建设", "DJ-02", "2. 党风廉政建设", "DJ-01"]
    assert first_cells[3][2:] == ["1. 博士引进", "SZ.01_a", "2. 博士培养", "SZ-02"]
    # targets without an aspect come first, then the aspect rows
    assert first_cells[4][2:] == ["XS-01", "1. 就业", "XS-02"]
    body = [p.text for p in document.paragraphs]
    assert body[body.index("（四）学科建设与科研工作目标") + 1] == "无。"


def test_a_target_with_several_aspects_is_shown_once_naming_them_all() -> None:
    data = load(TEACHING).data
    data["goals"]["party_building"].append(
        {
            "id": "DJ-03",
            "aspect": ["党风廉政建设", "作风建设"],
            "content": "开展作风纪律专项整治",
            "criteria": "每年1次",
        }
    )
    out = render_book(
        build(data, None, "book.yaml", "book.yaml"), Config(root=Path("/nonexistent"))
    )
    document = docx.Document(io.BytesIO(to_bytes(out)))
    party = document.tables[1]
    ids = [r.cells[0].text for r in party.rows[2:]]
    assert ids == [
        "1. 政治思想建设",
        "DJ-02",
        "2. 党风廉政建设",
        "DJ-01",
        "DJ-03",
    ]  # no row under 作风建设
    row = next(r for r in party.rows if r.cells[0].text == "DJ-03")
    assert row.cells[1].text == "开展作风纪律专项整治\n（方面：党风廉政建设、作风建设）"


def test_decrease_and_at_most_targets_read_as_words() -> None:
    text = TEACHING.replace(
        'metric: {name: 落实率, unit: "%", baseline: 88, target: 92}',
        "metric: {name: 未就业人数, unit: 人, baseline: 9, target: 4, direction: decrease}",
    )
    text = text.replace(
        "metric: {name: 在读博士人数, unit: 人, baseline: 1, target: 4}",
        "metric: {name: 离职人数, unit: 人, baseline: 1, target: 4, direction: at_most}",
    )
    rows = rows_by_id(rendered(text))
    assert rows["XS-01"][4] == "降低至 4"
    assert rows["SZ-02"][4] == "不超过 4"
    assert rows["SZ.01_a"][4] == "8"  # an increase: the number alone


def test_columns_give_the_content_the_most_room() -> None:
    document = rendered(TEACHING)
    party = document.tables[1]
    widths = [int(w.get(qn("w:w"))) for w in party._tbl.tblGrid.iterchildren(qn("w:gridCol"))]
    headers = [c.text for c in party.rows[0].cells]
    by_header = dict(zip(headers, widths, strict=False))
    assert max(widths) == by_header["目标内容"]
    # at 五号 (10.5 pt = 210 twips a character) plus the cell margins, a header never breaks
    assert by_header["计量单位"] >= 4 * 210 + 90 and by_header["目标值"] >= 3 * 210 + 90


def test_signature_table_is_borderless_kept_together_and_labels_fit() -> None:
    document = rendered(TEACHING, Config(root=Path("/nonexistent"), school="某师范学院"))
    sign = document.tables[-1]
    tbl_pr = sign._tbl.tblPr
    assert tbl_pr.find(qn("w:tblStyle")) is None and tbl_pr.find(qn("w:tblBorders")) is None
    labels = [r.cells[0].text for r in sign.rows]
    assert labels == [
        "单位党组织书记（张某）签字：",
        "行政负责人（李某）签字：",
        "主管校领导审核签字：",
        "任期目标任务书签署（党委会审议通过后）",
        "某师范学院党委书记签字：",
        "某师范学院校长签字：",
    ]  # SPEC §5: each person signs once (the unit's principals already have their lines above)
    label_width = int(sign._tbl.tblGrid.iterchildren(qn("w:gridCol")).__next__().get(qn("w:w")))
    assert label_width >= max(len(t) for t in labels if t.endswith("：")) * 320  # 三号: never wraps
    # every row but the last keeps with the next; the last target row keeps with the signatures
    rows = list(sign._tbl.iterchildren(qn("w:tr")))
    for row in rows[:-1]:
        assert all(
            p.find(f"{qn('w:pPr')}/{qn('w:keepNext')}") is not None for p in row.iter(qn("w:p"))
        )
    # nothing in the last section: its "无。" keeps with the signatures
    last = next(p for p in document.paragraphs[::-1] if p.text == "无。")
    assert last._p.find(f"{qn('w:pPr')}/{qn('w:keepNext')}") is not None
    other = TEACHING.replace(
        "  other: []", "  other:\n    - {id: QT-01, content: 其他工作, criteria: 完成}"
    )
    document = rendered(other)
    last_target_row = document.tables[-2].rows[-1]
    assert last_target_row.cells[0].text == "QT-01"
    assert all(
        p.find(f"{qn('w:pPr')}/{qn('w:keepNext')}") is not None
        for p in last_target_row._tr.iter(qn("w:p"))
    )


def test_a_principal_of_both_sides_signs_once() -> None:
    document = rendered(
        OFFICE_BOOK.read_text(encoding="utf-8"),
        Config(root=Path("/nonexistent"), school="某师范学院"),
    )
    labels = [r.cells[0].text for r in document.tables[-1].rows]
    assert labels == [
        "党政主要负责人（李某）签字：",
        "主管校领导审核签字：",
        "任期目标任务书签署（党委会审议通过后）",
        "某师范学院党委书记签字：",
        "某师范学院校长签字：",
    ]  # SPEC §5: each person signs once


def test_the_commitment_is_numbered_inside_its_section() -> None:
    document = rendered(
        OFFICE_BOOK.read_text(encoding="utf-8"),
        Config(root=Path("/nonexistent"), school="某师范学院"),
    )
    body = [p.text for p in document.paragraphs]
    start, end = body.index("（五）服务教学中心工作承诺"), body.index("（六）其他目标")
    points = [t[:2] for t in body[start + 1 : end] if t[:1].isdigit()]
    assert points == ["1.", "2.", "3.", "4."]
    assert not any(re.match(r"^[一二三四五六七八九十]+、", t) for t in body[start + 1 : end])


def test_the_book_carries_its_identity() -> None:
    from ankao.load.identity import identity_of, parse_properties

    book = model(TEACHING)
    data = to_bytes(render_book(book, Config(root=Path("/nonexistent"))))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        identity = identity_of(parse_properties(archive.read("docProps/custom.xml")))
    assert identity is not None
    assert (identity.document, identity.units, identity.term, identity.fingerprints) == (
        "taskbook",
        ("文学院",),
        "2025-2027",
        (book.fingerprint,),
    )
    assert identity.fingerprint_of("文学院") == book.fingerprint


def test_replace_problem_tells_ankao_output_from_other_files(tmp_path: Path) -> None:
    from ankao.load.identity import replace_problem

    path = tmp_path / "a.docx"
    path.write_bytes(to_bytes(render_book(model(TEACHING), Config(root=Path("/nonexistent")))))
    assert replace_problem(path) is None
    (tmp_path / "b.docx").write_text("not a zip", encoding="utf-8")
    assert replace_problem(tmp_path / "b.docx") == "不是 ankao 生成的 Word 文档"


def test_custom_properties_keep_the_references_own_and_replace_ankaos() -> None:
    from ankao.load.identity import parse_properties
    from ankao.render.identity import custom_xml

    existing = (
        b'<?xml version="1.0"?><Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
        b'<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="Department">'
        b"<vt:lpwstr>\xe5\x8a\x9e&amp;\xe5\x85\xac</vt:lpwstr></property>"
        b'<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="3" name="ankao.units">'
        b"<vt:lpwstr>old</vt:lpwstr></property></Properties>"
    )
    merged = custom_xml({"ankao.document": "taskbook", "ankao.units": "文学院、图书馆"}, existing)
    assert parse_properties(merged) == {
        "Department": "办&公",
        "ankao.document": "taskbook",
        "ankao.units": "文学院、图书馆",
    }
    assert [int(p) for p in re.findall(rb'pid="(\d+)"', merged)] == [2, 3, 4]


def test_a_draft_is_a_complete_package_python_docx_reads() -> None:
    data = to_bytes(
        render_book(model(TEACHING), Config(root=Path("/nonexistent"), school="某师范学院"))
    )
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        names = archive.namelist()
    assert (
        names[0] == "[Content_Types].xml"
        and "word/styles.xml" in names
        and "docProps/custom.xml" in names
    )
    document = docx.Document(io.BytesIO(data))
    assert document.core_properties.title == "文学院中层领导班子任期目标任务书"
    assert document.core_properties.author == "某师范学院领导小组办公室"  # SPEC §5: the office
    assert abs(document.sections[0].page_width - Mm(210)) < Mm(1)  # the reference's A4
