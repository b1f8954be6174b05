"""The pipeline of `ankao validate` and `ankao check`: files -> findings.

Each file is loaded, checked against the schema of its kind and, for
`check`, run through the rules. Files are independent, so many of them are
spread over the machine's cores; each worker compiles its validators once.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ankao.errors import AnkaoError
from ankao.findings import Finding, Progress, Report, Severity, has_errors
from ankao.load.config import CONFIG_NAME, Config, load_config
from ankao.load.document import Document, cap_findings, load_file
from ankao.load.schemas import SchemaSet
from ankao.model.book import BookOutline, Positions, TaskBook
from ankao.model.located import FilePositions, Loaded, text_digest
from ankao.repository.layout import SourceFile, review_folder
from ankao.slots import pickle_fields

if TYPE_CHECKING:
    from ankao.model.continuity import BookTargets
    from ankao.repository.reviews import FolderCheck

CHUNK_AT_MOST = 24
"""Files sent to a worker at a time, at most (a chunk costs one message each way)."""

PARALLEL_FROM = 48
"""Fewer files than this are checked in-process: a pool costs more than it saves."""

FOLDER_AT_MOST = 64
"""A unit's review folder of more files than this is not one piece of work: one worker
would read it alone while the others idle (a real folder holds a few rounds of some ten
departments' files)."""


@dataclass(frozen=True, slots=True)
class Settings:
    """What a run needs besides the files: the config and whether to apply the rules."""

    config: Config = field(default_factory=Config)
    rules: bool = False
    """Apply the rules of `ankao check` to each valid task book (and hand back its outline)."""
    models: bool = False
    """Hand back each file as a `Loaded` record and each valid task book as a `TaskBook`."""
    reviews: bool = False
    """Read each unit's review folder as one piece of work and check its rounds there
    (`FolderCheck`, on the result of the folder's first file): the whole repository is read."""
    previous: bool = False
    """With `rules`: keep each valid book's targets for the previous-term rules (§10)."""


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
    folder: FolderCheck | None = None
    """With `Settings.reviews`, on the first file of each unit's review folder: its rounds' check."""
    targets: BookTargets | None = None
    """With `Settings.previous`: a valid book's targets as the previous-term rules need them."""

    __reduce__ = pickle_fields


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
        from ankao.load.unitnames import name_findings

        findings.extend(name_findings(doc, kind))
        wanted = settings.rules or settings.models
        if wanted and kind == "taskbook" and not has_errors(findings):
            from ankao.model.build import from_document

            book = from_document(doc)
            if settings.rules:
                from ankao.rules import apply_rules

                rule_findings, stats = apply_rules(book, settings.config)
                findings.extend(rule_findings)
    findings = cap_findings(_apply_severity(findings, settings.config))
    return FileResult(doc.file, kind, findings, stats, book=book)


def _config_placeholders(doc: Document, config: Config) -> list[Finding]:
    """The school `ankao init` left as its placeholder: documents leave it out until it is set."""
    from ankao.load.config import is_placeholder

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
        from ankao.repository.reviews import place_findings

        result.findings.extend(place_findings(doc, source.path))
    if result.book is not None:
        result.outline = result.book.outline
        if settings.previous:
            from ankao.model.continuity import book_targets

            result.targets = book_targets(result.book)  # located while the node tree is here
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


def check_folder(sources: Sequence[SourceFile], settings: Settings) -> list[FileResult]:
    """Load and check the review and response files of one unit's folder, then its rounds.

    The rounds' check goes on the first file's result. Without `Settings.models` the
    files' records stay here: what the checks across files need of them is in it.
    """
    from ankao.repository.reviews import RoundFile, folder_check

    results = [check_file(source, settings) for source in sources]
    files = [
        found
        for r in results
        if r.loaded is not None and (found := RoundFile.of(r.loaded)) is not None
    ]
    results[0].folder = folder_check(review_folder(sources[0].path), files)
    if not settings.models:
        for r in results:
            r.loaded = None
    return results


Work = SourceFile | tuple[SourceFile, ...]
"""What a worker is handed at a time: one file, or a unit's review folder (`check_folder`)."""


def work(sources: Sequence[SourceFile], settings: Settings) -> tuple[list[Work], list[list[int]]]:
    """The pieces of work for `sources`, with the index of each piece's files in `sources`.

    With `Settings.reviews` a unit's review and response files are one piece, placed
    where its first file is, wherever the rest of them are listed; a folder of more
    than `FOLDER_AT_MOST` files is read file by file instead, across the cores, and
    its rounds are checked from the records at the end.
    """
    places: list[list[int]] = []
    folders: dict[str, list[int]] = {}
    for index, source in enumerate(sources):
        if settings.reviews and source.kind in _ROUND_KINDS:
            name = review_folder(source.path)
            if name not in folders:
                places.append(folders.setdefault(name, []))
            folders[name].append(index)
        else:
            places.append([index])
    items: list[Work] = []
    pieces: list[list[int]] = []
    for at in places:
        first = sources[at[0]]
        if not (settings.reviews and first.kind in _ROUND_KINDS):
            items.append(first)
            pieces.append(at)
        elif len(at) <= FOLDER_AT_MOST:
            items.append(tuple(sources[i] for i in at))
            pieces.append(at)
        else:
            items.extend(sources[i] for i in at)
            pieces.extend([i] for i in at)
    return items, pieces


_ROUND_KINDS = ("review", "response")


def _do(item: Work, settings: Settings) -> list[FileResult]:
    if isinstance(item, SourceFile):
        return [check_file(item, settings)]
    return check_folder(item, settings)


_worker_settings: Settings | None = None


def _init_worker(settings: Settings) -> None:
    global _worker_settings
    _worker_settings = settings
    gc.enable()  # forked while the parent had paused it (`run`)
    schema_set(settings.config)  # compile once per worker


def _work(item: Work) -> list[FileResult]:
    assert _worker_settings is not None
    return _do(item, _worker_settings)


def run(
    sources: Sequence[SourceFile],
    settings: Settings,
    *,
    progress: Progress | None = None,
    workers: int | None = None,
) -> list[FileResult]:
    """Check every file, in parallel when there are many; results in input order."""
    if workers is None:
        workers = min(os.cpu_count() or 1, 8)
    if progress:
        progress.start(len(sources))
    items, places = work(sources, settings)
    out: list[FileResult | None] = [None] * len(sources)

    def place(at: list[int], results: list[FileResult]) -> None:
        for index, result in zip(at, results, strict=True):
            out[index] = result
        if progress:
            progress.advance(len(results))

    if workers <= 1 or len(sources) < PARALLEL_FROM:
        for item, at in zip(items, places, strict=True):
            place(at, _do(item, settings))
        return _all(out)
    from ankao.pool import map_all, worker_pool

    if settings.rules or settings.models:
        # loaded once here: workers started by fork have them, instead of loading each its own
        import ankao.model.build

        if settings.rules:
            import ankao.rules  # noqa: F401
        if settings.reviews:
            import ankao.repository.reviews  # noqa: F401
        if settings.previous:
            import ankao.model.continuity  # noqa: F401
    # Small chunks: task books come first and cost ten times a review file, so with large
    # chunks one worker could be left with a whole chunk of books while the other idles.
    chunk = max(4, min(CHUNK_AT_MOST, len(items) // (workers * 8)))
    # The results are records without cycles: the collector would only walk them again
    # and again while they come in. What to do with them after is the caller's (the
    # command line freezes them: `cli.shared.progress_for`).
    collecting = gc.isenabled()
    gc.disable()
    try:
        with worker_pool(workers, initializer=_init_worker, initargs=(settings,)) as pool:
            for at, results in zip(places, map_all(pool, _work, items, chunk), strict=True):
                place(at, results)
    finally:
        if collecting:
            gc.enable()
    return _all(out)


def _all(out: list[FileResult | None]) -> list[FileResult]:
    missing = [i for i, r in enumerate(out) if r is None]
    if missing:  # every file is some piece's: a piece that came back short is a bug here
        raise RuntimeError(f"the pass has no result for {len(missing)} files")
    return out  # type: ignore[return-value]


def report(results: Sequence[FileResult]) -> Report:
    """The findings of all files, as one report."""
    rep = Report(files=[r.file for r in results])
    for r in results:
        rep.extend(r.findings)
    return rep


def checked_config(root: Path) -> Config:
    """The config of the repository at `root`; AnkaoError naming `ankao.yaml:line` when it has errors.

    For commands that only use the config (render, comments): a broken ankao.yaml
    would otherwise be silently replaced by defaults.
    """
    config, doc = load_config(root)
    if doc is None:
        return config
    errors = [
        f for f in check_document(doc, "config", Settings(config=config)).findings if f.is_error
    ]
    if errors:
        first = errors[0]
        more = f"（另有 {len(errors) - 1} 处错误）" if len(errors) > 1 else ""
        raise AnkaoError(
            f"{CONFIG_NAME}:{first.line}:{first.column} {first.message}{more}；"
            f"请先修正（ankao validate {CONFIG_NAME} 列出全部问题）"
        )
    return config
