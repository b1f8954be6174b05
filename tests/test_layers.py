"""The layers hold beyond what import-linter sees: no import cycle, no private parts of libraries.

import-linter (`make lint`) checks the layers between packages; a cycle within a
layer, or one hidden in an import inside a function, under `TYPE_CHECKING` or in
`importlib.import_module("ankao…")`, it cannot see. This test reads every import
statement of `ankao/` itself (issue 22). It also holds what STYLE asks of every
module of `ankao/`: no private parts of python-docx, Typer, PyYAML or
concurrent.futures; no function past 60 lines and no module past 500; and the
library first: only `cli/` and `reporters/` set a report's `extra` JSON keys."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ANKAO = Path(__file__).resolve().parent.parent / "ankao"

KNOWN_CYCLES: list[set[str]] = []
"""None: a cycle found is a failure."""

FORBIDDEN = {
    "__class__ assignment": re.compile(r"\.__class__\s*=(?!=)"),
    "._blob": re.compile(r"\._blob\b"),
    "typer._": re.compile(r"\btyper\._"),
    "_TyperParameter": re.compile(r"_TyperParameter"),
    "rich_utils._": re.compile(r"\brich_utils\._"),
    "yaml._yaml": re.compile(r"\byaml\._yaml\b"),
    "docx.oxml.parser": re.compile(r"\bdocx\.oxml\.parser\b"),
    "._processes": re.compile(r"\._processes\b"),
    "._executor_manager_thread": re.compile(r"\._executor_manager_thread\b"),
    'getattr(pool, "_processes")': re.compile(r"[\"']_(?:processes|executor_manager_thread)[\"']"),
    "openpyxl's cell store and style array": re.compile(r"(?<!\bself)\.(?:_cells|_value|_style)\b"),
    "python-docx's XML elements": re.compile(
        r"(?<!\bself)\.(?:_tc|_tr|_tbl|_p|_r|_element)\b(?!\()"
    ),
    "concurrent.futures.process._": re.compile(
        r"\bfrom\s+concurrent\.futures\.process\s+import\s+\(?\s*_|concurrent\.futures\.process\._"
    ),
}
"""Private parts of python-docx, openpyxl, Typer, PyYAML and concurrent.futures (a pool's
workers and manager thread) that issue 22 keeps out of ankao/."""

KNOWN_PRIVATE: set[str] = set()
"""None: every Word part goes through ankao's own package writer."""


def _modules() -> dict[str, Path]:
    """Every module of ankao by its dotted name (a package by its own name)."""
    out = {}
    for path in sorted(ANKAO.rglob("*.py")):
        parts = list(path.relative_to(ANKAO.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


MODULES = _modules()


def _target(name: str) -> str | None:
    """The ankao module an imported name stands for: itself, or the module that defines it."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def _imports(module: str, path: Path) -> set[str]:
    """Every ankao module `module` imports, wherever the statement stands."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    names: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            names += [f"{base}.{a.name}" for a in node.names] + [base]
        elif isinstance(node, ast.Call) and _is_import_module(node):
            names += _dynamic(node.args[0])
    found = {_target(n) for n in names if n == "ankao" or n.startswith("ankao.")}
    return {m for m in found if m is not None and m != module}


def _is_import_module(node: ast.Call) -> bool:
    func = node.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    return name == "import_module" and bool(node.args)


def _dynamic(arg: ast.expr) -> list[str]:
    """`"ankao.x"` -> that module; `f"ankao.cli.{name}"` -> every module under `ankao.cli.`."""
    if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
        return [arg.value]
    if isinstance(arg, ast.JoinedStr) and arg.values and isinstance(arg.values[0], ast.Constant):
        prefix = str(arg.values[0].value)
        return [m for m in MODULES if m.startswith(prefix) and m != prefix.rstrip(".")]
    return []


def _cycles(graph: dict[str, set[str]]) -> list[set[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[set[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = set()
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.add(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(component)

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


GRAPH = {m: _imports(m, p) for m, p in MODULES.items()}


def test_the_walk_sees_every_kind_of_import() -> None:
    assert "ankao.cli.diagnose" in GRAPH["ankao.cli"]  # importlib.import_module(f"ankao.cli.{…}")
    assert "ankao.cli.usage" in GRAPH["ankao.cli"]  # inside a function
    assert "ankao.findings" in GRAPH["ankao.cli.shared"]  # under TYPE_CHECKING
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [{"a", "b", "c"}]


def test_no_import_cycle_between_modules() -> None:
    cycles = [c for c in _cycles(GRAPH) if c not in KNOWN_CYCLES]
    assert not cycles, "import cycles: " + "; ".join(" <-> ".join(sorted(c)) for c in cycles)


def test_no_private_parts_of_other_libraries() -> None:
    found = []
    for path in sorted(ANKAO.rglob("*.py")):
        name = path.relative_to(ANKAO).as_posix()
        if name in KNOWN_PRIVATE:
            continue
        text = path.read_text(encoding="utf-8")
        for what, pattern in FORBIDDEN.items():
            for m in pattern.finditer(text):
                found.append(f"ankao/{name}:{text.count(chr(10), 0, m.start()) + 1}: {what}")
    assert not found, "\n".join(found)


EDGE = ("cli", "reporters")
"""The packages that turn a core function's typed result into a command's JSON keys."""

_EXTRA_METHODS = {"update", "setdefault", "__setitem__", "pop", "clear"}


def _extra_writes(tree: ast.AST) -> list[int]:
    """The lines that set a report's `extra`: `x.extra = …`, `x.extra[k] = …`, `x.extra.update(…)`."""
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr == "extra":
            if isinstance(node.ctx, ast.Store | ast.Del):
                lines.append(node.lineno)
        elif isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Store | ast.Del):
            value = node.value
            if isinstance(value, ast.Attribute) and value.attr == "extra":
                lines.append(node.lineno)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            owner = node.func.value
            named = isinstance(owner, ast.Attribute) and owner.attr == "extra"
            if named and node.func.attr in _EXTRA_METHODS:
                lines.append(node.lineno)
    return lines


def test_the_walk_sees_every_write_to_extra() -> None:
    code = "r.extra = {}\nr.extra['a'] = 1\nr.extra.update(a=1)\ndel r.extra['a']\nr.extra.get('a')"
    assert _extra_writes(ast.parse(code)) == [1, 2, 3, 4]


def test_only_the_edge_sets_a_reports_extra_keys() -> None:
    """Library first: core functions return typed results; the command line builds the JSON."""
    found = []
    for path in sorted(ANKAO.rglob("*.py")):
        if path.relative_to(ANKAO).parts[0] in EDGE:
            continue
        for line in _extra_writes(ast.parse(path.read_text(encoding="utf-8"))):
            found.append(f"{path.relative_to(ANKAO.parent).as_posix()}:{line}")
    assert not found, "a report's extra set outside cli/ and reporters/:\n" + "\n".join(found)


LONG_FUNCTION = 60
"""STYLE: a function past ~60 lines is two functions."""


def test_functions_within_sixty_lines() -> None:
    """Every function of every module of ankao/, nested ones too (issue 22)."""
    long = []
    for path in sorted(ANKAO.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > LONG_FUNCTION:
                    where = path.relative_to(ANKAO.parent).as_posix()
                    long.append(f"{where}:{node.lineno} {node.name}: {length} lines")
    assert not long, "\n".join(long)


LONG_MODULE = 500
"""STYLE: past ~500 lines a module becomes a package."""


def test_modules_within_five_hundred_lines() -> None:
    long = []
    for path in sorted(ANKAO.rglob("*.py")):
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > LONG_MODULE:
            long.append(f"{path.relative_to(ANKAO.parent).as_posix()}: {lines} lines")
    assert not long, "\n".join(long)
