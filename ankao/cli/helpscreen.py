"""A command's help screen in Chinese, drawn with rich in Typer's layout.

Typer words its help screens in English and offers no translation hook, so
ankao's command classes (`ankao.cli.chinese`) draw the screen here, from the
command's public attributes: the usage line, the help text, a panel of
arguments and one of options (type, range, default, required), a panel of
commands for a group, and the epilog. The layout, styles and colours are
Typer's own; the words are Chinese, a type is `<文本>` or `<整数>` (nothing for
a flag), a range `≥1`, and every text breaks its lines between Chinese
characters (`ankao.cli.cjk`) instead of being cut at the terminal's width.
Imported only when a help screen is shown, to keep start-up fast.
"""

from __future__ import annotations

import inspect
import os
from collections import defaultdict
from enum import Enum
from typing import Any

from rich.align import Align
from rich.console import Console, Group, RenderableType
from rich.highlighter import RegexHighlighter
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text
from rich.theme import Theme
from typer.core import TyperArgument, TyperOption

from ankao.cli.cjk import Wrapped
from ankao.cli.helpwords import join_lines, range_label, type_label

ARGUMENTS = "参数"
OPTIONS = "选项"
COMMANDS = "命令"
DEFAULT = "[默认：{}]"
REQUIRED = "[必填]"
RANGE = "（{}）"
ENVVAR = "[环境变量：{}]"
DYNAMIC = "（动态）"

THEME = Theme(
    {
        "option": "bold cyan",
        "switch": "bold green",
        "negative_option": "bold magenta",
        "negative_switch": "bold red",
        "types": "bold yellow",
        "types_sep": "dim",
        "usage": "yellow",
    }
)
"""Typer's colours for options, flags and types."""


class OptionHighlighter(RegexHighlighter):
    """Options, switches and `<types>` in help text, as Typer colours them."""

    highlights = [  # noqa: RUF012 - rich's interface is a class attribute
        r"(^|\W)(?P<switch>\-\w+)(?![a-zA-Z0-9])",
        r"(^|\W)(?P<option>\-\-[\w\-]+)(?![a-zA-Z0-9])",
        r"(?P<types>\<[^\>]+\>)",
    ]


class TypesHighlighter(RegexHighlighter):
    """The brackets and bars of a type label, dimmed."""

    highlights = [  # noqa: RUF012 - rich's interface is a class attribute
        r"^(?P<types_sep>(\[|<))",
        r"(?P<types_sep>\|)",
        r"(?P<types_sep>(\]|>))(\.\.\.)?$",
    ]


highlight = OptionHighlighter()
highlight_types = TypesHighlighter()


def console() -> Console:
    """A console on stdout as Typer makes one: TERMINAL_WIDTH, and colour on CI when asked."""
    width = os.environ.get("TERMINAL_WIDTH")
    forced = any(os.environ.get(v) for v in ("GITHUB_ACTIONS", "FORCE_COLOR", "PY_COLORS"))
    return Console(
        theme=THEME,
        highlighter=highlight,
        color_system="auto",
        force_terminal=True if forced else None,
        width=int(width) if width else None,
    )


def rich_text(text: str, style: str = "") -> Text:
    """Help text with rich markup, options highlighted."""
    return highlight(Text.from_markup(inspect.cleandoc(text), style=style))


def show(command: Any, ctx: Any) -> None:
    """Print the help screen of `command` (a Typer command or group) on stdout."""
    out = console()
    out.print(Padding(Wrapped(highlight(command.get_usage(ctx))), 1), style="bold")
    if command.help:
        out.print(Padding(Align(help_text(command.help), pad=False), (0, 1, 1, 1)))
    for title, params in panels(command, ctx):
        out.print(panel(title, options_table(params, ctx)))
    if hasattr(command, "list_commands"):
        for title, table in commands_tables(command, ctx):
            out.print(panel(title, table))
    if command.epilog:
        epilog = "\n\n".join(join_lines(p) for p in command.epilog.split("\n\n"))
        out.print(Padding(Align(Wrapped(rich_text(epilog)), pad=False), 1))


def help_text(text: str) -> Group:
    """The first paragraph as it is, the rest dimmed; a paragraph's lines joined."""
    first, *rest = inspect.cleandoc(text).partition("\f")[0].split("\n\n")
    if not first.startswith("\b"):
        first = first.replace("\n", " ")
    parts: list[RenderableType] = [Wrapped(rich_text(first.strip()))]
    if rest:
        parts.append(Wrapped(Text("")))
        parts.append(Wrapped(rich_text("\n\n".join(join_lines(p) for p in rest), style="dim")))
    return Group(*parts, fit=True)


def panel(title: str, table: Table) -> Panel:
    """A table in a dim box titled at the left."""
    return Panel(table, border_style="dim", title=title, title_align="left")


def panels(command: Any, ctx: Any) -> list[tuple[str, list[Any]]]:
    """The visible parameters by panel: arguments first, then options, each default panel first."""
    params = [p for p in command.get_params(ctx) if not getattr(p, "hidden", False)]
    arguments = by_panel([p for p in params if isinstance(p, TyperArgument)], ARGUMENTS)
    options = by_panel([p for p in params if isinstance(p, TyperOption)], OPTIONS)
    return [(t, p) for t, p in [*arguments.items(), *options.items()] if p]


def by_panel(items: list[Any], default: str) -> dict[str, list[Any]]:
    """Parameters or commands by their `rich_help_panel`, in order, the `default` panel first."""
    groups: defaultdict[str, list[Any]] = defaultdict(list, {default: []})
    for item in items:
        groups[getattr(item, "rich_help_panel", None) or default].append(item)
    return groups


def grid(*, highlight: bool) -> Table:
    """A table without borders, header or padding at its edges: the body of a panel."""
    return Table(
        highlight=highlight,
        show_header=False,
        expand=True,
        box=None,
        show_lines=False,
        leading=0,
        pad_edge=False,
        padding=(0, 1),
    )


def options_table(params: list[Any], ctx: Any) -> Table:
    """One row a parameter: required mark, names, negative names, type and range, help."""
    rows = [parameter_row(p, ctx) for p in params]
    required = [Text("*", style="red") if p.required else "" for p in params]
    table = grid(highlight=True)
    for mark, row in zip(required, rows, strict=True):
        table.add_row(*([mark] if any(required) else []), *row)
    return table


def parameter_row(param: Any, ctx: Any) -> list[RenderableType]:
    """Long names, short names (an argument's name), negative long and short names, type, help."""
    name = None
    if isinstance(param, TyperArgument):
        name = str(param.metavar if param.metavar is not None else param.name) + (
            "..." if param.metavar is None and param.nargs != 1 else ""
        )
    names: list[list[str]] = [[], [], [], []]
    for column, opts in ((0, param.opts), (2, param.secondary_opts)):
        for opt in opts:
            if "--" in opt:
                names[column].append(opt)
            else:
                names[column + 1].append(name or opt)
    types = Text(type_text(param, ctx), style="bold yellow", overflow="fold")
    bounds = number_range(param)
    if bounds:
        types.append(RANGE.format(bounds))
    return [
        *(Wrapped(highlight(",".join(n))) for n in names),
        Wrapped(highlight_types(types)),
        Wrapped(parameter_help(param, ctx)),
    ]


def type_text(param: Any, ctx: Any) -> str:
    """`<文本>`, `<整数>`, the choices, or the metavar; nothing for a flag."""
    if isinstance(param, TyperOption) and param.metavar is not None:
        return str(param.metavar)
    label = "" if getattr(param, "is_flag", False) else type_label(_type_name(param, ctx))
    if isinstance(param, TyperOption) and param.nargs != 1:
        label += "..."
    return label


def _type_name(param: Any, ctx: Any) -> str:
    """The name of a parameter's Click type (`str`, `int range` …), or its choices as `a|b`,
    as Click's command line accepts them."""
    kind = param.type
    if hasattr(kind, "normalize_choice"):
        return "|".join(kind.normalize_choice(choice, ctx) for choice in kind.choices)
    return str(kind.name)


def number_range(param: Any) -> str | None:
    """`≥1`, `≤5` or `1～5` for a number with bounds."""
    low, high = getattr(param.type, "min", None), getattr(param.type, "max", None)
    if getattr(param, "count", False) and low == 0 and high is None:
        return None
    if low is None and high is None:
        return None
    if low is None:
        return range_label(f"x<={high}")
    if high is None:
        return range_label(f"x>={low}")
    return range_label(f"{low}<=x<={high}")


def parameter_help(param: Any, ctx: Any) -> Text:
    """The help text, then the environment variable, the default and `[必填]`, folded."""
    items: list[Text] = []
    if param.help:
        paragraphs = [
            f"{p.strip(chr(8) + chr(10))}\n" if p.startswith("\b") else p.replace("\n", " ").strip()
            for p in param.help.split("\n\n")
        ]
        items.append(rich_text("\n".join(paragraphs).strip()))
    envvar = getattr(param, "envvar", None)
    if envvar and getattr(param, "show_envvar", False):
        shown = envvar if isinstance(envvar, str) else ", ".join(str(e) for e in envvar)
        items.append(Text(ENVVAR.format(shown), style="dim yellow"))
    default = default_text(param, ctx)
    if default:
        items.append(Text(DEFAULT.format(default), style="dim"))
    if param.required:
        items.append(Text(REQUIRED, style="dim red"))
    text = Text(" ").join(items)
    text.overflow = "fold"  # a long Chinese clause wraps instead of ending in "…"
    return text


def default_text(param: Any, ctx: Any) -> str:
    """The default as the help screen shows it, or "" when it is not shown."""
    if isinstance(param.show_default, str):
        return f"({param.show_default})"
    resilient = ctx.resilient_parsing
    ctx.resilient_parsing = True  # the default is shown, not converted
    try:
        value = param.get_default(ctx, call=False)
    finally:
        ctx.resilient_parsing = resilient
    if value is None or not (param.show_default or ctx.show_default):
        return ""
    return shown_default(param, value)


def shown_default(param: Any, value: Any) -> str:
    """One default value in words: an enum's value, a flag's name, a list joined."""
    if isinstance(value, (list, tuple)):
        parts = [shown_default(param, v) for v in value]
        return ", ".join(parts) if any(parts) else ""
    if isinstance(value, Enum):
        return str(value.value)
    if inspect.isfunction(value):
        return DYNAMIC
    if getattr(param, "is_bool_flag", False):
        if param.secondary_opts:
            return str((param.opts if param.default else param.secondary_opts)[0]).lstrip("-/")
        if not value:
            return ""
    return str(value)


def commands_tables(group: Any, ctx: Any) -> list[tuple[str, Table]]:
    """The visible commands of a group by panel, names in one column as wide as the longest."""
    commands = [group.get_command(ctx, name) for name in group.list_commands(ctx)]
    grouped = by_panel([c for c in commands if c is not None and not c.hidden], COMMANDS)
    width = max((len(c.name or "") for cs in grouped.values() for c in cs), default=0)
    return [(title, commands_table(cs, width)) for title, cs in grouped.items() if cs]


def commands_table(commands: list[Any], width: int) -> Table:
    """A command a row: its name, and the first paragraph of its help."""
    table = grid(highlight=False)
    table.add_column(style="bold cyan", no_wrap=True, width=width)
    table.add_column("Description", justify="left", no_wrap=False, ratio=10)
    for command in commands:
        table.add_row(Wrapped(Text(command.name or "")), Wrapped(command_help(command)))
    return table


def command_help(command: Any) -> Text:
    """The first paragraph of a command's help, folded rather than cut."""
    first = inspect.cleandoc(command.short_help or command.help or "").split("\n\n")[0]
    if first.startswith("\b"):
        first = first.replace("\b\n", "")
    text = rich_text(first.strip())
    text.overflow = "fold"
    return text
