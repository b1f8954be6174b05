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

python-docx has no API for custom properties, so the part is written here as XML
and read back straight from the zip. `ankao.digest` is how `render` knows that a
file was changed after ankao wrote it: Word and LibreOffice rewrite
word/document.xml on every save.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from ankao.load.identity import NS_CUSTOM, NS_VT, PREFIX, digest, raw_properties

CT_CUSTOM = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
RT_CUSTOM = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"
FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"

_ESCAPE = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


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


def custom_xml(props: Mapping[str, str], existing: bytes | None = None) -> bytes:
    """docProps/custom.xml holding `props`; other properties of `existing` are kept, ankao's replaced."""
    kept: list[tuple[str, str]] = []
    if existing:
        kept = [
            (name, xml) for name, xml in raw_properties(existing) if not name.startswith(PREFIX)
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


def attach_xml(props: Mapping[str, str], document_xml: bytes) -> bytes:
    """docProps/custom.xml with `props` and the digest of `document_xml` (a new part)."""
    return custom_xml({**props, "ankao.digest": digest(document_xml)})
