"""Chinese for the parts of the command line that Typer words in English.

Typer (with its vendored Click) prints usage errors and help-panel titles in
English and offers no translation hook. Usage errors are caught here and said
in Chinese; on the help path only (to keep start-up fast), the panel titles
and the help option's text are replaced. Every patch is guarded: a Typer
release that moves these names leaves English text, never a crash.
"""

from __future__ import annotations

import contextlib
import re
import sys
from typing import Any

_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^Missing argument '([^']+)'\.?$"), "缺少参数 {0}"),
    (re.compile(r"^Missing option '([^']+)'[^.]*\. Choose from:\s*(.+)$", re.DOTALL), "缺少选项 {0}（可选：{1}）"),
    (re.compile(r"^Missing option '([^']+)'.*$", re.DOTALL), "缺少选项 {0}"),
    (re.compile(r"^Missing parameter: (.+)$"), "缺少参数 {0}"),
    (re.compile(r"^No such option: (\S+)(?: Did you mean (\S+)\?)?$"), "没有这个选项：{0}"),
    (re.compile(r"^No such command '([^']+)'\.?$"), "没有这个命令：{0}"),
    (re.compile(r"^Got unexpected extra arguments? \((.+)\)$"), "多余的参数：{0}"),
    (re.compile(r"^Option '([^']+)' requires an argument\.?$"), "选项 {0} 后面要跟一个值"),
    (re.compile(r"^(.+) option requires an argument\.?$"), "选项 {0} 后面要跟一个值"),
    (re.compile(r"^Invalid value for '([^']+)'(?: / '[^']+')*: (.+)$"), "{0} 的值无效：{1}"),
    (re.compile(r"^Invalid value: (.+)$"), "值无效：{0}"),
    (re.compile(r"^Missing command\.?$"), "缺少命令"),
]

_VALUE_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^Input should be a valid integer.*$"), "应为整数"),
    (re.compile(r"^Input should be a valid number.*$"), "应为数字"),
    (re.compile(r"^Input should be greater than or equal to (\S+?)\.?$"), "应不小于 {0}"),
    (re.compile(r"^Input should be greater than (\S+?)\.?$"), "应大于 {0}"),
    (re.compile(r"^Input should be less than or equal to (\S+?)\.?$"), "应不大于 {0}"),
    (re.compile(r"^Input should be less than (\S+?)\.?$"), "应小于 {0}"),
    (re.compile(r"^(-?\d+) is not in the range (.+?)\.?$"), "{0} 超出范围 {1}"),
    (re.compile(r"^'([^']*)' is not one of (.+?)\.?$"), "“{0}”不是可选值，可选：{1}"),
    (re.compile(r"^'([^']*)' is not a valid integer\.?$"), "“{0}”不是整数"),
    (re.compile(r"^'([^']*)' is not a valid (.+)\.?$"), "“{0}”无效"),
]


def translate(message: str) -> str:
    """A Typer/Click usage-error message in Chinese (unknown ones pass through)."""
    message = message.strip()
    for pattern, template in _PATTERNS:
        m = pattern.match(message)
        if m:
            parts = [_value(g) if g else "" for g in m.groups()]
            return template.format(*parts)
    return message


def _value(text: str) -> str:
    text = re.sub(r"^Value error,\s*", "", text.strip())
    if "\n" in text or text.endswith(","):
        text = "、".join(t.strip().rstrip(",.") for t in text.split("\n") if t.strip())
    for pattern, template in _VALUE_PATTERNS:
        m = pattern.match(text.strip())
        if m:
            return template.format(*m.groups()).replace("'", "")
    return text


_localised = False


def localise_help() -> None:
    """Chinese panel titles and help-option text, for `--help` output (once per process)."""
    global _localised
    if _localised:
        return
    _localised = True
    try:
        from typer import rich_utils
        from typer._click import core

        rich_utils.ARGUMENTS_PANEL_TITLE = "参数"
        rich_utils.OPTIONS_PANEL_TITLE = "选项"
        rich_utils.COMMANDS_PANEL_TITLE = "命令"
        rich_utils.ERRORS_PANEL_TITLE = "错误"
        rich_utils.DEFAULT_STRING = "[默认：{}]"
        rich_utils.REQUIRED_LONG_STRING = "[必填]"
        original = core.Command.get_help_option

        def get_help_option(self: Any, ctx: Any) -> Any:
            option = original(self, ctx)
            if option is not None and option.help == "Show this message and exit.":
                option.help = "显示本帮助并退出"
            return option

        core.Command.get_help_option = get_help_option  # type: ignore[method-assign]
    except Exception:  # noqa: BLE001 - cosmetic; English help is still correct help
        pass


def run_main(app: Any, args: list[str] | None = None) -> int:
    """Run the app; usage errors become one Chinese line and exit 2 (SPEC §3)."""
    argv = sys.argv[1:] if args is None else args
    if not prepare_streams():
        return 2
    if not argv or "-h" in argv or "--help" in argv:
        localise_help()
    from typer._click import exceptions
    from typer.exceptions import Abort

    try:
        result = app(args=argv, prog_name="ankao", standalone_mode=False)
    except exceptions.NoArgsIsHelpError as exc:
        if exc.ctx is not None:
            print(exc.ctx.get_help())
        return 0
    except exceptions.UsageError as exc:
        command = exc.ctx.command_path if exc.ctx is not None else "ankao"
        print(f"ankao：{_clean(translate(exc.format_message()))}（用 {command} --help 查看用法）", file=sys.stderr)
        return 2
    except exceptions.ClickException as exc:
        print(f"ankao：{_clean(translate(exc.format_message()))}", file=sys.stderr)
        return exc.exit_code
    except Abort:
        print("ankao：已取消", file=sys.stderr)
        return 1
    except BrokenPipeError:
        return 1
    except OSError as exc:  # printing help or a message to a full disk or a closed stream
        from ankao.cli.app import output_failure

        print(f"ankao：{output_failure(exc)}", file=sys.stderr)
        return 2
    return result if isinstance(result, int) else 0


def _clean(text: str) -> str:
    from ankao.names import clean_terminal

    return clean_terminal(text)


def prepare_streams() -> bool:
    """Make output degrade, never crash, where the terminal's encoding cannot hold a character.

    A Chinese Windows console (GBK) cannot encode `›` or `—`: such characters are
    replaced. False (after saying why on stderr, if it is open) when stdout is closed.
    """
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):  # a stream that cannot be reconfigured
                reconfigure(errors="replace")
    if sys.stdout is None:
        if sys.stderr is not None:
            print("ankao：标准输出已关闭，无法输出结果", file=sys.stderr)
        return False
    return True
