"""Which department reviews which parts of a task book (`reviewers:` of `ankao.yaml`).

The defaults below are the same data as the commented defaults of
`templates/init/ankao.yaml.j2`; a test keeps the two equal.
"""

from __future__ import annotations

from ankao.load.config import Config

DEPARTMENTS: tuple[str, ...] = (
    "党政办公室",
    "组织部",
    "宣传部",
    "统战部",
    "纪检监察室",
    "学生工作部",
    "发展规划与质量监督处",
    "教务处",
    "科技处",
    "国际交流合作处",
    "人事处",
    "研究生学院",
)
"""The office's member departments, in the seed's order (三)."""

DEFAULT_REVIEWERS: dict[str, list[str]] = {
    "党政办公室": ["overall", "business", "institutions", "service_commitment", "other"],
    "组织部": ["members", "party_building"],
    "宣传部": ["party_building"],
    "统战部": ["party_building"],
    "纪检监察室": ["party_building"],
    "学生工作部": ["students"],
    "发展规划与质量监督处": ["profile", "overall", "business", "other"],
    "教务处": ["teaching", "service_commitment"],
    "科技处": ["research", "social_service"],
    "国际交流合作处": ["cooperation"],
    "人事处": ["faculty", "members"],
    "研究生学院": ["research", "faculty"],
}
"""Department -> the parts it reviews: section keys of `goals`, or `profile`, `members`."""


def routing(config: Config) -> dict[str, list[str]]:
    """The department -> parts map in force: `ankao.yaml` where it sets one, else the defaults."""
    return dict(config.reviewers) if config.reviewers is not None else dict(DEFAULT_REVIEWERS)


def reviewer_rank(name: str) -> tuple[int, str]:
    """Sort key of a department: the seed's order first, any other name after, by name."""
    try:
        return DEPARTMENTS.index(name), name
    except ValueError:
        return len(DEPARTMENTS), name
