"""`ankao approve`, `ankao status`, `ankao summary`: the procedure (四) at a glance (SPEC §7)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

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
    repository_root,
    run,
)

if TYPE_CHECKING:
    from ankao.findings import Report

KindOption = Annotated[
    str | None,
    typer.Option(
        "--kind",
        "-k",
        help="只列出这一类单位：teaching（教学单位）或 office（机关、教学辅助机构）",
        show_default=False,
    ),
]


def _root() -> tuple[Path, Any]:
    from ankao.load.config import load_config

    root = repository_root(None)
    return root, load_config(root)[0]


def approve_command(request: Any, fmt: OutputFormat) -> int:
    """Record a stage and report it (or the refusal)."""
    from ankao.errors import AnkaoError
    from ankao.procedure.approvals import approve

    if request.force and not (request.note or "").strip():
        raise AnkaoError("--force 必须同时用 --note 写明先行通过的理由（会记在该环节的备注中）")
    root, config = _root()
    result = approve(root, request, config=config)
    if result.written:
        event = {"unit": request.unit, "file": result.shown, **result.event, "label": result.label}
        result.report.extra["event"] = event
        verb = "新建" if result.created else "追加到"
        result.report.blocks.append(
            lambda out: out.print(
                f"已记录：{request.unit} {event['label']}（{event['stage']}，{event['date']}），"
                f"{verb} {result.shown}；任务书指纹 {event['fingerprint'][:19]}…"
            )
        )
    else:
        untouched = (
            f"{result.shown} 未作任何改动"
            if result.path.exists()
            else f"没有创建 {result.shown}，该单位还没有任何环节记录"
        )
        result.report.blocks.append(lambda out: out.print(f"没有记录这一环节（{untouched}）"))
    return emit(result.report, fmt)


@app.command("approve", cls=ChineseCommand)
def approve(
    unit: Annotated[
        str,
        typer.Argument(
            metavar="单位", help="单位名称（与任务书中的 unit 一致）", show_default=False
        ),
    ],
    stage: Annotated[
        str,
        typer.Argument(
            metavar="环节",
            help="环节：英文名（如 submitted）或中文名（如 报领导小组办公室、第2轮审核）",
            show_default=False,
        ),
    ],
    date: Annotated[str, typer.Option("--date", "-d", help="日期 YYYY-MM-DD", show_default=False)],
    by: Annotated[
        str | None, typer.Option("--by", help="经办人或签字人", show_default=False)
    ] = None,
    note: Annotated[
        str | None, typer.Option("--note", help="备注（如会议名称）", show_default=False)
    ] = None,
    number: Annotated[
        int | None,
        typer.Option(
            "--round",
            "-r",
            min=1,
            help="审核轮次（只用于 reviewed/revised；不写则取下一轮）",
            show_default=False,
        ),
    ] = None,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="仍有未落实的“必须修改”意见时，办公室决定先行通过（须用 --note 写明理由；事件中记下 forced: true）",
        ),
    ] = False,
    fmt: FormatOption = OutputFormat.text,
    debug: DebugOption = False,
) -> None:
    """在 approvals/<单位>.yaml 中记录任期目标确定程序（实施意见四）的一个环节，并记下任务书的指纹。

    环节依次为：consulted 征求意见、team_meeting 班子会议研究（这两个可省略）、unit_signed 党政主要负责人共同签字、supervisor_signed 主管校领导审核同意、submitted 报领导小组办公室、reviewed 第 N 轮审核、revised 第 N 轮修改（审核与修改可以反复多轮）、office_approved 办公室审核、leader_approved 领导小组组长审核、committee_approved 党委会审议通过、signed 签署任期目标任务书。英文名、中文名都可以用。

    顺序不对（会说明下一个环节应是什么）、日期早于上一环节或晚于今天、或任务书没有通过 ankao check 时不记录（退出状态 1）。还有“必须修改”的审核意见未答复、或答复采纳但没有相应修改时，不记录办公室审核及以后的环节；办公室确需先行通过的，加 --force 并用 --note 写明理由。记录党政负责人签字时，之前没有班子会议研究、征求意见的记录会给出警告。文件中原有的内容和注释原样保留；第一次记录时新建该文件。

    例：ankao approve 文学院 submitted --date 2025-03-29 --by 王某
    """
    from ankao.procedure.approvals import Request

    run(
        debug,
        lambda: approve_command(Request(unit, stage, date, by, note, number, force=force), fmt),
    )


PROCEDURE_CODES = {"changed-after-approval", "stage-order", "stage-round", "stage-date"}


def _procedure_view(report: Report) -> Report:
    """Text output: every error and the procedure's warnings; the books' other warnings are counted."""
    from ankao.findings import Report

    return Report(
        files=report.files,
        findings=[
            f
            for f in report.findings
            if f.is_error or f.code in PROCEDURE_CODES or f.file.startswith("approvals/")
        ],
    )


def _others_note(report: Report, shown: Report) -> list[Any]:
    errors, warnings = report.errors - shown.errors, report.warnings - shown.warnings
    if not errors and not warnings:
        return []
    from rich.text import Text

    parts = [f"{errors} 个错误"] if errors else []
    parts += [f"{warnings} 个警告"] if warnings else []
    note = Text(f"任务书等文件另有 {'、'.join(parts)}，用 ankao check 查看", style="dim")
    return [lambda out: out.print(note)]


def status_command(stage: str | None, kind: str | None, fmt: OutputFormat) -> int:
    """Print every unit's row; the findings of the pass are in the report."""
    from ankao.errors import AnkaoError
    from ankao.procedure.status import procedure_status, stage_filter
    from ankao.repository.scan import scan

    aliases = {
        "教学": "teaching",
        "教学单位": "teaching",
        "机关": "office",
        "教学辅助机构": "office",
    }
    kind = aliases.get(kind or "", kind)
    if kind is not None and kind not in ("teaching", "office"):
        raise AnkaoError(
            f"--kind 只能是 teaching（教学单位）或 office（机关、教学辅助机构），不是“{kind}”"
        )
    key = stage_filter(stage) if stage is not None else None
    root, config = _root()
    status = procedure_status(scan(root, config=config, rules=True), stage=key, kind=kind)
    report = status.report
    from ankao.procedure.counts import counts_of

    report.extra["units"] = [r.as_dict() for r in status.units]
    report.extra["counts"] = counts_of(status.units).as_dict()
    if fmt is not OutputFormat.text:
        return emit(report, fmt)
    shown = _procedure_view(report)
    from ankao.reporters.status import status_block

    shown.blocks.append(status_block(status.units))
    shown.blocks.extend(_others_note(report, shown))
    emit(shown, fmt)
    return report.exit_code


@app.command("status", cls=ChineseCommand)
def status(
    stage: Annotated[
        str | None,
        typer.Option(
            "--stage",
            "-s",
            help="只列出处于这一环节的单位（英文名或中文名，也可以是 未提交、起草中）",
            show_default=False,
        ),
    ] = None,
    kind: KindOption = None,
    fmt: FormatOption = OutputFormat.text,
    debug: DebugOption = False,
) -> None:
    """列出每个单位任期目标确定工作的进度：所处环节及日期、审核轮次、未答复的意见、检查结果、定量目标占比。

    任务书在最近一次记录环节（ankao approve）之后又被改动的，给出 changed-after-approval 警告；ankao.yaml 的 units 中列出但还没有任务书的单位显示为“未提交”。

    例：ankao status --stage reviewed --kind teaching
    """
    run(debug, lambda: status_command(stage, kind, fmt))


def summary_command(
    output: Path | None, force: bool, fmt: OutputFormat, date: str | None = None
) -> int:
    """Write the roll-up as .xlsx or .docx and report it; without a file, print its table."""
    from ankao.errors import AnkaoError
    from ankao.procedure.summary import rollup
    from ankao.repository.scan import scan

    if output is None:
        root, config = _root()
        data = rollup(scan(root, config=config, rules=True))
        report = data.report
        report.extra["units"] = [r.as_dict() for r in data.units]
        if fmt is not OutputFormat.text:
            return emit(report, fmt)
        shown = _procedure_view(report)
        from ankao.reporters.summary import summary_block

        shown.blocks.append(summary_block(data))
        shown.blocks.extend(_others_note(report, shown))
        emit(shown, fmt)
        return report.exit_code
    suffix = output.suffix.lower()
    if suffix not in (".xlsx", ".docx"):
        raise AnkaoError(f"-o 应为 .xlsx（Excel 汇总表）或 .docx（Word 汇总）文件：{output}")
    from ankao.load.files import check_output

    check_output(output, force=force)
    day = document_date(date)
    root, config = _root()
    data = rollup(scan(root, config=config, rules=True), today=day)
    if suffix == ".xlsx":
        from ankao.render.summary import write_xlsx
        from ankao.render.xlsx import cut_warning

        written = write_xlsx(data, output, force=force, config=config)
        data.report.extend(cut_warning(written, str(output)))
    else:
        from ankao.render.summary import write_docx

        write_docx(data, output, config, force=force)
    report = data.report
    report.extra["written"] = str(output)
    report.extra["units"] = [r.as_dict() for r in data.units]
    report.blocks.append(
        lambda out: out.print(
            f"已生成汇总：{output}（{len(data.books)} 个单位的 {len(data.targets)} 个目标）"
        )
    )
    return emit(report, fmt)


@app.command("summary", cls=ChineseCommand)
def summary(
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="输出文件：.xlsx（Excel 汇总表）或 .docx（Word 汇总）；不写则在终端列出各单位汇总",
            show_default=False,
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="输出文件已存在时覆盖它")] = False,
    date: DateOption = None,
    fmt: FormatOption = OutputFormat.text,
    debug: DebugOption = False,
) -> None:
    """汇总全部单位的任期目标（实施意见四(三)2），供领导小组办公室和领导小组审核使用。

    .xlsx：第一张表每个目标一行（单位、类别、部分、方面、编号、目标内容、指标、计量单位、基数、目标值、各年度进度、验收标准、责任人），表头冻结、可筛选；第二张表是各单位的目标数、定量占比、所处环节（按进度着色）和距上一环节的天数。.docx：同样的汇总，按任务书的公文格式排版，供领导小组会议使用。已有同名文件时不覆盖（加 --force）。--date 为汇总的日期（截至日期和逾期都按它算，默认今天）。

    不写 -o：在终端列出各单位的目标数、定量占比和所处环节。

    例：ankao summary -o 任期目标汇总表.xlsx
    """
    run(debug, lambda: summary_command(output, force, fmt, date))
