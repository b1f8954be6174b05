"""A task book (`ankao.model.book.TaskBook`) -> the 任期目标任务书 as a Word document (SPEC §5).

Structure, both kinds (附件（一）（二）):

    某师范学院                                          Title, line 1 (ankao.yaml `school`)
    文学院中层领导班子任期目标任务书                     Title, line 2 (no 书名号: it is the
                                                       document's own title), broken only
                                                       between words where it is too long
    （2024—2027年）                                     Subtitle
    一、本单位自然情况            (teaching only)      Heading 1, then the profile
    二、本届领导班子成员及分工                         Heading 1, table 姓名 职务 分工
    三、任期目标                                       Heading 1
    （一）本届班子任期总体目标 …（九）其他目标          Heading 2, ankao.model.sections.SECTIONS
    [one table per section]
        1. 政治思想建设                                a full-width row per aspect
        DJ-01 | 目标内容 | …                           a row per target
    signature table                                    borderless, kept with the last target

Parts are numbered in order, so an office book (no profile) has
一、本届领导班子成员及分工 and 二、任期目标. Inside a section only 1. (aspects,
the commitment's points) and (1) are used.

CONTRACT (ankao comments import relies on it; keep it):
- each part heading (一、二、三、) is a paragraph of style Heading 1;
- each section heading is a paragraph of style Heading 2 whose text is
  "（N）<section title from ankao.model.sections.SECTIONS>", N in Chinese numerals
  counting every section of the kind in the seed's order;
- each target is one table row whose FIRST cell text is exactly the target's
  `id`, wrapped in a bookmark named by `target_bookmark` ("T_" + id, every
  character outside [A-Za-z0-9_] replaced by "_", at most 40 characters,
  made unique with _2, _3 … when shortening makes two alike);
- an aspect row's first cell reads "N. <aspect>" (never an id), so a comment
  on it belongs to the section;
- the signature table's paragraphs have the style Signature (a comment there
  is general);
- the document's custom properties name it (ankao.render.identity):
  ankao.document = taskbook, ankao.units = the unit, ankao.fingerprint.

Targets are grouped under aspect rows (the seed's aspects first, in its
order, then the others as they first appear, 其他 last), in book order within
an aspect; targets without an aspect come first, before any aspect row. A
target with several aspects is shown once, under its first, and names them
all. A section holding a quantitative target has the columns 编号 目标内容 (with
the 指标 and 验收标准 as lines of it) 计量单位 基数 目标值, one per term year under
年度进度, and 责任人; a qualitative row there spans the metric columns with
"验收标准：…". A decrease or at-most target reads 降低至 4, 不超过 4. A section of
qualitative targets only has 编号 目标内容 验收标准 责任人. Numbers appear
exactly as written in the YAML (`Number.text`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ankao.formatting import numeral, term_text
from ankao.load.config import Config
from ankao.model.book import Member, Section, Target, TaskBook
from ankao.model.sections import SECTIONS, aspects
from ankao.render.base import (
    Cell,
    CellLike,
    Writer,
    bookmark_name,
    describe,
    identify,
    open_draft,
    render_text,
    text_paragraphs,
)
from ankao.render.signing import signature_block

if TYPE_CHECKING:
    from ankao.render.package import Draft

COMMITMENT_TEMPLATE = "service_commitment.j2"
OTHER_ASPECT = "其他"
PLACEHOLDER_SCHOOL = "（请填写学校名称）"
TARGET_WORDS = {"decrease": "降低至", "at_most": "不超过", "at_least": "不低于", "maintain": "保持"}
"""How a target value reads for each direction (increase: the number alone)."""

# Column widths in twips on an A4 page (156 mm of text): the headers 计量单位 and
# 目标值, a year and "不低于 12" fit on one line at 五号; 目标内容 (which also names
# the 指标) takes what is left, the most room.
# A number wider than its column widens it (Writer.table: a number never breaks in its cell).
W_ID, W_UNIT, W_BASE, W_TARGET, W_YEAR, W_OWNER = 860, 940, 560, 760, 660, 720
W_CONTENT_MIN = 1800


def school_of(config: Config | None) -> str | None:
    """The school's name from ankao.yaml, None when unset or still the placeholder."""
    school = config.school if config is not None else None
    return school if school and school != PLACEHOLDER_SCHOOL else None


TITLE_WORDS = ("中层领导班子", "任期目标任务书")
"""The words of a task book's title after the unit's name: it breaks only between them."""


def title_of(book: TaskBook) -> str:
    """ "文学院中层领导班子任期目标任务书" (附件), without 书名号: a document's own title never has them."""
    return book.unit + "".join(TITLE_WORDS)


def title_lines(unit: str, *words: str) -> list[str]:
    """A title of the unit's family broken only between words, lines as even as they can be."""
    from ankao.render.notice import balanced_lines

    return balanced_lines([unit, *words])


def term_of(book: TaskBook) -> str:
    """ "（2024—2027年）"."""
    return f"（{term_text(book.term.start, book.term.end)}）"


def section_heading(kind: str, key: str) -> str:
    """ "（N）<title>" of a section, as rendered (the contract of the comments importer)."""
    for n, (k, title) in enumerate(SECTIONS[kind], start=1):
        if k == key:
            return f"（{numeral(n)}）{title}"
    raise KeyError(key)


def target_bookmark(target_id: str, used: set[str]) -> str:
    """The bookmark name of a target row: "T_" + id made safe, ≤ 40 chars, unique in `used`."""
    return bookmark_name(target_id, used, prefix="T_")


def target_value(target: Target) -> str:
    """A metric's target as it reads in its cell: "12.50", "降低至 4", "不超过 4"."""
    metric = target.metric
    if metric is None:
        return ""
    value = metric.target.text if metric.target is not None else ""
    word = TARGET_WORDS.get(metric.direction, "")
    return f"{word} {value}".strip() if word else value


def content_text(target: Target, *, criteria: bool) -> str:
    """The 目标内容 cell: the content, its aspects if several, the 指标, the criteria if asked."""
    lines = [target.content]
    if len(target.aspects) > 1:
        lines.append(f"（方面：{'、'.join(target.aspects)}）")
    if target.metric is not None and target.metric.name:
        lines.append(f"指标：{target.metric.name}")
    if criteria and target.criteria:
        lines.append(f"验收标准：{target.criteria}")
    return "\n".join(lines)


def group_targets(kind: str, section: Section) -> list[tuple[str | None, list[Target]]]:
    """(aspect, its targets) in the seed's aspect order, 其他 last; (None, …) first for targets without one."""
    by_aspect: dict[str | None, list[Target]] = {}
    for t in section.targets:
        by_aspect.setdefault(t.aspect, []).append(t)
    named = [a for a in by_aspect if a is not None]
    listed = [a for a in aspects(kind, section.key) if a in by_aspect]
    others = [a for a in named if a not in listed and a != OTHER_ASPECT]
    tail = [OTHER_ASPECT] if OTHER_ASPECT in by_aspect else []
    order: list[str | None] = [None] if None in by_aspect else []
    order += [*listed, *others, *tail]
    return [(a, by_aspect[a]) for a in order]


def render_book(book: TaskBook, config: Config) -> Draft:
    """The Word document of one schema-valid task book (write it with `to_bytes` or `save`)."""
    from ankao.render.identity import properties, term_text

    out = open_draft(config)
    _Renderer(Writer(out), book, config).render()
    describe(out, config, title=f"{book.unit}中层领导班子任期目标任务书", subject="任期目标任务书")
    identify(
        out,
        properties(
            "taskbook",
            units=[book.unit],
            term=term_text(book.term.start, book.term.end),
            fingerprints=[book.fingerprint],
        ),
    )
    return out


class _Renderer:
    """Writes one book; holds what the parts share (writer, years, bookmarks)."""

    def __init__(self, writer: Writer, book: TaskBook, config: Config) -> None:
        self.w = writer
        self.book = book
        self.config = config
        self.kind = book.kind
        self.years = book.term.years
        self.used: set[str] = set()

    def render(self) -> None:
        w, book = self.w, self.book
        school = school_of(self.config)
        lines = title_lines(book.unit, *TITLE_WORDS)
        w.title("\n".join([school, *lines] if school else lines))
        w.paragraph(term_of(book), "Subtitle")
        part = 0
        if self.kind == "teaching":
            part += 1
            w.heading(1, f"{numeral(part)}、本单位自然情况")
            w.paragraphs(book.profile or "")
        part += 1
        w.heading(1, f"{numeral(part)}、本届领导班子成员及分工")
        self.members()
        part += 1
        w.heading(1, f"{numeral(part)}、任期目标")
        keys = [key for key, _ in SECTIONS[self.kind]]
        for key in keys:
            last = key == keys[-1]
            w.heading(2, section_heading(self.kind, key))
            if key == "overall":
                if not w.paragraphs(book.overall):
                    w.paragraph("（未填写）")
                continue
            if key == "service_commitment":
                self.commitment()
            section = book.section(key)
            if section is None or not section.targets:
                w.paragraph("无。", keep=last)
                continue
            self.table(section, keep_end=1 if last else 0)
        self.signatures()

    def members(self) -> None:
        rows: list[list[CellLike]] = [
            [Cell(m.name, style="Table Number"), Cell(m.post, style="Table Number"), m.duties]
            for m in self.book.members
        ]
        self.w.table(["姓名", "职务", "分工"], rows, widths=[1.2, 1.8, 5.0])

    def commitment(self) -> None:
        book = self.book
        text = render_text(
            self.config,
            COMMITMENT_TEMPLATE,
            unit=book.unit,
            school=school_of(self.config) or "学校",
            start=book.term.start,
            end=book.term.end,
        )
        for paragraph in text_paragraphs(text):
            self.w.paragraph(paragraph)

    def table(self, section: Section, *, keep_end: int = 0) -> None:
        quantitative = any(t.quantitative for t in section.targets)
        headers: Sequence[CellLike] | Sequence[Sequence[CellLike]]
        widths: list[float]
        if not quantitative:
            headers = ["编号", "目标内容", "验收标准", "责任人"]
            rest = self.w.text_width - W_ID - W_OWNER
            widths = [W_ID, rest * 0.52, rest * 0.48, W_OWNER]
        else:
            years = self.years
            spanned = 2 if years else 1
            first: list[CellLike] = [
                Cell(h, rows=spanned) for h in ["编号", "目标内容", "计量单位", "基数", "目标值"]
            ]
            if years:
                first.append(Cell("年度进度", span=len(years)))
            first.append(Cell("责任人", rows=spanned))
            second: list[CellLike] = [str(y) for y in years]
            headers = [first, second] if years else first
            fixed = [W_UNIT, W_BASE, W_TARGET, *([W_YEAR] * len(years)), W_OWNER]
            content = max(W_CONTENT_MIN, self.w.text_width - W_ID - sum(fixed))
            widths = [W_ID, content, *map(float, fixed)]
        columns = len(widths)
        rows: list[list[CellLike]] = []
        numbered = 0
        for aspect, targets in group_targets(self.kind, section):
            if aspect is not None:
                numbered += 1
                rows.append([Cell(f"{numbered}. {aspect}", span=columns, bold=True, keep=True)])
            rows.extend(self.row(t, quantitative) for t in targets)
        self.w.table(headers, rows, widths=widths, keep_end=keep_end)

    def row(self, target: Target, quantitative_table: bool) -> list[CellLike]:
        cells: list[CellLike] = [
            Cell(target.id, style="Table Number", bookmark=target_bookmark(target.id, self.used))
        ]
        owner = Cell(target.owner or "", style="Table Number")
        metric = target.metric
        if metric is None:
            cells.append(content_text(target, criteria=False))
            criteria = target.criteria or ""
            cells.append(
                Cell(f"验收标准：{criteria}", span=3 + len(self.years))
                if quantitative_table
                else criteria
            )
            cells.append(owner)
            return cells
        cells.append(content_text(target, criteria=True))
        cells.extend(
            [
                Cell(metric.unit or "", style="Table Number"),
                Cell(
                    metric.baseline.text if metric.baseline is not None else "",
                    style="Table Number",
                ),
                Cell(target_value(target), style="Table Number"),
                *(
                    Cell(
                        metric.milestones[y].text if y in metric.milestones else "",
                        style="Table Number",
                    )
                    for y in self.years
                ),
                owner,
            ]
        )
        return cells

    def signatures(self) -> None:
        """The unit's principals and the supervising leader, then the school's principals (四(四)).

        Each person signs once: the unit's principals sign the book they made
        (四(三)1); once 党委会 has approved it, the school's principals sign it
        with them, on the same lines.
        """
        school = school_of(self.config) or "学校"
        w = self.w
        w.paragraph("", keep=True)
        signature_block(
            w,
            [
                (None, [*signers(self.book.members, prefix=""), "主管校领导审核签字"]),
                (
                    "任期目标任务书签署（党委会审议通过后）",
                    [f"{school}党委书记签字", f"{school}校长签字"],
                ),
            ],
        )


def signers(members: tuple[Member, ...], *, prefix: str) -> list[str]:
    """Signature labels of the unit's principals; a member who is both signs once as 党政主要负责人."""

    def names(role: str) -> str:
        found = [m.name for m in members if m.principal == role and m.name]
        return f"（{'、'.join(found)}）" if found else ""

    both, party, admin = names("both"), names("party"), names("admin")
    lines = []
    if both:
        lines.append(f"{prefix}党政主要负责人{both}签字")
    if party or not both:
        lines.append(f"单位党组织书记{party}签字")
    if admin or not both:
        lines.append(f"{prefix}行政负责人{admin}签字")
    return lines
