"""`ankao validate` and `ankao check`: findings about the files of a repository."""

from __future__ import annotations

from typing import Annotated

import typer

from ankao.cli.chinese import ChineseCommand
from ankao.cli.shared import (
    DebugOption,
    FormatOption,
    OutputFormat,
    app,
    emit,
    progress_for,
    repository_root,
    run,
)

PathsArgument = Annotated[
    list[str] | None,
    typer.Argument(
        metavar="路径", help="要检查的文件或文件夹（默认：整个仓库）", show_default=False
    ),
]


def diagnose(paths: list[str], fmt: OutputFormat, *, rules: bool) -> int:
    """One repository pass (with the rules for `check`), then report; return the exit status."""
    from ankao.repository.scan import scan

    root = repository_root(paths)
    with progress_for("检查中" if rules else "校验中") as advance:
        # the rules run where each book is read; the checks across files need only outlines
        repo = scan(root, paths=paths, rules=rules, models=False, progress=advance)
    rep = repo.report()
    if rules:
        from ankao.cli.stats import attach_stats

        attach_stats(rep, repo.results)
    return emit(rep, fmt)


@app.command(cls=ChineseCommand)
def validate(
    paths: PathsArgument = None,
    fmt: FormatOption = OutputFormat.text,
    debug: DebugOption = False,
) -> None:
    """校验文件能否读取、格式是否符合规范（YAML 语法 + JSON Schema）。

    检查任务书、审核意见、单位答复、程序记录、考核结果和 ankao.yaml；每个问题都给出
    “文件:行:列”和中文说明。有错误时退出状态为 1。不写路径时检查整个仓库（从当前文件夹向上
    找到 ankao.yaml 所在的文件夹）。--format json 输出供程序读取的结果，--format github 输出
    GitHub Actions 注释（标注到代码行）。

    例：ankao validate taskbooks/文学院.yaml
    """
    run(debug, lambda: diagnose(paths or [], fmt, rules=False))


@app.command(cls=ChineseCommand)
def check(
    paths: PathsArgument = None,
    fmt: FormatOption = OutputFormat.text,
    debug: DebugOption = False,
) -> None:
    """校验并按学校规定检查任务书（定量为主、量化指标完整、覆盖各方面、博士引进与培养等）。

    先做 validate 的全部校验，再对每本任务书应用检查规则（规则可在 ankao.yaml 中调整），
    并给出每本任务书各部分的目标数和定量目标占比。不写路径时检查整个仓库。ankao rules 列出
    全部规则，ankao rules 代码 显示一条规则的说明。

    例：ankao check taskbooks/
    """
    run(debug, lambda: diagnose(paths or [], fmt, rules=True))
