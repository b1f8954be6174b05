"""`ankao assess` in text: every unit's completion, one unit's sections and targets (rich tables).

Each function returns a block, a callable that prints to the console it is given,
so the command can put it after the findings; the figures come from the core's
`BookResult`, never recomputed here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.table import Table

    from ankao.model.progress import BookResult, TargetResult

Block = Callable[[Any], None]
"""Prints to the rich console it is given."""

_STATUS_STYLE = {"behind": "bold red", "no_data": "yellow", "on_track": "", "met": "green"}

GRID_FROM = 50
"""From this many units the overview is drawn as plain lines (rich lays out each cell, ~1 ms a
row: most of `assess --all`'s time at 500 units)."""

FULL_AT_MOST = 20
"""Assessing every unit, each one's table of targets is printed up to this many units; beyond,
its one-line figures (its targets: `ankao assess 单位`)."""

_COUNTS = (("完成度", "right"), ("已完成", "right"), ("按进度", "right"), ("滞后", "right"))


def _short(text: str, limit: int = 20) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _actual_cell(r: TargetResult) -> str:
    actual = r.actual
    if actual is None:
        return "—"
    shown = str(actual.value) if actual.value is not None else (actual.status or "")
    unit = (
        r.target.metric.unit or ""
        if r.target.metric is not None and actual.value is not None
        else ""
    )
    if r.stale:
        return f"{shown}{unit}（{r.stale_mark}）"
    return f"{shown}{unit}（{actual.year}）"


def _expected_cell(r: TargetResult) -> str:
    if r.expected is None:
        return "—"
    from ankao.formatting import figure

    metric = r.target.metric
    every_year = metric is not None and metric.direction.every_year
    return figure(r.expected) + ("" if r.milestone or every_year else "＊")


def _columns(table: Table, columns: tuple[tuple[str, str], ...]) -> Table:
    for name, justify in columns:
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    return table


_OVERVIEW = (("单位", "left"), *_COUNTS, ("无数据", "right"), ("往年数据", "right"))
"""The overview's columns (往年数据: targets whose figure is older than the year assessed)."""


def overview_block(results: list[BookResult]) -> Block:
    """A rich table of every unit's completion and counts, lowest completion first."""

    def block(out: Any) -> None:
        from rich.table import Table

        years = sorted({r.as_of for r in results})
        when = f"（截至 {years[0]} 年）" if len(years) == 1 else ""
        ordered = sorted(results, key=lambda r: (r.tally.behind == 0, r.tally.completion or 0.0))
        rows = [_overview_cells(r, one_year=len(years) == 1) for r in ordered]
        if len(results) > GRID_FROM:
            _overview_grid(out, results, when, rows)
            return
        table = _columns(
            Table(title=f"各单位任期目标完成情况{when}", title_style="bold"), _OVERVIEW
        )
        for row in rows:
            table.add_row(*row)
        out.print(table)

    return block


def _overview_cells(r: BookResult, *, one_year: bool) -> list[Any]:
    """A unit's row of the overview: its name (and year), completion, counts; a lag in colour."""
    from rich.text import Text

    from ankao.formatting import percent

    t = r.tally
    return [
        r.unit if one_year else f"{r.unit}（{r.as_of}）",
        percent(t.completion),
        str(t.met),
        str(t.on_track),
        Text(str(t.behind), style="bold red") if t.behind else "0",
        str(t.no_data),
        Text(str(r.stale), style="yellow") if r.stale else "0",
    ]


def _overview_grid(out: Any, results: list[BookResult], when: str, rows: list[list[Any]]) -> None:
    """The overview of many units as plain lines, with the totals in the last row."""
    from ankao.reporters.textgrid import plain, print_grid

    totals = [
        sum(getattr(r.tally, k) for r in results) for k in ("met", "on_track", "behind", "no_data")
    ]
    print_grid(
        out,
        f"各单位任期目标完成情况{when}",
        [name for name, _ in _OVERVIEW],
        [plain(row) for row in rows],
        [
            f"{len(results)} 个单位",
            "",
            *(str(n) for n in totals),
            str(sum(r.stale for r in results)),
        ],
        right=[justify == "right" for _, justify in _OVERVIEW],
        fold=False,
    )


def book_block(result: BookResult, *, full: bool = True) -> Block:
    """A unit's figures, then (`full`) its sections and its targets with the lagging ones first."""

    def block(out: Any) -> None:
        out.print(_headline(result))
        if not full:
            return
        out.print(_sections_table(result))
        out.print(_targets_table(result))
        for line, style in _footnotes(result):
            out.print(line, style=style)

    return block


def _headline(result: BookResult) -> Any:
    """文学院（截至 2025 年）完成度 62.5%：已完成 … 滞后 … 项."""
    from rich.text import Text

    from ankao.formatting import percent

    t = result.tally
    head = Text()
    head.append(f"{result.unit}", style="bold")
    head.append(
        f"（截至 {result.as_of} 年）完成度 {percent(t.completion)}：已完成 {t.met} 项，"
        f"按进度 {t.on_track} 项，"
    )
    head.append(f"滞后 {t.behind} 项", style="bold red" if t.behind else "")
    head.append(f"，无数据 {t.no_data} 项")
    if result.stale:
        head.append(f"（其中 {result.stale} 项沿用往年数据）", style="yellow")
    return head


def _sections_table(result: BookResult) -> Table:
    """Each section with targets: its completion and counts."""
    from rich.table import Table

    from ankao.formatting import percent

    sections = _columns(
        Table(show_header=True, box=None, pad_edge=False),
        (("部分", "left"), *_COUNTS, ("无数据", "right")),
    )
    for s in result.sections:
        if not s.targets:
            continue
        st = s.tally
        sections.add_row(
            s.title,
            percent(st.completion),
            str(st.met),
            str(st.on_track),
            str(st.behind),
            str(st.no_data),
        )
    return sections


def _targets_table(result: BookResult) -> Table:
    """Every target, the lagging ones first: actual, expected, completion, status."""
    from rich.table import Table
    from rich.text import Text

    from ankao.formatting import percent
    from ankao.model.progress import STATUS_LABELS

    table = Table(show_lines=False)
    table.add_column("编号", no_wrap=True)
    table.add_column("目标", overflow="fold", ratio=1)
    table.add_column("实际（年度）", overflow="fold")
    table.add_column("应达", justify="right")
    table.add_column("完成度", justify="right")
    table.add_column("状态", no_wrap=True)
    for r in result.lagging_first():
        target = r.target
        metric = target.metric
        name = metric.name if metric is not None and metric.name else target.content
        if r.reason:
            name = f"{name}（{r.reason}）"
        table.add_row(
            target.id,
            _short(name),
            _actual_cell(r),
            _expected_cell(r),
            percent(r.completion),
            Text(STATUS_LABELS[r.status], style=_STATUS_STYLE[r.status]),
        )
    return table


def _footnotes(result: BookResult) -> list[tuple[str, str]]:
    """What the ＊ of an expected value means, and the figures taken from an earlier year."""
    notes = []
    if any(_expected_cell(r).endswith("＊") for r in result.targets):
        notes.append(
            (
                "＊ 该年度没有年度进度：按任期开始前一年的基数、各年度进度、任期末的目标值"
                "依次连成的直线计算",
                "dim",
            )
        )
    if result.stale:
        notes.append(
            (
                f"有 {result.stale} 个目标没有 {result.as_of} 年的完成情况，"
                "按此前最近一年的数据计算，已标注“数据截至…年”",
                "yellow",
            )
        )
    return notes
