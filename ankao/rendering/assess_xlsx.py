"""Every unit's completion side by side as an Excel workbook (`ankao assess --all -o FILE.xlsx`).

Sheets:
- 完成情况汇总: one row per unit — year assessed, overall completion, the
  counts by status, then the completion of each section (columns for the
  sections of both kinds, blank where a unit's kind has no such section);
  two native bar charts (openpyxl.chart.BarChart) read this table: the
  overall completion per unit, and the completion per unit and section.
- 目标明细: one row per target — unit, section, id, content, metric, baseline,
  target, the actual of each year, the value the year asked for, completion,
  status; conditional formatting fills the targets behind (and units with any)
  in red, those without data in yellow.
Completions are stored unrounded and shown as percentages.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ankao import __version__
from ankao.assessment import STATUS_LABELS, BookResult
from ankao.config import Config
from ankao.taskbook import DIRECTIONS, KINDS, SECTIONS

if TYPE_CHECKING:
    from openpyxl import Workbook

SUMMARY = "完成情况汇总"
DETAILS = "目标明细"
SUMMARY_FIXED = ("单位", "类别", "截至年度", "总体完成度", "已完成", "按进度", "滞后", "无数据")
BEHIND_FILL = "FFC7CE"
BEHIND_FONT = "9C0006"
NO_DATA_FILL = "FFEB9C"


def section_columns(results: Sequence[BookResult]) -> list[tuple[str, str]]:
    """(key, title) of every section any of the books has, teaching sections first, `other` last."""
    kinds = {r.book.kind for r in results}
    out: dict[str, str] = {}
    for kind in ("teaching", "office"):
        if kind in kinds:
            for key, title in SECTIONS[kind]:
                if key not in ("overall", "other"):
                    out.setdefault(key, title)
    out["other"] = "其他目标"
    return list(out.items())


def build_workbook(results: Sequence[BookResult], config: Config | None = None) -> Workbook:
    """The workbook as an openpyxl object."""
    from openpyxl import Workbook
    from openpyxl.chart import BarChart, Reference
    from openpyxl.formatting.rule import CellIsRule, FormulaRule
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    from ankao.rendering.xlsx import fit

    wb = Workbook()
    ws = wb.active
    ws.title = SUMMARY
    sections = section_columns(results)
    header = [*SUMMARY_FIXED, *(title for _, title in sections)]
    ws.append(header)
    for r in results:
        t = r.tally
        by_key = {s.key: s for s in r.sections}
        ws.append(
            [
                r.unit,
                KINDS.get(r.book.kind, r.book.kind),
                r.as_of,
                t.completion,
                t.met,
                t.on_track,
                t.behind,
                t.no_data,
                *((by_key[k].tally.completion if k in by_key else None) for k, _ in sections),
            ]
        )
    last = len(results) + 1
    bold = Font(bold=True)
    for cell in ws[1]:
        cell.font = bold
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    first_pct = SUMMARY_FIXED.index("总体完成度") + 1
    for row in ws.iter_rows(min_row=2, max_row=last):
        for cell in row:
            if cell.column == first_pct or cell.column > len(SUMMARY_FIXED):
                cell.number_format = "0.0%"
    ws.column_dimensions["A"].width = 20
    ws.column_dimensions["B"].width = 16
    for col in range(3, len(header) + 1):
        ws.column_dimensions[get_column_letter(col)].width = 12 if col <= len(SUMMARY_FIXED) else 14
    ws.row_dimensions[1].height = 45
    ws.freeze_panes = "B2"
    behind_col = get_column_letter(SUMMARY_FIXED.index("滞后") + 1)
    red = PatternFill(start_color=BEHIND_FILL, end_color=BEHIND_FILL, fill_type="solid")
    yellow = PatternFill(start_color=NO_DATA_FILL, end_color=NO_DATA_FILL, fill_type="solid")
    if results:
        ws.conditional_formatting.add(
            f"{behind_col}2:{behind_col}{last}",
            CellIsRule(
                operator="greaterThan", formula=["0"], fill=red, font=Font(color=BEHIND_FONT)
            ),
        )

        overall = BarChart()
        overall.type = "bar"
        overall.title = "各单位任期目标总体完成度"
        overall.y_axis.title = "完成度"
        overall.y_axis.number_format = "0%"
        overall.y_axis.scaling.min = 0
        overall.y_axis.scaling.max = 1
        overall.add_data(
            Reference(ws, min_col=first_pct, min_row=1, max_row=last), titles_from_data=True
        )
        overall.set_categories(Reference(ws, min_col=1, min_row=2, max_row=last))
        overall.legend = None
        overall.height = max(7.5, 0.8 * len(results) + 3)
        overall.width = 18
        anchor_row = last + 3
        ws.add_chart(overall, f"A{anchor_row}")

        by_section = BarChart()
        by_section.type = "col"
        by_section.grouping = "clustered"
        by_section.title = "各单位分部分完成度"
        by_section.y_axis.title = "完成度"
        by_section.y_axis.number_format = "0%"
        by_section.y_axis.scaling.min = 0
        by_section.y_axis.scaling.max = 1
        by_section.add_data(
            Reference(
                ws, min_col=len(SUMMARY_FIXED) + 1, max_col=len(header), min_row=1, max_row=last
            ),
            titles_from_data=True,
        )
        by_section.set_categories(Reference(ws, min_col=1, min_row=2, max_row=last))
        by_section.height = 10
        by_section.width = max(18, 3 * len(results) + 8)
        ws.add_chart(by_section, f"A{anchor_row + int(overall.height * 2) + 2}")

    details = wb.create_sheet(DETAILS)
    years = sorted({y for r in results for y in r.book.term.years} | {r.as_of for r in results})
    head = [
        "单位",
        "部分",
        "编号",
        "目标内容",
        "指标",
        "计量单位",
        "方向",
        "基数",
        "目标值",
        *(f"{y}年完成" for y in years),
        "截至年度",
        "应达",
        "完成度",
        "状态",
    ]
    details.append(head)
    for r in results:
        for s in r.sections:
            for tr in s.targets:
                target, metric = tr.target, tr.target.metric
                actuals: list[int | float | str | None] = []
                for y in years:
                    a = target.actuals.get(y)
                    if a is None:
                        actuals.append(None)
                    elif a.value is not None:
                        actuals.append(a.value.value)
                    else:
                        actuals.append(a.status)
                details.append(
                    [
                        fit(v)
                        for v in [
                            r.unit,
                            s.title,
                            target.id,
                            target.content,
                            metric.name if metric else "定性目标",
                            metric.unit if metric else None,
                            DIRECTIONS.get(metric.direction, metric.direction) if metric else None,
                            metric.baseline.value if metric and metric.baseline else None,
                            metric.target.value if metric and metric.target else None,
                            *actuals,
                            tr.year,
                            tr.expected,
                            tr.completion,
                            STATUS_LABELS[tr.status],
                        ]
                    ]
                )
    rows = 1 + sum(len(s.targets) for r in results for s in r.sections)
    width = len(head)
    for cell in details[1]:
        cell.font = bold
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    status_col = get_column_letter(width)
    for row in details.iter_rows(min_row=2, max_row=rows, min_col=width - 1, max_col=width - 1):
        row[0].number_format = "0.0%"
    for row in details.iter_rows(min_row=2, max_row=rows, min_col=width - 2, max_col=width - 2):
        row[0].number_format = "0.##"
    for letter, w in (("A", 18), ("B", 18), ("C", 9), ("D", 40), ("E", 24)):
        details.column_dimensions[letter].width = w
    for col in range(6, width + 1):
        details.column_dimensions[get_column_letter(col)].width = 10
    for row in details.iter_rows(min_row=2, max_row=rows, min_col=4, max_col=5):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    details.freeze_panes = "D2"
    if rows > 1:
        span = f"A2:{status_col}{rows}"
        details.auto_filter.ref = f"A1:{status_col}{rows}"
        details.conditional_formatting.add(
            span,
            FormulaRule(
                formula=[f'${status_col}2="{STATUS_LABELS["behind"]}"'],
                fill=red,
                font=Font(color=BEHIND_FONT),
                stopIfTrue=True,
            ),
        )
        details.conditional_formatting.add(
            span, FormulaRule(formula=[f'${status_col}2="{STATUS_LABELS["no_data"]}"'], fill=yellow)
        )

    _properties(wb, results, config)
    return wb


def _properties(wb: Any, results: Sequence[BookResult], config: Config | None) -> None:
    """Core and custom document properties saying what the workbook is (SPEC §5)."""
    from openpyxl.packaging.custom import StringProperty

    wb.properties.title = "中层领导班子任期目标完成情况汇总"
    wb.properties.creator = (config.school if config is not None else None) or "ankao"
    terms = sorted({f"{r.book.term.start}-{r.book.term.end}" for r in results})
    values = {
        "ankao.document": "report",
        "ankao.units": "、".join(r.unit for r in results),
        "ankao.term": " ".join(terms),
        "ankao.fingerprint": " ".join(r.book.fingerprint for r in results),
        "ankao.version": __version__,
    }
    for name, value in values.items():
        wb.custom_doc_props.append(StringProperty(name=name, value=value))


def write_workbook(
    path: Path,
    results: Sequence[BookResult],
    config: Config | None = None,
    *,
    overwrite: bool = False,
) -> int:
    """Write the workbook to `path` atomically; an existing file is replaced only with `overwrite`.

    Returns how many cells were cut to Excel's limit."""
    from ankao.rendering.xlsx import save_workbook

    return save_workbook(build_workbook(results, config), path, overwrite=overwrite)
