"""`ankao comments …`: merge, import from Word, answer status and review packets (SPEC §4)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ankao.cli.chinese import ChineseCommand, ChineseGroup
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
    from ankao.reviews.rounds import Merged
    from ankao.reviews.status import RoundStatus

comments_app = typer.Typer(
    name="comments",
    cls=ChineseGroup,
    help="审核意见：汇总各部门意见、导入 Word 批注、查看未答复的意见、生成各部门审核材料。",
    no_args_is_help=True,
)
app.add_typer(comments_app, name="comments")

RoundOption = Annotated[int, typer.Option("--round", "-r", min=1, help="审核轮次（第几轮）")]
ForceOption = Annotated[bool, typer.Option("--force", help="覆盖已存在的文件")]


def _config() -> tuple[Path, Any]:
    from ankao.repository.checking import checked_config

    root = repository_root(None)
    return root, checked_config(root)


def _opinions_block(merged: Merged) -> Any:
    """A rich table of the merged opinions, grouped by section in book order."""

    def block(out: Any) -> None:
        from rich.table import Table

        table = Table(
            title=f"{merged.unit} 第 {merged.round} 轮审核意见汇总（{len(merged.opinions)} 条）",
            title_style="bold",
        )
        for name in ("序号", "针对", "意见", "类别", "意见编号"):
            table.add_column(name, overflow="fold")
        current: object = object()
        for number, op in enumerate(merged.opinions, start=1):
            place = merged.index.place(op.ref)
            if place.section != current and number > 1:
                table.add_section()
            current = place.section
            label = place.label if place.known else f"{op.ref}（任务书中没有）"
            if place.content:  # a target: its id and what it is about, as on the feedback form
                label = f"{label}\n{place.content if len(place.content) <= 16 else place.content[:16] + '…'}"
            table.add_row(str(number), label, op.text, op.kind, "、".join(op.ids))
        out.print(table)

    return block


def merge_command(
    unit: str,
    number: int,
    output: Path | None,
    fmt: OutputFormat,
    force: bool,
    date: str | None = None,
) -> int:
    """Merge a round, print it, and write the 审核意见反馈表 when asked."""
    from ankao.errors import AnkaoError
    from ankao.reviews.rounds import merge_round, opinions_json

    if output is not None and output.suffix.lower() != ".docx":
        raise AnkaoError(f"-o 应为 .docx 文件：{output}")
    day = document_date(date)
    from ankao.repository.scan import scan

    root, config = _config()
    merged = merge_round(scan(root, config=config), unit, number)
    report = merged.report
    report.extra["opinions"] = opinions_json(merged)
    if output is not None:
        if not merged.readable:
            report.extra["written"] = None
            report.blocks.append(
                lambda out: out.print("审核意见文件有读取或格式错误，没有生成反馈表；请先修正")
            )
        else:
            from ankao.render.feedback import write_feedback

            write_feedback(merged, output, config, overwrite=force, date=day)
            report.extra["written"] = str(output)
            report.blocks.append(lambda out: out.print(f"已生成审核意见反馈表：{output}"))
    report.blocks.insert(0, _opinions_block(merged))
    return emit(report, fmt)


@comments_app.command("merge", cls=ChineseCommand)
def merge(
    unit: Annotated[
        str, typer.Argument(metavar="单位", help="单位名称（同任务书的 unit）", show_default=False)
    ],
    number: RoundOption,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="生成审核意见反馈表（.docx）", show_default=False),
    ] = None,
    force: ForceOption = False,
    date: DateOption = None,
    fmt: FormatOption = OutputFormat.text,
    debug: DebugOption = False,
) -> None:
    """汇总一个单位第 N 轮的全部审核意见：按任务书顺序分部分、分目标排列，合并相同意见。

    几个部门对同一目标（或部分）提出的文字相同的意见合并为一条，列出全部部门和意见编号，
    类别取较重的（必须修改优先于建议）。意见所针对的目标编号在任务书中已不存在（改名或删除）时，
    在审核意见文件的对应行报错。-o 生成发给单位的审核意见反馈表（Word，落款日期 --date，默认今天）。

    例：ankao comments merge 文学院 --round 1 -o 文学院第1轮审核意见.docx
    """
    run(debug, lambda: merge_command(unit, number, output, fmt, force, date))


def import_command(
    docx: Path,
    unit: str | None,
    number: int,
    reviewer: str | None,
    date: str | None,
    force: bool,
    fmt: OutputFormat,
) -> int:
    """Import the Word comments into one review file per unit and report what was written."""
    from ankao.render.compare import stale_message
    from ankao.reviews.wordimport import ImportRequest, import_review

    root, config = _config()
    done = import_review(
        root, config, ImportRequest(docx, unit, number, reviewer, date, force), stale=stale_message
    )
    report = done.report
    report.extra["written"] = done.files[0].file
    report.extra["imports"] = [
        {"unit": f.unit, "file": f.file, "comments": len(f.comments)} for f in done.files
    ]
    report.extra["comments"] = [
        {"unit": f.unit, **{k: c[k] for k in ("id", "ref", "kind", "text")}}
        for f in done.files
        for c in f.comments
    ]
    lines = [f"已导入{f.unit}的 {len(f.comments)} 条批注，写入 {f.file}" for f in done.files]
    if len(lines) == 1:
        lines = [f"已导入 {len(done.files[0].comments)} 条批注，写入 {done.files[0].file}"]
    report.blocks.append(lambda out: out.print("\n".join(lines)))
    return emit(report, fmt)


@comments_app.command("import", cls=ChineseCommand)
def import_(
    docx: Annotated[
        Path,
        typer.Argument(
            metavar="文件", help="审核部门加了批注的任务书（.docx）", show_default=False
        ),
    ],
    number: RoundOption,
    unit: Annotated[
        str | None,
        typer.Option(
            "--unit", "-u", help="单位名称；不写则按文档中 ankao 记录的单位", show_default=False
        ),
    ] = None,
    reviewer: Annotated[
        str | None,
        typer.Option("--reviewer", help="审核部门，如 教务处；审核材料可不写", show_default=False),
    ] = None,
    date: Annotated[
        str | None,
        typer.Option(
            "--date", help="审核日期 YYYY-MM-DD（默认取最后一条批注的日期）", show_default=False
        ),
    ] = None,
    force: ForceOption = False,
    fmt: FormatOption = OutputFormat.text,
    debug: DebugOption = False,
) -> None:
    """把审核部门在 Word 中对任务书所加的批注导入为审核意见文件。

    每条批注（批注人、时间、内容、回复）连同它所标注的原文，按所在位置对应到目标
    （目标所在的表格行）、部分（所在的标题之下）或总体意见，编号为“<审核部门>-<序号>”，
    写入 reviews/<单位>/r<N>-<审核部门>.yaml；文件已存在时不覆盖（加 --force 覆盖）。
    批注以“【必须修改】”开头的，类别为必须修改，其余为建议。--date 写成 YYYY-MM-DD，
    如 2024-04-10。

    ankao 生成的文档记有它属于哪个（些）单位：不是该单位的文档不导入；不写 --unit 时按文档
    记录的单位导入，一份审核材料中有几个单位就写几个单位的审核意见文件（审核部门也取自审核材料）。
    文档生成后任务书又改过的，照常导入，并提示此后有变化的目标。

    例：ankao comments import 文学院-教务处.docx --unit 文学院 --round 1 --reviewer 教务处
    """
    run(debug, lambda: import_command(docx, unit, number, reviewer, date, force, fmt))


def _status_block(statuses: list[RoundStatus]) -> Any:
    def block(out: Any) -> None:
        from rich.table import Table

        if not statuses:
            out.print("没有审核意见文件（reviews/<单位>/r<N>-<审核部门>.yaml）")
            return
        table = Table(title="审核意见答复情况", title_style="bold")
        for name in ("单位", "轮次", "意见", "已答复", "未答复"):
            table.add_column(name, overflow="fold")
        for s in statuses:
            table.add_row(
                s.unit,
                f"第 {s.round} 轮",
                str(s.comments),
                str(s.answered),
                "、".join(o["id"] for o in s.open) or "—",
            )
        out.print(table)

    return block


def status_command(unit: str | None, fmt: OutputFormat) -> int:
    """Print the comments still without an answer."""
    from ankao.repository.scan import scan
    from ankao.reviews.status import comment_status

    root, config = _config()
    report, statuses = comment_status(scan(root, config=config), unit)
    report.extra["rounds"] = [s.as_dict() for s in statuses]
    report.blocks.append(_status_block(statuses))
    return emit(report, fmt)


@comments_app.command("status", cls=ChineseCommand)
def status(
    unit: Annotated[
        str | None,
        typer.Argument(metavar="单位", help="单位名称（默认：所有单位）", show_default=False),
    ] = None,
    fmt: FormatOption = OutputFormat.text,
    debug: DebugOption = False,
) -> None:
    """列出还没有答复的审核意见（按单位、轮次）。

    单位答复文件 reviews/<单位>/r<N>-response.yaml 中没有提到的意见编号即为未答复。

    例：ankao comments status 文学院
    """
    run(debug, lambda: status_command(unit, fmt))


def packets_command(
    number: int, output: Path, departments: list[str], fmt: OutputFormat, force: bool
) -> int:
    """Write one review packet per department and report them."""
    from ankao.render.packets import write_packets

    root, config = _config()
    done = write_packets(root, config, number, output, departments=departments, overwrite=force)
    report = done.report
    report.extra["packets"] = [
        {
            "department": p.department,
            "file": str(p.path),
            "units": list(p.units),
            "sections": list(p.sections),
        }
        for p in done.packets
    ]
    report.blocks.append(
        lambda out: out.print(
            "\n".join(f"{p.department}：{p.path}（{len(p.units)} 个单位）" for p in done.packets)
            or "没有生成任何审核材料"
        )
    )
    return emit(report, fmt)


@comments_app.command("packets", cls=ChineseCommand)
def packets(
    number: RoundOption,
    output: Annotated[Path, typer.Option("--output", "-o", help="输出文件夹", show_default=False)],
    department: Annotated[
        list[str] | None, typer.Option("--department", "-d", help="只生成这个部门的（可写多次）")
    ] = None,
    force: ForceOption = False,
    fmt: FormatOption = OutputFormat.text,
    debug: DebugOption = False,
) -> None:
    """为每个审核部门生成一份 Word 审核材料：各单位任务书中由该部门审核的部分，便于直接加批注。

    部门与部分的对应关系见 ankao.yaml 的 reviewers。批注后的材料可以用
    ankao comments import 按单位逐一导入。

    例：ankao comments packets --round 1 -o out/审核材料
    """
    run(debug, lambda: packets_command(number, output, department or [], fmt, force))


def respond_command(unit: str, number: int, fmt: OutputFormat) -> int:
    """Write the unit's answer sheet for a round and report it."""
    from ankao.repository.scan import scan
    from ankao.reviews.respond import write_response
    from ankao.reviews.rounds import opinions_json

    root, config = _config()
    result = write_response(scan(root, config=config), unit, number, config=config)
    report, written = result.report, result.written
    opinions = result.merged.opinions
    report.extra["opinions"] = opinions_json(result.merged)
    report.extra["written"] = written
    if written is not None:
        report.extra["answers"] = [{"to": list(op.ids), "ref": op.ref} for op in opinions]
    count = len(opinions) if written is not None else 0
    report.blocks.append(
        lambda out: out.print(
            f"已生成答复表 {written}（{count} 条意见）：请单位在每条的 answer: 后填写答复"
            if written
            else "审核意见文件有读取或格式错误，没有生成答复表；请先修正"
        )
    )
    return emit(report, fmt)


@comments_app.command("respond", cls=ChineseCommand)
def respond(
    unit: Annotated[
        str,
        typer.Argument(
            metavar="单位", help="单位名称（与任务书中的 unit 一致）", show_default=False
        ),
    ],
    number: RoundOption,
    fmt: FormatOption = OutputFormat.text,
    debug: DebugOption = False,
) -> None:
    """为单位生成第 N 轮审核意见的答复表 reviews/<单位>/r<N>-response.yaml。

    每条意见（几个部门的相同意见合为一条，与 comments merge 相同）生成一项：上方以注释列出意见原文，to: 已写好意见编号，单位只需在 answer: 后填写 采纳、部分采纳 或 不采纳，在 note: 后说明。answer: 空着的意见仍算未答复。答复文件已存在时不覆盖。

    例：ankao comments respond 文学院 --round 1
    """
    run(debug, lambda: respond_command(unit, number, fmt))
