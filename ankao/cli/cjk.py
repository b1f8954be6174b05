"""Chinese line breaking for rich: a line may end between any two CJK characters.

Rich breaks lines only at white space, so a Chinese sentence is one long "word"
that is moved whole to a line of its own or cut. `Wrapped` renders a rich
`Text` with the same rules as rich's own wrapping (fold, justify, trailing
space) except for what counts as a word: here each CJK character, with the
closing punctuation after it, is one, and `[默认：text]` or `<整数>` stay whole.
Its measurement is the text's own, so tables size their columns as for `Text`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from rich.cells import cell_len, chop_cells
from rich.containers import Lines
from rich.measure import Measurement
from rich.text import Text

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, JustifyMethod, OverflowMethod
    from rich.segment import Segment

CJK = r"\u3000-\u303f\u3400-\u9fff\uff00-\uffef"
"""The CJK characters: punctuation, ideographs, full-width forms."""

_CLOSING = "，。、；：？！）》」』”’…)\\]"
WORD = re.compile(
    rf"\s*(?:\[[^\]\s]{{1,16}}\]|(?:[^\s{CJK}<]*<[^>\s]+>)+[^\s{CJK}]*|[^\s{CJK}]+|[{CJK}])[{_CLOSING}]*\s*"
)
"""One unit a line is not broken within, with the white space around it."""


def break_offsets(text: str, width: int, *, fold: bool = True) -> list[int]:
    """The offsets where `text` is broken to fit `width` cells (rich's algorithm, CJK words)."""
    offsets: list[int] = []
    used = 0
    for start, word in _words(text):
        length = cell_len(word.rstrip())
        if width - used >= length:
            used += cell_len(word)
        elif length > width:  # fits on no line: fold it across lines, or crop it
            pieces = chop_cells(word, width) if fold else [word]
            for piece in pieces:
                if start:
                    offsets.append(start)
                start += len(piece)
            used = cell_len(pieces[-1])
        elif used and start:  # fits on the next line
            offsets.append(start)
            used = cell_len(word)
    return offsets


def _words(text: str) -> Iterator[tuple[int, str]]:
    """Each word with its offset, from the start, until only white space is left."""
    match = WORD.match(text)
    while match is not None:
        yield match.start(), match.group(0)
        match = WORD.match(text, match.end())


def wrap(
    text: Text,
    console: Console,
    width: int,
    *,
    justify: JustifyMethod,
    overflow: OverflowMethod,
    no_wrap: bool,
    tab_size: int,
) -> Lines:
    """`text` as lines of at most `width` cells: `Text.wrap` with CJK words."""
    lines = Lines()
    for line in text.split(allow_blank=True):
        if "\t" in line:
            line.expand_tabs(tab_size)
        if no_wrap:
            if overflow == "ignore":
                lines.append(line)
                continue
            new_lines = Lines([line])
        else:
            new_lines = line.divide(break_offsets(line.plain, width, fold=overflow == "fold"))
            for piece in new_lines:
                piece.rstrip_end(width)
        if justify:
            new_lines.justify(console, width, justify=justify, overflow=overflow)
        for piece in new_lines:
            piece.truncate(width, overflow=overflow)
        lines.extend(new_lines)
    return lines


class Wrapped:
    """A rich `Text` whose lines may break between CJK characters."""

    def __init__(self, text: Text) -> None:
        self.text = text

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, self.text)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Segment]:
        text = self.text
        overflow = text.overflow or options.overflow or "fold"
        no_wrap = text.no_wrap if text.no_wrap is not None else bool(options.no_wrap)
        tab_size = console.tab_size if text.tab_size is None else text.tab_size
        lines = wrap(
            text,
            console,
            options.max_width,
            justify=text.justify or options.justify or "default",
            overflow=overflow,
            no_wrap=no_wrap or overflow == "ignore",
            tab_size=tab_size or 8,
        )
        yield from Text("\n").join(lines).render(console, end=text.end)
