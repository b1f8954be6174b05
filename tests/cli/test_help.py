"""Every help screen and usage error is Chinese, and no option's help is cut at 80 columns."""

from __future__ import annotations

import re
from typing import Any

import pytest
import typer.main

from ankao.cli import app
from ankao.cli.helpwords import join_lines, range_label, type_label, usage_line
from ankao.cli.usage import did_you_mean, run_main

DENY = [
    "Usage",
    "OPTIONS",
    "Options",
    "Arguments",
    "Commands",
    "COMMAND",
    "ARGS",
    "<str>",
    "<bool>",
    "<int",
    "<path>",
    "<float",
    "list[",
    "Show this message",
    "Did you mean",
    "No such",
    "Possible options",
    "Error",
    "default:",
    "required",
    "x>=",
    "…",
]
"""English (or Typer's) words that must not appear on any help screen."""

BOX = re.compile(r"[\s│╭╮╰╯─]+")


def _screens() -> list[tuple[list[str], Any]]:
    """Every help screen: the root, each group and each command, with its Click object."""
    out: list[tuple[list[str], Any]] = []
    stack: list[tuple[list[str], Any]] = [([], typer.main.get_command(app))]
    while stack:
        path, cmd = stack.pop()
        out.append((path, cmd))
        for name, child in sorted(getattr(cmd, "commands", {}).items()):
            stack.append(([*path, name], child))
    return out


SCREENS = _screens()


def _help(
    args: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> str:
    monkeypatch.setenv("COLUMNS", "80")
    assert run_main(app, args) == 0
    return capsys.readouterr().out


def test_every_command_has_a_help_screen() -> None:
    names = {" ".join(path) for path, _ in SCREENS}
    assert {"", "check", "comments", "comments merge", "consequences"} <= names


@pytest.mark.parametrize(("path", "cmd"), SCREENS, ids=[" ".join(p) or "ankao" for p, _ in SCREENS])
def test_help_is_chinese_and_whole_at_80_columns(
    path: list[str], cmd: Any, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    out = _help([*path, "--help"], capsys, monkeypatch)
    for word in DENY:
        assert word not in out, f"{' '.join(path) or 'ankao'} --help shows {word!r}:\n{out}"
    assert out.lstrip().startswith("用法：ankao")
    assert all(len(line) <= 80 for line in out.splitlines())
    flat = BOX.sub("", out)
    params = [p for p in cmd.params if not getattr(p, "hidden", False)]
    for param in params:
        text = getattr(param, "help", None) or ""
        assert text, f"{param.name} has no help"
        assert BOX.sub("", text) in flat, f"help of {param.name} is cut:\n{out}"
    assert "显示本帮助并退出" in out
    for name, sub in getattr(cmd, "commands", {}).items():
        first = (sub.help or "").strip().split("\n\n")[0]
        assert BOX.sub("", join_lines(first)) in flat, f"the line of {name} is cut:\n{out}"
    if params and any(getattr(p, "is_flag", False) for p in params):
        flag = next(p for p in params if getattr(p, "is_flag", False))
        line = next(ln for ln in out.splitlines() if ln.lstrip("│ *").startswith(flag.opts[0]))
        assert "<" not in line, f"a flag shows a type: {line}"


def test_a_group_named_alone_shows_its_help_once_in_chinese(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    out = _help(["comments"], capsys, monkeypatch)
    assert out.count("用法：ankao comments [选项] 命令 [参数]...") == 1
    assert "Options" not in out and "显示本帮助并退出" in out


def test_types_and_ranges_are_chinese(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    out = _help(["comments", "merge", "--help"], capsys, monkeypatch)
    assert "用法：ankao comments merge [选项] 单位" in out
    assert "<整数>（≥1）" in out and "<路径>" in out and "[必填]" in out and "[默认：text]" in out


def test_help_helpers() -> None:
    assert type_label("<str>") == "<文本>"
    assert type_label("<int range>") == "<整数>"
    assert type_label("<list[str]>") == "<文本>"
    assert type_label("<text|json|github>") == "<text|json|github>"
    assert range_label("x>=1") == "≥1"
    assert range_label("1<=x<=5") == "1～5"
    assert usage_line("Usage: ankao merge [OPTIONS] {unit}") == "用法：ankao merge [选项] unit"
    assert join_lines("一行\n两行 and\nmore") == "一行两行 and more"
    assert did_you_mean(["--format", "--force"]) == "；您是不是要输入 --force 或 --format？"
    assert did_you_mean([]) == ""


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            ["chek"],
            "ankao：没有这个命令：chek；您是不是要输入 'check'？（用 ankao --help 查看用法）",
        ),
        (
            ["comments", "merg"],
            "ankao：没有这个命令：merg；您是不是要输入 'merge'？（用 ankao comments --help 查看用法）",
        ),
        (
            ["check", "--fromat", "json"],
            "ankao：没有这个选项：--fromat；您是不是要输入 --format？（用 ankao check --help 查看用法）",
        ),
        (
            ["--versio"],
            "ankao：没有这个选项：--versio；您是不是要输入 --version？（用 ankao --help 查看用法）",
        ),
        (
            ["comments", "merge", "文学院", "--round", "0"],
            "ankao：--round 的值无效：应不小于 1（用 ankao comments merge --help 查看用法）",
        ),
        (
            ["comments", "merge", "文学院", "--round"],
            "ankao：选项 --round 后面要跟一个值（用 ankao comments merge --help 查看用法）",
        ),
        (
            ["comments", "merge", "文学院", "--round", "1", "--force=yes"],
            "ankao：选项 --force 后面不能跟值（用 ankao comments merge --help 查看用法）",
        ),
        (["init", "a", "b"], "ankao：多余的参数：b（用 ankao init --help 查看用法）"),
        (["comments", "merge"], "ankao：缺少参数 单位（用 ankao comments merge --help 查看用法）"),
    ],
)
def test_usage_errors_are_chinese(
    args: list[str], expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_main(app, args) == 2
    err = capsys.readouterr().err.strip()
    assert err == expected
    assert not re.search(
        r"\b(No such|Did you mean|Possible|Option|Got|Input should|Missing)\b", err
    )


def test_every_command_is_drawn_by_ankao_through_typers_cls_hook() -> None:
    """A command registered without `cls=ChineseCommand` would show Typer's English help."""
    from ankao.cli.chinese import ChineseCommand, ChineseGroup

    for path, cmd in SCREENS:
        expected = ChineseGroup if getattr(cmd, "commands", None) is not None else ChineseCommand
        assert isinstance(cmd, expected), f"ankao {' '.join(path)} is a {type(cmd).__name__}"


def test_help_through_typers_own_runner_is_chinese_too() -> None:
    from typer.testing import CliRunner

    result = CliRunner().invoke(app, ["comments", "merge", "--help"], env={"COLUMNS": "80"})
    assert result.exit_code == 0
    assert "用法：ankao comments merge [选项] 单位" in result.output
    assert "<整数>（≥1）" in result.output and "显示本帮助并退出" in result.output
    group = CliRunner().invoke(app, ["comments"], env={"COLUMNS": "80"})
    assert group.exit_code == 0 and "用法：ankao comments [选项] 命令 [参数]..." in group.output


def test_chinese_lines_break_between_characters_not_only_at_spaces() -> None:
    import io

    from rich.console import Console
    from rich.text import Text

    from ankao.cli.cjk import Wrapped, break_offsets

    sentence = "校验并按学校规定检查任务书，给出每本任务书各部分的目标数和定量目标占比。"
    assert break_offsets("ab " + sentence, 20) == [11, 21, 31]  # "书，" ends a line together
    assert break_offsets("其余其余 [默认：text]", 12) == [5]  # `[默认：text]` stays whole

    def printed(renderable: object) -> list[str]:
        out = io.StringIO()
        Console(file=out, width=24, color_system=None).print(renderable)
        return out.getvalue().splitlines()

    plain, wrapped = printed(Text("例 " + sentence)), printed(Wrapped(Text("例 " + sentence)))
    assert plain[0].rstrip() == "例"  # rich alone moves the whole sentence to the next line
    assert wrapped[0].startswith("例 校验并按") and all(len(line) <= 12 for line in wrapped)
    assert "".join(wrapped).replace(" ", "") == ("例" + sentence)
