"""Routing defaults in code are the ones `ankao init` writes, so the two cannot drift."""

from __future__ import annotations

import yaml

from ankao.load.config import Config
from ankao.load.resources import resource_dir
from ankao.reviews.routing import DEFAULT_REVIEWERS, DEPARTMENTS, reviewer_rank, routing


def _template_reviewers() -> dict[str, list[str]]:
    text = (resource_dir("templates") / "init" / "ankao.yaml.j2").read_text(encoding="utf-8")
    start = text.index("\nreviewers:")
    end = text.index("\n\n", start + 1)
    return yaml.safe_load(text[start:end])["reviewers"]  # type: ignore[no-any-return]


def test_defaults_equal_the_init_template() -> None:
    assert _template_reviewers() == DEFAULT_REVIEWERS


def test_every_office_member_has_a_route_in_seed_order() -> None:
    assert list(DEFAULT_REVIEWERS) == list(DEPARTMENTS)
    assert len(DEPARTMENTS) == 12


def test_routing_uses_the_config_when_it_sets_reviewers() -> None:
    assert routing(Config()) == DEFAULT_REVIEWERS
    assert routing(Config(reviewers={"教务处": ["teaching"]})) == {"教务处": ["teaching"]}


def test_unknown_departments_sort_after_the_seed_list() -> None:
    assert sorted(["校长办公室", "人事处", "党政办公室"], key=reviewer_rank) == [
        "党政办公室",
        "人事处",
        "校长办公室",
    ]
