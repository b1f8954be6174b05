"""The two kinds of unit (SPEC §2) and how every document and table names them."""

from __future__ import annotations

KINDS: dict[str, str] = {"office": "机关、教学辅助机构", "teaching": "教学单位"}
"""A kind's full name, as the seed writes it (四(一)): 教学单位, 机关、教学辅助机构."""

KIND_SHORT: dict[str, str] = {"teaching": "教学", "office": "机关"}
"""A kind's short label, for a narrow table column."""

TASKBOOK_TITLE = "中层领导班子任期目标任务书"
"""What every task book is, after its unit or kind."""
