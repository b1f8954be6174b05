"""The pipeline of `ankao validate` and `ankao check`: files -> findings.

Each file is loaded, checked against the schema of its kind and, for
`check`, run through the rules. Files are independent, so many of them are
spread over the machine's cores; each worker compiles its validators once.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from ankao.config import Config
from ankao.loading import Document, cap_findings, load_file
from ankao.located import FilePositions, Loaded, text_digest
from ankao.model import BookOutline, Finding, Positions, Progress, Report, Severity, TaskBook
from ankao.repository import SourceFile
from ankao.schemas import SchemaSet

CHUNK_AT_MOST = 24
"""Files sent to a worker at a time, at most (a chunk costs one message each way)."""

PARALLEL_FROM = 48
"""Fewer files than this are checked in-process: a pool costs more than it saves."""


@dataclass(frozen=True, slots=True)
class Settings:
    """What a run needs besides the files: the config and whether to apply the rules."""

    config: Config = field(default_factory=Config)
    rules: bool = False
    """Apply the rules of `ankao check` to each valid task book (and hand back its outline)."""
    models: bool = False
    """Hand back each file as a `Loaded` record and each valid task book as a `TaskBook`."""


@dataclass(slots=True)
class FileResult:
    """The findings of one file, and for `check` the summary of a task book."""

    file: str
    kind: str
    findings: list[Finding]
    stats: dict[str, Any] | None = None
    loaded: Loaded | None = None
    """With `Settings.models` or `rules`: the file's data, positions and findings. A valid
    book has its model or outline instead: with `models` a record without data, with only
    `rules` none."""
    book: TaskBook | None = None
    """With `Settings.models`: the model of a task book free of errors."""
    outline: BookOutline | None = None
    """With `Settings.models` or `rules`: the outline of a task book free of errors."""


_schema_sets: dict[tuple[Any, ...], SchemaSet] = {}


def schema_set(config: Config) -> SchemaSet:
    """The (cached) validators for a config: the grade scale can change the grades schema."""
    grades = config.grades
    scale = tuple(grades.get("scale") or ()) if isinstance(grades.get("scale"), list) else ()
    types = grades.get("finding_types")
    type_keys = tuple(types) if isinstance(types, dict) else ()
    key = (scale, type_keys)
    if key not in _schema_sets:
        _schema_sets[key] = SchemaSet(grade_scale=scale or None, finding_types=type_keys or None)
    return _schema_sets[key]


def check_document(doc: Document, kind: str, settings: Settings) -> FileResult:
    """Schema (and, for `check`, rule) findings of an already-loaded document.

    A task book free of loading and schema errors is built into its `TaskBook`
    when the rules or the models are wanted; the rules read that model.
    """
    findings = list(doc.findings)
    stats = None
    book = None
    if kind == "unknown":
        findings.append(
            Finding(
                doc.file,
                1,
                1,
                "",
                "file-name",
                Severity.WARNING,
                "审核意见文件应命名为 r<轮次>-<审核部门>.yaml，单位答复应命名为 "
                "r<轮次>-response.yaml；这个文件没有检查",
            )
        )
    elif doc.loaded:
        findings.extend(schema_set(settings.config).check(doc, kind))
        if kind == "config":
            findings.extend(_config_placeholders(doc, settings.config))
        from ankao.names import name_findings

        findings.extend(name_findings(doc, kind))
        wanted = settings.rules or settings.models
        if (
            wanted
            and kind == "taskbook"
            and not any(f.severity is Severity.ERROR for f in findings)
        ):
            from ankao.books import from_document

            book = from_document(doc)
            if settings.rules:
                from ankao.rules import apply_rules

                rule_findings, stats = apply_rules(book, settings.config)
                findings.extend(rule_findings)
    findings = cap_findings(_apply_severity(findings, settings.config))
    return FileResult(doc.file, kind, findings, stats, book=book)


def _config_placeholders(doc: Document, config: Config) -> list[Finding]:
    """The school `ankao init` left as its placeholder: documents leave it out until it is set."""
    from ankao.config import is_placeholder

    school = doc.data.get("school") if isinstance(doc.data, dict) else None
    severity = config.severity("placeholder", Severity.WARNING)
    if not isinstance(school, str) or not is_placeholder(school) or severity is None:
        return []
    severity = (
        Severity.WARNING if severity is Severity.ERROR else severity
    )  # never blocks a command
    return [
        doc.finding(
            ["school"],
            "placeholder",
            f"学校名称仍是占位文字“{school.strip()}”：请填写学校名称，"
            "生成的文档才会写上学校；在此之前文档中不写学校名称",
            severity,
        )
    ]


def _apply_severity(findings: list[Finding], config: Config) -> list[Finding]:
    """`control-character` is the one loading finding whose severity a config may change."""
    if "control-character" not in config.rules:
        return findings
    severity = config.severity("control-character", Severity.WARNING)
    out = []
    for f in findings:
        if f.code == "control-character":
            if severity is None:
                continue
            f = Finding(f.file, f.line, f.column, f.path, f.code, severity, f.message)
        out.append(f)
    return out


def check_file(source: SourceFile, settings: Settings) -> FileResult:
    """Load one file and check it; never raises for a problem in the file."""
    doc = load_file(source.path, source.display, max_bytes=settings.config.max_file_size)
    result = check_document(doc, source.kind, settings)
    if source.kind in ("review", "response") and doc.loaded:
        from ankao.reviews.files import place_findings

        result.findings.extend(place_findings(doc, source.path))
    if result.book is not None:
        result.outline = result.book.outline
        if settings.models:
            # The rules have located their findings; what stays with the model is the
            # lines of its parts and targets, not the file's whole node tree.
            result.book = replace(result.book, source=str(source.path), positions=Positions())
        else:
            result.book = None  # the rules ran here; the checks across files need the outline
    if settings.models or settings.rules:
        path = str(source.path)  # one string: pickled once however often it is named
        if result.outline is not None:
            # the model carries what a valid book holds; its raw data need not travel, and
            # a pass for the checks across files (`check`) needs only the outline
            if settings.models:
                result.loaded = Loaded(
                    doc.file, path, source.kind, None, doc.loaded, result.findings
                )
        else:
            result.loaded = Loaded(
                doc.file,
                path,
                source.kind,
                doc.data,
                doc.loaded,
                result.findings,
                FilePositions(
                    path,
                    text_digest(doc.text),
                    settings.config.max_file_size,
                    doc.node,
                ),
            )
    return result


_worker_settings: Settings | None = None


def _init_worker(settings: Settings) -> None:
    global _worker_settings
    _worker_settings = settings
    gc.enable()  # forked while the parent had paused it (`run`)
    schema_set(settings.config)  # compile once per worker


def _work(source: SourceFile) -> FileResult:
    assert _worker_settings is not None
    return check_file(source, _worker_settings)


def run(
    sources: Sequence[SourceFile],
    settings: Settings,
    *,
    progress: Progress | None = None,
    workers: int | None = None,
    each: Callable[[FileResult], None] | None = None,
) -> list[FileResult]:
    """Check every file, in parallel when there are many; results in input order.

    `each` sees every result as it comes, in that order, while the rest are still read.
    """
    if workers is None:
        workers = min(os.cpu_count() or 1, 8)
    if progress:
        progress.start(len(sources))
    if workers <= 1 or len(sources) < PARALLEL_FROM:
        results = []
        for source in sources:
            results.append(check_file(source, settings))
            if each:
                each(results[-1])
            if progress:
                progress.advance(1)
        return results
    from concurrent.futures import ProcessPoolExecutor

    if settings.rules or settings.models:
        # loaded once here: workers started by fork have them, instead of loading each its own
        import ankao.books

        if settings.rules:
            import ankao.rules  # noqa: F401
    # Small chunks: task books come first and cost ten times a review file, so with large
    # chunks one worker could be left with a whole chunk of books while the other idles.
    chunk = max(4, min(CHUNK_AT_MOST, len(sources) // (workers * 8)))
    out: list[FileResult] = []
    # The results are records without cycles that live to the end of the run: the
    # collector would only walk them again and again while they come in, and after
    # (they are frozen: set aside for good, as the collector counts them no more).
    collecting = gc.isenabled()
    gc.disable()
    try:
        with ProcessPoolExecutor(workers, initializer=_init_worker, initargs=(settings,)) as pool:
            for result in pool.map(_work, sources, chunksize=chunk):
                out.append(result)
                if each:
                    each(result)
                if progress:
                    progress.advance(1)
    finally:
        gc.freeze()
        if collecting:
            gc.enable()
    return out


def report(results: Sequence[FileResult]) -> Report:
    """The findings of all files, as one report."""
    rep = Report(files=[r.file for r in results])
    for r in results:
        rep.extend(r.findings)
    return rep
