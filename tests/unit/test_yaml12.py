"""ankao.load.yaml12: YAML 1.2 core meanings, construction problems, locating data paths."""

from __future__ import annotations

import time

import pytest
from yaml.nodes import MappingNode

from ankao.load import yaml12, yamltree


def _load(text: str) -> yaml12.Constructed:
    return yaml12.construct(yaml12.compose(text))


@pytest.mark.parametrize(
    ("plain", "tag"),
    [
        ("true", yaml12.BOOL),
        ("False", yaml12.BOOL),
        ("TRUE", yaml12.BOOL),
        ("yes", yaml12.STR),
        ("no", yaml12.STR),
        ("on", yaml12.STR),
        ("off", yaml12.STR),
        ("y", yaml12.STR),
        ("~", yaml12.NULL),
        ("null", yaml12.NULL),
        ("", yaml12.NULL),
        ("nil", yaml12.STR),
        ("2025", yaml12.INT),
        ("-3", yaml12.INT),
        ("0o17", yaml12.INT),
        ("0x1F", yaml12.INT),
        ("1_000", yaml12.STR),
        ("0b101", yaml12.STR),
        ("012", yaml12.INT),
        ("3.5", yaml12.FLOAT),
        ("1e3", yaml12.FLOAT),
        (".5", yaml12.FLOAT),
        ("2025-03-10", yaml12.STR),
        ("12:30", yaml12.STR),
        ("95%", yaml12.STR),
        ("十个", yaml12.STR),
    ],
)
def test_resolve_plain_core_schema(plain: str, tag: str) -> None:
    assert yaml12.resolve_plain(plain) == tag
    root = yaml12.compose(f"key: {plain}\n")  # the loader's resolvers say the same
    assert isinstance(root, MappingNode)
    assert root.value[0][1].tag == tag


def test_core_meanings_in_data() -> None:
    text = "on: no\nyes: off\ndate: 2025-03-10\nmilestones:\n  2025: 3\n  2026: 4.5\nflag: true\nzero: 0o17\nq: '12'\n"
    built = _load(text)
    assert not built.problems
    assert built.data == {
        "on": "no",
        "yes": "off",
        "date": "2025-03-10",
        "milestones": {"2025": 3, "2026": 4.5},
        "flag": True,
        "zero": 15,
        "q": "12",
    }
    assert isinstance(built.data["milestones"]["2025"], int)


def test_duplicate_key_names_both_lines() -> None:
    built = _load("a: 1\nb:\n  c: 1\n  d: 2\n  c: 3\n")
    (p,) = built.problems
    assert (p.code, p.line, p.column, p.path) == ("duplicate-key", 5, 3, ("b", "c"))
    assert "第 3 行" in p.message
    assert built.data["b"]["c"] == 3  # the data still says what YAML says


def test_a_third_duplicate_key_is_reported_too_and_names_the_one_before_it() -> None:
    built = _load("a: 1\nb: 2\na: 3\nc: 4\na: 5\n")
    assert [(p.code, p.line, p.path) for p in built.problems] == [
        ("duplicate-key", 3, ("a",)),
        ("duplicate-key", 5, ("a",)),
    ]
    assert "第 1 行" in built.problems[0].message
    assert "第 3 行" in built.problems[1].message  # the nearest copy above, where the eye goes
    assert built.data["a"] == 5


def test_merge_keys_explicit_keys_win() -> None:
    built = _load("base: &b {unit: 人, baseline: 1}\nm:\n  <<: *b\n  baseline: 2\n")
    assert not built.problems
    assert built.data["m"] == {"baseline": 2, "unit": "人"}


@pytest.mark.parametrize(
    "text", ["a: &a {<<: *a}\n", "a: &a\n  x: 1\n  <<: [*a]\n", "a: &a [*a]\n", "a: &a {b: *a}\n"]
)
def test_self_reference_is_a_problem_not_a_recursion(text: str) -> None:
    built = _load(text)
    assert [p.code for p in built.problems] == ["alias-bomb"]
    assert built.problems[0].line == 1


def test_bad_merge_value() -> None:
    built = _load("a: {<<: 1}\n")
    assert [(p.code, p.line, p.column) for p in built.problems] == [("yaml-syntax", 1, 9)]


def _bomb(levels: int, width: int = 10) -> str:
    lines = ["l0: &l0 [" + ", ".join(["哈"] * width) + "]"]
    for i in range(1, levels):
        lines.append(f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * width) + "]")
    return "\n".join(lines) + "\n"


def test_billion_laughs_refused_fast() -> None:
    started = time.perf_counter()
    built = _load(_bomb(10))
    elapsed = time.perf_counter() - started
    assert not built.ok and built.data is None
    (p,) = built.problems
    assert p.code == "alias-bomb" and (p.line, p.column) == (1, 5)
    assert elapsed < 0.5, elapsed


def test_merge_bomb_refused() -> None:
    lines = ["m0: &m0 {a: 1, b: 2}"]
    for i in range(1, 30):
        lines.append(f"m{i}: &m{i} {{x{i}: [*m{i - 1}, *m{i - 1}, *m{i - 1}], <<: *m{i - 1}}}")
    started = time.perf_counter()
    built = _load("\n".join(lines) + "\n")
    assert time.perf_counter() - started < 1.0
    assert [p.code for p in built.problems] == ["alias-bomb"]


def test_modest_aliases_are_fine() -> None:
    built = _load(_bomb(3, 5))
    assert built.ok and not built.problems
    assert len(built.data["l2"]) == 5 and built.data["l2"][0][0] == ["哈"] * 5


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("a: !!binary aGk=\n", "!!binary"),
        ("a: !foo x\n", "!foo"),
        ("a: !!set {x}\n", "!!set"),
        ("a: !!python/object:os.system {}\n", "!!python/object:os.system"),
        ("a: !!timestamp x\n", None),
    ],
)
def test_tags_refused_or_kept_as_text(text: str, fragment: str | None) -> None:
    built = _load(text)
    if fragment is None:  # a timestamp stays a string, as the schema expects
        assert built.data == {"a": "x"} and not built.problems
        return
    (p,) = built.problems
    assert p.code == "yaml-syntax" and fragment in p.message and p.line == 1


@pytest.mark.parametrize(
    ("text", "value"), [("a: !!int '12'\n", 12), ("a: !!str 12\n", "12"), ("a: !!float '2'\n", 2.0)]
)
def test_explicit_core_tags(text: str, value: object) -> None:
    built = _load(text)
    assert not built.problems and built.data == {"a": value}
    assert type(built.data["a"]) is type(value)


@pytest.mark.parametrize(
    "text", ["a: 1e400\n", "a: -1e999\n", "a: " + "9" * 5000 + "\n", "a: !!int 'x'\n"]
)
def test_unreadable_numbers_are_problems(text: str) -> None:
    built = _load(text)
    (p,) = built.problems
    assert p.code == "yaml-syntax" and p.line == 1 and p.column == 4
    assert len(p.message) < 80


def test_control_characters_in_escaped_strings() -> None:
    built = _load('a: "x\\x07y\\x1bz"\nb: "ok\\ttab"\n')
    assert built.data == {"a": "xyz", "b": "ok\ttab"}
    (p,) = built.problems
    assert (
        p.code == "control-character" and p.severity == "warning" and (p.line, p.column) == (1, 4)
    )
    assert "U+0007" in p.message and "U+001B" in p.message


def test_non_string_keys_are_problems() -> None:
    built = _load("? [a, b]\n: 1\nok: 2\n")
    assert built.data == {"ok": 2}
    assert [p.code for p in built.problems] == ["yaml-syntax"]


def test_too_deep_nesting_is_a_problem() -> None:
    depth = yamltree.MAX_DEPTH + 20
    built = _load("[" * depth + "]" * depth)
    assert any(p.code == "yaml-syntax" and "嵌套" in p.message for p in built.problems)


LOCATE_TEXT = """\
unit: 文学院
term:
  start: 2024
goals:
  teaching:
    - id: JX-01
      metric: {target: 5, unit: 门}
    - id: JX-02
      content: |
        多行
base: &b {x: 1}
merged:
  <<: *b
"""


@pytest.mark.parametrize(
    ("parts", "key", "where"),
    [
        (["unit"], False, (1, 7)),
        (["unit"], True, (1, 1)),
        (["term"], False, (2, 1)),  # a block mapping is located at its key
        (["term", "start"], False, (3, 10)),
        (["term", "end"], False, (2, 1)),  # missing: the parent
        (["goals", "teaching", 0], False, (6, 7)),
        (["goals", "teaching", 0, "metric", "target"], False, (7, 24)),
        (["goals", "teaching", 0, "metric"], False, (7, 15)),  # a flow mapping at its value
        (["goals", "teaching", 1, "content"], False, (9, 7)),  # a block scalar at its key
        (["goals", "teaching", 5], False, (5, 3)),
        (["merged", "x"], False, (11, 14)),  # found through the merge key
        ([], False, (1, 1)),
    ],
)
def test_locate(parts: list[str | int], key: bool, where: tuple[int, int]) -> None:
    root = yaml12.compose(LOCATE_TEXT)
    assert yamltree.locate(root, parts, key=key) == where


def test_locate_empty_document() -> None:
    assert yamltree.locate(yaml12.compose(""), ["a"]) == (1, 1)
    assert yaml12.compose("# 只有注释\n") is None
