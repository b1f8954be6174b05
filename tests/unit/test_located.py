"""Positions of a node tree: one rule for where an entry is shown, merges filled in once."""

from __future__ import annotations

import pickle
from pathlib import Path

from ankao.load import yaml12, yamltree
from ankao.load.document import load_file
from ankao.model.located import FilePositions, NodePositions, mapping_entries, text_digest

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
    lazy = NodePositions(root)
    for parts in (
        ["target", "unit"],
        ["target", "owner"],
        ["target", "content"],
        ["target", "metric"],
        ["target", "metric", "name"],
        ["base", "owner"],
        ["target"],
    ):
        expected = yamltree.locate(root, parts)
        assert lazy.locate(parts) == expected, parts


def test_explicit_keys_win_over_merged_ones() -> None:
    root = yaml12.compose(TEXT)
    target = mapping_entries(root)["target"][1]
    entries = mapping_entries(target)
    assert entries["unit"][1].value == "门"  # given explicitly
    assert entries["owner"][1].value == "张某"  # merged from &base
    assert entries["owner"][0].start_mark.line == 1  # the key where it was written


def _file_positions(path: Path) -> FilePositions:
    doc = load_file(path, path.name)
    return FilePositions(str(path), text_digest(doc.text), 1 << 20, doc.node)


def test_file_positions_read_the_file_again_after_leaving_the_process(tmp_path: Path) -> None:
    path = tmp_path / "r1-教务处.yaml"
    path.write_text(TEXT, encoding="utf-8")
    here = _file_positions(path)
    moved = pickle.loads(pickle.dumps(here))
    assert isinstance(moved, FilePositions) and moved._root is None
    root = yaml12.compose(TEXT)
    for parts in (["target", "unit"], ["target", "content"], ["base", "owner"], ["nothing"]):
        assert moved.locate(parts) == here.locate(parts) == yamltree.locate(root, parts), parts
    assert moved.locate(["target", "unit"], key=True) == (6, 3)


def test_file_positions_of_a_file_changed_since_point_at_its_start(tmp_path: Path) -> None:
    path = tmp_path / "r1-教务处.yaml"
    path.write_text(TEXT, encoding="utf-8")
    moved = pickle.loads(pickle.dumps(_file_positions(path)))
    path.write_text("# 改过了\n" + TEXT, encoding="utf-8")
    assert moved.locate(["target", "unit"]) == (1, 1)
