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
from dataclasses import dataclass
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
    import multiprocessing
    import threading
    from concurrent.futures import ProcessPoolExecutor

    # What ran before the pool: whatever runs beyond it at the end is the pool's own (its
    # workers, its manager thread), found through public calls alone.
    before = Before(frozenset(multiprocessing.active_children()), frozenset(threading.enumerate()))
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
        stop(pool, before)
        raise
    pool.shutdown(wait=True)


STOP_WAIT = 2.0
"""Seconds `stop` waits, at most, for the pool's own threads to end after its workers."""


@dataclass(frozen=True, slots=True)
class Before:
    """The child processes and threads that were running before a pool was made."""

    processes: frozenset[Any]
    threads: frozenset[Any]


def stop(pool: Any, before: Before) -> None:
    """End a pool's workers now and let it go without waiting.

    The workers are the child processes started since `before`. The pool's manager
    thread (a thread started since `before`) then finds its workers gone and may trip
    over the futures just cancelled (a CPython race): what it says then is not printed.
    """
    import multiprocessing
    import threading
    import time

    started = frozenset(threading.enumerate()) - before.threads
    previous = threading.excepthook

    def quiet(args: Any) -> None:
        if args.thread not in started:
            previous(args)

    threading.excepthook = quiet
    for process in multiprocessing.active_children():
        if process not in before.processes:
            with contextlib.suppress(Exception):
                process.terminate()
    with contextlib.suppress(Exception):
        pool.shutdown(wait=False, cancel_futures=True)
    # The manager thread, its workers gone, closes its wake-up pipe and ends within
    # milliseconds. Until it has, the interpreter's exit (concurrent.futures' atexit hook,
    # which takes no lock) could write to that pipe as it closes: "Bad file descriptor"
    # printed after 已中断. Its end is awaited, briefly; the workers never are.
    deadline = time.monotonic() + STOP_WAIT
    for thread in started:
        if thread is not threading.current_thread():
            thread.join(max(0.0, deadline - time.monotonic()))


def map_all(
    pool: Any, fn: Callable[[Any], Any], items: Iterable[Any], chunksize: int = 1
) -> Iterator[Any]:
    """`pool.map(fn, items)`, every piece handed out before an interrupt can land."""
    with held_interrupts():
        results = pool.map(fn, items, chunksize=chunksize)
    return results  # type: ignore[no-any-return]
