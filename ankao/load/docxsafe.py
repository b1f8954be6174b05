"""Opening a Word (.docx) file safely: a zip whose parts inflate beyond a limit is refused.

A .docx is a zip archive. A 2 MB file can hold a document.xml that inflates to
gigabytes ("zip bomb"), and python-docx reads every part into memory before
anything else happens. So before any .docx is parsed, each member is checked:
its declared size, then its actual size as it is decompressed in a stream that
stops one chunk past the limit (a zip may lie about sizes): `ankao.load.boundedzip`,
held to the limits below and worded for a Word document.
"""

from __future__ import annotations

from pathlib import Path

from ankao.errors import AnkaoError
from ankao.load.boundedzip import Limits, MiB, Wording, mb, open_bounded

MAX_FILE = 100 * MiB
"""Largest .docx file read at all."""
MAX_MEMBER = 50 * MiB
"""Largest uncompressed size of one part of a .docx (document.xml, an image…)."""
MAX_TOTAL = 200 * MiB
"""Largest uncompressed size of all parts together."""
MAX_MEMBERS = 5000
"""Most parts a .docx may hold."""

_REFUSED = "不像正常的 Word 文档，没有读取"
_WORDING = Wording(
    not_a_zip="不是有效的 Word 文档（.docx）：文件已损坏，或不是 zip 压缩包",
    refused=_REFUSED,
    member_refused=_REFUSED,
    password=None,
    damaged="文件已损坏",
)


def checked_docx(source: Path, *, what: str = "") -> bytes:
    """The bytes of the .docx at `source` once every part is known to inflate within the limits.

    AnkaoError (one Chinese line naming the file, the part and the limit) when the
    file or a part is too large, when it is not a zip archive, or when it cannot be read.
    """
    label = what or str(source)
    try:
        size = source.stat().st_size
        if size > MAX_FILE:
            raise AnkaoError(f"{label} 太大（{mb(size)}，上限 {mb(MAX_FILE)}），{_REFUSED}")
        with source.open("rb") as fh:
            data = fh.read(MAX_FILE + 1)
    except OSError as exc:
        from ankao.load.files import os_reason

        raise AnkaoError(f"无法读取 {label}：{os_reason(exc)}") from exc
    if len(data) > MAX_FILE:
        raise AnkaoError(f"{label} 太大（超过 {mb(MAX_FILE)}），{_REFUSED}")
    check_bytes(data, label)
    return data


def check_bytes(data: bytes, label: str) -> None:
    """Raise AnkaoError unless the zip in `data` inflates within MAX_MEMBER / MAX_TOTAL / MAX_MEMBERS."""
    limits = Limits(member=MAX_MEMBER, total=MAX_TOTAL, members=MAX_MEMBERS)
    with open_bounded(data, label, limits, _WORDING):
        pass
