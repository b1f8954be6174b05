"""The Writer: styled paragraphs, headings, tables and signature lines as WordprocessingML.

All styling lives in the reference: the writer only names styles (looked up
by name once per document) and sets on every run the East-Asian font of its
style. Content is built as XML text and kept pending until the document is
saved (the Draft splices it in, ankao.render.package).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from ankao.render.cells import (
    BOOKMARK_MAX,
    Cell,
    CellLike,
    as_cell,
    bookmark_name,
    fit_numbers,
    grid_columns,
    header_rows_of,
    table_head,
)
from ankao.render.wordml import attr as _attr
from ankao.render.wordml import t as _t
from ankao.render.wordml import wtag

if TYPE_CHECKING:
    from ankao.render.package import Draft

TWIPS_PER_MM = 1440 / 25.4
DEFAULT_TEXT_WIDTH = round((210 - 28 - 26) * TWIPS_PER_MM)


class Writer:
    """Appends styled content to the body of a Draft (ankao.render.reference.open_draft)."""

    def __init__(self, doc: Draft) -> None:
        self.doc = doc
        self._body = doc.element.body
        self._sect = self._body.find(wtag("sectPr"))
        styles_root = doc.styles.element
        self._ids: dict[str, str] = {}
        self._types: dict[str, str] = {}
        self._xml: dict[str, Any] = {}
        for style in styles_root.iterfind(wtag("style")):
            sid = style.get(wtag("styleId"))
            name_el = style.find(wtag("name"))
            if sid is None:
                continue
            self._xml[sid] = style
            self._types[sid] = style.get(wtag("type")) or "paragraph"
            if name_el is not None:
                self._ids.setdefault(name_el.get(wtag("val"), "").lower(), sid)
            self._ids.setdefault(sid.lower(), sid)
        self._default_east = self._defaults_east(styles_root)
        self._east: dict[str, str | None] = {}
        self._next_bookmark = 0
        self._row_height: int | None = None
        self._pending: list[str] = doc.pending
        self._run_heads: dict[tuple[str | None, str | None, bool], str] = {}
        self._p_heads: dict[tuple[str | None, str | None, bool], str] = {}
        self._header_xml: dict[tuple[Any, ...], str] = {}
        self._header_pending: dict[tuple[Any, ...], dict[int, tuple[int, int]]] = {}
        self._tc_heads: dict[tuple[int, int, str | None], str] = {}
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
                fonts = el.find(f"{wtag('rPr')}/{wtag('rFonts')}")
                if fonts is not None:
                    font = fonts.get(wtag("eastAsia"))
                based = el.find(wtag("basedOn"))
                sid = based.get(wtag("val")) if based is not None else None
            self._east[key] = font or self._default_east
        return self._east[key]

    @staticmethod
    def _defaults_east(root: Any) -> str | None:
        fonts = root.find(
            f"{wtag('docDefaults')}/{wtag('rPrDefault')}/{wtag('rPr')}/{wtag('rFonts')}"
        )
        return fonts.get(wtag("eastAsia")) if fonts is not None else None

    def _measure_width(self) -> int:
        sect = self._sect
        if sect is None:
            return DEFAULT_TEXT_WIDTH
        size, margins = sect.find(wtag("pgSz")), sect.find(wtag("pgMar"))
        try:
            width = (
                int(size.get(wtag("w")))
                - int(margins.get(wtag("left")))
                - int(margins.get(wtag("right")))
            )
        except (AttributeError, TypeError, ValueError):
            return DEFAULT_TEXT_WIDTH
        return width if width > 1440 else DEFAULT_TEXT_WIDTH

    @property
    def text_width(self) -> int:
        """The width between the margins, in twips."""
        return self._text_width

    # -- low-level XML. Content is built as WordprocessingML text and kept pending:
    # the Draft splices it into document.xml as it is written. Building lxml
    # elements costs ~50 µs a cell and parsing ~1 µs a character, several times
    # what opening and saving the reference costs.

    def _add(self, xml: str) -> None:
        self._pending.append(xml)

    def _p_xml(
        self,
        text: str,
        style: str | None,
        *,
        align: str | None = None,
        bold: bool = False,
        keep: bool = False,
        bookmark: str | None = None,
        run_style: str | None = None,
    ) -> str:
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
        return (
            f'{head}<w:bookmarkStart w:id="{bid}" w:name="{_attr(bookmark)}"/>{run}'
            f'<w:bookmarkEnd w:id="{bid}"/></w:p>'
        )

    def _run_xml(
        self, text: str, style: str | None, *, run_style: str | None = None, bold: bool = False
    ) -> str:
        key = (style, run_style, bold)
        head = self._run_heads.get(key)
        if head is None:
            sid = self.style_id(style) if style else None
            rsid = self.style_id(run_style) if run_style else None
            east = self.east_asian_font(rsid or sid)
            head = "<w:r><w:rPr>"
            if rsid:
                head += f'<w:rStyle w:val="{_attr(rsid)}"/>'
            head += (
                '<w:rFonts w:hint="eastAsia"'
                + (f' w:eastAsia="{_attr(east)}"' if east else "")
                + "/>"
            )
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

    def heading(self, level: int, text: str, *, new_page: bool = False) -> None:
        """A heading paragraph of style "Heading N" (kept with the next paragraph by its style).

        `new_page` starts a page with it (pageBreakBefore: unlike a page-break paragraph, it never
        leaves a blank page after a table that ends a page).
        """
        xml = self._p_xml(text, f"Heading {level}")
        if new_page:
            style = re.match(r"<w:p><w:pPr>(<w:pStyle [^>]*/>)?", xml)
            if style:
                xml = xml[: style.end()] + "<w:pageBreakBefore/>" + xml[style.end() :]
            else:
                xml = "<w:p><w:pPr><w:pageBreakBefore/></w:pPr>" + xml[len("<w:p>") :]
        self._add(xml)

    def paragraph(
        self,
        text: str = "",
        style: str | None = "Body Text",
        *,
        align: str | None = None,
        bold: bool = False,
        keep: bool = False,
    ) -> None:
        """A paragraph of `style`; `align` is a `w:jc` value (left, center, right, both); `keep`: with the next."""
        self._add(self._p_xml(text, style, align=align, bold=bold, keep=keep))

    def paragraphs(self, text: str, style: str | None = "Body Text") -> int:
        """One paragraph per non-blank line of `text`; returns how many."""
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        for line in lines:
            self.paragraph(line, style)
        return len(lines)

    def page_break(self) -> None:
        """Start a new page."""
        self._add('<w:p><w:r><w:br w:type="page"/></w:r></w:p>')

    def raw(self, xml: str) -> None:
        """Append WordprocessingML built by the caller (every text in it escaped with wordml.t)."""
        self._add(xml)

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
        keep_end: int = 0,
    ) -> None:
        """A table as wide as the text: header rows repeat on every page, no row splits.

        `headers` is one row or a list of rows; `widths` are relative column
        weights (default equal) scaled to the text width. With
        `keep_together`, every row is kept on the page of the next one;
        `row_height` is a minimum row height in twips; `keep_end` keeps the
        last rows (and so the table's end) on the page of what follows.
        """

        header_rows = header_rows_of(headers)
        body_rows = [list(r) for r in rows]
        ncols = grid_columns(header_rows[0] if header_rows else body_rows[0] if body_rows else [])
        weights = list(widths) if widths else [1.0] * ncols
        if len(weights) != ncols:
            raise ValueError(f"widths has {len(weights)} columns, table has {ncols}")
        total = sum(weights) or 1.0
        twips = [max(240, round(self._text_width * w / total)) for w in weights]
        if borders:
            fitted = [r for r in header_rows if len(r) == len(twips)]  # single cells only
            fit_numbers(twips, [*fitted, *body_rows], self.font_twips(text_style))
        sid = self.style_id(style) if borders else None
        out = [table_head(twips, sid, borders)]
        self._row_height = row_height
        pending: dict[int, tuple[int, int]] = {}  # grid column -> (rows still merged, span)
        last = len(header_rows) + len(body_rows) - 1
        out.append(
            self._header_xml_of(header_rows, twips, pending, header_style, last, keep_together)
        )
        for index, cells in enumerate(body_rows, start=len(header_rows)):
            keep = (keep_together and index < last) or index > last - keep_end
            keep = keep or any(isinstance(c, Cell) and c.keep for c in cells)
            self._row(out, cells, twips, pending, header=False, style=text_style, keep=keep)
        out.append("</w:tbl>")
        self._add("".join(out))

    def _header_xml_of(
        self,
        header_rows: list[Sequence[CellLike]],
        twips: list[int],
        pending: dict[int, tuple[int, int]],
        header_style: str,
        last: int,
        keep_together: bool,
    ) -> str:
        """The header rows; tables of one document share their headers, built once."""
        marked = any(as_cell(c).bookmark for r in header_rows for c in r)
        key: tuple[Any, ...] = (
            tuple(tuple(as_cell(c) for c in r) for r in header_rows),
            tuple(twips),
            header_style,
            keep_together and last >= len(header_rows),
            self._row_height,
            self._next_bookmark if marked else None,  # a bookmarked header is never shared
        )
        cached = self._header_xml.get(key)
        if cached is not None:
            pending.update(self._header_pending[key])
            return cached
        out: list[str] = []
        for index, cells in enumerate(header_rows):
            self._row(
                out, cells, twips, pending, header=True, style=header_style, keep=index < last
            )  # a header never ends a page
        self._header_xml[key] = cached = "".join(out)
        self._header_pending[key] = dict(pending)
        return cached

    def _row(
        self,
        out: list[str],
        cells: Sequence[CellLike],
        twips: list[int],
        pending: dict[int, tuple[int, int]],
        *,
        header: bool,
        style: str,
        keep: bool,
    ) -> None:
        height = (
            f'<w:trHeight w:val="{self._row_height}" w:hRule="atLeast"/>'
            if self._row_height
            else ""
        )
        out.append(
            "<w:tr><w:trPr><w:cantSplit/>"
            + height
            + ("<w:tblHeader/>" if header else "")
            + "</w:trPr>"
        )
        queue = list(cells)
        col = 0
        while col < len(twips):
            if col in pending:
                left, span = pending[col]
                self._tc(
                    out,
                    Cell(span=span),
                    twips[col : col + span],
                    style,
                    vmerge="continue",
                    keep=keep,
                )
                if left <= 1:
                    del pending[col]
                else:
                    pending[col] = (left - 1, span)
                col += span
                continue
            if not queue:
                self._tc(out, Cell(), twips[col : col + 1], style, keep=keep)
                col += 1
                continue
            cell = as_cell(queue.pop(0))
            span = max(1, min(cell.span, len(twips) - col))
            vmerge = None
            if cell.rows > 1:
                pending[col] = (cell.rows - 1, span)
                vmerge = "restart"
            self._tc(out, cell, twips[col : col + span], style, vmerge=vmerge, keep=keep)
            col += span
        out.append("</w:tr>")

    def _tc(
        self,
        out: list[str],
        cell: Cell,
        widths: list[int],
        style: str,
        *,
        vmerge: str | None = None,
        keep: bool = False,
    ) -> None:
        key = (sum(widths), len(widths), vmerge)
        head = self._tc_heads.get(key)
        if head is None:
            head = f'<w:tc><w:tcPr><w:tcW w:w="{key[0]}" w:type="dxa"/>'
            if len(widths) > 1:
                head += f'<w:gridSpan w:val="{len(widths)}"/>'
            if vmerge == "restart":
                head += '<w:vMerge w:val="restart"/>'
            elif vmerge:
                head += "<w:vMerge/>"
            self._tc_heads[key] = head = head + '<w:vAlign w:val="center"/></w:tcPr>'
        out.append(head)
        if "\n" not in cell.text and not cell.bookmark:  # the common cell: one paragraph
            out.append(self._p_xml(cell.text, cell.style or style, keep=keep, bold=cell.bold))
            out.append("</w:tc>")
            return
        lines = cell.text.split("\n") if cell.text else [""]
        for i, line in enumerate(lines):
            out.append(
                self._p_xml(
                    line,
                    cell.style or style,
                    keep=keep,
                    bold=cell.bold,
                    bookmark=cell.bookmark if i == 0 else None,
                )
            )
        out.append("</w:tc>")

    def font_twips(self, style: str) -> float:
        """The font size of a paragraph style in twips (its own w:sz or a basedOn's; 16 pt when none)."""
        sid = self.style_id(style)
        seen: set[str] = set()
        while sid and sid not in seen:
            seen.add(sid)
            el = self._xml.get(sid)
            if el is None:
                break
            sz = el.find(f"{wtag('rPr')}/{wtag('sz')}")
            if sz is not None and (sz.get(wtag("val")) or "").isdigit():
                return int(sz.get(wtag("val"))) * 10.0
            based = el.find(wtag("basedOn"))
            sid = based.get(wtag("val")) if based is not None else None
        return 320.0


__all__ = ["BOOKMARK_MAX", "Cell", "CellLike", "Writer", "bookmark_name"]
