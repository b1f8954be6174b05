"""Writing .xlsx sheets the office reads in Excel: Chinese headers, frozen, filtered, sized, wrapped.

A thin layer over openpyxl (imported lazily): `table_sheet` fills a sheet
from a header row and value rows; `save_workbook` writes atomically and never
replaces a file unless asked.
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Iterable, Sequence
from math import ceil
from pathlib import Path
from typing import Any

from ankao.load.files import write_bytes
from ankao.model.book import Number

HEADER_FILL = "D9D9D9"
CJK_FONT = "宋体"
"""The font of every cell: on every Chinese Windows and in WPS (Excel's Calibri has no Chinese)."""
CM_PER_CHAR = 0.19
"""About how wide one character of column width prints, in cm (for the charts' print area)."""
MAX_WIDTH = 60
"""Widest column, in characters; longer text wraps."""


def display_width(text: str) -> int:
    """How many columns `text` takes: CJK and full-width characters count twice."""
    if text.isascii():
        return len(text)
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def number_format(n: Number) -> str:
    """An Excel number format that shows the number as written (`12.50` keeps two decimals)."""
    text = n.text.strip()
    if "." in text and "e" not in text.lower():
        return "0." + "0" * len(text.split(".", 1)[1])
    return "0" if isinstance(n.value, int) else "General"


MAX_CELL = 32_767
"""Most characters Excel keeps in one cell."""
CUT_NOTE = "……（文字超过 Excel 单元格上限 32,767 字，以下已截去）"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""What makes Excel (or LibreOffice) read a typed or imported text as a formula (OWASP)."""


def fit(value: Any) -> Any:
    """A value for a cell: text beyond Excel's limit cut, with a note saying so in the cell.

    (openpyxl would cut it silently.) Anything else is returned as it is.
    """
    if isinstance(value, str) and len(value) > MAX_CELL:
        return value[: MAX_CELL - len(CUT_NOTE)] + CUT_NOTE
    return value


def cells_as_data(wb: Any) -> int:
    """Every text cell of every sheet kept as text: the one place the workbook writers pass.

    Text that starts like a formula (`=`, `+`, `-`, `@`) is stored as a string
    with Excel's quote prefix, so it is shown as written and never evaluated,
    not even when the cell is edited. Text at Excel's 32,767 characters that
    `fit` did not cut (openpyxl cuts silently) gets the note too. Returns how
    many cells were cut.
    """
    cut = 0
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                value = cell.value
                if not isinstance(value, str):
                    continue
                if len(value) >= MAX_CELL:
                    if not value.endswith(CUT_NOTE):
                        cell.value = value = fit(value + "…")
                    cut += 1
                if value.startswith(FORMULA_START):
                    cell.data_type = "s"  # the setter took it for a formula
                    cell.quotePrefix = True
    return cut


def cut_warning(cut: int, shown: str) -> list[Any]:
    """The `cell-too-long` warning for a workbook with `cut` cells cut (none when nothing was)."""
    if not cut:
        return []
    from ankao.findings import Finding, Severity

    return [
        Finding(
            shown,
            1,
            1,
            "",
            "cell-too-long",
            Severity.WARNING,
            f"有 {cut} 个单元格的文字超过 Excel 的上限 32,767 个字符，已截断并在单元格末尾注明",
        )
    ]


def table_sheet(
    ws: Any,
    headers: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    widths: Sequence[int] | None = None,
) -> None:
    """Headers in bold on grey, frozen and filtered; values wrapped; columns sized to their text.

    A `Number` is written as its value with a format keeping its written
    decimals; `widths` (characters) overrides the measured width per column.
    """
    from openpyxl.styles import Border, Side
    from openpyxl.utils import get_column_letter

    thin = Side(style="thin", color="BFBFBF")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    row = _header_row(ws, headers, border)
    measured = [display_width(h) for h in headers]
    texts: list[tuple[int, int, list[int]]] = []
    row = _value_rows(ws, rows, row, measured, border, texts)
    chosen: list[int] = []
    for i, width in enumerate(measured):
        given = widths[i] if widths and i < len(widths) and widths[i] else None
        chosen.append(max(6, given or min(MAX_WIDTH, width + 2)))
        ws.column_dimensions[get_column_letter(i + 1)].width = chosen[-1]
    fit_heights(ws, texts, chosen)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{max(1, row)}"


_ONE_LINE = 6
"""Text no wider than this fits any column on one line."""

LINE_HEIGHT = 15
"""Points per line of wrapped text in the CJK font at 11 pt."""


def wrapped_lines(widths_of_lines: Iterable[int], room: float) -> int:
    """The lines a text takes wrapped in `room` display columns, given the display width
    (`display_width`) of each of its own lines."""
    return sum(max(1, ceil(w / room)) for w in widths_of_lines)


def fit_heights(ws: Any, texts: list[tuple[int, int, list[int]]], widths: list[int]) -> None:
    """Each row as tall as its most wrapped text: `texts` holds (row, column index, the
    display width of each of its lines), `widths` each column's width. A height left unset
    is one line in LibreOffice and WPS: a long 目标内容 printed cut off at its first line."""
    lines: dict[int, int] = {}
    for row, column, widths_of_lines in texts:
        count = wrapped_lines(widths_of_lines, max(1, widths[column] - 1))
        lines[row] = max(lines.get(row, 1), count)
    for row, count in lines.items():
        if count > 1:
            ws.row_dimensions[row].height = count * LINE_HEIGHT


def _header_row(ws: Any, headers: Sequence[str], border: Any) -> int:
    """The header row appended, bold on grey; its number."""
    from openpyxl.styles import Alignment, Font, PatternFill

    ws.append(list(headers))
    row: int = ws.max_row  # counted here, once: max_row walks every cell (quadratic per row)
    for cell in ws[row]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor=HEADER_FILL)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = border
    return row


def _value_rows(
    ws: Any,
    rows: Sequence[Sequence[Any]],
    row: int,
    measured: list[int],
    border: Any,
    texts: list[tuple[int, int, list[int]]],
) -> int:
    """The rows appended after row `row`, wrapped and bordered, each column's widest text
    noted in `measured` and each longer text's line widths in `texts` (row, column, widths);
    the number of the last row."""
    # Each cell takes a named style, registered once per number format: openpyxl hashes
    # a font, border or alignment every time one is set on a cell (seconds per thousand
    # rows), a named style it only copies. A cell is found by its coordinates (`ws.cell`):
    # looking up a row by number walks every cell of the sheet.
    styles: dict[str | None, str] = {}
    for values in rows:
        out: list[Any] = []
        formats: dict[int, str] = {}
        for i, value in enumerate(values):
            if isinstance(value, Number):
                formats[i] = number_format(value)
                value = value.value
            value = fit(value)
            out.append(value)
            if value is not None:
                lines = [display_width(line) for line in str(value).splitlines()]
                longest = max(lines, default=0)
                measured[i] = max(measured[i], longest)
                if longest > _ONE_LINE or len(lines) > 1:
                    texts.append((row + 1, i, lines))
        ws.append(out)
        row += 1
        for i in range(len(out)):
            fmt = formats.get(i)
            name = styles.get(fmt)
            if name is None:
                name = styles[fmt] = _body_style(ws.parent, fmt, border)
            ws.cell(row=row, column=i + 1).style = name
    return row


def _body_style(wb: Any, fmt: str | None, border: Any) -> str:
    """The name of the (hidden) named style of a table's body cells with number format `fmt`:
    top-aligned, wrapped, bordered, in the CJK font at the workbook's default size."""
    from openpyxl.styles import Alignment, Font, NamedStyle
    from openpyxl.styles.fonts import DEFAULT_FONT

    name = f"ankao-body-{fmt or 'General'}"
    if name not in wb.named_styles:
        font = Font(name=CJK_FONT, b=False, i=False, sz=DEFAULT_FONT.sz, color=DEFAULT_FONT.color)
        style = NamedStyle(
            name,
            font=font,
            border=border,
            alignment=Alignment(vertical="top", wrap_text=True),
            number_format=fmt or "General",
            hidden=True,
        )
        wb.add_named_style(style)
    return name


def print_setup(ws: Any, *, header_rows: int = 1, last_row: int | None = None) -> None:
    """The sheet prints: A4 landscape, one page wide, the header rows on every page, a print area."""
    from openpyxl.utils import get_column_letter

    setup = ws.page_setup
    setup.orientation = "landscape"
    setup.paperSize = ws.PAPERSIZE_A4
    setup.fitToWidth = 1
    setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    if header_rows:
        ws.print_title_rows = f"1:{header_rows}"
    rows = max(1, last_row or ws.max_row)
    ws.print_area = f"A1:{get_column_letter(max(1, ws.max_column))}{rows}"
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"


def cjk_fonts(wb: Any) -> None:
    """Every written cell in the CJK font, keeping its weight, size and colour."""
    from openpyxl.styles import Font

    fonts: dict[Any, Any] = {}
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                old = cell.font
                if old.name == CJK_FONT:
                    continue
                key = (old.b, old.i, old.sz, old.color.rgb if old.color is not None else None)
                if key not in fonts:
                    fonts[key] = Font(name=CJK_FONT, b=old.b, i=old.i, sz=old.sz, color=old.color)
                cell.font = fonts[key]


def save_workbook(wb: Any, path: Path, *, overwrite: bool = False) -> int:
    """Write a workbook atomically, its text cells as data (`cells_as_data`) in the CJK font;
    an existing file only with `overwrite` (--force). Returns how many cells were cut to
    Excel's limit."""
    from ankao.load.files import check_output

    check_output(path, force=overwrite)
    cut = cells_as_data(wb)
    cjk_fonts(wb)
    buffer = io.BytesIO()
    wb.save(buffer)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_bytes(path, buffer.getvalue(), overwrite=overwrite)
    return cut
