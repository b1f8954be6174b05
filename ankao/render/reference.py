"""reference.docx: where it is, opening a document from it, and saving atomically.

Content a `Writer` keeps pending as WordprocessingML text is spliced into
document.xml by `to_bytes` as the file is written (see ankao.render.writer).
"""

from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from ankao.errors import AnkaoError
from ankao.load.config import Config
from ankao.load.files import os_reason, write_bytes
from ankao.load.resources import resource_dir

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument

    from ankao.render.package import Draft

REFERENCE = "reference.docx"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def wtag(tag: str) -> str:
    """The Clark name `{w-namespace}tag` of a WordprocessingML element or attribute."""
    return f"{{{W}}}{tag}"


def template_folders(config: Config | None) -> list[Path]:
    """The repository's template folders, most specific first (may be empty).

    `templates:` in ankao.yaml names one; without it, the repository's own
    `templates/` folder is used when it exists.
    """
    if config is None:
        return []
    if config.templates is not None:
        return [config.templates]
    folder = config.root / "templates"
    return [folder] if folder.is_dir() else []


def reference_path(config: Config | None = None) -> Path:
    """The reference.docx in use: the repository's if it has one, else the built-in."""
    for folder in template_folders(config):
        candidate = folder / REFERENCE
        try:
            found = candidate.is_file()
        except OSError as exc:  # an unreadable templates folder
            from ankao.load.files import os_reason

            raise AnkaoError(f"无法读取模板文件夹 {folder}：{os_reason(exc)}") from exc
        if found:
            return candidate
    return resource_dir("templates") / REFERENCE


@lru_cache(maxsize=8)
def _reference_bytes(path: Path, mtime_ns: int) -> bytes:
    from ankao.load.docxsafe import checked_docx

    return checked_docx(path, what=f"样式模板 {path}")


def open_draft(config: Config | None = None) -> Draft:
    """A fast document from reference.docx for a Writer that needs nothing else (ankao.render.package)."""
    from ankao.render.package import open_draft as open_package

    path = reference_path(config)
    try:
        _reference_bytes(path, path.stat().st_mtime_ns)  # every part inflates within the limits
    except OSError as exc:
        raise AnkaoError(f"无法读取样式模板 {path}：{os_reason(exc)}") from exc
    return open_package(path)


def open_reference(config: Config | None = None) -> DocxDocument:
    """A new document from reference.docx: styles, page setup, headers and footers kept, body empty."""
    import docx

    path = reference_path(config)
    try:
        mtime = path.stat().st_mtime_ns
    except OSError as exc:
        from ankao.load.files import os_reason

        raise AnkaoError(f"无法读取样式模板 {path}：{os_reason(exc)}") from exc
    data = _reference_bytes(path, mtime)
    try:
        doc = docx.Document(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - any failure to read it is the user's file
        raise AnkaoError(f"无法读取样式模板 {path}：{exc}。请用 Word 另存为 .docx 后重试") from exc
    body = doc.element.body
    for child in list(body):
        if child.tag != wtag("sectPr"):
            body.remove(child)
    return doc


PROPERTY_LIMIT = 255
"""Word's limit on the characters of a document property (title, subject, author)."""


def set_properties(doc: DocxDocument | Draft, *, title: str, subject: str, author: str) -> None:
    """Set the document properties, each cut to Word's 255 characters (the body keeps the full text)."""
    from ankao.load.xmltext import xml_text

    props = doc.core_properties
    for name, value in (("title", title), ("subject", subject), ("author", author)):
        value = xml_text(value)
        if len(value) > PROPERTY_LIMIT:
            value = value[: PROPERTY_LIMIT - 1] + "…"
        setattr(props, name, value)


def identify(doc: DocxDocument | Draft, props: dict[str, str]) -> None:
    """Have `to_bytes` write these ankao.* custom properties (ankao.render.identity.properties)."""
    setattr(doc, "_ankao_identity", props)  # noqa: B010 - read by to_bytes


def save(doc: DocxDocument | Draft, path: Path, *, overwrite: bool = True) -> None:
    """Write a document atomically (ankao.load.files.write_bytes)."""
    write_bytes(path, to_bytes(doc), overwrite=overwrite)


def to_bytes(doc: DocxDocument | Draft) -> bytes:
    """The .docx file of a document, in memory, with a Writer's pending content spliced in.

    A document given properties by `identify` gets them in docProps/custom.xml,
    with the digest of the document.xml written. A `Draft` writes itself.
    """
    from ankao.render.package import Draft

    if isinstance(doc, Draft):
        return doc.to_bytes()
    buffer = io.BytesIO()
    pending: list[str] | None = getattr(doc, "_ankao_pending", None)
    props: dict[str, str] | None = getattr(doc, "_ankao_identity", None)
    part = doc.part
    if not pending:
        if props is not None:
            from ankao.render.identity import attach

            attach(doc, props, part.blob)
        doc.save(buffer)
        return buffer.getvalue()
    blob = splice(part.blob, pending)
    if props is not None:
        from ankao.render.identity import attach

        attach(doc, props, blob)
    original = type(part)
    part.__class__ = _splice_class(original)
    part._ankao_blob = blob  # type: ignore[attr-defined]
    try:
        doc.save(buffer)
    finally:
        part.__class__ = original
    return buffer.getvalue()


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
    from ankao.load.xmltext import XML_INVALID

    bad = XML_INVALID.search(content)
    if bad:  # the writer escapes every text; reaching here is a bug, never a file Word cannot open
        raise AnkaoError(
            f"文档中有 XML 不能容纳的字符 U+{ord(bad.group()):04X}，没有写入（ankao 的问题，请报告）"
        )
    return xml[:at] + content.encode("utf-8") + xml[at:]


_SPLICED: dict[type, type] = {}


def _splice_class(base: type) -> type:
    """A subclass of a part class whose `blob` is the spliced document.xml."""
    if base not in _SPLICED:
        _SPLICED[base] = type(
            f"Spliced{base.__name__}", (base,), {"blob": property(lambda self: self._ankao_blob)}
        )
    return _SPLICED[base]
