"""Positions of a node tree: one rule for where an entry is shown, merges filled in once."""

from __future__ import annotations

from ankao import yaml12
from ankao.located import NodePositions, mapping_entries, positions_of

TEXT = """\
base: &base
  owner: 张某
  unit: 个
target:
  <<: *base
  unit: 门
  content: |
    第一行
  metric: {name: 课程}
"""


def test_positions_follow_the_rule_of_yaml12_locate_for_every_path() -> None:
    root = yaml12.compose(TEXT)
    walked, lazy = positions_of(root), NodePositions(root)
    for parts in (
        ["target", "unit"],
        ["target", "owner"],
        ["target", "content"],
        ["target", "metric"],
        ["target", "metric", "name"],
        ["base", "owner"],
        ["target"],
    ):
        expected = yaml12.locate(root, parts)
        assert walked.locate(parts) == lazy.locate(parts) == expected, parts


def test_explicit_keys_win_over_merged_ones() -> None:
    root = yaml12.compose(TEXT)
    target = mapping_entries(root)["target"][1]
    entries = mapping_entries(target)
    assert entries["unit"][1].value == "门"  # given explicitly
    assert entries["owner"][1].value == "张某"  # merged from &base
    assert entries["owner"][0].start_mark.line == 1  # the key where it was written
