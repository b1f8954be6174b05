"""What the benchmarks share: the installed `ankao`, a command timed in a fresh process, pairs.

A benchmark runs ankao as a user would: the installed `ankao` next to this
Python, in a fresh process, output to a pipe. On a shared machine whose speed
drifts from one minute to the next, two measures are compared in pairs run back
to back (a pair sees the same machine, a best-of-N of each does not), and the
median of the pairs' ratios is the figure judged.
"""

from __future__ import annotations

import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Hashable, Iterable
from pathlib import Path


def ankao() -> list[str]:
    """The command line of the installed `ankao` next to this Python."""
    exe = Path(sys.executable).with_name("ankao")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "ankao"]


def timed(args: list[str], cwd: Path) -> tuple[float, float, subprocess.CompletedProcess[str]]:
    """Wall seconds, CPU seconds (user + system, worker processes included) and the result."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run([*ankao(), *args], cwd=cwd, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, done


def pair(
    first: Callable[[], float], second: Callable[[], float], *, swap: bool = False
) -> tuple[float, float]:
    """The seconds of `first` and of `second`, run back to back (`second` first when `swap`)."""
    if swap:
        later = second()
        return first(), later
    earlier = first()
    return earlier, second()


def median_ratio(pairs: Iterable[tuple[float, float]]) -> float:
    """The median of second / first over the pairs: the figure a benchmark is judged by."""
    return statistics.median(b / a for a, b in pairs)


class Best:
    """The best wall and CPU seconds seen for each measure."""

    def __init__(self) -> None:
        self.wall: dict[Hashable, float] = {}
        self.cpu: dict[Hashable, float] = {}

    def add(self, name: Hashable, wall: float, cpu: float) -> None:
        """Keep `wall` and `cpu` where they beat what `name` had."""
        self.wall[name] = min(self.wall.get(name, wall), wall)
        self.cpu[name] = min(self.cpu.get(name, cpu), cpu)
