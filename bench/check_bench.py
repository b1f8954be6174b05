"""Benchmark: `ankao check` against `ankao validate` on a whole synthetic repository.

    .venv/bin/python bench/check_bench.py [N] [--repeat R] [--keep DIR] [--instructions]

Writes a repository of N books (default 1000) with bench/synth.py's
`write_books`, a review round (three departments and the unit's response) for
every unit and two years of grades, then runs each command with no PATH (the
whole repository, so `check` also runs the cross-file checks) R times
(default 7, alternating, best time kept) as a user would run it — the
installed `ankao` in a fresh process, output to a pipe — in text and in JSON,
and prints a table: the best time of each, their ratio, and the median of the
ratios of back-to-back pairs (each command going first in turn). The paired
median is the figure judged: on a shared machine whose speed drifts by 30 %
from one minute to the next, a pair run together sees the same machine, and
a best-of-N of each does not. There a pair's ratio still moves by ±7 %, so
the median needs some seven pairs to be steady. Beside them, the CPU time
of each (the command and its workers). With --instructions it also counts
each command's machine instructions under valgrind, which do not vary from
run to run at all. The goal is a wall-time ratio of at most 1.2. Exit
status 1 when it exceeds it.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from pairs import Best, ankao, pair, timed

HERE = Path(__file__).resolve().parent
GOAL = 1.2


def instructions(args: list[str], cwd: Path) -> float:
    """Machine instructions the command executes, its worker processes included (billions).

    Counted by valgrind (cachegrind, no cache simulation): unlike time, the count does
    not move with what else the machine is doing, so it tells a 5 % change apart on a
    shared machine where run times vary by 30 %.
    """
    with tempfile.TemporaryDirectory() as scratch:
        done = subprocess.run(
            [
                "valgrind",
                "--tool=cachegrind",
                "--cache-sim=no",
                "--trace-children=yes",
                f"--cachegrind-out-file={scratch}/cg.%p",
                *ankao(),
                *args,
            ],
            cwd=cwd,
            capture_output=True,
            text=True,
            check=False,
        )
    counts = [
        int(line.split(":", 1)[1].replace(",", ""))
        for line in done.stderr.splitlines()
        if "I   refs:" in line or "I    refs:" in line
    ]
    if not counts:
        raise SystemExit(f"valgrind 没有给出指令数：{done.stderr[-500:]}")
    return sum(counts) / 1e9


def write_repository(root: Path, n: int) -> None:
    """Books, a review round per unit (3 departments + response) and two years of grades."""
    import yaml

    sys.path.insert(0, str(HERE))
    from synth import write_books

    (root / "ankao.yaml").write_text("school: 合成学院\n", encoding="utf-8")
    grades: dict[str, str] = {}
    for i, path in enumerate(write_books(root / "taskbooks", n)):
        book = yaml.safe_load(path.read_text(encoding="utf-8"))
        unit = book["unit"]
        ids = [
            t["id"]
            for key, items in book["goals"].items()
            if isinstance(items, list)
            for t in items
        ]
        folder = root / "reviews" / unit
        folder.mkdir(parents=True)
        answers = []
        for d, dept in enumerate(("教务处", "人事处", "科技处")):
            comments = [
                {
                    "id": f"{dept}-{k + 1}",
                    "ref": ids[(d * 3 + k) % len(ids)],
                    "text": f"第{k + 1}条意见：目标值偏低，建议提高。",
                    "kind": "建议",
                }
                for k in range(3)
            ]
            review = {
                "unit": unit,
                "round": 1,
                "reviewer": dept,
                "date": "2025-03-10",
                "comments": comments,
            }
            (folder / f"r1-{dept}.yaml").write_text(
                yaml.safe_dump(review, allow_unicode=True, sort_keys=False), encoding="utf-8"
            )
            answers += [{"to": c["id"], "answer": "采纳", "note": "已修改"} for c in comments]
        response = {"unit": unit, "round": 1, "answers": answers}
        (folder / "r1-response.yaml").write_text(
            yaml.safe_dump(response, allow_unicode=True, sort_keys=False), encoding="utf-8"
        )
        grades[unit] = ("优秀", "良好", "良好", "一般")[i % 4]
    (root / "grades").mkdir()
    for year in (2024, 2025):
        text = yaml.safe_dump({"year": year, "grades": grades}, allow_unicode=True, sort_keys=False)
        (root / "grades" / f"{year}.yaml").write_text(text, encoding="utf-8")


def measure(command: str, fmt: str, root: Path, best: Best) -> float:
    """Wall seconds of `ankao <command> --format <fmt>` in `root`, its best kept; exit 1 when it fails."""
    seconds, used, done = timed([command, "--format", fmt], root)
    if done.returncode not in (0, 1):
        print(done.stdout[-2000:], done.stderr[-2000:], file=sys.stderr)
        raise SystemExit(1)
    best.add((command, fmt), seconds, used)
    return seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "n", nargs="?", type=int, default=1000, help="number of books (default 1000)"
    )
    parser.add_argument(
        "--repeat", type=int, default=7, help="runs per command (pairs); the best is kept"
    )
    parser.add_argument(
        "--instructions",
        action="store_true",
        help="also count each command's machine instructions with valgrind (slow, steady)",
    )
    parser.add_argument(
        "--keep",
        type=Path,
        help="write the repository here and keep it; one already there (ankao.yaml) is reused",
    )
    opts = parser.parse_args()

    root = opts.keep or Path(tempfile.mkdtemp(prefix="ankao-bench-"))
    note = ""
    try:
        if opts.keep is None or not (root / "ankao.yaml").exists():
            root.mkdir(parents=True, exist_ok=True)
            write_repository(root, opts.n)
        files = sum(1 for _ in root.rglob("*.yaml"))
        # The books are meant to be clean; a few findings change little, but say so.
        _, _, first = timed(["check", "--format", "json"], root)
        found = json.loads(first.stdout)
        summary = found["summary"]
        if summary["errors"] or summary["warnings"]:
            codes = sorted({d["code"] for d in found["diagnostics"]})
            note = (
                f"注意：合成任务书并不都干净：{summary['errors']} 个错误、{summary['warnings']} 个警告"
                f"（{'、'.join(codes)}）"
            )
        best = Best()
        pairs: dict[str, list[float]] = {"text": [], "json": []}
        for turn in range(opts.repeat):
            for fmt in ("text", "json"):
                # back to back, each going first in turn: the pair's ratio cancels the
                # machine's own drift, which a best-of-N of each command does not
                v, c = pair(
                    lambda fmt=fmt: measure("validate", fmt, root, best),
                    lambda fmt=fmt: measure("check", fmt, root, best),
                    swap=turn % 2 == 1,
                )
                pairs[fmt].append(c / v)
        counted: dict[tuple[str, str], float] = {}
        if opts.instructions:
            for fmt in ("text", "json"):
                for command in ("validate", "check"):
                    counted[(command, fmt)] = instructions([command, "--format", fmt], root)
    finally:
        if opts.keep is None:
            shutil.rmtree(root, ignore_errors=True)

    print(
        f"整个合成仓库：{opts.n} 本任务书，共 {files} 个文件；每项运行 {opts.repeat} 次，"
        "时间取最快的一次（秒）；“逐对之比”是紧挨着运行的每对 check/validate 之比"
    )
    print(
        f"{'格式':<6}{'validate':>10}{'check':>10}{'最快之比':>10}{'逐对之比中位数':>10}"
        f"{'CPU validate':>14}{'CPU check':>11}{'CPU 比':>8}"
    )
    worst = 0.0
    for fmt in ("text", "json"):
        v, c = best.wall[("validate", fmt)], best.wall[("check", fmt)]
        cv, cc = best.cpu[("validate", fmt)], best.cpu[("check", fmt)]
        paired = statistics.median(pairs[fmt])
        worst = max(worst, paired)
        print(
            f"{fmt:<8}{v:>10.2f}{c:>10.2f}{c / v:>14.2f}{paired:>18.2f}"
            f"{cv:>14.2f}{cc:>11.2f}{cc / cv:>9.2f}"
        )
    if counted:
        print(
            f"{'格式':<6}{'指令数 validate':>16}{'指令数 check':>14}{'比':>8}（十亿条，valgrind）"
        )
        for fmt in ("text", "json"):
            v, c = counted[("validate", fmt)], counted[("check", fmt)]
            print(f"{fmt:<8}{v:>16.2f}{c:>14.2f}{c / v:>9.3f}")
    print(
        f"目标：check ≤ {GOAL}× validate —— {'达到' if worst <= GOAL else '未达到'}（最大 {worst:.2f}×）"
    )
    if note:
        print(note)
    return 0 if worst <= GOAL else 1


if __name__ == "__main__":
    sys.exit(main())
