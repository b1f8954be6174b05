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

from ankao.findings import Finding, Locatable, PathPart, has_errors
from ankao.model.book import Positions
from ankao.slots import pickle_fields


@dataclass(slots=True)
class Loaded(Locatable):
    """One file of the repository after loading and schema checks."""

    __reduce__ = pickle_fields

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
        return self.loaded and not has_errors(self.findings)

    @property
    def mapping(self) -> dict[str, Any]:
        """The data when it is a mapping, else an empty one."""
        return self.data if isinstance(self.data, dict) else {}

    def locate(self, parts: Sequence[PathPart], *, key: bool = False) -> tuple[int, int]:
        return self.positions.locate(parts, key=key)


class LocalPositions(Positions):
    """Positions that stay in the process that read the file.

    Pickled (to leave a worker process) it becomes an empty `Positions`: a task
    book's model keeps the lines of its parts and targets, which is what the
    cross-file checks need, and the full record would cost more to send than to
    rebuild.
    """

    __slots__ = ()

    def __reduce__(self) -> tuple[Any, ...]:
        return (Positions, ())


class NodePositions(LocalPositions):
    """Positions read on demand from a node tree, each mapping indexed once.

    Building a task book asks for the line of every target and field; walking
    only those paths, with a key index per mapping, costs far less than
    recording every node. Pickled it becomes an empty `Positions`, like its base.
    """

    __slots__ = ("root", "_maps", "_nodes")

    def __init__(self, root: Any) -> None:
        super().__init__()
        self.root = root
        self._maps: dict[int, dict[str, tuple[Any, Any]]] = {}
        self._nodes: dict[tuple[PathPart, ...], tuple[Any, Any, bool]] = {}

    @property
    def known(self) -> bool:
        return self.root is not None

    def _entries(self, node: Any) -> dict[str, tuple[Any, Any]]:
        found = self._maps.get(id(node))
        if found is None:
            found = self._maps[id(node)] = mapping_entries(node)
        return found

    def _walk(self, parts: Sequence[PathPart]) -> tuple[Any, Any, bool]:
        """(node, anchor node, whole path found) at `parts`; each prefix is walked once."""
        path = tuple(parts)
        hit = self._nodes.get(path)
        if hit is not None:
            return hit
        if not path:
            hit = (self.root, self.root, True)
        else:
            node, anchor, whole = self._walk(path[:-1])
            hit = self._step(node, anchor, path[-1]) if whole else (node, anchor, False)
        self._nodes[path] = hit
        return hit

    def _step(self, node: Any, at: Any, part: PathPart) -> tuple[Any, Any, bool]:
        from yaml.nodes import MappingNode, SequenceNode

        if isinstance(node, MappingNode) and isinstance(part, str):
            found = self._entries(node).get(part)
            if found is None:
                return node, at, False
            key_node, child = found
            return child, anchor(key_node, child), True
        if isinstance(node, SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
            child = node.value[part]
            return child, child, True
        return node, at, False

    def locate(self, parts: Sequence[PathPart], *, key: bool = False) -> tuple[int, int]:
        if self.root is None:
            return (1, 1)
        if key and parts:
            from yaml.nodes import MappingNode

            parent, _, whole = self._walk(parts[:-1])
            if whole and isinstance(parent, MappingNode) and isinstance(parts[-1], str):
                hit = self._entries(parent).get(parts[-1])
                if hit is not None:
                    mark = hit[0].start_mark
                    return (mark.line + 1, mark.column + 1)
        _, at, _ = self._walk(parts)
        mark = at.start_mark
        return (mark.line + 1, mark.column + 1)


class FilePositions(Positions):
    """A file's positions, found when first asked for: most files of a pass never are.

    In the process that read the file they come from its node tree. Pickled (to
    leave a worker process) it keeps only the path and a digest of the text that
    was read: asked there, it reads the file again and locates in it, unless the
    text changed since (then it locates at the start of the file, 1:1).
    """

    __slots__ = ("path", "digest", "max_bytes", "_root", "_found")

    def __init__(self, path: str, digest: str, max_bytes: int, root: Any = None) -> None:
        super().__init__()
        self.path, self.digest, self.max_bytes = path, digest, max_bytes
        self._root = root
        self._found: Positions | None = None

    @property
    def known(self) -> bool:
        return True

    def __reduce__(self) -> tuple[Any, ...]:
        return (FilePositions, (self.path, self.digest, self.max_bytes))

    def locate(self, parts: Sequence[PathPart], *, key: bool = False) -> tuple[int, int]:
        if self._found is None:
            root = self._root if self._root is not None else self._read_again()
            self._found = NodePositions(root) if root is not None else Positions()
            self._root = None
        return self._found.locate(parts, key=key)

    def _read_again(self) -> Any:
        from pathlib import Path

        from ankao.load.document import load_file

        doc = load_file(Path(self.path), self.path, max_bytes=self.max_bytes)
        return doc.node if doc.loaded and text_digest(doc.text) == self.digest else None


def text_digest(text: str) -> str:
    """A short digest of a file's text: the same text read again is the same file.

    Not a security measure (the file is ours to read either way): it tells a file
    changed between the pass and a finding's placing, so CRC-32 and the length do.
    """
    import zlib

    data = text.encode("utf-8", "surrogatepass")
    return f"{len(data)}:{zlib.crc32(data):08x}"


def anchor(key_node: Any, value_node: Any) -> Any:
    """Where a mapping entry is shown (the rule of `yamltree.locate`): a block collection or
    block scalar at its key, where a reader looks for it; anything else at its value."""
    from yaml.nodes import ScalarNode

    if isinstance(value_node, ScalarNode):
        return key_node if value_node.style in ("|", ">") else value_node
    return value_node if getattr(value_node, "flow_style", None) is True else key_node


def mapping_entries(node: Any, _seen: set[int] | None = None) -> dict[str, tuple[Any, Any]]:
    """(key node, value node) by key of a mapping node: the last of a repeated key wins, and
    `<<` merges fill in what is not given explicitly, earlier sources first (a cycle once)."""
    from yaml.nodes import MappingNode, ScalarNode, SequenceNode

    seen = _seen if _seen is not None else set()
    seen.add(id(node))
    found: dict[str, tuple[Any, Any]] = {}
    merges = []
    for key_node, value_node in node.value:
        if isinstance(key_node, ScalarNode):
            if key_node.value == "<<" and not key_node.style:
                merges.append(value_node)
            else:
                found[key_node.value] = (key_node, value_node)
    for merge in merges:
        for source in merge.value if isinstance(merge, SequenceNode) else [merge]:
            if isinstance(source, MappingNode) and id(source) not in seen:
                for name, entry in mapping_entries(source, seen).items():
                    found.setdefault(name, entry)
    return found
