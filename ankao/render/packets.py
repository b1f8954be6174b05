"""`comments packets`: one Word document per department with just the parts it reviews, all units.

Each unit is a Heading 1 whose text is exactly the unit's name; beneath it the
parts the department reviews (`reviewers:` of ankao.yaml), with the task book's
own headings (“（三）教学工作目标”) and every target a table row whose first
cell is its id — the contract `comments import` reads, so a department's
comments on its packet import unit by unit. The packet's custom properties
name its units, round, department and the fingerprint of each book
(ankao.render.identity), so `comments import` files each unit's comments
under that unit without being told.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ankao.errors import AnkaoError
from ankao.findings import Finding, Report, Severity
from ankao.load.config import Config
from ankao.load.files import inside, make_folder, safe_filename
from ankao.model.book import Target, TaskBook
from ankao.model.refs import PARTS
from ankao.model.sections import SECTIONS
from ankao.reviews.routing import reviewer_rank, routing

if TYPE_CHECKING:
    from ankao.render.package import Draft

PART_KEYS = ("profile", "members")
INSTRUCTIONS = (
    "请直接在 Word 中审核：选中目标所在表格行中的文字（或部分标题），点击“审阅 → 新建批注”，写下意见。"
    "必须修改的意见请以“【必须修改】”开头，其余的视为建议；对同一条意见的补充可用“答复”。"
    "不要修改表格中的编号。审核完毕保存本文件（仍为 .docx 格式），交回领导小组办公室。"
)
"""What the reviewer does, in Word terms (the office imports the file, not the reviewer)."""


@dataclass(frozen=True, slots=True)
class Packet:
    """One department's packet as written: where, and the units and parts it holds."""

    department: str
    path: Path
    units: tuple[str, ...]
    sections: tuple[str, ...]
    """The parts shown, sorted by key."""


@dataclass(frozen=True, slots=True)
class Packets:
    """What `comments packets` did: its report (the books left out) and each packet written."""

    report: Report
    packets: tuple[Packet, ...]


def packet_name(number: int, department: str) -> str:
    """`第1轮审核材料-教务处.docx`, safe whatever the department's name holds."""
    return safe_filename(f"第{number}轮审核材料-{department}", ".docx")


def parts_for(book: TaskBook, wanted: list[str]) -> list[str]:
    """The parts of `book` a department reviews, in book order."""
    order = [
        *(["profile"] if book.kind == "teaching" else []),
        "members",
        *(key for key, _ in SECTIONS.get(book.kind, ())),
    ]
    return [key for key in order if key in wanted]


def _usable_books(repo: Any) -> tuple[Report, list[TaskBook]]:
    """The books a packet can show, and a report warning of each one left out."""
    results = [r for r in repo.results if r.kind == "taskbook"]
    report = Report(files=[r.file for r in results])
    usable: list[TaskBook] = []
    for result in results:
        if result.book is not None:
            usable.append(result.book)
        else:
            report.findings.append(
                Finding(
                    result.file,
                    1,
                    1,
                    "",
                    "packet-skipped",
                    Severity.WARNING,
                    "任务书有读取或格式错误，没有列入审核材料；请先运行 ankao validate 修正",
                )
            )
    return report, usable


def write_packets(
    root: Path,
    config: Config,
    number: int,
    output: Path,
    *,
    departments: list[str] | None = None,
    overwrite: bool = False,
) -> Packets:
    """Render one packet per department into `output`: the report and the packets written."""
    routes = routing(config)
    chosen = departments or sorted(routes, key=reviewer_rank)
    unknown = [d for d in chosen if d not in routes]
    if unknown:
        raise AnkaoError(f"ankao.yaml 的 reviewers 中没有审核部门：{'、'.join(unknown)}")
    from ankao.repository.scan import scan

    report, usable = _usable_books(scan(root, config=config))
    if not usable:
        raise AnkaoError("没有可以列入审核材料的任务书（taskbooks/ 为空或都有错误）")
    make_folder(output)
    written: list[Packet] = []
    for department in chosen:
        plan = [(b, parts_for(b, routes[department])) for b in usable]
        plan = [(b, parts) for b, parts in plan if parts]
        if not plan:
            continue
        path = output / packet_name(number, department)
        if not inside(
            path, output
        ):  # safe_filename makes this impossible; keep the promise explicit
            raise AnkaoError(f"拒绝写到输出文件夹之外：{path}")
        if path.exists() and not overwrite:
            raise AnkaoError(f"{path} 已存在，没有覆盖；确需重新生成请加 --force")
        _write(path, config, number, department, plan, overwrite=overwrite)
        units = tuple(b.unit for b, _ in plan)
        written.append(
            Packet(department, path, units, tuple(sorted({p for _, ps in plan for p in ps})))
        )
    return Packets(report, tuple(written))


def _write(
    path: Path,
    config: Config,
    number: int,
    department: str,
    plan: list[tuple[TaskBook, list[str]]],
    *,
    overwrite: bool,
) -> None:
    from ankao.render.reference import save

    save(packet_document(config, number, department, plan), path, overwrite=overwrite)


def packet_document(
    config: Config, number: int, department: str, plan: list[tuple[TaskBook, list[str]]]
) -> Draft:
    """A department's packet: for each book, the parts it reviews; its properties name units and round."""
    from ankao.render.base import Writer, describe, identify, open_draft
    from ankao.render.identity import properties, term_text

    doc = open_draft(config)
    w = Writer(doc)
    w.title(f"{department}审核材料")
    w.paragraph(f"（第 {number} 轮，{len(plan)} 个单位）", "Subtitle")
    w.paragraph(INSTRUCTIONS)
    used: set[str] = set()
    for i, (book, parts) in enumerate(plan):
        w.heading(1, book.unit, new_page=i > 0)
        for key in parts:
            _part(w, book, key, used)
    terms = dict.fromkeys(term_text(b.term.start, b.term.end) for b, _ in plan)
    describe(doc, config, title=f"第{number}轮{department}审核材料", subject="审核材料")
    identify(
        doc,
        properties(
            "packet",
            units=[b.unit for b, _ in plan],
            term=" ".join(terms),
            round=number,
            fingerprints=[b.fingerprint for b, _ in plan],
            reviewer=department,
        ),
    )
    return doc


def _part(w: Any, book: TaskBook, key: str, used: set[str]) -> None:
    from ankao.render.cells import Cell
    from ankao.render.taskbook import section_heading, target_bookmark

    if key in PART_KEYS:
        w.heading(2, PARTS[key])
        if key == "profile":
            w.paragraphs(book.profile or "")
        else:
            members = [[m.name, m.post, m.duties] for m in book.members]
            w.table(["姓名", "职务", "分工"], members, widths=[1.2, 1.8, 5.0])
        return
    w.heading(2, section_heading(book.kind, key))
    if key == "overall":
        w.paragraphs(book.overall or "（未填写）")
        return
    section = book.section(key)
    if section is None or not section.targets:
        w.paragraph("无。")
        return
    rows: list[list[Any]] = []
    for t in section.targets:
        rows.append(
            [
                Cell(t.id, style="Table Number", bookmark=target_bookmark(t.id, used)),
                "、".join(t.aspects),
                t.content,
                measure(t),
                Cell(t.owner or "", style="Table Number"),
            ]
        )
    w.table(
        ["编号", "方面", "目标内容", "量化指标 / 验收标准", "责任人"],
        rows,
        widths=[1.4, 1.4, 3.4, 3.8, 1.1],
    )


def measure(target: Target) -> str:
    """A target's metric (baseline, target, milestones) or its criteria, as one cell's text."""
    from ankao.render.taskbook import target_value

    m = target.metric
    if m is None:
        return f"验收标准：{target.criteria or ''}"
    baseline = m.baseline.text if m.baseline is not None else ""
    lines = [f"{m.name or ''}（{m.unit or ''}）：基数 {baseline}，目标值 {target_value(target)}"]
    if m.milestones:
        lines.append("年度进度：" + "，".join(f"{y}年 {v.text}" for y, v in m.milestones.items()))
    if target.criteria:
        lines.append(f"验收标准：{target.criteria}")
    return "\n".join(lines)
