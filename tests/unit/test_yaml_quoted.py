"""The multi-line quoted scalars found while the data is built are those a walk of the tree finds.

`load_bytes` takes them from the constructor (one pass) to look for an unclosed quote;
where the constructor could not reach every node it says so and the tree is walked.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ankao.load import yaml12, yamltree

ROOT = Path(__file__).resolve().parents[2]
CORPUS = sorted([*ROOT.glob("examples/**/*.yaml"), *ROOT.glob("tests/cases/**/*.yaml")])


def _both(text: str) -> tuple[object, object]:
    root = yaml12.compose(text)
    built = yaml12.construct(root, anchored="&" in text)
    walked = yamltree.multiline_quoted(root) if root is not None else []
    return built.quoted, walked


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_file_of_the_corpora(path: Path) -> None:
    try:
        quoted, walked = _both(path.read_text(encoding="utf-8"))
    except (yaml12.YAMLError, UnicodeDecodeError):
        pytest.skip("not YAML this reader composes")
    assert quoted is None or quoted == walked


HAND = {
    "aliased": 'a: &x "one\n  two"\nb: *x\nc: [*x, *x]\n',
    "merged": "base: &b {k: 'v\n  w'}\nuse:\n  <<: *b\n  j: 1\n",
    "explicit key": '? "a\n  b"\n: 1\n',
    "tagged": 'n: !!str "1\n  2"\n',
    "single": "s: 'it''s\n  here'\n",
}


@pytest.mark.parametrize("text", HAND.values(), ids=HAND.keys())
def test_hand_made_shapes_agree(text: str) -> None:
    quoted, walked = _both(text)
    assert walked, "each shape has a multi-line quoted scalar"
    assert quoted == walked


@pytest.mark.parametrize(
    "text",
    [
        "a: {? [x] : 1}\nb: 'p\n  q'\n",  # a key that is a list: not built
        "a:\n  <<: 'p\n    q'\n",  # a merge source that is text: not built
        "a: " + "[" * 210 + "'p\n  q'" + "]" * 210 + "\n",  # nested past MAX_DEPTH
    ],
    ids=["list key", "text merge source", "too deep"],
)
def test_where_the_building_stops_short_the_tree_is_walked(text: str) -> None:
    quoted, walked = _both(text)
    assert quoted is None
    assert walked


_pieces = st.sampled_from(
    [
        'k{i}: "a\n  b"\n',
        "k{i}: 'a\n  b'\n",
        'k{i}: "one line"\n',
        "k{i}: plain\n  folded\n",
        "k{i}: &a{i} 'x\n  y'\n",
        'k{i}: ["p\n  q", r]\n',
        "k{i}:\n  - 's\n    t'\n  - u\n",
        "k{i}: |\n  'not\n  quoted'\n",
    ]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_pieces, min_size=1, max_size=8), st.booleans())
def test_generated_books_agree(pieces: list[str], alias: bool) -> None:
    text = "".join(p.format(i=i) for i, p in enumerate(pieces))
    if alias and "&a" in text:
        first = text.index("&a")
        name = text[first + 1 : text.index(" ", first)]
        text += f"z: *{name}\nw: [*{name}]\n"
    quoted, walked = _both(text)
    assert quoted == walked
