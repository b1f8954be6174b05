"""Benchmark: `ankao status` on N synthetic task books with approvals and reviews.

    .venv/bin/python bench/status_bench.py [N] [--repeat R] [--keep DIR]

Writes N books (default 1000) with bench/synth.py's `write_books`, an
`ankao.yaml` listing them and some units not yet submitted, an approvals file
for most units (stages up to a unit-dependent point, each with the book's
fingerprint; every tenth one recorded for an earlier version, so
`changed-after-approval` fires), and for every other unit a review round from
two departments with a partial response. Then runs `ankao status` (text and
JSON) `ankao assess`, `ankao assess --all`, `ankao summary` and, for reference, `ankao check`
R times each (default 3, best kept) as
a user would — the installed `ankao` in a fresh process, output to a pipe —
and prints a table. The goals: `ankao status` under 10 s for 1,000 books, and
status, assess, assess --all and summary within 2× of check on the same repository
(issue 27: 5,000 books, `bench/status_bench.py 5000 --repeat 1`). Exit status 1 when
one is missed.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

from pairs import Best, timed

HERE = Path(__file__).resolve().parent
GOAL = 10.0
PATH = [
    "unit_signed",
    "supervisor_signed",
    "submitted",
    "reviewed",
    "revised",
    "reviewed",
    "revised",
    "office_approved",
    "leader_approved",
    "committee_approved",
    "signed",
]


def build(root: Path, n: int) -> dict[str, int]:
    """The synthetic repository: books, ankao.yaml, approvals, reviews; counts of each."""
    sys.path.insert(0, str(HERE))
    from synth import write_books

    from ankao.load.document import load_file
    from ankao.model.build import fingerprint

    paths = write_books(root / "taskbooks", n)
    units: list[tuple[str, str, str, list[str]]] = []
    for path in paths:
        text = path.read_text(encoding="utf-8")
        unit = re.search(r"^unit: (.+)$", text, re.M)
        kind = re.search(r"^kind: (\w+)$", text, re.M)
        assert unit and kind
        ids = re.findall(r"^    - id: (\S+)$", text, re.M)
        data = load_file(path).data
        units.append((unit.group(1).strip('"'), kind.group(1), fingerprint(data), ids))
    config = ["term: {start: 2024, end: 2027}", "units:"]
    config += [f"  {u}: {k}" for u, k, _, _ in units]
    config += [f"  未提交单位{i:03d}: office" for i in range(max(1, n // 50))]
    (root / "ankao.yaml").write_text("\n".join(config) + "\n", encoding="utf-8")
    counts = {"books": n, "approvals": 0, "reviews": 0, "responses": 0}
    (root / "approvals").mkdir()
    for i, (unit, _, fp, ids) in enumerate(units):
        reach = i % (len(PATH) + 2)
        if reach:
            lines = ["# 程序记录（合成）", f"unit: {unit}", "events:"]
            stale = "sha256:" + "0" * 64 if i % 10 == 0 else fp
            round_ = 0
            for step, stage in enumerate(PATH[:reach]):
                lines += [
                    f"  - stage: {stage}",
                    f"    date: '2024-{3 + step // 4:02d}-{1 + step * 2:02d}'",
                ]
                if stage == "reviewed":
                    round_ += 1
                if stage in ("reviewed", "revised"):
                    lines.append(f"    round: {round_}")
                lines.append(f"    fingerprint: {stale}")
            (root / "approvals" / f"{unit}.yaml").write_text(
                "\n".join(lines) + "\n", encoding="utf-8"
            )
            counts["approvals"] += 1
        if i % 2 == 0 and ids:
            folder = root / "reviews" / unit
            folder.mkdir(parents=True)
            for dept, picks in (("教务处", ids[::3][:6]), ("人事处", ids[1::4][:4])):
                body = [
                    f"unit: {unit}",
                    "round: 1",
                    f"reviewer: {dept}",
                    "date: '2024-04-10'",
                    "comments:",
                ]
                for k, ref in enumerate(picks, start=1):
                    body += [
                        f"  - id: {dept}-{k}",
                        f"    ref: {ref}",
                        f"    text: 第{k}条意见：目标值建议再论证。",
                        "    kind: 建议",
                    ]
                (folder / f"r1-{dept}.yaml").write_text("\n".join(body) + "\n", encoding="utf-8")
                counts["reviews"] += 1
            answers = ["answers:"] + [f"  - {{to: 教务处-{k}, answer: 采纳}}" for k in range(1, 4)]
            (folder / "r1-response.yaml").write_text(
                f"unit: {unit}\nround: 1\n" + "\n".join(answers) + "\n", encoding="utf-8"
            )
            counts["responses"] += 1
    return counts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "n", nargs="?", type=int, default=1000, help="number of books (default 1000)"
    )
    parser.add_argument("--repeat", type=int, default=3, help="runs per command; the best is kept")
    parser.add_argument("--keep", type=Path, help="write the repository here and keep it")
    opts = parser.parse_args()

    root = opts.keep or Path(tempfile.mkdtemp(prefix="ankao-status-bench-"))
    root.mkdir(parents=True, exist_ok=True)
    try:
        counts = build(root, opts.n)
        timings = Best()
        rows = changed = 0
        for _ in range(opts.repeat):
            for name, args in (
                ("status", ["status"]),
                ("status --format json", ["status", "--format", "json"]),
                ("assess", ["assess"]),
                ("assess --all", ["assess", "--all"]),
                ("summary", ["summary"]),
                ("check（参考）", ["check"]),
            ):
                seconds, used, done = timed(args, root)
                if done.returncode not in (0, 1):
                    print(done.stdout[-2000:], done.stderr[-2000:], file=sys.stderr)
                    return 1
                if name == "status --format json":
                    units = json.loads(done.stdout)["units"]
                    rows = len(units)
                    changed = sum(1 for u in units if u["changed_after_approval"])
                timings.add(name, seconds, used)
    finally:
        if opts.keep is None:
            shutil.rmtree(root, ignore_errors=True)
    best, cpu = timings.wall, timings.cpu

    print(
        f"{counts['books']} 本合成任务书，{counts['approvals']} 个程序记录，{counts['reviews']} 个审核意见文件，"
        f"{counts['responses']} 个答复；每项取 {opts.repeat} 次中最快的一次"
    )
    print(f"{'命令':<22}{'用时（秒）':>10}{'CPU（秒）':>10}")
    for name, seconds in best.items():
        print(f"{name:<24}{seconds:>10.2f}{cpu[name]:>10.2f}")
    print(f"（本机 {os.cpu_count()} 核；CPU 秒为各进程合计，空闲机器上用时约为 CPU 秒 ÷ 核数）")
    worst = max(best["status"], best["status --format json"])
    print(f"status 列出 {rows} 个单位，其中 {changed} 个批准后有改动")
    print(
        f"目标：ankao status < {GOAL:.0f} 秒 —— {'达到' if worst < GOAL else '未达到'}（{worst:.2f} 秒）"
    )
    check = best["check（参考）"]
    slowest = max(
        ("status", "status --format json", "assess", "assess --all", "summary"),
        key=best.__getitem__,
    )
    ratio = best[slowest] / check
    print(
        f"目标：status、assess、assess --all、summary 不超过 check 的 2 倍 —— "
        f"{'达到' if ratio <= 2 else '未达到'}（最慢的 {slowest} 是 check 的 {ratio:.2f} 倍）"
    )
    return 0 if worst < GOAL and ratio <= 2 else 1


if __name__ == "__main__":
    sys.exit(main())
