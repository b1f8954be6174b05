"""Benchmark: `ankao validate` against check-jsonschema, and `ankao --version` against `import typer`.

Generates N synthetic task books (bench/synth.py) in a temporary folder, then
times, best of --repeat runs each:
  * `ankao validate <folder>` over all N books (both kinds, line numbers included);
  * `check-jsonschema --schemafile schemas/teaching.schema.json` over the teaching
    books plus `--schemafile schemas/office.schema.json` over the office books
    (two runs, summed: it has one schema per run);
  * `ankao --version` against `python -c "import typer"` (the floor).
  * the floor: PyYAML's C loader reading the same files on all cores, with
    nothing else (a fresh process, as ankao runs).
Goals: validate within 2x of the floor; validate in at most a third of
check-jsonschema's time; `ankao --version` within 1.5x of importing typer.

    .venv/bin/python bench/validate_bench.py [-n 1000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BIN = Path(sys.executable).parent
sys.path.insert(0, str(HERE))

from synth import write_books  # noqa: E402


def _tool(name: str) -> str:
    local = BIN / name
    found = str(local) if local.exists() else shutil.which(name)
    if not found:
        raise SystemExit(f"找不到 {name}：请先安装（pip install '.[dev]'）")
    return found


FLOOR = """
import os, sys, yaml
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

def load(path):
    with open(path, "rb") as fh:
        return yaml.load(fh, Loader=yaml.CSafeLoader) is not None

if __name__ == "__main__":
    files = sorted(str(p) for p in Path(sys.argv[1]).rglob("*.yaml"))
    cores = os.cpu_count() or 1
    with ProcessPoolExecutor(cores) as pool:
        print(sum(pool.map(load, files, chunksize=max(4, len(files) // (cores * 8)))))
"""
"""PyYAML's C loader on every file, across all cores: what reading the books costs at least."""


def timed(cmd: list[str], *, cwd: Path, repeat: int, ok: tuple[int, ...] = (0,)) -> float:
    """Best wall time of `repeat` runs; fails loudly on an unexpected exit status."""
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
        elapsed = time.perf_counter() - started
        if proc.returncode not in ok:
            raise SystemExit(
                f"{' '.join(cmd[:3])} … 退出状态 {proc.returncode}\n{proc.stdout[-2000:]}{proc.stderr[-2000:]}"
            )
        best = min(best, elapsed)
    return best


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("-n", type=int, default=1000, help="number of task books (default 1000)")
    parser.add_argument(
        "--repeat", type=int, default=3, help="runs per measurement, best kept (default 3)"
    )
    parser.add_argument(
        "--startup-repeat", type=int, default=15, help="runs of the start-up measurement"
    )
    parser.add_argument("--skip-cj", action="store_true", help="skip check-jsonschema (it is slow)")
    args = parser.parse_args()

    ankao = _tool("ankao")
    with tempfile.TemporaryDirectory(prefix="ankao-bench-") as tmp:
        work = Path(tmp)
        books = write_books(work / "taskbooks", args.n)
        teaching = [
            str(p.relative_to(work))
            for p in books
            if "kind: teaching" in p.read_text(encoding="utf-8")
        ]
        office = [
            str(p.relative_to(work)) for p in books if str(p.relative_to(work)) not in set(teaching)
        ]
        size = sum(p.stat().st_size for p in books)
        print(
            f"{len(books)} 本任务书（教学单位 {len(teaching)}，机关 {len(office)}），共 {size / 1e6:.1f} MB，"
            f"{os.cpu_count()} 核\n"
        )

        rows: list[tuple[str, float]] = []
        floor_script = work / "floor.py"
        floor_script.write_text(FLOOR, encoding="utf-8")
        t_floor = timed(
            [sys.executable, str(floor_script), "taskbooks"], cwd=work, repeat=args.repeat
        )
        rows.append((f"下限：PyYAML C 加载器，全部核（{len(books)} 本）", t_floor))
        t_ankao = timed(
            [ankao, "validate", "taskbooks", "--format", "json"], cwd=work, repeat=args.repeat
        )
        rows.append((f"ankao validate（{len(books)} 本，含行号）", t_ankao))
        t_cj = None
        if not args.skip_cj:
            cj = _tool("check-jsonschema")
            t_cj_t = timed(
                [cj, "--schemafile", str(ROOT / "schemas" / "teaching.schema.json"), *teaching],
                cwd=work,
                repeat=1,
            )
            t_cj_o = timed(
                [cj, "--schemafile", str(ROOT / "schemas" / "office.schema.json"), *office],
                cwd=work,
                repeat=1,
            )
            t_cj = t_cj_t + t_cj_o
            rows.append((f"check-jsonschema teaching.schema.json（{len(teaching)} 本）", t_cj_t))
            rows.append((f"check-jsonschema office.schema.json（{len(office)} 本）", t_cj_o))

        py = sys.executable
        t_typer = timed([py, "-c", "import typer"], cwd=work, repeat=args.startup_repeat)
        t_version = timed([ankao, "--version"], cwd=work, repeat=args.startup_repeat)
        t_help = timed([ankao, "--help"], cwd=work, repeat=max(3, args.startup_repeat // 3))
        rows += [
            ('python -c "import typer"', t_typer),
            ("ankao --version", t_version),
            ("ankao --help", t_help),
        ]

    width = max(len(name) for name, _ in rows) + 2
    for name, seconds in rows:
        print(f"  {name:<{width}}{seconds:8.3f} s")
    print()
    verdicts = []
    floor = t_ankao / t_floor
    verdicts.append(floor <= 2)
    print(f"  validate / 下限 = {floor:.2f}（目标 ≤ 2）{'达到' if floor <= 2 else '未达到'}")
    if t_cj is not None:
        ratio = t_ankao / t_cj
        verdicts.append(ratio <= 1 / 3)
        print(
            f"  validate / check-jsonschema = {ratio:.3f}（目标 ≤ 0.333）{'达到' if ratio <= 1 / 3 else '未达到'}"
        )
    startup = t_version / t_typer
    verdicts.append(startup <= 1.5)
    print(
        f"  ankao --version / import typer = {startup:.2f}（目标 ≤ 1.5）{'达到' if startup <= 1.5 else '未达到'}"
    )
    return 0 if all(verdicts) else 1


if __name__ == "__main__":
    raise SystemExit(main())
