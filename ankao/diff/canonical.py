"""The canonical text of a task book: what `ankao textconv` shows git (pure)."""

from __future__ import annotations

from ankao.diff.change import FIELD_TITLES
from ankao.diff.changes import term_text
from ankao.model.book import Target, TaskBook


def canonical_text(book: TaskBook) -> str:
    """A stable, per-target rendering of a book for `git diff` (textconv).

    One `标题：值` line per field, targets sorted by id under their section,
    members by name, aspects sorted: formatting, comments, key order and the
    order of lists leave it unchanged, as they leave `ankao diff` unchanged.
    """
    from ankao.model.sections import KINDS

    out = _Lines()
    out.put("单位", book.unit)
    out.put("类别", f"{book.kind}（{KINDS.get(book.kind, book.kind)}）")
    out.put("任期", term_text(book))
    if book.profile is not None:
        out.put(FIELD_TITLES["profile"], book.profile)
    out.lines.append(f"{FIELD_TITLES['members']}：")
    for m in sorted(book.members, key=lambda m: (m.name, m.post)):
        principal = _PRINCIPALS.get(m.principal or "", "")
        out.put(f"  {m.name}", f"{m.post}{principal}；{m.duties.strip()}")
    out.put(FIELD_TITLES["overall"], book.overall)
    for section in book.sections:
        out.lines.extend(["", f"== {section.title}（{section.key}） =="])
        for t in sorted(section.targets, key=lambda t: t.id):
            _target(out, t)
    return "\n".join(out.lines) + "\n"


_PRINCIPALS = {
    "party": "，党组织主要负责人",
    "admin": "，行政主要负责人",
    "both": "，党政主要负责人",
}


class _Lines:
    """The lines of the canonical text, each field as `标题：值` (continuation lines indented)."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def put(self, title: str, value: object, indent: str = "") -> None:
        text = "" if value is None else str(value).strip()
        lines = text.splitlines() or [""]
        self.lines.append(f"{indent}{title}：{lines[0]}".rstrip())
        self.lines.extend(f"{indent}    {line}".rstrip() for line in lines[1:])


def _target(out: _Lines, t: Target) -> None:
    """One target: its id, then each field it has, its metric and its yearly actuals."""
    out.lines.extend(["", f"[{t.id}]"])
    if t.aspects:
        out.put("方面", "、".join(sorted(t.aspects)), "  ")
    out.put("目标内容", t.content, "  ")
    if t.metric is not None:
        metric = t.metric
        out.put("指标名称", metric.name, "  ")
        out.put("计量单位", metric.unit, "  ")
        out.put("基数", metric.baseline, "  ")
        out.put("目标值", metric.target, "  ")
        out.put("方向", f"{metric.direction}（{metric.direction.label}）", "  ")
        for year, n in metric.milestones.items():
            out.put(f"{year}年度进度", n, "  ")
    if t.criteria is not None:
        out.put("验收标准", t.criteria, "  ")
    if t.owner is not None:
        out.put("责任人", t.owner, "  ")
    for year, actual in t.actuals.items():
        value = (
            actual.value
            if actual.value is not None
            else "；".join(x for x in (actual.status, actual.note) if x)
        )
        out.put(f"{year}年完成情况", value, "  ")
