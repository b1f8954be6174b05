"""`approvals/<单位>.yaml`: the recorded stages of a unit, and `ankao approve`, which appends one.

The office owns the file and may write comments in it; `approve` never
re-serialises what is there. It appends the new event as text right after the
last event, with the indentation the file already uses, checks that the
result reads back as the old events plus the new one and passes the schema,
and only then replaces the file atomically. The first `approve` of a unit
creates the file.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ankao.errors import AnkaoError
from ankao.findings import Finding, Report, Severity, errors_of
from ankao.load.config import Config
from ankao.load.files import safe_filename, write_bytes
from ankao.model.book import TaskBook
from ankao.repository.layout import unit_of

if TYPE_CHECKING:
    from ankao.procedure.gates import Gate
    from ankao.repository.repo import Repository

from ankao.procedure.stages import BY_KEY, Event, check_event, event_round, label, parse_stage

APPROVALS = "approvals"
_DATE = re.compile(r"^([0-9]{4})[-/.年]([0-9]{1,2})[-/.月]([0-9]{1,2})日?$")
_FINGERPRINT = re.compile(r"^sha256:[0-9a-f]{64}$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def approvals_path(root: Path, unit: str) -> Path:
    """`approvals/<单位>.yaml` of the repository at `root` (the name made safe)."""
    return root / APPROVALS / safe_filename(unit, ".yaml")


def events_of(data: Any) -> list[Event]:
    """The well-formed events of an approvals file's data, in file order."""
    items = data.get("events") if isinstance(data, dict) else None
    out: list[Event] = []
    if not isinstance(items, list):
        return out
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            continue
        stage, date = item.get("stage"), item.get("date")
        if stage not in BY_KEY or not isinstance(date, str):
            continue
        number = item.get("round")
        fp = item.get("fingerprint")
        out.append(
            Event(
                stage,
                date,
                number if isinstance(number, int) and not isinstance(number, bool) else None,
                index,
                fp if isinstance(fp, str) else None,
            )
        )
    return out


def rounds_of(events: Sequence[Event]) -> list[Event]:
    """The events with their review round filled in where the file leaves it out."""
    out: list[Event] = []
    for e in events:
        if e.stage in ("reviewed", "revised") and e.round is None:
            e = Event(e.stage, e.date, event_round(out, e.stage), e.index, e.fingerprint)
        out.append(e)
    return out


@dataclass(slots=True)
class Request:
    """What `ankao approve` was asked to record."""

    unit: str
    stage: str
    """As typed: an English key of SPEC §7 or a Chinese name (第2轮审核)."""
    date: str
    by: str | None = None
    note: str | None = None
    round: int | None = None
    force: bool = False
    """Record a gated stage past open required changes (`--force`, with a `--note`)."""
    today: datetime.date | None = None
    """The day dates may not lie after (default: today)."""


@dataclass(slots=True)
class Approved:
    """The outcome of `approve`: the report (refusals are errors in it) and what was written."""

    report: Report
    path: Path
    shown: str
    event: dict[str, Any] = field(default_factory=dict)
    """The event appended, as written (empty when it was refused)."""
    created: bool = False
    label: str = ""
    """The stage recorded, for reading (第1轮审核)."""

    @property
    def written(self) -> bool:
        return bool(self.event)


def valid_date(text: str) -> str:
    """The date as YYYY-MM-DD: 2025-3-6, 2025/3/6 and 2025年3月6日 are read as 2025-03-06.

    AnkaoError for anything else, and for a day that does not exist.
    """
    m = _DATE.match(text.strip())
    if not m:
        raise AnkaoError(f"日期应写成 YYYY-MM-DD（如 2025-03-10），不是“{text}”")
    try:
        return datetime.date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat()
    except ValueError:
        raise AnkaoError(f"没有这一天：{text}") from None


def approve(root: Path, request: Request, *, config: Config | None = None) -> Approved:
    """Append a stage to the unit's approvals file, or refuse it with findings (exit 1).

    One run at a time per unit: the lock beside the file is held from before the
    repository is read until the file is replaced (`ankao.procedure.safe_append`).
    """
    from ankao.procedure import safe_append

    safe_append.check_unit(request.unit)
    safe_append.check_text(request.by, "--by")
    safe_append.check_text(request.note, "--note")
    default = approvals_path(root, request.unit)
    with safe_append.locked(root, default, default.relative_to(root).as_posix()):
        return _approve(root, request, config=config)


def _approve(root: Path, request: Request, *, config: Config | None = None) -> Approved:
    from ankao.procedure import safe_append
    from ankao.repository.scan import scan

    stage, number = _stage_of(request)
    date = valid_date(request.date.strip())
    safe_append.check_date(date)
    repo = scan(root, config=config, rules=True)
    path = _record_path(repo, root, request.unit)
    shown = path.relative_to(root).as_posix()
    safe_append.check_target(root, path, shown)
    result = Approved(Report(files=[shown]), path, shown)

    book = _checked_book(repo, request.unit, result.report)
    record = next(
        (f for f in repo.files("approval") if Path(f.path).resolve() == path.resolve()), None
    )
    original: bytes | None = path.read_bytes() if path.is_file() else None
    if _record_refused(record, request.unit, shown, result.report) or book is None:
        return result
    events = rounds_of(events_of(record.data if record is not None else None))
    refusal = check_event(events, stage, date, number)
    if refusal is not None:
        mapping = record.mapping if record else {}
        result.report.extend([_refusal(shown, mapping, refusal.code, refusal.message, record)])
        return result
    checked = _gates(repo, request, stage, date, events, book, shown, record, result)
    if checked is None:
        return result
    event = _event(request, stage, date, event_round(events, stage), book, forced=checked.forced)
    result.report.extend(_change_warnings(events, stage, book, shown))
    if original is None:
        text = new_file_text(request.unit, event)
        expected: dict[str, Any] = {"unit": request.unit, "events": [event]}
    else:
        text = appended_text(original.decode("utf-8"), event, shown)
        old = record.mapping if record is not None else {}
        expected = {**old, "events": [*old.get("events", []), event]}
    _write(path, shown, text, expected, original, config or repo.config)
    result.event = event
    result.created = original is None
    result.label = label(stage, event.get("round"))
    return result


def _stage_of(request: Request) -> tuple[str, int | None]:
    """The stage asked for (its key) and its round: named in the stage or by `--round`."""
    try:
        stage, named_round = parse_stage(request.stage)
    except ValueError:
        from ankao.procedure.stages import choices

        raise AnkaoError(
            f"没有“{request.stage}”这个环节；可用的环节（英文或中文均可）：{choices()}"
        ) from None
    if named_round is not None and request.round is not None and named_round != request.round:
        raise AnkaoError(f"环节“{request.stage}”与 --round {request.round} 的轮次不一致")
    return stage, request.round if request.round is not None else named_round


def _record_refused(record: Any, unit: str, shown: str, report: Report) -> bool:
    """Whether the approvals file cannot take a new event (it has errors, or names another
    unit); the refusal goes into `report`."""
    if record is None:
        return False
    if not record.ok:
        report.extend(record.findings)
        report.extend(
            [
                _refusal(
                    shown,
                    record.mapping,
                    "approval-invalid",
                    f"{shown} 本身有错误，无法在其后追加；请先修正（ankao validate {shown}）",
                )
            ]
        )
        return True
    named = record.mapping.get("unit")
    if named != unit:
        report.extend(
            [
                record.finding(
                    ["unit"], "approval-unit", f"{shown} 记录的单位是“{named}”，不是“{unit}”"
                )
            ]
        )
        return True
    return False


def _event(
    request: Request, stage: str, date: str, number: int | None, book: TaskBook, *, forced: bool
) -> dict[str, Any]:
    """The event appended, its keys in the order they are written."""
    event: dict[str, Any] = {"stage": stage, "date": date}
    if number is not None:
        event["round"] = number
    for key, value in (("by", request.by), ("note", request.note)):
        if value is not None and value.strip():
            event[key] = _CONTROL.sub("", value.strip())
    if forced:
        event["forced"] = True
    event["fingerprint"] = book.fingerprint
    return event


def _write(
    path: Path,
    shown: str,
    text: str,
    expected: dict[str, Any],
    original: bytes | None,
    config: Config,
) -> None:
    """Replace the approvals file with `text` once it reads back as `expected`, passes the
    schema and fits the size limit, and the file is still as it was read."""
    from ankao.procedure import safe_append

    _verify(text, expected, shown, config)
    safe_append.check_size(text, config.max_file_size, shown)
    path.parent.mkdir(parents=True, exist_ok=True)
    if original is not None and path.read_bytes() != original:
        raise AnkaoError(f"{shown} 在记录期间被改动过，没有写入；请重新运行")
    write_bytes(path, text.encode("utf-8"), overwrite=original is not None)


def _gates(
    repo: Repository,
    request: Request,
    stage: str,
    date: str,
    events: Sequence[Event],
    book: TaskBook,
    shown: str,
    record: Any,
    result: Approved,
) -> Gate | None:
    """`procedure.gates` for this request: refusals go into the report (None: refused)."""
    from ankao.procedure.gates import gate

    today = request.today or datetime.date.today()
    checked = gate(
        repo, request.unit, stage, date, events, book, shown, today=today, force=request.force
    )
    result.report.extend(checked.warnings)
    if checked.refusals:
        mapping = record.mapping if record else {}
        result.report.extend(
            [_refusal(shown, mapping, code, message, record) for code, message in checked.refusals]
        )
        return None
    return checked


def _change_warnings(
    events: Sequence[Event], stage: str, book: TaskBook, shown: str
) -> list[Finding]:
    """What the office should know while recording: a book changed since the last stage, or a
    revision that changed nothing. The stage is recorded all the same (with today's fingerprint)."""
    last = next((e for e in reversed(events) if e.fingerprint), None)
    if last is None:
        return []
    before = label(last.stage, last.round)
    if stage == "revised" and last.fingerprint == book.fingerprint:
        return [
            Finding(
                shown,
                1,
                1,
                "",
                "revision-unchanged",
                Severity.WARNING,
                f"记录了“修改”，但任务书 {book.file} 与“{before}”（{last.date}）时相同，没有任何改动："
                "请核对单位是否已按审核意见修改（ankao diff）",
            )
        ]
    if stage not in ("revised", "reviewed") and last.fingerprint != book.fingerprint:
        return [
            Finding(
                shown,
                1,
                1,
                "",
                "changed-after-approval",
                Severity.WARNING,
                f"任务书 {book.file} 在“{before}”（{last.date}）之后又被改动过，本环节审核的是改动后的任务书："
                "请核对改动（ankao diff）",
            )
        ]
    return []


def _record_path(repo: Repository, root: Path, unit: str) -> Path:
    """The unit's approvals file: the one whose `unit:` names it, else `approvals/<单位>.yaml`."""
    mine = [f for f in repo.files("approval") if unit_of(f) == unit]
    if len(mine) > 1:
        names = "、".join(f.file for f in mine)
        raise AnkaoError(
            f"单位“{unit}”有 {len(mine)} 个程序记录文件（{names}），无法确定追加到哪一个；请合并为一个"
        )
    return Path(mine[0].path) if mine else approvals_path(root, unit)


def _checked_book(repo: Repository, unit: str, report: Report) -> TaskBook | None:
    """The unit's book when it passes `ankao check`; its errors go into `report` otherwise."""
    books = [b for b in repo.books if b.unit == unit]
    broken = [
        r
        for r in repo.results
        if r.kind == "taskbook"
        and r.book is None
        and r.loaded is not None
        and unit_of(r.loaded) == unit
    ]
    if not books and not broken:
        repo.book(unit)  # raises the usual "no such unit" message
    if len(books) > 1:
        repo.book(unit)  # raises: two books for one unit
    files = {b.file for b in books} | {r.file for r in broken}
    errors = [f for r in repo.results if r.file in files for f in r.findings]
    errors += [f for f in repo.findings if f.file in files]
    errors = errors_of(errors)
    if errors or not books:
        report.files.extend(sorted(files))
        report.extend(errors)
        shown = "、".join(sorted(files))
        report.extend(
            [
                Finding(
                    report.files[0],
                    1,
                    1,
                    "",
                    "book-errors",
                    Severity.ERROR,
                    f"任务书 {shown} 有 {len(errors)} 个错误，没有通过 ankao check，"
                    f"不能记录这一环节；请先修正（ankao check {shown}）",
                )
            ]
        )
        return None
    return books[0]


def _refusal(
    shown: str, data: dict[str, Any], code: str, message: str, record: Any = None
) -> Finding:
    """A refusal, located at the last event of the approvals file (line 1 when there is none)."""
    events = data.get("events") if isinstance(data, dict) else None
    if record is not None and isinstance(events, list) and events:
        return record.finding(["events", len(events) - 1], code, message)  # type: ignore[no-any-return]
    return Finding(shown, 1, 1, "", code, Severity.ERROR, message)


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str) and _DATE.match(value):
        return f"'{value}'"
    if isinstance(value, str) and _FINGERPRINT.match(value):
        return value  # plain `sha256:<hex>` reads back as the same string
    from ankao.load.yamlwrite import yaml_scalar

    return yaml_scalar(str(value))


def event_lines(event: dict[str, Any], dash: int, keys: int) -> list[str]:
    """The YAML lines of one event: `- stage: …` at column `dash`, the other keys at `keys`."""
    lines = []
    for i, (key, value) in enumerate(event.items()):
        prefix = " " * dash + "- " + " " * max(0, keys - dash - 2) if i == 0 else " " * keys
        lines.append(f"{prefix}{key}: {_scalar(value)}")
    return lines


def new_file_text(unit: str, event: dict[str, Any]) -> str:
    """A new approvals file holding one event."""
    from ankao.load.yamlwrite import yaml_scalar

    head = [
        "# yaml-language-server: $schema=../.ankao/schemas/approval.schema.json",
        f"# {unit}任期目标任务书确定程序记录（实施意见四），由领导小组办公室维护。",
        "# 新的环节用 ankao approve 追加（同时记下任务书的指纹）；可以在本文件中加注释，ankao 不会改动它们。",
        "",
        f"unit: {yaml_scalar(unit)}",
        "events:",
    ]
    return "\n".join([*head, *event_lines(event, 2, 4)]) + "\n"


def appended_text(text: str, event: dict[str, Any], shown: str) -> str:
    """`text` with `event` inserted after its last event; every existing byte kept."""
    from yaml.nodes import MappingNode, SequenceNode

    from ankao.load import yaml12
    from ankao.procedure.safe_append import composable

    root = yaml12.compose(composable(text))
    events = None
    if isinstance(root, MappingNode):
        for key, value in root.value:
            if getattr(key, "value", None) == "events":
                events = value
    newline = "\r\n" if "\r\n" in text else "\n"
    if _empty_list(events):
        # `events: []` (or `events:` with nothing): the first event replaces the empty value.
        assert events is not None
        start, end = events.start_mark.index, events.end_mark.index
        insert = newline.join(event_lines(event, 2, 4))
        return text[:start].rstrip(" ") + newline + insert + text[end:]
    if not isinstance(events, SequenceNode) or events.flow_style or not events.value:
        raise AnkaoError(
            f"{shown} 中的 events 不是块格式的列表（每个环节一行“- stage: …”），"
            "ankao 无法在不改动原文的情况下追加；请按示例改写后重试"
        )
    last = events.value[-1]
    first = events.value[0]
    dash = events.start_mark.column
    keys = first.start_mark.column if isinstance(first, MappingNode) else dash + 2
    if not text.endswith("\n"):
        text += newline
    lines = text.split("\n")
    end = last.end_mark
    at_line = end.line if end.column == 0 else end.line + 1
    offset = sum(len(line) + 1 for line in lines[:at_line])
    insert = newline.join(event_lines(event, dash, keys)) + newline
    return text[:offset] + insert + text[offset:]


def _empty_list(node: Any) -> bool:
    """`[]` or nothing at all as the value of `events:`."""
    from yaml.nodes import ScalarNode, SequenceNode

    if isinstance(node, SequenceNode):
        return bool(node.flow_style) and not node.value
    return isinstance(node, ScalarNode) and node.tag.endswith(":null") and node.value == ""


def _verify(text: str, expected: dict[str, Any], shown: str, config: Config) -> None:
    """The new text must read back as `expected` and pass the schema; else nothing is written."""
    from ankao.load.document import load_text
    from ankao.repository.checking import schema_set

    doc = load_text(text, shown)
    problems = errors_of(doc.findings)
    if doc.loaded:
        problems += schema_set(config).check(doc, "approval")
    if problems or doc.data != expected:
        why = problems[0].message if problems else "追加后的内容与预期不一致"
        raise AnkaoError(
            f"无法安全地在 {shown} 中追加环节（{why}），文件没有改动；请检查 events 列表的格式"
        )
