"""Table cells and the parts of a table that need no Writer: the bookmark names, the grid, the widths.

A `Cell` says what a table cell holds and how it is laid out; `fit_numbers` widens
a column where a number would break inside its cell; `table_head` is the `w:tbl`
start (properties and grid). ankao.render.writer builds the rows.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ankao.render.wordml import attr

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


@dataclass(frozen=True, slots=True)
class Cell:
    """One table cell: its text (lines become paragraphs) and how it is laid out.

    `span` merges cells across grid columns; `rows` merges down over the next
    rows (leave those positions out of the following rows); `style` is a
    paragraph style name (default: the table's body style); `bookmark` wraps
    the cell's text in a Word bookmark of that name; `bold` sets bold runs.
    """

    text: str = ""
    span: int = 1
    rows: int = 1
    style: str | None = None
    bookmark: str | None = None
    bold: bool = False
    keep: bool = False
    """Keep the cell's row on the page of the next row (an aspect row with its first target)."""


CellLike = Cell | str | int | float | None


def table_head(twips: list[int], sid: str | None, borders: bool) -> str:
    """`<w:tbl>` with its properties and grid."""
    out = ["<w:tbl><w:tblPr>"]
    if sid:
        out.append(f'<w:tblStyle w:val="{attr(sid)}"/>')
    out.append(f'<w:tblW w:w="{sum(twips)}" w:type="dxa"/>')
    if borders and not sid:
        out.append(
            "<w:tblBorders>"
            + "".join(
                f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
                for side in ("top", "left", "bottom", "right", "insideH", "insideV")
            )
            + "</w:tblBorders>"
        )
    out.append(
        '<w:tblLayout w:type="fixed"/><w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" '
        'w:firstColumn="0" w:lastColumn="0" w:noHBand="1" w:noVBand="1"/></w:tblPr><w:tblGrid>'
    )
    out.extend(f'<w:gridCol w:w="{width}"/>' for width in twips)
    out.append("</w:tblGrid>")
    return "".join(out)


def fit_numbers(twips: list[int], rows: Sequence[Sequence[CellLike]], size: float) -> None:
    """Widen a column whose number would break in its cell, taking the room from the roomiest.

    A number (a run of characters that are not CJK, such as 12000, 92.4%, 2025.12) never
    breaks: Word would wrap it inside the cell ("1200 / 0").
    """
    longest = [0.0] * len(twips)  # in ems
    ncols = len(twips)
    for cells in rows:
        col = 0
        for value in cells:
            if isinstance(value, Cell):
                span, text = value.span, value.text
            else:
                span, text = 1, "" if value is None else str(value)
            if span == 1 and col < ncols and text:
                runs = _RUN.findall(text)
                if runs:
                    longest[col] = max(longest[col], max(map(run_ems, runs)))
            col += span
    need = [round(n * size) + CELL_SLACK if n else 0 for n in longest]
    for col, width in enumerate(twips):
        short = need[col] - width
        if short <= 0:
            continue
        donor = max(range(len(twips)), key=lambda c: twips[c] - need[c])
        if donor == col or twips[donor] - need[donor] < short:
            continue
        twips[donor] -= short
        twips[col] += short


def as_cell(value: CellLike) -> Cell:
    if isinstance(value, Cell):
        return value
    return Cell("" if value is None else str(value))


def header_rows_of(
    headers: Sequence[CellLike] | Sequence[Sequence[CellLike]],
) -> list[Sequence[CellLike]]:
    if headers and all(isinstance(h, (list, tuple)) for h in headers):
        return [list(h) for h in headers]  # type: ignore[arg-type]
    return [list(headers)] if headers else []  # type: ignore[arg-type]


CELL_SLACK = 2 * 45 + 100
"""Twips a cell needs besides its text: the Table Grid's cell margins and a little air."""
CAPITAL_EMS, OTHER_EMS = 0.75, 0.55
"""How wide a capital letter and any other Latin character or digit print, in ems (generously:
the font a printer substitutes may be wider than Times New Roman's ½-em digits)."""


def run_ems(run: str) -> float:
    """Width in ems of a run of Latin characters and digits."""
    capitals = sum(1 for ch in run if "A" <= ch <= "Z")
    return capitals * CAPITAL_EMS + (len(run) - capitals) * OTHER_EMS


_RUN = re.compile(r"[^\s\u2e80-\uffff]+")


def longest_run(text: str) -> float:
    """Width in ems of the longest run that cannot break (no CJK, no space)."""
    runs = _RUN.findall(text)
    return max(map(run_ems, runs)) if runs else 0.0


def grid_columns(row: Sequence[CellLike]) -> int:
    return sum(as_cell(c).span for c in row)
