"""Consequences (五(三)2): a grade history -> what follows for each unit in a year (pure).

The grade scale and the rule table are data (`grades:` in `ankao.yaml`, with the
seed's rules as `DEFAULT_GRADES`): a rule fires when any of its conditions holds,
a condition being a grade held for `years` consecutive calendar years ending in
the year at hand (a missing year breaks the run) or a finding of a given type
that year. Every consequence carries the reason it fired, so a result can be
explained and audited.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ankao.model.grades import Conclusion, History, Year

DEFAULT_GRADES: dict[str, Any] = {
    "scale": ["优秀", "良好", "一般", "较差"],
    "finding_types": {
        "major_contribution": "作出重要贡献",
        "poor_functioning": "运行状况不好、凝聚力战斗力不强、不担当不作为、干部群众意见较大",
    },
    "consequences": [
        {
            "code": "reward",
            "text": "按照有关规定给予奖励",
            "basis": "领导班子作出重要贡献的，或者年度考核结果为优秀等次的，按照有关规定给予奖励",
            "when": [{"grade": "优秀"}, {"finding": "major_contribution"}],
        },
        {
            "code": "written_report",
            "text": "责成其向上级党组织写出书面报告，剖析原因、进行整改",
            "basis": "领导班子年度考核结果为一般等次的，应当责成其向上级党组织写出书面报告，剖析原因、进行整改",
            "when": [{"grade": "一般"}],
        },
        {
            "code": "adjust_principals",
            "text": "对主要负责人和相关责任人进行调整",
            "basis": "领导班子年度考核结果为较差或者连续两年为一般等次的，应当对主要负责人和相关责任人进行调整",
            "when": [{"grade": "较差"}, {"grade": "一般", "years": 2}],
        },
        {
            "code": "adjust_team",
            "text": "领导班子应当进行调整",
            "basis": "领导班子运行状况不好、凝聚力战斗力不强、不担当不作为、干部群众意见较大的，应当进行调整",
            "when": [{"finding": "poor_functioning"}],
        },
    ],
}
"""The seed's scale (五(二)2) and rules (五(三)2); `templates/init/ankao.yaml.j2` spells out the same."""


FEEDBACK = "个别谈话、工作通报、会议讲评等方式"
"""How results are fed back, in the seed's own words (五(三)1), for every consequence."""


@dataclass(frozen=True, slots=True)
class Condition:
    """One way a rule fires: a grade held `years` years running, or a finding type."""

    grade: str | None = None
    years: int = 1
    finding: str | None = None


@dataclass(frozen=True, slots=True)
class Rule:
    """One consequence kind: its code, Chinese text, quoted basis, feedback forms and conditions."""

    code: str
    text: str
    basis: str
    feedback: tuple[str, ...]
    """As `ankao.yaml` sets it; empty: the seed's words (`FEEDBACK`)."""
    when: tuple[Condition, ...]

    @property
    def feedback_text(self) -> str:
        """反馈方式 as the notice prints it: the configured forms, else 五(三)1's own words."""
        return "、".join(self.feedback) if self.feedback else FEEDBACK


@dataclass(frozen=True, slots=True)
class Policy:
    """The grade scale, the finding types (key -> Chinese) and the rule table."""

    scale: tuple[str, ...]
    finding_types: Mapping[str, str]
    rules: tuple[Rule, ...]


@dataclass(frozen=True, slots=True)
class Consequence:
    """A rule that fired for a unit, with the reasons it fired."""

    rule: Rule
    reasons: tuple[str, ...]

    def as_dict(self) -> dict[str, str]:
        """The JSON shape of SPEC §6."""
        return {"code": self.rule.code, "text": self.rule.text, "basis": self.rule.basis}


@dataclass(frozen=True, slots=True)
class Result:
    """A unit's grade and consequences in one year."""

    unit: str
    year: int
    grade: str | None
    findings: tuple[Conclusion, ...]
    consequences: tuple[Consequence, ...]

    def as_dict(self) -> dict[str, Any]:
        """The JSON record of SPEC §6."""
        return {
            "unit": self.unit,
            "year": self.year,
            "grade": self.grade,
            "consequences": [c.as_dict() for c in self.consequences],
        }


def policy_of(grades: Mapping[str, Any] | None = None) -> Policy:
    """The policy of a `grades:` config section; each key left out takes its default."""
    merged = {**DEFAULT_GRADES, **(grades or {})}
    rules = tuple(
        Rule(
            code=str(r["code"]),
            text=str(r["text"]),
            basis=str(r.get("basis", "")),
            feedback=tuple(str(f) for f in r.get("feedback", ())),
            when=tuple(
                Condition(
                    grade=c.get("grade"), years=int(c.get("years", 1)), finding=c.get("finding")
                )
                for c in r["when"]
            ),
        )
        for r in merged["consequences"]
    )
    return Policy(tuple(merged["scale"]), dict(merged["finding_types"]), rules)


def _holds(condition: Condition, unit: str, year: int, history: History) -> bool:
    if condition.finding is not None:
        record = history.get(year)
        return record is not None and any(
            f.unit == unit and f.type == condition.finding for f in record.findings
        )
    for y in range(year - condition.years + 1, year + 1):
        record = history.get(y)
        if record is None or record.grades.get(unit) != condition.grade:
            return False
    return True


def reason(condition: Condition, unit: str, year: int, history: History, policy: Policy) -> str:
    """Why a condition holds, in Chinese (the year at hand is implied): the grades, or the finding and its note."""
    if condition.finding is not None:
        label = policy.finding_types.get(condition.finding, condition.finding)
        record = history.get(year, Year())
        notes = [
            f.note
            for f in record.findings
            if f.unit == unit and f.type == condition.finding and f.note
        ]
        return f"考核结论：{label}" + (f"（{'；'.join(notes)}）" if notes else "")
    if condition.years == 1:
        return f"年度考核结果为{condition.grade}"
    years = "、".join(str(y) for y in range(year - condition.years + 1, year + 1))
    return f"{years}年连续{_count(condition.years)}年为{condition.grade}"  # no space: 公文 writes 2025年


def _count(n: int) -> str:
    """连续两年 (两 before a measure word), 连续三年, 连续十二年 …"""
    from ankao.formatting import numeral

    return "两" if n == 2 else numeral(n)


def problems(policy: Policy) -> list[tuple[tuple[str | int, ...], str]]:
    """Rule conditions naming a grade outside the scale or an unknown finding type (they would never fire)."""
    out: list[tuple[tuple[str | int, ...], str]] = []
    for i, rule in enumerate(policy.rules):
        for j, c in enumerate(rule.when):
            if c.grade is not None and c.grade not in policy.scale:
                out.append(
                    (
                        ("grades", "consequences", i, "when", j, "grade"),
                        f"规则 {rule.code} 的条件用了等次“{c.grade}”，它不在 grades.scale"
                        f"（{'、'.join(policy.scale)}）中，这条条件永远不会成立",
                    )
                )
            if c.finding is not None and c.finding not in policy.finding_types:
                out.append(
                    (
                        ("grades", "consequences", i, "when", j, "finding"),
                        f"规则 {rule.code} 的条件用了结论类型“{c.finding}”，它不在 grades.finding_types"
                        f"（{'、'.join(policy.finding_types)}）中，这条条件永远不会成立",
                    )
                )
    return out


def evaluate(unit: str, year: int, history: History, policy: Policy) -> Result:
    """The grade and consequences of one unit in one year, from the whole history."""
    record = history.get(year, Year())
    fired = []
    for rule in policy.rules:
        reasons = tuple(
            reason(c, unit, year, history, policy)
            for c in rule.when
            if _holds(c, unit, year, history)
        )
        if reasons:
            fired.append(Consequence(rule, reasons))
    findings = tuple(f for f in record.findings if f.unit == unit)
    return Result(unit, year, record.grades.get(unit), findings, tuple(fired))


def consequences(history: History, year: int, policy: Policy) -> list[Result]:
    """One result per unit graded or named in a finding in `year` (SPEC §6)."""
    record = history.get(year, Year())
    return [evaluate(unit, year, history, policy) for unit in record.units()]


def missing_years(history: History, until: int, policy: Policy) -> list[int]:
    """Years up to `until` missing between two years on record, where a rule asks for a run of years.

    Such a year breaks every "连续" across it (SPEC §6): `ankao consequences`
    says so instead of treating the units as not consecutive without a word.
    """
    if not any(c.years > 1 and c.grade is not None for r in policy.rules for c in r.when):
        return []
    years = sorted(y for y in history if y <= until)
    if len(years) < 2:
        return []
    return [y for y in range(years[0] + 1, years[-1]) if y not in history]


def latest_year(history: History) -> int | None:
    """The latest year with grades (else with findings); None when nothing is on record."""
    graded = [y for y, r in history.items() if r.grades]
    if graded:
        return max(graded)
    return max(history) if history else None


def timeline(history: History, policy: Policy, *, until: int | None = None) -> list[Result]:
    """Every year's results up to `until`, year by year: the `--history` view."""
    return [
        r
        for y in sorted(history)
        if until is None or y <= until
        for r in consequences(history, y, policy)
    ]


def units_of(results: Sequence[Result]) -> list[str]:
    """The units of some results, in first-seen order."""
    return list(dict.fromkeys(r.unit for r in results))
