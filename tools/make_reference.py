"""Build templates/reference.docx: the styles and page setup of every rendered document.

Run `python tools/make_reference.py` to regenerate it after changing this script.
Typography follows GB/T 9704-2012 (Chinese official documents): A4, margins
37/28/26/35 mm (top/left/right/bottom), body 仿宋_GB2312 3号 on a 22-line grid,
title 小标宋 2号, headings 黑体 / 楷体_GB2312, page numbers "— N —" in 宋体 4号
(odd pages right, even pages left). Theme fonts are stripped and `w:eastAsia`
is set on every style, or Word falls back to a Latin theme font for Chinese.
A user can restyle the result in Word and put it in the repository's templates/.
"""

from __future__ import annotations

import io
import sys
from datetime import datetime
from pathlib import Path

import docx
from clean_reference import clean_package  # noqa: E402 - tools/ is on sys.path when run
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

LATIN = "Times New Roman"
FANGSONG = "仿宋_GB2312"
HEITI = "黑体"
KAITI = "楷体_GB2312"
XIAOBIAOSONG = "方正小标宋简体"
SONGTI = "宋体"

PAGE_LINES = 22
TEXT_HEIGHT_MM = 297 - 37 - 35
LINE_PITCH = int(
    TEXT_HEIGHT_MM / 25.4 * 1440 / PAGE_LINES
)  # twips, rounded down so 22 lines fit: 579 (28.95 pt)
CHAR = 200  # firstLineChars: two characters

KEEP_STYLES = {
    "Normal",
    "Header",
    "Footer",
    "Title",
    "Subtitle",
    "Heading 1",
    "Heading 2",
    "Heading 3",
    "Heading 4",
    "Body Text",
    "Default Paragraph Font",
    "Normal Table",
    "No List",
    "Table Grid",
    "Caption",
    "Strong",
    "Emphasis",
}
_THEME_ATTRS = [qn(f"w:{a}") for a in ("asciiTheme", "eastAsiaTheme", "hAnsiTheme", "cstheme")]


def set_fonts(rpr_parent: object, east: str, latin: str = LATIN) -> None:
    """Set Latin and East-Asian fonts on a style's or the defaults' run properties."""
    rpr = rpr_parent.get_or_add_rPr()  # type: ignore[attr-defined]
    fonts = rpr.get_or_add_rFonts()
    for attr in _THEME_ATTRS:
        fonts.attrib.pop(attr, None)
    for key, value in (("ascii", latin), ("hAnsi", latin), ("eastAsia", east), ("cs", latin)):
        fonts.set(qn(f"w:{key}"), value)


def _child(parent: object, tag: str, **attrs: str) -> object:
    """Replace `parent`'s child `tag` with a new one carrying `attrs`."""
    for old in parent.findall(qn(tag)):  # type: ignore[attr-defined]
        parent.remove(old)  # type: ignore[attr-defined]
    el = OxmlElement(tag, {qn(f"w:{k}"): v for k, v in attrs.items()})
    parent.append(el)  # type: ignore[attr-defined]
    return el


def _ppr_spacing(
    style: object,
    *,
    line: int | None = LINE_PITCH,
    rule: str = "exact",
    before: int = 0,
    after: int = 0,
) -> None:
    ppr = style.element.get_or_add_pPr()  # type: ignore[attr-defined]
    attrs = {"before": str(before), "after": str(after)}
    if line is not None:
        attrs |= {"line": str(line), "lineRule": rule}
    _child(ppr, "w:spacing", **attrs)


def paragraph_style(
    doc: docx.document.Document,
    name: str,
    *,
    east: str,
    size: float,
    base: str | None = "Normal",
    bold: bool = False,
) -> object:
    """A paragraph style (new or existing) with its fonts, size and weight."""
    styles = doc.styles
    try:
        style = styles[name]
    except KeyError:
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    if base and name != base:
        style.base_style = styles[base]
    style.quick_style = True
    set_fonts(style.element, east)
    font = style.font
    font.size = Pt(size)
    font.bold = bold
    font.italic = False
    font.color.rgb = None
    rpr = style.element.get_or_add_rPr()
    for color in rpr.findall(qn("w:color")):
        rpr.remove(color)
    return style


def build(out: Path) -> None:
    """Write the reference document to `out`."""
    doc = docx.Document()
    _prune(doc)
    _defaults(doc)
    _styles(doc)
    _page(doc)
    doc.core_properties.title = "任期目标任务书"
    doc.core_properties.author = "ankao"
    doc.core_properties.created = doc.core_properties.modified = datetime(2026, 1, 1)
    doc.core_properties.comments = (
        "ankao 生成文档所用的样式模板：可在 Word 中修改样式后放入仓库的 templates/ 文件夹"
    )
    buffer = io.BytesIO()
    doc.save(buffer)
    out.write_bytes(clean_package(buffer.getvalue()))


def _prune(doc: docx.document.Document) -> None:
    """Drop the template's colourful table styles, its thumbnail and stylesWithEffects."""
    root = doc.styles.element
    keep = {name.lower() for name in KEEP_STYLES}
    for style in list(root.findall(qn("w:style"))):
        name = style.find(qn("w:name"))
        label = (name.get(qn("w:val")) if name is not None else "").lower()
        if label.removesuffix(" char") not in keep:
            root.remove(style)
    for el in root.iter():
        for attr in _THEME_ATTRS:
            el.attrib.pop(attr, None)
        if el.tag == qn("w:color"):
            for attr in ("themeColor", "themeShade", "themeTint"):
                el.attrib.pop(qn(f"w:{attr}"), None)
    package_rels = doc.part.package.rels
    for rid, rel in list(package_rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            package_rels.pop(rid)
    for rid, rel in list(doc.part.rels.items()):
        if rel.reltype.endswith("/stylesWithEffects"):
            doc.part.rels.pop(rid)


def _defaults(doc: docx.document.Document) -> None:
    root = doc.styles.element
    defaults = root.find(qn("w:docDefaults"))
    rpr_default = defaults.find(qn("w:rPrDefault"))
    rpr = rpr_default.find(qn("w:rPr"))
    fonts = rpr.find(qn("w:rFonts"))
    for attr in _THEME_ATTRS:
        fonts.attrib.pop(attr, None)
    for key, value in (("ascii", LATIN), ("hAnsi", LATIN), ("eastAsia", FANGSONG), ("cs", LATIN)):
        fonts.set(qn(f"w:{key}"), value)
    for tag in ("w:sz", "w:szCs"):
        rpr.find(qn(tag)).set(qn("w:val"), "32")
    lang = rpr.find(qn("w:lang"))
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")
    ppr = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr"))
    _child(ppr, "w:spacing", after="0", line="240", lineRule="auto")


def _styles(doc: docx.document.Document) -> None:
    normal = paragraph_style(doc, "Normal", east=FANGSONG, size=16, base=None)
    _ppr_spacing(normal)
    normal.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    normal.paragraph_format.widow_control = True

    body = paragraph_style(doc, "Body Text", east=FANGSONG, size=16)
    _ppr_spacing(body)
    _child(body.element.get_or_add_pPr(), "w:ind", firstLineChars=str(CHAR), firstLine="640")

    title = paragraph_style(doc, "Title", east=XIAOBIAOSONG, size=22, bold=False)
    _ppr_spacing(title, line=LINE_PITCH * 6 // 5, before=0, after=LINE_PITCH)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.keep_with_next = True
    tppr = title.element.get_or_add_pPr()
    for border in tppr.findall(qn("w:pBdr")):
        tppr.remove(border)

    subtitle = paragraph_style(doc, "Subtitle", east=KAITI, size=16)
    _ppr_spacing(subtitle, after=LINE_PITCH)
    subtitle.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    subtitle.paragraph_format.keep_with_next = True

    for level, east, bold in (
        (1, HEITI, False),
        (2, KAITI, False),
        (3, FANGSONG, True),
        (4, FANGSONG, False),
    ):
        style = paragraph_style(doc, f"Heading {level}", east=east, size=16, bold=bold)
        _ppr_spacing(style)
        fmt = style.paragraph_format
        fmt.keep_with_next = True
        fmt.keep_together = True
        fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        _child(style.element.get_or_add_pPr(), "w:ind", firstLineChars=str(CHAR), firstLine="640")

    _table_styles(doc)
    _signature_style(doc)

    for name in ("Header", "Footer"):
        style = paragraph_style(doc, name, east=SONGTI, size=14)
        _ppr_spacing(style, line=240, rule="auto")
        _child(style.element.get_or_add_pPr(), "w:snapToGrid", val="0")

    caption = paragraph_style(doc, "Caption", east=FANGSONG, size=12)
    caption.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER

    _comment_styles(doc)

    _linked_char_styles(doc)

    _grid_margins(doc)


def _table_styles(doc: docx.document.Document) -> None:
    """Table Text (五号, single-spaced, off the grid), Table Number (centred), Table Heading (黑体)."""
    table_text = paragraph_style(doc, "Table Text", east=FANGSONG, size=10.5)
    _ppr_spacing(table_text, line=240, rule="auto")
    tppr = table_text.element.get_or_add_pPr()
    _child(tppr, "w:snapToGrid", val="0")
    _child(tppr, "w:ind", firstLine="0")
    table_text.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT

    table_number = paragraph_style(doc, "Table Number", east=FANGSONG, size=10.5, base="Table Text")
    table_number.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER

    table_heading = paragraph_style(doc, "Table Heading", east=HEITI, size=10.5, base="Table Text")
    table_heading.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    table_heading.paragraph_format.keep_with_next = True


def _signature_style(doc: docx.document.Document) -> None:
    """Signature: 三号 on the grid, no indent, flush left, kept with the next line."""
    signature = paragraph_style(doc, "Signature", east=FANGSONG, size=16)
    _ppr_spacing(signature)
    _child(signature.element.get_or_add_pPr(), "w:ind", firstLine="0")
    signature.paragraph_format.keep_with_next = True
    signature.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT


def _comment_styles(doc: docx.document.Document) -> None:
    """Word's comment styles (comments reviewers add read in the same fonts) and "— N —"'s."""
    comment_text = paragraph_style(doc, "annotation text", east=FANGSONG, size=10.5)
    comment_text.element.set(qn("w:styleId"), "CommentText")
    _ppr_spacing(comment_text, line=240, rule="auto")
    _child(comment_text.element.get_or_add_pPr(), "w:snapToGrid", val="0")
    comment_text.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    _character_style(doc, "annotation reference", "CommentReference", east=FANGSONG, size=8)
    _character_style(doc, "page number", "PageNumber", east=SONGTI, size=14)


def _character_style(
    doc: docx.document.Document, name: str, style_id: str, *, east: str, size: float
) -> None:
    """A character style of Word's (its English `name` and `style_id`) on Default Paragraph Font."""
    styles = doc.styles
    style = styles.add_style(name, WD_STYLE_TYPE.CHARACTER)
    style.element.set(qn("w:styleId"), style_id)
    style.base_style = styles["Default Paragraph Font"]
    set_fonts(style.element, east)
    style.font.size = Pt(size)


def _grid_margins(doc: docx.document.Document) -> None:
    """Table Grid's cell margins: 45 twips left and right, none above and below."""
    grid = doc.styles["Table Grid"]
    tbl_pr = grid.element.find(qn("w:tblPr"))
    margins = tbl_pr.find(qn("w:tblCellMar"))
    if margins is not None:
        tbl_pr.remove(margins)
    margins = OxmlElement("w:tblCellMar")
    for side, width in (("top", "0"), ("left", "45"), ("bottom", "0"), ("right", "45")):
        margins.append(OxmlElement(f"w:{side}", {qn("w:w"): width, qn("w:type"): "dxa"}))
    tbl_pr.append(margins)


def _linked_char_styles(doc: docx.document.Document) -> None:
    """Give each linked "X Char" style the run properties of paragraph style X."""
    import copy

    by_name = {s.name: s for s in doc.styles}
    for name, style in by_name.items():
        if name.endswith(" Char") and name[:-5] in by_name:
            source = by_name[name[:-5]].element.rPr
            old = style.element.rPr
            if old is not None:
                style.element.remove(old)
            if source is not None:
                style.element.append(copy.deepcopy(source))


def _page(doc: docx.document.Document) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.header_distance, section.footer_distance = Mm(15), Mm(22)
    sect = section._sectPr
    grid = sect.find(qn("w:docGrid"))
    grid.attrib.clear()
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(LINE_PITCH))
    doc.settings.odd_and_even_pages_header_footer = True
    _page_number(section.footer.paragraphs[0], WD_ALIGN_PARAGRAPH.RIGHT)
    _page_number(section.even_page_footer.paragraphs[0], WD_ALIGN_PARAGRAPH.LEFT)


def _page_number(paragraph: object, align: WD_ALIGN_PARAGRAPH) -> None:
    """ "— N —" one character in from the edge, as GB/T 9704 places it."""
    paragraph.style = "Footer"  # type: ignore[attr-defined]
    paragraph.alignment = align  # type: ignore[attr-defined]
    fmt = paragraph.paragraph_format  # type: ignore[attr-defined]
    if align == WD_ALIGN_PARAGRAPH.RIGHT:
        fmt.right_indent = Pt(14)
    else:
        fmt.left_indent = Pt(14)
    p = paragraph._p  # type: ignore[attr-defined]

    def run(text: str | None = None, field: str | None = None) -> None:
        r = OxmlElement("w:r")
        rpr = OxmlElement("w:rPr")
        rpr.append(OxmlElement("w:rStyle", {qn("w:val"): "PageNumber"}))
        rpr.append(
            OxmlElement(
                "w:rFonts",
                {
                    qn("w:hint"): "eastAsia",
                    qn("w:ascii"): SONGTI,
                    qn("w:hAnsi"): SONGTI,
                    qn("w:eastAsia"): SONGTI,
                },
            )
        )
        r.append(rpr)
        if field is not None:
            r.append(OxmlElement("w:fldChar", {qn("w:fldCharType"): field}))
        elif text is not None:
            t = OxmlElement("w:t", {qn("xml:space"): "preserve"})
            t.text = text
            r.append(t)
        p.append(r)

    run("— ")
    run(field="begin")
    instr = OxmlElement("w:r")
    instr_text = OxmlElement("w:instrText", {qn("xml:space"): "preserve"})
    instr_text.text = " PAGE "
    instr.append(instr_text)
    p.append(instr)
    run(field="separate")
    run("1")
    run(field="end")
    run(" —")


if __name__ == "__main__":
    target = (
        Path(sys.argv[1])
        if len(sys.argv) > 1
        else Path(__file__).resolve().parent.parent / "templates" / "reference.docx"
    )
    build(target)
    print(f"已生成 {target}")
