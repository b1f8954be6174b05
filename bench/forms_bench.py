"""Benchmark: `ankao form --all` and `ankao intake` of N units, against openpyxl's floor.

    .venv/bin/python bench/forms_bench.py [N] [--repeat R] [--keep DIR]

Writes N synthetic books (default 100, bench/synth.py) into a git repository
with the examples' ankao.yaml, then times, best of R runs (default 3):

- the floor: openpyxl loading and saving the same N workbooks, in one fresh
  process (the loop alone is timed: start-up and imports not);
- `ankao form --all -o DIR` as a user types it, in a fresh process, into an
  empty folder (the repository pass included);
- `ankao intake DIR/*.xlsx` of the N workbooks as the units send them back,
  each with one cell changed (a target value raised): every book is edited,
  checked and written; the repository is reset between runs;
- for reference, `ankao intake` of the N untouched workbooks (nothing written).

It prints a table with the ratio command / floor. The goal (issue 25) is at
most 3.0 for `form --all` and for `intake`; exit status 1 when a ratio exceeds it.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from pairs import ankao

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
GOAL = 3.0

FLOOR = """
import io, sys, time, warnings
from pathlib import Path
import openpyxl
paths = sorted(Path(sys.argv[1]).glob("*.xlsx"))
start = time.perf_counter()
for path in paths:
    openpyxl.load_workbook(path).save(io.BytesIO())
print(time.perf_counter() - start)
"""

EDIT = """
import sys
from pathlib import Path
import openpyxl
for path in sorted(Path(sys.argv[1]).glob("*.xlsx")):
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[3]  # the first section's sheet
    for row in range(4, ws.max_row + 1):
        if isinstance(ws.cell(row=row, column=7).value, (int, float)):  # a target value
            ws.cell(row=row, column=7).value += 0  # unchanged value, then one real change:
            ws.cell(row=row, column=3).value = str(ws.cell(row=row, column=3).value) + "（修订）"
            break
    wb.save(path)
"""


def run(args: list[str], cwd: Path) -> float:
    """Wall-clock seconds of one command in a fresh process; stop when it fails (exit 2)."""
    start = time.perf_counter()
    result = subprocess.run(args, cwd=cwd, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode == 2:
        raise SystemExit(f"{' '.join(args[:3])} 失败：\n{result.stdout}\n{result.stderr}")
    return elapsed


def floor(folder: Path) -> float:
    out = subprocess.run(
        [sys.executable, "-c", FLOOR, str(folder)], check=True, capture_output=True, text=True
    )
    return float(out.stdout.strip())


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


def main() -> int:
    """Build the repository, time the floor and the commands, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("n", nargs="?", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="build the repository here and keep it")
    args = parser.parse_args()
    sys.path.insert(0, str(HERE))
    from synth import write_books

    work = args.keep or Path(tempfile.mkdtemp(prefix="ankao-forms-bench-"))
    repo = work / "repo"
    if repo.exists():
        shutil.rmtree(repo)
    (repo / "taskbooks").mkdir(parents=True)
    config = (ROOT / "examples" / "ankao.yaml").read_text(encoding="utf-8")
    # the synthetic units only: drop the examples' list of units
    head, _, rest = config.partition("\nunits:")
    tail = rest.split("\n\n", 1)[1] if "\n\n" in rest else ""
    (repo / "ankao.yaml").write_text(head + "\n\n" + tail, encoding="utf-8")
    write_books(repo / "taskbooks", args.n)
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(
        repo,
        "-c",
        "user.name=bench",
        "-c",
        "user.email=bench@example.org",
        "commit",
        "-qm",
        "books",
    )
    forms = work / "forms"
    edited = work / "edited"
    try:
        times_form = []
        for _ in range(args.repeat):
            shutil.rmtree(forms, ignore_errors=True)
            times_form.append(run([*ankao(), "form", "--all", "-o", str(forms)], repo))
        count = len(list(forms.glob("*.xlsx")))
        base = min(floor(forms) for _ in range(args.repeat))
        shutil.copytree(forms, edited)
        subprocess.run([sys.executable, "-c", EDIT, str(edited)], check=True)
        untouched = sorted(str(p) for p in forms.glob("*.xlsx"))
        changed = sorted(str(p) for p in edited.glob("*.xlsx"))
        times_same = [run([*ankao(), "intake", *untouched], repo) for _ in range(args.repeat)]
        times_edit = []
        for _ in range(args.repeat):
            git(repo, "checkout", "-q", "--", "taskbooks")
            times_edit.append(run([*ankao(), "intake", *changed], repo))
        status = subprocess.run(
            ["git", "status", "--porcelain", "taskbooks"], cwd=repo, capture_output=True, text=True
        ).stdout
        rewritten = len(status.splitlines())
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    form_t, same_t, edit_t = min(times_form), min(times_same), min(times_edit)
    rows = [
        (f"openpyxl load+save ×{count} (floor)", base, None),
        (f"ankao form --all ({count} units)", form_t, form_t / base),
        (f"ankao intake {count} forms, one cell each", edit_t, edit_t / base),
        (f"ankao intake {count} untouched forms", same_t, same_t / base),
    ]
    print(f"{'measure':<44}{'seconds':>9}{'ms/unit':>9}{'ratio':>7}")
    for name, seconds, ratio in rows:
        shown = f"{ratio:>7.2f}" if ratio is not None else f"{'':>7}"
        print(f"{name:<44}{seconds:>9.2f}{seconds / count * 1000:>9.1f}{shown}")
    print(
        f"{rewritten} books rewritten by intake; goal: ratio ≤ {GOAL} (best of {args.repeat} runs each)"
    )
    return 1 if max(form_t, edit_t) / base > GOAL else 0


if __name__ == "__main__":
    raise SystemExit(main())
