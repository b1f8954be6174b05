"""Benchmark: `ankao check` against `ankao validate` on N synthetic task books.

    .venv/bin/python bench/check_bench.py [N] [--repeat R] [--keep DIR]

Writes N books (default 1000) with bench/synth.py's `write_books`, runs each
command R times (default 3, alternating, best time kept) as a user would run
it — the installed `ankao` in a fresh process, output to a pipe — in text and
in JSON, and prints a table with the ratio check / validate. The goal is a
ratio of at most 1.5. Exit status 1 when a ratio exceeds it.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
GOAL = 1.5


def ankao() -> list[str]:
    """The command line of the installed `ankao` next to this Python."""
    exe = Path(sys.executable).with_name("ankao")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "ankao"]


def timed(args: list[str], cwd: Path) -> tuple[float, subprocess.CompletedProcess[str]]:
    start = time.perf_counter()
    done = subprocess.run([*ankao(), *args], cwd=cwd, capture_output=True, text=True, check=False)
    return time.perf_counter() - start, done


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", nargs="?", type=int, default=1000, help="number of books (default 1000)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per command; the best is kept")
    parser.add_argument("--keep", type=Path, help="write the books here and keep them")
    opts = parser.parse_args()

    sys.path.insert(0, str(HERE))
    from synth import write_books

    root = opts.keep or Path(tempfile.mkdtemp(prefix="ankao-bench-"))
    note = ""
    try:
        write_books(root / "taskbooks", opts.n)
        # The books are meant to be clean; a few findings change little, but say so.
        _, first = timed(["check", "taskbooks", "--format", "json"], root)
        found = json.loads(first.stdout)
        summary = found["summary"]
        if summary["errors"] or summary["warnings"]:
            codes = sorted({d["code"] for d in found["diagnostics"]})
            note = (f"注意：合成任务书并不都干净：{summary['errors']} 个错误、{summary['warnings']} 个警告"
                    f"（{'、'.join(codes)}）")
        best: dict[tuple[str, str], float] = {}
        for _ in range(opts.repeat):
            for fmt in ("text", "json"):
                for command in ("validate", "check"):
                    seconds, done = timed([command, "taskbooks", "--format", fmt], root)
                    if done.returncode not in (0, 1):
                        print(done.stdout[-2000:], done.stderr[-2000:], file=sys.stderr)
                        return 1
                    key = (command, fmt)
                    best[key] = min(best.get(key, seconds), seconds)
    finally:
        if opts.keep is None:
            shutil.rmtree(root, ignore_errors=True)

    print(f"{opts.n} 本合成任务书，每项取 {opts.repeat} 次中最快的一次（秒）")
    print(f"{'格式':<6}{'validate':>10}{'check':>10}{'check/validate':>16}")
    worst = 0.0
    for fmt in ("text", "json"):
        v, c = best[("validate", fmt)], best[("check", fmt)]
        worst = max(worst, c / v)
        print(f"{fmt:<8}{v:>10.2f}{c:>10.2f}{c / v:>16.2f}")
    print(f"目标：check ≤ {GOAL}× validate —— {'达到' if worst <= GOAL else '未达到'}（最大 {worst:.2f}×）")
    if note:
        print(note)
    return 0 if worst <= GOAL else 1


if __name__ == "__main__":
    sys.exit(main())
