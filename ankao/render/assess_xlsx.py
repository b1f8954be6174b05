"""Every unit's completion side by side as an Excel workbook (`ankao assess --all -o FILE.xlsx`).

Sheets:
- 完成情况汇总: one row per unit — year assessed, overall completion, the
  counts by status, then the completion of each section (columns for the
  sections of both kinds, blank where a unit's kind has no such section);
  two native bar charts (openpyxl.chart.BarChart) read this table: the
  overall completion per unit, and the completion per unit and section.
- 目标明细: one row per target — unit, section, id, content, metric, baseline,
  target, the actual of each year, 数据截至 (the year a figure older than the
  year assessed is from), the value the year asked for, completion,
  status; conditional formatting fills the targets behind (and units with any)
  in red, those without data in yellow.
Completions are stored unrounded and shown as percentages.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ankao import __version__
from ankao.load.config import Config
from ankao.model.progress import STATUS_LABELS, BookResult
from ankao.model.sections import KINDS, SECTIONS

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
    """The workbook as an openpyxl object: both sheets print one page wide, in a CJK font."""
    from openpyxl import Workbook

    from ankao.render.xlsx import cjk_fonts, print_setup

    wb = Workbook()
    ws = wb.active
    ws.title = SUMMARY
    last_row = _summary_sheet(ws, results)
    details = wb.create_sheet(DETAILS)
    _details_sheet(details, results)
    print_setup(ws, last_row=last_row)
    print_setup(details)
    cjk_fonts(wb)
    _properties(wb, results, config)
    return wb


def _header_style(ws: Any) -> None:
    from openpyxl.styles import Alignment, Font

    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")


def _summary_sheet(ws: Any, results: Sequence[BookResult]) -> int:
    """One row per unit, then the charts; returns the last row the charts reach (the print area)."""
    from openpyxl.formatting.rule import CellIsRule
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

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
    _header_style(ws)
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
    if not results:
        return last
    behind_col = get_column_letter(SUMMARY_FIXED.index("滞后") + 1)
    red = PatternFill(start_color=BEHIND_FILL, end_color=BEHIND_FILL, fill_type="solid")
    ws.conditional_formatting.add(
        f"{behind_col}2:{behind_col}{last}",
        CellIsRule(operator="greaterThan", formula=["0"], fill=red, font=Font(color=BEHIND_FONT)),
    )
    return _charts(ws, len(results), len(header))


def _charts(ws: Any, units: int, columns: int) -> int:
    """The two bar charts below the table, as wide as the printed table; returns their last row."""
    from openpyxl.chart import Reference
    from openpyxl.utils import get_column_letter

    from ankao.render.xlsx import CM_PER_CHAR

    last = units + 1
    printed = sum(
        ws.column_dimensions[get_column_letter(c)].width or 8.43 for c in range(1, columns + 1)
    )
    width = printed * CM_PER_CHAR  # the table's printed width: the charts never print wider
    first_pct = SUMMARY_FIXED.index("总体完成度") + 1
    overall = _bar_chart("各单位任期目标总体完成度", "bar")
    overall.add_data(
        Reference(ws, min_col=first_pct, min_row=1, max_row=last), titles_from_data=True
    )
    overall.set_categories(Reference(ws, min_col=1, min_row=2, max_row=last))
    overall.legend = None
    overall.height = max(7.5, 0.8 * units + 3)
    overall.width = width
    anchor_row = last + 3
    ws.add_chart(overall, f"A{anchor_row}")
    by_section = _bar_chart("各单位分部分完成度", "col")
    by_section.grouping = "clustered"
    by_section.add_data(
        Reference(ws, min_col=len(SUMMARY_FIXED) + 1, max_col=columns, min_row=1, max_row=last),
        titles_from_data=True,
    )
    by_section.set_categories(Reference(ws, min_col=1, min_row=2, max_row=last))
    by_section.height = 10
    by_section.width = width
    second = anchor_row + int(overall.height * 2) + 2
    ws.add_chart(by_section, f"A{second}")
    return second + int(by_section.height * 2) + 1


def _bar_chart(title: str, kind: str) -> Any:
    from openpyxl.chart import BarChart

    chart = BarChart()
    chart.type = kind
    chart.title = title
    chart.y_axis.title = "完成度"
    chart.y_axis.number_format = "0%"
    chart.y_axis.scaling.min = 0
    chart.y_axis.scaling.max = 1
    return chart


DETAIL_HEAD = ("单位", "部分", "编号", "目标内容", "指标", "计量单位", "方向", "基数", "目标值")


def _details_sheet(details: Any, results: Sequence[BookResult]) -> None:
    """One row per target, behind in red and without data in yellow."""
    from openpyxl.styles import Alignment
    from openpyxl.utils import get_column_letter

    from ankao.render.xlsx import display_width, fit_heights

    years = sorted({y for r in results for y in r.book.term.years} | {r.as_of for r in results})
    head = [
        *DETAIL_HEAD,
        *(f"{y}年完成" for y in years),
        "数据截至",
        "截至年度",
        "应达",
        "完成度",
        "状态",
    ]
    details.append(head)
    texts: list[tuple[int, int, list[int]]] = []  # 目标内容 and 指标, wrapped: their lines
    rows = 1
    for r in results:
        for s in r.sections:
            for tr in s.targets:
                values = _detail_row(r, s.title, tr, years)
                details.append(values)
                rows += 1
                for column in (3, 4):
                    text = values[column]
                    if isinstance(text, str):
                        texts.append((rows, column, [display_width(x) for x in text.splitlines()]))
    width = len(head)
    _header_style(details)
    for row in details.iter_rows(min_row=2, max_row=rows, min_col=width - 1, max_col=width - 1):
        row[0].number_format = "0.0%"
    widths = [18, 18, 9, 40, 24, *([10] * (width - 5))]
    for col, w in enumerate(widths, start=1):
        details.column_dimensions[get_column_letter(col)].width = w
    fit_heights(details, texts, widths)
    for row in details.iter_rows(min_row=2, max_row=rows, min_col=4, max_col=5):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    details.freeze_panes = "D2"
    if rows > 1:
        _detail_colours(details, get_column_letter(width), rows)


def _detail_row(r: BookResult, section: str, tr: Any, years: list[int]) -> list[Any]:
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
    expected = tr.expected
    if isinstance(expected, float):
        # General shows 12 and 5.33; "0.##" would show "12." (a stray point)
        expected = round(expected, 2)
        expected = int(expected) if expected.is_integer() else expected
    from ankao.render.xlsx import fit

    return [
        fit(v)
        for v in [
            r.unit,
            section,
            target.id,
            target.content,
            metric.name if metric else "定性目标",
            metric.unit if metric else None,
            metric.direction.label if metric else None,
            metric.baseline.value if metric and metric.baseline else None,
            metric.target.value if metric and metric.target else None,
            *actuals,
            tr.stale_mark or None,
            tr.year,
            expected,
            tr.completion,
            STATUS_LABELS[tr.status],
        ]
    ]


def _detail_colours(details: Any, status_col: str, rows: int) -> None:
    from openpyxl.formatting.rule import FormulaRule
    from openpyxl.styles import Font, PatternFill

    red = PatternFill(start_color=BEHIND_FILL, end_color=BEHIND_FILL, fill_type="solid")
    yellow = PatternFill(start_color=NO_DATA_FILL, end_color=NO_DATA_FILL, fill_type="solid")
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


def _properties(wb: Any, results: Sequence[BookResult], config: Config | None) -> None:
    """Core and custom document properties saying what the workbook is (SPEC §5)."""
    from openpyxl.packaging.custom import StringProperty

    from ankao.render.reference import office

    wb.properties.title = "中层领导班子任期目标完成情况汇总"
    wb.properties.creator = wb.properties.lastModifiedBy = office(config)
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
    from ankao.render.xlsx import save_workbook

    return save_workbook(build_workbook(results, config), path, overwrite=overwrite)
