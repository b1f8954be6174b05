"""Writing .xlsx sheets the office reads in Excel: Chinese headers, frozen, filtered, sized, wrapped.

A thin layer over openpyxl (imported lazily): `table_sheet` fills a sheet
from a header row and value rows; `save_workbook` writes atomically and never
replaces a file unless asked.
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ankao.files import write_bytes
from ankao.model import Number

HEADER_FILL = "D9D9D9"
MAX_WIDTH = 60
"""Widest column, in characters; longer text wraps."""


def display_width(text: str) -> int:
    """How many columns `text` takes: CJK and full-width characters count twice."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def number_format(n: Number) -> str:
    """An Excel number format that shows the number as written (`12.50` keeps two decimals)."""
    text = n.text.strip()
    if "." in text and "e" not in text.lower():
        return "0." + "0" * len(text.split(".", 1)[1])
    return "0" if isinstance(n.value, int) else "General"


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
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    thin = Side(style="thin", color="BFBFBF")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    ws.append(list(headers))
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor=HEADER_FILL)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = border
    measured = [display_width(h) for h in headers]
    wrap = Alignment(vertical="top", wrap_text=True)
    for values in rows:
        out: list[Any] = []
        formats: dict[int, str] = {}
        for i, value in enumerate(values):
            if isinstance(value, Number):
                formats[i] = number_format(value)
                value = value.value
            out.append(value)
            if value is not None:
                longest = max((display_width(line) for line in str(value).splitlines()), default=0)
                measured[i] = max(measured[i], longest)
        ws.append(out)
        for i, cell in enumerate(ws[ws.max_row]):
            cell.alignment = wrap
            cell.border = border
            if i in formats:
                cell.number_format = formats[i]
    for i, width in enumerate(measured):
        chosen = (
            widths[i] if widths and i < len(widths) and widths[i] else min(MAX_WIDTH, width + 2)
        )
        ws.column_dimensions[get_column_letter(i + 1)].width = max(6, chosen)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{max(1, ws.max_row)}"


def save_workbook(wb: Any, path: Path, *, overwrite: bool = False) -> None:
    """Write a workbook atomically; an existing file only with `overwrite` (--force)."""
    from ankao.files import check_output

    check_output(path, force=overwrite)
    buffer = io.BytesIO()
    wb.save(buffer)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_bytes(path, buffer.getvalue(), overwrite=overwrite)
