"""Writing a scalar that `yaml12` reads back unchanged (scaffolds, approvals, answers)."""

from __future__ import annotations

import re

from ankao.load.yaml12 import STR, resolve_plain

_PLAIN_SAFE = re.compile(r"^[^\s\-?:,\[\]{}#&*!|>'\"%@`~0-9][^:#\[\]{},]*$")


def yaml_scalar(text: str) -> str:
    """`text` as a YAML scalar: plain where that reads back unchanged, else double-quoted."""
    import json

    # Plain only where our YAML 1.2 reader gives the text back (`+0`, `.5`, `Null` would not).
    if (
        _PLAIN_SAFE.match(text)
        and text == text.strip()
        and resolve_plain(text) == STR
        and text.lower() not in {"yes", "no", "on", "off"}
    ):
        return text
    return json.dumps(text, ensure_ascii=False)
