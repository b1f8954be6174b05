"""`ankao intake`: a filled form (or 反馈表) read back into the repository as minimal YAML edits.

For each file: it is opened safely (`ankao.load.xlsxsafe`), recognised by its identity
(SPEC §9) or its sheets, read (`ankao.forms.read`), merged with the book as it
is now (`ankao.forms.merge`; the book the form was made from is found in git by
its fingerprint), written into the YAML tree with only what changed
(`ankao.forms.apply`, `ankao.forms.yamledit`), checked like any book, and only
then written, atomically. Any problem of the form is a finding at its cell and
leaves the repository untouched; a file ankao cannot read at all is an
`AnkaoError` (exit 2).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ankao.errors import AnkaoError
from ankao.findings import Finding, Report, Severity
from ankao.forms import layout as L
from ankao.forms.cells import Form, Place
from ankao.forms.outcome import Outcome
from ankao.model.book import TaskBook

if TYPE_CHECKING:
    from ankao.load.config import Config
    from ankao.repository.repo import Repository


@dataclass(slots=True)
class Intake:
    """Everything `ankao intake` did and found."""

    report: Report
    outcomes: list[Outcome] = field(default_factory=list)


def intake(root: Path, files: Sequence[Path], *, config: Config, force: bool = False) -> Intake:
    """Read each file back into the repository at `root`; see the module docstring."""
    from ankao.repository.scan import scan

    if not files:
        raise AnkaoError("请给出要读入的填写表（.xlsx）或反馈表（.docx）")
    for path in files:
        if not path.exists():
            raise AnkaoError(f"找不到文件：{path}")
    repo = scan(root, config=config) if _has_books(root) else None
    result = Intake(Report())
    for path in files:
        shown = str(path)
        result.report.files.append(shown)
        if path.suffix.lower() == ".docx":
            from ankao.forms.feedback import intake_feedback

            outcome = intake_feedback(root, path, shown, repo, result.report, config=config)
        else:
            outcome = _intake_workbook(
                root, path, shown, repo, result.report, config=config, force=force
            )
        outcome.refused = outcome.written is None and any(
            f.severity is Severity.ERROR and f.file == shown for f in result.report.findings
        )
        result.outcomes.append(outcome)
    return result


def _has_books(root: Path) -> bool:
    return (root / "taskbooks").is_dir() or (root / "ankao.yaml").is_file()


# --- a workbook -----------------------------------------------------------------------------


def open_form(path: Path, shown: str) -> tuple[Form, Any]:
    """The form's identity and workbook; AnkaoError (exit 2) when it is no form ankao can read."""
    from ankao.load.identity import identity_of
    from ankao.load.xlsxsafe import custom_properties, open_workbook, read_xlsx

    data = read_xlsx(path, label=shown)
    identity = identity_of(custom_properties(data))
    wb = open_workbook(data, shown)
    document = identity.document if identity is not None else ""
    if identity is not None and document not in L.DOCUMENTS:
        raise AnkaoError(f"{shown} 是 ankao 生成的其他文档（{document}），不是填写表")
    if not document:
        if L.BASICS in wb.sheetnames:
            document = L.TASKBOOK
        elif L.ACTUALS_SHEET in wb.sheetnames:
            document = L.ACTUALS
        else:
            raise AnkaoError(
                f"{shown} 不是 ankao 的填写表（没有 ankao 的身份信息，也没有“{L.BASICS}”或"
                f"“{L.ACTUALS_SHEET}”工作表）：请用 ankao form 生成的表格填写"
            )
    units = identity.units if identity is not None else ()
    if len(units) > 1:
        raise AnkaoError(f"{shown} 记录了多个单位（{'、'.join(units)}），不是一个单位的填写表")
    year = None
    if document == L.ACTUALS:
        text = identity.extra.get("ankao.year", "") if identity is not None else ""
        year = int(text) if text.strip().isdigit() else _year_from_headers(wb)
        if year is None:
            raise AnkaoError(f"{shown} 看不出是哪一年的完成情况表（表头中没有“YYYY年完成值”）")
    form = Form(shown, document, identity, units[0] if units else "", year=year)
    if identity is None:
        form.add(
            None,
            "form-identity",
            "表格中没有 ankao 的身份信息（可能是复制出来的新文件），按表格中的单位读入，并按任务书的现状比较",
            Severity.WARNING,
        )
    if path.suffix.lower() == ".xlsm":
        form.add(
            None,
            "form-macros",
            "这是启用宏的工作簿（.xlsm）：只读取单元格中的数值，宏不会运行",
            Severity.WARNING,
        )
    return form, wb


def _year_from_headers(wb: Any) -> int | None:
    if L.ACTUALS_SHEET not in wb.sheetnames:
        return None
    ws = wb[L.ACTUALS_SHEET]
    for row in ws.iter_rows(min_row=1, max_row=L.HEADER_ROWS, values_only=True):
        for value in row:
            m = re.match(r"^\s*(\d{4})年完成值", str(value or ""))
            if m:
                return int(m.group(1))
    return None


def _intake_workbook(
    root: Path,
    path: Path,
    shown: str,
    repo: Repository | None,
    report: Report,
    *,
    config: Config,
    force: bool,
) -> Outcome:
    form, wb = open_form(path, shown)
    current = _current(repo, form.unit) if form.unit else None
    if current is not None:
        form.kind = current.kind
    outcome = Outcome(shown, form.document, form.unit, year=form.year)
    if form.document == L.ACTUALS:
        if current is None:
            raise AnkaoError(f"没有找到单位“{form.unit}”的任务书，无法读入它的完成情况表 {shown}")
        from ankao.forms.read_actuals import read_actuals

        read_actuals(form, wb, {t.id: t.quantitative for t in current.book.targets})
        _actuals(root, form, current, report, outcome, config=config)
        return outcome
    from ankao.forms.read import read_taskbook

    read_taskbook(form, wb)
    outcome.unit = form.unit
    if current is None and form.unit and repo is not None:
        current = _current(repo, form.unit)
    _taskbook(root, form, current, report, outcome, config=config, force=force)
    return outcome


@dataclass(slots=True)
class _Current:
    """A unit's book as it is now: its file, text, data and model."""

    path: Path
    shown: str
    text: str
    data: dict[str, Any]
    book: TaskBook

    @property
    def kind(self) -> str:
        return self.book.kind


def _current(repo: Repository | None, unit: str) -> _Current | None:
    """The unit's book in the working tree, or None when it has none; AnkaoError when it is broken."""
    if repo is None:
        return None
    from ankao.diff.revisions import book_path

    known = any(b.unit == unit for b in repo.books) or any(
        f.mapping.get("unit") == unit for f in repo.files("taskbook")
    )
    if not known:
        return None
    path, shown = book_path(repo, unit)
    book = repo.book(unit)  # a broken or twinned book: the usual message, exit 2
    text = path.read_text(encoding="utf-8")
    doc = _load(text, shown)
    return _Current(path, shown, text, doc.data, book)


def _load(text: str, shown: str) -> Any:
    from ankao.load.document import Document, load_bytes

    return load_bytes(text.encode("utf-8"), Document(shown))


def _refused(form: Form, report: Report) -> bool:
    """Move the form's findings into the report; True when any is an error (nothing is written)."""
    report.extend(form.findings)
    return any(f.severity is Severity.ERROR for f in form.findings)


def _taskbook(
    root: Path,
    form: Form,
    current: _Current | None,
    report: Report,
    outcome: Outcome,
    *,
    config: Config,
    force: bool,
) -> None:
    from ankao.forms.apply import apply_parts
    from ankao.forms.merge import merge, parts_of

    refused = _refused(form, report)
    if refused or form.kind is None:
        return
    kind = form.kind
    form_parts = parts_of(form.data, kind)
    order = [
        t["id"] for key in form.data["goals"] if key != "overall" for t in form.data["goals"][key]
    ]
    if current is None:
        text, shown, path = _new_book(root, form, report)
        if text is None:
            return
        current_parts: dict[str, Any] = parts_of(_load(text, shown).data, kind)
        merged = merge(current_parts, current_parts, form_parts)
    else:
        text, shown, path = current.text, current.shown, current.path
        current_parts = parts_of(current.data, kind)
        base = _base(form, current, report, force=force)
        if base is None:
            return
        merged = merge(base, current_parts, form_parts, force=force)
        if merged.conflicts and not force:
            for name in merged.conflicts:
                report.findings.append(_conflict(form, name))
            return
        outcome.forced = list(merged.conflicts)
        outcome.merged_office = list(merged.office)
        if not merged.changed:
            return
    from ankao.forms.yamledit import edit

    new_text = edit(text, lambda doc: apply_parts(doc, kind, merged.parts, merged.changed, order))
    after = _checked(new_text, shown, form, report, config)
    if after is None:
        return
    from ankao.load.files import make_folder, write_text

    make_folder(path.parent)
    write_text(path, new_text, overwrite=current is not None)
    outcome.written = shown
    outcome.created = current is None
    if current is not None:
        from ankao.diff.changes import diff_books

        outcome.diff = diff_books(current.book, after)


def _base(form: Form, current: _Current, report: Report, *, force: bool) -> dict[str, Any] | None:
    """The parts of the book the form was made from: now, or found in git by its fingerprint."""
    from ankao.forms.merge import parts_of

    mark = form.fingerprint
    if mark is None or mark == current.book.fingerprint:
        return parts_of(current.data, current.kind)
    data = committed_with(current.path, mark)
    if data is None:
        if force:
            return parts_of(current.data, current.kind)
        report.findings.append(
            form.at(
                None,
                "form-stale",
                f"这份表格依据的任务书版本（{mark[:19]}…）在 git 历史中找不到，无法分清哪些是办公室后来的修改，"
                f"没有读入；请重新用 ankao form 生成表格，或加 --force 以表格为准",
            )
        )
        return None
    report.findings.append(
        form.at(
            None,
            "form-stale",
            "这份表格依据的是任务书的较早版本：办公室此后的修改已保留，与表格中的修改合并",
            Severity.INFO,
        )
    )
    return parts_of(data, current.kind)


def committed_with(path: Path, fingerprint: str) -> dict[str, Any] | None:
    """The data of the newest committed version of `path` whose fingerprint is `fingerprint`."""
    from ankao.diff.git import git, history
    from ankao.model.build import fingerprint as fingerprint_of

    try:
        commits = history(path)
    except AnkaoError:
        return None
    for commit in commits:
        done = git(["show", "--no-textconv", f"{commit}:./{path.name}"], path.parent)
        if done.returncode != 0:
            continue
        doc = _load(done.stdout.decode("utf-8", "replace"), path.name)
        if isinstance(doc.data, dict) and fingerprint_of(doc.data) == fingerprint:
            return doc.data
    return None


def _conflict(form: Form, name: str) -> Finding:
    what = _part_label(name)
    return form.at(
        _part_place(form, name),
        "form-conflict",
        f"{what}在表格生成之后，办公室和单位都作了不同的修改，无法合并，没有读入；"
        "请核对后重新生成表格，或加 --force 以表格为准",
    )


def _part_label(name: str) -> str:
    if name.startswith("target:"):
        return f"目标 {name.removeprefix('target:')} "
    return {
        "term": "任期",
        "profile": "本单位自然情况",
        "overall": "任期总体目标",
        "members": "班子成员",
    }.get(name, name)


def _part_place(form: Form, name: str) -> Place | None:
    if name.startswith("target:"):
        return form.places.get(("target", name.removeprefix("target:"), "id"))
    item = {"term": L.START, "profile": L.PROFILE, "overall": L.OVERALL}.get(name)
    if item is not None:
        return form.places.get(("basics", item))
    if name == "members":
        return form.places.get(("member", 0, "name"))
    return None


def _new_book(root: Path, form: Form, report: Report) -> tuple[str | None, str, Path]:
    """The skeleton of a new unit's book (ankao new's header), where its file will be."""
    from ankao.load.files import safe_filename
    from ankao.load.yamlwrite import yaml_scalar
    from ankao.model.sections import target_sections

    unit = form.unit
    path = root / "taskbooks" / safe_filename(unit, ".yaml")
    shown = path.relative_to(root).as_posix()
    if path.exists():
        report.findings.append(
            form.at(
                form.places.get(("basics", L.UNIT)),
                "form-unit",
                f"{shown} 已存在，但其中不是“{unit}”的任务书，没有覆盖",
            )
        )
        return None, shown, path
    term = form.data["term"]
    text = (
        f"# yaml-language-server: $schema=../.ankao/schemas/{form.kind}.schema.json\n"
        f"# {unit}领导班子任期目标任务书（由 ankao intake 从单位填写的表格生成）\n"
        "\n"
        "schema_version: 1\n"
        f"kind: {form.kind}\n"
        f"unit: {yaml_scalar(unit)}\n"
        "term:\n"
        f"  start: {term['start']}\n"
        f"  end: {term['end']}\n"
        "\n"
        "members: []\n"
        "\n"
        "goals:\n"
        "  overall: ''\n"
        + "".join(f"  {key}: []\n" for key in target_sections(form.kind or "teaching"))
    )
    return text, shown, path


def _checked(text: str, shown: str, form: Form, report: Report, config: Config) -> TaskBook | None:
    """The new book's model once it loads and passes the schema; its problems at their cells otherwise.

    The rules of `ankao check` run too: their findings are reported on the book, and do not
    stop the writing (a draft may still miss what `check` asks for, as with `render`).
    """
    from ankao.repository.checking import Settings, check_document

    doc = _load(text, shown)
    result = check_document(doc, "taskbook", Settings(config=config, rules=True, models=True))
    errors = [
        f
        for f in result.findings
        if f.severity is Severity.ERROR and (f.code == "schema" or not _is_rule(f.code))
    ]
    if errors or result.book is None:
        for f in errors or result.findings:
            place = _place_of_path(form, doc.data, f.path)
            report.findings.append(form.at(place, f.code, f.message, f.severity))
        return None
    report.extend(result.findings)
    if shown not in report.files:
        report.files.append(shown)
    return result.book


def _is_rule(code: str) -> bool:
    from ankao.rules import RULES

    return code in {r.code for r in RULES}


_PATH = re.compile(r"\.?([^.\[\]]+)|\[(\d+)\]")


def _place_of_path(form: Form, data: Any, path: str) -> Place | None:
    """The form cell a data path of the new book came from (a schema finding's `path`)."""
    parts: list[Any] = [int(m.group(2)) if m.group(2) else m.group(1) for m in _PATH.finditer(path)]
    if not parts:
        return None
    if parts[0] == "goals" and len(parts) >= 3 and isinstance(parts[2], int):
        try:
            ident = data["goals"][parts[1]][parts[2]]["id"]
        except (KeyError, IndexError, TypeError):
            return None
        field_name = ".".join(str(p) for p in parts[3:5])
        return form.places.get(("target", ident, field_name)) or form.places.get(
            ("target", ident, "id")
        )
    if parts[0] == "members" and len(parts) >= 2:
        return form.places.get(("member", parts[1], parts[2] if len(parts) > 2 else "name"))
    item = {"profile": L.PROFILE, "term": L.START, "unit": L.UNIT}.get(str(parts[0]))
    if parts[:2] == ["goals", "overall"]:
        item = L.OVERALL
    return form.places.get(("basics", item)) if item else None


# --- an --actuals form ----------------------------------------------------------------------


def _actuals(
    root: Path, form: Form, current: _Current, report: Report, outcome: Outcome, *, config: Config
) -> None:
    from ankao.forms.apply import apply_actuals
    from ankao.forms.yamledit import edit

    if _refused(form, report):
        return
    assert form.year is not None
    year = form.year
    changed: list[str] = []

    def change(doc: Any) -> None:
        changed.extend(apply_actuals(doc, year, form.data["actuals"]))

    new_text = edit(current.text, change)
    if new_text == current.text:
        return
    after = _checked(new_text, current.shown, form, report, config)
    if after is None:
        return
    from ankao.load.files import write_text

    write_text(current.path, new_text)
    outcome.written = current.shown
    outcome.actuals = changed
