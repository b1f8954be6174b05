"""The 修改对照表: what a unit changed in its task book, as the Word table the leading group reads.

Columns 目标、修改前、修改后、说明, one row per change in book order, a spanning
row for each section; the 说明 names the change and whether it strengthens or
weakens the target (加强 / 减弱 / 中性). With `--round N`, a second table lists
the round's comments and whether each was acted on. Typography from the
shared reference (ankao.rendering.base).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ankao.config import Config
from ankao.diff import CLASS_LABELS, field_title, share_text

if TYPE_CHECKING:
    from ankao.rendering.base import CellLike
    from ankao.revisions import Comparison

HEADERS = ("目标", "修改前", "修改后", "说明")
WIDTHS = (1.6, 3.6, 3.6, 2.6)
COMMENT_HEADERS = ("意见编号", "审核部门", "针对", "意见", "答复", "落实情况")
COMMENT_WIDTHS = (1.4, 1.2, 1.9, 3.6, 1.2, 1.6)
STATUS_LABELS = {
    "acted-on": "已修改",
    "not-acted-on": "答复采纳但未见修改",
    "not-accepted": "不采纳",
    "unanswered": "未答复",
}


def diff_rows(comparison: Comparison) -> list[list[CellLike]]:
    """The table's body: a spanning heading row per section, then one row per change."""
    from ankao.rendering.base import Cell
    from ankao.taskbook import section_title

    diff = comparison.diff
    assert diff is not None
    kind = diff.after.kind
    rows: list[list[CellLike]] = []
    current: str | None = None
    for change in diff.changes:
        if change.section != current:
            current = change.section
            title = (
                section_title(kind, current)
                if change.id is not None or current == "overall"
                else field_title(current)
            )
            rows.append([Cell(title, span=len(HEADERS), style="Table Heading")])
        target = change.id if change.id is not None else field_title(change.field)
        if change.id is not None and change.field != "target":
            target += f"\n{field_title(change.field)}"
        note = f"{change.note}\n（{CLASS_LABELS[change.cls]}）"
        rows.append([target, change.before or "—", change.after or "—", note])
    return rows


def write_diff(
    comparison: Comparison, path: Path, config: Config, *, overwrite: bool = False
) -> None:
    """Render the 修改对照表 of a comparison to `path` (atomically; no overwrite unless asked)."""
    from ankao.model import AnkaoError
    from ankao.rendering.base import Writer, open_reference, save
    from ankao.revisions import ref_label

    diff = comparison.diff
    if diff is None:
        raise AnkaoError("两个版本中有任务书存在错误，无法生成修改对照表")
    from ankao.files import check_output

    check_output(path, force=overwrite, hint="；确需重新生成请加 --force")
    doc = open_reference(config)
    w = Writer(doc)
    w.title(f"{comparison.unit}领导班子任期目标任务书修改对照表")
    w.paragraph(
        f"（修改前：{comparison.before.label}；修改后：{comparison.after.label}）", "Subtitle"
    )
    s = diff.summary()
    w.paragraph(
        f"新增目标 {s['added']} 个，删去 {s['removed']} 个，修改 {s['changed']} 个；"
        f"共改动 {s['changes']} 处，其中加强 {s['strengthened']} 处、减弱 {s['weakened']} 处、"
        f"中性 {s['neutral']} 处。定量目标占比由 {share_text(s['quantitative_share_before'])}"
        f"变为 {share_text(s['quantitative_share_after'])}。"
    )
    if diff.changes:
        w.table(list(HEADERS), diff_rows(comparison), widths=list(WIDTHS))
    else:
        w.paragraph("两个版本的内容相同，没有改动。")
    if comparison.round is not None:
        w.heading(2, f"第 {comparison.round} 轮审核意见落实情况")
        rows: list[list[CellLike]] = [
            [
                c.id,
                c.reviewer,
                ref_label(c.ref, kind=diff.after.kind, plain=True),
                c.text,
                c.answer or "—",
                STATUS_LABELS[c.status],
            ]
            for c in comparison.comments
        ]
        if rows:
            w.table(list(COMMENT_HEADERS), rows, widths=list(COMMENT_WIDTHS))
        if comparison.unrequested:
            w.paragraph(f"没有审核意见要求而修改的：{'、'.join(comparison.unrequested)}。")
    school = config.school or ""
    w.paragraph("")
    w.paragraph(f"{school}中层领导班子任期目标考核工作领导小组办公室", align="right")
    w.paragraph("年    月    日", align="right")
    doc.core_properties.title = f"{comparison.unit}任期目标任务书修改对照表"
    doc.core_properties.subject = "修改对照表"
    path.parent.mkdir(parents=True, exist_ok=True)
    from ankao.rendering.identity import properties, term_text
    from ankao.rendering.reference import identify

    books = [v.book for v in (comparison.before, comparison.after) if v.book is not None]
    identify(
        doc,
        properties(
            "diff",
            units=[comparison.unit],
            term=term_text(books[-1].term.start, books[-1].term.end) if books else "",
            round=comparison.round,
            fingerprints=[b.fingerprint for b in books],
        ),
    )
    save(doc, path, overwrite=overwrite)
