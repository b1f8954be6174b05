"""The `ankao` command line: one Typer app, one module per family of commands."""

from __future__ import annotations

from ankao.cli import (  # noqa: F401 - importing registers the commands
    assess,
    comments,
    consequences,
    diagnose,
    diff,
    procedure,
    render,
    rules,
    scaffold,
)
from ankao.cli.app import app

__all__ = ["app", "main"]


def main() -> None:
    """Entry point of the `ankao` console script."""
    import gc
    import sys

    # A run builds many small objects that live to its end (node trees, models):
    # collecting every 700 allocations spent half of `check` in the collector.
    gc.set_threshold(50_000, 20, 20)

    from ankao.cli.usage import run_main

    sys.exit(run_main(app))
