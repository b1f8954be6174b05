"""Chinese for the parts of the command line that Typer words in English.

Typer (with its vendored Click) prints usage errors and help screens in
English and offers no translation hook. Usage errors are caught here and said
in Chinese, from the exception's own fields where it has them. On the help
path only (to keep start-up fast) a few names of `typer.rich_utils` and
`typer.core` are wrapped: panel titles, the usage line, the type column
(`<文本>`, `<整数>`, nothing for a flag), ranges, and help text that folds
instead of being cut at the terminal's width. Every patch is guarded: a Typer
release that moves these names leaves English text, never a crash; the help
tests (every command at 80 columns against a deny-list) catch that.
"""

from __future__ import annotations

import contextlib
import re
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from typing import Any

_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^Missing argument '([^']+)'\.?$"), "缺少参数 {0}"),
    (
        re.compile(r"^Missing option '([^']+)'[^.]*\. Choose from:\s*(.+)$", re.DOTALL),
        "缺少选项 {0}（可选：{1}）",
    ),
    (re.compile(r"^Missing option '([^']+)'.*$", re.DOTALL), "缺少选项 {0}"),
    (re.compile(r"^Missing parameter: (.+)$"), "缺少参数 {0}"),
    (re.compile(r"^No such option: (\S+)(?: Did you mean (\S+)\?)?$"), "没有这个选项：{0}"),
    (
        re.compile(r"^No such command '([^']+)'\.? Did you mean (.+)\?$"),
        "没有这个命令：{0}；您是不是要输入 {1}？",
    ),
    (re.compile(r"^No such command '([^']+)'\.?$"), "没有这个命令：{0}"),
    (re.compile(r"^Got unexpected extra arguments?(?:\(s\))? \((.+)\)$"), "多余的参数：{0}"),
    (re.compile(r"^Option '([^']+)' requires an argument\.?$"), "选项 {0} 后面要跟一个值"),
    (re.compile(r"^Option '([^']+)' requires (\d+) arguments\.?$"), "选项 {0} 后面要跟 {1} 个值"),
    (re.compile(r"^Option '([^']+)' does not take a value\.?$"), "选项 {0} 后面不能跟值"),
    (re.compile(r"^(.+) option requires an argument\.?$"), "选项 {0} 后面要跟一个值"),
    (
        re.compile(r"^Invalid value for '([^']+)'(?: / '[^']+')*: (.+)$", re.DOTALL),
        "{0} 的值无效：{1}",
    ),
    (re.compile(r"^Invalid value: (.+)$", re.DOTALL), "值无效：{0}"),
    (re.compile(r"^Missing command\.?$"), "缺少命令"),
]

_VALUE_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^Input should be a valid integer.*$"), "应为整数"),
    (re.compile(r"^Input should be a valid number.*$"), "应为数字"),
    (re.compile(r"^Input should be greater than or equal to (\S+?)\.?$"), "应不小于 {0}"),
    (re.compile(r"^Input should be less than or equal to (\S+?)\.?$"), "应不大于 {0}"),
    (re.compile(r"^Input should be greater than (\S+?)\.?$"), "应大于 {0}"),
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


def did_you_mean(candidates: Sequence[str]) -> str:
    """`；您是不是要输入 --format？` for one or more near misses; empty for none."""
    if not candidates:
        return ""
    names = sorted(dict.fromkeys(candidates))
    shown = names[0] if len(names) == 1 else "、".join(names[:-1]) + " 或 " + names[-1]
    return f"；您是不是要输入 {shown}？"


def usage_message(exc: Any) -> str:
    """The Chinese text of a usage error: structured where the exception allows, else translated."""
    option = getattr(exc, "option_name", None)
    if type(exc).__name__ == "NoSuchOption" and isinstance(option, str):
        return (
            f"没有这个选项：{option}{did_you_mean(list(getattr(exc, 'possibilities', None) or []))}"
        )
    return translate(exc.format_message())


# --- help screens ---------------------------------------------------------------------------

TYPE_NAMES: dict[str, str] = {
    "str": "文本",
    "int": "整数",
    "float": "数字",
    "path": "路径",
    "bool": "是/否",
    "datetime": "日期",
    "int range": "整数",
    "float range": "数字",
}
"""Typer's type labels (`<str>`, `<int range>` …) as a clerk reads them."""

USAGE_WORDS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^\s*Usage:\s*"), "用法："),
    (re.compile(r"\[OPTIONS\]"), "[选项]"),
    (re.compile(r"COMMAND \[ARGS\]\.\.\."), "命令 [参数]..."),
    (re.compile(r"\{([^{}\s]+)\}"), r"\1"),
]


def type_label(label: str) -> str:
    """`<str>` -> `<文本>`, `<list[int]>` -> `<整数>`; choices (`<a|b>`) stay as they are."""
    inner = label[1:-1] if label.startswith("<") and label.endswith(">") else label
    m = re.fullmatch(r"list\[(.+)\]", inner)
    if m:
        inner = m.group(1)
    if "|" in inner:
        return f"<{inner}>"
    return f"<{TYPE_NAMES.get(inner, inner)}>"


def range_label(text: str | None) -> str | None:
    """Typer's `x>=1`, `x<=5`, `1<=x<=5` as `≥1`, `≤5`, `1～5`."""
    if not text:
        return text
    m = re.fullmatch(r"(\S+)<=x<=(\S+)", text)
    if m:
        return f"{m.group(1)}～{m.group(2)}"
    return text.replace("x>=", "≥").replace("x<=", "≤").replace("x>", ">").replace("x<", "<")


def usage_line(text: str) -> str:
    """`Usage: ankao check [OPTIONS] {unit}` -> `用法：ankao check [选项] unit`."""
    for pattern, replacement in USAGE_WORDS:
        text = pattern.sub(replacement, text)
    return text


_CJK = r"\u3000-\u303f\u3400-\u9fff\uff00-\uffef"


def join_lines(paragraph: str) -> str:
    """One paragraph of a docstring as one line: no space where a line break falls between CJK."""
    lines = [ln.strip() for ln in paragraph.split("\n") if ln.strip()]
    out = lines[0] if lines else ""
    for line in lines[1:]:
        cjk = re.search(f"[{_CJK}]$", out) and re.match(f"[{_CJK}]", line)
        out += ("" if cjk else " ") + line
    return out


_localised = False


def localise_help() -> None:
    """Chinese help screens (titles, usage, types, ranges, folding); once per process."""
    global _localised
    if _localised:
        return
    _localised = True
    with suppress(Exception):  # cosmetic: English help is still correct help
        _patch_help()


def _patch_help() -> None:
    from rich.text import Text
    from typer import core as typer_core
    from typer import rich_utils
    from typer._click import core

    rich_utils.ARGUMENTS_PANEL_TITLE = "参数"
    rich_utils.OPTIONS_PANEL_TITLE = "选项"
    rich_utils.COMMANDS_PANEL_TITLE = "命令"
    rich_utils.ERRORS_PANEL_TITLE = "错误"
    rich_utils.DEFAULT_STRING = "[默认：{}]"
    rich_utils.REQUIRED_LONG_STRING = "[必填]"
    rich_utils.RANGE_STRING = "（{}）"
    rich_utils.DEPRECATED_STRING = "（已弃用）"
    rich_utils.ENVVAR_STRING = "[环境变量：{}]"

    help_option = core.Command.get_help_option

    def get_help_option(self: Any, ctx: Any) -> Any:
        option = help_option(self, ctx)
        if option is not None and option.help == "Show this message and exit.":
            option.help = "显示本帮助并退出"
        return option

    core.Command.get_help_option = get_help_option  # type: ignore[method-assign]

    get_usage = core.Command.get_usage

    def chinese_usage(self: Any, ctx: Any) -> str:
        return usage_line(get_usage(self, ctx))

    core.Command.get_usage = chinese_usage  # type: ignore[method-assign]

    display_type = typer_core._TyperParameter.display_type

    def chinese_type(self: Any, ctx: Any) -> str:
        if getattr(self, "is_flag", False):
            return ""  # a flag takes no value: no `<bool>`
        return type_label(display_type(self, ctx))

    typer_core._TyperParameter.display_type = chinese_type  # type: ignore[method-assign]

    for cls in (typer_core.TyperOption, typer_core.TyperArgument):
        _wrap_range(cls)

    parameter_help = rich_utils._get_parameter_help

    def one_text(**kwargs: Any) -> Any:
        columns = parameter_help(**kwargs)
        items = list(getattr(columns, "renderables", []))
        if not items or not all(isinstance(i, Text) for i in items):
            return columns
        text = Text(" ").join(items)
        text.overflow = "fold"  # a long Chinese clause wraps instead of ending in "…"
        return text

    rich_utils._get_parameter_help = one_text

    command_help = rich_utils._make_command_help

    def folded(**kwargs: Any) -> Any:
        text = command_help(**kwargs)
        if isinstance(text, Text):
            text.overflow = "fold"
        return text

    rich_utils._make_command_help = folded

    def fix_linebreaks(paragraphs: list[str], markup_mode: Any) -> str:
        return "\n\n".join(join_lines(p) for p in paragraphs)

    rich_utils._fix_linebreaks = fix_linebreaks

    format_help = rich_utils.rich_format_help

    def chinese_lines(**kwargs: Any) -> None:
        with cjk_wrapping():
            format_help(**kwargs)

    rich_utils.rich_format_help = chinese_lines


# Rich wraps only at white space, so a Chinese sentence is one long "word" that is moved to a
# line of its own or cut. While a help screen is printed, each CJK character (with the closing
# punctuation after it) counts as a word, so lines break between characters as Chinese does.
_CLOSING = "，。、；：？！）》」』”’…)\\]"
_CJK_WORD = re.compile(
    rf"\s*(?:\[[^\]\s]{{1,16}}\]|(?:[^\s{_CJK}<]*<[^>\s]+>)+[^\s{_CJK}]*|[^\s{_CJK}]+|[{_CJK}])[{_CLOSING}]*\s*"
)


@contextmanager
def cjk_wrapping() -> Iterator[None]:
    """Within the block, rich may break a line between any two CJK characters."""
    from rich import _wrap

    saved = _wrap.re_word
    _wrap.re_word = _CJK_WORD
    try:
        yield
    finally:
        _wrap.re_word = saved


def _wrap_range(cls: Any) -> None:
    original = cls._get_number_range_help_str

    def chinese_range(self: Any) -> str | None:
        return range_label(original(self))

    cls._get_number_range_help_str = chinese_range


def _shows_help(app: Any, argv: list[str]) -> bool:
    """Whether this command line prints a help screen (`-h`, nothing, or only group names)."""
    if not argv or "-h" in argv or "--help" in argv:
        return True
    groups = {g.name for g in getattr(app, "registered_groups", []) if g.name}
    return all(a in groups for a in argv)


def _command_path(app: Any, argv: list[str]) -> str:
    """`ankao comments merge` for an error the parser raised without its command's context."""
    import typer.main

    path = ["ankao"]
    command = typer.main.get_command(app)
    for word in argv:
        sub = getattr(command, "commands", None)
        if not sub or word not in sub:
            break
        path.append(word)
        command = sub[word]
    return " ".join(path)


def run_main(app: Any, args: list[str] | None = None) -> int:
    """Run the app; usage errors become one Chinese line and exit 2 (SPEC §3)."""
    argv = sys.argv[1:] if args is None else args
    if not prepare_streams():
        return 2
    bad = next((a for a in argv if _SURROGATE.search(a)), None)
    if bad is not None:
        shown = bad.encode("utf-8", "surrogateescape").decode("gb18030", "replace")
        print(
            f"ankao：参数“{_clean(_SURROGATE.sub('?', bad))}”不是有效的 UTF-8 文字"
            f"（可能是 GBK 等编码，读作“{_clean(shown)}”）；请在 UTF-8 的终端中重新输入",
            file=sys.stderr,
        )
        return 2
    if _shows_help(app, argv):
        localise_help()
    from typer._click import exceptions
    from typer.exceptions import Abort

    try:
        result = app(args=argv, prog_name="ankao", standalone_mode=False)
    except exceptions.NoArgsIsHelpError as exc:
        # Rich help is printed while the exception is made; plain help is its message.
        message = exc.format_message()
        if message.strip():
            print(message)
        return 0
    except exceptions.UsageError as exc:
        command = exc.ctx.command_path if exc.ctx is not None else _command_path(app, argv)
        print(
            f"ankao：{_clean(usage_message(exc))}（用 {command} --help 查看用法）", file=sys.stderr
        )
        return 2
    except exceptions.ClickException as exc:
        print(f"ankao：{_clean(translate(exc.format_message()))}", file=sys.stderr)
        return exc.exit_code
    except Abort:
        print("ankao：已取消", file=sys.stderr)
        return 1
    except KeyboardInterrupt:  # before or after a command's own body
        from ankao.cli.shared import interrupted

        print(f"ankao：{interrupted()}", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 1
    except OSError as exc:  # printing help or a message to a full disk or a closed stream
        from ankao.cli.shared import output_failure

        print(f"ankao：{output_failure(exc)}", file=sys.stderr)
        return 2
    return result if isinstance(result, int) else 0


_SURROGATE = re.compile("[\udc80-\udcff]")
"""How Python keeps the bytes of an argument that is not valid UTF-8."""


def _clean(text: str) -> str:
    from ankao.names import clean_terminal

    return clean_terminal(text)


_STAND_INS = {"›": ">", "—": "-", "…": "...", "·": "."}
"""What a character GBK (or ASCII) cannot hold is printed as; anything else becomes "?"."""


def _stand_in(error: UnicodeError) -> tuple[str, int]:
    """A codec error handler: the field path `a › b` stays readable on a GBK console."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    bad = error.object[error.start : error.end]
    return "".join(_STAND_INS.get(c, "?") for c in bad), error.end


def prepare_streams() -> bool:
    """Make output degrade, never crash, where the terminal's encoding cannot hold a character.

    A Chinese Windows console (GBK) cannot encode `›` or `—`: such characters are
    replaced. False (after saying why on stderr, if it is open) when stdout is closed.
    """
    import codecs

    codecs.register_error("ankao", _stand_in)
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):  # a stream that cannot be reconfigured
                reconfigure(errors="ankao")
    if sys.stdout is None:
        if sys.stderr is not None:
            print("ankao：标准输出已关闭，无法输出结果", file=sys.stderr)
        return False
    return True
