"""`ankao consequences`: annual grades -> rewards, written reports and adjustments (五(三)2)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ankao.cli.chinese import ChineseCommand
from ankao.cli.shared import (
    DateOption,
    DebugOption,
    FormatOption,
    OutputFormat,
    app,
    document_date,
    emit,
    fail,
    repository_root,
    run,
)

if TYPE_CHECKING:
    from ankao.grades.consequences import Policy, Result
    from ankao.grades.outcome import Outcome

NONE = "无需处理"
MARKS = "①②③④⑤⑥⑦⑧⑨⑩"


def _mark(i: int) -> str:
    return MARKS[i] if i < len(MARKS) else f"({i + 1})"


def year_block(results: list[Result], policy: Policy, year: int) -> Any:
    """A rich table of the year's results grouped by consequence, with each one's reasons and basis."""

    def block(out: Any) -> None:
        from rich.table import Table
        from rich.text import Text

        table = Table(title=f"{year} 年度考核结果运用", title_style="bold", show_lines=False)
        for name in ("结果运用", "单位", "等次", "缘由"):
            table.add_column(name, overflow="fold")
        groups = 0
        for rule in policy.rules:
            rows = [(r, c) for r in results for c in r.consequences if c.rule.code == rule.code]
            if not rows:
                continue
            if groups:
                table.add_section()
            groups += 1
            for i, (r, c) in enumerate(rows):
                table.add_row(
                    rule.text if i == 0 else "", r.unit, r.grade or "—", "；".join(c.reasons)
                )
        rest = [r for r in results if not r.consequences]
        if rest:
            if groups:
                table.add_section()
            for i, r in enumerate(rest):
                table.add_row(NONE if i == 0 else "", r.unit, r.grade or "—", "")
        out.print(table)
        for rule in policy.rules:
            if any(c.rule.code == rule.code for r in results for c in r.consequences):
                out.print(
                    Text(
                        f"{rule.text}（{rule.code}）依据：“{rule.basis}”；反馈方式：{rule.feedback_text}"
                    )
                )

    return block


def history_block(results: list[Result], policy: Policy) -> Any:
    """A rich units × years matrix of grades, each cell marked with the consequences of that year."""

    def block(out: Any) -> None:
        from rich.table import Table

        from ankao.grades.consequences import units_of

        years = sorted({r.year for r in results})
        cells = {(r.unit, r.year): r for r in results}
        index = {rule.code: i for i, rule in enumerate(policy.rules)}
        table = Table(title="历年考核等次与结果运用", title_style="bold")
        table.add_column("单位")
        for y in years:
            table.add_column(str(y), justify="center")
        for unit in units_of(results):
            row = [unit]
            for y in years:
                r = cells.get((unit, y))
                if r is None:
                    row.append("")
                    continue
                marks = "".join(_mark(index[c.rule.code]) for c in r.consequences)
                row.append(
                    f"{r.grade or '—'}{' ' + marks if marks else ''}{'＊' if r.findings else ''}"
                )
            table.add_row(*row)
        out.print(table)
        for i, rule in enumerate(policy.rules):
            out.print(f"{_mark(i)} {rule.text}（{rule.code}）")
        notes = [(r, f) for r in results for f in r.findings]
        if notes:
            out.print("＊ 专项考核、平时考核结论：")
            for r, f in notes:
                label = policy.finding_types.get(f.type, f.type)
                out.print(f"  {r.year} {r.unit}：{label}" + (f"（{f.note}）" if f.note else ""))

    return block


def consequences_command(
    year: int | None,
    history: bool,
    output: Path | None,
    fmt: OutputFormat,
    force: bool = False,
    date: str | None = None,
) -> int:
    """Compute the consequences, render the notice if asked, report; return the exit status."""
    from ankao.grades.outcome import outcome

    if output is not None and output.suffix.lower() != ".docx":
        fail(f"通报只能保存为 .docx 文件：{output}")
    day = document_date(date)
    if output is not None:
        from ankao.load.files import check_output

        check_output(output, force=force, hint="（确需重新生成请加 --force）")
    result: Outcome = outcome(repository_root(None), year=year, history=history)
    report = result.report
    if result.results is None:
        if fmt is OutputFormat.text:
            report.blocks.append(
                lambda out: out.print(
                    "输入有错误，未计算考核结果运用；请先改正上面的错误。", style="bold red"
                )
            )
        return emit(report, fmt)
    assert result.year is not None
    report.extra["results"] = [r.as_dict() for r in result.results]
    if history:
        report.blocks.append(history_block(result.results, result.policy))
    else:
        report.blocks.append(year_block(result.results, result.policy, result.year))
    unknown = sorted({f.message for f in report.findings if f.code == "unknown-unit"})
    if output is not None and unknown:
        # A notice is official: a misspelt unit would be named, and the real one left out.
        report.blocks.append(
            lambda out: out.print(
                "考核结果中有任务书和 ankao.yaml 都没有的单位名称（见上面的 unknown-unit 警告），"
                "没有生成通报：请改正单位名称，或在 ankao.yaml 的 units 中列出这些单位后再生成",
                style="bold red",
            )
        )
        emit(report, fmt)
        return 1
    if output is not None:
        from ankao.grades.consequences import consequences as year_consequences
        from ankao.render.notice import build_notice
        from ankao.render.reference import save

        rows = year_consequences(result.history, result.year, result.policy)
        # write_notice never replaces a file; with --force the notice replaces it (atomically).
        notice = build_notice(rows, result.policy, result.year, result.config, day)
        save(notice, output, overwrite=force)
        report.blocks.append(lambda out: out.print(f"已生成通报：{output}"))
    return emit(report, fmt)


@app.command(cls=ChineseCommand)
def consequences(
    year: Annotated[
        int | None,
        typer.Option("--year", "-y", help="考核年度（默认：最近一年）", show_default=False),
    ] = None,
    history: Annotated[
        bool, typer.Option("--history", help="列出各单位历年的等次和结果运用")
    ] = False,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="保存考核结果运用通报（.docx）", show_default=False),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="覆盖已存在的文件")] = False,
    date: DateOption = None,
    fmt: FormatOption = OutputFormat.text,
    debug: DebugOption = False,
) -> None:
    """按年度考核等次和专项考核、平时考核结论，给出考核结果运用（五(三)2）。

    优秀或作出重要贡献的给予奖励；一般的责成写出书面报告；较差或连续两年一般的调整主要负责人和相关责任人；运行状况不好的调整领导班子。

    读取 grades/<年度>.yaml，规则和等次可在 ankao.yaml 的 grades 中修改；输入有错误时不计算结果，退出状态为 1。
    -o 把该年度的考核结果运用通报保存为 Word 文档（落款日期 --date，默认今天）；文件已存在时不覆盖（加 --force 覆盖）。

    例：ankao consequences --year 2025 -o 2025年考核结果运用通报.docx
    """
    run(debug, lambda: consequences_command(year, history, output, fmt, force, date))
