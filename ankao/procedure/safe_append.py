"""Appending to an approvals file safely (issue 27): what `ankao approve` checks around its write.

Kept apart from `ankao.procedure.approvals` (which decides *what* is appended):

- the arguments: a unit name that could not be a file name of its own (`a/b`
  and `a_b` would share one file), a date before 1949 or after today, a note or
  signer with control characters — each one Chinese line, exit 2;
- where the write lands: never through an `approvals/` that links out of the
  repository, never into a linked, hard-linked, read-only or special file;
- one writer at a time: a lock file beside the approvals file, taken before the
  repository is read and released on exit, on an error and on Ctrl-C, so two
  runs at once both record, or the second is refused saying so;
- what is written can be read back: not over the size limit the loader refuses,
  and text the YAML parser can compose even when the file holds a stray control
  character that `ankao validate` only warns about.
"""

from __future__ import annotations

import contextlib
import datetime
import os
import re
import stat
import time
from collections.abc import Iterator
from pathlib import Path

from ankao.errors import AnkaoError
from ankao.load.files import file_type_name, os_reason, refuse_link_out, size_text

FIRST_YEAR = 1949
"""No stage of a task book is dated before this year."""
LOCK_WAIT = 15.0
"""Seconds an `approve` waits for another one on the same unit before refusing
(ANKAO_LOCK_WAIT, in seconds, sets it otherwise: the tests wait less)."""

_SEPARATORS = re.compile(r"[/\\]")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
_COMPOSE_BLOCKERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")


def check_unit(unit: str) -> None:
    """AnkaoError (exit 2) for a unit name that cannot be its own approvals file name."""
    if not unit.strip():
        raise AnkaoError("单位名称不能为空")
    if _SEPARATORS.search(unit):
        raise AnkaoError(
            f"单位名称“{unit}”中有路径分隔符（/ 或 \\），不能用作 approvals/ 中的文件名；"
            "请写单位的名称本身"
        )
    if _CONTROL.search(unit) or "\n" in unit or "\t" in unit:
        raise AnkaoError("单位名称中有控制字符（如换行、ESC），请只写单位的名称")


def check_date(date: str, option: str = "--date") -> None:
    """AnkaoError (exit 2) for a YYYY-MM-DD date before 1949: no date of this work.

    A date after today is a refused stage (SPEC §7: exit 1, the `stage-date` finding of
    `procedure.gates`), said with the rest of what the record would break.
    """
    day = datetime.date.fromisoformat(date)
    if day.year < FIRST_YEAR:
        raise AnkaoError(
            f"{option} {date} 早于 {FIRST_YEAR} 年，不是任期目标工作的日期；请检查年份"
        )


def check_text(value: str | None, option: str) -> None:
    """AnkaoError (exit 2) for a note or signer with a line break or control character."""
    if value is not None and _CONTROL.search(value):
        raise AnkaoError(f"{option} 中有控制字符（如 ESC、回车），请只写文字后重试")


def check_target(root: Path, path: Path, shown: str) -> None:
    """Refuse to write `path` unless it lands, as a plain file, inside the repository."""
    refuse_link_out(path, root)
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise AnkaoError(f"无法读取 {shown}：{os_reason(exc)}") from exc
    if stat.S_ISLNK(st.st_mode):
        raise AnkaoError(
            f"{shown} 是一个链接（指向 {os.path.realpath(path)}），ankao 不会通过链接改写程序记录，"
            "没有写入；请把链接换成文件本身"
        )
    what = file_type_name(st.st_mode)
    if what is not None:
        raise AnkaoError(f"{shown} 是{what}，不是文件，没有写入")
    if st.st_nlink > 1:
        raise AnkaoError(
            f"{shown} 有 {st.st_nlink} 个硬链接（别处还有同一个文件），追加会让它们从此不同，没有写入；"
            "请先把它复制为独立的文件"
        )
    if not st.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        raise AnkaoError(f"{shown} 是只读的，没有写入；确需记录请先取消只读属性")


def check_size(text: str, limit: int, shown: str) -> None:
    """Refuse text that the loader would then refuse as too large."""
    size = len(text.encode("utf-8"))
    if size > limit:
        raise AnkaoError(
            f"追加后 {shown} 将有 {size_text(size)}，超过大小上限 {size_text(limit)}（之后 ankao 将无法读取它），"
            "没有写入；请把早先的环节移到另一个文件存档，或在 ankao.yaml 的 limits.max_file_size 中调高上限"
        )


def composable(text: str) -> str:
    """`text` with the characters the YAML parser rejects outright replaced by spaces, one for one.

    The loader deletes such a character with a warning; positions (line, column,
    offset) stay those of the original, so an append lands where it would.
    """
    return _COMPOSE_BLOCKERS.sub(" ", text)


def lock_path(path: Path) -> Path:
    """The lock file beside an approvals file."""
    return path.with_name(f".{path.name}.lock")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


@contextlib.contextmanager
def locked(root: Path, path: Path, shown: str, *, wait: float | None = None) -> Iterator[None]:
    """Hold the lock beside `path` for the block (made folder removed again if nothing was written).

    A lock left by a process that no longer runs is taken over; one held by a
    running process is waited for up to `wait` seconds, then refused.
    """
    if wait is None:
        try:
            wait = float(os.environ.get("ANKAO_LOCK_WAIT", LOCK_WAIT))
        except ValueError:
            wait = LOCK_WAIT
    folder = path.parent
    refuse_link_out(path, root)
    made = not folder.exists()
    if made:
        try:
            folder.mkdir(parents=True)
        except OSError as exc:
            raise AnkaoError(f"无法创建文件夹 {folder}：{os_reason(exc)}") from exc
    lock = lock_path(path)
    deadline = time.monotonic() + wait
    fd = -1
    try:
        while True:
            try:
                fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
                break
            except FileExistsError:
                if _stale(lock):
                    with contextlib.suppress(FileNotFoundError):
                        os.unlink(lock)
                    continue
                if time.monotonic() > deadline:
                    raise AnkaoError(
                        f"另一个 ankao approve 正在记录 {shown}（锁文件 {lock.name}），等了 {wait:g} 秒仍未结束，"
                        "这一环节没有记录；请稍后重试（确认没有别人在记录时，可删除该锁文件）"
                    ) from None
                time.sleep(0.05)
            except OSError as exc:
                raise AnkaoError(f"无法在 {folder} 中建立锁文件：{os_reason(exc)}") from exc
        os.write(fd, f"{os.getpid()}\n".encode())
        os.close(fd)
        fd = -1
        yield
    finally:
        if fd >= 0:
            os.close(fd)
        with contextlib.suppress(OSError):
            if lock.exists() and _owner(lock) == os.getpid():
                os.unlink(lock)
        if made:
            with contextlib.suppress(OSError):
                folder.rmdir()  # only when empty: nothing was recorded


def _owner(lock: Path) -> int | None:
    try:
        return int(lock.read_text(encoding="ascii").strip() or "0")
    except (OSError, ValueError):
        return None


def _stale(lock: Path) -> bool:
    """A lock whose process has gone (or that is older than a minute and names none)."""
    pid = _owner(lock)
    if pid:
        return not _alive(pid)
    try:
        return time.time() - lock.stat().st_mtime > 60
    except OSError:
        return False
