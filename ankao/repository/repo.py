"""The repository after one pass: every file's result, the models, the findings across files."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ankao.errors import AnkaoError
from ankao.findings import Finding, Report
from ankao.load.config import Config
from ankao.model.book import BookOutline, TaskBook
from ankao.repository.layout import unit_of

if TYPE_CHECKING:
    from ankao.model.located import Loaded
    from ankao.repository.checking import FileResult


@dataclass(slots=True)
class Repository:
    """A repository after one pass: every file's result, the models and all findings."""

    root: Path
    config: Config
    results: list[FileResult]
    findings: list[Finding]
    """Findings that span files (and those of `ankao.yaml` when it was not itself named)."""
    whole: bool
    """True when the whole repository was read (the cross-file checks ran)."""
    models: bool = True
    """False when the pass handed back outlines only (`ankao check`): `books` is then refused."""
    cache: dict[str, Any] = field(default_factory=dict, repr=False)
    """What is derived from the results once, for commands that ask many times (by name)."""

    @property
    def books(self) -> list[TaskBook]:
        """Every task book free of loading and schema errors, as a model, in file order."""
        if not self.models:
            raise RuntimeError("the repository pass ran without models: scan(models=True)")
        return [r.book for r in self.results if r.book is not None]

    @property
    def outlines(self) -> list[BookOutline]:
        """Every task book free of loading and schema errors, as an outline, in file order."""
        return [r.outline for r in self.results if r.outline is not None]

    def files(self, kind: str) -> list[Loaded]:
        """The loaded records of one kind of file, in file order."""
        return [r.loaded for r in self.results if r.kind == kind and r.loaded is not None]

    @property
    def units(self) -> set[str]:
        """Units that have a task book or are listed in `ankao.yaml`."""
        return {b.unit for b in self.outlines} | set(self.config.units)

    def book(self, unit: str) -> TaskBook:
        """The unit's task book; AnkaoError when it is missing, has errors, or has a twin."""
        from ankao.model.build import find_book

        mine = [b for b in self.books if b.unit == unit]
        if not mine:
            for loaded in self.files("taskbook"):
                if unit_of(loaded) == unit:
                    raise AnkaoError(
                        f"单位“{unit}”的任务书 {loaded.file} 有错误，无法使用；"
                        "请先运行 ankao validate 修正"
                    )
        return find_book(self.books, unit, self.config.units)

    def report(self) -> Report:
        """Every finding of the pass, per file and across files, as one report."""
        rep = Report(files=[r.file for r in self.results])
        for r in self.results:
            rep.extend(r.findings)
        for f in self.findings:
            if f.file not in rep.files:
                rep.files.append(f.file)
        rep.extend(self.findings)
        return rep
