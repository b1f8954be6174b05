"""`ankao render`: task books as official-format Word documents (SPEC §5)."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from ankao.cli.chinese import ChineseCommand
from ankao.cli.shared import (
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
    typer.Argument(
        metavar="路径", help="任务书文件或文件夹（默认：taskbooks/）", show_default=False
    ),
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


ForceOption = Annotated[
    bool,
    typer.Option(
        "--force", help="覆盖含有批注或生成后被修改过的同名文档（其中的批注和修改会丢失）"
    ),
]


def render_command(paths: list[str], output: str, fmt: OutputFormat, force: bool) -> int:
    """One repository pass, render its task books into `output`, report; return the exit status."""
    from ankao.render.run import render_repository
    from ankao.repository.checking import checked_config
    from ankao.repository.scan import scan

    if not output.strip():
        from ankao.errors import AnkaoError

        raise AnkaoError("-o 不能为空：请写出输出文件夹，如 -o out/docx")
    root = repository_root(paths)
    checked_config(root)  # a broken ankao.yaml stops the run, naming its line
    repo = scan(root, paths=paths, rules=True)
    books = sum(1 for r in repo.results if r.book is not None)
    with progress(books, "生成文档") as advance:
        result = render_repository(repo, output, force=force, progress=advance)
    result.report.extra["written"] = [w.as_dict() for w in result.written]
    result.report.blocks.append(written_block(result.written))
    emit(result.report, fmt)
    return result.exit_code


@app.command(cls=ChineseCommand)
def render(
    output: OutputOption,
    paths: PathsArgument = None,
    force: ForceOption = False,
    fmt: FormatOption = OutputFormat.text,
    debug: DebugOption = False,
) -> None:
    """把任务书生成 Word 文档（.docx），版式符合党政机关公文格式，可直接打印签字、在 Word 中批注。

    每本任务书生成一个“<单位>-任期目标任务书.docx”。有读取或格式错误的任务书不生成，同一单位有两本
    任务书时两本都不生成（退出状态 1）；检查规则发现的问题会列出，但不妨碍生成供审核的草稿。
    输出文件夹中已有的同名文档含有批注或在生成后被修改过时不覆盖（退出状态 1），加 --force 才覆盖。
    样式来自 templates/reference.docx，可在仓库的 templates/ 中放入自己修改过的 reference.docx 覆盖。

    例：ankao render taskbooks/ -o out/docx
    """
    run(debug, lambda: render_command(paths or [], output, fmt, force))
