"""Which forms a command writes, and where: one unit's form to a file, or every unit's into a folder."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ankao.forms import layout as L
from ankao.forms.spec import FormSpec
from ankao.forms.write import form_bytes
from ankao.model.book import Term


@dataclass(frozen=True, slots=True)
class Written:
    """A form written: for which unit, where."""

    unit: str
    path: str


def specs_for(
    root: Any,
    units: Sequence[str],
    *,
    config: Any,
    kind: str | None = None,
    year: int | None = None,
) -> list[FormSpec]:
    """The forms of `units` (every unit with a book or in ankao.yaml when empty)."""
    from ankao.errors import AnkaoError
    from ankao.repository.scan import scan

    repo = scan(root, config=config)
    books = {b.unit: b for b in repo.books}
    wanted = list(units) or sorted({*books, *config.units})
    if not wanted:
        raise AnkaoError("仓库中没有任务书，ankao.yaml 的 units 中也没有单位：请写明单位名称")
    out = []
    for unit in wanted:
        book = books.get(unit)
        if book is None:
            if year is not None:
                repo.book(unit)  # the usual message: missing, broken, twinned
            repo_kind = kind or config.units.get(unit)
            try:
                repo.book(unit)
            except AnkaoError as exc:
                if "有错误" in str(exc) or "本任务书" in str(exc):
                    raise
            if repo_kind not in ("office", "teaching"):
                raise AnkaoError(
                    f"单位“{unit}”还没有任务书：生成空白表格请用 --kind teaching（教学单位）或 --kind office（机关、教学辅助机构）"
                )
            start, end = config.term or _default_term()
            out.append(FormSpec(unit, repo_kind, Term(start, end), None, None, config.school))
        else:
            if year is not None and not book.term.start <= year <= book.term.end:
                raise AnkaoError(
                    f"{year} 年不在{unit}的任期（{book.term.start}—{book.term.end}年）内"
                )
            out.append(FormSpec(unit, book.kind, book.term, book, year, config.school))
    return out


def _default_term() -> tuple[int, int]:
    import datetime as dt

    year = dt.date.today().year
    return year, year + 3


def write_forms(
    specs: Sequence[FormSpec], output: Any, *, folder: bool, force: bool
) -> list[Written]:
    """Write each form: to `output` itself (one form), or into the folder `output` (safe names)."""
    from pathlib import Path

    from ankao.errors import AnkaoError
    from ankao.load.files import make_folder, safe_filename, write_bytes

    out_path = Path(output)
    targets: list[tuple[FormSpec, Path]] = []
    if folder:
        make_folder(out_path)
        for spec in specs:
            name = L.form_name(spec.unit, spec.document, spec.year)
            targets.append((spec, out_path / safe_filename(name.removesuffix(".xlsx"), ".xlsx")))
    else:
        if out_path.suffix.lower() != ".xlsx":
            raise AnkaoError(f"-o 应为 .xlsx 文件：{output}（多个单位用 --all -o 文件夹/）")
        targets.append((specs[0], out_path))
    for _, path in targets:
        if path.exists() and not force:
            raise AnkaoError(f"文件已存在，没有覆盖：{path}（加 --force 覆盖）")
    written = []
    for spec, path in targets:
        if not folder:
            make_folder(path.parent)
        write_bytes(path, form_bytes(spec), overwrite=force)
        written.append(Written(spec.unit, str(path)))
    return written
