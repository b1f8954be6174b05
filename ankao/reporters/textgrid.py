"""A table of many rows as plain lines, drawn like rich's default table at a fraction of its cost.

rich lays out every cell of a table as rich text; for the overview of a whole
repository (a row per book, a thousand books) that alone took half a second,
as long as reading the books. The rows here are measured once (`cell_len`
counts a CJK character as two columns) and written in one piece; the title
and the header still go through rich, so they keep its styles. A table wider
than the terminal is left to rich, which folds its long cells.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


def print_grid(
    out: Any,
    title: str,
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    footer: Sequence[str],
    *,
    right: Sequence[bool],
    fold: bool = True,
) -> None:
    """Print a boxed table on the rich console `out`: title, header, rows, footer.

    `right[i]` aligns column i to the right. Cells are one line each (no wrapping);
    what a terminal would obey is removed from them. With `fold=False` a table wider
    than the terminal is still drawn as lines (thousands of rows: rich would take seconds).
    """
    from rich import box
    from rich.cells import cell_len
    from rich.text import Text

    from ankao.load.names import clean_terminal

    rows = [[clean_terminal(c) for c in row] for row in rows]

    def measured(cells: Sequence[str]) -> list[tuple[str, int]]:
        return [(c, len(c) if c.isascii() else cell_len(c)) for c in cells]

    head, body_cells, foot = measured(headers), [measured(r) for r in rows], measured(footer)
    columns = list(zip(head, *body_cells, foot, strict=True))
    widths = [max(n for _, n in column) for column in columns]
    spans = [w + 2 for w in widths]  # a cell is padded by a space on each side
    if fold and sum(spans) + len(spans) + 1 > out.width:
        # too wide for the terminal: rich folds the long cells (slowly, but it fits)
        out.print(_rich_table(title, headers, rows, footer, right))
        return
    frame = box.HEAVY_HEAD.substitute(out.options)

    def line(cells: Sequence[tuple[str, int]], left: str, middle: str, end: str) -> str:
        padded = []
        for (cell, length), width, flush_right in zip(cells, widths, right, strict=True):
            gap = " " * (width - length)
            padded.append(f" {gap}{cell} " if flush_right else f" {cell}{gap} ")
        return left + middle.join(padded) + end

    out.print(Text(title, style="table.title"))
    out.print(frame.get_top(spans))
    out.print(
        Text(line(head, frame.head_left, frame.head_vertical, frame.head_right)),
        style="table.header",
    )
    out.print(frame.get_row(spans, "head"))
    body = [line(row, frame.mid_left, frame.mid_vertical, frame.mid_right) for row in body_cells]
    body.append(frame.get_row(spans, "foot"))
    body.append(line(foot, frame.foot_left, frame.foot_vertical, frame.foot_right))
    body.append(frame.get_bottom(spans))
    out.file.write("\n".join(body) + "\n")
    out.file.flush()


def plain(cells: Sequence[Any]) -> list[str]:
    """A row of a rich table's cells as text (a `str` as it is, a rich `Text` without its styles).

    The plain lines of many rows and the rich table of a few are one row function's cells.
    """
    return [c if isinstance(c, str) else c.plain for c in cells]


def _rich_table(
    title: str,
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    footer: Sequence[str],
    right: Sequence[bool],
) -> Any:
    from rich.table import Table

    table = Table(title=title, title_justify="left", show_footer=True)
    for header, foot, flush_right in zip(headers, footer, right, strict=True):
        table.add_column(
            header,
            footer=foot,
            justify="right" if flush_right else "left",
            no_wrap=flush_right,
            overflow="fold",
        )
    for row in rows:
        table.add_row(*row)
    return table
