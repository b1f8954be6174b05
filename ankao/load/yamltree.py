"""The node tree of a YAML file: walking it, measuring what its aliases expand to, locating
a data path in it.

`yaml12` composes the tree and builds the data from it; what reads the tree
afterwards (where a finding goes, which scalars are quoted) is here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ankao.findings import PathPart

MAX_DEPTH = 200
"""Deeper nesting than this is no task book; refuse rather than recurse."""

# Characters XML 1.0 cannot hold: they would break the .docx writer later.
XML_ILLEGAL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")

QUOTES = ('"', "'")


def logical_size(root: Node) -> tuple[int, int, int]:
    """(physical nodes, nodes and text bytes after alias expansion); linear, no recursion.

    Each node's expanded size is computed once from its children's, so a string
    aliased thousands of times is measured without being copied.
    """
    sizes: dict[int, tuple[int, int]] = {}
    physical = 0
    stack: list[tuple[Node, bool]] = [(root, False)]
    on_path: set[int] = set()
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            on_path.discard(key)
            if isinstance(node, ScalarNode):
                sizes[key] = (1, len(node.value.encode("utf-8", "surrogatepass")) + 1)
                continue
            count, size = 1, 2
            for child in children(node):
                c, b = sizes.get(id(child), (1, 1))
                count += c
                size += b
            sizes[key] = (count, size)
            continue
        if key in sizes or key in on_path:
            continue
        physical += 1
        on_path.add(key)
        stack.append((node, True))
        for child in children(node):
            if id(child) not in sizes:
                stack.append((child, False))
    count, size = sizes.get(id(root), (1, 1))
    return physical, count, size


def children(node: Node) -> list[Node]:
    if isinstance(node, MappingNode):
        return [n for pair in node.value for n in pair]
    if isinstance(node, SequenceNode):
        return list(node.value)
    return []


def largest_shared(root: Node) -> Node:
    """The node referenced most often by aliases: where a bomb starts."""
    counts: dict[int, int] = {}
    nodes: dict[int, Node] = {}
    stack = [root]
    visited: set[int] = set()
    while stack:
        node = stack.pop()
        for child in children(node):
            counts[id(child)] = counts.get(id(child), 0) + 1
            nodes[id(child)] = child
            if id(child) not in visited:
                visited.add(id(child))
                stack.append(child)
    shared = [k for k, c in counts.items() if c > 1 and not isinstance(nodes[k], ScalarNode)]
    shared = shared or [k for k, c in counts.items() if c > 1]  # one long string, aliased often
    if not shared:
        return root
    return min((nodes[k] for k in shared), key=lambda n: (n.start_mark.line, n.start_mark.column))


_INDEX = "_ankao_index"


def _index(node: MappingNode) -> tuple[dict[str, tuple[Node, Node]], list[Node]]:
    """The keys of a mapping node (raw and as cleaned) and its merge sources, built once."""
    cached: tuple[dict[str, tuple[Node, Node]], list[Node]] | None = node.__dict__.get(_INDEX)
    if cached is None:
        keys: dict[str, tuple[Node, Node]] = {}
        merges: list[Node] = []
        for key_node, value_node in node.value:
            if isinstance(key_node, ScalarNode):
                keys[key_node.value] = (key_node, value_node)  # the last one wins, as in the data
                cleaned = XML_ILLEGAL_RE.sub("", key_node.value)
                if cleaned != key_node.value:
                    keys[cleaned] = (key_node, value_node)
                if key_node.value == "<<" and not key_node.style:
                    merges.append(value_node)
        cached = (keys, merges)
        node.__dict__[_INDEX] = cached
    return cached


def _lookup(node: MappingNode, key: str, depth: int = 0) -> tuple[Node, Node] | None:
    keys, merges = _index(node)
    found = keys.get(key)
    if found is not None or depth > MAX_DEPTH:
        return found
    for merge in merges:
        for source in merge.value if isinstance(merge, SequenceNode) else [merge]:
            if isinstance(source, MappingNode) and (hit := _lookup(source, key, depth + 1)):
                return hit
    return None


def locate(root: Node | None, parts: Sequence[PathPart], *, key: bool = False) -> tuple[int, int]:
    """1-based (line, column) of the node at `parts`, or its nearest existing ancestor.

    With `key=True` the position of the mapping key itself is given (for a finding
    about the key, such as an unknown property). A block collection is located at
    its key, where a reader looks for it, rather than at its first child.
    """
    if root is None:
        return (1, 1)
    node: Node = root
    anchor: Node = root
    for i, part in enumerate(parts):
        last = i == len(parts) - 1
        if isinstance(node, MappingNode) and isinstance(part, str):
            hit = _lookup(node, part)
            if hit is None:
                break
            key_node, value_node = hit
            node = value_node
            if (
                (last and key)
                or (
                    not isinstance(value_node, ScalarNode)
                    and getattr(value_node, "flow_style", None) is not True
                )
                or (isinstance(value_node, ScalarNode) and value_node.style in ("|", ">"))
            ):
                anchor = key_node
            else:
                anchor = value_node
        elif (
            isinstance(node, SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value)
        ):
            node = node.value[part]
            anchor = node
        else:
            break
    mark = anchor.start_mark
    return (mark.line + 1, mark.column + 1)


def is_plain(node: ScalarNode) -> bool:
    """True for an unquoted, non-block scalar (libyaml says '' where PyYAML says None)."""
    return not node.style


def walk_scalars(root: Node, visit: Callable[[ScalarNode], None]) -> None:
    """Call `visit` on every scalar node once (aliases visited once)."""
    for node in scalars(root):
        visit(node)


def scalars(root: Node) -> list[ScalarNode]:
    """Every scalar node of the tree once (aliases once), keys included, in no set order."""
    seen: set[int] = set()
    stack = [root]
    out: list[ScalarNode] = []
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, ScalarNode):
            out.append(node)
        elif isinstance(node, MappingNode):
            for pair in node.value:
                stack.extend(pair)
        else:
            stack.extend(node.value)
    return out


def multiline_quoted(root: Node) -> list[tuple[int, int, int, int, str]]:
    """(start line, start column, end line, end column, quote) of each quoted scalar that
    spans lines, 0-based, sorted."""
    return spans(
        node
        for node in scalars(root)
        if node.style in QUOTES and node.end_mark.line > node.start_mark.line
    )


def spans(nodes: Iterable[ScalarNode]) -> list[tuple[int, int, int, int, str]]:
    """The sorted spans of `nodes`, each node once (an aliased one is met more than once)."""
    return sorted(
        {
            (n.start_mark.line, n.start_mark.column, n.end_mark.line, n.end_mark.column, n.style)
            for n in nodes
        }
    )


QUOTES = ('"', "'")
