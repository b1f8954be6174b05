"""`ankao render`: task books as official-format Word documents (SPEC §5)."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from ankao.cli.app import (
    DebugOption,
    FormatOption,
    OutputFormat,
    app,
    emit,
    progress,
    repository_root,
    run,
)

PathsArgument = Annotated[
    list[str] | None,
    typer.Argument(metavar="路径", help="任务书文件或文件夹（默认：taskbooks/）", show_default=False),
]
OutputOption = Annotated[
    str,
    typer.Option("--output", "-o", help="输出文件夹（不存在时自动创建）", show_default=False),
]


def written_block(written: list[Any]) -> Any:
    """The text-output list of the documents written."""

    def block(out: Any) -> None:
        if not written:
            out.print("没有生成任何文档。", style="bold red")
            return
        out.print(f"已生成 {len(written)} 个文档：", style="bold")
        for w in written:
            out.print(f"  {w.output}  （{w.unit}，来自 {w.file}）")

    return block


def render_command(paths: list[str], output: str, fmt: OutputFormat) -> int:
    """Collect the task books, render them into `output`, report; return the exit status."""
    from ankao.config import checked_config
    from ankao.rendering.run import render_taskbooks
    from ankao.repository import collect

    if not output.strip():
        from ankao.model import AnkaoError

        raise AnkaoError("-o 不能为空：请写出输出文件夹，如 -o out/docx")
    root = repository_root(paths)
    config = checked_config(root)
    sources = collect(paths, root)
    books = sum(1 for s in sources if s.kind == "taskbook")
    with progress(books, "生成文档") as advance:
        result = render_taskbooks(sources, output, config, progress=advance)
    result.report.blocks.append(written_block(result.written))
    emit(result.report, fmt)
    return result.exit_code


@app.command()
def render(
    output: OutputOption,
    paths: PathsArgument = None,
    fmt: FormatOption = OutputFormat.text,
    debug: DebugOption = False,
) -> None:
    """把任务书生成 Word 文档（.docx），版式符合党政机关公文格式，可直接打印签字、在 Word 中批注。

    每本任务书生成一个“<单位>-任期目标任务书.docx”。有读取或格式错误的任务书不生成（退出状态 1）；
    检查规则发现的问题会列出，但不妨碍生成供审核的草稿。样式来自 templates/reference.docx，
    可在仓库的 templates/ 中放入自己修改过的 reference.docx 覆盖。

    例：ankao render taskbooks/ -o out/docx
    """
    run(debug, lambda: render_command(paths or [], output, fmt))
