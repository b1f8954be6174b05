"""Benchmark: `ankao render` of N books, as the user runs it, against python-docx's floor.

    .venv/bin/python bench/render_bench.py [N] [--repeat R] [--keep DIR]

Writes N synthetic books (default 100, bench/synth.py) into a repository with
the examples' ankao.yaml, then times R alternating pairs (default 5) of:

- the floor: python-docx opening and saving reference.docx N times, in one
  run (a fresh process; the loop alone is timed, start-up and imports not) —
  the reference as it was before issue 24 (bench/reference-2026-before-i24.docx),
  so that a lighter template is not how the ratio improves;
- `ankao render <repo> -o <out>` as a user types it: the installed `ankao` in
  a fresh process, loading, schema checks, rules and rendering included, into
  an empty folder;
- the same again over its own outputs (each one checked before it is replaced);
- for reference, `ankao check <repo>`: the repository pass alone, which render
  runs first (loading, schema, rules), so the difference is the rendering.

and then, best of R runs, the same render over its own outputs and `ankao check`.
It prints a table with the ratio command / floor: for the render into an empty
folder the median of the R pair ratios (a pair's two runs see the same load on a
shared machine). The goal (issue 24) is at most 1.5; exit status 1 above it.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from pairs import ankao, median_ratio, pair

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
GOAL = 1.5
BASELINE = HERE / "reference-2026-before-i24.docx"

FLOOR = """
import io, sys, time
import docx
path, n = sys.argv[1], int(sys.argv[2])
start = time.perf_counter()
for _ in range(n):
    docx.Document(path).save(io.BytesIO())
print(time.perf_counter() - start)
"""


def floor(n: int) -> float:
    """Seconds python-docx takes to open and save reference.docx n times in one process."""
    reference = BASELINE
    out = subprocess.run(
        [sys.executable, "-c", FLOOR, str(reference), str(n)],
        check=True,
        capture_output=True,
        text=True,
    )
    return float(out.stdout.strip())


def command(repo: Path, out: Path, *, fresh: bool) -> float:
    """Wall-clock seconds of `ankao render repo -o out` in a fresh process."""
    if fresh and out.exists():
        shutil.rmtree(out)
    start = time.perf_counter()
    result = subprocess.run(
        [*ankao(), "render", str(repo), "-o", str(out)], capture_output=True, text=True
    )
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(
            f"ankao render 失败（{result.returncode}）：\n{result.stdout}\n{result.stderr}"
        )
    return elapsed


def check(repo: Path) -> float:
    """Wall-clock seconds of `ankao check repo` (the same repository pass, no documents)."""
    start = time.perf_counter()
    subprocess.run([*ankao(), "check", str(repo)], capture_output=True, text=True)
    return time.perf_counter() - start


def main() -> int:
    """Build the repository, time the floor and the command, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("n", nargs="?", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=5, help="alternating pairs (default 5)")
    parser.add_argument("--keep", type=Path, help="build the repository here and keep it")
    args = parser.parse_args()
    sys.path.insert(0, str(HERE))
    from synth import write_books

    work = args.keep or Path(tempfile.mkdtemp(prefix="ankao-render-bench-"))
    repo = work / "repo"
    if repo.exists():
        shutil.rmtree(repo)
    (repo / "taskbooks").mkdir(parents=True)
    shutil.copy(ROOT / "examples" / "ankao.yaml", repo / "ankao.yaml")
    write_books(repo / "taskbooks", args.n)
    out = work / "out"
    try:
        pairs = [
            pair(lambda: floor(args.n), lambda: command(repo, out, fresh=True))
            for _ in range(args.repeat)
        ]
        ratio = median_ratio(pairs)
        base = statistics.median(f for f, _ in pairs)
        cold = statistics.median(c for _, c in pairs)
        again = min(command(repo, out, fresh=False) for _ in range(args.repeat))
        checked = min(check(repo) for _ in range(args.repeat))
        written = len(list(out.glob("*.docx")))
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    rows = [
        (f"python-docx open+save reference.docx ×{args.n}", base, None),
        (f"ankao render {args.n} books (empty folder)", cold, ratio),
        (f"ankao render {args.n} books (replacing its own)", again, again / base),
        (f"  of which the pass (ankao check {args.n} books)", checked, checked / base),
    ]
    print(f"{'measure':<48}{'seconds':>9}{'ms/book':>9}{'ratio':>7}")
    for name, seconds, ratio in rows:
        shown = f"{ratio:>7.2f}" if ratio is not None else f"{'':>7}"
        print(f"{name:<48}{seconds:>9.2f}{seconds / args.n * 1000:>9.1f}{shown}")
    print(
        f"{written} documents written; goal: ratio ≤ {GOAL} (render into an empty folder: "
        f"median of {args.repeat} alternating pairs; the others best of {args.repeat})"
    )
    return 1 if ratio > GOAL else 0


if __name__ == "__main__":
    raise SystemExit(main())
