"""The Typer application and what every command shares: options, errors, output.

A command parses its options, calls one core function, picks a reporter and
exits with the report's status (SPEC §3). Failures of the tool become one
Chinese line and exit 2; `--debug` shows the traceback instead.
"""

from __future__ import annotations

import datetime
import enum
import sys
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from ankao import __version__
from ankao.cli.chinese import ChineseGroup
from ankao.errors import AnkaoError

if TYPE_CHECKING:
    from ankao.findings import Report

app = typer.Typer(
    name="ankao",
    cls=ChineseGroup,
    help="中层领导班子任期目标考核工具：校验、检查任务书，汇总审核意见，计算考核结果运用，生成 Word 文档。",
    no_args_is_help=True,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    epilog=(
        "各命令通用：--format json 输出供程序读取的结果，--format github 输出 GitHub Actions 注释；"
        "--debug 出错时显示完整的调用栈。退出状态：0 没有错误，1 输入文件有错误，2 用法错误或无法继续。"
        "ankao 命令 --help 查看各命令的用法和示例；ankao rules 列出全部检查规则。"
    ),
)


class OutputFormat(enum.StrEnum):
    text = "text"
    json = "json"
    github = "github"


FormatOption = Annotated[
    OutputFormat,
    typer.Option("--format", "-f", help="输出格式：json 供程序读取"),
]
DebugOption = Annotated[bool, typer.Option("--debug", help="出错时显示完整的调用栈")]
DateOption = Annotated[
    str | None,
    typer.Option(
        "--date",
        metavar="YYYY-MM-DD",
        help="文档落款日期，如 2026-01-15（印为 2026年1月15日）；不写为今天",
        show_default=False,
    ),
]


def document_date(text: str | None) -> datetime.date:
    """The date a document is dated (`--date YYYY-MM-DD`, default today); a bad one exits 2."""
    if text is None:
        return datetime.date.today()
    try:
        return datetime.date.fromisoformat(text.strip())
    except ValueError:
        fail(f"--date 应写成 YYYY-MM-DD，如 2026-01-15：{text}")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"ankao {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", "-V", help="显示版本号并退出", callback=_version, is_eager=True),
    ] = False,
) -> None:
    """中层领导班子任期目标考核工具。"""


def fail(message: str) -> NoReturn:
    """Stop with a one-line Chinese message and exit 2."""
    raise AnkaoError(message)


def run(debug: bool, body: Callable[[], int]) -> NoReturn:
    """Run a command body; turn its outcome into the exit status of SPEC §3."""
    try:
        code = body()
    except typer.Exit:
        raise
    except AnkaoError as exc:
        if debug:
            _traceback()
        from ankao.load.names import clean_terminal

        # one line, whatever names it quotes (a unit typed with a line break in it)
        typer.echo(f"ankao：{' '.join(clean_terminal(str(exc)).splitlines())}", err=True)
        code = 2
    except KeyboardInterrupt:
        typer.echo(f"ankao：{interrupted()}", err=True)
        _SAID.append(True)
        code = 130
    except BrokenPipeError:
        # The reader went away (`ankao check | head`): stop quietly, as cat does.
        _silence_stdout()
        code = 1
    except OSError as exc:
        # Not ankao's fault: a file or folder it was pointed at, or an output it cannot write.
        if debug:
            _traceback()
        typer.echo(f"ankao：{os_failure(exc)}", err=True)
        code = 2
    except Exception as exc:  # noqa: BLE001 - the one place a tool failure is reported
        if isinstance(exc.__cause__ or exc.__context__, KeyboardInterrupt):
            # Ctrl-C while a module was being set up (Python wraps it: __set_name__, imports)
            typer.echo(f"ankao：{interrupted()}", err=True)
            raise typer.Exit(130) from None
        if debug:
            _traceback()
        typer.echo(
            f"ankao：内部错误（{type(exc).__name__}: {exc}）。这是 ankao 自身的问题，"
            "请加 --debug 重新运行并把输出发给维护者",
            err=True,
        )
        code = 2
    raise typer.Exit(code)


_SAID: list[bool] = []
"""Not empty once a Ctrl-C has been said (`run`): the entry point does not say it twice."""


def interruption_said() -> bool:
    """Whether `run` has already said that the command was interrupted."""
    return bool(_SAID)


def interrupted() -> str:
    """What to say on Ctrl-C: 已中断, and the files that were written before it."""
    import sys

    files = sys.modules.get("ankao.load.files")
    written = list(getattr(files, "WRITTEN", []))
    folders = "、".join(str(f) for f in getattr(files, "WRITING", []))
    if not written:
        return f"已中断；{folders} 中可能已写好一部分文件" if folders else "已中断"
    if len(written) == 1:
        return f"已中断；中断前 {written[0]} 已经写好"
    return f"已中断；中断前已写好 {len(written)} 个文件（最后一个是 {written[-1]}），其余的可能没有生成"


def _traceback() -> None:
    """With --debug: the full traceback on stderr; the exit status stays that of SPEC §3."""
    import traceback

    traceback.print_exc(file=sys.stderr)


def _silence_stdout() -> None:
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def emit(report: Report, fmt: OutputFormat, stream: Any = None) -> int:
    """Print a report with the chosen reporter; return its exit status."""
    from ankao.reporters.findings import REPORTERS

    out = stream or sys.stdout
    try:
        REPORTERS[fmt.value](report, out)
        out.flush()
    except BrokenPipeError:
        # The reader went away (`ankao check | head`): the answer is still the report's.
        _silence_stdout()
        return report.exit_code
    except OSError as exc:
        raise AnkaoError(output_failure(exc)) from exc
    return report.exit_code


def os_failure(exc: OSError) -> str:
    """One Chinese line for an operating-system failure that reached the command unexplained."""
    import errno

    from ankao.load.files import os_reason

    if exc.filename is not None:
        return f"无法读写 {exc.filename}：{os_reason(exc)}"
    if exc.errno in (errno.ENOSPC, errno.EIO, errno.EBADF, errno.EPIPE):  # writing to stdout
        return output_failure(exc)
    return f"系统错误：{os_reason(exc)}"


def output_failure(exc: OSError) -> str:
    """Why the result could not be printed (a full disk, a closed stream), in Chinese."""
    from ankao.load.files import os_reason

    _silence_stdout()  # nothing more can reach it; spare Python's own flush at exit the same error
    return f"无法输出结果（标准输出）：{os_reason(exc)}"


@contextmanager
def progress(
    total: int, description: str, *, minimum: int = 20
) -> Iterator[Callable[[int], None] | None]:
    """A rich progress bar on stderr for long work on a terminal; nothing when piped."""
    if total < minimum or not sys.stderr.isatty():
        yield None
        return
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    from ankao.reporters.findings import console

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=console(sys.stderr),
        transient=True,
    ) as bar:
        task = bar.add_task(description, total=total)
        yield lambda n: bar.advance(task, n)


class Meter:
    """A progress bar sized when the work starts (a repository pass knows its files then)."""

    def __init__(self, description: str, stack: ExitStack) -> None:
        self.description = description
        self.stack = stack
        self.step: Callable[[int], None] | None = None

    def start(self, total: int) -> None:
        self.step = self.stack.enter_context(progress(total, self.description))

    def advance(self, n: int) -> None:
        if self.step is not None:
            self.step(n)


@contextmanager
def progress_for(description: str) -> Iterator[Meter]:
    """A `Meter` for a repository pass: a bar on a terminal once it knows how many files.

    When the pass is done, what it made lives to the end of the command: it is frozen,
    set aside from the collector, so no later collection walks thousands of records again
    (the command's memory policy, decided here at the edge, not in the pass).
    """
    import gc

    with ExitStack() as stack:
        yield Meter(description, stack)
    gc.freeze()


def repository_root(paths: list[str] | None) -> Path:
    """The root found from the first PATH, or from the current folder (SPEC §4)."""
    from ankao.load.config import find_root

    start = Path(paths[0]) if paths else Path.cwd()
    if paths and not start.exists():
        fail(f"找不到文件或文件夹：{paths[0]}{_near_path(paths[0])}")
    return find_root(start)


def _near_path(arg: str) -> str:
    """`；是不是 taskbooks/文学院.yaml？` when a missing path is near a task book's name."""
    import difflib

    from ankao.model.build import near_miss

    folder = Path.cwd() / "taskbooks"
    try:
        books = sorted(p.name for p in folder.iterdir() if p.suffix in (".yaml", ".yml"))
    except OSError:
        return ""
    stems = {Path(b).stem: b for b in books}
    hint = near_miss(Path(arg).stem, stems)
    if hint:
        name = hint.removeprefix("；是不是“").removesuffix("”？")
        return f"；是不是“taskbooks/{stems[name]}”？"
    close = difflib.get_close_matches(Path(arg).name, books, n=1, cutoff=0.6)
    return f"；是不是“taskbooks/{close[0]}”？" if close else ""
