"""YAML text -> node tree -> plain data, with YAML 1.2 core-schema meanings.

PyYAML implements YAML 1.1, where `on`, `no` and `2025-03-10` are not strings.
Here libyaml (PyYAML's C loader) composes the node tree; our resolvers give
plain scalars their YAML 1.2 core-schema types, and our constructor builds JSON-shaped
data (string keys, no dates) while it reports what PyYAML would hide: duplicate
keys, alias bombs, unsupported tags and control characters inside strings.
The node tree is kept so that any data path can be located (`yamltree.locate`) lazily,
only for files that have findings; `yamlwrite` writes a scalar this reader reads back.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.tokens import ScalarToken

from ankao.findings import PathPart
from ankao.load.yamltree import (
    MAX_DEPTH,
    QUOTES,
    XML_ILLEGAL_RE,
    largest_shared,
    logical_size,
    spans,
    walk_scalars,
)

STR = "tag:yaml.org,2002:str"
INT = "tag:yaml.org,2002:int"
FLOAT = "tag:yaml.org,2002:float"
BOOL = "tag:yaml.org,2002:bool"
NULL = "tag:yaml.org,2002:null"
SEQ = "tag:yaml.org,2002:seq"
MAP = "tag:yaml.org,2002:map"
TIMESTAMP = "tag:yaml.org,2002:timestamp"

MAX_NUMBER = 1e15
"""Largest magnitude of a number in a file: beyond it a float no longer holds every integer,
and no figure of a task book, review or grade comes near it."""
MIN_NUMBER = 1e-9
"""Smallest magnitude of a number other than 0 (1e-320 is a subnormal float: ratios of it overflow)."""

# YAML 1.2.2, 10.3.2 "Tag Resolution" of the core schema.
_NULL_RE = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL_RE = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_INT_RE = re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$")
_FLOAT_RE = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")

ALIAS_BUDGET = 200_000
"""Nodes that alias expansion may produce before we call it an alias bomb."""


CORE: tuple[tuple[str, re.Pattern[str], tuple[str, ...]], ...] = (
    (NULL, _NULL_RE, ("", "~", "n", "N")),
    (BOOL, _BOOL_RE, tuple("tTfF")),
    (INT, _INT_RE, tuple("0123456789-+.")),
    (FLOAT, _FLOAT_RE, tuple("0123456789-+.")),
)
"""The core schema's implicit tags: each tried, in order, on plain scalars starting with one of
its characters; a plain scalar none matches is a string."""


_BY_FIRST: dict[str, tuple[tuple[str, re.Pattern[str]], ...]] = {}
for _tag, _pattern, _firsts in CORE:
    for _first in _firsts:
        _BY_FIRST[_first] = (*_BY_FIRST.get(_first, ()), (_tag, _pattern))
"""`CORE` by a scalar's first character, in `CORE`'s order."""


def resolve_plain(value: str) -> str:
    """The core-schema tag of a plain (unquoted) scalar."""
    for tag, pattern in _BY_FIRST.get(value[:1], ()):
        if pattern.match(value):
            return tag
    return STR


# libyaml's loader (in every PyYAML wheel); the pure-Python one where libyaml is missing.
_BaseLoader: type[yaml.BaseLoader] = getattr(yaml, "CBaseLoader", yaml.BaseLoader)


class Loader(_BaseLoader):  # type: ignore[misc,valid-type]
    """PyYAML's base loader (no YAML 1.1 meanings) whose tags are those of `CORE`.

    `resolve` is the resolver's public hook, which the composer calls for every node:
    here it is `resolve_plain`, without PyYAML's general machinery (path resolvers,
    none here, and a list built for each of a file's thousands of scalars).
    """

    def resolve(self, kind: type[Node], value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is ScalarNode:
            return resolve_plain(value) if implicit[0] else STR
        return SEQ if kind is SequenceNode else MAP


def compose(text: str) -> Node | None:
    """Compose the single document of `text`; raises `yaml.YAMLError`.

    NEL, U+2028 and U+2029 are line breaks to libyaml (YAML 1.1) but ordinary
    characters in YAML 1.2 and in every editor: libyaml is shown stand-ins for
    them, so lines are counted as an editor counts them, and the scalars get
    the real characters back.
    """
    text, restore = hide_breaks(text)
    root: Node | None = yaml.compose(text, Loader=Loader)
    if root is not None and restore:
        table = str.maketrans(restore)

        def put_back(node: ScalarNode) -> None:
            node.value = node.value.translate(table)

        walk_scalars(root, put_back)
    return root


_YAML11_BREAKS = ("\x85", "\u2028", "\u2029")


def hide_breaks(text: str) -> tuple[str, dict[str, str]]:
    """`text` with YAML 1.1-only line breaks replaced by unused private-use characters."""
    present = [c for c in _YAML11_BREAKS if c in text]
    if not present:
        return text, {}
    swap: dict[str, str | int | None] = {}
    used = set(text)  # once: a file full of private-use characters stays linear
    candidate = 0xE000
    for char in present:
        while chr(candidate) in used:
            candidate += 1
        swap[char] = chr(candidate)
        candidate += 1
    return text.translate(str.maketrans(swap)), {str(v): k for k, v in swap.items()}


def quoted_scalars(text: str) -> list[tuple[int, int, int, int, str]]:
    """(start line, start column, end line, end column, quote) of each quoted scalar
    that spans lines, 0-based, as libyaml's scanner reads them up to any error."""
    text, _ = hide_breaks(text)
    out: list[tuple[int, int, int, int, str]] = []
    try:
        for token in yaml.scan(text, Loader=Loader):
            if isinstance(token, ScalarToken) and token.style in ('"', "'"):
                start, end = token.start_mark, token.end_mark
                if end.line > start.line:
                    out.append((start.line, start.column, end.line, end.column, token.style))
    except yaml.YAMLError:
        pass
    return out


@dataclass(slots=True)
class Problem:
    """Something the constructor noticed, at a node and a data path."""

    code: str
    severity: str
    message: str
    line: int
    column: int
    path: tuple[PathPart, ...]


@dataclass(slots=True)
class Constructed:
    """The data built from a node tree and the problems met on the way."""

    data: Any
    problems: list[Problem] = field(default_factory=list)
    ok: bool = True
    folded: bool = False
    """True when a plain or `>` text spans lines (YAML joins its lines with spaces)."""
    integral_float: bool = False
    """True when a float with an integral value (2026.0) stands in the data."""
    quoted: list[tuple[int, int, int, int, str]] | None = None
    """As `multiline_quoted` gives them, found while building; None when the building did
    not reach every node (an alias bomb refused, nesting too deep, a key or merge source
    that was not built)."""


def _short(text: str, limit: int = 30) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def _describe_tag(tag: str) -> str:
    return tag.replace("tag:yaml.org,2002:", "!!")


class _Constructor:
    """Builds JSON-shaped data from a node tree, collecting problems."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.path: list[PathPart] = []
        self.building: set[int] = set()
        self.folded = False
        self.quoted: list[ScalarNode] = []
        self.integral_float = False
        self.partial = False

    def problem(self, node: Node, code: str, message: str, severity: str = "error") -> None:
        mark = node.start_mark
        self.problems.append(
            Problem(code, severity, message, mark.line + 1, mark.column + 1, tuple(self.path))
        )

    def build(self, node: Node) -> Any:
        if len(self.path) > MAX_DEPTH:
            self.problem(node, "yaml-syntax", f"嵌套超过 {MAX_DEPTH} 层，不像是任务书，已停止读取")
            self.partial = True
            return None
        if isinstance(node, ScalarNode):
            return self.scalar(node)
        key = id(node)
        if key in self.building:
            self.problem(node, "alias-bomb", "别名（*引用）引用了它自身所在的结构，无法展开")
            return None
        self.building.add(key)
        try:
            if isinstance(node, SequenceNode):
                if node.tag != SEQ:
                    self.unsupported(node)
                out: list[Any] = []
                for index, item in enumerate(node.value):
                    self.path.append(index)
                    out.append(self.build(item))
                    self.path.pop()
                return out
            if node.tag != MAP:
                self.unsupported(node)
            assert isinstance(node, MappingNode)
            return self.mapping(node)
        finally:
            self.building.discard(key)

    def mapping(self, node: MappingNode) -> dict[str, Any]:
        out: dict[str, Any] = {}
        seen: dict[str, Node] = {}
        merged: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                self.problem(key_node, "yaml-syntax", "键必须是一段文字，不能是列表或映射")
                self.partial = True
                continue
            if key_node.style in QUOTES and key_node.end_mark.line > key_node.start_mark.line:
                self.quoted.append(key_node)
            key = key_node.value
            if XML_ILLEGAL_RE.search(key):
                key = self.clean(key_node, key, "键")
            if key == "<<" and key_node.tag == STR and not key_node.style:
                self.merge(value_node, merged)
                continue
            if key in seen:
                first = seen[key].start_mark
                self.path.append(key)
                self.problem(
                    key_node,
                    "duplicate-key",
                    f"键“{key}”重复：第 {first.line + 1} 行已经写过一次。"
                    "YAML 只保留最后一个值，前面的内容会丢失；请合并或删去其中一个",
                )
                self.path.pop()
            seen[key] = key_node
            self.path.append(key)
            out[key] = self.build(value_node)
            self.path.pop()
        for key, value in merged.items():
            out.setdefault(key, value)
        return out

    def merge(self, node: Node, into: dict[str, Any]) -> None:
        """YAML merge keys (`<<: *defaults`): explicit keys win, earlier sources win."""
        sources = node.value if isinstance(node, SequenceNode) else [node]
        for source in sources:
            if not isinstance(source, MappingNode):
                self.problem(source, "yaml-syntax", "合并键“<<”的值必须是映射或映射的列表")
                self.partial = True
                continue
            if id(source) in self.building:
                # `a: &a {<<: *a}` would recurse forever: the same refusal as for aliases.
                self.problem(source, "alias-bomb", "合并键“<<”引用了它自身所在的映射，无法展开")
                continue
            self.building.add(id(source))
            try:
                for key, value in self.mapping(source).items():
                    into.setdefault(key, value)
            finally:
                self.building.discard(id(source))

    def scalar(self, node: ScalarNode) -> Any:
        tag, value = node.tag, node.value
        if node.style in QUOTES and node.end_mark.line > node.start_mark.line:
            self.quoted.append(node)
        if tag in (STR, TIMESTAMP):
            if node.style in _JOINED and node.end_mark.line != node.start_mark.line:
                self.folded = True
            if XML_ILLEGAL_RE.search(value):
                return self.clean(node, value, "文字")
            return value
        if tag == NULL:
            return None
        if tag == BOOL:
            return value.lower() == "true"
        if tag == INT:
            try:
                if value.startswith(("0o", "0x")):
                    whole = int(value[2:], 8 if value[1] == "o" else 16)
                else:
                    whole = int(value)
                if abs(whole) > MAX_NUMBER:
                    return self.out_of_range(node, value)
                return whole
            except ValueError:  # also Python's limit on the digits of an int
                self.problem(
                    node,
                    "yaml-syntax",
                    f"“{_short(value)}”不是可以读取的整数（位数太多或写法不对）",
                )
                return value
        if tag == FLOAT:
            try:
                real = float(value)
            except ValueError:
                self.problem(node, "yaml-syntax", f"“{_short(value)}”不是数字")
                return value
            if not math.isfinite(real) or abs(real) > MAX_NUMBER:
                # 1e400 would be infinity: no task book means that, and JSON cannot hold it.
                return self.out_of_range(node, value)
            if real != 0 and abs(real) < MIN_NUMBER:
                return self.out_of_range(node, value)
            if real.is_integer():
                self.integral_float = True
            return real
        self.unsupported(node)
        return value

    def out_of_range(self, node: Node, value: str) -> str:
        """A number no task book holds (10^400, 1e308, 1e-320): said at its line, kept as text."""
        self.problem(
            node,
            "yaml-syntax",
            f"数字“{_short(value)}”超出了可以计算的范围（不能超过一千万亿，不为 0 时不能小于十亿分之一）："
            "请核对是否多写或少写了位数",
        )
        return value

    def clean(self, node: Node, value: str, what: str) -> str:
        """`value` without the characters Word cannot hold, with a warning saying which."""
        removed = ", ".join(sorted({f"U+{ord(c):04X}" for c in XML_ILLEGAL_RE.findall(value)})[:10])
        self.problem(
            node,
            "control-character",
            f"{what}中含有 Word 文档无法保存的控制字符（{removed}），已删除",
            "warning",
        )
        return XML_ILLEGAL_RE.sub("", value)

    def unsupported(self, node: Node) -> None:
        self.problem(
            node,
            "yaml-syntax",
            f"不支持 YAML 标签“{_describe_tag(node.tag)}”：任务书只用文字、数字、列表和映射，请删去该标签",
        )


def construct(
    root: Node | None, *, max_bytes: int = 1024 * 1024, anchored: bool = True
) -> Constructed:
    """Plain data from a composed node tree; refuses alias bombs.

    A bomb is alias expansion beyond `ALIAS_BUDGET` nodes, or beyond `max_bytes`
    of text (the file size limit applies to what a file expands to). Only a text
    with an anchor (`&`) can alias anything: `anchored=False` (its text has no `&`)
    skips the measuring.
    """
    if root is None:
        return Constructed(None)
    message = "" if not anchored else _bomb(root, max_bytes)
    if message:
        mark = largest_shared(root).start_mark
        return Constructed(
            None,
            [Problem("alias-bomb", "error", message, mark.line + 1, mark.column + 1, ())],
            ok=False,
        )
    builder = _Constructor()
    data = builder.build(root)
    quoted = None if builder.partial else spans(builder.quoted)
    return Constructed(
        data,
        builder.problems,
        folded=builder.folded,
        integral_float=builder.integral_float,
        quoted=quoted,
    )


def _bomb(root: Node, max_bytes: int) -> str:
    """Why the aliases of `root` expand too far to be built, or ""."""
    physical, logical, size = logical_size(root)
    message = ""
    if logical > ALIAS_BUDGET and logical > 2 * physical:
        message = (
            f"别名（*引用）展开后将有约 {logical:,} 个节点（文件本身只有 {physical:,} 个），"
            "疑似“别名炸弹”，已拒绝展开。请不要层层嵌套地重复引用锚点（&）"
        )
    elif size > max_bytes and logical > physical:
        message = (
            f"别名（*引用）展开后的内容约有 {_bytes(size)}，超过文件大小上限 {_bytes(max_bytes)}，"
            "疑似“别名炸弹”，已拒绝展开。请不要反复引用很长的内容"
        )
    return message


_JOINED = (None, "", ">")
"""Styles whose line breaks YAML turns into spaces: plain (PyYAML None, libyaml '') and folded."""


def _bytes(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MiB" if n >= 1024 * 1024 else f"{n / 1024:.0f} KiB"


YAMLError = yaml.YAMLError
