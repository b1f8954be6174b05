"""Shared pieces of the forms tests: a git repository of the examples, forms made and edited."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import openpyxl
from typer.testing import CliRunner

from ankao.cli import app

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
BOOK = Path("taskbooks") / "文学院.yaml"


def git(root: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", *args], cwd=root, capture_output=True, text=True, check=True, timeout=60
    )
    return done.stdout.strip()


def commit(root: Path, message: str) -> None:
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message)


def setup_repo(tmp_path: Path, monkeypatch: Any) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(EXAMPLES, root)
    monkeypatch.chdir(root)
    for name in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{name}_NAME", "测试")
        monkeypatch.setenv(f"GIT_{name}_EMAIL", "test@example.org")
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "gitconfig"))
    git(root, "init", "-q")
    commit(root, "第一版")
    return root


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
