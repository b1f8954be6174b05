"""A Word document ankao wrote, against the book as it is now: the targets whose rows changed since."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ankao.load.config import Config
from ankao.model.book import TaskBook
from ankao.reviews.routing import routing

_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


def stale_message(docx: Path, identity: Any, book: TaskBook, config: Config) -> str:
    """The warning for a document made from an older version of `book`, naming the targets changed since."""
    changed = changed_targets(docx, identity, book, config)
    head = f"{docx.name} 生成后，“{book.unit}”的任务书已经修改（文件记录的指纹与当前任务书不同）；"
    if not changed:
        return head + "各目标没有变化（修改在其他部分），请核对批注是否仍然适用"
    old = set(target_ids(docx, book, identity.document == "packet"))
    now = {t.id for t in book.targets}
    groups = [
        ("内容有变化", [i for i in changed if i in old and i in now]),
        ("新增", [i for i in changed if i not in old]),
        ("已删除或改了编号", [i for i in changed if i not in now]),
    ]
    listed = "；".join(f"{label}：{'、'.join(ids)}" for label, ids in groups if ids)
    return head + f"此后有变化的目标——{listed}。请核对这些目标上的批注是否仍然适用"


def changed_targets(docx: Path, identity: Any, book: TaskBook, config: Config) -> list[str]:
    """Ids whose row in the document differs from the row the current book renders (or is only on one side)."""
    import io

    import docx as python_docx

    from ankao.render.reference import to_bytes

    current: Any
    partial = False
    if identity.document == "packet":
        from ankao.render.packets import PART_KEYS, packet_document, parts_for

        wanted = routing(config).get(identity.reviewer)
        if (
            wanted is None
        ):  # the department is gone from ankao.yaml: compare the rows the packet has
            wanted, partial = [*PART_KEYS, *(s.key for s in book.sections)], True
        current = packet_document(
            config, identity.round or 1, identity.reviewer, [(book, parts_for(book, list(wanted)))]
        )
    else:
        from ankao.render.taskbook import render_book

        current = render_book(book, config)
    fresh = python_docx.Document(io.BytesIO(to_bytes(current)))
    old = target_rows(python_docx.Document(str(docx)), book, identity.document == "packet")
    new = target_rows(fresh, book, identity.document == "packet")
    if partial:
        new = {k: v for k, v in new.items() if k in old}
    order = [t.id for t in book.targets] + sorted(set(old) - {t.id for t in book.targets})
    return [ident for ident in dict.fromkeys(order) if old.get(ident) != new.get(ident)]


def target_ids(docx: Path, book: TaskBook, scoped: bool) -> list[str]:
    """The ids of the target rows a document shows (within the unit's part of a packet when `scoped`)."""
    import docx as python_docx

    return list(target_rows(python_docx.Document(str(docx)), book, scoped))


def target_rows(document: Any, book: TaskBook, scoped: bool) -> dict[str, str]:
    """id -> the text of its row, for the rows led by an id (within the unit's part of a packet when `scoped`)."""
    from ankao.reviews.wordcomments import W

    w = f"{{{W}}}"
    names = {s.style_id: (s.name or "").lower() for s in document.styles if s.style_id}
    ids = {t.id for t in book.targets}
    rows: dict[str, str] = {}
    inside = not scoped
    for block in document.element.body.iterchildren():
        if block.tag == f"{w}p":
            style = block.find(f"{w}pPr/{w}pStyle")
            if scoped and style is not None and names.get(style.get(f"{w}val"), "") == "heading 1":
                inside = "".join(t.text or "" for t in block.iter(f"{w}t")).strip() == book.unit
        elif block.tag == f"{w}tbl" and inside:
            for row in block.iter(f"{w}tr"):
                cells = [
                    "".join(t.text or "" for t in tc.iter(f"{w}t")).strip()
                    for tc in row.iterchildren(f"{w}tc")
                ]
                if cells and (
                    cells[0] in ids
                    or (_ID.match(cells[0]) and any(ch.isdigit() for ch in cells[0]))
                ):
                    rows.setdefault(cells[0], "|".join(cells))
    return rows
