"""Each unit's review folder in a repository read by the pass: its files by round, twins left unread."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ankao.errors import AnkaoError
from ankao.findings import Finding
from ankao.repository.layout import REVIEW_NAME

if TYPE_CHECKING:
    from ankao.repository.repo import Repository
from ankao.repository.reviews import REVIEWS, RoundFile, rounds_of


def folder(root: Path, unit: str) -> Path:
    """`reviews/<单位>/` of the repository at `root`."""
    return root / REVIEWS / unit


def unit_rounds(repo: Repository, unit: str) -> dict[int, list[RoundFile]]:
    """The loaded files of each round of `unit`, by round; reviews by name, the response last.

    One file per reviewer (or response) and round: of `r1-教务处.yaml` and
    `r1-教务处.yml` only the `.yaml` (the name `comments import` writes) is read;
    `twin_findings` reports the other.
    """
    return rounds_and_twins(repo, unit)[0]


def twin_findings(repo: Repository, unit: str, number: int | None = None) -> list[Finding]:
    """`duplicate-review-file`: a second file of one reviewer (or response) and round, not read."""
    twins = rounds_and_twins(repo, unit)[1]
    if number is None:
        return twins
    return [
        f
        for f in twins
        if (m := REVIEW_NAME.match(Path(f.file).name)) and int(m.group(1)) == number
    ]


def review_units(repo: Repository) -> dict[str, list[RoundFile]]:
    """The review and response files of every unit folder, grouped once per repository."""
    groups: dict[str, list[RoundFile]] | None = repo.cache.get("review_units")
    if groups is None:
        groups = {}
        for kind in ("review", "response"):
            for loaded in repo.files(kind):
                rf = RoundFile.of(loaded)
                if rf is not None:
                    groups.setdefault(rf.folder, []).append(rf)
        repo.cache["review_units"] = groups
    return groups


def rounds_and_twins(
    repo: Repository, unit: str
) -> tuple[dict[int, list[RoundFile]], list[Finding]]:
    """The files of each round of `unit` (one per reviewer and round) and the twins left unread."""
    return rounds_of(review_units(repo).get(unit, []))


def load_round(repo: Repository, unit: str, number: int) -> list[RoundFile]:
    """Every file of round `number` of `unit`; AnkaoError when the round has none."""
    rounds = unit_rounds(repo, unit)
    if number not in rounds or all(f.is_response for f in rounds[number]):
        where = f"{REVIEWS}/{unit}/"
        have = "、".join(
            f"第 {n} 轮" for n, fs in rounds.items() if not all(f.is_response for f in fs)
        )
        raise AnkaoError(
            f"{where} 中没有第 {number} 轮的审核意见文件（r{number}-<审核部门>.yaml）；"
            f"已有：{have or '没有任何一轮'}"
        )
    return rounds[number]
