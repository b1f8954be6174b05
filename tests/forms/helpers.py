"""Shared pieces of the forms tests: forms made and edited (the repository: conftest.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
from typer.testing import CliRunner

from ankao.cli import app

BOOK = Path("taskbooks") / "文学院.yaml"


def cli(*args: str) -> Any:
    return CliRunner().invoke(app, list(args))


def make_form(root: Path, unit: str = "文学院", *extra: str) -> Path:
    out = root / f"{unit}-任务书.xlsx"
    result = cli("form", unit, "-o", str(out), *extra)
    assert result.exit_code == 0, result.output
    return out


def set_cells(
    path: Path, sheet: str, values: dict[str, Any], *, fmt: dict[str, str] | None = None
) -> None:
    """Change cells of a form as a unit would (openpyxl saves it again)."""
    wb = openpyxl.load_workbook(path)
    ws = wb[sheet]
    for ref, value in values.items():
        ws[ref] = value
    for ref, number_format in (fmt or {}).items():
        ws[ref].number_format = number_format
    wb.save(path)


def row_of(path: Path, sheet: str, ident: str) -> int:
    ws = openpyxl.load_workbook(path)[sheet]
    for row in range(1, ws.max_row + 1):
        if ws.cell(row=row, column=1).value == ident:
            return int(row)
    raise AssertionError(f"{ident} not in {sheet}")


def first_empty_row(path: Path, sheet: str) -> int:
    ws = openpyxl.load_workbook(path)[sheet]
    for row in range(4, ws.max_row + 1):
        if all(ws.cell(row=row, column=c).value is None for c in range(1, ws.max_column + 1)):
            return int(row)
    raise AssertionError("no empty row")


def changed_lines(before: str, after: str) -> list[tuple[str, str]]:
    """(old, new) line pairs of a same-length edit; AssertionError when lines were added or removed."""
    a, b = before.splitlines(), after.splitlines()
    assert len(a) == len(b), "lines were added or removed"
    return [(x, y) for x, y in zip(a, b, strict=True) if x != y]
