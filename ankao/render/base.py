"""The shared document-writing layer: reference.docx in, styled paragraphs and tables out.

Every rendered document (task book, 审核材料, 审核意见反馈表, 考核结果运用 notice) is
written the same way, and says whose it is in its custom properties:

    from ankao.render.base import Cell, Writer, describe, identify, open_draft, save

    doc = open_draft(config)              # templates/reference.docx, body cleared
    w = Writer(doc)
    w.title("某师范学院\n文学院中层领导班子任期目标任务书")
    w.heading(1, "一、本单位自然情况")
    w.paragraph("……")                      # style "Body Text" (首行缩进两字)
    w.table(["编号", "目标内容"], [[Cell("JX-01", bookmark="T_JX_01"), "……"]],
            widths=[1, 4])
    signature_block(w, [(None, ["单位党组织书记签字", "行政负责人签字"])])   # ankao.render.signing
    closing(w, "某师范学院……办公室", "2026年1月15日")                        # 落款 (GB/T 9704)
    describe(doc, config, title="…", subject="…")            # core properties
    identify(doc, properties("taskbook", units=["文学院"]))   # ankao.render.identity
    save(doc, out_path)                     # atomic, through ankao.load.files

All styling lives in the reference: the writer only names styles (looked up
by name once per document, so a reference restyled in a Chinese Word, whose
style ids differ, still works) and sets on every run the East-Asian font of
its style (`w:eastAsia`, with `w:hint="eastAsia"` so quotes and dashes take
the Chinese font), because Word otherwise falls back to a Latin font for
Chinese text. Table rows never split across pages and header rows repeat.

Style names the built-in reference defines: Title, Subtitle, Heading 1-4,
Body Text, Table Text, Table Number, Table Heading, Signature, Caption,
annotation text (id CommentText), annotation reference (id CommentReference).

Text templates (`render_text`): Jinja2 with StrictUndefined and autoescaping;
a template from the repository's templates folder runs sandboxed, a built-in
one from ankao's own templates. The rendered text is plain (the Writer
escapes XML itself), paragraphs separated by blank lines.
"""

from __future__ import annotations

from ankao.render.cells import BOOKMARK_MAX, Cell, CellLike, bookmark_name
from ankao.render.reference import (
    REFERENCE,
    describe,
    identify,
    office,
    open_draft,
    reference_path,
    save,
    template_folders,
    to_bytes,
)
from ankao.render.text import render_text, text_paragraphs
from ankao.render.writer import DEFAULT_TEXT_WIDTH, TWIPS_PER_MM, Writer

__all__ = [
    "BOOKMARK_MAX",
    "DEFAULT_TEXT_WIDTH",
    "REFERENCE",
    "TWIPS_PER_MM",
    "Cell",
    "CellLike",
    "Writer",
    "bookmark_name",
    "describe",
    "identify",
    "office",
    "open_draft",
    "reference_path",
    "render_text",
    "save",
    "template_folders",
    "text_paragraphs",
    "to_bytes",
]
