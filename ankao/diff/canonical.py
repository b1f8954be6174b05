"""The canonical text of a task book: what `ankao textconv` shows git (pure)."""

from __future__ import annotations

from ankao.diff.changes import FIELD_TITLES, term_text
from ankao.model.book import TaskBook


def canonical_text(book: TaskBook) -> str:
    """A stable, per-target rendering of a book for `git diff` (textconv).

    One `标题：值` line per field, targets sorted by id under their section,
    members by name, aspects sorted: formatting, comments, key order and the
    order of lists leave it unchanged, as they leave `ankao diff` unchanged.
    """
    from ankao.model.sections import KINDS

    out: list[str] = []

    def put(title: str, value: object, indent: str = "") -> None:
        text = "" if value is None else str(value).strip()
        lines = text.splitlines() or [""]
        out.append(f"{indent}{title}：{lines[0]}".rstrip())
        out.extend(f"{indent}    {line}".rstrip() for line in lines[1:])

    put("单位", book.unit)
    put("类别", f"{book.kind}（{KINDS.get(book.kind, book.kind)}）")
    put("任期", term_text(book))
    if book.profile is not None:
        put(FIELD_TITLES["profile"], book.profile)
    out.append(f"{FIELD_TITLES['members']}：")
    for m in sorted(book.members, key=lambda m: (m.name, m.post)):
        principal = {
            "party": "，党组织主要负责人",
            "admin": "，行政主要负责人",
            "both": "，党政主要负责人",
        }.get(m.principal or "", "")
        put(f"  {m.name}", f"{m.post}{principal}；{m.duties.strip()}")
    put(FIELD_TITLES["overall"], book.overall)
    for section in book.sections:
        out.append("")
        out.append(f"== {section.title}（{section.key}） ==")
        for t in sorted(section.targets, key=lambda t: t.id):
            out.append("")
            out.append(f"[{t.id}]")
            if t.aspects:
                put("方面", "、".join(sorted(t.aspects)), "  ")
            put("目标内容", t.content, "  ")
            if t.metric is not None:
                metric = t.metric
                put("指标名称", metric.name, "  ")
                put("计量单位", metric.unit, "  ")
                put("基数", metric.baseline, "  ")
                put("目标值", metric.target, "  ")
                direction = metric.direction.label
                put("方向", f"{metric.direction}（{direction}）", "  ")
                for year, n in metric.milestones.items():
                    put(f"{year}年度进度", n, "  ")
            if t.criteria is not None:
                put("验收标准", t.criteria, "  ")
            if t.owner is not None:
                put("责任人", t.owner, "  ")
            for year, actual in t.actuals.items():
                value = (
                    actual.value
                    if actual.value is not None
                    else "；".join(x for x in (actual.status, actual.note) if x)
                )
                put(f"{year}年完成情况", value, "  ")
    return "\n".join(out) + "\n"
