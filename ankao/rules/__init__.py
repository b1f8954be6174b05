"""The rules of `ankao check` (SPEC §3): one registry, applied to a schema-valid task book.

Each rule lives in the module of its family (metrics, wording, coverage,
people, identity) as a check function declared with `@rule(code, severity,
**thresholds)`; `RULES` below is the one place they are registered, in the
order their findings are produced. `ankao.yaml` sets each rule's severity (or
`off`) and thresholds; a malformed threshold falls back to its default (the
config's schema reports it in ankao.yaml).
"""

from __future__ import annotations

from typing import Any

from ankao.findings import Finding, Severity
from ankao.load.config import Config
from ankao.model.book import TaskBook
from ankao.rules import coverage, identity, metrics, people, progress, wording
from ankao.rules.base import Context, Hit, Rule
from ankao.rules.stats import book_stats

RULES: tuple[Rule, ...] = (
    identity.term_mismatch,
    wording.profile_length,
    coverage.section_empty,
    coverage.aspect_coverage,
    coverage.phd_targets,
    metrics.quantitative_share,
    metrics.metric_incomplete,
    metrics.metric_direction,
    metrics.milestones,
    metrics.actuals_year,
    wording.criteria_missing,
    wording.vague_wording,
    people.owner_not_member,
    people.principals_missing,
    identity.duplicate_id,
    wording.placeholder,
    wording.cjk_line_join,
    progress.behind_milestone,
)
"""Every rule of `ankao check`, by code in SPEC §3 plus `section-empty`."""

BY_CODE: dict[str, Rule] = {r.code: r for r in RULES}

__all__ = [
    "BY_CODE",
    "RULES",
    "Context",
    "Hit",
    "Rule",
    "apply_rules",
    "book_stats",
    "options",
    "plan",
]


def _valid(value: Any, default: Any) -> bool:
    """A configured threshold of the same type as its default (bool is no number)."""
    if isinstance(value, bool):
        return False
    if isinstance(default, float):
        return isinstance(value, (int, float)) and 0 < value < 1
    if isinstance(default, int):
        return isinstance(value, int) and value >= 1
    if isinstance(default, list):
        return isinstance(value, list) and all(isinstance(v, str) for v in value)
    return True


def options(rule: Rule, config: Config) -> dict[str, Any]:
    """A rule's thresholds: from ankao.yaml where well-formed, else the defaults."""
    out = {}
    for key, default in rule.options.items():
        value = config.option(rule.code, key, default)
        out[key] = value if _valid(value, default) else default
    return out


_Plan = list[tuple[Rule, Severity, dict[str, Any]]]
_last_plan: tuple[Config, _Plan] | None = None


def plan(config: Config) -> _Plan:
    """Each rule the config leaves on, with its severity and thresholds, in `RULES` order.

    Worked out once per config (a frozen record; a run has one) rather than for each of
    a thousand books.
    """
    global _last_plan
    if _last_plan is None or _last_plan[0] is not config:
        steps = []
        for rule in RULES:
            severity = config.severity(rule.code, rule.severity)
            if severity is not None:
                steps.append((rule, severity, options(rule, config)))
        _last_plan = (config, steps)
    return _last_plan[1]


def apply_rules(book: TaskBook, config: Config) -> tuple[list[Finding], dict[str, Any]]:
    """The rule findings and the stats of one task book."""
    ctx = Context.of(book, config)
    findings = []
    for rule, severity, settings in plan(config):
        for hit in rule.check(ctx, settings):
            findings.append(book.finding(hit.path, rule.code, hit.message, severity, key=hit.key))
    return findings, book_stats(book)
