"""`ankao init` and `ankao new`: a new repository, a new task book."""

from __future__ import annotations

import enum
from pathlib import Path
from typing import Annotated, Any

import typer

from ankao.cli.chinese import ChineseCommand
from ankao.cli.shared import DebugOption, app, fail, repository_root, run


class Kind(enum.StrEnum):
    office = "office"
    teaching = "teaching"


def _show(created: object, root: Path) -> None:
    from ankao.scaffold import Created

    assert isinstance(created, Created)

    def name(p: Path) -> str:
        try:
            return p.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            return str(p)

    for path in created.written:
        if ".ankao" not in path.parts:
            typer.echo(f"已创建  {name(path)}")
    if any(".ankao" in p.parts for p in created.written):
        typer.echo("已更新  .ankao/schemas/（供编辑器补全和检查用的 JSON Schema）")
    for path in created.kept:
        if path.name != ".gitkeep":
            typer.echo(f"已存在  {name(path)}（未改动）")


@app.command(cls=ChineseCommand)
def init(
    directory: Annotated[
        Path,
        typer.Argument(
            metavar="文件夹", help="新仓库的文件夹（默认：当前文件夹）", show_default=False
        ),
    ] = Path("."),
    school: Annotated[str | None, typer.Option("--school", help="学校名称")] = None,
    previous: Annotated[
        Path | None,
        typer.Option(
            "--from",
            metavar="上一任期仓库",
            help="上一任期的任务书仓库：复制它的 ankao.yaml（学校、单位、审核分工、检查规则），"
            "并记下 previous_term；不复制任务书、审核意见、程序记录和考核结果",
            show_default=False,
        ),
    ] = None,
    force: Annotated[
        bool,
        typer.Option("--force", help="仓库已存在时，用 --school 改写 ankao.yaml 中的学校名称"),
    ] = False,
    debug: DebugOption = False,
) -> None:
    """创建任务书仓库：ankao.yaml（写明全部默认设置及中文说明）、各文件夹和 pre-commit 配置。

    已存在的文件不会被改动（仓库已存在时加 --school 与 --force，只改写 ankao.yaml 中的学校名称）。文件夹还不在 git 仓库中时，运行 git init（需要已安装 git），并设置 core.quotepath false，让 git status 显示中文文件名：
    修订历史靠 git 记录，pre-commit 也只在 git 仓库中工作。.gitignore 让生成的文档（out/ 等）不进入 git。

    新任期开始时加 --from 上一任期的仓库：ankao.yaml 从上一任期复制，并写上
    previous_term（上一任期仓库相对于新仓库的路径）；此后 ankao new 按上一任期预填任务书，
    ankao check 把基数和目标值与上一任期的实际完成值比较。

    例：ankao init 任期目标2024 --school 鞍山师范学院
    例：ankao init 任期目标2029 --from 任期目标2025
    """

    def body() -> int:
        from ankao.scaffold import init_git, init_repository

        created = init_repository(directory, school=school, previous=previous, force=force)
        _show(created, directory)
        if previous is not None:
            _say_linked(previous, created.dropped)
        for note in created.notes:
            typer.echo(note)
        _say_git(*init_git(directory), directory)
        typer.echo(
            "下一步：ankao new 文学院（按上一任期预填）"
            if previous is not None
            else "下一步：ankao new 文学院 --kind teaching"
        )
        return 0

    run(debug, body)


_NOT_COPIED = {
    "term": "term（上一任期的任期）",
    "deadlines": "deadlines（上一任期各环节的期限）",
    "previous_term": "previous_term（再上一任期）",
    "templates": "templates（模板文件夹留在上一任期的仓库中，需要时复制过来再写上）",
}


def _say_linked(previous: Path, dropped: list[str]) -> None:
    """`init --from`: the link written, and what of the last term's ankao.yaml was not copied."""
    typer.echo(f"已关联  上一任期的仓库 {previous}（ankao.yaml 的 previous_term）")
    if dropped:
        typer.echo("没有复制：" + "；".join(_NOT_COPIED.get(k, k) for k in dropped))


def _say_git(outcome: str, detail: str, directory: Path) -> None:
    """What `git init` did in the new repository, or what the clerk should do."""
    if outcome == "created":
        typer.echo(f"已运行  git init（{directory} 还不是 git 仓库；pre-commit 需要 git 仓库）")
    elif outcome == "no-git":
        typer.echo(
            f"没有找到 git：请安装 git 后在 {directory} 中运行 git init（pre-commit 需要 git 仓库）"
        )
    elif outcome == "failed":
        typer.echo(f"git init 没有成功（{detail}）；请在 {directory} 中手动运行 git init")


def _quote(text: str) -> str:
    """`text` as one argument of a shell command (quoted when it has spaces or shell characters)."""
    import re
    import shlex

    # shlex quotes every non-ASCII character; a Chinese name alone needs no quotes
    return shlex.quote(text) if re.search(r"[\s'\"\\$`!*?&;|<>()\[\]{}#~]", text) else text


def _parse_term(text: str | None) -> tuple[int, int] | None:
    if text is None:
        return None
    import re

    m = re.fullmatch(r"\s*(\d{4})\s*[-—–~～至到]+\s*(\d{4})\s*", text)
    if not m:
        fail(f"任期应写成“起始年-结束年”，例如 2024-2027，实际是“{text}”")
    return int(m.group(1)), int(m.group(2))


@app.command(cls=ChineseCommand)
def new(
    unit: Annotated[
        str, typer.Argument(metavar="单位", help="单位名称，如 文学院", show_default=False)
    ],
    kind: Annotated[
        Kind | None,
        typer.Option(
            "--kind",
            "-k",
            help="teaching 教学单位；office 机关、教辅机构（按上一任期预填时可不写）",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="任务书文件（默认：taskbooks/<单位>.yaml）"),
    ] = None,
    term: Annotated[
        str | None, typer.Option("--term", help="任期，如 2024-2027（默认：ankao.yaml 的 term）")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="用模板覆盖已存在的文件")] = False,
    blank: Annotated[
        bool, typer.Option("--blank", help="不按上一任期预填，生成空白模板（需写 --kind）")
    ] = False,
    debug: DebugOption = False,
) -> None:
    """新建一本任务书的模板：包含全部部分，每个键都有中文注释，编辑器可据此补全和检查。

    模板本身可以通过 ankao validate；已存在的文件不会被覆盖（加 --force 才用模板覆盖它）。

    ankao.yaml 写了 previous_term（上一任期的仓库，ankao init --from 写入）时，按本单位
    上一任期的任务书预填：类别、班子成员、下一个任期（年限相同），每个目标记下上一任期编号
    （previous），基数取上一任期最近一年的实际完成值（没有的取目标值），目标值和年度进度留给
    单位填写。--blank 生成空白模板。

    例：ankao new 文学院 --kind teaching
    """

    run(
        debug,
        lambda: _new(unit, kind.value if kind is not None else None, output, term, force, blank),
    )


def _new(
    unit: str, kind: str | None, output: Path | None, term: str | None, force: bool, blank: bool
) -> int:
    """`ankao new`: the book written, where it came from, the next command."""
    from ankao.load.config import load_config
    from ankao.scaffold import new_taskbook

    root = repository_root(None)
    config, _ = load_config(root)
    last, source, skipped = (None, "", "") if blank else _last_book(config, unit)
    _check_kind(last, kind, blank, config)
    created = new_taskbook(
        root,
        unit,
        last.kind if last is not None else kind or "",
        config=config,
        output=output,
        term=_parse_term(term),
        force=force,
        last=last,
        source=source,
    )
    _show(created, root)
    _say_prefilled(created.source, config, unit, blank, skipped)
    _say_next(created.written[0], unit)
    return 0


def _check_kind(last: Any, kind: str | None, blank: bool, config: Any) -> None:
    """The kind of the new book: the last term's, or `--kind`; never both disagreeing."""
    if last is not None and kind is not None and kind != last.kind:
        fail(
            f"上一任期“{last.unit}”的任务书类别是 {last.kind}，与 --kind {kind} 不同；"
            "要按新的类别从空白模板开始，请加 --blank"
        )
    if last is None and kind is None:
        # as Typer says it of a required option, and why it is required here
        fail(
            "缺少选项 --kind（可选：office、teaching）"
            + (
                "（用 ankao new --help 查看用法）"
                if blank or config.previous_term is None
                else "：上一任期没有这个单位的任务书，无法预填"
            )
        )


def _say_prefilled(source: str | None, config: Any, unit: str, blank: bool, skipped: str) -> None:
    """Where the new book came from: the last term's book, or a blank scaffold and why."""
    if source:
        typer.echo(
            f"已预填  按上一任期的任务书 {source}；基数取上一任期的实际完成值，目标值请单位填写"
        )
    elif config.previous_term is not None and not blank:
        typer.echo(
            f"上一任期（{config.previous_term}）没有“{unit.strip()}”的任务书，生成的是空白模板"
            + (f"（上一任期有错误、没有读取的任务书：{skipped}）" if skipped else "")
        )


def _say_next(path: Path, unit: str) -> None:
    """The next command, quoted as the shell needs; a warning for a name with a space."""
    try:
        shown = path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        shown = str(path)
    if any(c.isspace() for c in unit):
        typer.echo(
            f"注意：单位名称“{unit}”中有空格：在命令行中写它要加引号（如 ankao approve {_quote(unit)} …），"
            "并请核对名称本身是否应有空格（与 ankao.yaml、考核结果中的写法要一致）"
        )
    typer.echo(f"下一步：编辑 {shown}，然后运行 ankao check {_quote(shown)}")


def _last_book(config: Any, unit: str) -> tuple[Any, str, str]:
    """The unit's book of the last term, how to name it, and the last term's books left out
    for their errors; (None, "", …) without a link or a book."""
    from ankao.errors import AnkaoError
    from ankao.repository.previous import load_previous

    previous = load_previous(config)
    if previous is None:
        return None, "", ""
    if previous.problem is not None:
        raise AnkaoError(
            f"上一任期的仓库 {previous.written}（ankao.yaml 的 previous_term）无法使用："
            f"{previous.problem}；请改正 previous_term，或加 --blank --kind 生成空白模板"
        )
    last = previous.book(unit.strip())
    skipped = "、".join(previous.skipped)
    return (last, last.file, skipped) if last is not None else (None, "", skipped)
