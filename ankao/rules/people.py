"""Rules on people: every target's owner is a member of the leadership team."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from ankao.findings.codes import code
from ankao.rules.base import Context, Hit, rule


def _name(text: str) -> str:
    """A name without the spaces people type to align two-character names (张  三)."""
    return "".join(text.split())


@rule(code("owner-not-member"))
def owner_not_member(ctx: Context, options: Mapping[str, Any]) -> Iterator[Hit]:
    """A target's owner (责任人) is one of the book's members.

    Seed 附件(一)1 and 附件(二)2 (本届领导班子成员及分工): the targets are the
    team's, so each one is owned by a member; a member holding two posts is
    listed twice, which is fine.
    """
    members = [m.name for m in ctx.book.members]
    names = {_name(n) for n in members}
    shown = "、".join(dict.fromkeys(members))
    for target in ctx.targets:
        owner = target.owner
        if owner is not None and _name(owner) not in names:
            yield Hit(
                [*target.path, "owner"],
                f"责任人“{owner}”不是本届领导班子成员（成员：{shown}）：请填写班子成员的姓名，"
                "或先把此人加入领导班子成员及分工",
            )


@rule(code("principals-missing"))
def principals_missing(ctx: Context, options: Mapping[str, Any]) -> Iterator[Hit]:
    """The members name the unit's principals: one `principal: party` and one `principal: admin`,
    or one `both`.

    Seed 四(三)1: the book is signed by 党政主要负责人共同; the signature block and
    `approve unit_signed` need to know who they are.
    """
    kinds = {m.principal for m in ctx.book.members}
    if "both" in kinds or {"party", "admin"} <= kinds:
        return
    missing = [
        word for key, word in (("party", "党组织书记"), ("admin", "行政负责人")) if key not in kinds
    ]
    yield Hit(
        ["members"],
        f"领导班子成员中没有标明{'和'.join(missing)}（principal: party / admin，一人兼任写 both）："
        "任务书由党政主要负责人共同签字（四(三)1），请在相应成员下写 principal",
    )
