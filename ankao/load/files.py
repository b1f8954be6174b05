"""Writing files safely: atomic replacement, no silent overwrite, safe names.

No file a person wrote is ever half-written or lost: every write goes to a
temporary file in the same folder and is renamed (or linked, when the target
must not exist yet) into place.
"""

from __future__ import annotations

import errno
import os
import re
import stat
import tempfile
import unicodedata
from pathlib import Path

from ankao.errors import AnkaoError

_UNSAFE = re.compile(r'[\x00-\x1f\x7f-\x9f/\\:*?"<>|]')
_RESERVED = {
    "CON",
    "PRN",
    "AUX",
    "NUL",
    *(f"COM{i}" for i in range(1, 10)),
    *(f"LPT{i}" for i in range(1, 10)),
}
MAX_NAME = 120
"""Most characters of a file name ankao makes (a name is also shortened to MAX_NAME_BYTES)."""
MAX_NAME_BYTES = 240
"""Most UTF-8 bytes of a file name ankao makes: Linux and macOS allow 255, and the temporary
file written beside it (`ankao.load.files.write_bytes`) needs a few more."""


def safe_filename(name: str, suffix: str = "") -> str:
    """A file name (no folder part) made from any text, safe on Windows, macOS and Linux.

    Bidi controls and zero-width characters are dropped; a long name is shortened
    on a character boundary to fit MAX_NAME characters and MAX_NAME_BYTES bytes of
    UTF-8, `suffix` included (documents keep the full name inside).
    """
    from ankao.load.names import strip_invisible

    text = strip_invisible(unicodedata.normalize("NFC", name))
    text = _UNSAFE.sub("_", text)
    text = re.sub(r"\s+", " ", text).strip().strip(".").strip()
    if not text or set(text) <= {"_", " ", "."}:
        text = "未命名"
    if text.split(".")[0].upper() in _RESERVED:
        text = "_" + text
    return (
        shorten(text, MAX_NAME_BYTES - len(suffix.encode("utf-8")), MAX_NAME - len(suffix)) + suffix
    )


def shorten(text: str, max_bytes: int, max_chars: int | None = None) -> str:
    """`text` cut to at most `max_bytes` bytes of UTF-8 (and `max_chars` characters) on a character boundary."""
    text = text[:max_chars] if max_chars is not None else text
    data = text.encode("utf-8")
    if len(data) > max_bytes:
        text = data[: max(max_bytes, 0)].decode("utf-8", "ignore")
        text = text.rstrip(" .") or text  # Windows drops trailing dots and spaces
    return text


_REASONS = {
    errno.ENOENT: "找不到文件或文件夹",
    errno.EACCES: "没有权限",
    errno.EPERM: "没有权限",
    errno.EEXIST: "已存在同名的文件",
    errno.ENOSPC: "磁盘空间已满",
    errno.EROFS: "所在的磁盘是只读的",
    errno.EISDIR: "这是一个文件夹",
    errno.ENOTDIR: "路径中有一段不是文件夹",
    errno.ENAMETOOLONG: "文件名太长",
}


def os_reason(exc: OSError) -> str:
    """Why an operating-system call failed, in Chinese (the system's words where unknown)."""
    return _REASONS.get(exc.errno or 0) or exc.strerror or str(exc)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _temp_beside(path: Path) -> tuple[int, str]:
    try:
        # The temporary name adds ~14 bytes to the file's: shorten it so a name near the limit still works.
        return tempfile.mkstemp(
            prefix=f".{shorten(path.name, 200)}.", suffix=".tmp", dir=path.parent
        )
    except OSError as exc:
        raise AnkaoError(f"无法在 {path.parent} 中写文件：{os_reason(exc)}") from exc


WRITTEN: list[Path] = []
"""Every file this process has written, in order: an interrupted command says which are done."""
WRITING: list[Path] = []
"""Folders that worker processes are writing into (their files are not in WRITTEN until a
batch comes back): an interrupted command says they may hold some files."""


def write_bytes(path: Path, data: bytes, *, overwrite: bool = True) -> None:
    """Write `data` to `path` atomically; with `overwrite=False` refuse an existing file."""
    fd, tmp = _temp_beside(path)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        try:
            mode = path.stat().st_mode & 0o777
        except OSError:
            mode = 0o666 & ~_umask()
        os.chmod(tmp, mode)
        if overwrite:
            os.replace(tmp, path)
        else:
            try:
                os.link(tmp, path)
            except FileExistsError:
                raise AnkaoError(f"文件已存在，没有覆盖：{path}") from None
            except OSError:
                # File systems without hard links: check, then rename (tiny race, still atomic).
                if path.exists():
                    raise AnkaoError(f"文件已存在，没有覆盖：{path}") from None
                os.replace(tmp, path)
        WRITTEN.append(path)
    except OSError as exc:
        raise AnkaoError(f"无法写入 {path}：{os_reason(exc)}") from exc
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def write_text(path: Path, text: str, *, overwrite: bool = True) -> None:
    """`write_bytes` for UTF-8 text with LF line ends."""
    write_bytes(path, text.encode("utf-8"), overwrite=overwrite)


def make_folder(path: Path) -> None:
    """Create `path` and its parents (fine if it exists); AnkaoError in Chinese when it cannot be."""
    if path.exists() and not path.is_dir():
        raise AnkaoError(f"{path} 已存在且不是文件夹")
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise AnkaoError(f"无法创建文件夹 {path}：{os_reason(exc)}") from exc


def inside(path: Path, folder: Path) -> bool:
    """True when `path` resolves to a place inside `folder`."""
    try:
        path.resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    return True


# --- reading what people wrote: regular files only, bounded ---------------------------

REPOSITORY_FOLDERS = ("taskbooks", "reviews", "approvals", "grades")
"""The folders of SPEC §1 whose files belong to the repository that holds them."""


class NotAFile(Exception):
    """The path is something other than a regular file (FIFO, device, folder, socket)."""

    def __init__(self, what: str) -> None:
        super().__init__(what)
        self.what = what


def file_type_name(mode: int) -> str | None:
    """The Chinese name of what a `stat` mode is, or None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "文件夹"
    if stat.S_ISFIFO(mode):
        return "命名管道（FIFO）"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "设备文件"
    if stat.S_ISSOCK(mode):
        return "套接字"
    return "特殊文件"


def read_bounded(path: Path, limit: int) -> bytes:
    """At most `limit + 1` bytes of the regular file at `path`, whatever `stat` claims.

    Raises `NotAFile` for a FIFO, device, folder or socket (never opened for
    reading, so a FIFO cannot block and /dev/zero cannot fill memory) and
    `OSError` when the file cannot be read.
    """
    what = file_type_name(os.stat(path).st_mode)
    if what is not None:
        raise NotAFile(what)
    flags = (
        os.O_RDONLY
        | getattr(os, "O_NONBLOCK", 0)
        | getattr(os, "O_CLOEXEC", 0)
        | getattr(os, "O_BINARY", 0)
    )
    fd = os.open(path, flags)
    try:
        what = file_type_name(os.fstat(fd).st_mode)  # replaced between stat and open
        if what is not None:
            raise NotAFile(what)
        chunks: list[bytes] = []
        remaining = limit + 1
        while remaining > 0:
            chunk = os.read(fd, min(remaining, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def repository_home(path: Path) -> Path | None:
    """The repository a path names by its folders (SPEC §1), without following links.

    `<root>/taskbooks/…`, `<root>/reviews/…`, `<root>/approvals/…`,
    `<root>/grades/…` and `<root>/ankao.yaml` belong to `<root>`; the nearest
    such folder counts. None for a file outside those folders.
    """
    parts = path.absolute().parts  # ".." kept: `reviews/../../x` still starts in reviews/
    if parts and parts[-1] == "ankao.yaml":
        return Path(*parts[:-1])
    for index in range(len(parts) - 2, 0, -1):
        if parts[index] in REPOSITORY_FOLDERS:
            return Path(*parts[:index])
    return None


def escapes(path: Path, root: Path) -> bool:
    """True when `path` resolves (links followed) to a place outside `root` (resolved too)."""
    try:
        Path(os.path.realpath(path)).relative_to(os.path.realpath(root))
    except ValueError:
        return True
    return False


def read_regular(path: Path, limit: int, shown: str | None = None) -> bytes:
    """The bytes of the regular file at `path`, at most `limit`; AnkaoError in Chinese otherwise.

    A FIFO, device or folder is named as what it is and never opened for reading
    (so nothing blocks or fills memory); a file over `limit` is refused unread past it.
    """
    label = shown if shown is not None else str(path)
    try:
        raw = read_bounded(path, limit)
    except NotAFile as exc:
        raise AnkaoError(f"{label} 是{exc.what}，不是文件，没有读取") from None
    except OSError as exc:
        raise AnkaoError(f"无法读取 {label}：{os_reason(exc)}") from exc
    if len(raw) > limit:
        raise AnkaoError(
            f"{label} 超过大小上限 {size_text(limit)}，没有读取"
            "（可在 ankao.yaml 的 limits.max_file_size 中调高上限）"
        )
    return raw


def size_text(n: int) -> str:
    """`1 MiB`, `780 KiB`, `12 字节`: a size as people read it."""
    if n >= 1024 * 1024 and n % (1024 * 1024) == 0:
        return f"{n // (1024 * 1024)} MiB"
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.1f} MiB"
    if n >= 1024:
        return f"{n // 1024} KiB"
    return f"{n} 字节"


def check_output(path: Path, *, force: bool, hint: str = "（加 --force 覆盖）") -> None:
    """Refuse an output path that is a folder (whatever `force` says), or an existing file without `force`."""
    if path.is_dir():
        raise AnkaoError(f"{path} 是一个文件夹，不能作为输出文件；请写出文件名")
    if os.path.lexists(path):
        what = file_type_name(os.lstat(path).st_mode) if not path.is_symlink() else None
        if what is not None and what != "文件夹":
            raise AnkaoError(f"{path} 是{what}，不能作为输出文件")
        if not force:
            raise AnkaoError(f"文件已存在，没有覆盖：{path}{hint}")


def linked_out(path: Path, root: Path) -> Path | None:
    """The first existing folder between `root` and `path` that is a link leading out of `root`.

    None when every existing part of the way stays inside the repository (a path
    outside `root` altogether is the user's own choice and is not judged).
    """
    try:
        rel = path.absolute().relative_to(root.absolute())
    except ValueError:
        return None
    here = root.absolute()
    for part in rel.parts[:-1]:
        here = here / part
        if not os.path.lexists(here):
            return None
        if here.is_symlink() and escapes(here, root):
            return here
    return None


def refuse_link_out(path: Path, root: Path) -> None:
    """AnkaoError when writing `path` would go through a linked folder out of the repository."""
    link = linked_out(path, root)
    if link is not None:
        shown = link.absolute().relative_to(root.absolute()).as_posix()
        raise AnkaoError(
            f"{shown}/ 是一个链接，指向仓库以外的 {os.path.realpath(link)}，没有写入；"
            f"请把 {shown}/ 改为仓库中真正的文件夹"
        )


def refuse_oversize(text: str, limit: int, shown: str) -> None:
    """AnkaoError before writing text that ankao would then refuse to read as too large."""
    size = len(text.encode("utf-8"))
    if size > limit:
        raise AnkaoError(
            f"要写入的 {shown} 有 {size_text(size)}，超过大小上限 {size_text(limit)}（之后 ankao 将无法读取它），"
            "没有写入；可在 ankao.yaml 的 limits.max_file_size 中调高上限"
        )
