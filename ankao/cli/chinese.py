"""Typer's group and command classes, with help screens and usage lines in Chinese.

Typer (with its vendored Click) words help screens in English. It lets an app
name the classes of its groups and commands (`typer.Typer(cls=…)`,
`app.command(cls=…)`): these subclasses draw the help screen themselves
(`ankao.cli.helpscreen`, imported only when help is shown), word the usage line
and the help option in Chinese, and show the help of a group named without a
command instead of raising Click's usage error for it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from typer.core import TyperCommand, TyperGroup

from ankao.cli.helpwords import usage_line

HELP_OPTION = "显示本帮助并退出"

if TYPE_CHECKING:
    _Base = TyperCommand
else:
    _Base = object


class _Chinese(_Base):
    """What a command and a group share: the help screen, the usage line, the help option."""

    def format_help(self, ctx: Any, formatter: Any) -> None:
        from ankao.cli.helpscreen import show

        show(self, ctx)

    def get_usage(self, ctx: Any) -> str:
        return usage_line(super().get_usage(ctx))

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = HELP_OPTION
        return option

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if not args and self.no_args_is_help and not ctx.resilient_parsing:
            self.format_help(ctx, None)
            ctx.exit(0)  # the help screen is the answer, not a usage error
        return super().parse_args(ctx, args)


class ChineseCommand(_Chinese, TyperCommand):
    """A Typer command whose help screen and usage line are Chinese."""


class ChineseGroup(_Chinese, TyperGroup):
    """A Typer group whose help screen and usage line are Chinese."""
