"""Where the shipped schemas and templates live, in a wheel or in a source checkout."""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent  # ankao/


@cache
def resource_dir(name: str) -> Path:
    """`schemas` or `templates`: inside the installed package, else beside it (checkout)."""
    for candidate in (_PACKAGE / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"ankao 安装不完整：找不到 {name} 文件夹")
