"""The stages of the procedure (四) and the order they follow (SPEC §7), pure.

consulted and team_meeting are optional and come first, in that order; then
unit_signed → supervisor_signed → submitted → reviewed (round 1) → revised →
(reviewed → revised again, round after round) → office_approved →
leader_approved → committee_approved → signed. No stage is skipped, none comes
twice except the review rounds, dates never go back.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Stage:
    """One stage: its key (SPEC §7), its full Chinese name and the short label tables show."""

    key: str
    name: str
    label: str
    """Short Chinese label; `{n}` stands for the round (reviewed, revised)."""
    clause: str
    optional: bool = False
    """May be passed over: the next stage may be recorded without it."""
    again: str | None = None
    """The earlier stage that may follow it once more (a revision goes back for review)."""


STAGES: tuple[Stage, ...] = (
    Stage(
        "consulted", "征求教授（专家）委员会、教职工代表意见", "征求意见", "六(三)", optional=True
    ),
    Stage("team_meeting", "领导班子会议研究制定", "班子会议研究", "四(三)1", optional=True),
    Stage("unit_signed", "党政主要负责人共同签字", "党政负责人签字", "四(三)1"),
    Stage("supervisor_signed", "主管校领导审核同意", "主管校领导审核", "四(三)1"),
    Stage("submitted", "报领导小组办公室", "报领导小组办公室", "四(三)1"),
    Stage("reviewed", "领导小组审核评议并提出修订意见", "第{n}轮审核", "四(三)2"),
    Stage(
        "revised", "按意见修改并经主管校领导审核签字", "第{n}轮修改", "四(三)3", again="reviewed"
    ),
    Stage("office_approved", "办公室审核", "办公室审核", "四(三)4"),
    Stage("leader_approved", "领导小组组长审核", "组长审核", "四(三)4"),
    Stage("committee_approved", "党委会审议通过", "党委会审议通过", "四(四)"),
    Stage("signed", "签署任期目标任务书", "已签署", "四(四)"),
)
BY_KEY = {s.key: s for s in STAGES}
ORDER = {s.key: i for i, s in enumerate(STAGES)}


def _after(index: int) -> tuple[str, ...]:
    """The stages that may come after the one at `index` in order: the next, and past it
    while the next may be passed over."""
    out: list[str] = []
    for stage in STAGES[index + 1 :]:
        out.append(stage.key)
        if not stage.optional:
            break
    return tuple(out)


FOLLOWING: dict[str | None, tuple[str, ...]] = {
    None: _after(-1),
    **{s.key: ((s.again,) if s.again else ()) + _after(i) for i, s in enumerate(STAGES)},
}
"""What may follow each stage (None: no stage yet), derived from the order of `STAGES`."""
ROUNDED = ("reviewed", "revised")
"""The stages that carry a review round."""

NOT_SUBMITTED = "未提交"
"""A unit listed in ankao.yaml without a task book."""
DRAFTING = "起草中"
"""A unit with a task book and no recorded stage yet."""

_ALIASES = {
    "征求意见": "consulted",
    "征求教授委员会意见": "consulted",
    "征求专家委员会意见": "consulted",
    "班子会议": "team_meeting",
    "领导班子会议": "team_meeting",
    "班子会议研究": "team_meeting",
    "签字": "unit_signed",
    "单位签字": "unit_signed",
    "党政负责人签字": "unit_signed",
    "主管校领导审核": "supervisor_signed",
    "主管校领导签字": "supervisor_signed",
    "报送": "submitted",
    "提交": "submitted",
    "报办公室": "submitted",
    "审核": "reviewed",
    "审核评议": "reviewed",
    "领导小组审核": "reviewed",
    "修改": "revised",
    "修订": "revised",
    "办公室审核通过": "office_approved",
    "组长审核": "leader_approved",
    "党委会": "committee_approved",
    "党委会审议": "committee_approved",
    "签署": "signed",
    "已签署": "signed",
}
_ROUND_LABEL = re.compile(r"^第\s*([0-9]+)\s*轮\s*(审核|审核评议|修改|修订)$")


def parse_stage(text: str) -> tuple[str, int | None]:
    """A stage named in English (SPEC §7) or Chinese -> (key, round named in it or None).

    `第2轮审核` gives ("reviewed", 2); unknown names raise ValueError.
    """
    name = text.strip()
    if name in BY_KEY:
        return name, None
    m = _ROUND_LABEL.match(name)
    if m:
        return ("reviewed" if m.group(2).startswith("审核") else "revised"), int(m.group(1))
    for stage in STAGES:
        if name in (stage.name, stage.label):
            return stage.key, None
    if name in _ALIASES:
        return _ALIASES[name], None
    raise ValueError(name)


def choices() -> str:
    """Every stage as `key（中文）`, in order, for help and error messages."""
    return "、".join(f"{s.key}（{s.name}）" for s in STAGES)


def label(key: str | None, round_: int | None = None) -> str:
    """The short Chinese label of a stage (`第2轮审核`), 起草中 when there is none."""
    if key is None:
        return DRAFTING
    stage = BY_KEY.get(key)
    if stage is None:
        return key
    return stage.label.format(n=round_ if round_ is not None else "?")


@dataclass(frozen=True, slots=True)
class Event:
    """One recorded stage of an approvals file."""

    stage: str
    date: str
    round: int | None = None
    index: int = 0
    """Its position in `events`."""
    fingerprint: str | None = None


@dataclass(frozen=True, slots=True)
class Next:
    """What may come next after some events: the stages allowed and the round of each."""

    stages: tuple[str, ...]
    round: int
    """The round a `reviewed` would open (revised stays in the round of its review)."""

    def describe(self) -> str:
        """The allowed stages in Chinese, e.g. “第2轮审核（reviewed）”或“办公室审核（office_approved）”."""
        if not self.stages:
            return "无（已签署，程序已完成）"
        parts = []
        for key in self.stages:
            n = self.round if key == "reviewed" else self.round - 1
            parts.append(f"“{label(key, n)}”（{key}）")
        return "或".join(parts)


def next_stages(events: Sequence[Event]) -> Next:
    """The stages that may follow `events` (assumed in order) and the next review round."""
    reviews = sum(1 for e in events if e.stage == "reviewed")
    last = events[-1].stage if events else None
    return Next(FOLLOWING.get(last, ()), reviews + 1)


@dataclass(frozen=True, slots=True)
class Refusal:
    """Why a stage cannot be recorded: a code of SPEC §3 style and a Chinese message."""

    code: str
    message: str


def check_event(
    events: Sequence[Event], stage: str, date: str, round_: int | None
) -> Refusal | None:
    """Whether `stage` on `date` (round `round_`, None = inferred) may follow `events`.

    Codes: `stage-order` (out of order, skipped or repeated), `stage-round` (a
    round other than the next one, or a round on a stage without rounds),
    `stage-date` (before the last recorded date).
    """
    allowed = next_stages(events)
    name = f"“{BY_KEY[stage].name}”（{stage}）"
    if stage not in allowed.stages:
        if not allowed.stages:
            return Refusal("stage-order", f"任务书已签署，程序已经完成，不能再记录{name}")
        done = any(e.stage == stage for e in events) and stage not in ROUNDED
        why = "已经记录过" if done else "不能在此时记录"
        return Refusal(
            "stage-order", f"环节顺序不对：{name}{why}；下一个环节应是{allowed.describe()}"
        )
    if round_ is not None:
        if stage not in ROUNDED:
            return Refusal(
                "stage-round", f"{name}没有轮次，只有审核（reviewed）和修改（revised）写 --round"
            )
        expected = allowed.round if stage == "reviewed" else allowed.round - 1
        if round_ != expected:
            return Refusal(
                "stage-round",
                f"轮次不对：这次应是第 {expected} 轮"
                f"{'审核' if stage == 'reviewed' else '修改'}，不是第 {round_} 轮",
            )
    if events and date < events[-1].date:
        last = events[-1]
        return Refusal(
            "stage-date",
            f"日期 {date} 早于上一个环节“{label(last.stage, last.round)}”的日期 "
            f"{last.date}；各环节的日期不能倒退",
        )
    return None


def event_round(events: Sequence[Event], stage: str) -> int | None:
    """The round a new `stage` event belongs to (reviewed opens one, revised closes it)."""
    if stage not in ROUNDED:
        return None
    n = next_stages(events).round
    return n if stage == "reviewed" else n - 1


def order_findings(events: Sequence[Event]) -> list[tuple[Event, Refusal]]:
    """Every event of a recorded list that could not have been recorded after the ones before it."""
    out = []
    for i, event in enumerate(events):
        refusal = check_event(events[:i], event.stage, event.date, event.round)
        if refusal is not None:
            out.append((event, refusal))
    return out
