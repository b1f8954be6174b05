"""Whose document it is, read back: ankao's custom document properties (docProps/custom.xml, SPEC §5)."""

from __future__ import annotations

import hashlib
import re
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CUSTOM_PART = "docProps/custom.xml"


NS_CUSTOM = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
NS_VT = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"


MAIN_PART = "word/document.xml"


PREFIX = "ankao."


MAX_PART = 64 * 1024 * 1024
"""Parts larger than this (uncompressed) are not read: a zip bomb, not a document."""


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


def digest(xml: bytes) -> str:
    """`sha256:<hex>` of a document.xml."""
    return "sha256:" + hashlib.sha256(xml).hexdigest()


def _root(xml: bytes) -> Any:
    """The parsed root of a custom.xml, None when it is not XML (expat refuses entity bombs)."""
    from xml.etree import ElementTree

    try:
        return ElementTree.fromstring(xml)
    except ElementTree.ParseError:
        return None


def raw_properties(xml: bytes) -> list[tuple[str, str]]:
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
