"""Rules on what identifies a book and its targets: unique ids, the shared term."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from ankao.findings.codes import code
from ankao.model.book import Target
from ankao.rules.base import Context, Hit, rule


@rule(code("duplicate-id"))
def duplicate_id(ctx: Context, options: Mapping[str, Any]) -> Iterator[Hit]:
    """Target ids are unique in the book; reported at the later one, naming the earlier line.

    Review comments refer to targets by id (SPEC §1), so the office's
    审核评议 (seed 四(三)2) needs each id to name one target.
    """
    if len({t.id for t in ctx.targets}) == len(ctx.targets):
        return  # no id twice: the common case, told by one set
    places: dict[str, list[Target]] = {}
    for target in ctx.targets:
        places.setdefault(target.id, []).append(target)
    for ident, found in places.items():
        if len(found) < 2:
            continue
        # "Later" is by position in the file, whatever order the sections are written in.
        ordered = sorted(found, key=lambda t: ctx.book.locate([*t.path, "id"]))
        line = ordered[0].line_of("id")
        for target in ordered[1:]:
            yield Hit(
                [*target.path, "id"],
                f"编号“{ident}”与第 {line} 行的目标重复：编号在任务书内必须唯一，"
                "请给这个目标换一个新编号（已有的编号不要改，审核意见靠它定位）",
            )


@rule(code("term-mismatch"))
def term_mismatch(ctx: Context, options: Mapping[str, Any]) -> Iterator[Hit]:
    """The book's term is the term set in ankao.yaml, where it is set (no default).

    Seed 四(四): the school signs every unit's task book for the same term.
    """
    if ctx.config.term is None:
        return
    start, end = ctx.config.term
    term = ctx.book.term
    if (term.start, term.end) != (start, end):
        yield Hit(
            ["term"],
            f"任期 {term.start}—{term.end} 年与 ankao.yaml 规定的任期 {start}—{end} 年"
            f"不一致：请改为 start: {start}, end: {end}",
        )
