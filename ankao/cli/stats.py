"""The per-book summary of `ankao check`: `stats` in JSON, a small table per book in text."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from ankao.findings import Report
from ankao.repository.checking import FileResult


def share_text(quantitative: int, total: int) -> str:
    """`2, 3` -> `66.7%`; `—` where there is no target."""
    if not total:
        return "—"
    from ankao.rules.base import percent

    return percent(quantitative / total)


PER_BOOK_TABLES_UP_TO = 3
"""More books than this get one overview table (a row per book) instead of a table each."""


def attach_stats(report: Report, results: Sequence[FileResult]) -> None:
    """Put each checked book's stats into the report: JSON key `stats`, tables in text."""
    stats = {r.file: r.stats for r in results if r.stats is not None}
    report.extra["stats"] = stats
    if len(stats) > PER_BOOK_TABLES_UP_TO:
        report.blocks.append(lambda out: overview(out, stats))
        return
    for file, book in stats.items():
        report.blocks.append(_block(file, book))


def overview(out: Any, stats: dict[str, dict[str, Any]]) -> None:
    """One table for many books: file, 目标数, 定量, 占比, and the total (a row per book)."""
    from ankao.reporters.textgrid import print_grid

    targets = sum(b["targets"] for b in stats.values())
    quantitative = sum(b["quantitative"] for b in stats.values())
    print_grid(
        out,
        f"目标统计（{len(stats)} 本任务书）",
        ("任务书", "目标数", "定量", "占比"),
        [
            (
                file,
                str(book["targets"]),
                str(book["quantitative"]),
                share_text(book["quantitative"], book["targets"]),
            )
            for file, book in stats.items()
        ],
        ("合计", str(targets), str(quantitative), share_text(quantitative, targets)),
        right=(False, True, True, True),
    )


def _block(file: str, book: dict[str, Any]) -> Callable[[Any], None]:
    def block(out: Any) -> None:
        out.print(table(file, book))

    return block


def table(file: str, book: dict[str, Any]) -> Any:
    """A rich table: section title, 目标数, 定量, 占比, and the book's total."""
    from rich.table import Table

    grid = Table(title=f"{file}：目标统计", title_justify="left", show_footer=True)
    grid.add_column("部分", footer="合计")
    grid.add_column("目标数", justify="right", footer=str(book["targets"]))
    grid.add_column("定量", justify="right", footer=str(book["quantitative"]))
    grid.add_column(
        "占比", justify="right", footer=share_text(book["quantitative"], book["targets"])
    )
    for section in book["sections"].values():
        grid.add_row(
            section["title"],
            str(section["targets"]),
            str(section["quantitative"]),
            share_text(section["quantitative"], section["targets"]),
        )
    return grid
