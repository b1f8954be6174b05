"""Chinese numerals and percentages for reading, in one place (issue 23: the roll-up of 100 units)."""

from __future__ import annotations

import pytest

from ankao.formatting import figure, numeral, percent, term_text


@pytest.mark.parametrize(
    ("n", "text"),
    [
        (0, "零"),
        (1, "一"),
        (9, "九"),
        (10, "十"),
        (11, "十一"),
        (19, "十九"),
        (20, "二十"),
        (21, "二十一"),
        (99, "九十九"),
        (100, "一百"),
        (101, "一百零一"),
        (110, "一百一十"),
        (115, "一百一十五"),
        (150, "一百五十"),
        (200, "二百"),
        (999, "九百九十九"),
        (1000, "一千"),
        (1001, "一千零一"),
        (1010, "一千零一十"),
        (1100, "一千一百"),
        (10000, "一万"),
        (10001, "一万零一"),
        (10010, "一万零一十"),
        (12345, "一万二千三百四十五"),
        (100010, "十万零一十"),
        (110000, "十一万"),
    ],
)
def test_numeral(n: int, text: str) -> None:
    assert numeral(n) == text


def test_every_numeral_up_to_300_is_distinct_and_reads_back() -> None:
    """Read back with a small independent parser: each of 1…300 round-trips."""
    values = dict(zip("一二三四五六七八九", range(1, 10), strict=True))

    def parse(text: str) -> int:
        total, digit = 0, 0
        for ch in text:
            if ch in values:
                digit = values[ch]
            elif ch == "零":
                digit = 0
            else:
                unit = {"十": 10, "百": 100}[ch]
                total += (digit or 1) * unit
                digit = 0
        return total + digit

    texts = [numeral(n) for n in range(1, 301)]
    assert len(set(texts)) == 300
    assert [parse(t) for t in texts] == list(range(1, 301))


def test_percent_and_figure() -> None:
    assert [percent(v) for v in (None, 0.0, 0.5, 1.0, 1.25, 2 / 3, 0.7114)] == [
        "—",
        "0%",
        "50%",
        "100%",
        "125%",
        "66.7%",
        "71.1%",
    ]
    assert percent(0.7142857, 0) == "71%"
    assert percent(-0.0001) == "0%"
    assert [figure(v) for v in (3.3333, 100.0, 1.5, -0.001)] == ["3.33", "100", "1.5", "0"]
    assert term_text(2024, 2027) == "2024—2027年"
