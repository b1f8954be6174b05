"""A 反馈表 the unit answered in Word: its 单位答复 column read into `reviews/<单位>/r<N>-response.yaml`.

The 反馈表 (`ankao comments merge -o`) is one table, one row per opinion; the
审核部门 cell ends with the opinion's comment ids in brackets（教务处-1、学工处-2）.
The columns are found by their header text, never by position, so a wider
单位答复 column or an instruction line above the table changes nothing. Each
answer's leading 采纳 / 部分采纳 / 不采纳 is the `answer`, the rest its `note`;
an empty cell leaves the opinion unanswered; any other text is a finding at
its row. The response file is created, or edited in place (its comments and
order kept) answer by answer.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ankao.errors import AnkaoError
from ankao.findings import Finding, Report, Severity

if TYPE_CHECKING:
    from ankao.forms.outcome import Outcome
    from ankao.load.config import Config
    from ankao.repository.repo import Repository

ANSWER_HEADER = "单位答复"
REVIEWER_HEADER = "审核部门"
ANSWERS = ("部分采纳", "不采纳", "采纳")
"""The answers, longest first (部分采纳 and 不采纳 end in 采纳)."""
_IDS = re.compile(r"[（(]([^（）()]+)[）)]\s*$")
_LEAD = " \t\n：:，,。.、；;-—"


@dataclass(frozen=True, slots=True)
class Answer:
    """One row's answer: the comment ids it answers, the answer, its note and its row."""

    ids: tuple[str, ...]
    answer: str
    note: str
    row: int


def split_answer(text: str) -> tuple[str, str] | None:
    """`采纳。已将目标值提高到3项` -> (采纳, 已将目标值提高到3项); None without a leading answer."""
    text = text.strip()
    for word in ANSWERS:
        if text.startswith(word):
            return word, text[len(word) :].strip(_LEAD)
    return None


def read_answers(document: Any, file: str) -> tuple[list[Answer], list[Finding]]:
    """The answers of a 反馈表's table, and a finding for every answer cell that is no answer."""
    findings: list[Finding] = []
    for number, table in enumerate(document.tables, start=1):
        rows = table.rows
        if not rows:
            continue
        headers = [c.text.strip() for c in rows[0].cells]
        if ANSWER_HEADER not in headers or REVIEWER_HEADER not in headers:
            continue
        answer_col, reviewer_col = headers.index(ANSWER_HEADER), headers.index(REVIEWER_HEADER)
        out: list[Answer] = []
        for index, row in enumerate(rows[1:], start=2):
            cells = row.cells
            if len(cells) <= max(answer_col, reviewer_col):
                continue
            m = _IDS.search(cells[reviewer_col].text.strip())
            if m is None or cells[0].grid_span >= len(cells):
                continue  # a section's heading row spans the table
            ids = tuple(i.strip() for i in re.split(r"[、,，\s]+", m.group(1)) if i.strip())
            text = cells[answer_col].text.strip()
            if not text:
                continue
            split = split_answer(text)
            if split is None:
                findings.append(
                    Finding(
                        file,
                        index,
                        answer_col + 1,
                        f"表格{number}!第{index}行“{ANSWER_HEADER}”",
                        "response-answer",
                        Severity.ERROR,
                        f"意见 {'、'.join(ids)} 的答复应以“采纳”“部分采纳”或“不采纳”开头，再写说明；"
                        f"这里是“{text[:30]}”",
                    )
                )
                continue
            out.append(Answer(ids, split[0], split[1], index))
        return out, findings
    raise AnkaoError(
        f"{file} 中没有带“{ANSWER_HEADER}”“{REVIEWER_HEADER}”表头的表格，不是 ankao 生成的审核意见反馈表"
    )


def intake_feedback(
    root: Path, path: Path, shown: str, repo: Repository | None, report: Report, *, config: Config
) -> Outcome:
    """Read a 反馈表's answers into the unit's response file of that round."""
    from docx import Document

    from ankao.forms.outcome import Outcome

    data, unit, number = _feedback_of(path, shown)
    outcome = Outcome(shown, "feedback", unit)
    try:
        document = Document(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - python-docx raises many kinds for a damaged file
        raise AnkaoError(f"{shown} 无法作为 Word 文档打开（{type(exc).__name__}）") from exc
    answers, findings = read_answers(document, shown)
    report.extend(findings)
    if findings:
        return outcome
    outcome.answers = len(answers)
    if not answers:
        return outcome
    from ankao.reviews.respond import response_path

    target = response_path(root, unit, number)
    shown_target = target.relative_to(root).as_posix()
    text = _response_text(target, unit, number)
    from ankao.forms.yamledit import edit

    new_text = edit(text, lambda doc: _apply(doc, answers))
    if new_text == text and target.exists():
        return outcome
    _write_response(target, shown_target, new_text, config)
    outcome.written = shown_target
    outcome.created = text != new_text and not target.exists()
    return outcome


def _feedback_of(path: Path, shown: str) -> tuple[bytes, str, int]:
    """The 反馈表's bytes, and the unit and round its ankao properties record (AnkaoError for
    a document that is not a 反馈表 ankao made)."""
    import zipfile

    from ankao.load.docxsafe import checked_docx
    from ankao.load.identity import CUSTOM_PART, identity_of, parse_properties

    data = checked_docx(path, what=shown)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        custom = archive.read(CUSTOM_PART) if CUSTOM_PART in archive.namelist() else b""
    identity = identity_of(parse_properties(custom)) if custom else None
    if (
        identity is None
        or identity.document != "feedback"
        or len(identity.units) != 1
        or not identity.round
    ):
        raise AnkaoError(
            f"{shown} 不是 ankao 生成的审核意见反馈表（没有记录单位和轮次）：请用 ankao comments merge -o 生成的反馈表填写答复"
        )
    return data, identity.units[0], identity.round


def _response_text(target: Path, unit: str, number: int) -> str:
    """The response file's text as it is, or a new one without answers."""
    if target.exists():
        return target.read_text(encoding="utf-8")
    from ankao.load.yamlwrite import yaml_scalar

    return (
        "# yaml-language-server: $schema=../../.ankao/schemas/response.schema.json\n"
        f"# {unit}对第 {number} 轮审核意见的答复（由 ankao intake 从反馈表读入）\n"
        f"unit: {yaml_scalar(unit)}\n"
        f"round: {number}\n"
        "answers: []\n"
    )


def _write_response(target: Path, shown: str, text: str, config: Config) -> None:
    """Write the response file once its new text passes the schema (AnkaoError otherwise)."""
    from ankao.load.document import Document as YamlDocument
    from ankao.load.document import load_bytes
    from ankao.repository.checking import Settings, check_document

    loaded = load_bytes(text.encode("utf-8"), YamlDocument(shown))
    problems = [
        f
        for f in check_document(loaded, "response", Settings(config=config)).findings
        if f.severity is Severity.ERROR
    ]
    if problems:
        raise AnkaoError(f"读入后的答复文件无法通过校验（{problems[0].message}），没有写入 {shown}")
    from ankao.load.files import make_folder, write_text

    make_folder(target.parent)
    write_text(target, text)


def _apply(doc: Any, answers: list[Answer]) -> None:
    from ankao.forms import yamledit as Y

    entries = doc.get("answers")
    if not isinstance(entries, list) or not entries:
        entries = Y.block_seq(entries)
        doc["answers"] = entries
    for a in answers:
        entry = None
        for e in entries:
            to = e.get("to") if hasattr(e, "get") else None
            named = {to} if isinstance(to, str) else set(to or [])
            if named & set(a.ids):
                entry = e
                break
        if entry is None:
            to_value: Any = a.ids[0] if len(a.ids) == 1 else Y.flow_seq(list(a.ids))
            entry = Y.block_map({"to": to_value})
            entries.append(entry)
        if entry.get("answer") != a.answer:
            entry["answer"] = a.answer
        if a.note and entry.get("note") != a.note:
            Y.put(entry, "note", Y.scalar(a.note), ("to", "answer", "note"))
        elif not a.note and entry.get("note") not in (None, ""):
            Y.drop(entry, "note")
