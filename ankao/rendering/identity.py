"""Whose document it is: ankao's custom document properties (docProps/custom.xml, SPEC §5).

Every document ankao writes carries, as plain UTF-8 text properties:

    ankao.document     taskbook / packet / feedback / notice
    ankao.units        the unit(s) it shows, joined with 、
    ankao.term         "2024-2027"
    ankao.round        the review round, where there is one
    ankao.fingerprint  the fingerprint (SPEC §7) of each book shown, in the order of
                       ankao.units, joined with spaces
    ankao.reviewer     the department a review packet is for
    ankao.version      the ankao that wrote it
    ankao.digest       sha256 of word/document.xml as ankao wrote it

The part is written here as XML (ankao.rendering.package adds it to the package)
and read back straight from the zip. `ankao.digest` is how `render` knows that a
file was changed after ankao wrote it: Word and LibreOffice rewrite
word/document.xml on every save.
"""

from __future__ import annotations

import hashlib
import re
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CUSTOM_PART = "docProps/custom.xml"
CT_CUSTOM = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
RT_CUSTOM = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"
NS_CUSTOM = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
NS_VT = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"
MAIN_PART = "word/document.xml"
PREFIX = "ankao."
MAX_PART = 64 * 1024 * 1024
"""Parts larger than this (uncompressed) are not read: a zip bomb, not a document."""

_ESCAPE = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


@dataclass(frozen=True, slots=True)
class Identity:
    """ankao's properties of one document (empty strings and tuples where absent)."""

    document: str
    units: tuple[str, ...] = ()
    term: str = ""
    round: int | None = None
    fingerprints: tuple[str, ...] = ()
    reviewer: str = ""
    version: str = ""
    digest: str = ""
    extra: Mapping[str, str] = field(default_factory=dict)

    def fingerprint_of(self, unit: str) -> str | None:
        """The fingerprint recorded for `unit` (same position in units and fingerprints)."""
        if unit in self.units and len(self.fingerprints) == len(self.units):
            return self.fingerprints[self.units.index(unit)]
        return None


def properties(
    document: str,
    *,
    units: tuple[str, ...] | list[str] = (),
    term: str = "",
    round: int | None = None,
    fingerprints: tuple[str, ...] | list[str] = (),
    reviewer: str = "",
) -> dict[str, str]:
    """The ankao.* properties of a document, as text (ankao.digest is added when it is written)."""
    from ankao import __version__

    props = {"ankao.document": document, "ankao.units": "、".join(units), "ankao.term": term}
    if round is not None:
        props["ankao.round"] = str(round)
    props["ankao.fingerprint"] = " ".join(fingerprints)
    if reviewer:
        props["ankao.reviewer"] = reviewer
    props["ankao.version"] = __version__
    return props


def term_text(start: int, end: int) -> str:
    """ "2024-2027"."""
    return f"{start}-{end}"


def digest(xml: bytes) -> str:
    """`sha256:<hex>` of a document.xml."""
    return "sha256:" + hashlib.sha256(xml).hexdigest()


def custom_xml(props: Mapping[str, str], existing: bytes | None = None) -> bytes:
    """docProps/custom.xml holding `props`; other properties of `existing` are kept, ankao's replaced."""
    kept: list[tuple[str, str]] = []
    if existing:
        kept = [
            (name, xml) for name, xml in _raw_properties(existing) if not name.startswith(PREFIX)
        ]
    items = [xml for _, xml in kept]
    for name, value in props.items():
        text = _XML_ILLEGAL.sub("", value).translate(_ESCAPE)
        items.append(
            f'<property fmtid="{FMTID}" pid="0" name="{name.translate(_ESCAPE)}">'
            f"<vt:lpwstr>{text}</vt:lpwstr></property>"
        )
    # pids are numbered from 2 in document order, as Word does
    numbered = [
        re.sub(r'pid="\d+"', f'pid="{n}"', item, count=1) for n, item in enumerate(items, start=2)
    ]
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<Properties xmlns="{NS_CUSTOM}" xmlns:vt="{NS_VT}">{"".join(numbered)}</Properties>'
    ).encode()


def _root(xml: bytes) -> Any:
    """The parsed root of a custom.xml, None when it is not XML (expat refuses entity bombs)."""
    from xml.etree import ElementTree

    try:
        return ElementTree.fromstring(xml)
    except ElementTree.ParseError:
        return None


def _raw_properties(xml: bytes) -> list[tuple[str, str]]:
    """(name, the property element as XML text) of every property of a custom.xml."""
    from xml.etree import ElementTree

    root = _root(xml)
    if root is None:
        return []
    ElementTree.register_namespace("vt", NS_VT)
    out = []
    for prop in root.iterfind(f"{{{NS_CUSTOM}}}property"):
        text = ElementTree.tostring(prop, encoding="unicode", default_namespace=None)
        text = text.replace(f' xmlns="{NS_CUSTOM}"', "").replace(f' xmlns:vt="{NS_VT}"', "")
        text = (
            text.replace(f' xmlns:ns0="{NS_CUSTOM}"', "")
            .replace("<ns0:", "<")
            .replace("</ns0:", "</")
        )
        out.append((prop.get("name") or "", text))
    return out


def parse_properties(xml: bytes) -> dict[str, str]:
    """Every custom property of a custom.xml as text (name -> value)."""
    root = _root(xml)
    if root is None:
        return {}
    out: dict[str, str] = {}
    for prop in root.iterfind(f"{{{NS_CUSTOM}}}property"):
        name = prop.get("name")
        if name:
            out[name] = "".join(prop.itertext()).strip()
    return out


def identity_of(props: Mapping[str, str]) -> Identity | None:
    """The Identity a set of custom properties describes, None without `ankao.document`."""
    kind = props.get("ankao.document", "").strip()
    if not kind:
        return None
    units = tuple(u.strip() for u in props.get("ankao.units", "").split("、") if u.strip())
    number = props.get("ankao.round", "").strip()
    return Identity(
        document=kind,
        units=units,
        term=props.get("ankao.term", "").strip(),
        round=int(number) if number.isdigit() else None,
        fingerprints=tuple(props.get("ankao.fingerprint", "").split()),
        reviewer=props.get("ankao.reviewer", "").strip(),
        version=props.get("ankao.version", "").strip(),
        digest=props.get("ankao.digest", "").strip(),
        extra={k: v for k, v in props.items() if k.startswith(PREFIX)},
    )


def _read(archive: zipfile.ZipFile, name: str) -> bytes | None:
    """A part's bytes, None when it is missing or implausibly large."""
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    if info.file_size > MAX_PART:
        return None
    with archive.open(info) as fh:
        return fh.read(MAX_PART + 1)[:MAX_PART]


def read_identity(path: Path) -> Identity | None:
    """ankao's identity of a .docx, None when it has none (or is no readable zip)."""
    try:
        with zipfile.ZipFile(path) as archive:
            xml = _read(archive, CUSTOM_PART)
    except (OSError, zipfile.BadZipFile):
        return None
    return identity_of(parse_properties(xml)) if xml else None


def attach_xml(props: Mapping[str, str], document_xml: bytes) -> bytes:
    """docProps/custom.xml with `props` and the digest of `document_xml` (a new part)."""
    return custom_xml({**props, "ankao.digest": digest(document_xml)})


def replace_problem(path: Path) -> str | None:
    """Why an existing .docx must not be replaced without --force, or None when it may be.

    A file may be replaced only when ankao wrote it and nobody changed it since:
    it carries no comments and its document.xml still has the digest ankao recorded.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
            if any(_is_comments(n) and _has_comment(_read(archive, n)) for n in names):
                return "含有批注"
            custom = _read(archive, CUSTOM_PART)
            main = _read(archive, MAIN_PART)
    except (OSError, zipfile.BadZipFile):
        return "不是 ankao 生成的 Word 文档"
    ident = identity_of(parse_properties(custom)) if custom else None
    if ident is None or not ident.digest:
        return "不是 ankao 生成的文档（或已用其他软件另存）"
    if main is None or digest(main) != ident.digest:
        return "在 ankao 生成后被修改过"
    return None


def _is_comments(name: str) -> bool:
    low = name.lower()
    return (
        low.startswith("word/")
        and low.rsplit("/", 1)[-1].startswith("comments")
        and low.endswith(".xml")
    )


def _has_comment(xml: bytes | None) -> bool:
    return bool(xml) and re.search(rb"<(?:\w+:)?comment[\s>]", xml or b"") is not None
