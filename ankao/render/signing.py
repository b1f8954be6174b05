"""Where a document is signed and dated: signature blocks and the 落款 (GB/T 9704-2012, 7.3.5).

`signature_block` lays out lines to sign by hand ("<label>：<space>  年  月  日");
`closing` writes the office's 落款: the 署名 centred over the 成文日期, the date
右空四字, neither with the body's first-line indent, kept with what precedes it
so that it never stands alone on a page.
"""

from __future__ import annotations

from collections.abc import Sequence

from ankao.render.cells import Cell, CellLike
from ankao.render.wordml import attr, t
from ankao.render.writer import Writer

BLANK_DATE = "年    月    日"
DATE_RIGHT = 4
"""成文日期右空四字 (in characters)."""


def display_width(text: str) -> float:
    """Width in ems: a CJK or full-width character is 1, anything else ½."""
    return sum(1.0 if ord(ch) > 0x2E7F else 0.5 for ch in text)


def signature_block(
    w: Writer, groups: Sequence[tuple[str | None, Sequence[str]]], *, dated: bool = True
) -> None:
    """One borderless table of lines "<label>：<space to sign>  年  月  日", kept on one page.

    Each group is an optional bold heading row and its labels. The label
    column is as wide as the longest label, so a label never wraps while
    the line fits the page.
    """
    size = w.font_twips("Signature")
    rows: list[list[CellLike]] = []
    longest = 0.0
    for heading, labels in groups:
        if heading:
            rows.append([Cell(heading, span=3 if dated else 2, style="Signature", bold=True)])
        for label in labels:
            longest = max(longest, display_width(f"{label}："))
            row: list[CellLike] = [
                Cell(f"{label}：", style="Signature"),
                Cell("", style="Signature"),
            ]
            if dated:
                row.append(Cell(BLANK_DATE, style="Signature"))
            rows.append(row)
    if not rows:
        return
    cell_margins = 2 * 108 + 40
    date_width = round(display_width(BLANK_DATE) * size) + cell_margins if dated else 0
    label_width = min(round(longest * size) + cell_margins, w.text_width - date_width - 400)
    blank = w.text_width - date_width - label_width
    widths = [float(label_width), float(blank), *([float(date_width)] if dated else [])]
    w.table(
        [],
        rows,
        widths=widths,
        borders=False,
        text_style="Signature",
        keep_together=True,
        row_height=851,
    )


def closing(w: Writer, signer: str, date: str) -> None:
    """The 落款 after one blank line: `signer` centred over `date`, the date 右空四字.

    A signer wider than the line leaves the date where it is and is set flush
    right; both lines keep with the next, so the blank line, the 署名 and the
    date move to a new page together with nothing else.
    """
    size = w.font_twips("Signature")
    date_right = round(DATE_RIGHT * size)
    signer_width = display_width(signer) * size
    date_width = display_width(date) * size
    signer_right = max(0, round(date_right + (date_width - signer_width) / 2))
    if signer_right + signer_width > w.text_width:
        signer_right = 0
    w.paragraph("", "Signature", keep=True)
    w.raw(_line(w, signer, signer_right, keep=True))
    w.raw(_line(w, date, date_right, keep=False))


KEEP, NO_KEEP = "<w:keepNext/>", '<w:keepNext w:val="0"/>'
"""The date ends the document: it keeps with nothing (the Signature style keeps with the next)."""


def _line(w: Writer, text: str, right: int, *, keep: bool) -> str:
    sid = w.style_id("Signature")
    style = f'<w:pStyle w:val="{attr(sid)}"/>' if sid else ""
    east = w.east_asian_font(sid)
    fonts = f'<w:rFonts w:hint="eastAsia" w:eastAsia="{attr(east)}"/>' if east else ""
    return (
        f"<w:p><w:pPr>{style}{KEEP if keep else NO_KEEP}"
        f'<w:ind w:left="0" w:right="{right}" w:firstLine="0"/><w:jc w:val="right"/></w:pPr>'
        f"<w:r><w:rPr>{fonts}</w:rPr>{t(text)}</w:r></w:p>"
    )
