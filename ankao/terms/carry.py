"""Starting the next term from the last: its `ankao.yaml`, and each unit's draft book.

`config_text` copies the last term's `ankao.yaml` (school, units, reviewers, rules
and their settings, comments and order kept) without what belongs to that term
alone, and links it with `previous_term`. `draft_text` writes a unit's new book
from its last one: kind, members, the following term, each target carried with
`previous:` and its baseline the last term's latest actual (else its target);
target and milestones are left for the unit.
"""

from __future__ import annotations

import os
from pathlib import Path

from ankao.errors import AnkaoError
from ankao.model.book import Number, Target, TaskBook, Term
from ankao.model.continuity import latest_actual

DROPPED = ("term", "deadlines", "previous_term", "templates")
"""Keys of the last term's `ankao.yaml` not carried over: its own term, its dates, its own
link, and a template folder that stays in the old repository."""


def link_text(old: Path, new_root: Path) -> str:
    """`previous_term` for a new repository at `new_root`: `old` relative to it (POSIX)."""
    try:
        return Path(os.path.relpath(old.resolve(), new_root.resolve())).as_posix()
    except ValueError:  # another drive on Windows: no relative path exists
        return old.resolve().as_posix()


def config_text(old: Path, new_root: Path, default: str) -> tuple[str, list[str]]:
    """The new `ankao.yaml` from the last term's (or `default` where it has none), and the
    keys left out. AnkaoError when the old one cannot be read as a mapping."""
    from ankao.load.config import CONFIG_NAME
    from ankao.load.document import load_file, load_text
    from ankao.load.yamlwrite import yaml_scalar

    path = old / CONFIG_NAME
    dropped: list[str] = []
    if os.path.lexists(path):
        doc = load_file(path, f"{old.as_posix()}/{CONFIG_NAME}")
        if doc.has_errors or not isinstance(doc.data, dict) or doc.node is None:
            raise AnkaoError(
                f"上一任期的 {doc.file} 有错误，无法复制；请先修正（ankao validate {doc.file}）"
            )
        if getattr(doc.node, "flow_style", False):
            raise AnkaoError(
                f"上一任期的 {doc.file} 写成了一行 {{…}}，无法逐项复制；请改为逐行书写"
            )
        text, dropped = _without(doc.text, doc.node)
        term = doc.data.get("term")
        if "term" in dropped and isinstance(term, dict):
            start, end = term.get("start"), term.get("end")
            if isinstance(start, int) and isinstance(end, int) and start <= end:
                nxt = following(Term(start, end))
                text = text.rstrip("\n") + (
                    f"\n\n# 本任期（上一任期是 {start}—{end} 年）：核实后去掉行首的 # 即生效，"
                    "ankao check 会检查每本任务书的任期\n"
                    f"# term: {{start: {nxt[0]}, end: {nxt[1]}}}\n"
                )
    else:
        text = default
    link = link_text(old, new_root)
    text = text.rstrip("\n") + (
        "\n\n# 上一任期的任务书仓库（相对于本文件所在的文件夹；ankao init --from 写入）。\n"
        "# ankao new 据此预填各单位的新任务书，ankao check 据此比较基数、目标值与上一任期的实际完成值\n"
        f"previous_term: {yaml_scalar(link)}\n"
    )
    check = load_text(text, CONFIG_NAME)
    if check.has_errors or not isinstance(check.data, dict):  # pragma: no cover - a bug here
        raise AnkaoError(f"无法从 {path} 生成新的 {CONFIG_NAME}")
    return text, dropped


def _without(text: str, root: object) -> tuple[str, list[str]]:
    """`text` without the top-level entries of `DROPPED` (each from its key to the next key)."""
    pairs = getattr(root, "value", [])
    lines = text.splitlines(keepends=True)
    starts = [k.start_mark.line for k, _ in pairs]
    cut: list[tuple[int, int]] = []
    dropped = []
    for i, (key, _) in enumerate(pairs):
        if key.value in DROPPED:
            end = starts[i + 1] if i + 1 < len(starts) else len(lines)
            # a block ends at the next key; comments just above that key stay with it
            while end > starts[i] + 1 and lines[end - 1].lstrip().startswith("#"):
                end -= 1
            cut.append((starts[i], end))
            dropped.append(str(key.value))
    keep = [line for n, line in enumerate(lines) if not any(a <= n < b for a, b in cut)]
    return "".join(keep), dropped


def following(term: Term) -> tuple[int, int]:
    """The term after `term`, of the same length."""
    length = term.end - term.start
    return term.end + 1, term.end + 1 + length


def draft_text(
    last: TaskBook,
    *,
    start: int,
    end: int,
    schema_url: str,
    file_name: str,
    source: str,
) -> str:
    """A unit's new book, pre-filled from its book of the last term (`source` names it)."""
    from ankao.load.yamlwrite import yaml_scalar as q

    out = [
        f"# yaml-language-server: $schema={schema_url}",
        f"# {last.unit}领导班子任期目标任务书（{start}—{end}年）",
        f"# 由 ankao new 根据上一任期的任务书 {source}（{last.term.start}—{last.term.end}年）预填，请本单位逐项核对：",
        "#   - 类别、班子成员及分工照抄上一任期，请按本届班子改正；",
        "#   - 每个目标照抄上一任期的方面、内容和指标，previous 是它在上一任期的编号（ankao check 据此比较）；",
        "#   - 基数（baseline）取上一任期最近一年的实际完成值，没有完成值的取上一任期的目标值（行尾注明）；",
        "#   - 目标值（target）和年度进度（milestones）由本单位填写；不再延续的目标请删去，新的目标请添加；",
        f"#   - 写完后运行 ankao check taskbooks/{file_name} 检查。",
        "",
        "schema_version: 1",
        f"kind: {last.kind}",
        f"unit: {q(last.unit)}",
        "term:",
        f"  start: {start}",
        f"  end: {end}",
    ]
    if last.kind == "teaching":
        out.append("# 本单位自然情况：照抄上一任期，请按现状改写（100字之内）")
        out.append(f"profile: {q(last.profile or '待填写：本单位自然情况（100字之内）。')}")
    out += ["", "# 一、本届领导班子成员及分工（照抄上一任期，请核对）", "members:"]
    for m in last.members:
        out.append(f"  - name: {q(m.name)}")
        out.append(f"    post: {q(m.post)}")
        out.append(f"    duties: {q(m.duties)}")
        if m.principal:
            out.append(f"    principal: {m.principal}")
    out += ["", "# 二、任期目标", "goals:", "  overall: 待填写：本届班子任期总体目标。"]
    for section in last.sections:
        if not section.targets:
            out += [f"  {section.key}: []   # {section.title}"]
            continue
        out.append(f"  # {section.title}")
        out.append(f"  {section.key}:")
        for t in section.targets:
            out.extend(_target_lines(t, last.term, start))
    return "\n".join(out) + "\n"


def baseline_of(target: Target, term: Term) -> tuple[Number | None, str]:
    """A carried target's baseline and the comment saying where it comes from."""
    actual = latest_actual(target, term.end)
    if actual is not None and actual.value is not None:
        return actual.value, f"上一任期 {actual.year} 年的实际完成值"
    metric = target.metric
    if metric is not None and metric.target is not None:
        return metric.target, "上一任期没有填报完成值，暂取上一任期的目标值：请核实"
    return None, "上一任期既没有完成值也没有目标值：请填写任期开始时的数值"


def _target_lines(t: Target, term: Term, start: int) -> list[str]:
    from ankao.load.yamlwrite import yaml_scalar as q

    out = [f"    - id: {q(t.id)}", f"      previous: {q(t.id)}       # 上一任期编号"]
    if len(t.aspects) == 1:
        out.append(f"      aspect: {q(t.aspects[0])}")
    elif t.aspects:
        out.append(f"      aspect: [{', '.join(q(a) for a in t.aspects)}]")
    out.append(f"      content: {q(t.content)}")
    m = t.metric
    if m is not None:
        out.append("      metric:")
        if m.name:
            out.append(f"        name: {q(m.name)}")
        if m.unit:
            out.append(f"        unit: {q(m.unit)}")
        base, note = baseline_of(t, term)
        if base is not None:
            out.append(f"        baseline: {base.text}       # {note}")
        else:
            out.append(f"        # baseline:      {note}")
        if m.direction != "increase":
            out.append(f"        direction: {m.direction}")
        out.append("        # target:        目标值（任期结束时），请填写")
        out.append(f"        # milestones:    年度进度，如 {{{start + 1}: …}}，可只写部分年份")
    if t.criteria:
        out.append(f"      criteria: {q(t.criteria)}")
    if t.owner:
        out.append(f"      owner: {q(t.owner)}")
    return out
