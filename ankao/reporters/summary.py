"""`ankao summary` without a file: the roll-up's unit table on the terminal (sheet 2 of the workbook)."""

from __future__ import annotations

from typing import Any

GRID_FROM = 50
"""From this many units a table is drawn as plain lines (rich lays out each cell: seconds
for thousands of units)."""

_COLUMNS = (
    ("单位", "left"),
    ("类别", "left"),
    ("目标", "right"),
    ("定量", "right"),
    ("占比", "right"),
    ("环节", "left"),
    ("日期", "left"),
    ("天数", "right"),
)


def summary_block(data: Any) -> Any:
    """The roll-up's unit table for the terminal (what sheet 2 of the workbook holds)."""

    def block(out: Any) -> None:
        if not data.units:
            out.print("没有任何单位：taskbooks/ 中没有任务书，ankao.yaml 也没有列出单位")
            return
        title = f"任期目标汇总（{len(data.books)} 个单位的 {len(data.targets)} 个目标）"
        rows = [_cells(data, r) for r in data.units]
        if len(data.units) > GRID_FROM:
            from ankao.reporters.textgrid import print_grid

            print_grid(
                out,
                title,
                [name for name, _ in _COLUMNS],
                rows,
                [f"{len(data.units)} 个单位", "", str(len(data.targets)), "", "", "", "", ""],
                right=[justify == "right" for _, justify in _COLUMNS],
                fold=False,
            )
        else:
            out.print(_table(title, rows))
        out.print("加 -o 汇总表.xlsx（或 .docx）把全部目标写成汇总表", style="dim")

    return block


def _cells(data: Any, r: Any) -> list[str]:
    """One unit's row: kind, targets, quantitative ones and their share, stage, date, days since."""
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


def _table(title: str, rows: list[list[str]]) -> Any:
    from rich import box
    from rich.table import Table

    table = Table(
        title=title,
        title_style="bold",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        show_edge=False,
        padding=0,
    )
    for name, justify in _COLUMNS:
        table.add_column(name, justify=justify, no_wrap=name != "单位", overflow="fold")  # type: ignore[arg-type]
    for row in rows:
        table.add_row(*row)
    return table
