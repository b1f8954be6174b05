"""The 修改对照表: what a unit changed in its task book, as the Word table the leading group reads.

Columns 目标、修改前、修改后、说明, one row per change in book order, a spanning
row for each section; the 说明 names the change and whether it strengthens or
weakens the target (加强 / 减弱 / 中性). With `--round N`, a second table lists
the round's comments and whether each was acted on. Typography from the
shared reference (ankao.render.base).
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from ankao.diff import CLASS_LABELS, field_title, share_text
from ankao.load.config import Config

if TYPE_CHECKING:
    from ankao.diff.revisions import Comparison
    from ankao.diff.versions import Version
    from ankao.render.cells import CellLike
    from ankao.render.writer import Writer

HEADERS = ("目标", "修改前", "修改后", "说明")
WIDTHS = (1.6, 3.6, 3.6, 2.6)
COMMENT_HEADERS = ("意见编号", "审核部门", "针对", "意见", "答复", "落实情况")
COMMENT_WIDTHS = (1.4, 1.2, 1.9, 3.6, 1.2, 1.6)
STATUS_LABELS = {
    "acted-on": "已修改",
    "not-acted-on": "答复采纳但未见修改",
    "not-accepted": "不采纳",
    "unanswered": "未答复",
    "unclear": "无法核实：所引原文已不在该目标中",
}


def version_words(version: Version, round_number: int | None, root: Path) -> str:
    """A version as the office says it: 第1轮审核时的稿（2025年3月6日）, 现在的稿 — never a git name."""
    if version.basis == "working-tree":
        return "现在的稿"
    if version.revision is None:
        return f"{Path(version.label).name}中的稿"
    when = _commit_day(version.revision, root)
    dated = f"（{when}）" if when else ""
    if version.basis == "last-commit" and round_number is None:
        return f"最近一次提交的稿{dated}"
    if round_number is not None and version.basis != "approved":
        return f"第{round_number}轮审核时的稿{dated}"
    if version.basis == "approved":
        return f"最近一次审批时的稿{dated}"
    return f"{when}的稿" if when else "早先的稿"


def _commit_day(commit: str, root: Path) -> str:
    """The day a commit was made, 2025年3月6日 ("" when git cannot tell)."""
    from ankao.diff.git import git
    from ankao.errors import AnkaoError
    from ankao.render.notice import chinese_date

    try:
        done = git(["show", "-s", "--format=%cs", commit], root)
        day = datetime.date.fromisoformat(done.stdout.decode("ascii", "replace").strip())
    except (AnkaoError, ValueError):
        return ""
    return chinese_date(day)


def share_change(before: float | None, after: float | None) -> str:
    """定量目标占比未变（71.1%） or 由 62.5% 变为 71.1%."""
    if share_text(before) == share_text(after):
        return f"定量目标占比未变（{share_text(after)}）。"
    return f"定量目标占比由 {share_text(before)} 变为 {share_text(after)}。"


def diff_rows(comparison: Comparison) -> list[list[CellLike]]:
    """The table's body: a spanning heading row per section, then one row per change."""
    from ankao.model.sections import section_title
    from ankao.render.cells import Cell

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
    comparison: Comparison,
    path: Path,
    config: Config,
    *,
    overwrite: bool = False,
    date: datetime.date | None = None,
) -> None:
    """Render the 修改对照表 of a comparison to `path` (atomically; no overwrite unless asked)."""
    from ankao.errors import AnkaoError
    from ankao.render.base import Writer, describe, identify, open_draft, save
    from ankao.render.notice import chinese_date, office_signature
    from ankao.render.signing import closing
    from ankao.render.taskbook import title_lines

    diff = comparison.diff
    if diff is None:
        raise AnkaoError("两个版本中有任务书存在错误，无法生成修改对照表")
    from ankao.load.files import check_output

    check_output(path, force=overwrite, hint="；确需重新生成请加 --force")
    doc = open_draft(config)
    w = Writer(doc)
    w.title("\n".join(title_lines(comparison.unit, "中层领导班子", "任期目标任务书", "修改对照表")))
    before, after = (
        version_words(v, comparison.round, config.root)
        for v in (comparison.before, comparison.after)
    )
    w.paragraph(f"（{before} → {after}）", "Subtitle")
    s = diff.summary()
    w.paragraph(
        f"新增目标 {s['added']} 个，删去 {s['removed']} 个，修改 {s['changed']} 个；"
        f"共改动 {s['changes']} 处，其中加强 {s['strengthened']} 处、减弱 {s['weakened']} 处、"
        f"中性 {s['neutral']} 处。"
        + share_change(s["quantitative_share_before"], s["quantitative_share_after"])
    )
    if diff.changes:
        w.table(list(HEADERS), diff_rows(comparison), widths=list(WIDTHS))
    else:
        w.paragraph("两个版本的内容相同，没有改动。")
    if comparison.round is not None:
        _comments(w, comparison)
    closing(w, office_signature(config), chinese_date(date or datetime.date.today()))
    describe(
        doc,
        config,
        title=f"{comparison.unit}中层领导班子任期目标任务书修改对照表",
        subject="修改对照表",
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    identify(doc, _properties(comparison))
    save(doc, path, overwrite=overwrite)


def _comments(w: Writer, comparison: Comparison) -> None:
    """The round's comments and whether each was acted on; the changes no comment asked for."""
    from ankao.diff.revisions import ref_label

    assert comparison.diff is not None
    kind = comparison.diff.after.kind
    w.heading(2, f"第 {comparison.round} 轮审核意见落实情况")
    rows: list[list[CellLike]] = [
        [
            c.id,
            c.reviewer,
            ref_label(c.ref, kind=kind, plain=True),
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


def _properties(comparison: Comparison) -> dict[str, str]:
    from ankao.render.identity import properties, term_text

    books = [v.book for v in (comparison.before, comparison.after) if v.book is not None]
    return properties(
        "diff",
        units=[comparison.unit],
        term=term_text(books[-1].term.start, books[-1].term.end) if books else "",
        round=comparison.round,
        fingerprints=[b.fingerprint for b in books],
    )
