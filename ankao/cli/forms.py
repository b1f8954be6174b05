"""`ankao form` (a workbook for a unit to fill in Excel or WPS) and `ankao intake` (reading it back)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ankao.cli.chinese import ChineseCommand
from ankao.cli.shared import (
    DebugOption,
    FormatOption,
    OutputFormat,
    app,
    emit,
    repository_root,
    run,
)

if TYPE_CHECKING:
    pass


def form_command(
    units: list[str],
    output: Path,
    *,
    every: bool,
    kind: str | None,
    year: int | None,
    force: bool,
    fmt: OutputFormat,
) -> int:
    """Write the forms asked for and say where."""
    from ankao.errors import AnkaoError
    from ankao.findings import Report
    from ankao.forms.send import specs_for, write_forms
    from ankao.repository.checking import checked_config

    if every and units:
        raise AnkaoError("--all 与单位名称只能给出一个")
    if not every and len(units) != 1:
        raise AnkaoError("请给出一个单位名称，或用 --all -o 文件夹/ 为每个单位生成一份")
    if kind is not None and kind not in ("office", "teaching"):
        raise AnkaoError("--kind 只能是 teaching（教学单位）或 office（机关、教学辅助机构）")
    root = repository_root(None)
    config = checked_config(root)
    specs = specs_for(root, units, config=config, kind=kind, year=year)
    written = write_forms(specs, output, folder=every, force=force)
    report = Report()
    report.extra["written"] = [{"unit": w.unit, "path": w.path} for w in written]

    def block(out: Any) -> None:
        what = f"{year}年完成情况表" if year is not None else "任务书填写表"
        for w in written:
            out.print(f"已生成{w.unit}的{what}：{w.path}")

    report.blocks.append(block)
    return emit(report, fmt)


@app.command(cls=ChineseCommand)
def form(
    units: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="单位", help="单位名称（与任务书中的 unit 一致）", show_default=False
        ),
    ] = None,
    output: Annotated[
        Path,
        typer.Option(
            "--output", "-o", help="生成的表格（.xlsx）；--all 时为文件夹", show_default=False
        ),
    ] = Path("."),
    every: Annotated[
        bool, typer.Option("--all", help="为每个单位各生成一份（-o 为文件夹）")
    ] = False,
    kind: Annotated[
        str | None,
        typer.Option(
            "--kind",
            help="还没有任务书的单位：teaching 教学单位，office 机关、教学辅助机构",
            show_default=False,
        ),
    ] = None,
    year: Annotated[
        int | None,
        typer.Option(
            "--actuals", min=1990, max=2100, help="生成该年度的完成情况表", show_default=False
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="目标文件已存在时覆盖它")] = False,
    fmt: FormatOption = OutputFormat.text,
    debug: DebugOption = False,
) -> None:
    """为单位生成用 Excel 或 WPS 填写的表格：任务书填写表，或某年度的完成情况表。

    任务书填写表有填写说明、基本情况、班子成员和任务书的每个部分各一张工作表；
    方面、方向、主要负责人有下拉列表，数字栏只能填数字，编号和表头不能修改，可以在空行中新增目标。
    单位填好后发回，用 ankao intake 读回仓库，不必手工录入。
    还没有任务书的单位加 --kind 生成空白表格；--actuals 2025 生成该年度的完成情况表；
    --all -o 文件夹/ 为每个单位各生成一份，便于发邮件。

    例：ankao form 文学院 -o 文学院-任务书.xlsx
    """
    run(
        debug,
        lambda: form_command(
            units or [], output, every=every, kind=kind, year=year, force=force, fmt=fmt
        ),
    )


def intake_command(files: list[Path], *, force: bool, fmt: OutputFormat) -> int:
    """Read each file back, then report what was written and what was found."""
    from ankao.forms.intake import intake as run_intake
    from ankao.repository.checking import checked_config

    root = repository_root(None)
    config = checked_config(root)
    done = run_intake(root, files, config=config, force=force)
    report = done.report
    report.extra["intake"] = [o.as_dict() for o in done.outcomes]
    from ankao.reporters.forms import outcome_block

    report.blocks.extend(outcome_block(o) for o in done.outcomes)
    return emit(report, fmt)


@app.command(cls=ChineseCommand)
def intake(
    files: Annotated[
        list[Path],
        typer.Argument(
            metavar="文件",
            help="单位填好的表格（.xlsx）或审核意见反馈表（.docx）",
            show_default=False,
        ),
    ],
    force: Annotated[
        bool, typer.Option("--force", help="办公室和单位改了同一个目标时，以表格为准")
    ] = False,
    fmt: FormatOption = OutputFormat.text,
    debug: DebugOption = False,
) -> None:
    """把单位填好的表格读回仓库：任务书、年度完成情况，或反馈表中的单位答复。

    只改动变化了的值：YAML 中的注释、空行、键的顺序、引号和数字的写法都保持原样，
    没有改动的表格不会改变任何文件。随后逐个目标列出改动（加强、减弱、中性），并检查任务书。
    表格中的问题（公式、该填数字处填了文字、不在列表中的方面、缺少或重复的编号等）
    都指出到单元格，如“文学院-任务书.xlsx › 党建工作目标!G7”，并且不写入任何文件（退出状态 1）。
    表格生成后办公室又改过任务书的，两边的修改合并；同一目标两边都改了的拒绝读入，--force 以表格为准。
    反馈表（.docx）中“单位答复”栏以“采纳”“部分采纳”或“不采纳”开头，其余文字作为说明。

    例：ankao intake 文学院-任务书.xlsx
    """
    run(debug, lambda: intake_command(files, force=force, fmt=fmt))
