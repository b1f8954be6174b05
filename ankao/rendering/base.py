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
    w.signature_block(["单位党组织书记", "行政负责人"])
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
    from docx.table import Table
    from docx.text.paragraph import Paragraph

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
    """The .docx file of a document, in memory."""
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


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

    # -- low-level XML

    def _append(self, element: Any) -> None:
        if self._sect is not None:
            self._sect.addprevious(element)
        else:
            self._body.append(element)

    def _p(self, text: str, style: str | None, *, align: str | None = None,
           run_style: str | None = None, bold: bool = False) -> Any:
        """A `w:p` element of `style` holding `text` (newlines become line breaks)."""
        from docx.oxml import OxmlElement

        p = OxmlElement("w:p")
        sid = self.style_id(style) if style else None
        if sid or align:
            ppr = p.makeelement(_w("pPr"), {})
            p.append(ppr)
            if sid:
                ppr.append(ppr.makeelement(_w("pStyle"), {_w("val"): sid}))
            if align:
                ppr.append(ppr.makeelement(_w("jc"), {_w("val"): align}))
        if text:
            self._run(p, text, sid, run_style=run_style, bold=bold)
        return p

    def _run(self, p: Any, text: str, style_id: str | None, *, run_style: str | None = None,
             bold: bool = False) -> Any:
        r = p.makeelement(_w("r"), {})
        p.append(r)
        rpr = r.makeelement(_w("rPr"), {})
        r.append(rpr)
        rsid = self.style_id(run_style) if run_style else None
        if rsid:
            rpr.append(rpr.makeelement(_w("rStyle"), {_w("val"): rsid}))
        east = self.east_asian_font(rsid or style_id)
        attrs = {_w("hint"): "eastAsia"}
        if east:
            attrs[_w("eastAsia")] = east
        rpr.append(rpr.makeelement(_w("rFonts"), attrs))
        if bold:
            rpr.append(rpr.makeelement(_w("b"), {}))
        for i, line in enumerate(text.split("\n")):
            if i:
                r.append(r.makeelement(_w("br"), {}))
            t = r.makeelement(_w("t"), {})
            if line[:1].isspace() or line[-1:].isspace():
                t.set(_XML_SPACE, "preserve")
            t.text = line
            r.append(t)
        return r

    def _paragraph(self, p: Any) -> Paragraph:
        from docx.text.paragraph import Paragraph

        return Paragraph(p, self.doc._body)

    # -- content

    def title(self, text: str, *, style: str = "Title") -> Paragraph:
        """The document's title (小标宋 2号, centred)."""
        p = self._p(text, style)
        self._append(p)
        return self._paragraph(p)

    def heading(self, level: int, text: str) -> Paragraph:
        """A heading paragraph of style "Heading N" (kept with the next paragraph by its style)."""
        p = self._p(text, f"Heading {level}")
        self._append(p)
        return self._paragraph(p)

    def paragraph(self, text: str = "", style: str | None = "Body Text", *, align: str | None = None,
                  bold: bool = False) -> Paragraph:
        """A paragraph of `style`; `align` is a `w:jc` value (left, center, right, both)."""
        p = self._p(text, style, align=align, bold=bold)
        self._append(p)
        return self._paragraph(p)

    def paragraphs(self, text: str, style: str | None = "Body Text") -> list[Paragraph]:
        """One paragraph per non-blank line of `text`."""
        return [self.paragraph(line.strip(), style) for line in text.splitlines() if line.strip()]

    def page_break(self) -> None:
        """Start a new page."""
        p = self._p("", None)
        r = p.makeelement(_w("r"), {})
        r.append(r.makeelement(_w("br"), {_w("type"): "page"}))
        p.append(r)
        self._append(p)

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
    ) -> Table:
        """A table as wide as the text: header rows repeat on every page, no row splits.

        `headers` is one row or a list of rows; `widths` are relative column
        weights (default equal) scaled to the text width. With
        `keep_together`, every row is kept on the page of the next one.
        """
        from docx.oxml import OxmlElement
        from docx.table import Table

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

        tbl = OxmlElement("w:tbl")
        tbl_pr = tbl.makeelement(_w("tblPr"), {})
        tbl.append(tbl_pr)
        sid = self.style_id(style) if borders else None
        if sid:
            tbl_pr.append(tbl_pr.makeelement(_w("tblStyle"), {_w("val"): sid}))
        tbl_pr.append(tbl_pr.makeelement(_w("tblW"), {_w("w"): str(sum(twips)), _w("type"): "dxa"}))
        if borders and not sid:
            tbl_pr.append(_borders(tbl_pr, "tblBorders", ("top", "left", "bottom", "right", "insideH", "insideV")))
        tbl_pr.append(tbl_pr.makeelement(_w("tblLayout"), {_w("type"): "fixed"}))
        tbl_pr.append(tbl_pr.makeelement(_w("tblLook"), {_w("val"): "04A0", _w("firstRow"): "1",
                                                         _w("lastRow"): "0", _w("firstColumn"): "0",
                                                         _w("lastColumn"): "0", _w("noHBand"): "1",
                                                         _w("noVBand"): "1"}))
        grid = tbl.makeelement(_w("tblGrid"), {})
        for width in twips:
            grid.append(grid.makeelement(_w("gridCol"), {_w("w"): str(width)}))
        tbl.append(grid)

        pending: dict[int, tuple[int, int]] = {}  # grid column -> (rows still merged, span)
        all_rows = [(r, True) for r in header_rows] + [(r, False) for r in body_rows]
        for index, (cells, is_header) in enumerate(all_rows):
            keep = keep_together and index < len(all_rows) - 1
            tbl.append(self._row(tbl, cells, twips, pending, header=is_header,
                                 style=header_style if is_header else text_style, keep=keep))
        self._append(tbl)
        return Table(tbl, self.doc._body)

    def _row(self, tbl: Any, cells: Sequence[CellLike], twips: list[int],
             pending: dict[int, tuple[int, int]], *, header: bool, style: str, keep: bool) -> Any:
        tr = tbl.makeelement(_w("tr"), {})
        tr_pr = tr.makeelement(_w("trPr"), {})
        tr.append(tr_pr)
        tr_pr.append(tr_pr.makeelement(_w("cantSplit"), {}))
        if header:
            tr_pr.append(tr_pr.makeelement(_w("tblHeader"), {}))
        queue = list(cells)
        col = 0
        while col < len(twips):
            if col in pending:
                left, span = pending[col]
                tr.append(self._tc(tr, Cell(span=span), twips[col:col + span], style, vmerge="continue",
                                   keep=keep))
                if left <= 1:
                    del pending[col]
                else:
                    pending[col] = (left - 1, span)
                col += span
                continue
            if not queue:
                tr.append(self._tc(tr, Cell(), twips[col:col + 1], style, keep=keep))
                col += 1
                continue
            cell = _as_cell(queue.pop(0))
            span = max(1, min(cell.span, len(twips) - col))
            vmerge = None
            if cell.rows > 1:
                pending[col] = (cell.rows - 1, span)
                vmerge = "restart"
            tr.append(self._tc(tr, cell, twips[col:col + span], style, vmerge=vmerge, keep=keep))
            col += span
        return tr

    def _tc(self, tr: Any, cell: Cell, widths: list[int], style: str, *, vmerge: str | None = None,
            keep: bool = False) -> Any:
        tc = tr.makeelement(_w("tc"), {})
        tc_pr = tc.makeelement(_w("tcPr"), {})
        tc.append(tc_pr)
        tc_pr.append(tc_pr.makeelement(_w("tcW"), {_w("w"): str(sum(widths)), _w("type"): "dxa"}))
        if len(widths) > 1:
            tc_pr.append(tc_pr.makeelement(_w("gridSpan"), {_w("val"): str(len(widths))}))
        if vmerge:
            attrs = {_w("val"): "restart"} if vmerge == "restart" else {}
            tc_pr.append(tc_pr.makeelement(_w("vMerge"), attrs))
        tc_pr.append(tc_pr.makeelement(_w("vAlign"), {_w("val"): "center"}))
        lines = cell.text.split("\n") if cell.text else [""]
        for i, line in enumerate(lines):
            p = self._p(line, cell.style or style)
            if keep:
                ppr = p.find(_w("pPr"))
                if ppr is None:
                    ppr = p.makeelement(_w("pPr"), {})
                    p.insert(0, ppr)
                ppr.insert(1 if ppr.find(_w("pStyle")) is not None else 0, ppr.makeelement(_w("keepNext"), {}))
            if i == 0 and cell.bookmark:
                self._wrap_bookmark(p, cell.bookmark)
            tc.append(p)
        return tc

    def _wrap_bookmark(self, p: Any, name: str) -> None:
        bid = str(self._next_bookmark)
        self._next_bookmark += 1
        start = p.makeelement(_w("bookmarkStart"), {_w("id"): bid, _w("name"): name})
        end = p.makeelement(_w("bookmarkEnd"), {_w("id"): bid})
        ppr = p.find(_w("pPr"))
        if ppr is not None:
            ppr.addnext(start)
        else:
            p.insert(0, start)
        p.append(end)
        self.bookmarks.add(name)

    def signature_block(self, signers: Sequence[str], *, heading: str | None = None,
                        dated: bool = True) -> Table:
        """Borderless lines "<signer>（签字）：______  年  月  日", kept together on one page."""
        if heading:
            self.paragraph(heading, "Signature")
        rows = []
        for signer in signers:
            row: list[CellLike] = [Cell(f"{signer}（签字）：", style="Signature"), Cell("", style="Signature")]
            if dated:
                row.append(Cell("年    月    日", style="Signature"))
            rows.append(row)
        widths = [5.0, 3.0, 3.0] if dated else [5.0, 4.0]
        table = self.table([], rows, widths=widths, borders=False, text_style="Signature", keep_together=True)
        for tr in table._tbl.iterfind(_w("tr")):
            tr_pr = tr.find(_w("trPr"))
            tr_pr.append(tr_pr.makeelement(_w("trHeight"), {_w("val"): "851", _w("hRule"): "atLeast"}))
        return table


def _as_cell(value: CellLike) -> Cell:
    if isinstance(value, Cell):
        return value
    return Cell("" if value is None else str(value))


def _grid_columns(row: Sequence[CellLike]) -> int:
    return sum(_as_cell(c).span for c in row)


def _borders(parent: Any, tag: str, sides: Iterable[str]) -> Any:
    el = parent.makeelement(_w(tag), {})
    for side in sides:
        el.append(el.makeelement(_w(side), {_w("val"): "single", _w("sz"): "4", _w("space"): "0",
                                            _w("color"): "000000"}))
    return el


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
