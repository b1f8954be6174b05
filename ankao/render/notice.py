"""The 考核结果运用 notice (通报) of a year: one section per consequence kind, its units, basis and feedback.

Written with the shared `ankao.render.base` writer on the repository's
reference.docx, so it has the task book's typography. Sections follow the rule
table's order; a kind no unit falls under that year is left out. The title
breaks between words into balanced lines; the rules document is named in full
once, each consequence's basis quoted once (a unit's row names only what was
found about it); the 落款 is the school's office and the date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ankao.formatting import numeral
from ankao.grades.consequences import Policy, Result
from ankao.load.config import Config

if TYPE_CHECKING:
    from ankao.render.package import Draft

PLACEHOLDER_SCHOOL = "（请填写学校名称）"
FEEDBACK_CLAUSE = (
    "考核结果采取个别谈话、工作通报、会议讲评等方式，实事求是地向领导班子和领导干部反馈，"
    "肯定成绩，指出不足，督促整改，传导压力，激发动力"
)
"""五（三）1, quoted at the end of the notice."""

TITLE_WORDS = ("关于", "{year}年度", "中层领导班子", "考核结果", "运用情况", "的通报")
"""The title's words: it breaks only between them (GB/T 9704: 词意完整，排列对称)."""
TITLE_LINE_EMS = 18.0
"""A title line longer than this (in ems of 小标宋 2号 on A4) is broken."""
OFFICE = "中层领导班子任期目标考核工作领导小组办公室"
ADDRESSEES = "各单位："
"""主送 (GB/T 9704 7.2.4): the units the notice is sent to."""


def ems(text: str) -> float:
    """Width in ems: a CJK or full-width character is 1, a digit or Latin letter ½."""
    return sum(1.0 if ord(ch) > 0x2E7F else 0.5 for ch in text)


def balanced_lines(words: Sequence[str], width: float = TITLE_LINE_EMS) -> list[str]:
    """Join `words` into as few lines of at most `width` ems as possible, the lines as even as possible."""
    words = [w for w in words if w]
    whole = "".join(words)
    if ems(whole) <= width or len(words) < 2:
        return [whole]
    for count in range(2, len(words) + 1):
        best: tuple[float, list[str]] | None = None
        for cuts in _cuts(len(words), count):
            lines = [
                "".join(words[a:b]) for a, b in zip((0, *cuts), (*cuts, len(words)), strict=True)
            ]
            sizes = [ems(line) for line in lines]
            if max(sizes) > width:
                continue
            spread = max(sizes) - min(sizes)
            if best is None or spread < best[0]:
                best = (spread, lines)
        if best is not None:
            return best[1]
    return words


def _cuts(n: int, count: int) -> list[tuple[int, ...]]:
    """Every way of cutting n words into `count` non-empty lines (cut positions)."""
    from itertools import combinations

    return list(combinations(range(1, n), count - 1))


def _rules_document(config: Config | None) -> str:
    school = (
        config.school if config and config.school and config.school != PLACEHOLDER_SCHOOL else None
    )
    name = "中层领导班子任期目标考核工作实施意见（试行）"
    return f"《中共{school}委员会{name}》" if school else f"《{name}》"


def _school(config: Config | None) -> str | None:
    school = config.school if config is not None else None
    return school if school and school != PLACEHOLDER_SCHOOL else None


def _finding(reason: str, basis: str, policy: Policy) -> str:
    """A finding's reason without the words the basis just quoted (each basis is quoted once)."""
    for label in policy.finding_types.values():
        prefix = f"考核结论：{label}"
        if reason.startswith(prefix) and label in basis:
            rest = reason[len(prefix) :].strip()
            if rest.startswith("（") and rest.endswith("）"):
                rest = rest[1:-1]
            return f"考核结论：{rest}" if rest else "考核结论认定"
    return reason


def office_signature(config: Config | None) -> str:
    """The 署名 of the office's documents: <school>中层领导班子任期目标考核工作领导小组办公室."""
    school = _school(config)
    return f"{school}{OFFICE}" if school else OFFICE


def chinese_date(day: dt.date) -> str:
    """2026年3月1日 (成文日期, GB/T 9704: Arabic numerals)."""
    return f"{day.year}年{day.month}月{day.day}日"


def build_notice(
    results: Sequence[Result],
    policy: Policy,
    year: int,
    config: Config | None = None,
    date: dt.date | None = None,
) -> Draft:
    """The notice as a python-docx document."""
    from ankao.render.base import Writer, describe, identify, open_draft
    from ankao.render.identity import properties
    from ankao.render.signing import closing

    doc = open_draft(config)
    w = Writer(doc)
    title = balanced_lines([word.format(year=year) for word in TITLE_WORDS])
    w.title("\n".join(title))
    rules_doc = _rules_document(config)
    w.paragraph(ADDRESSEES, "Signature")  # 主送: flush left, no first-line indent
    w.paragraph(
        f"根据{rules_doc}（以下简称《实施意见》）五（三）“结果运用”的规定，依据{year}年度考核结果和专项考核、"
        f"平时考核结论，现将各单位领导班子考核结果运用情况通报如下。"
    )
    section = 0
    units: list[str] = []
    for rule in policy.rules:
        rows = [(r, c) for r in results for c in r.consequences if c.rule.code == rule.code]
        if not rows:
            continue
        section += 1
        units.extend(r.unit for r, _ in rows if r.unit not in units)
        w.heading(1, f"{numeral(section)}、{rule.text}")
        w.paragraph(f"《实施意见》五（三）2规定：“{rule.basis}”。")
        w.table(
            ["序号", "单位", "年度考核等次", "认定情况"],
            [
                [
                    str(i),
                    r.unit,
                    r.grade or "—",
                    "；".join(_finding(x, rule.basis, policy) for x in c.reasons),
                ]
                for i, (r, c) in enumerate(rows, 1)
            ],
            widths=[0.7, 2.2, 1.6, 5.0],
        )
        w.paragraph(f"反馈方式：{rule.feedback_text}。")
    if not section:
        w.paragraph(f"{year}年度没有需要运用考核结果的单位。")
    w.paragraph(f"{FEEDBACK_CLAUSE}。各单位要对照考核结果，肯定成绩、正视不足，认真抓好整改落实。")
    closing(w, office_signature(config), chinese_date(date or dt.date.today()))
    describe(doc, config, title="\n".join(title).replace("\n", ""), subject="考核结果运用通报")
    identify(doc, properties("notice", units=units, term=str(year)))
    return doc


def write_notice(
    path: Path,
    results: Sequence[Result],
    policy: Policy,
    year: int,
    config: Config | None = None,
    date: dt.date | None = None,
) -> None:
    """Render the notice to `path` atomically; an existing file is never overwritten."""
    from ankao.render.reference import save

    save(build_notice(results, policy, year, config, date), path, overwrite=False)
