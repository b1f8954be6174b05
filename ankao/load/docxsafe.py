"""Opening a Word (.docx) file safely: a zip whose parts inflate beyond a limit is refused.

A .docx is a zip archive. A 2 MB file can hold a document.xml that inflates to
gigabytes ("zip bomb"), and python-docx reads every part into memory before
anything else happens. So before any .docx is parsed, each member is checked:
its declared size, then its actual size as it is decompressed in a stream that
stops one chunk past the limit (a zip may lie about sizes). Nothing bigger than
the limits below is ever held in memory.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from ankao.errors import AnkaoError

MiB = 1024 * 1024
MAX_FILE = 100 * MiB
"""Largest .docx file read at all."""
MAX_MEMBER = 50 * MiB
"""Largest uncompressed size of one part of a .docx (document.xml, an image…)."""
MAX_TOTAL = 200 * MiB
"""Largest uncompressed size of all parts together."""
MAX_MEMBERS = 5000
"""Most parts a .docx may hold."""
_CHUNK = MiB


def _mb(size: int) -> str:
    return f"{size / MiB:.0f} MB" if size >= MiB else f"{size} 字节"


def checked_docx(source: Path, *, what: str = "") -> bytes:
    """The bytes of the .docx at `source` once every part is known to inflate within the limits.

    AnkaoError (one Chinese line naming the file, the part and the limit) when the
    file or a part is too large, when it is not a zip archive, or when it cannot be read.
    """
    label = what or str(source)
    try:
        size = source.stat().st_size
        if size > MAX_FILE:
            raise AnkaoError(
                f"{label} 太大（{_mb(size)}，上限 {_mb(MAX_FILE)}），不像正常的 Word 文档，没有读取"
            )
        with source.open("rb") as fh:
            data = fh.read(MAX_FILE + 1)
    except OSError as exc:
        from ankao.load.files import os_reason

        raise AnkaoError(f"无法读取 {label}：{os_reason(exc)}") from exc
    if len(data) > MAX_FILE:
        raise AnkaoError(f"{label} 太大（超过 {_mb(MAX_FILE)}），不像正常的 Word 文档，没有读取")
    check_bytes(data, label)
    return data


def check_bytes(data: bytes, label: str) -> None:
    """Raise AnkaoError unless the zip in `data` inflates within MAX_MEMBER / MAX_TOTAL / MAX_MEMBERS."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise AnkaoError(
            f"{label} 不是有效的 Word 文档（.docx）：文件已损坏，或不是 zip 压缩包"
        ) from exc
    with archive:
        members = archive.infolist()
        if len(members) > MAX_MEMBERS:
            raise AnkaoError(
                f"{label} 中的部件太多（{len(members)} 个，上限 {MAX_MEMBERS} 个），不像正常的 Word 文档，没有读取"
            )
        declared = 0
        for info in members:
            _refuse_member(label, info.filename, info.file_size)
            declared += info.file_size
            if declared > MAX_TOTAL:
                _refuse_total(label)
        total = 0
        for info in members:
            if info.is_dir():
                continue
            total += _inflated_size(archive, info, label, MAX_TOTAL - total)


def _refuse_member(label: str, name: str, size: int) -> None:
    if size > MAX_MEMBER:
        raise AnkaoError(
            f"{label} 中的 {name} 解压后有 {_mb(size)}，超过上限 {_mb(MAX_MEMBER)}，"
            "不像正常的 Word 文档，没有读取"
        )


def _refuse_total(label: str) -> None:
    raise AnkaoError(
        f"{label} 解压后的总大小超过上限 {_mb(MAX_TOTAL)}，不像正常的 Word 文档，没有读取"
    )


def _inflated_size(archive: zipfile.ZipFile, info: zipfile.ZipInfo, label: str, budget: int) -> int:
    """Decompress one member in chunks, stopping as soon as it passes a limit."""
    size = 0
    try:
        with archive.open(info) as member:
            while chunk := member.read(_CHUNK):
                size += len(chunk)
                _refuse_member(label, info.filename, size)
                if size > budget:
                    _refuse_total(label)
    except AnkaoError:
        raise
    except (
        zipfile.BadZipFile,
        OSError,
        ValueError,
        EOFError,
        NotImplementedError,
        RuntimeError,
    ) as exc:
        raise AnkaoError(
            f"{label} 中的 {info.filename} 无法解压：文件已损坏，或只复制了一部分"
        ) from exc
    except Exception as exc:  # noqa: BLE001 - zlib.error and friends: a damaged archive
        raise AnkaoError(f"{label} 中的 {info.filename} 无法解压：文件已损坏") from exc
    return size
