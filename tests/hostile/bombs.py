"""Word files that inflate: a real reference.docx whose document.xml is made to inflate to gigabytes.

The deflate stream is built from one compressed megabyte of spaces repeated
(after a sync flush the compressor emits identical bytes for identical input),
so a 2 GiB document.xml costs a few kilobytes and no time to make.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from pathlib import Path

from ankao.load.resources import resource_dir

REFERENCE = resource_dir("templates") / "reference.docx"
_PREFIX = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    b"<w:body><w:p><w:r><w:t>"
)
_SUFFIX = b"</w:t></w:r></w:p></w:body></w:document>"


def _spaces_stream(megabytes: int) -> tuple[bytes, int]:
    """A raw deflate stream of the document around `megabytes` MiB of spaces, and its length."""
    chunk = b" " * (1 << 20)
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = c.compress(_PREFIX) + c.compress(chunk) + c.flush(zlib.Z_SYNC_FLUSH)
    repeat = c.compress(chunk) + c.flush(zlib.Z_SYNC_FLUSH)
    assert repeat == c.compress(chunk) + c.flush(zlib.Z_SYNC_FLUSH)
    stream = first + repeat * (megabytes - 1) + c.compress(_SUFFIX) + c.flush()
    return stream, len(_PREFIX) + megabytes * len(chunk) + len(_SUFFIX)


def _spaces_crc(megabytes: int) -> int:
    crc = zlib.crc32(_PREFIX)
    chunk = b" " * (1 << 20)
    for _ in range(megabytes):
        crc = zlib.crc32(chunk, crc)
    return zlib.crc32(_SUFFIX, crc)


def _raw(data: bytes) -> bytes:
    c = zlib.compressobj(6, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush()


def inflating_docx(
    path: Path,
    *,
    megabytes: int = 2048,
    declared: int | None = None,
    member: str = "word/document.xml",
) -> Path:
    """Write a .docx at `path` whose `member` inflates to `megabytes` MiB (declared size may lie)."""
    with zipfile.ZipFile(REFERENCE) as ref:
        members = [(i.filename, ref.read(i)) for i in ref.infolist()]
    out = bytearray()
    central = bytearray()
    count = 0
    for name, data in members:
        if name == member:
            stream, size = _spaces_stream(megabytes)
            crc = (
                _spaces_crc(megabytes) if megabytes <= 256 else 0
            )  # a bomb is refused before its end
        else:
            stream, size, crc = _raw(data), len(data), zlib.crc32(data)
        size = declared if (name == member and declared is not None) else size
        encoded = name.encode()
        offset = len(out)
        out += struct.pack(
            "<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, crc, len(stream), size, len(encoded), 0
        )
        out += encoded + stream
        central += struct.pack(
            "<IHHHHHHIIIHHHHHII",
            0x02014B50,
            20,
            20,
            0,
            8,
            0,
            0,
            crc,
            len(stream),
            size,
            len(encoded),
            0,
            0,
            0,
            0,
            0,
            offset,
        )
        central += encoded
        count += 1
    start = len(out)
    out += central
    out += struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, count, count, len(central), start, 0)
    path.write_bytes(bytes(out))
    return path
