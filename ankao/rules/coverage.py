"""Rules on what the book covers: every section, the listed aspects, the PhD targets."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from ankao.findings.codes import code
from ankao.model.sections import PHD_ASPECTS, aspects, section_title
from ankao.rules.base import Context, Hit, clause, rule

COVERED_SECTIONS = ("party_building", "teaching", "research")
"""Sections whose listed aspects must each have a target (SPEC §3 `aspect-coverage`)."""


@rule(code("section-empty"))
def section_empty(ctx: Context, options: Mapping[str, Any]) -> Iterator[Hit]:
    """Every target section but 其他目标 has at least one target.

    Seed 附件(一)2 and 附件(二)3 list the sections each task book sets goals in;
    only 其他目标 may be left empty.
    """
    for section in ctx.book.sections:
        key = section.key
        if key != "other" and not section.targets:
            yield Hit(
                ["goals", key],
                f"“{section_title(ctx.kind, key)}”还没有任何目标（{clause(ctx.kind, key)}）："
                "请至少制定一个目标，只有“其他目标”可以空着",
            )


@rule(code("aspect-coverage"))
def aspect_coverage(ctx: Context, options: Mapping[str, Any]) -> Iterator[Hit]:
    """Each aspect the seed lists for 党建、教学、学科建设与科研 has a target.

    Seed 附件(一)2.2 and 附件(二)3.2 (党建: 政治思想建设、党风廉政建设 … 等方面
    制定具体目标), 附件(二)3.3 (教学: 专业建设、课程建设 …), 附件(二)3.4
    (学科方向、基地、成果、队伍; 科研团队、项目、经费、成果、学术交流).
    """
    for key in COVERED_SECTIONS:
        listed = aspects(ctx.kind, key)
        section = ctx.book.section(key)
        if not listed or section is None or not section.targets:
            continue  # an empty section is `section-empty`, said once
        present = {a for t in section.targets for a in t.aspects}
        missing = [a for a in listed if a not in present]
        if missing:
            yield Hit(
                ["goals", key],
                f"“{section_title(ctx.kind, key)}”缺少以下方面的目标：{'、'.join(missing)}"
                f"（{clause(ctx.kind, key)}列出的方面）：请为每个方面至少制定一个目标"
                "（方面 aspect 写成上面的名称）",
            )


@rule(code("phd-targets"))
def phd_targets(ctx: Context, options: Mapping[str, Any]) -> Iterator[Hit]:
    """A teaching unit's faculty section has quantitative targets for 博士引进 and 博士培养.

    Seed 附件(二)3.5: 师资队伍建设工作目标（重点突出博士研究生引进和培养数量）.
    """
    if ctx.kind != "teaching":
        return
    faculty = [(t.index, t) for t in ctx.targets if t.section == "faculty"]
    if not faculty:
        return  # an empty section is `section-empty`, said once
    for aspect in PHD_ASPECTS:
        mine = [(i, t) for i, t in faculty if aspect in t.aspects]
        if any(t.quantitative for _, t in mine):
            continue
        if mine:
            index = mine[0][0]
            yield Hit(
                ["goals", "faculty", index],
                f"方面为“{aspect}”的目标没有量化指标（附件(二)3.5：重点突出博士研究生引进和培养"
                f"数量）：请加上量化指标（metric），写明{aspect}的人数",
            )
        else:
            yield Hit(
                ["goals", "faculty"],
                f"“师资队伍建设工作目标”没有“{aspect}”的定量目标（附件(二)3.5：重点突出博士研究生"
                f"引进和培养数量）：请增加一个方面（aspect）为“{aspect}”、带量化指标（metric）的目标",
            )
