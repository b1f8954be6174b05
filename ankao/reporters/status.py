"""`ankao status` in text: one row per unit (stage, date, open comments, checks, reminders).

The rows and counts come from the core (`procedure.status`, `procedure.counts`); this
module only lays them out for an 80-column terminal.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ankao.reporters.assess import Block

if TYPE_CHECKING:
    from rich.table import Table

    from ankao.procedure.row import UnitStatus


def status_block(rows: list[UnitStatus]) -> Block:
    """The status table, the last-term line where ankao.yaml links one, and the counts."""

    def block(out: Any) -> None:
        if not rows:
            out.print("没有符合条件的单位")
            return
        from ankao.procedure.counts import counts_of

        counts = counts_of(rows)
        if len(rows) > GRID_FROM:
            _grid(out, rows)
        else:
            out.print(_table(rows, counts.units))
        line = _last_term_line(rows)
        if line is not None:
            out.print()
            out.print(line)
        overdue = f"，{counts.overdue} 个逾期" if counts.overdue else ""
        out.print()
        out.print(f"已提交（报领导小组办公室）{counts.submitted} 个{overdue}")

    return block


GRID_FROM = 50
"""From this many units the table is drawn as plain lines (rich lays out each cell: seconds
for thousands of units)."""


def _grid(out: Any, rows: list[UnitStatus]) -> None:
    """The status of many units as plain lines, the count of changed books in the last row."""
    from ankao.reporters.textgrid import plain, print_grid

    changed = sum(1 for r in rows if r.changed_after_approval)
    print_grid(
        out,
        f"任期目标确定进度（{len(rows)} 个单位）",
        [name for name, _ in _COLUMNS],
        [plain(_cells(r)) for r in rows],
        [f"{len(rows)} 个单位", "", "", "", "", "", "", f"{changed} 个已改动" if changed else ""],
        right=[options.get("justify") == "right" for _, options in _COLUMNS],
        fold=False,
    )


_COLUMNS: tuple[tuple[str, dict[str, Any]], ...] = (
    ("单位", {"overflow": "fold"}),
    ("类别", {"no_wrap": True}),
    ("环节", {"no_wrap": True}),
    ("日期", {"no_wrap": True}),
    ("未答复", {"justify": "right", "no_wrap": True}),
    ("错/警", {"justify": "right", "no_wrap": True}),
    ("定量", {"justify": "right", "no_wrap": True}),
    ("提醒", {"no_wrap": True}),
)


def _table(rows: list[UnitStatus], units: int) -> Table:
    from rich import box
    from rich.table import Table

    table = Table(
        title=f"任期目标确定进度（{units} 个单位）",
        title_style="bold",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        show_edge=False,
        padding=0,  # the box's blank divider parts the columns: 80 columns hold a long name
    )
    for name, options in _COLUMNS:
        table.add_column(name, **options)
    for r in rows:
        table.add_row(*_cells(r))
    return table


def _cells(r: UnitStatus) -> list[Any]:
    """One unit's cells, for the table and the plain lines alike; styles as Text, never markup:
    what people wrote prints as written."""
    from rich.text import Text

    from ankao.formatting import percent

    stage = Text(r.label, style="red" if not r.submitted else ("dim" if r.stage is None else ""))
    checks = Text(
        f"{r.errors}/{r.warnings}" if r.submitted else "—", style="red" if r.errors else ""
    )
    flag = Text("已改动", style="yellow") if r.changed_after_approval else Text("")
    if r.overdue:
        flag.append(("、" if flag else "") + "逾期", style="bold red")
    return [
        r.unit,
        r.kind_label,
        stage,
        r.stage_date or "—",
        str(r.open_comments) if r.open_comments else "—",
        checks,
        percent(r.quantitative_share, 0),
        flag,
    ]


def _last_term_line(rows: list[UnitStatus]) -> Any:
    """With `previous_term`: each unit's targets carried over and those below the record."""
    from rich.text import Text

    carried = [r for r in rows if r.carried_over is not None]
    if not carried:
        return None
    return Text(
        "与上一任期比较："
        + "；".join(
            f"{r.unit} 延续上一任期目标 {r.carried_over} 项，"
            f"其中 {r.below_record} 项低于上一任期的实际完成值"
            for r in carried
        )
        + "（baseline-below-record、target-below-record，ankao check 列出）"
    )
