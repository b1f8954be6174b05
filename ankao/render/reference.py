"""reference.docx: where it is, a Draft on it, its properties, and saving atomically.

Content a `Writer` keeps pending as WordprocessingML text is spliced into
document.xml by the Draft as the file is written (ankao.render.package).
"""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from pathlib import Path

from ankao.errors import AnkaoError
from ankao.load.config import Config
from ankao.load.files import os_reason, write_bytes
from ankao.load.resources import resource_dir
from ankao.load.xmltext import xml_text
from ankao.render.package import Draft
from ankao.render.package import open_draft as open_package

REFERENCE = "reference.docx"


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
            raise AnkaoError(f"无法读取模板文件夹 {folder}：{os_reason(exc)}") from exc
        if found:
            return candidate
    return resource_dir("templates") / REFERENCE


@lru_cache(maxsize=8)
def _reference_bytes(path: Path, mtime_ns: int) -> bytes:
    from ankao.load.docxsafe import checked_docx

    return checked_docx(path, what=f"样式模板 {path}")


def open_draft(config: Config | None = None) -> Draft:
    """A new document on reference.docx: styles, page setup and footers kept, body empty."""
    path = reference_path(config)
    try:
        _reference_bytes(path, path.stat().st_mtime_ns)  # every part inflates within the limits
    except OSError as exc:
        raise AnkaoError(f"无法读取样式模板 {path}：{os_reason(exc)}") from exc
    return open_package(path)


PROPERTY_LIMIT = 255
"""Word's limit on the characters of a document property (title, subject, author)."""


def office(config: Config | None) -> str:
    """Who writes ankao's documents: the school's leading group office (领导小组办公室)."""
    school = (config.school if config is not None else None) or ""
    return f"{school}领导小组办公室"


def set_properties(
    doc: Draft,
    *,
    title: str,
    subject: str,
    author: str,
    created: datetime | None = None,
) -> None:
    """Set the core properties, each cut to Word's 255 characters (the body keeps the full text)."""
    props = doc.core_properties
    for name, value in (("title", title), ("subject", subject), ("author", author)):
        value = xml_text(value)
        if len(value) > PROPERTY_LIMIT:
            value = value[: PROPERTY_LIMIT - 1] + "…"
        setattr(props, name, value)
    props.created = created


def describe(doc: Draft, config: Config | None, *, title: str, subject: str) -> None:
    """The document's own core properties: its title, the school's office as author, written now."""
    set_properties(doc, title=title, subject=subject, author=office(config))


def identify(doc: Draft, props: dict[str, str]) -> None:
    """Have the Draft write these ankao.* custom properties (ankao.render.identity.properties)."""
    doc.identity = dict(props)


def save(doc: Draft, path: Path, *, overwrite: bool = True) -> None:
    """Write a document atomically (ankao.load.files.write_bytes)."""
    write_bytes(path, to_bytes(doc), overwrite=overwrite)


def to_bytes(doc: Draft) -> bytes:
    """The .docx file of a document, in memory, with a Writer's pending content spliced in.

    A document given properties by `identify` gets them in docProps/custom.xml,
    with the digest of the document.xml written.
    """
    return doc.to_bytes()
