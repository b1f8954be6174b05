"""The 审核意见反馈表: a round's merged opinions as a Word table to send back to the unit.

Columns 序号、目标编号/部分、目标内容、审核部门、意见、类别、单位答复 (left blank for
the unit, the widest column after 意见, with a line above the table saying how to
answer there: the intake reads it back), one row per opinion in book order, a
spanning row for each section; the office's 落款 dated `--date`;
typography from the shared reference (ankao.render.base).
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from ankao.load.config import Config
from ankao.load.files import make_folder
from ankao.model.refs import PARTS
from ankao.model.sections import section_title

if TYPE_CHECKING:
    from ankao.reviews.rounds import Merged

HEADERS = ("序号", "目标编号/部分", "目标内容", "审核部门", "意见", "类别", "单位答复")
WIDTHS = (0.7, 1.4, 2.6, 1.5, 3.6, 0.9, 4.0)
"""单位答复 gets the most room after 意见: 采纳/部分采纳/不采纳 and a sentence of reasons."""
ANSWER_LINE = (
    "请在“单位答复”栏逐条填写：以“采纳”“部分采纳”或“不采纳”开头，再用一两句话说明理由或修改情况"
    "（如：采纳。已将目标值调整为15篇）。"
)


def feedback_rows(merged: Merged) -> list[list[object]]:
    """The table's body: a spanning heading row per section, then one row per opinion."""
    from ankao.render.cells import Cell

    rows: list[list[object]] = []
    current: object = object()
    for number, op in enumerate(merged.opinions, start=1):
        place = merged.index.place(op.ref)
        if place.section != current:
            current = place.section
            heading = _group_title(merged.index.kind, place.section)
            rows.append([Cell(heading, span=len(HEADERS), style="Table Heading")])
        label = place.label if place.known else f"{op.ref}（任务书中已无此编号）"
        reviewers = "、".join(op.reviewers) + "\n（" + "、".join(op.ids) + "）"
        text = "\n".join([op.text, *(f"回复 {r}" for r in op.replies)])
        rows.append(
            [
                Cell(str(number), style="Table Number"),
                label,
                place.content,
                reviewers,
                text,
                op.kind,
                "",
            ]
        )
    return rows


def _group_title(kind: str, section: str | None) -> str:
    if section is None:
        return "任务书中已不存在的目标"
    return PARTS.get(section) or section_title(kind, section)


def write_feedback(
    merged: Merged,
    path: Path,
    config: Config,
    *,
    overwrite: bool = False,
    date: datetime.date | None = None,
) -> None:
    """Render the 审核意见反馈表 of a merged round to `path` (atomically; no overwrite unless asked)."""
    from ankao.errors import AnkaoError
    from ankao.render.base import Writer, describe, identify, open_draft, save
    from ankao.render.identity import properties, term_text
    from ankao.render.notice import chinese_date, office_signature
    from ankao.render.signing import closing
    from ankao.render.taskbook import title_lines

    if path.exists() and not overwrite:
        raise AnkaoError(f"{path} 已存在，没有覆盖；确需重新生成请加 --force")
    doc = open_draft(config)
    doc.landscape()  # seven columns need the width of a landscape page
    w = Writer(doc)
    w.title("\n".join(title_lines(merged.unit, "中层领导班子", "任期目标任务书", "审核意见反馈表")))
    w.paragraph(f"（第 {merged.round} 轮，共 {len(merged.opinions)} 条意见）", "Subtitle")
    w.paragraph(
        "请逐条研究下列修订和完善的意见，在“单位答复”栏填写采纳、部分采纳或不采纳并说明理由；"
        "修改后的任务书经主管校领导审核签字，连同本表报领导小组办公室。"
    )
    w.paragraph(ANSWER_LINE)
    w.table(list(HEADERS), feedback_rows(merged), widths=list(WIDTHS))  # type: ignore[arg-type]
    # a line of text between the table and the 落款, kept with it: the 落款 never stands alone
    w.paragraph(f"以上共{len(merged.opinions)}条意见。", keep=True)
    closing(w, office_signature(config), chinese_date(date or datetime.date.today()))
    book = merged.book
    describe(doc, config, title=f"{merged.unit}审核意见反馈表", subject="审核意见反馈表")
    identify(
        doc,
        properties(
            "feedback",
            units=[merged.unit],
            term=term_text(book.term.start, book.term.end),
            round=merged.round,
            fingerprints=[book.fingerprint],
        ),
    )
    make_folder(path.parent)
    save(doc, path, overwrite=overwrite)
