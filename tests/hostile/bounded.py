"""Running `ankao` on hostile input the way issue 11 bounds it: a subprocess, 20 s, 3 GiB of address space."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

LIMIT_SECONDS = 20.0
LIMIT_BYTES = 3 * 1024**3


def _limit_memory() -> None:  # runs in the child before exec
    resource.setrlimit(resource.RLIMIT_AS, (LIMIT_BYTES, LIMIT_BYTES))


def _limit_and_close_stdout() -> None:
    _limit_memory()
    os.close(1)


def run_bounded(
    args: list[str],
    cwd: Path,
    *,
    env: dict[str, str] | None = None,
    stdin: int | None = subprocess.DEVNULL,
    stdout: Any = subprocess.PIPE,
    close_stdout: bool = False,
) -> subprocess.CompletedProcess[str]:
    """`python -m ankao ARGS` in `cwd` under the bounds; fail the test when a bound is passed."""
    environ = {**os.environ, "PYTHONIOENCODING": "utf-8", **(env or {})}
    start = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "ankao", *args],
        cwd=cwd,
        env=environ,
        stdin=stdin,
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        encoding=environ["PYTHONIOENCODING"].split(":")[0],
        errors="replace",
        timeout=LIMIT_SECONDS + 10,
        preexec_fn=_limit_and_close_stdout if close_stdout else _limit_memory,
        check=False,
    )
    elapsed = time.monotonic() - start
    assert elapsed < LIMIT_SECONDS, f"ankao {' '.join(args)} took {elapsed:.1f} s"
    assert "Traceback" not in result.stderr, result.stderr
    assert "内部错误" not in result.stderr, result.stderr
    assert "MemoryError" not in result.stderr, result.stderr
    return result
