"""`ankao assess`: completion and status of every target from its actuals (SPEC §8, seed 五(二))."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from ankao.cli.chinese import ChineseCommand
from ankao.cli.shared import (
    DateOption,
    DebugOption,
    FormatOption,
    OutputFormat,
    app,
    document_date,
    emit,
    fail,
    progress_for,
    repository_root,
    run,
)


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
    from ankao.load.files import check_output

    check_output(output, force=force, hint="；确需重新生成请加 --force")
    return suffix


def _write(output: Path, suffix: str | None, assessed: Any, force: bool, day: Any) -> None:
    """The report of one unit (.docx) or the workbook of all (.xlsx); cut cells warned of."""
    if suffix == ".docx":
        from ankao.render.report import write_report

        write_report(
            output,
            assessed.results[0],
            assessed.history,
            assessed.policy,
            assessed.config,
            overwrite=force,
            date=day,
        )
        return
    from ankao.render.assess_xlsx import write_workbook
    from ankao.render.xlsx import cut_warning

    cut = write_workbook(output, assessed.results, assessed.config, overwrite=force)
    assessed.report.extend(cut_warning(cut, str(output)))


def assess_command(
    units: list[str],
    year: int | None,
    all_units: bool,
    output: Path | None,
    force: bool,
    fmt: OutputFormat,
    date: str | None = None,
) -> int:
    """Assess the units' books, write the report if asked, print; return the exit status."""
    from ankao.assessment.term import assess_repository

    if all_units and units:
        fail("--all 与单位名称不能同时使用：要汇总全部单位就不写单位名称")
    suffix = _check_output(output, units, all_units, force) if output is not None else None
    day = document_date(date)
    root = repository_root(None)
    with progress_for("读取仓库") as advance:
        assessed = assess_repository(root, units, year=year, progress=advance)
    report = assessed.report
    results = assessed.results
    report.extra["results"] = [r.as_dict() for r in results]
    from ankao.reporters.assess import FULL_AT_MOST, book_block, overview_block

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
        _write(output, suffix, assessed, force, day)
        report.blocks.append(lambda out: out.print(f"已生成：{output}"))
    elif output is not None:
        report.blocks.append(
            lambda out: out.print("没有可评估的任务书，未生成文件。", style="bold red")
        )
    return emit(report, fmt)


@app.command(cls=ChineseCommand)
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
    date: DateOption = None,
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
    run(debug, lambda: assess_command(units or [], year, all_units, output, force, fmt, date))
