"""A loaded task book -> the 任期目标任务书 as a Word document, in the seed's structure (SPEC §5).

Structure, both kinds (附件（一）（二）):

    <单位>领导班子任期目标任务书（2024—2027年）          Title
    一、本单位自然情况            (teaching only)      Heading 1, then the profile
    二、本届领导班子成员及分工                         Heading 1, table 姓名 职务 分工
    三、任期目标                                       Heading 1
    （一）本届班子任期总体目标 …（九）其他目标          Heading 2, ankao.taskbook.SECTIONS
    1. 政治思想建设 …                                  Heading 3, one per aspect
    [table of the targets]
    signature blocks

Parts are numbered in order, so an office book (no profile) has
一、本届领导班子成员及分工 and 二、任期目标.

CONTRACT (ankao comments import relies on it; keep it):
- each part heading (一、二、三、) is a paragraph of style Heading 1;
- each section heading is a paragraph of style Heading 2 whose text is
  "（N）<section title from ankao.taskbook.SECTIONS>", N in Chinese numerals
  counting every section of the kind in the seed's order;
- each aspect sub-heading is a paragraph of style Heading 3 "N. <aspect>";
- each target is one table row whose FIRST cell text is exactly the target's
  `id`, wrapped in a bookmark named by `target_bookmark` ("T_" + id, every
  character outside [A-Za-z0-9_] replaced by "_", at most 40 characters,
  made unique with _2, _3 … when shortening makes two alike).

Targets are grouped under aspect sub-headings when every target of the
section names an aspect (the seed's aspects first, in its order, then the
others as they first appear, 其他 last); otherwise the section is one table
with a 方面 column when any target has an aspect. A table holding a
quantitative target has the columns 编号 目标内容 指标 计量单位 基数 目标值,
one per term year under 年度进度, and 责任人; a qualitative row there spans
the metric columns with "验收标准：…". A table of qualitative targets only has
编号 目标内容 验收标准 责任人. Numbers appear exactly as written in the YAML.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ankao import yaml12
from ankao.config import Config
from ankao.loading import Document
from ankao.model import PathPart
from ankao.rendering.base import (
    Cell,
    CellLike,
    Writer,
    bookmark_name,
    open_reference,
    render_text,
    text_paragraphs,
)
from ankao.rendering.reference import set_properties
from ankao.taskbook import DIRECTIONS, SECTIONS, aspects, is_quantitative, term_years

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument

NUMERALS = "一二三四五六七八九十"
COMMITMENT_TEMPLATE = "service_commitment.j2"
OTHER_ASPECT = "其他"


def numeral(n: int) -> str:
    """1 -> 一, 12 -> 十二, 20 -> 二十 (enough for parts and sections)."""
    if n <= 10:
        return NUMERALS[n - 1]
    tens, ones = divmod(n, 10)
    return (NUMERALS[tens - 1] if tens > 1 else "") + "十" + (NUMERALS[ones - 1] if ones else "")


def title_of(book: dict[str, Any]) -> str:
    """"<单位>领导班子任期目标任务书（2024—2027年）"."""
    term = book.get("term") or {}
    return f"{book.get('unit', '')}领导班子任期目标任务书（{term.get('start')}—{term.get('end')}年）"


def section_heading(kind: str, key: str) -> str:
    """"（N）<title>" of a section, as rendered (the contract of the comments importer)."""
    for n, (k, title) in enumerate(SECTIONS[kind], start=1):
        if k == key:
            return f"（{numeral(n)}）{title}"
    raise KeyError(key)


def target_bookmark(target_id: str, used: set[str]) -> str:
    """The bookmark name of a target row: "T_" + id made safe, ≤ 40 chars, unique in `used`."""
    return bookmark_name(target_id, used, prefix="T_")


def render_book(doc: Document, config: Config) -> DocxDocument:
    """The Word document of one loaded, schema-valid task book."""
    out = open_reference(config)
    _Renderer(Writer(out), doc, config).render()
    book = doc.data
    set_properties(out, title=title_of(book), subject="任期目标任务书", author=config.school or "ankao")
    return out


class _Renderer:
    """Writes one book; holds what the parts share (writer, years, bookmarks)."""

    def __init__(self, writer: Writer, doc: Document, config: Config) -> None:
        self.w = writer
        self.doc = doc
        self.book: dict[str, Any] = doc.data
        self.config = config
        self.kind: str = self.book.get("kind", "teaching")
        self.years = term_years(self.book)
        self.used: set[str] = set()

    def render(self) -> None:
        w, book = self.w, self.book
        w.title(title_of(book).replace("（", "\n（", 1))
        part = 0
        if self.kind == "teaching":
            part += 1
            w.heading(1, f"{numeral(part)}、本单位自然情况")
            w.paragraphs(str(book.get("profile") or ""))
        part += 1
        w.heading(1, f"{numeral(part)}、本届领导班子成员及分工")
        self.members()
        part += 1
        w.heading(1, f"{numeral(part)}、任期目标")
        goals = book.get("goals") or {}
        for key, _title in SECTIONS[self.kind]:
            w.heading(2, section_heading(self.kind, key))
            if key == "overall":
                if not w.paragraphs(str(goals.get("overall") or "")):
                    w.paragraph("（未填写）")
                continue
            if key == "service_commitment":
                self.commitment()
            self.section(key, goals.get(key) or [])
        self.signatures()

    def members(self) -> None:
        rows: list[list[CellLike]] = []
        for member in self.book.get("members") or []:
            rows.append([Cell(str(member.get("name", "")), style="Table Number"),
                         Cell(str(member.get("post", "")), style="Table Number"),
                         str(member.get("duties", ""))])
        self.w.table(["姓名", "职务", "分工"], rows, widths=[1.2, 1.8, 5.0])

    def commitment(self) -> None:
        term = self.book.get("term") or {}
        text = render_text(self.config, COMMITMENT_TEMPLATE, unit=self.book.get("unit", ""),
                           school=self.config.school or "学校", start=term.get("start"), end=term.get("end"))
        for paragraph in text_paragraphs(text):
            self.w.paragraph(paragraph)

    def section(self, key: str, targets: list[dict[str, Any]]) -> None:
        indexed = [(i, t) for i, t in enumerate(targets) if isinstance(t, dict)]
        if not indexed:
            self.w.paragraph("无。")
            return
        if all(t.get("aspect") for _, t in indexed):
            for n, (aspect, group) in enumerate(self.groups(key, indexed), start=1):
                self.w.heading(3, f"{n}. {aspect}")
                self.table(key, group, show_aspect=False)
        else:
            self.table(key, indexed, show_aspect=any(t.get("aspect") for _, t in indexed))

    def groups(self, key: str, indexed: list[tuple[int, dict[str, Any]]]) -> list[tuple[str, list[tuple[int, dict[str, Any]]]]]:
        by_aspect: dict[str, list[tuple[int, dict[str, Any]]]] = {}
        for i, t in indexed:
            by_aspect.setdefault(str(t["aspect"]), []).append((i, t))
        listed = [a for a in aspects(self.kind, key) if a in by_aspect]
        others = [a for a in by_aspect if a not in listed and a != OTHER_ASPECT]
        tail = [OTHER_ASPECT] if OTHER_ASPECT in by_aspect else []
        return [(a, by_aspect[a]) for a in listed + others + tail]

    def table(self, key: str, indexed: list[tuple[int, dict[str, Any]]], *, show_aspect: bool) -> None:
        quantitative = any(is_quantitative(t) for _, t in indexed)
        lead_headers: list[str] = ["编号", *(["方面"] if show_aspect else []), "目标内容"]
        lead_widths = [1.5, *([1.6] if show_aspect else []), 3.1 if quantitative else 5.0]
        if not quantitative:
            headers: Sequence[CellLike] | Sequence[Sequence[CellLike]] = [*lead_headers, "验收标准", "责任人"]
            widths = [*lead_widths, 5.0, 1.3]
        else:
            years = self.years
            fixed = ["指标", "计量单位", "基数", "目标值"]
            spanned = 2 if years else 1
            first: list[CellLike] = [Cell(h, rows=spanned) for h in [*lead_headers, *fixed]]
            if years:
                first.append(Cell("年度进度", span=len(years)))
            first.append(Cell("责任人", rows=spanned))
            second: list[CellLike] = [str(y) for y in years]
            headers = [first, second] if years else [first]
            widths = [*lead_widths, 1.8, 1.1, 1.0, 1.1, *([1.2] * len(years)), 1.3]
        rows = [self.row(key, i, t, show_aspect=show_aspect, quantitative_table=quantitative) for i, t in indexed]
        self.w.table(headers, rows, widths=widths)

    def row(self, key: str, index: int, target: dict[str, Any], *, show_aspect: bool,
            quantitative_table: bool) -> list[CellLike]:
        base: tuple[PathPart, ...] = ("goals", key, index)
        target_id = str(target.get("id", ""))
        cells: list[CellLike] = [Cell(target_id, style="Table Number", bookmark=target_bookmark(target_id, self.used))]
        if show_aspect:
            cells.append(Cell(str(target.get("aspect") or ""), style="Table Number"))
        content = str(target.get("content", ""))
        criteria = target.get("criteria")
        owner = Cell(str(target.get("owner") or ""), style="Table Number")
        if not is_quantitative(target):
            cells.append(content)
            text = str(criteria or "")
            if quantitative_table:
                cells.append(Cell(f"验收标准：{text}", span=4 + len(self.years)))
            else:
                cells.append(text)
            cells.append(owner)
            return cells
        if criteria:
            content += f"\n验收标准：{criteria}"
        cells.append(content)
        metric: dict[str, Any] = target["metric"]
        mpath = (*base, "metric")
        target_text = self.number(metric, mpath, "target")
        direction = metric.get("direction")
        if direction and direction != "increase" and direction in DIRECTIONS:
            target_text = f"{DIRECTIONS[direction]}{target_text}" if target_text else DIRECTIONS[direction]
        milestones = metric.get("milestones") or {}
        cells.extend([
            str(metric.get("name") or ""),
            Cell(str(metric.get("unit") or ""), style="Table Number"),
            Cell(self.number(metric, mpath, "baseline"), style="Table Number"),
            Cell(target_text, style="Table Number"),
            *(Cell(self.number(milestones, (*mpath, "milestones"), str(y)), style="Table Number")
              for y in self.years),
            owner,
        ])
        return cells

    def number(self, holder: dict[str, Any], path: tuple[PathPart, ...], key: str) -> str:
        """A value as the YAML source wrote it (`1.50` stays `1.50`), "" when absent."""
        value = holder.get(key)
        if value is None:
            return ""
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            source = source_text(self.doc, (*path, key))
            if source is not None:
                return source
        return str(value)

    def signatures(self) -> None:
        w = self.w
        party = self.principal("party")
        admin = self.principal("admin")
        w.paragraph("")
        w.signature_block([f"单位党组织书记{party}签字", f"行政负责人{admin}签字", "主管校领导审核签字"])
        w.paragraph("")
        school = self.config.school or "学校"
        w.signature_block([f"{school}党委书记签字", f"{school}校长签字",
                           f"单位党组织书记{party}签字", f"单位行政负责人{admin}签字"],
                          heading="任期目标任务书签署（党委会审议通过后）")

    def principal(self, role: str) -> str:
        """"（张某）" for the member who is the unit's party or administrative principal."""
        names = [str(m.get("name")) for m in self.book.get("members") or []
                 if isinstance(m, dict) and m.get("principal") in (role, "both") and m.get("name")]
        return f"（{'、'.join(names)}）" if names else ""


def source_text(doc: Document, parts: Sequence[PathPart]) -> str | None:
    """The source text of the plain scalar at `parts`, or None (missing, quoted, not a scalar)."""
    from yaml.nodes import MappingNode, ScalarNode, SequenceNode

    node = doc.node
    for part in parts:
        if isinstance(node, MappingNode) and isinstance(part, str):
            hit = yaml12._lookup(node, part)
            if hit is None:
                return None
            node = hit[1]
        elif isinstance(node, SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
            node = node.value[part]
        else:
            return None
    if isinstance(node, ScalarNode) and not node.style:
        return str(node.value)
    return None
