"""Hostile input, answered in time and memory: each class run as `python -m ankao` in a subprocess.

Usage: python bench/hostile_bench.py. Prints, per case, the exit status, the
wall time (start-up included) and the child's peak resident memory, next to
the bounds of issue 11 (20 s, 3 GiB of address space).
"""

from __future__ import annotations

import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))


def _limit() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (3 * 1024**3, 3 * 1024**3))


def run(args: list[str], cwd: Path) -> tuple[int, float, float, str]:
    """Exit status, seconds, peak RSS of this child in MiB (ru_maxrss of children so far), first stderr line."""
    start = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "ankao", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        preexec_fn=_limit,
        check=False,
        timeout=60,
    )
    elapsed = time.monotonic() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return result.returncode, elapsed, peak, (result.stderr.strip().splitlines() or [""])[0][:60]


def main() -> None:
    from hostile.bombs import inflating_docx

    with tempfile.TemporaryDirectory() as tmp:
        repo = Path(tmp) / "repo"
        shutil.copytree(ROOT / "examples", repo)
        bomb = inflating_docx(Path(tmp) / "bomb.docx", megabytes=2048)
        liar = inflating_docx(Path(tmp) / "liar.docx", megabytes=2048, declared=1000)
        cases: list[tuple[str, list[str]]] = [
            (
                "import: 2 GiB document.xml",
                [
                    "comments",
                    "import",
                    str(bomb),
                    "-u",
                    "文学院",
                    "-r",
                    "3",
                    "--reviewer",
                    "教务处",
                ],
            ),
            (
                "import: size that lies",
                [
                    "comments",
                    "import",
                    str(liar),
                    "-u",
                    "文学院",
                    "-r",
                    "3",
                    "--reviewer",
                    "教务处",
                ],
            ),
        ]
        rows = [(name, *run(args, repo)) for name, args in cases]
        (repo / "templates").mkdir()
        shutil.copy(bomb, repo / "templates" / "reference.docx")
        rows.append(("render: 2 GiB reference.docx", *run(["render", "-o", "out"], repo)))
        (repo / "templates" / "reference.docx").unlink()
        (repo / "templates" / "service_commitment.j2").write_text(
            "{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}{% endfor %}",
            encoding="utf-8",
        )
        rows.append(("render: template loop 10^10", *run(["render", "-o", "out"], repo)))
    print(f"{'case':32} {'exit':>4} {'seconds':>8} {'peak MiB':>9}  message")
    for name, code, seconds, peak, line in rows:
        print(f"{name:32} {code:>4} {seconds:>8.2f} {peak:>9.0f}  {line}")
    print("bounds: 20 s, 3 GiB address space (peak MiB is the largest child so far)")


if __name__ == "__main__":
    main()
