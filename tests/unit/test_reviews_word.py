"""Reading Word comments and their anchors from documents built on the renderer's contract."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from conftest import soffice_convert
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part

from ankao.errors import AnkaoError
from ankao.model.build import build
from ankao.model.refs import index_book
from ankao.reviews.wordcomments import RT_EXTENDED, W14, W15, read_comments
from ankao.reviews.wordimport import split_kind

BOOK = {
    "kind": "teaching",
    "unit": "文学院",
    "term": {"start": 2024, "end": 2027},
    "members": [{"name": "张某", "post": "院长", "duties": "全面工作"}],
    "profile": "文学院有本科专业5个。",
    "goals": {
        "party_building": [{"id": "DJ-01", "aspect": "党支部建设", "content": "创建样板支部"}],
        "teaching": [
            {"id": "JX-01", "content": "专业认证"},
            {"id": "JX-02", "content": "一流课程"},
        ],
    },
}
INDEX = index_book(build(BOOK, None, "book.yaml", "book.yaml"))


def table(d: docx.document.Document, rows: list[list[str]]) -> docx.table.Table:
    t = d.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            t.cell(r, c).text = text
    return t


def contract_document() -> docx.document.Document:
    """A task book laid out as the renderer's contract says: headings, target rows led by ids."""
    d = docx.Document()
    d.add_heading("文学院领导班子任期目标任务书（2024—2027年）", 0)
    d.add_heading("一、本单位自然情况", 1)
    d.add_paragraph("文学院有本科专业5个。")
    d.add_heading("二、本届领导班子成员及分工", 1)
    table(d, [["姓名", "职务", "分工"], ["张某", "党委书记", "主持党委全面工作"]])
    d.add_heading("三、任期目标", 1)
    d.add_heading("（二）党建工作目标", 2)
    d.add_heading("1. 党支部建设", 3)
    table(d, [["编号", "目标内容"], ["DJ-01", "创建样板支部"]])
    d.add_heading("（三）教学工作目标", 2)
    d.add_paragraph("本部分目标如下。")
    table(
        d,
        [
            ["编号", "目标内容", "验收标准"],
            ["JX-01", "专业认证", "2026年通过"],
            ["JX-02", "一流课程", "3门"],
            ["JX-09", "旧目标", "无"],
        ],
    )
    return d


def cell_run(t: docx.table.Table, row: int, col: int) -> docx.text.run.Run:
    return t.cell(row, col).paragraphs[0].runs[0]


def paragraph(d: docx.document.Document, text: str) -> docx.text.paragraph.Paragraph:
    return next(p for p in d.paragraphs if p.text == text)


def test_each_comment_gets_the_ref_of_where_it_sits(tmp_path: Path) -> None:
    d = contract_document()
    members, party, goals = d.tables
    d.add_comment(cell_run(goals, 2, 2), "目标值偏低。", author="王五", initials="W")
    d.add_comment(paragraph(d, "（三）教学工作目标").runs, "缺少实验室建设。", author="王五")
    d.add_comment(cell_run(goals, 1, 1), "【必须修改】写明认证时间。", author="王五")
    d.add_comment(paragraph(d, "本部分目标如下。").runs, "文字可删。", author="王五")
    d.add_comment(paragraph(d, "文学院有本科专业5个。").runs, "请补充学科情况。", author="王五")
    d.add_comment(cell_run(members, 1, 2), "分工不全。", author="王五")
    d.add_comment(cell_run(party, 1, 1), "请写明级别。", author="王五")
    d.add_comment(
        paragraph(d, "文学院领导班子任期目标任务书（2024—2027年）").runs,
        "总体不错。",
        author="王五",
    )
    d.add_comment(paragraph(d, "三、任期目标").runs, "定量目标偏少。", author="王五")
    d.add_comment(cell_run(goals, 3, 1), "这条删了吗？", author="王五")
    path = tmp_path / "a.docx"
    d.save(str(path))
    got = read_comments(path, INDEX)
    assert [(c.ref, c.text) for c in got] == [
        ("general", "总体不错。"),
        ("profile", "请补充学科情况。"),
        ("members", "分工不全。"),
        ("general", "定量目标偏少。"),
        ("DJ-01", "请写明级别。"),
        ("goals.teaching", "缺少实验室建设。"),
        ("goals.teaching", "文字可删。"),
        ("JX-01", "【必须修改】写明认证时间。"),
        ("JX-02", "目标值偏低。"),
        ("goals.teaching", "这条删了吗？"),
    ]
    by_text = {c.text: c for c in got}
    assert by_text["目标值偏低。"].quote == "3门"
    assert by_text["目标值偏低。"].author == "王五"
    assert by_text["目标值偏低。"].date[:4].isdigit()
    assert by_text["缺少实验室建设。"].quote == "（三）教学工作目标"
    assert (
        by_text["这条删了吗？"].problem is not None and "JX-09" in by_text["这条删了吗？"].problem
    )
    assert all(c.problem is None for c in got if c.text != "这条删了吗？")


def test_a_comment_spanning_rows_belongs_to_its_first_row_and_quotes_both(tmp_path: Path) -> None:
    d = contract_document()
    goals = d.tables[2]
    d.add_comment([cell_run(goals, 1, 1), cell_run(goals, 2, 1)], "两条合并。", author="王五")
    path = tmp_path / "a.docx"
    d.save(str(path))
    (c,) = read_comments(path, INDEX)
    assert c.ref == "JX-01"
    assert c.quote.split("\n")[0] == "专业认证" and c.quote.split("\n")[-1] == "一流课程"


def _with_replies(d: docx.document.Document, pairs: list[tuple[int, int]]) -> None:
    """Mark comments as replies the way Word does: commentsExtended with w15:paraIdParent."""
    part = next(r.target_part for r in d.part.rels.values() if r.reltype == RT.COMMENTS)
    comments = [c for c in part.element if c.tag.endswith("}comment")]
    for n, c in enumerate(comments):
        paras = [p for p in c.iter() if p.tag.endswith("}p")]
        paras[-1].set(f"{{{W14}}}paraId", f"0000000{n + 1}")
    items = "".join(
        f'<w15:commentEx w15:paraId="0000000{child + 1}" w15:paraIdParent="0000000{parent + 1}" w15:done="0"/>'
        for child, parent in pairs
    )
    blob = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w15:commentsEx xmlns:w15="{W15}">{items}</w15:commentsEx>'
    ).encode()
    ext = Part(
        PackURI("/word/commentsExtended.xml"),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.commentsExtended+xml",
        blob,
        d.part.package,
    )
    d.part.relate_to(ext, RT_EXTENDED)


def test_replies_from_comments_extended_attach_to_their_thread(tmp_path: Path) -> None:
    d = contract_document()
    goals = d.tables[2]
    d.add_comment(cell_run(goals, 2, 1), "目标值偏低。", author="王五")
    d.add_comment(cell_run(goals, 2, 1), "同意，建议提高到5门。", author="赵六")
    d.add_comment(cell_run(goals, 2, 1), "已与学院沟通。", author="王五")
    d.add_comment(cell_run(goals, 1, 1), "另一条。", author="王五")
    _with_replies(d, [(1, 0), (2, 1)])  # a reply to a reply belongs to the same thread
    path = tmp_path / "a.docx"
    d.save(str(path))
    got = read_comments(path, INDEX)
    assert [(c.ref, c.text) for c in got] == [("JX-01", "另一条。"), ("JX-02", "目标值偏低。")]
    assert [(r.author, r.text) for r in got[1].replies] == [
        ("赵六", "同意，建议提高到5门。"),
        ("王五", "已与学院沟通。"),
    ]
    assert got[0].replies == []


def test_without_comments_extended_every_comment_is_top_level(tmp_path: Path) -> None:
    d = contract_document()
    d.add_comment(cell_run(d.tables[2], 2, 1), "一。", author="王五")
    d.add_comment(cell_run(d.tables[2], 2, 1), "二。", author="赵六")
    path = tmp_path / "a.docx"
    d.save(str(path))
    assert [(c.ref, c.text, c.replies) for c in read_comments(path, INDEX)] == [
        ("JX-02", "一。", []),
        ("JX-02", "二。", []),
    ]


def test_a_packet_reads_only_the_named_units_part(tmp_path: Path) -> None:
    d = docx.Document()
    d.add_heading("教务处审核材料", 0)
    for unit in ("外国语学院", "文学院"):
        d.add_heading(unit, 1)
        d.add_heading("（三）教学工作目标", 2)
        table(d, [["编号", "目标内容"], ["JX-01", f"{unit}专业认证"]])
    d.add_comment(cell_run(d.tables[0], 1, 1), "外院的意见。", author="王五")
    d.add_comment(cell_run(d.tables[1], 1, 1), "文学院的意见。", author="王五")
    d.add_comment(paragraph(d, "文学院").runs, "文学院总体意见。", author="王五")
    path = tmp_path / "p.docx"
    d.save(str(path))
    assert [(c.ref, c.text) for c in read_comments(path, INDEX, unit="文学院")] == [
        ("general", "文学院总体意见。"),
        ("JX-01", "文学院的意见。"),
    ]
    assert (
        read_comments(path, INDEX, unit="理学院") != []
    )  # no such heading: the whole document is read


def test_not_a_word_file_and_no_comments_are_clear_errors(tmp_path: Path) -> None:
    text = tmp_path / "a.docx"
    text.write_text("这不是 Word 文档", encoding="utf-8")
    with pytest.raises(AnkaoError, match="不是 Word 文档"):
        read_comments(text, INDEX)
    old = tmp_path / "b.doc"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    with pytest.raises(AnkaoError, match="另存为"):
        read_comments(old, INDEX)
    import zipfile

    bad_zip = tmp_path / "c.docx"
    with zipfile.ZipFile(bad_zip, "w") as z:
        z.writestr("hello.txt", "x")
    with pytest.raises(
        AnkaoError, match="不是有效的 Word 文档（.docx），无法读取其中的批注：它是 zip 压缩包"
    ):
        read_comments(bad_zip, INDEX)
    odt = tmp_path / "e.docx"  # an OpenDocument file given a Word name
    with zipfile.ZipFile(odt, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        z.writestr("content.xml", "<office:document-content/>")
    with pytest.raises(
        AnkaoError, match=r"它是 OpenDocument 文件（\.odt），请在 WPS/LibreOffice/Word 中“另存为”"
    ):
        read_comments(odt, INDEX)
    plain = tmp_path / "d.docx"
    contract_document().save(str(plain))
    before = plain.read_bytes()
    with pytest.raises(AnkaoError, match="没有批注"):
        read_comments(plain, INDEX)
    assert plain.read_bytes() == before  # reading never adds a comments part to the file
    with pytest.raises(AnkaoError, match="找不到文件"):
        read_comments(tmp_path / "none.docx", INDEX)


def test_kind_marker_at_the_start_of_a_comment() -> None:
    assert split_kind("【必须修改】写明时间。") == ("必须修改", "写明时间。")
    assert split_kind("必须修改：写明时间。") == ("必须修改", "写明时间。")
    assert split_kind("[建议] 提高") == ("建议", "提高")
    assert split_kind("建议提高到3项。") == (
        "建议",
        "建议提高到3项。",
    )  # no marker: the text is kept whole
    assert split_kind("【必须修改】") == ("建议", "【必须修改】")


@pytest.mark.soffice
def test_anchors_survive_a_libreoffice_save(tmp_path: Path) -> None:
    d = contract_document()
    goals = d.tables[2]
    d.add_comment(paragraph(d, "文学院有本科专业5个。").runs, "请补充学科情况。", author="王五")
    d.add_comment(cell_run(goals, 2, 2), "目标值偏低。", author="王五")
    d.add_comment(paragraph(d, "（三）教学工作目标").runs, "缺少实验室建设。", author="王五")
    d.add_comment(cell_run(goals, 1, 1), "写明认证时间。", author="王五")
    source = tmp_path / "in" / "a.docx"
    source.parent.mkdir()
    d.save(str(source))
    got = read_comments(soffice_convert(source, "docx", tmp_path / "out"), INDEX)
    assert [(c.ref, c.text) for c in got] == [
        ("profile", "请补充学科情况。"),
        ("goals.teaching", "缺少实验室建设。"),
        ("JX-01", "写明认证时间。"),
        ("JX-02", "目标值偏低。"),
    ]


def _comment(date: str = "", text: str = "意见", quote: str = "") -> object:
    from ankao.reviews.wordcomments import WordComment

    return WordComment(author="张某", date=date, text=text, quote=quote, ref="goals")


def test_the_review_date_is_that_of_the_latest_dated_comment() -> None:
    from ankao.reviews.wordimport import ImportRequest, review_data

    dates = ["2025-03-03T10:00:00Z", "2025-03-05T09:00:00Z", "", "2025-03-01T08:00:00Z"]
    comments = [_comment(d) for d in dates]
    request = ImportRequest(Path("意见.docx"), "文学院", 1, "教务处")
    assert review_data(request, comments)["date"] == "2025-03-05"  # type: ignore[arg-type]
    asked = ImportRequest(Path("意见.docx"), "文学院", 1, "教务处", date="2025-04-01")
    assert review_data(asked, comments)["date"] == "2025-04-01"  # type: ignore[arg-type]


def test_a_text_of_exactly_the_limit_is_kept_whole_and_one_more_is_cut() -> None:
    from ankao.reviews.wordimport import MAX_TEXT, _truncate

    assert MAX_TEXT == {"text": 20_000, "quote": 2_000}
    whole = [_comment(text="意" * 20_000, quote="原" * 2_000)]
    assert _truncate(whole) == []  # type: ignore[arg-type]
    assert len(whole[0].text) == 20_000 and len(whole[0].quote) == 2_000  # type: ignore[attr-defined]
    over = [_comment(text="意" * 20_001, quote="原" * 2_001)]
    assert _truncate(over) == [(0, "text", 20_001), (0, "quote", 2_001)]  # type: ignore[arg-type]
    assert over[0].text == "意" * 20_000 + "……（已截断）"  # type: ignore[attr-defined]
