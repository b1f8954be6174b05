"""`ankao intake` in text: what happened to each file, and a book's changes target by target.

The outcome and its classed changes come from the core (`forms.outcome`, `diff`);
this module only says them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ankao.reporters.assess import Block

if TYPE_CHECKING:
    from rich.table import Table

    from ankao.diff.changes import BookDiff
    from ankao.forms.outcome import Outcome

_CLASS_STYLE = {"strengthened": "green", "weakened": "bold red", "neutral": "dim"}

_PARTS = {
    "term": "任期",
    "profile": "本单位自然情况",
    "overall": "任期总体目标",
    "members": "班子成员",
}


def outcome_block(o: Outcome) -> Block:
    """One file's outcome: refused, unchanged, the answers or figures read, or the book's changes."""

    def block(out: Any) -> None:
        line = _short_outcome(o)
        if line is not None:
            text, style = line
            out.print(text, style=style)
            return
        out.print(f"{o.file} → {o.written}", style="bold")
        if o.merged_office:
            out.print(f"保留了办公室在表格生成后的修改：{_parts(o.merged_office)}", style="dim")
        if o.forced:
            out.print(f"按 --force 以表格为准：{_parts(o.forced)}", style="yellow")
        if o.diff is None or not o.diff.changes:
            out.print("（只改了格式以外的写法，内容没有变化）")
            return
        out.print(_changes_table(o.diff))
        s = o.diff.summary()
        out.print(
            f"目标：新增 {s['added']} 个，删去 {s['removed']} 个，修改 {s['changed']} 个；"
            f"改动 {s['changes']} 处：加强 {s['strengthened']}，减弱 {s['weakened']}，中性 {s['neutral']}"
        )

    return block


def _short_outcome(o: Outcome) -> tuple[str, str] | None:
    """The one line of an outcome that needs no table (with its style), else None."""
    if o.refused:
        return f"{o.file}：有上面列出的问题，没有读入，仓库中的文件没有改动", "bold red"
    if o.written is None:
        if o.document == "feedback" and o.answers == 0:
            return f"{o.file}：反馈表中还没有填写答复，没有读入", ""
        return f"{o.file}：与仓库中的内容相同，没有改动", ""
    if o.document == "feedback":
        return f"{o.file} → {o.written}：读入 {o.answers} 条答复", "bold"
    if o.document == "form-actuals":
        ids = "、".join(o.actuals)
        return (
            f"{o.file} → {o.written}：{o.year}年完成情况改动 {len(o.actuals)} 个目标（{ids}）",
            "bold",
        )
    if o.created:
        return f"{o.file} → 新建 {o.written}", "bold"
    return None


def _changes_table(diff: BookDiff) -> Table:
    from rich.table import Table
    from rich.text import Text

    from ankao.diff.change import CLASS_LABELS, field_title

    table = Table()
    for name in ("目标", "项目", "修改前", "修改后", "判断"):
        table.add_column(name, overflow="fold")
    for c in diff.changes:
        table.add_row(
            c.id or field_title(c.section),
            field_title(c.field),
            c.before or "—",
            c.after or "—",
            Text(CLASS_LABELS[c.cls], style=_CLASS_STYLE[c.cls]),
        )
    return table


def _parts(names: list[str]) -> str:
    """Parts of a book as the office names them: a target by its id, the rest by their titles."""
    return "、".join(
        n.removeprefix("target:") if n.startswith("target:") else _PARTS.get(n, n) for n in names
    )
