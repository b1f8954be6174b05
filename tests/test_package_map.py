"""The documented layers agree with the tree: `ankao/__init__.py`'s map, the README's module
table and the import-linter layers contract name exactly the packages and modules of ankao/."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "ankao"


def tree() -> set[str]:
    """The top-level packages and modules of ankao/ (without the package's own files)."""
    names = {p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").is_file()}
    names |= {p.stem for p in PACKAGE.glob("*.py") if p.stem not in ("__init__", "__main__")}
    return names


def test_the_package_map_names_every_package() -> None:
    import ankao

    doc = ankao.__doc__ or ""
    named = set(re.findall(r"`([a-z_]+)/?`", doc)) & (tree() | {"x"})
    mentioned = {n for n in tree() if re.search(rf"`{n}/?`", doc)}
    assert mentioned == tree(), sorted(tree() - mentioned)
    assert named <= tree()


def test_the_readme_module_table_names_every_package() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = set(re.findall(r"^\| `ankao/([a-z_]+)(?:/|\.py)`", readme, re.MULTILINE))
    for cell in re.findall(r"^\| ((?:`ankao/[a-z_]+\.py`、?)+) \|", readme, re.MULTILINE):
        rows |= set(re.findall(r"`ankao/([a-z_]+)\.py`", cell))
    assert rows == tree(), (sorted(tree() - rows), sorted(rows - tree()))


def test_the_layers_contract_names_every_package() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = config["tool"]["importlinter"]["contracts"]
    layers = next(c for c in contracts if c["type"] == "layers")
    assert layers.get("exhaustive") is True
    named = {n.strip() for layer in layers["layers"] for n in re.split(r"[|:]", layer)}
    assert named - {"__main__"} == tree(), sorted(tree() ^ (named - {"__main__"}))
    assert len(layers["layers"]) >= 5
