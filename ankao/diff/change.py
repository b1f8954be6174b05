"""One change between two versions of a book: what changed, where, and whether it strengthens or weakens the book (SPEC §6)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

STRENGTHENED = "strengthened"


WEAKENED = "weakened"


NEUTRAL = "neutral"


CLASS_LABELS = {STRENGTHENED: "加强", WEAKENED: "减弱", NEUTRAL: "中性"}
"""The Chinese word for each class of change."""


ADDED = "added"


REMOVED = "removed"


CHANGED = "changed"


RENUMBERED = "renumbered"
"""A target whose content moved to a new id (SPEC §4), with `previous_id`."""


FIELD_TITLES = {
    "target": "目标",
    "id": "编号",
    "section": "所属部分",
    "aspect": "方面",
    "content": "目标内容",
    "metric": "量化指标",
    "metric.name": "指标名称",
    "metric.unit": "计量单位",
    "metric.baseline": "基数",
    "metric.target": "目标值",
    "metric.direction": "方向",
    "criteria": "验收标准",
    "owner": "责任人",
    "term": "任期",
    "profile": "本单位自然情况",
    "overall": "本届班子任期总体目标",
    "members": "本届领导班子成员及分工",
}
"""Chinese titles of the fields a change names (`metric.milestones.<年>` aside)."""


def field_title(field: str) -> str:
    """The Chinese title of a change's field (`metric.milestones.2025` -> 2025年度进度)."""
    if field.startswith("metric.milestones."):
        return f"{field.rsplit('.', 1)[1]}年度进度"
    return FIELD_TITLES.get(field, field)


@dataclass(frozen=True, slots=True)
class Change:
    """One difference between two versions of a book, classed."""

    id: str | None
    """The target's id; None for a change of the book itself (members, term, …)."""
    section: str
    """The section key (the later one for a moved target), or members / term / profile / overall."""
    field: str
    """`target` for an added or removed target, else the field: `metric.target`, `content`, …"""
    before: str | None
    after: str | None
    cls: str
    """strengthened, weakened or neutral."""
    change: str
    """added, removed or changed."""
    note: str
    """说明: what changed and why it is classed so, in Chinese."""
    previous_id: str | None = None
    """For `renumbered`: the id the target had before."""

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape of a change (`class` is the contract's key; `previous_id` for renumbered)."""
        out = {
            "id": self.id,
            "section": self.section,
            "field": self.field,
            "before": self.before,
            "after": self.after,
            "class": self.cls,
            "change": self.change,
            "note": self.note,
        }
        if self.previous_id is not None:
            out["previous_id"] = self.previous_id
        return out


def clean_text(value: str | None) -> str | None:
    """Text as compared: surrounding whitespace (a block scalar's last newline) is formatting."""
    if value is None:
        return None
    stripped = value.strip()
    return stripped or None


def text_change(
    ident: str | None, section: str, field: str, before: str | None, after: str | None
) -> Change:
    title = field_title(field)
    if clean_text(before) is None:
        note = f"补充了{title}"
    elif clean_text(after) is None:
        note = f"删去了{title}"
    else:
        note = f"{title}文字有改动"
    return Change(
        ident, section, field, clean_text(before), clean_text(after), NEUTRAL, CHANGED, note
    )
