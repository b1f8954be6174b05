"""`ankao diff` (what a unit changed between two versions of its book) and `ankao textconv` (git's view)."""

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
    from ankao.diff.revisions import Comparison

_CLASS_STYLE = {"strengthened": "green", "weakened": "bold red", "neutral": "dim"}
_STATUS = {
    "acted-on": ("已落实", "green"),
    "not-acted-on": ("未见修改", "bold red"),
    "not-accepted": ("不采纳", "yellow"),
    "unanswered": ("未答复", "yellow"),
    "unclear": ("无法核实（原文已不在该目标中）", "yellow"),
}


def _changes_block(c: Comparison) -> Any:
    """The header line, the table of changes and the figures, for text output."""

    def block(out: Any) -> None:
        from rich.table import Table
        from rich.text import Text

        from ankao.diff import CLASS_LABELS, field_title, share_text

        out.print(
            f"{c.unit} 任务书修改对照：修改前 {c.before.label} → 修改后 {c.after.label}",
            style="bold",
        )
        if c.before.basis == "approved":
            out.print("（修改前取最近一次审批记录所记指纹对应的提交）", style="dim")
        elif c.before.basis == "last-commit":
            out.print("（审批记录中没有可对应的指纹，修改前取最后一次提交）", style="dim")
        if c.before.note:
            out.print(f"（{c.before.note}）", style="yellow")
        diff = c.diff
        if diff is None:
            return
        if not diff.changes:
            out.print("两个版本的内容相同，没有改动（注释、格式、键和列表的顺序不计为改动）")
            return
        table = Table(show_lines=False)
        for name in ("目标", "项目", "修改前", "修改后", "判断"):
            table.add_column(name, overflow="fold")
        current = None
        for change in diff.changes:
            if current is not None and change.section != current:
                table.add_section()
            current = change.section
            label = Text(CLASS_LABELS[change.cls], style=_CLASS_STYLE[change.cls])
            table.add_row(
                change.id or field_title(change.section),
                field_title(change.field),
                change.before or "—",
                change.after or "—",
                label,
            )
        out.print(table)
        s = diff.summary()
        out.print(
            f"目标：新增 {s['added']} 个，删去 {s['removed']} 个，修改 {s['changed']} 个"
            + (f"，重新编号 {s['renumbered']} 个" if s["renumbered"] else "")
            + "；"
            f"改动 {s['changes']} 处：加强 {s['strengthened']}，减弱 {s['weakened']}，中性 {s['neutral']}"
        )
        out.print(
            f"定量目标占比：{share_text(s['quantitative_share_before'])}（{s['quantitative_before']}/"
            f"{s['targets_before']}）→ {share_text(s['quantitative_share_after'])}"
            f"（{s['quantitative_after']}/{s['targets_after']}）"
        )

    return block


def _round_block(c: Comparison) -> Any:
    """The table of the round's comments and whether each was acted on."""

    def block(out: Any) -> None:
        from rich.table import Table
        from rich.text import Text

        from ankao.diff.revisions import ref_label

        kind = c.diff.after.kind if c.diff is not None else "teaching"
        table = Table(title=f"第 {c.round} 轮审核意见落实情况", title_style="bold")
        for name in ("意见编号", "针对", "答复", "落实情况"):
            table.add_column(name, overflow="fold")
        for s in c.comments:
            word, style = _STATUS[s.status]
            table.add_row(
                s.id,
                ref_label(s.ref, kind=kind, plain=True),
                s.answer or "—",
                Text(word, style=style),
            )
        out.print(table)
        if c.unrequested:
            out.print(f"没有意见要求而修改的：{'、'.join(c.unrequested)}", style="yellow")
        else:
            out.print("没有意见要求之外的修改")

    return block


def comparison_json(comparison: Comparison) -> dict[str, Any]:
    """`ankao diff`'s own JSON keys: the two versions, the changes, and the round joined."""
    diff = comparison.diff
    out: dict[str, Any] = {
        "before": comparison.before.as_dict(),
        "after": comparison.after.as_dict(),
        "changes": [c.as_dict() for c in diff.changes] if diff is not None else [],
    }
    if diff is not None and comparison.round is not None:
        out["round"] = comparison.round
        out["comments"] = [c.as_dict() for c in comparison.comments]
        out["unrequested"] = comparison.unrequested
    return out


def diff_command(
    unit: str,
    revisions: list[str],
    number: int | None,
    output: Path | None,
    force: bool,
    fmt: OutputFormat,
    date: str | None = None,
) -> int:
    """Compare two versions of a unit's book, print the changes, write the 修改对照表 when asked."""
    from ankao.diff.revisions import compare
    from ankao.errors import AnkaoError
    from ankao.load.config import load_config

    if output is not None:
        if output.suffix.lower() != ".docx":
            raise AnkaoError(f"-o 应为 .docx 文件：{output}")
        from ankao.load.files import check_output

        check_output(output, force=force, hint="；确需重新生成请加 --force")
    day = document_date(date)
    root = repository_root(None)
    config, _ = load_config(root)
    comparison = compare(root, unit, revisions, config=config, round_number=number)
    report = comparison.report
    report.extra.update(comparison_json(comparison))
    if comparison.broken is not None:
        broken = comparison.broken
        report.blocks.append(lambda out: out.print(broken))
    report.blocks.append(_changes_block(comparison))
    if number is not None and comparison.diff is not None:
        report.blocks.append(_round_block(comparison))
    if output is not None and comparison.diff is not None:
        from ankao.render.diff_docx import write_diff

        write_diff(comparison, output, config, overwrite=force, date=day)
        report.extra["written"] = str(output)
        report.blocks.append(lambda out: out.print(f"已生成修改对照表：{output}"))
    return emit(report, fmt)


@app.command(cls=ChineseCommand)
def diff(
    unit: Annotated[
        str,
        typer.Argument(
            metavar="单位", help="单位名称（与任务书中的 unit 一致）", show_default=False
        ),
    ],
    revisions: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="版本",
            help="修改前、修改后：git 版本（如 HEAD~1）或文件",
            show_default=False,
        ),
    ] = None,
    number: Annotated[
        int | None,
        typer.Option(
            "--round",
            "-r",
            min=1,
            help="对照第 N 轮审核意见和答复",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="生成修改对照表（.docx）", show_default=False),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="目标文件已存在时覆盖它")] = False,
    date: DateOption = None,
    fmt: FormatOption = OutputFormat.text,
    debug: DebugOption = False,
) -> None:
    """逐个目标比较任务书的两个版本，每处改动判断为加强、减弱或中性。

    目标按编号（id）对应，列出新增、删去的目标和修改前后的值。
    提高类指标调低目标值、推迟年度进度，定量改为定性，删去目标：都是减弱。
    注释、格式、键和列表的顺序都不算改动。最后给出定量目标占比的变化。
    不写版本：修改前取最近一次审批时（或最后一次）的提交，修改后取工作区。
    加 --round 1：答复采纳而未见修改的意见给出警告，并列出没有意见要求的修改。
    加 -o：生成修改对照表（Word）。

    例：ankao diff 文学院 HEAD~1 --round 1 -o 文学院修改对照表.docx
    """
    run(debug, lambda: diff_command(unit, revisions or [], number, output, force, fmt, date))


def textconv_command(path: Path) -> int:
    """Print the canonical text of a task book; its raw text when it does not load."""
    import sys

    from ankao.diff.textconv import textconv

    sys.stdout.buffer.write(textconv(path))
    sys.stdout.flush()
    return 0


@app.command(cls=ChineseCommand)
def textconv(
    path: Annotated[
        Path,
        typer.Argument(
            metavar="文件", help="任务书文件（git 调用时给出的临时文件）", show_default=False
        ),
    ],
    debug: DebugOption = False,
) -> None:
    """供 git diff 使用：把任务书按目标输出为稳定、规范的文本，只显示实际内容的改动。

    先在仓库中执行：git config diff.ankao.textconv "ankao textconv"
    之后 git diff、git log -p 按 .gitattributes（ankao init 写入）逐个目标显示任务书。
    注释、格式、键和列表的顺序不再产生改动；读不了的文件原样输出，不会让 git 出错。

    例：ankao textconv taskbooks/文学院.yaml
    """
    run(debug, lambda: textconv_command(path))
