"""The pipeline of `ankao render`: one repository pass -> task books -> .docx files in one folder.

The books come from `ankao.repository.layout.scan` (loading, schema and rules, spread
over the cores). A book with loading or schema errors is not rendered (its
findings are the report's errors), nor are two books of one unit
(`duplicate-unit`: which one is the unit's?); rule findings are reported but
do not block a draft. Output names are `<单位>-任期目标任务书.docx`, made safe
and distinct within the run; nothing is written outside the output folder. An
existing output that carries comments, or was changed after ankao wrote it,
is never replaced without `force` (ankao.render.identity). Many books are
rendered in a process pool, like the repository pass.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ankao.errors import AnkaoError
from ankao.findings import Finding, Report, Severity
from ankao.load.config import Config
from ankao.load.files import inside, os_reason, safe_filename, write_bytes
from ankao.model.book import TaskBook

if TYPE_CHECKING:
    from ankao.repository.repo import Repository

SUFFIX = "-任期目标任务书.docx"
PARALLEL_FROM = 12
"""Fewer books than this are rendered in-process: starting workers costs more than it saves."""


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
    """The report of a run (findings), the documents written and how many books were refused."""

    report: Report
    written: list[Written]
    refused: int

    @property
    def exit_code(self) -> int:
        """1 when a book was not rendered (errors, a twin, a protected output); rule findings do not count."""
        return 1 if self.refused else 0


def output_name(unit: str, taken: set[str]) -> str:
    """`<单位>-任期目标任务书.docx`, safe; `…(2).docx` etc. when `taken` (case-folded) has it."""
    name = safe_filename(unit, SUFFIX)
    n = 1
    while name.casefold() in taken:
        n += 1
        name = safe_filename(
            unit, f"({n}){SUFFIX}"
        )  # the number survives shortening of a long name
    taken.add(name.casefold())
    return name


def render_repository(
    repo: Repository,
    out_dir: str,
    *,
    force: bool = False,
    progress: Callable[[int], None] | None = None,
) -> RenderResult:
    """Render the task books of a repository pass into `out_dir`; the report lists what was written."""
    taskbooks = [r for r in repo.results if r.kind == "taskbook"]
    if not taskbooks:
        raise AnkaoError(
            "没有找到任务书（taskbooks/ 中的 YAML 文件）；只有任务书才能生成 Word 文档"
        )
    folder = _folder(out_dir)
    report = Report(files=[r.file for r in taskbooks])
    for r in taskbooks:
        report.extend(r.findings)
    names = {r.file for r in taskbooks} | ({repo.config.path.name} if repo.config.path else set())
    report.extend(f for f in repo.findings if f.file in names or f.code == "duplicate-unit")
    refused = sum(1 for r in taskbooks if r.book is None)

    books = [r.book for r in taskbooks if r.book is not None]
    twins = _twins(books)
    twin_ids = {id(b) for b in twins}
    seen = {(f.file, f.code) for f in report.findings}
    report.extend(f for f in _duplicate_findings(twins) if (f.file, f.code) not in seen)
    refused += len(twins)

    plan: list[tuple[TaskBook, Path]] = []
    taken: set[str] = set()
    for book in books:
        if id(book) in twin_ids:
            continue
        path = folder / output_name(book.unit, taken)
        if not inside(path, folder) or path.parent.resolve() != folder.resolve():
            raise AnkaoError(f"拒绝写到输出文件夹之外：{path}")
        problem = None if force or not path.exists() else _protected(path)
        if problem:
            report.findings.append(
                Finding(str(path), 1, 1, "", "output-protected", Severity.ERROR, problem)
            )
            refused += 1
            continue
        plan.append((book, path))

    _render_all(plan, repo.config, progress)
    written = [Written(book.file, book.unit, str(path)) for book, path in plan]
    return RenderResult(report, written, refused)


def _folder(out_dir: str) -> Path:
    folder = Path(out_dir)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise AnkaoError(f"无法创建输出文件夹 {out_dir}：{os_reason(exc)}") from exc
    if not folder.is_dir():
        raise AnkaoError(f"输出位置不是文件夹：{out_dir}")
    return folder


def _twins(books: Sequence[TaskBook]) -> list[TaskBook]:
    """Every book whose unit has another book among `books`."""
    by_unit: dict[str, list[TaskBook]] = defaultdict(list)
    for book in books:
        by_unit[book.unit].append(book)
    return [b for same in by_unit.values() if len(same) > 1 for b in same]


def _duplicate_findings(twins: Sequence[TaskBook]) -> list[Finding]:
    from ankao.repository.crosscheck import duplicate_units

    return duplicate_units([b.outline for b in twins])


def _protected(path: Path) -> str | None:
    """The message refusing to replace `path`, or None when ankao may replace it."""
    from ankao.load.identity import replace_problem

    reason = replace_problem(path)
    if reason is None:
        return None
    return f"已有的这个文档{reason}，没有覆盖（重新生成会丢失其中的批注和修改）；请先移走或改名，确需覆盖请加 --force"


def render_bytes(book: TaskBook, config: Config) -> bytes:
    """The .docx of one book."""
    from ankao.render.reference import to_bytes
    from ankao.render.taskbook import render_book

    return to_bytes(render_book(book, config))


WRITERS = 4
"""Threads writing files: an atomic write waits for the disk (fsync), rendering need not."""

_worker_config: Config | None = None
_inherited: list[tuple[TaskBook, Path]] = []
"""The plan, set before forking: a forked worker reads its books here, nothing is pickled."""


def _init_worker(config: Config) -> None:
    global _worker_config
    _worker_config = config


def _work(jobs: list[tuple[TaskBook, Path]] | tuple[int, int]) -> list[Path]:
    """Render a batch in a worker; the paths written, for the parent to know (and say on Ctrl-C)."""
    assert _worker_config is not None
    if isinstance(jobs, tuple):
        jobs = _inherited[jobs[0] : jobs[1]]
    _write_all(jobs, _worker_config, None)
    return [path for _, path in jobs]


def _write_all(
    plan: list[tuple[TaskBook, Path]], config: Config, progress: Callable[[int], None] | None
) -> None:
    """Render each book in this process, writing the files from a few threads as they are ready."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(WRITERS) as writers:
        futures = [
            writers.submit(write_bytes, path, render_bytes(book, config)) for book, path in plan
        ]
        for future in futures:
            future.result()
            if progress:
                progress(1)


def _render_all(
    plan: list[tuple[TaskBook, Path]],
    config: Config,
    progress: Callable[[int], None] | None,
    workers: int | None = None,
) -> None:
    """Render every (book, path), in a process pool when there are many."""
    if workers is None:
        workers = min(os.cpu_count() or 1, 8)
    if workers <= 1 or len(plan) < PARALLEL_FROM:
        _write_all(plan, config, progress)
        return
    import multiprocessing

    from ankao.load.files import WRITING, WRITTEN
    from ankao.pool import map_all, worker_pool
    from ankao.render.base import open_draft

    open_draft(config)  # imports and the reference, read once and inherited by forked workers
    fork = "fork" in multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork") if fork else None
    size = max(1, -(-len(plan) // (workers * 3)))
    spans = [(i, min(i + size, len(plan))) for i in range(0, len(plan), size)]
    batches: list[Any] = spans if fork else [plan[a:b] for a, b in spans]
    global _inherited
    _inherited = plan
    WRITING.extend(dict.fromkeys(path.parent for _, path in plan))
    try:
        with worker_pool(
            workers, mp_context=context, initializer=_init_worker, initargs=(config,)
        ) as pool:
            for done in map_all(pool, _work, batches):
                WRITTEN.extend(done)
                if progress:
                    progress(len(done))
    finally:
        _inherited = []
