"""ankao's package writer: a `Draft` on reference.docx, written as a zip without python-docx.

Every document ankao writes is a Draft filled by a `Writer` (WordprocessingML
text). `render` writes a hundred of them, and python-docx opening the reference
and serialising every part again would cost more than building the book; and
python-docx has no public way to write a part it did not build, so ankao writes
every part itself (python-docx is used for reading only). A Draft reads the
reference once per process:
its parts' bytes, document.xml with the body emptied, the styles (parsed, for
the Writer's style lookups). Writing a Draft splices the Writer's content into
document.xml, writes core.xml (title, subject, author, the time written) and
custom.xml (ankao's properties, ankao.render.identity), and copies every other
part of the reference unchanged, compressed once per process.

A Draft has what a Writer reads (`element.body`, `styles.element`), the core
properties, the pending content and the identity to write, and nothing more.
"""

from __future__ import annotations

import struct
import time
import zlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from xml.sax.saxutils import escape

from ankao.errors import AnkaoError
from ankao.render.wordml import splice, wtag

CT_PART = "[Content_Types].xml"
ROOT_RELS = "_rels/.rels"
CORE = "docProps/core.xml"
RT_OFFICE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
RT_CORE = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
CT_CORE = "application/vnd.openxmlformats-package.core-properties+xml"
NS_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
NS_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"


@dataclass(frozen=True, slots=True)
class _Entry:
    """A zip entry, compressed once: name, CRC-32, sizes and the deflated bytes."""

    name: bytes
    crc: int
    size: int
    data: bytes


def _entry(name: str, data: bytes, level: int = 6) -> _Entry:
    compressor = zlib.compressobj(level, zlib.DEFLATED, -15)
    packed = compressor.compress(data) + compressor.flush()
    return _Entry(name.encode("utf-8"), zlib.crc32(data), len(data), packed)


@dataclass(slots=True)
class _Reference:
    """What every Draft of one reference.docx shares (read-only)."""

    order: list[str]
    static: dict[str, _Entry]
    main: str
    document: bytes
    styles: Any
    types: bytes
    rels: bytes
    has_core: bool
    cache: dict[str, _Entry] = field(default_factory=dict)


@lru_cache(maxsize=4)
def _load(path: Path, mtime_ns: int) -> _Reference:
    import zipfile

    from ankao.load.identity import CUSTOM_PART, MAX_PART

    try:
        with zipfile.ZipFile(path) as archive:
            infos = [i for i in archive.infolist() if not i.is_dir()]
            if any(i.file_size > MAX_PART for i in infos):
                raise AnkaoError(f"样式模板 {path} 中有过大的部分，无法使用")
            parts = {i.filename: archive.read(i) for i in infos}
        rels = parts[ROOT_RELS]
        main = _target(rels, RT_OFFICE) or "word/document.xml"
        document = _parse(parts[main])
        styles = _parse(parts[_styles_part(parts, main)])
    except (OSError, KeyError, zipfile.BadZipFile, ValueError) as exc:
        raise AnkaoError(f"无法读取样式模板 {path}：{exc}。请用 Word 另存为 .docx 后重试") from exc
    except Exception as exc:  # noqa: BLE001 - lxml's errors: the user's file is not a document
        raise AnkaoError(f"无法读取样式模板 {path}：{exc}。请用 Word 另存为 .docx 后重试") from exc
    body = document.find(wtag("body"))
    if body is not None:
        for child in list(body):
            if child.tag != wtag("sectPr"):
                body.remove(child)
    from lxml import etree  # type: ignore[import-untyped]

    emptied = etree.tostring(document, xml_declaration=True, encoding="UTF-8", standalone=True)
    dynamic = {CT_PART, ROOT_RELS, CORE, CUSTOM_PART, main}
    order = [CT_PART, *(n for n in parts if n != CT_PART and n != CUSTOM_PART)]
    static = {n: _entry(n, parts[n]) for n in order if n not in dynamic}
    return _Reference(order, static, main, emptied, styles, parts[CT_PART], rels, CORE in parts)


def _parse(xml: bytes) -> Any:
    """An XML part as a plain lxml tree (python-docx is not needed, nor imported, for a Draft)."""
    from lxml import etree

    return etree.fromstring(
        xml,
        parser=etree.XMLParser(resolve_entities=False, no_network=True, remove_blank_text=False),
    )


def _target(rels: bytes, reltype: str) -> str | None:
    import re

    for m in re.finditer(rb"<Relationship\b[^>]*>", rels):
        tag = m.group(0).decode("utf-8")
        if f'Type="{reltype}"' in tag:
            target = re.search(r'Target="([^"]+)"', tag)
            if target:
                return target.group(1).lstrip("/")
    return None


def _styles_part(parts: dict[str, bytes], main: str) -> str:
    folder, _, name = main.rpartition("/")
    rels = parts.get(f"{folder}/_rels/{name}.rels", b"")
    target = _target(
        rels, "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"
    )
    if target is None:
        raise KeyError("styles")
    return f"{folder}/{target}" if folder and not target.startswith(folder + "/") else target


@dataclass(slots=True)
class CoreProperties:
    """docProps/core.xml of one document: its own title, subject and author, and when it was written."""

    title: str = ""
    subject: str = ""
    author: str = ""
    created: datetime | None = None


class Draft:
    """A document on reference.docx for a Writer, written by `to_bytes` without python-docx."""

    def __init__(self, reference: _Reference) -> None:
        self._reference = reference
        self._document = reference.document
        root = _parse(reference.document)
        self.element = SimpleNamespace(body=root.find(wtag("body")))
        self.styles = SimpleNamespace(element=reference.styles)
        self.core_properties = CoreProperties()
        self.pending: list[str] = []
        """WordprocessingML a Writer appended, spliced into the body by `to_bytes`."""
        self.identity: dict[str, str] | None = None
        """ankao's custom properties (ankao.render.identity.properties), or None."""

    def landscape(self) -> None:
        """Turn the page (before a Writer measures it): width and height swapped, orient landscape."""
        from lxml import etree

        body = self.element.body
        size = body.find(f"{wtag('sectPr')}/{wtag('pgSz')}") if body is not None else None
        if size is None:
            return
        width, height = size.get(wtag("w")), size.get(wtag("h"))
        if width and height and int(width) < int(height):
            size.set(wtag("w"), height)
            size.set(wtag("h"), width)
        size.set(wtag("orient"), "landscape")
        self._document = etree.tostring(
            body.getroottree(), xml_declaration=True, encoding="UTF-8", standalone=True
        )

    def to_bytes(self) -> bytes:
        """The .docx: the reference's parts, the spliced body, core and custom properties."""
        from ankao.load.identity import CUSTOM_PART
        from ankao.render.identity import CT_CUSTOM, RT_CUSTOM, attach_xml

        ref = self._reference
        document = splice(self._document, self.pending)
        fresh: dict[str, bytes] = {ref.main: document, CORE: self._core()}
        types, rels = ref.types, ref.rels
        if not ref.has_core:
            types = _add_override(types, "/" + CORE, CT_CORE)
            rels = _add_relationship(rels, RT_CORE, CORE)
        if self.identity is not None:
            fresh[CUSTOM_PART] = attach_xml(self.identity, document)
            types = _add_override(types, "/" + CUSTOM_PART, CT_CUSTOM)
            rels = _add_relationship(rels, RT_CUSTOM, CUSTOM_PART)
        fresh[CT_PART], fresh[ROOT_RELS] = types, rels
        order = [*ref.order, *(n for n in fresh if n not in ref.order)]
        entries = [
            ref.static[n] if n in ref.static else _entry(n, fresh[n], 1)
            for n in order
            if n in ref.static or n in fresh
        ]
        return _zip(entries)

    def _core(self) -> bytes:
        core = self.core_properties
        when = (core.created or datetime.now(UTC)).astimezone(UTC)
        now = when.strftime("%Y-%m-%dT%H:%M:%SZ")
        author = escape(core.author)
        return (
            "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f"<dc:title>{escape(core.title)}</dc:title><dc:subject>{escape(core.subject)}</dc:subject>"
            f"<dc:creator>{author}</dc:creator><cp:lastModifiedBy>{author}</cp:lastModifiedBy>"
            f'<cp:revision>1</cp:revision><dcterms:created xsi:type="dcterms:W3CDTF">{now}</dcterms:created>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{now}</dcterms:modified></cp:coreProperties>'
        ).encode()


def open_draft(path: Path) -> Draft:
    """A Draft on the reference.docx at `path` (read once per process)."""
    try:
        mtime = path.stat().st_mtime_ns
    except OSError as exc:
        raise AnkaoError(f"无法读取样式模板 {path}：{exc}") from exc
    return Draft(_load(path, mtime))


def _add_override(types: bytes, part: str, content_type: str) -> bytes:
    if f'PartName="{part}"'.encode() in types:
        return types
    at = types.rfind(b"</Types>")
    return (
        types[:at]
        + f'<Override PartName="{part}" ContentType="{content_type}"/>'.encode()
        + types[at:]
    )


def _add_relationship(rels: bytes, reltype: str, target: str) -> bytes:
    if f'Type="{reltype}"'.encode() in rels:
        return rels
    n = 1
    while f'Id="rId{n}"'.encode() in rels:
        n += 1
    at = rels.rfind(b"</Relationships>")
    return (
        rels[:at]
        + f'<Relationship Id="rId{n}" Type="{reltype}" Target="{target}"/>'.encode()
        + rels[at:]
    )


def _dos_now() -> tuple[int, int]:
    t = time.localtime()
    return (t.tm_hour << 11) | (t.tm_min << 5) | (t.tm_sec // 2), ((t.tm_year - 1980) << 9) | (
        t.tm_mon << 5
    ) | t.tm_mday


def _zip(entries: list[_Entry]) -> bytes:
    """A zip archive of deflated entries (UTF-8 names), as Word and LibreOffice read it."""
    clock, day = _dos_now()
    local: list[bytes] = []
    central: list[bytes] = []
    offset = 0
    for e in entries:
        header = (
            struct.pack(
                "<IHHHHHIIIHH",
                0x04034B50,
                20,
                0x0800,
                8,
                clock,
                day,
                e.crc,
                len(e.data),
                e.size,
                len(e.name),
                0,
            )
            + e.name
        )
        central.append(
            struct.pack(
                "<IHHHHHHIIIHHHHHII",
                0x02014B50,
                20,
                20,
                0x0800,
                8,
                clock,
                day,
                e.crc,
                len(e.data),
                e.size,
                len(e.name),
                0,
                0,
                0,
                0,
                0,
                offset,
            )
            + e.name
        )
        local.append(header)
        local.append(e.data)
        offset += len(header) + len(e.data)
    directory = b"".join(central)
    end = struct.pack(
        "<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(directory), offset, 0
    )
    return b"".join(local) + directory + end
