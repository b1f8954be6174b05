"""Characters XML 1.0 cannot hold: dropped from any text before it goes into a document."""

from __future__ import annotations

import re

# Characters XML 1.0 cannot hold (C0 controls but tab/LF/CR, surrogates, U+FFFE/U+FFFF) are dropped
# as text is escaped: the loader already warned about them (`control-character`), and a document
# holding one is a file Word refuses to open.
XML_DROPPED: dict[int, None] = {
    c: None
    for c in (*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0xD800, 0xE000), 0xFFFE, 0xFFFF)
}
XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
"""A character no XML document may hold."""


def xml_text(value: str) -> str:
    """`value` without the characters XML cannot hold (for text set through python-docx)."""
    return value.translate(XML_DROPPED)
