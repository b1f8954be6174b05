"""Usage errors in Chinese: Typer words them in English and offers no translation hook.

`run_main` catches them (as `typer.TyperException`, which they derive from)
and says them in one Chinese line, from the exception's own fields where it
has them. The help screens are drawn by `ankao.cli.chinese`, in the words of
`ankao.cli.helpwords`.
"""

from __future__ import annotations

import contextlib
import re
import sys
from collections.abc import Sequence
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
    (re.compile(r"^\S+ is not in the range x>=(\S+?)\.?$"), "应不小于 {0}"),
    (re.compile(r"^\S+ is not in the range x<=(\S+?)\.?$"), "应不大于 {0}"),
    (re.compile(r"^\S+ is not in the range x>(\S+?)\.?$"), "应大于 {0}"),
    (re.compile(r"^\S+ is not in the range x<(\S+?)\.?$"), "应小于 {0}"),
    (re.compile(r"^\S+ is not in the range (\S+?)<=?x<=?(\S+?)\.?$"), "应在 {0} 与 {1} 之间"),
    (re.compile(r"^(-?\d+) is not in the range (.+?)\.?$"), "{0} 超出范围 {1}"),
    (re.compile(r"^'([^']*)' is not one of (.+?)\.?$"), "“{0}”不是可选值，可选：{1}"),
    (re.compile(r"^'[^']*' is not a valid int(?:eger)?(?: range)?\.?$"), "应为整数"),
    (re.compile(r"^'[^']*' is not a valid float(?: range)?\.?$"), "应为数字"),
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
    import typer

    try:
        result = app(args=argv, prog_name="ankao", standalone_mode=False)
    except typer.TyperException as exc:  # Typer's (and its Click's) errors derive from it
        return _failure(exc, app, argv)
    except typer.Abort:
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
    if result == INTERRUPTED:
        # Typer turns a Ctrl-C outside a command's body (while it parses or imports) into a
        # silent exit 130: say it, as `cli.shared.run` says one inside the body.
        from ankao.cli.shared import interrupted, interruption_said

        if not interruption_said():
            print(f"ankao：{interrupted()}", file=sys.stderr)
    return result if isinstance(result, int) else 0


INTERRUPTED = 130
"""The exit status of a command stopped by Ctrl-C (128 + SIGINT)."""

USAGE_ERROR = 2
"""The exit status of Click's usage errors (and only of them)."""


def _failure(exc: Any, app: Any, argv: list[str]) -> int:
    """Say a Typer error in one Chinese line; a usage error names the help to read."""
    code = getattr(exc, "exit_code", 1)
    if code != USAGE_ERROR:
        print(f"ankao：{_clean(translate(exc.format_message()))}", file=sys.stderr)
        return int(code)
    ctx = getattr(exc, "ctx", None)
    command = ctx.command_path if ctx is not None else _command_path(app, argv)
    print(f"ankao：{_clean(usage_message(exc))}（用 {command} --help 查看用法）", file=sys.stderr)
    return USAGE_ERROR


_SURROGATE = re.compile("[\udc80-\udcff]")
"""How Python keeps the bytes of an argument that is not valid UTF-8."""


def _clean(text: str) -> str:
    from ankao.load.names import clean_terminal

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
