"""`ankao rules [CODE]`: every diagnostic code, or one in full (like `ruff rule`)."""

from __future__ import annotations

import enum
import sys
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ankao.cli.chinese import ChineseCommand
from ankao.cli.shared import DebugOption, app, run

if TYPE_CHECKING:
    from ankao.rules.catalogue import Entry


class ListFormat(enum.StrEnum):
    text = "text"
    json = "json"


def _table(family: str, entries: list[Entry]) -> Any:
    """A borderless table: code, severity, then title, clause, what it asks and an example."""
    from rich.table import Table
    from rich.text import Text

    from ankao.cli.cjk import Wrapped
    from ankao.findings.codes import FAMILIES, SEVERITY_NAMES

    table = Table(
        title=FAMILIES[family],
        title_justify="left",
        title_style="bold",
        box=None,
        padding=(0, 1),
        show_header=True,
        header_style="bold",
    )
    table.add_column("代码", no_wrap=True)
    table.add_column("级别", no_wrap=True)
    table.add_column("依据、要求与示例", overflow="fold", ratio=1)
    for i, e in enumerate(entries):
        c = e.code
        if i:
            table.add_row()  # a blank line between codes
        cell = Text(c.title, style="bold")
        cell.append(f"（{c.clause}）" if c.clause else "")
        cell.append("：" + c.summary)
        if c.example:
            cell.append("\n例：" + c.example, style="dim")
        table.add_row(c.code, SEVERITY_NAMES[e.severity], Wrapped(cell))
    return table


def _one(entry: Entry, out: Any) -> None:
    from rich.text import Text

    from ankao.findings.codes import FAMILIES, SEVERITY_NAMES

    c = entry.code
    out.print(Text(f"{c.code}：{c.title}", style="bold"))
    out.print(f"类别：{FAMILIES[c.family]}")
    out.print(f"默认级别：{SEVERITY_NAMES[entry.severity]}")
    out.print(f"依据：{'《实施意见》' + c.clause if c.clause else '—'}")
    out.print()
    out.print(c.summary + "。")
    if c.detail:
        out.print(c.detail)
    if entry.options:
        out.print()
        out.print(
            "阈值（默认值）：" + "；".join(f"{k} = {_shown(v)}" for k, v in entry.options.items())
        )
    if c.example:
        out.print()
        out.print("示例：")
        out.print(Text("  " + c.example))
    if c.family == "rule" or c.code == "control-character":
        out.print()
        out.print("在 ankao.yaml 中调整（error 错误、warning 警告、off 关闭）：")
        settings = ", ".join(
            [
                f"severity: {'warning' if entry.severity.value == 'error' else 'error'}",
                *(f"{k}: {_shown(v)}" for k, v in entry.options.items()),
            ]
        )
        out.print(Text(f"  rules:\n    {c.code}: {{{settings}}}"))


def _shown(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(str(v) for v in value) + "]"
    return str(value)


def rules_command(code: str | None, fmt: ListFormat) -> int:
    """Print the catalogue of codes, or one code in full; return the exit status."""
    import json

    from ankao.findings.codes import FAMILIES
    from ankao.reporters.findings import console
    from ankao.rules.catalogue import catalogue, lookup

    entries = [lookup(code)] if code is not None else catalogue()
    if fmt is ListFormat.json:
        json.dump(
            {"rules": [e.as_dict() for e in entries]}, sys.stdout, ensure_ascii=False, indent=2
        )
        sys.stdout.write("\n")
        return 0
    out = console(sys.stdout)
    if code is not None:
        _one(entries[0], out)
        return 0
    for family in FAMILIES:
        group = [e for e in entries if e.code.family == family]
        if group:
            out.print(_table(family, group))
            out.print()
    out.print("ankao rules 代码：一条的完整说明；级别和阈值在 ankao.yaml 的 rules: 中调整。")
    return 0


@app.command(cls=ChineseCommand)
def rules(
    code: Annotated[
        str | None,
        typer.Argument(
            metavar="代码", help="只显示这一条，如 quantitative-share", show_default=False
        ),
    ] = None,
    fmt: Annotated[
        ListFormat, typer.Option("--format", "-f", help="输出格式：json 供程序读取")
    ] = ListFormat.text,
    debug: DebugOption = False,
) -> None:
    """列出 ankao 的全部检查规则和诊断代码：代码、默认级别、依据的《实施意见》条款、示例。

    先列出 ankao check 的检查规则，再列出读取、格式、仓库和文件检查的代码。写上代码则显示这一条的完整说明、
    阈值和在 ankao.yaml 中调整它的写法。

    例：ankao rules quantitative-share
    """
    run(debug, lambda: rules_command(code, fmt))
