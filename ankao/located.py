"""A loaded file without its node tree: data, positions and findings, picklable.

The repository pass loads each file once, in a worker process when there are
many; what comes back is a `Loaded` record: the data, where each node was
(`Positions`, so cross-file findings still point at lines) and the file's own
findings. The node tree itself stays in the worker.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ankao.model import Finding, PathPart, Positions, Severity, format_path


@dataclass(slots=True)
class Loaded:
    """One file of the repository after loading and schema checks."""

    file: str
    """The name users see."""
    path: str
    """Where it was read from."""
    kind: str
    """`taskbook`, `config`, `review`, `response`, `approval`, `grades` or `unknown`."""
    data: Any = None
    loaded: bool = False
    """True when the YAML could be read at all."""
    findings: list[Finding] = field(default_factory=list)
    positions: Positions = field(default_factory=Positions)

    @property
    def ok(self) -> bool:
        """Loaded and free of errors (loading or schema): safe to use."""
        return self.loaded and not any(f.severity is Severity.ERROR for f in self.findings)

    @property
    def mapping(self) -> dict[str, Any]:
        """The data when it is a mapping, else an empty one."""
        return self.data if isinstance(self.data, dict) else {}

    def locate(self, parts: Sequence[PathPart], *, key: bool = False) -> tuple[int, int]:
        return self.positions.locate(parts, key=key)

    def finding(
        self,
        parts: Sequence[PathPart],
        code: str,
        message: str,
        severity: Severity = Severity.ERROR,
        *,
        key: bool = False,
    ) -> Finding:
        """A finding located at the data path `parts` of this file."""
        line, column = self.locate(parts, key=key)
        return Finding(self.file, line, column, format_path(parts), code, severity, message)


def positions_of(root: Any, numbers: dict[tuple[PathPart, ...], str] | None = None) -> Positions:
    """Every node's position by data path, in one walk (the rules of `yaml12.locate`).

    When `numbers` is given it receives the source text of each plain scalar,
    so a number can be shown as written.
    """
    from yaml.nodes import MappingNode, ScalarNode, SequenceNode

    anchors: dict[tuple[PathPart, ...], tuple[int, int]] = {}
    keys: dict[tuple[PathPart, ...], tuple[int, int]] = {}
    if root is None:
        return Positions()

    def pos(node: Any) -> tuple[int, int]:
        mark = node.start_mark
        return (mark.line + 1, mark.column + 1)

    def at_key(value: Any) -> bool:
        if isinstance(value, ScalarNode):
            return value.style in ("|", ">")
        return getattr(value, "flow_style", None) is not True

    anchors[()] = pos(root)
    stack: list[tuple[Any, tuple[PathPart, ...]]] = [(root, ())]
    seen: set[int] = set()
    while stack:
        node, path = stack.pop()
        if id(node) in seen:  # an alias: its positions are those of the anchored node
            continue
        seen.add(id(node))
        if isinstance(node, MappingNode):
            entries: list[tuple[Any, Any]] = []
            explicit: set[str] = set()
            for key_node, value_node in node.value:
                if isinstance(key_node, ScalarNode) and key_node.value == "<<" and not key_node.style:
                    continue
                entries.append((key_node, value_node))
                if isinstance(key_node, ScalarNode):
                    explicit.add(key_node.value)
            for key_node, value_node in node.value:  # merged keys, unless given explicitly
                if isinstance(key_node, ScalarNode) and key_node.value == "<<" and not key_node.style:
                    sources = value_node.value if isinstance(value_node, SequenceNode) else [value_node]
                    for source in sources:
                        if isinstance(source, MappingNode):
                            entries.extend((k, v) for k, v in source.value
                                           if isinstance(k, ScalarNode) and k.value not in explicit)
            for key_node, value_node in entries:
                if not isinstance(key_node, ScalarNode):
                    continue
                child = (*path, key_node.value)
                keys[child] = pos(key_node)
                anchors[child] = pos(key_node) if at_key(value_node) else pos(value_node)
                stack.append((value_node, child))
        elif isinstance(node, SequenceNode):
            for i, item in enumerate(node.value):
                child = (*path, i)
                anchors[child] = pos(item)
                stack.append((item, child))
        elif numbers is not None and isinstance(node, ScalarNode) and not node.style:
            numbers[path] = str(node.value)
    return Positions(anchors, keys)
