"""The 任期考核报告 draft of one unit (seed 五(二)4) as a Word document, in the task book's typography.

Structure:

    <单位>中层领导班子任期考核报告（2024—2027年）        Title
    一、基本情况                   unit, kind, term, year assessed; the team (table)
    二、任期目标完成情况           figures per section (table), then per section
      （一）党建工作目标 …          a table: 编号 目标内容 基数 目标值 <each term year> 完成度 状态
    三、年度考核情况               each year's grade, conclusions and consequences (ankao.grades.consequences)
    四、未完成的目标               every target not met, with what was reported
    五、自查自评                   left for the unit to write
    六、领导小组结论               left for the leading group, with a signature line

Numbers appear as the YAML wrote them; completions are rounded for reading.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ankao.formatting import figure, numeral, percent, term_text
from ankao.grades.consequences import Policy, evaluate
from ankao.load.config import Config
from ankao.model.book import Actual
from ankao.model.direction import Direction
from ankao.model.grades import History
from ankao.model.progress import STATUS_LABELS, BookResult, TargetResult
from ankao.model.sections import KINDS
from ankao.render.cells import Cell

if TYPE_CHECKING:
    from ankao.render.cells import CellLike
    from ankao.render.package import Draft
    from ankao.render.writer import Writer


def title_of(result: BookResult) -> str:
    """ "<单位>中层领导班子任期考核报告（2024—2027年）"."""
    term = result.book.term
    return f"{result.unit}中层领导班子任期考核报告（{term_text(term.start, term.end)}）"


def actual_text(actual: Actual | None) -> str:
    """An actual as written: the number's source text, or the qualitative status."""
    if actual is None:
        return ""
    if actual.value is not None:
        return str(actual.value)
    return actual.status or ""


def _target_value(r: TargetResult) -> str:
    metric = r.target.metric
    if metric is None:
        return "定性"
    if metric.target is None:
        return ""
    text = str(metric.target)
    if metric.direction is not Direction.INCREASE:
        text = metric.direction.label + text
    return text


def _content(r: TargetResult) -> str:
    target = r.target
    metric = target.metric
    if metric is None:
        return target.content
    name = metric.name or ""
    unit = f"（{metric.unit}）" if metric.unit else ""
    return f"{target.content}\n指标：{name}{unit}" if name else target.content


def _status_text(r: TargetResult) -> str:
    """The status, with the year its figure is from when that is older than the year assessed."""
    label = STATUS_LABELS[r.status]
    return f"{label}（{r.stale_mark}）" if r.stale else label


def _explain(r: TargetResult) -> str:
    """Why a target is not met, for the 未完成的目标 table."""
    parts = []
    actual = r.actual
    if actual is None:
        parts.append(f"截至{r.year}年未填报完成情况")
    else:
        unit = r.target.metric.unit or "" if r.target.metric is not None else ""
        if actual.value is not None:
            parts.append(f"{actual.year}年完成{actual.value}{unit}")
            if r.stale:
                parts.append(f"{r.year}年未填报，{r.stale_mark}")
            if r.expected is not None:
                what = "年度进度" if r.milestone else "按任期进度应达"
                parts.append(f"{r.year}年{what}{figure(r.expected)}{unit}")
        elif actual.status:
            parts.append(f"{actual.year}年报告为“{actual.status}”")
        if actual.note:
            parts.append(actual.note)
    if r.reason:
        parts.append(r.reason)
    return "；".join(parts)


def build_report(
    result: BookResult,
    history: History,
    policy: Policy,
    config: Config | None = None,
    date: datetime.date | None = None,
) -> Draft:
    """The report as a Draft (write it with `save`)."""
    from ankao.render.base import Writer, describe, identify, open_draft
    from ankao.render.identity import properties, term_text

    book = result.book
    doc = open_draft(config)
    w = Writer(doc)
    _head(w, result, date)
    _completion(w, result)
    for n, s in enumerate(result.sections, start=1):
        _section(w, n, s, book.term.years)
    _grades(w, result, history, policy)
    _unfinished(w, result)
    _for_the_group(w)
    identify(
        doc,
        properties(
            "report",
            units=[book.unit],
            term=term_text(book.term.start, book.term.end),
            fingerprints=[book.fingerprint],
        ),
    )
    describe(doc, config, title=title_of(result), subject="任期考核报告")
    return doc


def _cell(text: str) -> Cell:
    return Cell(text, style="Table Number")


def _head(w: Writer, result: BookResult, date: datetime.date | None) -> None:
    """Title, the draft line, 一、基本情况 with the members."""
    from ankao.render.notice import chinese_date
    from ankao.render.taskbook import title_lines

    book = result.book
    term = f"（{term_text(book.term.start, book.term.end)}）"
    w.title("\n".join([*title_lines(book.unit, "中层领导班子", "任期考核报告"), term]))
    day = chinese_date(date or datetime.date.today())
    w.paragraph(
        f"（草稿，{day}依据截至{result.as_of}年的年度完成情况整理，供领导小组审议）", "Subtitle"
    )
    w.heading(1, "一、基本情况")
    w.paragraph(
        f"单位：{book.unit}（{KINDS.get(book.kind, book.kind)}）；任期：{term_text(book.term.start, book.term.end)}；"
        f"评估截至：{result.as_of}年。"
    )
    w.table(
        ["姓名", "职务", "分工"],
        [[_cell(m.name), _cell(m.post), m.duties] for m in book.members],
        widths=[1.2, 1.8, 5.0],
    )


def _completion(w: Writer, result: BookResult) -> None:
    """二、任期目标完成情况: the figures and the table by section."""
    w.heading(1, "二、任期目标完成情况")
    t = result.tally
    w.paragraph(
        f"任务书共有目标{len(result.targets)}项，截至{result.as_of}年总体完成度{percent(t.completion)}"
        f"（各目标完成度超过100%的按100%计，未填报的按0计）：已完成{t.met}项，按进度推进{t.on_track}项，"
        f"进度滞后{t.behind}项，未填报完成情况{t.no_data}项。"
    )
    for note in result.notes:
        w.paragraph(f"说明：{note}。")
    if result.stale:
        w.paragraph(
            f"说明：{result.stale}项目标没有{result.as_of}年的完成情况，按此前最近一年的数据计算，"
            "表中标注“数据截至…年”。"
        )
    summary: list[list[CellLike]] = []
    for s in result.sections:
        st = s.tally
        counts = (st.met, st.on_track, st.behind, st.no_data)
        line: list[CellLike] = [s.title, _cell(str(len(s.targets))), _cell(percent(st.completion))]
        line.extend(_cell(str(n)) for n in counts)
        summary.append(line)
    totals = (t.met, t.on_track, t.behind, t.no_data)
    total: list[CellLike] = [_cell("合计"), _cell(str(len(result.targets)))]
    total.append(_cell(percent(t.completion)))
    total.extend(_cell(str(n)) for n in totals)
    summary.append(total)
    w.table(
        ["部分", "目标数", "完成度", "已完成", "按进度", "滞后", "无数据"],
        summary,
        widths=[4.0, 1.1, 1.3, 1.1, 1.1, 1.1, 1.1],
    )


def _section(w: Writer, n: int, s: Any, years: Sequence[int]) -> None:
    """One section's targets: baseline, target, each year's actual, completion and status."""
    w.heading(2, f"（{numeral(n)}）{s.title}")
    if not s.targets:
        w.paragraph("无。")
        return
    first: list[CellLike] = [Cell(h, rows=2) for h in ("编号", "目标内容", "基数", "目标值")]
    first.append(Cell("年度完成情况", span=len(years)))
    first.extend(Cell(h, rows=2) for h in ("完成度", "状态"))
    second: list[CellLike] = [str(y) for y in years]
    rows: list[list[CellLike]] = []
    for r in s.targets:
        metric = r.target.metric
        baseline = (
            str(metric.baseline) if metric is not None and metric.baseline is not None else "—"
        )
        row: list[CellLike] = [_cell(r.target.id), _content(r), _cell(baseline)]
        row.append(_cell(_target_value(r)))
        row.extend(_cell(actual_text(r.target.actuals.get(y))) for y in years)
        row.extend([_cell(percent(r.completion)), _cell(_status_text(r))])
        rows.append(row)
    w.table(
        [first, second] if years else [first],
        rows,
        widths=[1.2, 3.9, 0.9, 1.2, *([1.0] * len(years)), 1.4, 1.3],
    )
    w.paragraph(
        f"本部分完成度{percent(s.tally.completion)}：已完成{s.tally.met}项，按进度推进{s.tally.on_track}项，"
        f"进度滞后{s.tally.behind}项，未填报{s.tally.no_data}项。"
    )


def _grades(w: Writer, result: BookResult, history: History, policy: Policy) -> None:
    """三、年度考核情况: each year's grade, conclusions and consequences."""
    book = result.book
    w.heading(1, "三、年度考核情况")
    graded = [y for y in book.term.years if y in history]
    if not graded:
        w.paragraph("任期内尚无年度考核结果。")
        return
    grade_rows: list[list[CellLike]] = []
    for y in graded:
        record = evaluate(book.unit, y, history, policy)
        conclusions = "；".join(
            policy.finding_types.get(f.type, f.type) + (f"（{f.note}）" if f.note else "")
            for f in record.findings
        )
        outcome = "\n".join(f"{c.rule.text}（{'；'.join(c.reasons)}）" for c in record.consequences)
        grade_rows.append(
            [_cell(str(y)), _cell(record.grade or "未评定"), conclusions or "—", outcome or "无"]
        )
    w.table(
        ["年度", "考核等次", "专项考核、平时考核结论", "考核结果运用"],
        grade_rows,
        widths=[1.0, 1.4, 3.2, 4.0],
    )
    w.paragraph("考核结果运用依据《实施意见》五（三）2的规定，按各年度考核结果确定。")


def _unfinished(w: Writer, result: BookResult) -> None:
    """四、未完成的目标, the ones behind first."""
    w.heading(1, "四、未完成的目标")
    behind = [r for r in result.lagging_first() if r.status != "met"]
    if not behind:
        w.paragraph(f"截至{result.as_of}年，任务书的全部目标均已完成。")
        return
    w.table(
        ["编号", "目标内容", "完成度", "状态", "完成情况"],
        [
            [
                _cell(r.target.id),
                r.target.content,
                _cell(percent(r.completion)),
                _cell(STATUS_LABELS[r.status]),
                _explain(r),
            ]
            for r in behind
        ],
        widths=[1.3, 3.6, 1.2, 1.1, 3.4],
    )


def _for_the_group(w: Writer) -> None:
    """五、自查自评 and 六、领导小组结论; the conclusion, its room and the signature stay on one page."""
    from ankao.render.signing import signature_block

    w.heading(1, "五、自查自评")
    w.paragraph("（由单位对照任务书逐项填写：目标完成情况、主要成绩、存在问题及原因、整改措施。）")
    for _ in range(3):
        w.paragraph("")
    w.heading(1, "六、领导小组结论")
    w.paragraph("（由中层领导班子任期目标考核工作领导小组填写考核结论。）", keep=True)
    for _ in range(3):
        w.paragraph("", keep=True)  # the signature line never stands alone on a page
    signature_block(w, [(None, ["领导小组组长签字"])])


def write_report(
    path: Path,
    result: BookResult,
    history: History,
    policy: Policy,
    config: Config | None = None,
    *,
    overwrite: bool = False,
    date: datetime.date | None = None,
) -> None:
    """Render the report to `path` atomically; an existing file is replaced only with `overwrite`."""
    from ankao.render.reference import save

    save(build_report(result, history, policy, config, date), path, overwrite=overwrite)
