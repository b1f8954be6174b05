"""The `ankao` command line: one Typer app, one module per family of commands.

A command's module registers it on import. `main` imports only the module of
the command being run (all of them for the top-level help, a usage error or
anything it does not recognise), so each command starts about as fast as
Typer itself; `ankao.cli.shared` (the attribute) is the app with every command.
"""

from __future__ import annotations

from typing import Any

__all__ = ["COMMANDS", "app", "load", "main"]

MODULES = (
    "diagnose",
    "scaffold",
    "render",
    "comments",
    "consequences",
    "rules",
    "procedure",
    "diff",
    "assess",
    "forms",
)
"""Every module of commands, in the order `ankao --help` lists their commands."""

COMMANDS = {
    "validate": "diagnose",
    "check": "diagnose",
    "init": "scaffold",
    "new": "scaffold",
    "render": "render",
    "comments": "comments",
    "consequences": "consequences",
    "rules": "rules",
    "approve": "procedure",
    "status": "procedure",
    "summary": "procedure",
    "diff": "diff",
    "textconv": "diff",
    "assess": "assess",
    "form": "forms",
    "intake": "forms",
}
"""The module that registers each top-level command."""


def load(modules: tuple[str, ...] = MODULES) -> Any:
    """The Typer app with the commands of `modules` registered (all by default)."""
    import importlib

    for name in modules:
        importlib.import_module(f"ankao.cli.{name}")
    from ankao.cli.shared import app

    return app


def __getattr__(name: str) -> Any:
    if name == "app":
        return load()
    raise AttributeError(f"module 'ankao.cli' has no attribute {name!r}")


def _modules_for(argv: list[str]) -> tuple[str, ...]:
    """The command modules a command line needs."""
    if argv in (["--version"], ["-V"]):
        return ()
    first = next((a for a in argv if not a.startswith("-")), None)
    if first in COMMANDS and argv[0] == first:
        return (COMMANDS[first],)
    return MODULES


def main() -> None:
    """Entry point of the `ankao` console script."""
    import gc
    import sys

    # A run builds many small objects that live to its end (node trees, models):
    # collecting every 700 allocations spent half of `check` in the collector.
    gc.set_threshold(50_000, 20, 20)

    try:
        from ankao.cli.usage import run_main

        app = load(_modules_for(sys.argv[1:]))
    except KeyboardInterrupt:  # Ctrl-C while the commands are still being imported
        print("ankao：已中断", file=sys.stderr)
        sys.exit(130)
    sys.exit(run_main(app))
