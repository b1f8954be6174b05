"""The 考核结果运用 notice (通报) of a year: one section per consequence kind, its units, basis and feedback.

Written with the shared `ankao.rendering.base` writer on the repository's
reference.docx, so it has the task book's typography. Sections follow the rule
table's order; a kind no unit falls under that year is left out.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ankao.config import Config
from ankao.consequences import Policy, Result

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument

PLACEHOLDER_SCHOOL = "（请填写学校名称）"
FEEDBACK_CLAUSE = (
    "考核结果采取个别谈话、工作通报、会议讲评等方式，实事求是地向领导班子和领导干部反馈，"
    "肯定成绩，指出不足，督促整改，传导压力，激发动力"
)
"""五(三)1, quoted at the end of the notice."""

_DIGITS = "零一二三四五六七八九"


def numeral(n: int) -> str:
    """1 -> 一, 10 -> 十, 12 -> 十二, 20 -> 二十 (section numbers up to 99)."""
    if n < 10:
        return _DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[ones] if ones else "")


def _rules_document(config: Config | None) -> str:
    school = config.school if config and config.school and config.school != PLACEHOLDER_SCHOOL else None
    name = "中层领导班子任期目标考核工作实施意见（试行）"
    return f"《中共{school}委员会{name}》" if school else f"《{name}》"


def build_notice(results: Sequence[Result], policy: Policy, year: int,
                 config: Config | None = None) -> DocxDocument:
    """The notice as a python-docx document."""
    from ankao.rendering.base import Writer, open_reference

    doc = open_reference(config)
    w = Writer(doc)
    w.title(f"关于{year}年度中层领导班子考核结果运用情况的通报")
    rules_doc = _rules_document(config)
    w.paragraph(
        f"根据{rules_doc}五(三)“结果运用”的规定，依据{year}年度考核结果和专项考核、平时考核结论，"
        f"现将各单位领导班子考核结果运用情况通报如下。"
    )
    section = 0
    for rule in policy.rules:
        rows = [(r, c) for r in results for c in r.consequences if c.rule.code == rule.code]
        if not rows:
            continue
        section += 1
        w.heading(1, f"{numeral(section)}、{rule.text}")
        w.paragraph(f"依据：{rules_doc}五(三)2 规定，“{rule.basis}”。")
        w.table(
            ["序号", "单位", "年度考核等次", "认定情况"],
            [[str(i), r.unit, r.grade or "—", "；".join(c.reasons)] for i, (r, c) in enumerate(rows, 1)],
            widths=[0.7, 2.2, 1.6, 5.0],
        )
        if rule.feedback:
            w.paragraph(f"反馈方式：{'、'.join(rule.feedback)}。")
    if not section:
        w.paragraph(f"{year}年度没有需要运用考核结果的单位。")
    w.paragraph(f"{FEEDBACK_CLAUSE}。各单位要对照考核结果，肯定成绩、正视不足，认真抓好整改落实。")
    w.paragraph("中层领导班子任期目标考核工作领导小组办公室", "Signature", align="right")
    w.paragraph("年    月    日", "Signature", align="right")
    return doc


def write_notice(path: Path, results: Sequence[Result], policy: Policy, year: int,
                 config: Config | None = None) -> None:
    """Render the notice to `path` atomically; an existing file is never overwritten."""
    from ankao.rendering.base import save

    save(build_notice(results, policy, year, config), path, overwrite=False)
