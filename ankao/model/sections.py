"""What a task book is made of: its kinds, sections, directions and aspects (SPEC §2).

The typed model (`ankao.model.book.TaskBook`) holds a book; this module names its
parts once, in the seed's order, so that the builder, the rules, the renderers
and the review tools all speak of sections the same way. The aspect lists are
read from the schema, their one source.
"""

from __future__ import annotations

from functools import cache

from ankao.load.kinds import KINDS as KINDS  # the model's vocabulary, owned by load.kinds
from ankao.model.direction import LABELS

SECTIONS: dict[str, tuple[tuple[str, str], ...]] = {
    "office": (
        ("overall", "本届班子任期总体目标"),
        ("party_building", "党建工作目标"),
        ("business", "具体业务工作目标"),
        ("institutions", "管理制度建设目标"),
        ("service_commitment", "服务教学中心工作承诺"),
        ("other", "其他目标"),
    ),
    "teaching": (
        ("overall", "本届班子任期总体目标"),
        ("party_building", "党建工作目标"),
        ("teaching", "教学工作目标"),
        ("research", "学科建设与科研工作目标"),
        ("faculty", "师资队伍建设工作目标"),
        ("students", "学生工作目标"),
        ("cooperation", "校企合作及国际合作交流工作目标"),
        ("social_service", "服务社会工作目标"),
        ("other", "其他目标"),
    ),
}
"""Sections of `goals` per kind, in the seed's order (附件 1)…9)), with their titles."""

DIRECTIONS: dict[str, str] = {str(d): label for d, label in LABELS.items()}
"""The Chinese word of each direction, by the word a book writes (owned by `ankao.model.direction`)."""

PHD_ASPECTS = ("博士引进", "博士培养")
"""Aspects of teaching `faculty` that must have quantitative targets (附件(二)3.5)."""

_ASPECT_DEFS = {
    ("office", "party_building"): "party_building_office",
    ("teaching", "party_building"): "party_building_teaching",
    ("teaching", "teaching"): "teaching_work",
    ("teaching", "research"): "research_work",
    ("teaching", "cooperation"): "cooperation_work",
}


def section_title(kind: str, key: str) -> str:
    """The Chinese title of a section key (`teaching` -> 教学工作目标)."""
    for k, title in SECTIONS.get(kind, ()):
        if k == key:
            return title
    for sections in SECTIONS.values():
        for k, title in sections:
            if k == key:
                return title
    return key


def target_sections(kind: str) -> list[str]:
    """The section keys that hold lists of targets (all but `overall`)."""
    return [k for k, _ in SECTIONS.get(kind, ()) if k != "overall"]


@cache
def aspects(kind: str, section: str) -> tuple[str, ...]:
    """The aspects the seed lists for a section (without 其他); empty where it lists none."""
    name = _ASPECT_DEFS.get((kind, section))
    if name is None:
        return PHD_ASPECTS if (kind, section) == ("teaching", "faculty") else ()
    from ankao.load.schemas import bundled

    enum = bundled(kind)["$defs"][name]["items"]["properties"]["aspect"]["anyOf"][0]["enum"]
    return tuple(a for a in enum if a != "其他")
