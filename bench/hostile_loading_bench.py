"""Hostile inputs at the size limit: time and peak memory of `ankao validate` on each.

    .venv/bin/python bench/hostile_loading_bench.py [--ankao CMD]

Writes each worst shape of issue 11 (just under the 1 MiB limit) into a fresh
repository, runs `ankao validate --format json` on it in a new process, and
prints a table: seconds (start-up included), peak resident memory, exit status
and the first finding's code. The goal is every row under 20 s and 3 GiB.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

LIMIT = 1024 * 1024 - 1024
BOOK = (
    Path(__file__).resolve().parent.parent
    / "tests/cases/valid/teaching-minimal/taskbooks/文学院.yaml"
)


def fill(head: str, unit: Callable[[int], str]) -> str:
    """`head`, then `unit(i)` for i = 0, 1, … while the whole stays under the limit."""
    out, size, index = [head], len(head.encode()), 0
    while True:
        part = unit(index)
        size += len(part.encode())
        if size > LIMIT:
            return "".join(out)
        out.append(part)
        index += 1


SHAPES: dict[str, tuple[str, Callable[[], str]]] = {
    "850 KB string aliased 4,000 times": (
        "taskbooks/a.yaml",
        lambda: f"big: &a {'x' * 850_000}\nlist:\n" + "  - *a\n" * 4000,
    ),
    "quoted continuations with ：": (
        "taskbooks/a.yaml",
        lambda: fill("", lambda i: f'k{i}: "第一行\n  第二：行\n  第三：行"\n'),
    ),
    "40,000 unknown keys": (
        "taskbooks/a.yaml",
        lambda: fill(BOOK.read_text(encoding="utf-8"), lambda i: f"u{i}: 1\n"),
    ),
    "unknown grades": (
        "grades/2025.yaml",
        lambda: fill("year: 2025\ngrades:\n", lambda i: f"  单位{i}: 很好\n"),
    ),
    "grades: 32,000 wrong findings": (
        "grades/2025.yaml",
        lambda: fill("year: 2025.0\nfindings:\n", lambda i: f"  - {{unit: 单位{i}, type: x}}\n"),
    ),
    "1 MiB of control characters": (
        "taskbooks/a.yaml",
        lambda: "a: " + "\x01" * (LIMIT - 10) + "\n",
    ),
    "duplicate keys": ("taskbooks/a.yaml", lambda: fill("", lambda i: f"a: {i}\n")),
    "U+2028 / U+2029 / NEL": (
        "taskbooks/a.yaml",
        lambda: fill("", lambda i: f"k{i}: a\u2028b\u2029c\x85d\n"),
    ),
    "unclosed quotes": ("taskbooks/a.yaml", lambda: fill("", lambda i: f'k{i}: "a\nb{i}: c"\n')),
    "400,000 nested [": ("taskbooks/a.yaml", lambda: "a: " + "[" * 400_000 + "]" * 400_000 + "\n"),
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--ankao", default=f"{shlex.quote(sys.executable)} -m ankao", help="the command to run"
    )
    args = parser.parse_args()
    print(f"{'input':36} {'seconds':>8} {'peak MiB':>9} {'exit':>5}  first finding")
    worst = 0.0
    for name, (rel, make) in SHAPES.items():
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp)
            (root / "ankao.yaml").write_text("school: 示例大学\n", encoding="utf-8")
            path = root / rel
            path.parent.mkdir(parents=True)
            path.write_text(make(), encoding="utf-8")
            start = time.monotonic()
            with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
                proc = subprocess.Popen(
                    [*shlex.split(args.ankao), "validate", "--format", "json"],
                    cwd=root,
                    stdout=out,
                    stderr=err,
                    env={**os.environ, "PYTHONIOENCODING": "utf-8"},
                )
                _, status, usage = os.wait4(proc.pid, 0)
                proc.returncode = os.waitstatus_to_exitcode(status)
                seconds = time.monotonic() - start
                out.seek(0)
                err.seek(0)
                stdout, stderr = out.read(), err.read()
            peak = usage.ru_maxrss / 1024
            try:
                first = json.loads(stdout)["diagnostics"][0]["code"]
            except (ValueError, LookupError):
                first = (stderr.decode(errors="replace").strip().splitlines() or ["?"])[-1]
            worst = max(worst, seconds)
            print(f"{name:36} {seconds:8.2f} {peak:9.0f} {proc.returncode:5}  {first}")
    print(f"\nslowest: {worst:.2f} s (goal: under 20 s each)")
    return 0 if worst < 20 else 1


if __name__ == "__main__":
    sys.exit(main())
