"""Comments made in Word on a rendered task book -> comments tied to the book's refs.

python-docx reads a comment's author, date and text but not where it sits, so
the body is walked for `w:commentRangeStart` (or the `w:commentReference` of a
comment without a range). A comment inside a table row whose first cell holds a
target id belongs to that target (the renderer writes every target as a row
that starts with its id); otherwise it belongs to the part or section whose
heading it sits in or under (`profile`, `members`, `goals.<key>`), else to
`general`. Comment ids only link the parts of this one file: LibreOffice
renumbers them on save, so nothing outside this module ever sees them.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ankao.errors import AnkaoError
from ankao.model.refs import PARTS, BookIndex

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
W15 = "http://schemas.microsoft.com/office/word/2012/wordml"
RT_COMMENTS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
RT_EXTENDED = "http://schemas.microsoft.com/office/2011/relationships/commentsExtended"
_ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
_NUMBERING = re.compile(
    r"^\s*(?:[（(][一二三四五六七八九十\d]+[）)]|[一二三四五六七八九十]+、|\d+[.．、])\s*"
)


_NS = {"w": W, "w14": W14, "w15": W15}


def _q(tag: str) -> str:
    prefix, name = tag.split(":")
    return "{" + _NS[prefix] + "}" + name


@dataclass(slots=True)
class Reply:
    """A reply to a Word comment."""

    author: str
    date: str
    text: str


@dataclass(slots=True)
class WordComment:
    """A top-level Word comment, tied to a ref of the book."""

    author: str
    date: str
    text: str
    quote: str
    ref: str
    replies: list[Reply] = field(default_factory=list)
    problem: str | None = None
    """Why the ref is a fallback (a row id the book lacks, no anchor), for a warning."""


@dataclass(slots=True)
class _Anchor:
    order: int
    ref: str
    problem: str | None = None


def open_word(path: Path) -> Any:
    """The python-docx Document of `path`; AnkaoError when it is not a Word (.docx) file."""
    if not path.is_file():
        raise AnkaoError(f"找不到文件：{path}")
    if not zipfile.is_zipfile(path):
        hint = (
            "（旧的 .doc 格式请在 Word 中“另存为”.docx）"
            if path.suffix.lower() != ".docx" or _is_ole(path)
            else ""
        )
        raise AnkaoError(f"{path} 不是 Word 文档（.docx）{hint}，无法读取其中的批注")
    import io

    import docx

    from ankao.load.docxsafe import checked_docx

    data = checked_docx(path)
    try:
        return docx.Document(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - any failure here means "not a Word document"
        raise AnkaoError(
            f"{path} 不是有效的 Word 文档（.docx），无法读取其中的批注{_zip_hint(path)}"
        ) from exc


def _zip_hint(path: Path) -> str:
    """What a zip that is no .docx probably is, and what to do about it."""
    try:
        with zipfile.ZipFile(path) as archive:
            mimetype = (
                archive.read("mimetype").decode("ascii", "replace")
                if "mimetype" in archive.namelist()
                else ""
            )
    except (zipfile.BadZipFile, OSError, KeyError):
        return "：文件已损坏，或只复制了一部分"
    if mimetype.startswith("application/vnd.oasis.opendocument"):
        return "：它是 OpenDocument 文件（.odt），请在 WPS/LibreOffice/Word 中“另存为”Word 文档（.docx）后再导入"
    return "：它是 zip 压缩包，但不是 Word 文档"


def _is_ole(path: Path) -> bool:
    with path.open("rb") as fh:
        return fh.read(8) == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _part(document: Any, reltype: str) -> Any:
    """The part related to the main document by `reltype`, without creating one."""
    for rel in document.part.rels.values():
        if rel.reltype == reltype and not rel.is_external:
            return rel.target_part
    return None


def read_comments(path: Path, index: BookIndex, *, unit: str | None = None) -> list[WordComment]:
    """The top-level comments of a .docx in document order, each tied to a ref of `index`.

    When some heading of the document is exactly `unit` (a department's packet of
    several units), only comments within that unit's part are read.
    """
    document = open_word(path)
    part = _part(document, RT_COMMENTS)
    if part is None:
        raise AnkaoError(
            f"{path} 中没有批注：请在 Word 中用“审阅 → 新建批注”对任务书提出意见后再导入"
        )
    comments_xml = _xml(part)
    extended = _part(document, RT_EXTENDED)
    parents = _reply_parents(comments_xml, _xml(extended) if extended is not None else None)
    body = document.element.body
    anchors = _Walker(index, _style_names(document), unit).walk(body)
    quotes = _quotes(body)
    found: dict[str, WordComment] = {}
    order: dict[str, int] = {}
    replies: list[tuple[str, Reply]] = []
    for number, node in enumerate(comments_xml.iterchildren(_q("w:comment"))):
        cid = node.get(_q("w:id"), "")
        author, date, text = (
            node.get(_q("w:author"), ""),
            node.get(_q("w:date"), ""),
            _comment_text(node),
        )
        if cid in parents:
            replies.append((parents[cid], Reply(author, date, text)))
            continue
        anchor = anchors.get(cid)
        if anchor is None and cid in anchors.skipped:
            continue
        if anchor is None:
            anchor = _Anchor(
                1_000_000 + number, "general", "批注在正文中找不到位置，已归为总体意见"
            )
        key, problem = cid, anchor.problem
        if cid in found:  # a damaged or hand-edited file: two comments share one w:id; keep both
            key = f"{cid}#{number}"
            problem = (
                f"Word 文件中有两条批注的编号相同（w:id={cid}），两条都已导入；"
                f"这一条的位置无法确定，已按同编号的第一条归到 {anchor.ref}，请核对"
            )
        found[key] = WordComment(
            author, date, text, quotes.get(cid, "").strip(), anchor.ref, problem=problem
        )
        order[key] = anchor.order
    for parent, reply in replies:
        if parent in found and reply.text.strip():
            found[parent].replies.append(reply)
    if not found and not anchors.skipped:
        raise AnkaoError(
            f"{path} 中没有批注：请在 Word 中用“审阅 → 新建批注”对任务书提出意见后再导入"
        )
    return [found[cid] for cid in sorted(found, key=lambda c: order[c])]


def _xml(part: Any) -> Any:
    """The root element of a part: its live element where python-docx has one, else parsed."""
    element = getattr(part, "element", None)
    if element is not None:
        return element
    from lxml import etree  # type: ignore[import-untyped]

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    return etree.fromstring(part.blob, parser=parser)


def _comment_text(node: Any) -> str:
    lines = ["".join(t.text or "" for t in p.iter(_q("w:t"))) for p in node.iter(_q("w:p"))]
    return "\n".join(lines).strip()


def _reply_parents(comments: Any, extended: Any) -> dict[str, str]:
    """Reply comment id -> the id of the top-level comment it answers (commentsExtended)."""
    if extended is None:
        return {}
    by_para: dict[str, str] = {}
    for node in comments.iterchildren(_q("w:comment")):
        paras = list(node.iter(_q("w:p")))
        if paras and paras[-1].get(_q("w14:paraId")):
            by_para[paras[-1].get(_q("w14:paraId"))] = node.get(_q("w:id"), "")
    parent_para: dict[str, str] = {}
    for ex in extended.iter(_q("w15:commentEx")):
        para, parent = ex.get(_q("w15:paraId")), ex.get(_q("w15:paraIdParent"))
        if para and parent:
            parent_para[para] = parent
    out: dict[str, str] = {}
    for para, cid in by_para.items():
        root, seen = para, set()
        while root in parent_para and root not in seen:  # a reply to a reply answers the thread
            seen.add(root)
            root = parent_para[root]
        if root != para and root in by_para:
            out[cid] = by_para[root]
    return out


def _style_names(document: Any) -> dict[str, str]:
    return {s.style_id: (s.name or "").lower() for s in document.styles if s.style_id}


def _text(node: Any) -> str:
    return "".join(t.text or "" for t in node.iter(_q("w:t")))


def _quotes(body: Any) -> dict[str, str]:
    """Comment id -> the text between its range start and end, paragraphs on their own lines."""
    open_ids: list[str] = []
    out: dict[str, str] = {}
    start, end, text, para = (
        _q("w:commentRangeStart"),
        _q("w:commentRangeEnd"),
        _q("w:t"),
        _q("w:p"),
    )

    def visit(node: Any) -> None:
        tag = node.tag
        if tag == start:
            open_ids.append(node.get(_q("w:id"), ""))
        elif tag == end and node.get(_q("w:id"), "") in open_ids:
            open_ids.remove(node.get(_q("w:id"), ""))
        elif tag == text:
            for cid in open_ids:
                out[cid] = out.get(cid, "") + (node.text or "")
        for child in node.iterchildren():
            visit(child)
        if tag == para:
            for cid in open_ids:
                if out.get(cid) and not out[cid].endswith("\n"):
                    out[cid] += "\n"

    visit(body)
    return out


class _Anchors(dict[str, _Anchor]):
    skipped: set[str]

    def __init__(self) -> None:
        super().__init__()
        self.skipped = set()


class _Walker:
    """Walks the body's blocks once, keeping the part or section each block belongs to."""

    def __init__(self, index: BookIndex, styles: dict[str, str], unit: str | None) -> None:
        self.index = index
        self.styles = styles
        self.unit = unit
        self.context = "general"
        self.anchors = _Anchors()
        self.pending: list[Any] = []
        self.in_unit: bool | None = None
        """None: the document is one task book; else whether we are inside `unit`'s part."""

    def walk(self, body: Any) -> _Anchors:
        if self.unit is not None and any(
            self._heading(p) and _text(p).strip() == self.unit for p in body.iter(_q("w:p"))
        ):
            self.in_unit = False
        for block in self._blocks(body):
            self._block(block)
        for marker in self.pending:
            self._mark(marker, self.context)
        return self.anchors

    def _blocks(self, node: Any) -> Iterator[Any]:
        for child in node.iterchildren():
            if child.tag == _q("w:sdt"):
                content = child.find(_q("w:sdtContent"))
                if content is not None:
                    yield from self._blocks(content)
            else:
                yield child

    def _block(self, block: Any) -> None:
        if block.tag in (_q("w:commentRangeStart"), _q("w:commentReference")):
            self.pending.append(block)  # a range opened between blocks belongs to the next one
            return
        if block.tag == _q("w:p"):
            if self._signature(block):
                self.context = "general"
            self._paragraph(block)
            markers = list(self.pending) + list(self._markers(block))
            self.pending.clear()
            for marker in markers:
                self._mark(marker, self.context)
        elif block.tag == _q("w:tbl"):
            if self._signature(block):
                self.context = (
                    "general"  # the signature block closes the book: no section of its own
                )
            for row in block.iter(_q("w:tr")):
                markers = list(self.pending) + list(self._markers(row, nested=False))
                self.pending.clear()
                if markers:
                    ref, problem = self._row_ref(row)
                    for marker in markers:
                        self._mark(marker, ref, problem)

    def _markers(self, node: Any, *, nested: bool = True) -> Iterator[Any]:
        for marker in node.iter(_q("w:commentRangeStart"), _q("w:commentReference")):
            if nested or self._row_of(marker) is node:
                yield marker

    @staticmethod
    def _row_of(marker: Any) -> Any:
        node = marker.getparent()
        while node is not None and node.tag != _q("w:tr"):
            node = node.getparent()
        return node

    def _mark(self, marker: Any, ref: str, problem: str | None = None) -> None:
        cid = marker.get(_q("w:id"), "")
        if cid in self.anchors or cid in self.anchors.skipped:
            return
        if self.in_unit is False:
            self.anchors.skipped.add(cid)
            return
        self.anchors[cid] = _Anchor(len(self.anchors) + len(self.anchors.skipped), ref, problem)

    def _signature(self, block: Any) -> bool:
        """True for the signature block (paragraphs of the reference's Signature style)."""
        for style in block.iter(_q("w:pStyle")):
            value = style.get(_q("w:val"), "")
            if self.styles.get(value, value.lower()) == "signature":
                return True
        return False

    def _heading(self, paragraph: Any) -> int | None:
        """1, 2, 3… for a heading paragraph (by style name or outline level), else None."""
        ppr = paragraph.find(_q("w:pPr"))
        if ppr is None:
            return None
        style = ppr.find(_q("w:pStyle"))
        if style is not None:
            name = self.styles.get(style.get(_q("w:val"), ""), style.get(_q("w:val"), "").lower())
            m = re.fullmatch(r"heading\s*([1-9])|标题\s*([1-9])|title", name)
            if m:
                return int(m.group(1) or m.group(2) or 0)
        level = ppr.find(_q("w:outlineLvl"))
        if level is not None and (level.get(_q("w:val")) or "").isdigit():
            return int(level.get(_q("w:val"))) + 1
        return None

    def _paragraph(self, paragraph: Any) -> None:
        level = self._heading(paragraph)
        text = _text(paragraph).strip()
        if self.in_unit is not None and level is not None and level <= 2 and text:
            if text == self.unit:
                self.in_unit, self.context = True, "general"
                return
            if (
                self.in_unit
                and self._title_ref(text) is None
                and level == 1
                and self._is_other_unit(text)
            ):
                self.in_unit = False
                return
        ref = self._title_ref(text)
        if ref is not None and (level is not None or _NUMBERING.match(text)):
            self.context = ref
        elif level == 1:
            self.context = "general"  # 三、任期目标 and any other part the book does not name

    def _is_other_unit(self, text: str) -> bool:
        return not _NUMBERING.match(text)

    def _title_ref(self, text: str) -> str | None:
        """The ref a heading names: a part (本单位自然情况…) or a section of `goals`."""
        title = _NUMBERING.sub("", text).strip()
        if not title:
            return None
        for ref in ("profile", "members"):
            if title == PARTS[ref] and ref in self.index.places:
                return ref
        key = self.index.section_of_title(title)
        return f"goals.{key}" if key is not None else None

    def _row_ref(self, row: Any) -> tuple[str, str | None]:
        cells = list(row.iterchildren(_q("w:tc")))
        first = _text(cells[0]).strip() if cells else ""
        if first and self.index.is_target(first):
            return first, None
        if first and _ID_PATTERN.match(first) and any(c.isdigit() for c in first):
            return self.context, (
                f"批注所在表格行的编号“{first}”不在当前任务书中（可能已改名或删除），"
                f"已归到所在部分 {self.context}；请核对"
            )
        return self.context, None
