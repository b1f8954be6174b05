"""`ankao.yaml`: the repository's configuration, with the built-in defaults (SPEC §1).

A bad config is a finding in `ankao.yaml`, never a crash: the defaults then
apply to whatever could not be read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ankao.findings import Severity
from ankao.load.document import DEFAULT_MAX_BYTES, Document, load_file

CONFIG_NAME = "ankao.yaml"


@dataclass(frozen=True, slots=True)
class Config:
    """The settings every command reads; `Config()` is the built-in default."""

    root: Path = field(default_factory=Path.cwd)
    school: str | None = None
    term: tuple[int, int] | None = None
    units: dict[str, str] = field(default_factory=dict)
    rules: dict[str, Any] = field(default_factory=dict)
    reviewers: dict[str, list[str]] | None = None
    grades: dict[str, Any] = field(default_factory=dict)
    templates: Path | None = None
    max_file_size: int = DEFAULT_MAX_BYTES
    deadlines: dict[str, str] = field(default_factory=dict)
    """A date (YYYY-MM-DD) per stage key of SPEC §7 by which each unit should reach it."""
    path: Path | None = None
    """The `ankao.yaml` this came from, if any."""
    previous_term: str | None = None
    """The last term's repository as written in `ankao.yaml` (relative to `root`; §10)."""

    def severity(self, code: str, default: Severity) -> Severity | None:
        """The configured severity of a rule; None when it is turned off."""
        setting = self.rules.get(code)
        if isinstance(setting, dict):
            setting = setting.get("severity")
        if setting is None:
            return default
        return None if setting == "off" else Severity(setting)

    def option(self, code: str, key: str, default: Any) -> Any:
        """A rule's threshold (`min_share`, `max_chars`, `words`) or its default."""
        setting = self.rules.get(code)
        if isinstance(setting, dict) and key in setting:
            return setting[key]
        return default


SCHOOL_PLACEHOLDER = "（请填写学校名称）"
"""What `ankao init` writes as the school when none is given."""


def is_placeholder(text: str) -> bool:
    """Text still a placeholder of ankao's templates (待填写…, （请填写学校名称）)."""
    text = text.strip()
    return text.startswith(("待填写", "（请填写"))


def find_root(start: Path) -> Path:
    """The folder of the nearest `ankao.yaml` at or above `start`, else `start`."""
    start = start.resolve()
    here = start if start.is_dir() else start.parent
    for folder in (here, *here.parents):
        if (folder / CONFIG_NAME).is_file():
            return folder
    return here


def load_config(root: Path) -> tuple[Config, Document | None]:
    """The config of the repository at `root` and its loaded document (None if absent).

    Schema findings are left to the validator; here every key that is
    well-formed is taken and every other one falls back to its default.
    """
    path = root / CONFIG_NAME
    if not path.is_file():
        return Config(root=root), None
    doc = load_file(path, CONFIG_NAME)
    data = doc.data if isinstance(doc.data, dict) else {}
    return from_data(root, data, path), doc


def from_data(root: Path, data: dict[str, Any], path: Path | None = None) -> Config:
    """A `Config` from already-loaded `ankao.yaml` data, ignoring malformed keys."""
    term = data.get("term")
    term_pair = None
    if (
        isinstance(term, dict)
        and isinstance(term.get("start"), int)
        and isinstance(term.get("end"), int)
    ):
        term_pair = (term["start"], term["end"])
    units = data.get("units")
    rules = data.get("rules")
    reviewers = data.get("reviewers")
    grades = data.get("grades")
    templates = data.get("templates")
    limits = data.get("limits")
    max_size = limits.get("max_file_size") if isinstance(limits, dict) else None
    return Config(
        root=root,
        school=data["school"]
        if isinstance(data.get("school"), str) and not is_placeholder(data["school"])
        else None,
        term=term_pair,
        units={k: v for k, v in units.items() if v in ("office", "teaching")}
        if isinstance(units, dict)
        else {},
        rules={k: v for k, v in rules.items() if _valid_rule(v)} if isinstance(rules, dict) else {},
        reviewers={
            k: [s for s in v if isinstance(s, str)]
            for k, v in reviewers.items()
            if isinstance(v, list)
        }
        if isinstance(reviewers, dict)
        else None,
        grades=grades if isinstance(grades, dict) else {},
        templates=(root / templates) if isinstance(templates, str) else None,
        max_file_size=max_size
        if isinstance(max_size, int) and max_size >= 1024
        else DEFAULT_MAX_BYTES,
        deadlines=_deadlines(data.get("deadlines")),
        path=path,
        previous_term=previous
        if isinstance(previous := data.get("previous_term"), str) and previous.strip()
        else None,
    )


def _deadlines(value: Any) -> dict[str, str]:
    """`deadlines:` as written, keeping the well-formed entries (the schema reports the rest)."""
    import re

    if not isinstance(value, dict):
        return {}
    return {
        k: v
        for k, v in value.items()
        if isinstance(k, str) and isinstance(v, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", v)
    }


def _valid_rule(value: Any) -> bool:
    if value in ("error", "warning", "off"):
        return True
    return isinstance(value, dict) and value.get("severity", "error") in ("error", "warning", "off")
