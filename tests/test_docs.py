"""Every command has Chinese help ending with an example, and the README names it."""

from __future__ import annotations

from pathlib import Path

import typer
import typer.main

from ankao.cli import app

README = Path(__file__).resolve().parent.parent / "README.md"


def _commands() -> list[tuple[str, object]]:
    group = typer.main.get_command(app)
    out = []
    stack = [("", group)]
    while stack:
        prefix, cmd = stack.pop()
        sub = getattr(cmd, "commands", None)
        if sub:
            for name, child in sub.items():
                stack.append((f"{prefix} {name}".strip(), child))
        elif prefix:
            out.append((prefix, cmd))
    return sorted(out, key=lambda c: c[0])


def test_there_are_commands() -> None:
    names = [name for name, _ in _commands()]
    assert {"validate", "check", "init", "new"} <= set(names)


def test_every_command_has_help_with_an_example() -> None:
    for name, cmd in _commands():
        text = getattr(cmd, "help", None) or ""
        assert text.strip(), f"{name} has no help"
        assert "例：ankao " in text, f"{name}: help must end with an example (例：ankao …)"
        assert any("\u4e00" <= ch <= "\u9fff" for ch in text), f"{name}: help must be Chinese"


def test_readme_opens_with_the_two_commands() -> None:
    text = README.read_text(encoding="utf-8")
    first_code = text.split("```", 2)[1]
    lines = [ln.strip() for ln in first_code.splitlines()[1:] if ln.strip()]
    assert lines == ["make demo", "make test"]


def test_readme_names_every_command() -> None:
    text = README.read_text(encoding="utf-8")
    for name, _ in _commands():
        assert f"ankao {name}" in text, f"README does not mention `ankao {name}`"


def test_every_command_answers_help() -> None:
    from typer.testing import CliRunner

    runner = CliRunner()
    for name, _ in _commands():
        result = runner.invoke(app, [*name.split(), "--help"])
        assert result.exit_code == 0, (name, result.output)
        assert "例：" in result.output
    assert isinstance(typer.__version__, str)
