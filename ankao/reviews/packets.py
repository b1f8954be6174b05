"""`comments packets`: one Word document per department with just the parts it reviews, all units.

Each unit is a Heading 1 whose text is exactly the unit's name; beneath it the
parts the department reviews (`reviewers:` of ankao.yaml), with the task book's
own headings (“（三）教学工作目标”) and every target a table row whose first
cell is its id — the contract `comments import` reads, so a department's
comments on its packet import unit by unit (`--unit`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ankao.located import Loaded
from ankao.config import Config
from ankao.files import inside, make_folder, safe_filename
from ankao.model import AnkaoError, Finding, Report, Severity
from ankao.reviews.index import PARTS
from ankao.reviews.routing import reviewer_rank, routing
from ankao.taskbook import DIRECTIONS, SECTIONS, is_quantitative

PART_KEYS = ("profile", "members")


def packet_name(number: int, department: str) -> str:
    """`第1轮审核材料-教务处.docx`, safe whatever the department's name holds."""
    return safe_filename(f"第{number}轮审核材料-{department}", ".docx")


def parts_for(book: dict[str, Any], wanted: list[str]) -> list[str]:
    """The parts of `book` a department reviews, in book order."""
    kind = book.get("kind")
    order = [*(["profile"] if kind == "teaching" else []), "members",
             *(key for key, _ in SECTIONS.get(str(kind), ()))]
    return [key for key in order if key in wanted]


def write_packets(root: Path, config: Config, number: int, output: Path, *,
                  departments: list[str] | None = None, overwrite: bool = False) -> Report:
    """Render one packet per department into `output`; a report with `packets` in `extra`."""
    routes = routing(config)
    chosen = departments or sorted(routes, key=reviewer_rank)
    unknown = [d for d in chosen if d not in routes]
    if unknown:
        raise AnkaoError(f"ankao.yaml 的 reviewers 中没有审核部门：{'、'.join(unknown)}")
    from ankao.repository import scan

    books = scan(root, config=config).files("taskbook")
    report = Report(files=[b.file for b in books])
    usable: list[Loaded] = []
    for book in books:
        if book.ok:
            # interim: the packet writer still reads the raw mapping of the book
            from ankao.loading import load_file

            book.data = load_file(Path(book.path), book.file, max_bytes=config.max_file_size).data
            usable.append(book)
        else:
            report.findings.append(Finding(book.file, 1, 1, "", "packet-skipped", Severity.WARNING,
                                           "任务书有读取或格式错误，没有列入审核材料；请先运行 ankao validate 修正"))
    if not usable:
        raise AnkaoError("没有可以列入审核材料的任务书（taskbooks/ 为空或都有错误）")
    make_folder(output)
    written: list[dict[str, Any]] = []
    for department in chosen:
        plan = [(b, parts_for(b.data, routes[department])) for b in usable]
        plan = [(b, parts) for b, parts in plan if parts]
        if not plan:
            continue
        path = output / packet_name(number, department)
        if not inside(path, output):  # safe_filename makes this impossible; keep the promise explicit
            raise AnkaoError(f"拒绝写到输出文件夹之外：{path}")
        if path.exists() and not overwrite:
            raise AnkaoError(f"{path} 已存在，没有覆盖；确需重新生成请加 --force")
        _write(path, config, number, department, plan, overwrite=overwrite)
        written.append({"department": department, "file": str(path),
                        "units": [b.mapping["unit"] for b, _ in plan],
                        "sections": sorted({p for _, parts in plan for p in parts})})
    report.extra["packets"] = written
    return report


def _write(path: Path, config: Config, number: int, department: str,
           plan: list[tuple[Loaded, list[str]]], *, overwrite: bool) -> None:
    from ankao.rendering.base import Writer, open_reference, save

    doc = open_reference(config)
    w = Writer(doc)
    w.title(f"{department}审核材料")
    w.paragraph(f"（第 {number} 轮，{len(plan)} 个单位）", "Subtitle")
    w.paragraph(f"请在 Word 中用“审阅 → 新建批注”对目标所在的表格行或部分标题提出意见；以“【必须修改】”"
                f"开头的批注为必须修改的意见。完成后按单位导入：ankao comments import <本文件> --unit <单位> "
                f"--round {number} --reviewer {department}")
    used: set[str] = set()
    for i, (book, parts) in enumerate(plan):
        if i:
            w.page_break()
        w.heading(1, str(book.mapping["unit"]))
        for key in parts:
            _part(w, book.data, key, used)
    save(doc, path, overwrite=overwrite)


def _part(w: Any, book: dict[str, Any], key: str, used: set[str]) -> None:
    from ankao.rendering.base import Cell
    from ankao.rendering.taskbook import section_heading, target_bookmark

    kind = str(book.get("kind"))
    if key in PART_KEYS:
        w.heading(2, PARTS[key])
        if key == "profile":
            w.paragraphs(str(book.get("profile") or ""))
        else:
            members = [[str(m.get("name", "")), str(m.get("post", "")), str(m.get("duties", ""))]
                       for m in book.get("members") or [] if isinstance(m, dict)]
            w.table(["姓名", "职务", "分工"], members, widths=[1.2, 1.8, 5.0])
        return
    w.heading(2, section_heading(kind, key))
    goals = book.get("goals") or {}
    if key == "overall":
        w.paragraphs(str(goals.get("overall") or "（未填写）"))
        return
    targets = [t for t in goals.get(key) or [] if isinstance(t, dict)]
    if not targets:
        w.paragraph("无。")
        return
    rows: list[list[Any]] = []
    for t in targets:
        ident = str(t.get("id", ""))
        rows.append([Cell(ident, style="Table Number", bookmark=target_bookmark(ident, used)),
                     str(t.get("aspect") or ""), str(t.get("content", "")), _measure(t),
                     Cell(str(t.get("owner") or ""), style="Table Number")])
    w.table(["编号", "方面", "目标内容", "量化指标 / 验收标准", "责任人"], rows, widths=[1.3, 1.4, 3.4, 3.8, 1.1])


def _measure(target: dict[str, Any]) -> str:
    """A target's metric (baseline, target, milestones) or its criteria, as one cell's text."""
    if not is_quantitative(target):
        return f"验收标准：{target.get('criteria') or ''}"
    m = target["metric"]
    unit = str(m.get("unit") or "")
    direction = m.get("direction")
    direction = DIRECTIONS.get(direction, "") if direction and direction != "increase" else ""
    lines = [f"{m.get('name') or ''}（{unit}）：基数 {_num(m.get('baseline'))}，目标值 {direction}{_num(m.get('target'))}"]
    milestones = m.get("milestones")
    if isinstance(milestones, dict) and milestones:
        lines.append("年度进度：" + "，".join(f"{y}年 {_num(v)}" for y, v in milestones.items()))
    if target.get("criteria"):
        lines.append(f"验收标准：{target['criteria']}")
    return "\n".join(lines)


def _num(value: Any) -> str:
    return "" if value is None else str(value)
