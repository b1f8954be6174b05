"""A zip archive opened with bounds: what would inflate past a limit is refused before it is read.

A .docx and a .xlsx are both zip archives. A small file can hold a part that
inflates to gigabytes ("zip bomb"), and python-docx and openpyxl read whole parts
into memory. So before either is parsed, each member is checked: its declared
size, then its actual size as it is decompressed in a stream that stops one chunk
past the limit (a zip may lie about sizes). Nothing bigger than the limits is
ever held in memory. The limits and the Chinese wording are the kind's
(`ankao.load.docxsafe`, `ankao.load.xlsxsafe`); the checks are these, once.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from ankao.errors import AnkaoError

MiB = 1024 * 1024
CHUNK = MiB
"""How much of a member is decompressed at a time."""


def mb(size: int) -> str:
    """`50 MB`, `10000 字节`: a limit or a size as the refusals print it."""
    return f"{size / MiB:.0f} MB" if size >= MiB else f"{size} 字节"


@dataclass(frozen=True, slots=True)
class Limits:
    """The bounds one archive is held to: a member, all members together, their number."""

    member: int
    total: int
    members: int


@dataclass(frozen=True, slots=True)
class Wording:
    """How the refusals name one kind of archive (each text follows the file's label)."""

    not_a_zip: str
    """The bytes are no zip archive: `不是有效的 Word 文档（.docx）：…`."""
    refused: str
    """The end of a refusal by count or total: `不像正常的 Word 文档，没有读取`."""
    member_refused: str
    """The end of a refusal of one member too large."""
    password: str | None
    """A zip-level password (zipfile's RuntimeError), or None: then it counts as damage."""
    damaged: str
    """The end of a refusal of a member that fails to decompress for a reason zipfile does not name."""


_DAMAGE = (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, RuntimeError)


def open_bounded(data: bytes, label: str, limits: Limits, wording: Wording) -> zipfile.ZipFile:
    """The zip archive in `data`, once every member is known to inflate within `limits`.

    AnkaoError (one Chinese line naming `label`, the member and the limit) otherwise.
    The caller closes the archive (`with open_bounded(...) as archive:`).
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise AnkaoError(f"{label} {wording.not_a_zip}") from exc
    try:
        _check_members(archive, label, limits, wording)
    except BaseException:
        archive.close()
        raise
    return archive


def _check_members(archive: zipfile.ZipFile, label: str, limits: Limits, wording: Wording) -> None:
    members = archive.infolist()
    if len(members) > limits.members:
        raise AnkaoError(
            f"{label} 中的部件太多（{len(members)} 个，上限 {limits.members} 个），{wording.refused}"
        )
    declared = 0
    for info in members:
        _refuse_member(label, info.filename, info.file_size, limits, wording)
        declared += info.file_size
        if declared > limits.total:
            _refuse_total(label, limits, wording)
    total = 0
    for info in members:
        if not info.is_dir():
            total += _inflated_size(archive, info, label, limits.total - total, limits, wording)


def _refuse_member(label: str, name: str, size: int, limits: Limits, wording: Wording) -> None:
    if size > limits.member:
        raise AnkaoError(
            f"{label} 中的 {name} 解压后有 {mb(size)}，超过上限 {mb(limits.member)}，"
            f"{wording.member_refused}"
        )


def _refuse_total(label: str, limits: Limits, wording: Wording) -> None:
    raise AnkaoError(f"{label} 解压后的总大小超过上限 {mb(limits.total)}，{wording.refused}")


def _inflated_size(
    archive: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    label: str,
    budget: int,
    limits: Limits,
    wording: Wording,
) -> int:
    """Decompress one member in chunks, stopping as soon as it passes a limit."""
    size = 0
    try:
        with archive.open(info) as member:
            while chunk := member.read(CHUNK):
                size += len(chunk)
                _refuse_member(label, info.filename, size, limits, wording)
                if size > budget:
                    _refuse_total(label, limits, wording)
    except AnkaoError:
        raise
    except RuntimeError as exc:
        if wording.password is None:
            raise AnkaoError(_partial(label, info)) from exc
        raise AnkaoError(f"{label} {wording.password}") from exc
    except _DAMAGE as exc:
        raise AnkaoError(_partial(label, info)) from exc
    except Exception as exc:  # noqa: BLE001 - zlib.error and friends: a damaged archive
        raise AnkaoError(f"{label} 中的 {info.filename} 无法解压：{wording.damaged}") from exc
    return size


def _partial(label: str, info: zipfile.ZipInfo) -> str:
    return f"{label} 中的 {info.filename} 无法解压：文件已损坏，或只复制了一部分"
