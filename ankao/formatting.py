"""How numbers read for people (the one owner): Chinese numerals, percentages, figures, terms.

Every document and table ankao prints takes these from here, so that a part
numbered 一百零一 in the roll-up, 66.7% in `ankao check` and 66.7% in the Word
report are one decision: three copies of the numeral disagreed once, and the
roll-up of 100 units crashed on the one that stopped at 九十九.
JSON never goes through here: its figures are never rounded (SPEC §4).
"""

from __future__ import annotations

_DIGITS = "零一二三四五六七八九"
_SMALL_UNITS = ("", "十", "百", "千")


def _below_10000(n: int, *, leading: bool) -> str:
    """1…9999 in Chinese; `leading`: the number starts here, so 10…19 read 十… not 一十…."""
    digits = [int(d) for d in f"{n:04d}"]  # thousands, hundreds, tens, ones
    out: list[str] = []
    zero = False
    started = False
    for i, d in enumerate(digits):
        unit = _SMALL_UNITS[3 - i]
        if d == 0:
            zero = started
            continue
        if zero:
            out.append("零")
            zero = False
        if not (leading and not started and unit == "十" and d == 1):
            out.append(_DIGITS[d])
        out.append(unit)
        started = True
    return "".join(out)


def numeral(n: int) -> str:
    """An integer in Chinese numerals: 1 一, 10 十, 12 十二, 20 二十, 100 一百, 101 一百零一,
    110 一百一十, 150 一百五十, 1005 一千零五, 10000 一万, 100010 十万零一十.

    For the numbering of parts (一、) and sections （一）, whatever their count.
    """
    if n < 0:
        return "负" + numeral(-n)
    if n == 0:
        return _DIGITS[0]
    groups: list[int] = []
    while n:
        n, rest = divmod(n, 10000)
        groups.append(rest)
    names = ("", "万", "亿", "万亿")
    out: list[str] = []
    pending_zero = False
    for level in range(len(groups) - 1, -1, -1):
        group = groups[level]
        if group == 0:
            pending_zero = bool(out)
            continue
        leading = not out
        if out and (pending_zero or group < 1000):
            out.append("零")
        out.append(_below_10000(group, leading=leading) + names[level])
        pending_zero = False
    return "".join(out)


def percent(value: float | None, digits: int = 1) -> str:
    """A share for reading: `0.8333` -> `83.3%`, `0.5` -> `50%`, `1.25` -> `125%`; `—` for None."""
    if value is None:
        return "—"
    text = f"{value * 100:.{digits}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text in ("-0", ""):
        text = "0"
    return text + "%"


def figure(value: float) -> str:
    """A computed figure for reading, two decimals at most: `3.3333` -> `3.33`, `100.0` -> `100`."""
    text = f"{value:.2f}"
    text = text.rstrip("0").rstrip(".") if "." in text else text
    return "0" if text == "-0" else text


def term_text(start: int, end: int) -> str:
    """A term as documents print it: `2024—2027年`."""
    return f"{start}—{end}年"
