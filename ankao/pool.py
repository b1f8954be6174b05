"""Worker processes that a Ctrl-C stops cleanly (issue 27).

A Ctrl-C at the terminal reaches every process of the group, and `timeout -s
INT` reaches the parent alone. Either way only the parent answers it: workers
ignore SIGINT (no tracebacks from them), the pool's work is handed out with
SIGINT held back (an interrupt in the middle of starting the pool left the
parent waiting for workers that waited for work), and on an interrupt or error
the parent ends its workers instead of waiting for them.
"""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any


def _quiet_init(initializer: Callable[..., None] | None, initargs: tuple[Any, ...]) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if initializer is not None:
        initializer(*initargs)


@contextmanager
def held_interrupts() -> Iterator[None]:
    """Within the block SIGINT waits; it is delivered (KeyboardInterrupt) right after."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


@contextmanager
def worker_pool(
    workers: int,
    *,
    mp_context: Any = None,
    initializer: Callable[..., None] | None = None,
    initargs: tuple[Any, ...] = (),
) -> Iterator[Any]:
    """A ProcessPoolExecutor whose workers ignore SIGINT and are ended, not awaited, on an
    interrupt or error in the block."""
    from concurrent.futures import ProcessPoolExecutor

    with held_interrupts():
        pool = ProcessPoolExecutor(
            workers,
            mp_context=mp_context,
            initializer=_quiet_init,
            initargs=(initializer, initargs),
        )
    try:
        yield pool
    except BaseException:
        stop(pool)
        raise
    pool.shutdown(wait=True)


def stop(pool: Any) -> None:
    """End a pool's workers now and let it go without waiting.

    The pool's manager thread then finds its workers gone and may trip over the
    futures just cancelled (a CPython race): what it says then is not printed.
    """
    import threading

    manager = getattr(pool, "_executor_manager_thread", None)
    previous = threading.excepthook

    def quiet(args: Any) -> None:
        if manager is None or args.thread is not manager:
            previous(args)

    threading.excepthook = quiet
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        with contextlib.suppress(Exception):
            process.terminate()
    with contextlib.suppress(Exception):
        pool.shutdown(wait=False, cancel_futures=True)


def map_all(
    pool: Any, fn: Callable[[Any], Any], items: Iterable[Any], chunksize: int = 1
) -> Iterator[Any]:
    """`pool.map(fn, items)`, every piece handed out before an interrupt can land."""
    with held_interrupts():
        results = pool.map(fn, items, chunksize=chunksize)
    return results  # type: ignore[no-any-return]
