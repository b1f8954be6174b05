"""Usage errors are one Chinese line and exit 2; help is Chinese (SPEC §3)."""

from __future__ import annotations

import pytest

from ankao.cli import app
from ankao.cli.usage import run_main, translate


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["new"], "ankao：缺少参数 单位（用 ankao new --help 查看用法）"),
        (
            ["new", "文学院"],
            "ankao：缺少选项 --kind（可选：office、teaching）（用 ankao new --help 查看用法）",
        ),
        (
            ["new", "文学院", "--kind", "college"],
            "ankao：--kind 的值无效：“college”不是可选值，可选：office, teaching（用 ankao new --help 查看用法）",
        ),
        (
            ["validate", "--bogus"],
            "ankao：没有这个选项：--bogus（用 ankao validate --help 查看用法）",
        ),
        (["frobnicate"], "ankao：没有这个命令：frobnicate（用 ankao --help 查看用法）"),
    ],
)
def test_usage_errors_are_chinese_and_exit_2(
    args: list[str], expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_main(app, args) == 2
    err = capsys.readouterr().err
    assert err.strip() == expected
    assert "Traceback" not in err


def test_missing_file_is_one_line_and_exit_2(
    tmp_path: pytest.TempPathFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_main(app, ["validate", "没有这个文件.yaml"]) == 2
    err = capsys.readouterr().err
    assert err.strip() == "ankao：找不到文件或文件夹：没有这个文件.yaml"


def test_help_is_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_main(app, ["--help"]) == 0
    out = capsys.readouterr().out
    assert "命令" in out and "选项" in out and "显示本帮助并退出" in out


def test_no_arguments_shows_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_main(app, []) == 0
    assert "validate" in capsys.readouterr().out


def test_unknown_messages_pass_through() -> None:
    assert translate("Something new.") == "Something new."


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_main(app, ["--version"]) == 0
    assert capsys.readouterr().out.startswith("ankao ")


def test_non_integer_option_is_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_main(app, ["consequences", "--year", "abc"]) == 2
    assert (
        capsys.readouterr().err.strip()
        == "ankao：--year 的值无效：应为整数（用 ankao consequences --help 查看用法）"
    )
