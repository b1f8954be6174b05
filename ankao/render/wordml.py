"""WordprocessingML as text: the namespace, escaping, and splicing content into document.xml.

The leaf of the rendering package: the Writer builds its XML with these, the package
writer splices it into the reference's document.xml. Nothing here imports the rest of
ankao.render.
"""

from __future__ import annotations

from ankao.errors import AnkaoError
from ankao.load.xmltext import XML_DROPPED, XML_INVALID, xml_text  # noqa: F401 - xml_text: the writers' name

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS_DECL = f'xmlns:w="{W}"'


def wtag(tag: str) -> str:
    """The Clark name `{w-namespace}tag` of a WordprocessingML element or attribute."""
    return f"{{{W}}}{tag}"


_ESCAPES: dict[int, str | None] = {
    ord("&"): "&amp;",
    ord("<"): "&lt;",
    ord(">"): "&gt;",
    **XML_DROPPED,
}
_TEXT = str.maketrans(_ESCAPES)
_ATTR = str.maketrans({**_ESCAPES, ord('"'): "&quot;"})


def escape_text(value: str) -> str:
    """`value` as XML character data (and without what XML cannot hold)."""
    return value.translate(_TEXT)


def t(value: str) -> str:
    """A `w:t` element; `xml:space` only where leading or trailing spaces must survive."""
    if value[:1].isspace() or value[-1:].isspace():
        return f'<w:t xml:space="preserve">{value.translate(_TEXT)}</w:t>'
    return f"<w:t>{value.translate(_TEXT)}</w:t>"


def attr(value: str) -> str:
    """`value` escaped for an XML attribute in double quotes."""
    return value.translate(_ATTR)


def splice(xml: bytes, pending: list[str]) -> bytes:
    """document.xml with `pending` WordprocessingML inserted at the end of the body, before its sectPr."""
    body_end = xml.rfind(b"</w:body>")
    sect = xml.rfind(b"<w:sectPr", 0, body_end)
    if body_end < 0 or (sect >= 0 and xml.rfind(b"</w:p>", sect, body_end) >= 0):
        sect = -1  # no body-level sectPr at the end: insert before </w:body>
    at = sect if sect >= 0 else body_end
    if at < 0:
        raise AnkaoError("样式模板的 document.xml 无法识别（没有 w:body）")
    content = "".join(pending)
    bad = XML_INVALID.search(content)
    if bad:  # the writer escapes every text; reaching here is a bug, never a file Word cannot open
        raise AnkaoError(
            f"文档中有 XML 不能容纳的字符 U+{ord(bad.group()):04X}，没有写入（ankao 的问题，请报告）"
        )
    return xml[:at] + content.encode("utf-8") + xml[at:]
