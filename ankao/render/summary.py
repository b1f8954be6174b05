"""The office's roll-up (四(三)2) as an Excel workbook or a Word document (`ankao summary`).

The workbook: sheet 1 every target of every unit, one row each; sheet 2 each
unit's figures with its stage as a coloured cell and the days since its last
stage, so the office sees at a glance who is behind. The document: the same
roll-up for the leading group's meeting, in the task book's typography (the
shared reference.docx writer).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from ankao import __version__
from ankao.load.kinds import KINDS
from ankao.procedure.counts import overdue_text
from ankao.procedure.stages import DRAFTING, NOT_SUBMITTED

if TYPE_CHECKING:
    from ankao.load.config import Config
    from ankao.procedure.row import UnitStatus
    from ankao.procedure.summary import Rollup
    from ankao.render.package import Draft
    from ankao.render.writer import Writer

TARGET_HEADERS = (
    "单位",
    "类别",
    "部分",
    "方面",
    "编号",
    "目标内容",
    "指标",
    "计量单位",
    "基数",
    "目标值",
    "方向",
)
"""Sheet 1's headers before the years; then one column per year (2024年 …), 验收标准, 责任人."""
UNIT_HEADERS = (
    "单位",
    "类别",
    "目标数",
    "定量目标数",
    "定量占比",
    "所处环节",
    "环节日期",
    "距今天数",
    "审核轮次",
    "未答复意见",
    "错误",
    "警告",
    "批准后改动",
    "延续上一任期目标数",
    "低于上一任期实绩目标数",
    "逾期",
)

STAGE_COLOURS = {
    NOT_SUBMITTED: "F4CCCC",  # red: nothing handed in
    DRAFTING: "FCE5CD",  # orange: a book, no stage yet
    "consulted": "FCE5CD",
    "team_meeting": "FCE5CD",
    "unit_signed": "FFF2CC",  # yellow: signed and on its way
    "supervisor_signed": "FFF2CC",
    "submitted": "FFF2CC",
    "reviewed": "CFE2F3",  # blue: in the review rounds
    "revised": "CFE2F3",
    "office_approved": "D9EAD3",  # light green: approvals
    "leader_approved": "D9EAD3",
    "committee_approved": "D9EAD3",
    "signed": "93C47D",  # green: done
}
"""Fill colour (RGB hex) of the stage cell, by stage key (or 未提交 / 起草中)."""


def stage_colour(row: UnitStatus) -> str:
    """The fill colour of a unit's stage cell."""
    if row.stage is not None:
        return STAGE_COLOURS[row.stage]
    return STAGE_COLOURS[NOT_SUBMITTED if not row.submitted else DRAFTING]


def _refuse_existing(path: Path, force: bool) -> None:
    from ankao.load.files import check_output

    check_output(path, force=force)


def write_xlsx(
    data: Rollup, path: Path, *, force: bool = False, config: Config | None = None
) -> int:
    """The roll-up as an .xlsx workbook (two sheets); refuses an existing file without `force`.

    Returns how many cells were cut to Excel's limit."""
    from openpyxl import Workbook

    from ankao.render.reference import office
    from ankao.render.xlsx import print_setup, save_workbook, table_sheet

    _refuse_existing(path, force)
    wb = Workbook()
    ws = wb.active
    ws.title = "全部目标"
    headers = [*TARGET_HEADERS, *(f"{y}年" for y in data.years), "验收标准", "责任人"]
    rows = [
        [
            t.unit,
            KINDS.get(t.kind, t.kind),
            t.section,
            t.aspect,
            t.id,
            t.content,
            t.metric,
            t.metric_unit,
            t.baseline,
            t.target,
            t.direction,
            *(t.milestones.get(y) for y in data.years),
            t.criteria,
            t.owner,
        ]
        for t in data.targets
    ]
    fixed = [12, 10, 16, 12, 9, 50, 20, 8, 8, 8, 7, *(7 for _ in data.years), 40, 9]
    table_sheet(ws, headers, rows, widths=fixed)

    units = wb.create_sheet("各单位情况")
    _units_sheet(units, data)
    print_setup(ws)
    print_setup(units)
    wb.properties.title = "中层领导班子任期目标汇总表"
    wb.properties.creator = wb.properties.lastModifiedBy = office(config)
    from openpyxl.packaging.custom import StringProperty

    for name, value in document_properties(data).items():
        wb.custom_doc_props.append(StringProperty(name=name, value=value))
    return save_workbook(wb, path, overwrite=force)


def _units_sheet(units: Any, data: Rollup) -> None:
    """各单位情况: one row per unit, its stage coloured by progress."""
    from openpyxl.styles import PatternFill

    from ankao.render.xlsx import table_sheet

    unit_rows = []
    for r in data.units:
        share = r.quantitative_share
        unit_rows.append(
            [
                r.unit,
                KINDS.get(r.kind or "", r.kind or ""),
                r.targets if r.submitted else None,
                r.quantitative if r.submitted else None,
                share,
                r.label,
                r.stage_date,
                data.days_since(r),
                r.round,
                r.open_comments,
                r.errors if r.submitted else None,
                r.warnings if r.submitted else None,
                "是" if r.changed_after_approval else "",
                r.carried_over,
                r.below_record,
                overdue_text(r),
            ]
        )
    table_sheet(units, UNIT_HEADERS, unit_rows)
    for index, r in enumerate(data.units, start=2):
        units.cell(index, 5).number_format = "0.0%"
        cell = units.cell(index, 6)
        cell.fill = PatternFill("solid", fgColor=stage_colour(r))
        if r.changed_after_approval:
            units.cell(index, 13).fill = PatternFill("solid", fgColor="F4CCCC")
        if r.overdue:
            units.cell(index, 16).fill = PatternFill("solid", fgColor="F4CCCC")


def build_docx(data: Rollup, config: Config | None = None) -> Draft:
    """The roll-up as a python-docx document in the task book's typography."""
    from ankao.formatting import percent
    from ankao.render.base import Writer, open_draft

    doc = open_draft(config)
    w = Writer(doc)
    school = (
        config.school if config and config.school and not config.school.startswith("（") else ""
    )
    w.title(f"{school}中层领导班子任期目标汇总")
    counts = data.counts
    overdue = f"，{counts.overdue} 个单位逾期" if counts.overdue else ""
    w.paragraph(
        f"截至{data.today.year}年{data.today.month}月{data.today.day}日，应提交任务书的 {counts.units} 个单位中"
        f"已有 {counts.submitted} 个提交（报领导小组办公室）{overdue}；任务书中共有任期目标 {counts.targets} 项，"
        f"其中定量目标 {counts.quantitative} 项（占 {percent(counts.quantitative_share)}）。"
        "现将各单位任期目标确定进度和任期目标汇总如下，供领导小组审核评议。"
    )
    w.heading(1, "一、各单位任期目标确定进度")
    w.table(
        ["序号", "单位", "类别", "目标数", "定量占比", "所处环节", "日期"],
        [
            [
                str(i),
                r.unit,
                KINDS.get(r.kind or "", "—"),
                str(r.targets) if r.submitted else "—",
                percent(r.quantitative_share, 0),
                r.label
                + ("（批准后有改动）" if r.changed_after_approval else "")
                + (f"（{overdue_text(r)}）" if r.overdue else ""),
                r.stage_date or "—",
            ]
            for i, r in enumerate(data.units, start=1)
        ],
        widths=[0.6, 2.4, 1.9, 0.9, 1.0, 2.4, 2.3],
    )
    _unit_targets(w, data)
    from ankao.render.reference import describe, identify

    describe(doc, config, title=f"{school}中层领导班子任期目标汇总", subject="任期目标汇总")
    identify(doc, document_properties(data))
    return doc


def _unit_targets(w: Writer, data: Rollup) -> None:
    """二、各单位任期目标: a table per unit, a spanning row per section."""
    from ankao.formatting import numeral
    from ankao.render.cells import Cell

    w.heading(1, "二、各单位任期目标")
    by_unit: dict[str, list[Any]] = {}
    for t in data.targets:
        by_unit.setdefault(t.unit, []).append(t)
    for n, book in enumerate(data.books, start=1):
        rows = by_unit.get(book.unit, [])
        w.heading(
            2,
            f"（{numeral(n)}）{book.unit}（{KINDS.get(book.kind, book.kind)}，{len(rows)} 项）",
        )
        body: list[list[Any]] = []
        current = None
        for t in rows:
            if t.section != current:
                current = t.section
                body.append([Cell(t.section, span=5, style="Table Heading")])
            if t.target is not None or t.metric:
                years = "；".join(f"{y}年{v}" for y, v in t.milestones.items())
                measure = f"{t.metric}（{t.metric_unit}）：{t.baseline or '—'}→{t.target or '—'}"
                if years:
                    measure += f"\n年度进度：{years}"
            else:
                measure = f"验收标准：{t.criteria}" if t.criteria else "—"
            head = t.id + (f"\n{t.aspect}" if t.aspect else "")
            body.append([head, t.content, measure, t.owner or "—"])
        w.table(
            ["编号/方面", "目标内容", "量化指标或验收标准", "责任人"],
            body,
            widths=[1.6, 4.0, 3.6, 1.0],
        )


def document_properties(data: Rollup) -> dict[str, str]:
    """The custom properties saying what the roll-up is (SPEC §5): kind, units, terms, fingerprints."""
    return {
        "ankao.document": "summary",
        "ankao.units": "、".join(b.unit for b in data.books),
        "ankao.term": " ".join(sorted({f"{b.term.start}-{b.term.end}" for b in data.books})),
        "ankao.fingerprint": " ".join(b.fingerprint for b in data.books),
        "ankao.version": __version__,
    }


def write_docx(
    data: Rollup, path: Path, config: Config | None = None, *, force: bool = False
) -> None:
    """The roll-up as a .docx; refuses an existing file without `force`."""
    from ankao.render.reference import save

    _refuse_existing(path, force)
    path.parent.mkdir(parents=True, exist_ok=True)
    save(build_docx(data, config), path, overwrite=force)
