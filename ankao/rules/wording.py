"""Rules on what the text says: acceptance criteria, vague wording, the profile's length."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from ankao.findings import PathPart
from ankao.findings.codes import code
from ankao.model.book import Target
from ankao.rules.base import Context, Hit, quote, rule

VAGUE_WORDS = (
    "进一步",
    "不断",
    "努力",
    "力争",
    "积极",
    "持续",
    "逐步",
    "大力",
    "切实",
    "着力",
    "稳步",
    "尽快",
    "明显",
)
"""The default word list of `vague-wording`, as in templates/init/ankao.yaml.j2."""

_MEASURES = (
    "个|项|次|篇|门|人次|人|名|万元|元|场|期|份|本|部|家|所|届|支|间|种|套|条|处|件|台|"
    "学时|课时|小时|天|周|个月|月|年|学期|轮|倍|册|节|班|课|级|%|％"
)
_CHECKABLE = re.compile(
    r"[0-9０-９]"  # a number, a year, a date, a percentage
    r"|《[^》]+》"  # a named document: 《……办法》
    rf"|[零〇一二两三四五六七八九十][零〇一二两三四五六七八九十百千万]*(?:{_MEASURES})"  # 三项, 二〇二六年
)


def checkable(text: str) -> bool:
    """True when the text holds something a reviewer can check: a number, a date, a 《document》 or a count."""
    return _CHECKABLE.search(text) is not None


@rule(code("criteria-missing"))
def criteria_missing(ctx: Context, options: Mapping[str, Any]) -> Iterator[Hit]:
    """A qualitative target (one without a metric) states its acceptance criteria.

    Seed 四(三)1 (定量与定性相结合) and 五(二)4 (任期考核以任务书为依据): a
    qualitative target can only be assessed against what its criteria say.
    """
    for target in ctx.targets:
        if not target.quantitative and target.criteria is None:
            yield Hit(
                list(target.path),
                f"定性目标{quote(target.content)}没有验收标准（criteria）：请写明完成的标志、"
                "时间或成果，或者加上量化指标（metric）改为定量目标",
            )


@rule(code("vague-wording"), words=list(VAGUE_WORDS))
def vague_wording(ctx: Context, options: Mapping[str, Any]) -> Iterator[Hit]:
    """A qualitative target's criteria say something checkable, not only 进一步, 努力 ….

    Seed 六(二) 求实创新 and 五(二)4: criteria made only of words such as
    进一步、不断、努力、力争 with no number, date, document or count cannot be
    assessed at the end of the term. The criteria are read, or the content
    where a target has no criteria.
    """
    words = [w for w in options["words"] if w]
    for target in ctx.targets:
        if target.quantitative:
            continue
        key = "criteria" if target.criteria is not None else "content"
        text = target.criteria if target.criteria is not None else target.content
        found = [w for w in words if w in text]
        if not found or checkable(text):
            continue
        what = "验收标准" if key == "criteria" else "目标内容（没有验收标准）"
        shown = "".join(f"“{w}”" for w in found[:3])
        yield Hit(
            [*target.path, key],
            f"{what}{quote(text)}用了{shown}等说法，却没有可检验的数字、日期、文件或数量："
            "请写明完成的标志，例如“2026 年底前出台《……办法》”“每学期开展 2 次”",
        )


def characters(text: str) -> int:
    """字数 as a Chinese reader counts it: every non-whitespace character."""
    return sum(1 for c in text if not c.isspace())


@rule(code("profile-length"), max_chars=100)
def profile_length(ctx: Context, options: Mapping[str, Any]) -> Iterator[Hit]:
    """A teaching unit's profile (本单位自然情况) is at most `max_chars` 字.

    Seed 附件(二)1: 本单位的自然情况（专业、学科、师资队伍等，100字之内）.
    """
    profile = ctx.book.profile
    if profile is None:
        return
    count, limit = characters(profile), int(options["max_chars"])
    if count > limit:
        yield Hit(
            ["profile"],
            f"本单位自然情况有 {count} 字，超过 {limit} 字（附件(二)1：100字之内）："
            f"请删减 {count - limit} 字，只写专业、学科、师资队伍等基本情况",
        )


PLACEHOLDER = "待填写"
"""How `ankao new` marks what is still to be written (templates/scaffold/*.yaml.j2)."""


_MEMBER_TEXTS = (("name", "成员姓名"), ("post", "成员职务"), ("duties", "成员分工"))

_Text = tuple[str, Target | None, tuple[PathPart, ...], str]
"""(text, its target or None, its path (below the target), its Chinese name)."""


def _texts(ctx: Context) -> Iterator[_Text]:
    """Every text a person writes in a book, with where it is (`_where` names it)."""
    book = ctx.book
    if book.profile is not None:
        yield book.profile, None, ("profile",), "本单位自然情况"
    for i, m in enumerate(book.members):
        for key, name in _MEMBER_TEXTS:
            yield getattr(m, key), None, ("members", i, key), name
    yield book.overall, None, ("goals", "overall"), "本届班子任期总体目标"
    for t in ctx.targets:  # written out: a book has hundreds of these
        yield t.content, t, ("content",), "目标内容"
        if t.criteria is not None:
            yield t.criteria, t, ("criteria",), "验收标准"
        if t.owner is not None:
            yield t.owner, t, ("owner",), "责任人"
        metric = t.metric
        if metric is not None:
            if metric.name is not None:
                yield metric.name, t, ("metric", "name"), "指标名称"
            if metric.unit is not None:
                yield metric.unit, t, ("metric", "unit"), "计量单位"


def _where(
    target: Target | None, keys: tuple[PathPart, ...], name: str
) -> tuple[list[PathPart], str]:
    """The data path and Chinese name of a text (built only for a text a rule reports)."""
    if target is None:
        return list(keys), name
    return [*target.path, *keys], f"目标 {target.id} 的{name}"


@rule(code("placeholder"))
def placeholder(ctx: Context, options: Mapping[str, Any]) -> Iterator[Hit]:
    """No text of the book is still the scaffold's placeholder (待填写…).

    Seed 四(三)1 and 四(四): the book is signed by the unit's principals and the
    school as it is written; a 待填写 left from `ankao new` would be printed and
    signed.
    """
    for text, target, keys, name in _texts(ctx):
        if PLACEHOLDER in text and text.lstrip().startswith(PLACEHOLDER):
            path, what = _where(target, keys, name)
            yield Hit(path, f"{what}仍是模板的占位文字{quote(text)}：请填写实际内容")


@rule(code("cjk-line-join"))
def cjk_line_join(ctx: Context, options: Mapping[str, Any]) -> Iterator[Hit]:
    """A `>` block or multi-line plain text does not break a line between two CJK characters.

    YAML joins such lines with a space, and the Word document then reads
    “指导， 落实”. Seed 附件: the book is a formal document (公文); write the
    paragraph on one line, or start a block with `|`, which keeps the lines.
    """
    for path, join in ctx.book.joined:
        yield Hit(
            list(path),
            "这段文字分几行写，YAML 会在两个汉字之间的换行处插入一个空格"
            f"（这里读作“{join}”）：请写在一行里，或用“|”开头的多行块",
        )
