"""The shared document-writing layer: reference.docx in, styled paragraphs and tables out.

Every rendered document (task book, 审核意见反馈表, 考核结果运用 notice) is written
the same way:

    from ankao.rendering.base import Cell, Writer, open_reference, save

    doc = open_reference(config)          # templates/reference.docx, body cleared
    w = Writer(doc)
    w.title("文学院领导班子任期目标任务书（2024—2027年）")
    w.heading(1, "一、本单位自然情况")
    w.paragraph("……")                      # style "Body Text" (首行缩进两字)
    w.table(["编号", "目标内容"], [[Cell("JX-01", bookmark="T_JX_01"), "……"]],
            widths=[1, 4])
    w.signature_block(["单位党组织书记签字", "行政负责人签字"])
    save(doc, out_path)                     # atomic, through ankao.files

All styling lives in the reference: the writer only names styles (looked up
by name once per document, so a reference restyled in a Chinese Word, whose
style ids differ, still works) and sets on every run the East-Asian font of
its style (`w:eastAsia`, with `w:hint="eastAsia"` so quotes and dashes take
the Chinese font), because Word otherwise falls back to a Latin font for
Chinese text. Table rows never split across pages and header rows repeat.

Style names the built-in reference defines: Title, Subtitle, Heading 1-4,
Body Text, Table Text, Table Number, Table Heading, Signature, Caption,
annotation text (id CommentText), annotation reference (id CommentReference).

Text templates (`render_text`): Jinja2 with StrictUndefined and autoescaping;
a template from the repository's templates folder runs sandboxed, a built-in
one from ankao's own templates. The rendered text is plain (python-docx
escapes XML itself), paragraphs separated by blank lines.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ankao.config import Config
from ankao.files import write_bytes
from ankao.model import AnkaoError
from ankao.resources import resource_dir

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument

REFERENCE = "reference.docx"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
TWIPS_PER_MM = 1440 / 25.4
DEFAULT_TEXT_WIDTH = round((210 - 28 - 26) * TWIPS_PER_MM)


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


# ---------------------------------------------------------------- templates folder


def template_folders(config: Config | None) -> list[Path]:
    """The repository's template folders, most specific first (may be empty).

    `templates:` in ankao.yaml names one; without it, the repository's own
    `templates/` folder is used when it exists.
    """
    if config is None:
        return []
    if config.templates is not None:
        return [config.templates]
    folder = config.root / "templates"
    return [folder] if folder.is_dir() else []


def reference_path(config: Config | None = None) -> Path:
    """The reference.docx in use: the repository's if it has one, else the built-in."""
    for folder in template_folders(config):
        candidate = folder / REFERENCE
        if candidate.is_file():
            return candidate
    return resource_dir("templates") / REFERENCE


@lru_cache(maxsize=8)
def _reference_bytes(path: Path, mtime_ns: int) -> bytes:
    return path.read_bytes()


def open_reference(config: Config | None = None) -> DocxDocument:
    """A new document from reference.docx: styles, page setup, headers and footers kept, body empty."""
    import docx

    path = reference_path(config)
    try:
        data = _reference_bytes(path, path.stat().st_mtime_ns)
        doc = docx.Document(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - any failure to read it is the user's file
        raise AnkaoError(f"无法读取样式模板 {path}：{exc}。请用 Word 另存为 .docx 后重试") from exc
    body = doc.element.body
    for child in list(body):
        if child.tag != _w("sectPr"):
            body.remove(child)
    return doc


def save(doc: DocxDocument, path: Path, *, overwrite: bool = True) -> None:
    """Write a document atomically (ankao.files.write_bytes)."""
    write_bytes(path, to_bytes(doc), overwrite=overwrite)


def to_bytes(doc: DocxDocument) -> bytes:
    """The .docx file of a document, in memory, with a Writer's pending content spliced in."""
    buffer = io.BytesIO()
    pending: list[str] | None = getattr(doc, "_ankao_pending", None)
    part = doc.part
    if not pending:
        doc.save(buffer)
        return buffer.getvalue()
    xml = part.blob
    body_end = xml.rfind(b"</w:body>")
    sect = xml.rfind(b"<w:sectPr", 0, body_end)
    if body_end < 0 or (sect >= 0 and xml.rfind(b"</w:p>", sect, body_end) >= 0):
        sect = -1  # no body-level sectPr at the end: insert before </w:body>
    at = sect if sect >= 0 else body_end
    if at < 0:
        raise AnkaoError("样式模板的 document.xml 无法识别（没有 w:body）")
    blob = xml[:at] + "".join(pending).encode("utf-8") + xml[at:]
    original = type(part)
    part.__class__ = _splice_class(original)
    part._ankao_blob = blob  # type: ignore[attr-defined]
    try:
        doc.save(buffer)
    finally:
        part.__class__ = original
    return buffer.getvalue()


_SPLICED: dict[type, type] = {}


def _splice_class(base: type) -> type:
    """A subclass of a part class whose `blob` is the spliced document.xml."""
    if base not in _SPLICED:
        _SPLICED[base] = type(f"Spliced{base.__name__}", (base,), {"blob": property(lambda self: self._ankao_blob)})
    return _SPLICED[base]


# ---------------------------------------------------------------- bookmarks

_BOOKMARK_UNSAFE = re.compile(r"[^A-Za-z0-9_]")
BOOKMARK_MAX = 40


def bookmark_name(key: str, used: set[str], *, prefix: str = "T_") -> str:
    """A Word bookmark name for `key`: prefix + key, unsafe chars as `_`, ≤ 40 chars, unique in `used`.

    The name is added to `used`. Word refuses names over 40 characters or with
    other characters; a clash after shortening gets a `_2`, `_3` … suffix.
    """
    base = (prefix + _BOOKMARK_UNSAFE.sub("_", key))[:BOOKMARK_MAX]
    name, n = base, 1
    while name in used:
        n += 1
        suffix = f"_{n}"
        name = base[: BOOKMARK_MAX - len(suffix)] + suffix
    used.add(name)
    return name


# ---------------------------------------------------------------- writer


@dataclass(frozen=True, slots=True)
class Cell:
    """One table cell: its text (lines become paragraphs) and how it is laid out.

    `span` merges cells across grid columns; `rows` merges down over the next
    rows (leave those positions out of the following rows); `style` is a
    paragraph style name (default: the table's body style); `bookmark` wraps
    the cell's text in a Word bookmark of that name.
    """

    text: str = ""
    span: int = 1
    rows: int = 1
    style: str | None = None
    bookmark: str | None = None


CellLike = Cell | str | int | float | None


class Writer:
    """Appends styled content to the body of a document opened with `open_reference`."""

    def __init__(self, doc: DocxDocument) -> None:
        self.doc = doc
        self._body = doc.element.body
        self._sect = self._body.find(_w("sectPr"))
        styles_root = doc.styles.element
        self._ids: dict[str, str] = {}
        self._types: dict[str, str] = {}
        self._xml: dict[str, Any] = {}
        for style in styles_root.iterfind(_w("style")):
            sid = style.get(_w("styleId"))
            name_el = style.find(_w("name"))
            if sid is None:
                continue
            self._xml[sid] = style
            self._types[sid] = style.get(_w("type")) or "paragraph"
            if name_el is not None:
                self._ids.setdefault(name_el.get(_w("val"), "").lower(), sid)
            self._ids.setdefault(sid.lower(), sid)
        self._default_east = self._defaults_east(styles_root)
        self._east: dict[str, str | None] = {}
        self._next_bookmark = 0
        self._row_height: int | None = None
        self._pending: list[str] = []
        doc._ankao_pending = self._pending  # type: ignore[attr-defined]  # spliced by to_bytes
        self._run_heads: dict[tuple[str | None, str | None, bool], str] = {}
        self._p_heads: dict[tuple[str | None, str | None, bool], str] = {}
        self._header_xml: dict[tuple[Any, ...], str] = {}
        self._header_pending: dict[tuple[Any, ...], dict[int, tuple[int, int]]] = {}
        self.bookmarks: set[str] = set()
        self._text_width = self._measure_width()

    # -- styles

    def style_id(self, name: str) -> str | None:
        """The id of the style called `name` (case-insensitive; None if the reference lacks it)."""
        return self._ids.get(name.lower())

    def east_asian_font(self, style_id: str | None) -> str | None:
        """The East-Asian font a style resolves to (through basedOn, then the defaults)."""
        key = style_id or ""
        if key not in self._east:
            font = None
            seen: set[str] = set()
            sid = style_id
            while sid and sid not in seen and font is None:
                seen.add(sid)
                el = self._xml.get(sid)
                if el is None:
                    break
                fonts = el.find(f"{_w('rPr')}/{_w('rFonts')}")
                if fonts is not None:
                    font = fonts.get(_w("eastAsia"))
                based = el.find(_w("basedOn"))
                sid = based.get(_w("val")) if based is not None else None
            self._east[key] = font or self._default_east
        return self._east[key]

    @staticmethod
    def _defaults_east(root: Any) -> str | None:
        fonts = root.find(f"{_w('docDefaults')}/{_w('rPrDefault')}/{_w('rPr')}/{_w('rFonts')}")
        return fonts.get(_w("eastAsia")) if fonts is not None else None

    def _measure_width(self) -> int:
        sect = self._sect
        if sect is None:
            return DEFAULT_TEXT_WIDTH
        size, margins = sect.find(_w("pgSz")), sect.find(_w("pgMar"))
        try:
            width = int(size.get(_w("w"))) - int(margins.get(_w("left"))) - int(margins.get(_w("right")))
        except (AttributeError, TypeError, ValueError):
            return DEFAULT_TEXT_WIDTH
        return width if width > 1440 else DEFAULT_TEXT_WIDTH

    @property
    def text_width(self) -> int:
        """The width between the margins, in twips."""
        return self._text_width

    # -- low-level XML. Content is built as WordprocessingML text and kept pending:
    # `to_bytes` splices it into document.xml as it is written, `flush` parses it
    # into the tree for a caller that wants python-docx objects. Building lxml
    # elements through python-docx costs ~50 µs a cell and parsing ~1 µs a
    # character, several times what opening and saving the reference costs.

    def _add(self, xml: str) -> None:
        self._pending.append(xml)

    def flush(self) -> None:
        """Parse the pending content into the document body (needed only before using `doc` directly)."""
        if not self._pending:
            return
        body = self._parse("<w:body>" + "".join(self._pending) + "</w:body>")
        self._pending.clear()
        for child in list(body):
            if self._sect is not None:
                self._sect.addprevious(child)
            else:
                self._body.append(child)

    def _parse(self, xml: str) -> Any:
        from docx.oxml import parse_xml

        return parse_xml(xml.replace(">", f" {_NS}>", 1))

    def _p_xml(self, text: str, style: str | None, *, align: str | None = None, bold: bool = False,
               keep: bool = False, bookmark: str | None = None, run_style: str | None = None) -> str:
        """A `w:p` of `style` holding `text` (newlines become line breaks), as XML text."""
        key = (style, align, keep)
        head = self._p_heads.get(key)
        if head is None:
            sid = self.style_id(style) if style else None
            head = "<w:p>"
            if sid or align or keep:
                head += "<w:pPr>"
                if sid:
                    head += f'<w:pStyle w:val="{_attr(sid)}"/>'
                if keep:
                    head += "<w:keepNext/>"
                if align:
                    head += f'<w:jc w:val="{_attr(align)}"/>'
                head += "</w:pPr>"
            self._p_heads[key] = head
        if not bookmark:
            if not text:
                return head + "</w:p>"
            return head + self._run_xml(text, style, run_style=run_style, bold=bold) + "</w:p>"
        bid = self._next_bookmark
        self._next_bookmark += 1
        self.bookmarks.add(bookmark)
        run = self._run_xml(text, style, run_style=run_style, bold=bold) if text else ""
        return (f'{head}<w:bookmarkStart w:id="{bid}" w:name="{_attr(bookmark)}"/>{run}'
                f'<w:bookmarkEnd w:id="{bid}"/></w:p>')

    def _run_xml(self, text: str, style: str | None, *, run_style: str | None = None,
                 bold: bool = False) -> str:
        key = (style, run_style, bold)
        head = self._run_heads.get(key)
        if head is None:
            sid = self.style_id(style) if style else None
            rsid = self.style_id(run_style) if run_style else None
            east = self.east_asian_font(rsid or sid)
            head = "<w:r><w:rPr>"
            if rsid:
                head += f'<w:rStyle w:val="{_attr(rsid)}"/>'
            head += '<w:rFonts w:hint="eastAsia"' + (f' w:eastAsia="{_attr(east)}"' if east else "") + "/>"
            if bold:
                head += "<w:b/>"
            head += "</w:rPr>"
            self._run_heads[key] = head
        if "\n" in text:
            return head + "<w:br/>".join(_t(line) for line in text.split("\n")) + "</w:r>"
        return head + _t(text) + "</w:r>"

    # -- content

    def title(self, text: str, *, style: str = "Title") -> None:
        """The document's title (小标宋 2号, centred); a newline breaks the line."""
        self._add(self._p_xml(text, style))

    def heading(self, level: int, text: str) -> None:
        """A heading paragraph of style "Heading N" (kept with the next paragraph by its style)."""
        self._add(self._p_xml(text, f"Heading {level}"))

    def paragraph(self, text: str = "", style: str | None = "Body Text", *, align: str | None = None,
                  bold: bool = False) -> None:
        """A paragraph of `style`; `align` is a `w:jc` value (left, center, right, both)."""
        self._add(self._p_xml(text, style, align=align, bold=bold))

    def paragraphs(self, text: str, style: str | None = "Body Text") -> int:
        """One paragraph per non-blank line of `text`; returns how many."""
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        for line in lines:
            self.paragraph(line, style)
        return len(lines)

    def page_break(self) -> None:
        """Start a new page."""
        self._add('<w:p><w:r><w:br w:type="page"/></w:r></w:p>')

    def bookmark(self, name: str) -> str:
        """Reserve a unique bookmark name (see `bookmark_name`)."""
        return bookmark_name(name, self.bookmarks, prefix="")

    def table(
        self,
        headers: Sequence[CellLike] | Sequence[Sequence[CellLike]],
        rows: Iterable[Sequence[CellLike]],
        *,
        widths: Sequence[float] | None = None,
        style: str = "Table Grid",
        text_style: str = "Table Text",
        header_style: str = "Table Heading",
        keep_together: bool = False,
        borders: bool = True,
        row_height: int | None = None,
    ) -> None:
        """A table as wide as the text: header rows repeat on every page, no row splits.

        `headers` is one row or a list of rows; `widths` are relative column
        weights (default equal) scaled to the text width. With
        `keep_together`, every row is kept on the page of the next one;
        `row_height` is a minimum row height in twips.
        """

        header_rows: list[Sequence[CellLike]]
        if headers and all(isinstance(h, (list, tuple)) for h in headers):
            header_rows = [list(h) for h in headers]  # type: ignore[arg-type]
        else:
            header_rows = [list(headers)] if headers else []  # type: ignore[arg-type]
        body_rows = [list(r) for r in rows]
        ncols = _grid_columns(header_rows[0] if header_rows else body_rows[0] if body_rows else [])
        weights = list(widths) if widths else [1.0] * ncols
        if len(weights) != ncols:
            raise ValueError(f"widths has {len(weights)} columns, table has {ncols}")
        total = sum(weights) or 1.0
        twips = [max(240, round(self._text_width * w / total)) for w in weights]

        out = ["<w:tbl><w:tblPr>"]
        sid = self.style_id(style) if borders else None
        if sid:
            out.append(f'<w:tblStyle w:val="{_attr(sid)}"/>')
        out.append(f'<w:tblW w:w="{sum(twips)}" w:type="dxa"/>')
        if borders and not sid:
            out.append("<w:tblBorders>" + "".join(
                f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
                for side in ("top", "left", "bottom", "right", "insideH", "insideV")) + "</w:tblBorders>")
        out.append('<w:tblLayout w:type="fixed"/><w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" '
                   'w:firstColumn="0" w:lastColumn="0" w:noHBand="1" w:noVBand="1"/></w:tblPr><w:tblGrid>')
        out.extend(f'<w:gridCol w:w="{width}"/>' for width in twips)
        out.append("</w:tblGrid>")
        self._row_height = row_height
        pending: dict[int, tuple[int, int]] = {}  # grid column -> (rows still merged, span)
        last = len(header_rows) + len(body_rows) - 1
        # Tables of one document share their headers: build each header once.
        key = (tuple(tuple(_as_cell(c) for c in r) for r in header_rows), tuple(twips), header_style,
               keep_together and bool(body_rows), row_height)
        cached = self._header_xml.get(key) if not any(_as_cell(c).bookmark for r in header_rows for c in r) else None
        if cached is None:
            mark = len(out)
            for index, cells in enumerate(header_rows):
                self._row(out, cells, twips, pending, header=True, style=header_style,
                          keep=keep_together and index < last)
            self._header_xml[key] = cached = "".join(out[mark:])
            del out[mark:]
            header_pending = dict(pending)
            self._header_pending[key] = header_pending
        else:
            pending.update(self._header_pending[key])
        out.append(cached)
        for index, cells in enumerate(body_rows, start=len(header_rows)):
            self._row(out, cells, twips, pending, header=False, style=text_style,
                      keep=keep_together and index < last)
        out.append("</w:tbl>")
        self._add("".join(out))

    def _row(self, out: list[str], cells: Sequence[CellLike], twips: list[int],
             pending: dict[int, tuple[int, int]], *, header: bool, style: str, keep: bool) -> None:
        height = f'<w:trHeight w:val="{self._row_height}" w:hRule="atLeast"/>' if self._row_height else ""
        out.append("<w:tr><w:trPr><w:cantSplit/>" + height + ("<w:tblHeader/>" if header else "") + "</w:trPr>")
        queue = list(cells)
        col = 0
        while col < len(twips):
            if col in pending:
                left, span = pending[col]
                self._tc(out, Cell(span=span), twips[col:col + span], style, vmerge="continue", keep=keep)
                if left <= 1:
                    del pending[col]
                else:
                    pending[col] = (left - 1, span)
                col += span
                continue
            if not queue:
                self._tc(out, Cell(), twips[col:col + 1], style, keep=keep)
                col += 1
                continue
            cell = _as_cell(queue.pop(0))
            span = max(1, min(cell.span, len(twips) - col))
            vmerge = None
            if cell.rows > 1:
                pending[col] = (cell.rows - 1, span)
                vmerge = "restart"
            self._tc(out, cell, twips[col:col + span], style, vmerge=vmerge, keep=keep)
            col += span
        out.append("</w:tr>")

    def _tc(self, out: list[str], cell: Cell, widths: list[int], style: str, *, vmerge: str | None = None,
            keep: bool = False) -> None:
        out.append(f'<w:tc><w:tcPr><w:tcW w:w="{sum(widths)}" w:type="dxa"/>')
        if len(widths) > 1:
            out.append(f'<w:gridSpan w:val="{len(widths)}"/>')
        if vmerge == "restart":
            out.append('<w:vMerge w:val="restart"/>')
        elif vmerge:
            out.append("<w:vMerge/>")
        out.append('<w:vAlign w:val="center"/></w:tcPr>')
        lines = cell.text.split("\n") if cell.text else [""]
        for i, line in enumerate(lines):
            out.append(self._p_xml(line, cell.style or style, keep=keep,
                                   bookmark=cell.bookmark if i == 0 else None))
        out.append("</w:tc>")

    def signature_block(self, labels: Sequence[str], *, heading: str | None = None,
                        dated: bool = True) -> None:
        """Borderless lines "<label>：<space to sign>  年  月  日", kept together on one page."""
        if heading:
            self.paragraph(heading, "Signature", bold=True)
        rows = []
        for label in labels:
            row: list[CellLike] = [Cell(f"{label}：", style="Signature"), Cell("", style="Signature")]
            if dated:
                row.append(Cell("年    月    日", style="Signature"))
            rows.append(row)
        widths = [8.0, 3.0, 4.0] if dated else [8.0, 7.0]
        self.table([], rows, widths=widths, borders=False, text_style="Signature", keep_together=True,
                   row_height=851)


_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
_TEXT = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
_ATTR = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})


def _t(value: str) -> str:
    """A `w:t` element; `xml:space` only where leading or trailing spaces must survive."""
    if value[:1].isspace() or value[-1:].isspace():
        return f'<w:t xml:space="preserve">{value.translate(_TEXT)}</w:t>'
    return f"<w:t>{value.translate(_TEXT)}</w:t>"


def _attr(value: str) -> str:
    return value.translate(_ATTR)


def _as_cell(value: CellLike) -> Cell:
    if isinstance(value, Cell):
        return value
    return Cell("" if value is None else str(value))


def _grid_columns(row: Sequence[CellLike]) -> int:
    return sum(_as_cell(c).span for c in row)


# ---------------------------------------------------------------- text templates


def render_text(config: Config | None, name: str, /, **context: Any) -> str:
    """Render the text template `name` (repository's templates folder first, sandboxed; else built-in)."""
    import jinja2
    from jinja2.sandbox import SandboxedEnvironment
    from markupsafe import Markup

    for folder in template_folders(config):
        if (folder / name).is_file():
            env: jinja2.Environment = SandboxedEnvironment(
                loader=jinja2.FileSystemLoader(str(folder)),
                undefined=jinja2.StrictUndefined,
                autoescape=True,
                keep_trailing_newline=False,
            )
            break
    else:
        env = _builtin_environment()
    try:
        text = env.get_template(name).render(**context)
    except jinja2.TemplateNotFound as exc:
        raise AnkaoError(f"找不到模板 {name}") from exc
    except jinja2.TemplateError as exc:
        where = f"{name}:{exc.lineno}" if isinstance(exc, jinja2.TemplateSyntaxError) else name
        raise AnkaoError(f"模板 {where} 有错误：{exc}") from exc
    # Autoescaping keeps substituted values from smuggling markup into the output;
    # the document layer escapes XML itself, so hand it the plain text back.
    return Markup(text).unescape()


@lru_cache(maxsize=1)
def _builtin_environment() -> Any:
    import jinja2

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(resource_dir("templates"))),
        undefined=jinja2.StrictUndefined,
        autoescape=True,
    )


def text_paragraphs(text: str) -> list[str]:
    """Paragraphs of rendered template text: blocks separated by blank lines, lines joined."""
    blocks = re.split(r"\n\s*\n", text.strip())
    return ["".join(line.strip() for line in block.splitlines()) for block in blocks if block.strip()]
