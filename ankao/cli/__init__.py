"""The `ankao` command line: one Typer app, one module per family of commands."""

from __future__ import annotations

from ankao.cli import comments, consequences, diagnose, procedure, render, scaffold  # noqa: F401 - importing registers the commands
from ankao.cli.app import app

__all__ = ["app", "main"]


def main() -> None:
    """Entry point of the `ankao` console script."""
    import sys

    from ankao.cli.usage import run_main

    sys.exit(run_main(app))
