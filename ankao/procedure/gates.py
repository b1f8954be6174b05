"""What must hold before `ankao approve` records a stage, beyond the order of SPEC §7.

- **No date after today** (`stage-date`): a 2042 typed for 2024 would stand in
  the record for good.
- **No approval past an open required change** (`required-open`):
  `office_approved` and every later stage are refused while the unit has a
  必须修改 comment without an answer, or answered 采纳 / 部分采纳 and not acted
  on — judged as `ankao diff --round N` judges it, the book of round N's
  `reviewed` event against the book now. The office may decide otherwise with
  `--force` and a `--note`; the event records `forced: true`. Where it cannot
  be told (no fingerprint on that event, its version not in git, the comment's
  quote no longer on its target: `unclear`), the stage is recorded with a
  warning `required-unverified` naming each such comment — never silently.
- **Steps before signing** (`steps-before-signing`, a warning by default):
  四(三)1 has the book studied at a 领导班子会议 (`team_meeting`) and 六(三)
  has opinions heard (`consulted`) before the principals sign (`unit_signed`);
  configured as `error`, it refuses the signing like any other refusal.

Kept apart from `approvals` (which reads and appends the file) so each can
change without the other.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ankao.findings import Finding, Severity
from ankao.model.book import TaskBook
from ankao.procedure.stages import ORDER, Event, label

if TYPE_CHECKING:
    from ankao.load.config import Config
    from ankao.repository.repo import Repository

GATED_FROM = "office_approved"
"""The first stage that no open required change may pass."""
REQUIRED = "必须修改"
STEPS_BEFORE_SIGNING = ("team_meeting", "consulted")

UNANSWERED = "未答复"
NOT_ACTED_ON = "答复采纳，但任务书中没有相应修改"


@dataclass(frozen=True, slots=True)
class OpenChange:
    """A 必须修改 comment that still stands in the way of approval, and why."""

    round: int
    id: str
    reviewer: str
    ref: str
    why: str
    unclear: bool = False
    """True when whether it was acted on cannot be told (a warning, not a refusal)."""

    def describe(self) -> str:
        """`第1轮 教务处-1（教务处，JX-02）：未答复`."""
        return f"第{self.round}轮 {self.id}（{self.reviewer}，{self.ref}）：{self.why}"


def future_date(date: str, today: datetime.date) -> str | None:
    """The refusal message for a date after `today`, else None."""
    if date <= today.isoformat():
        return None
    return (
        f"日期 {date} 晚于今天（{today.isoformat()}）：程序记录只记已经发生的环节；"
        "请核对年份和日期（例如把 2024 误写成 2042）"
    )


def gated(stage: str) -> bool:
    """Whether `stage` is `office_approved` or later (no open required change may pass)."""
    return ORDER[stage] >= ORDER[GATED_FROM]


def missing_steps(events: Sequence[Event]) -> list[str]:
    """The steps before signing (`team_meeting`, `consulted`) not recorded in `events`."""
    done = {e.stage for e in events}
    return [s for s in STEPS_BEFORE_SIGNING if s not in done]


def steps_warning(events: Sequence[Event], shown: str, config: Config) -> list[Finding]:
    """`steps-before-signing` for a `unit_signed` recorded without its steps before it."""
    severity = config.severity("steps-before-signing", Severity.WARNING)
    missing = missing_steps(events)
    if severity is None or not missing:
        return []
    names = "、".join(f"“{label(s)}”（{s}）" for s in missing)
    return [
        Finding(
            shown,
            1,
            1,
            "",
            "steps-before-signing",
            severity,
            f"记录“党政负责人签字”之前没有{names}的记录：四(三)1 要求任务书经领导班子会议研究制定，"
            "六(三) 要求广泛听取教授（专家）委员会、教职工代表的意见；请补记这些环节或在备注中说明",
        )
    ]


def open_changes(
    repo: Repository, unit: str, book: TaskBook, events: Sequence[Event]
) -> list[OpenChange]:
    """Every 必须修改 comment of `unit`, in any round, still open: unanswered, or accepted and not
    acted on (or not to be told: `unclear`)."""
    from ankao.repository.unitreviews import unit_rounds

    out: list[OpenChange] = []
    for number, files in unit_rounds(repo, unit).items():
        answers: dict[str, str] = {}
        for f in files:
            if f.is_response:
                for _, entry in f.entries():
                    answers.setdefault(entry["to"], str(entry["answer"]).strip())
        required = [
            (f, entry)
            for f in files
            if not f.is_response
            for _, entry in f.entries()
            if entry.get("kind") == REQUIRED
        ]
        if not required:
            continue
        judge = _Judge(repo, book, events, number)
        for f, entry in required:
            answer = answers.get(entry["id"], "")
            why: tuple[str, bool] | None = None
            if not answer:
                why = (UNANSWERED, False)
            elif answer in ("采纳", "部分采纳"):
                why = judge.why_open(entry, answer)
            if why is not None:
                out.append(OpenChange(number, entry["id"], f.reviewer, entry["ref"], *why))
    return out


class _Judge:
    """Was an accepted comment of round N acted on? The book of round N's review against now."""

    def __init__(
        self, repo: Repository, book: TaskBook, events: Sequence[Event], number: int
    ) -> None:
        self.repo, self.book, self.number = repo, book, number
        reviewed = [e for e in events if e.stage == "reviewed" and e.round == number]
        self.fingerprint = reviewed[-1].fingerprint if reviewed else None
        self._diff: object | None = None
        self._unclear: str | None = None
        self._done = False

    def _load(self) -> None:
        """The diff from the reviewed version to the book now, or why there is none."""
        if self._done:
            return
        self._done = True
        if self.fingerprint is None:
            self._unclear = f"没有第{self.number}轮审核（reviewed）的记录，无法核实是否已修改"
            return
        if self.fingerprint == self.book.fingerprint:
            return  # nothing changed since the review: no diff needed
        from ankao.diff.approved import version_with
        from ankao.diff.changes import diff_books

        path = Path(self.book.source)
        before = version_with(path, self.book.file, self.fingerprint, self.repo.config)
        if before is None:
            self._unclear = f"git 中找不到第{self.number}轮审核时的任务书版本，无法核实是否已修改（ankao diff --round）"
            return
        self._diff = diff_books(before, self.book)

    def why_open(self, entry: dict[str, object], answer: str) -> tuple[str, bool] | None:
        """None when the comment was acted on; else why it is open, and whether that is unclear."""
        from ankao.model.quotes import quote_moved

        moved = quote_moved(self.book, entry)
        if moved is not None:
            return f"答复“{answer}”，但{moved}，无法核实是否已修改", True
        self._load()
        if self._unclear is not None:
            return self._unclear, True
        if self.fingerprint == self.book.fingerprint:
            return f"答复“{answer}”，但第{self.number}轮审核以来任务书没有任何改动", False
        from ankao.diff.changes import BookDiff

        assert isinstance(self._diff, BookDiff)
        if self._diff.touches(str(entry["ref"])):
            return None
        return f"答复“{answer}”，但任务书中{entry['ref']}没有相应修改", False


def open_changes_message(changes: Sequence[OpenChange], stage: str) -> str:
    """The refusal: the stage, then each open required change."""
    listed = "；".join(c.describe() for c in changes)
    return (
        f"还有 {len(changes)} 条“必须修改”的审核意见没有落实，不能记录“{label(stage)}”（{stage}）：{listed}。"
        "请单位答复并修改后再记录；办公室确需先行通过的，加 --force 并用 --note 写明理由"
    )


@dataclass(slots=True)
class Gate:
    """What the gates say about one `approve`: refusals (errors), warnings, and a forced pass."""

    refusals: list[tuple[str, str]]
    """(code, message) of each refusal; the caller places them in the approvals file."""
    warnings: list[Finding]
    forced: bool = False


def gate(
    repo: Repository,
    unit: str,
    stage: str,
    date: str,
    events: Sequence[Event],
    book: TaskBook,
    shown: str,
    *,
    today: datetime.date,
    force: bool = False,
) -> Gate:
    """The checks of this module for recording `stage` on `date` after `events`."""
    out = Gate([], [])
    late = future_date(date, today)
    if late is not None:
        out.refusals.append(("stage-date", late))
        return out
    if stage == "unit_signed":
        for f in steps_warning(events, shown, repo.config):
            if f.severity is Severity.ERROR:  # configured as error: a refusal, nothing written
                out.refusals.append((f.code, f.message))
            else:
                out.warnings.append(f)
    if gated(stage):
        found = open_changes(repo, unit, book, events)
        changes = [c for c in found if not c.unclear]
        unclear = [c for c in found if c.unclear]
        if unclear:
            out.warnings.append(
                Finding(
                    shown,
                    1,
                    1,
                    "",
                    "required-unverified",
                    Severity.WARNING,
                    f"{len(unclear)} 条“必须修改”的意见答复采纳，但无法核实是否已修改，请人工核对："
                    + "；".join(c.describe() for c in unclear),
                )
            )
        if changes and not force:
            out.refusals.append(("required-open", open_changes_message(changes, stage)))
        elif changes:
            out.forced = True
            out.warnings.append(
                Finding(
                    shown,
                    1,
                    1,
                    "",
                    "required-open",
                    Severity.WARNING,
                    f"按 --force 记录“{label(stage)}”，事件中记下 forced: true；仍未落实的“必须修改”意见："
                    + "；".join(c.describe() for c in changes),
                )
            )
    return out
