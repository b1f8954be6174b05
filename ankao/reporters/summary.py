"""`ankao summary` without a file: the roll-up's unit table on the terminal (sheet 2 of the workbook)."""

from __future__ import annotations

from typing import Any, Literal

GRID_FROM = 50
"""From this many units a table is drawn as plain lines (rich lays out each cell: seconds
for thousands of units)."""


HEADERS = ("单位", "类别", "目标", "定量", "占比", "环节", "日期", "天数")
RIGHT = (False, False, True, True, True, False, False, True)
"""Which columns are figures, set to the right."""
HINT = "加 -o 汇总表.xlsx（或 .docx）把全部目标写成汇总表"


def summary_block(data: Any) -> Any:
    """The roll-up's unit table for the terminal (what sheet 2 of the workbook holds)."""

    def block(out: Any) -> None:
        if not data.units:
            out.print("没有任何单位：taskbooks/ 中没有任务书，ankao.yaml 也没有列出单位")
            return
        if len(data.units) > GRID_FROM:
            _grid(out, data)
        else:
            _table(out, data)
        out.print(HINT, style="dim")

    return block


def _title(data: Any) -> str:
    return f"任期目标汇总（{len(data.books)} 个单位的 {len(data.targets)} 个目标）"


def _cells(data: Any, r: Any) -> list[str]:
    """One unit's row: unit, kind, targets, quantitative ones, their share, stage, date, days."""
    days = data.days_since(r)
    return [
        r.unit,
        r.kind_label,
        str(r.targets) if r.submitted else "—",
        str(r.quantitative) if r.submitted else "—",
        f"{r.quantitative_share:.0%}" if r.quantitative_share is not None else "—",
        r.label,
        r.stage_date or "—",
        str(days) if days is not None else "—",
    ]


def _grid(out: Any, data: Any) -> None:
    """Many units: plain lines."""
    from ankao.reporters.textgrid import print_grid

    print_grid(
        out,
        _title(data),
        list(HEADERS),
        [_cells(data, r) for r in data.units],
        [f"{len(data.units)} 个单位", "", str(len(data.targets)), "", "", "", "", ""],
        right=list(RIGHT),
        fold=False,
    )


def _table(out: Any, data: Any) -> None:
    """A few units: a rich table."""
    from rich import box
    from rich.table import Table

    table = Table(
        title=_title(data),
        title_style="bold",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        show_edge=False,
        padding=0,
    )
    for name, right in zip(HEADERS, RIGHT, strict=True):
        justify: Literal["left", "right"] = "right" if right else "left"
        table.add_column(name, justify=justify, no_wrap=name != "单位", overflow="fold")
    for r in data.units:
        table.add_row(*_cells(data, r))
    out.print(table)
