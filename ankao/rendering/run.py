"""The pipeline of `ankao render`: task-book files -> checked -> .docx files in one folder.

A book with loading or schema errors is not rendered (its findings are the
report's errors); rule findings are reported but do not block a draft. Output
names are `<单位>-任期目标任务书.docx`, made safe and distinct within the run;
nothing is written outside the output folder.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ankao.config import Config
from ankao.files import inside, os_reason, safe_filename
from ankao.loading import Document, load_file
from ankao.model import AnkaoError, Finding, Report, Severity
from ankao.repository import SourceFile

SUFFIX = "-任期目标任务书.docx"


@dataclass(frozen=True, slots=True)
class Written:
    """One rendered document: its source file, unit and output path."""

    file: str
    unit: str
    output: str

    def as_dict(self) -> dict[str, str]:
        return {"file": self.file, "unit": self.unit, "output": self.output}


@dataclass(slots=True)
class RenderResult:
    """The report of a run (findings, `written` in `extra`) and how many books were refused."""

    report: Report
    written: list[Written]
    refused: int

    @property
    def exit_code(self) -> int:
        """1 when a book was not rendered (loading or schema errors); rule findings do not count."""
        return 1 if self.refused else 0


def output_name(unit: str, taken: set[str]) -> str:
    """`<单位>-任期目标任务书.docx`, safe; `…(2).docx` etc. when `taken` (case-folded) has it."""
    name = safe_filename(unit, SUFFIX)
    n = 1
    while name.casefold() in taken:
        n += 1
        name = safe_filename(unit, f"({n}){SUFFIX}")  # the number survives shortening of a long name
    taken.add(name.casefold())
    return name


def render_taskbooks(
    sources: Sequence[SourceFile],
    out_dir: str,
    config: Config,
    *,
    progress: Callable[[int], None] | None = None,
) -> RenderResult:
    """Render every task book among `sources` into `out_dir`; the report lists what was written."""
    from ankao.rendering.base import save
    from ankao.rendering.taskbook import render_book

    books = [s for s in sources if s.kind == "taskbook"]
    if not books:
        raise AnkaoError("没有找到任务书（taskbooks/ 中的 YAML 文件）；只有任务书才能生成 Word 文档")
    folder = Path(out_dir)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise AnkaoError(f"无法创建输出文件夹 {out_dir}：{os_reason(exc)}") from exc
    if not folder.is_dir():
        raise AnkaoError(f"输出位置不是文件夹：{out_dir}")

    report = Report(files=[s.display for s in books])
    written: list[Written] = []
    taken: set[str] = set()
    refused = 0
    for source in books:
        doc, findings = check(source, config)
        report.extend(findings)
        if doc is not None:
            unit = str(doc.data.get("unit", ""))
            name = output_name(unit, taken)
            path = folder / name
            if not inside(path, folder) or path.parent.resolve() != folder.resolve():
                raise AnkaoError(f"拒绝写到输出文件夹之外：{path}")
            save(render_book(doc, config), path)
            written.append(Written(source.display, unit, str(path)))
        else:
            refused += 1
        if progress:
            progress(1)
    report.extra["written"] = [w.as_dict() for w in written]
    return RenderResult(report, written, refused)


def check(source: SourceFile, config: Config) -> tuple[Document | None, list[Finding]]:
    """Load and schema-check a book, then apply the rules; the document is None when it must not be rendered."""
    from ankao.validation import Settings, check_document

    doc = load_file(source.path, source.display, max_bytes=config.max_file_size)
    findings = check_document(doc, "taskbook", Settings(config=config)).findings
    if not doc.loaded or not isinstance(doc.data, dict) or any(f.severity is Severity.ERROR for f in findings):
        return None, findings
    from ankao.books import from_document
    from ankao.rules import apply_rules

    rule_findings, _stats = apply_rules(from_document(doc), config)
    return doc, findings + rule_findings
