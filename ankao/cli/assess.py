"""`ankao assess`: completion and status of every target from its actuals (SPEC §8, seed 五(二))."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ankao.cli.shared import (
    DebugOption,
    FormatOption,
    OutputFormat,
    app,
    emit,
    fail,
    progress_for,
    repository_root,
    run,
)

if TYPE_CHECKING:
    from ankao.assessment import BookResult, TargetResult

_STATUS_STYLE = {"behind": "bold red", "no_data": "yellow", "on_track": "", "met": "green"}


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
    return f"{shown}{unit}（{actual.year}）"


def _expected_cell(r: TargetResult) -> str:
    if r.expected is None:
        return "—"
    from ankao.assessment import figure

    return figure(r.expected) + ("" if r.milestone else "＊")


GRID_FROM = 50
"""From this many units the overview is drawn as plain lines."""
FULL_AT_MOST = 20
"""Assessing every unit, each one's table of targets is printed up to this many units; beyond,
its one-line figures (its targets: `ankao assess 单位`)."""


def overview_block(results: list[BookResult]) -> Any:
    """A rich table of every unit's completion and counts, lowest completion first."""

    def block(out: Any) -> None:
        from rich.table import Table
        from rich.text import Text

        from ankao.assessment import percent

        if len(results) > GRID_FROM:
            # thousands of rows: drawn as plain lines (rich lays out each cell, ~1 ms a row)
            from ankao.textgrid import print_grid

            ordered = sorted(
                results, key=lambda r: (r.tally.behind == 0, r.tally.completion or 0.0)
            )
            totals = [
                sum(getattr(r.tally, k) for r in results)
                for k in ("met", "on_track", "behind", "no_data")
            ]
            print_grid(
                out,
                "各单位任期目标完成情况",
                ["单位", "截至", "完成度", "已完成", "按进度", "滞后", "无数据"],
                [
                    [
                        r.unit,
                        f"{r.as_of}",
                        percent(r.tally.completion),
                        str(r.tally.met),
                        str(r.tally.on_track),
                        str(r.tally.behind),
                        str(r.tally.no_data),
                    ]
                    for r in ordered
                ],
                [f"{len(results)} 个单位", "", "", *(str(n) for n in totals)],
                right=[False, True, True, True, True, True, True],
                fold=False,
            )
            return
        table = Table(title="各单位任期目标完成情况", title_style="bold")
        for name, justify in (
            ("单位", "left"),
            ("截至", "right"),
            ("完成度", "right"),
            ("已完成", "right"),
            ("按进度", "right"),
            ("滞后", "right"),
            ("无数据", "right"),
        ):
            table.add_column(name, justify=justify)  # type: ignore[arg-type]
        ordered = sorted(results, key=lambda r: (r.tally.behind == 0, r.tally.completion or 0.0))
        for r in ordered:
            t = r.tally
            table.add_row(
                r.unit,
                f"{r.as_of}",
                percent(t.completion),
                str(t.met),
                str(t.on_track),
                Text(str(t.behind), style="bold red") if t.behind else "0",
                str(t.no_data),
            )
        out.print(table)

    return block


def book_block(result: BookResult, *, full: bool = True) -> Any:
    """A unit's figures, then (`full`) its sections and its targets with the lagging ones first."""

    def block(out: Any) -> None:
        from rich.table import Table
        from rich.text import Text

        from ankao.assessment import STATUS_LABELS, percent

        t = result.tally
        head = Text()
        head.append(f"{result.unit}", style="bold")
        head.append(
            f"（截至 {result.as_of} 年）完成度 {percent(t.completion)}：已完成 {t.met} 项，"
            f"按进度 {t.on_track} 项，"
        )
        head.append(f"滞后 {t.behind} 项", style="bold red" if t.behind else "")
        head.append(f"，无数据 {t.no_data} 项")
        out.print(head)
        if not full:
            return
        sections = Table(show_header=True, box=None, pad_edge=False)
        for name, justify in (
            ("部分", "left"),
            ("完成度", "right"),
            ("已完成", "right"),
            ("按进度", "right"),
            ("滞后", "right"),
            ("无数据", "right"),
        ):
            sections.add_column(name, justify=justify)  # type: ignore[arg-type]
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
        out.print(sections)
        table = Table(show_lines=False)
        table.add_column("编号", no_wrap=True)
        table.add_column("目标", overflow="fold", ratio=1)
        table.add_column("实际（年度）", overflow="fold")
        table.add_column("应达", justify="right")
        table.add_column("完成度", justify="right")
        table.add_column("状态", no_wrap=True)
        for r in result.lagging_first():
            target = r.target
            name = (
                target.metric.name
                if target.metric is not None and target.metric.name
                else target.content
            )
            if r.reason:
                name = f"{name}（{r.reason}）"
            style = _STATUS_STYLE[r.status]
            table.add_row(
                target.id,
                _short(name),
                _actual_cell(r),
                _expected_cell(r),
                percent(r.completion),
                Text(STATUS_LABELS[r.status], style=style),
            )
        out.print(table)
        if any(not r.milestone and r.expected is not None for r in result.targets):
            out.print("＊ 该年度没有年度进度，按基数到目标值在任期内均匀推进计算", style="dim")

    return block


def _check_output(output: Path, units: list[str], all_units: bool, force: bool) -> str:
    suffix = output.suffix.lower()
    if suffix not in (".docx", ".xlsx"):
        fail(
            f"考核报告只能保存为 .docx（一个单位的任期考核报告）或 .xlsx（各单位完成情况汇总）文件：{output}"
        )
    if suffix == ".docx" and (all_units or len(units) != 1):
        fail(
            "生成 .docx 任期考核报告时请只写一个单位，例如：ankao assess 文学院 -o 文学院任期考核报告.docx"
        )
    from ankao.files import check_output

    check_output(output, force=force, hint="；确需重新生成请加 --force")
    return suffix


def assess_command(
    units: list[str],
    year: int | None,
    all_units: bool,
    output: Path | None,
    force: bool,
    fmt: OutputFormat,
) -> int:
    """Assess the units' books, write the report if asked, print; return the exit status."""
    from ankao.assessing import assess_repository

    if all_units and units:
        fail("--all 与单位名称不能同时使用：要汇总全部单位就不写单位名称")
    suffix = _check_output(output, units, all_units, force) if output is not None else None
    root = repository_root(None)
    with progress_for("读取仓库") as advance:
        assessed = assess_repository(root, units, year=year, progress=advance)
    report = assessed.report
    results = assessed.results
    report.extra["results"] = [r.as_dict() for r in results]
    if len(results) > 1:
        report.blocks.append(overview_block(results))
    if output is None or len(results) == 1:
        many = not units and len(results) > FULL_AT_MOST
        for r in results:
            report.blocks.append(book_block(r, full=output is None and not many))
        if many and output is None:
            report.blocks.append(
                lambda out: out.print(
                    f"共 {len(results)} 个单位，逐个目标的完成情况请用 ankao assess 单位 查看",
                    style="dim",
                )
            )
    if output is not None and results:
        if suffix == ".docx":
            from ankao.rendering.report import write_report

            write_report(
                output,
                results[0],
                assessed.history,
                assessed.policy,
                assessed.config,
                overwrite=force,
            )
        else:
            from ankao.rendering.assess_xlsx import write_workbook
            from ankao.rendering.xlsx import cut_warning

            cut = write_workbook(output, results, assessed.config, overwrite=force)
            report.extend(cut_warning(cut, str(output)))
        report.blocks.append(lambda out: out.print(f"已生成：{output}"))
    elif output is not None:
        report.blocks.append(
            lambda out: out.print("没有可评估的任务书，未生成文件。", style="bold red")
        )
    return emit(report, fmt)


@app.command()
def assess(
    units: Annotated[
        list[str] | None,
        typer.Argument(metavar="单位", help="要评估的单位；不写则为全部单位", show_default=False),
    ] = None,
    year: Annotated[
        int | None,
        typer.Option(
            "--year",
            "-y",
            min=1949,
            max=2200,
            help="评估截至的年度；不写则取填有完成情况的最近一年",
            show_default=False,
        ),
    ] = None,
    all_units: Annotated[
        bool, typer.Option("--all", help="全部单位（与 -o .xlsx 一起用，生成各单位完成情况汇总表）")
    ] = False,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="一个单位时保存任期考核报告（.docx）；--all 时保存各单位完成情况汇总表（.xlsx）",
            show_default=False,
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="输出文件已存在时覆盖它")] = False,
    fmt: FormatOption = OutputFormat.text,
    debug: DebugOption = False,
) -> None:
    """按任务书中的年度完成情况（actuals）评估每个目标的完成度和进度（五(二)）。

    定量目标按方向（提高、降低、保持、不低于、不高于）计算完成度；定性目标按“完成/部分完成/未完成”计 1、0.5、0。
    落后于当年年度进度（没有年度进度时按任期内均匀推进）的目标为“滞后”，排在最前面。

    -o 文学院任期考核报告.docx 生成供领导小组使用的任期考核报告草稿（含年度考核等次和结果运用）；
    --all -o 完成情况.xlsx 生成各单位完成情况汇总表（含柱状图）。

    例：ankao assess 文学院 --year 2025 -o 文学院任期考核报告.docx
    """
    run(debug, lambda: assess_command(units or [], year, all_units, output, force, fmt))
