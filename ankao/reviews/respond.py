"""`comments respond`: the unit's answer sheet for a round, `reviews/<单位>/r<N>-response.yaml`.

One entry per opinion of the round, folded as `comments merge` folds them, in
book order: the opinion's text as a YAML comment above it, `to:` its ids (a
list when several departments made the same comment), `answer:` and `note:`
left empty for the unit to fill. An empty `answer:` is a draft the schema
accepts; `comments status` still counts that comment open. Never overwrites.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ankao.errors import AnkaoError
from ankao.findings import errors_of
from ankao.load.files import write_text
from ankao.repository.reviews import RESPONSE
from ankao.repository.unitreviews import folder

if TYPE_CHECKING:
    from ankao.findings import Report
    from ankao.load.config import Config
    from ankao.repository.repo import Repository
    from ankao.reviews.rounds import Merged


@dataclass(frozen=True, slots=True)
class Responded:
    """What `comments respond` did: the merged round, and the answer sheet it wrote."""

    merged: Merged
    path: Path
    written: str | None
    """The sheet as shown (relative to the repository); None when the round's files have errors."""

    @property
    def report(self) -> Report:
        """The round's findings (`comments merge`'s report)."""
        return self.merged.report


def response_path(root: Path, unit: str, number: int) -> Path:
    """`reviews/<单位>/r<N>-response.yaml`."""
    return folder(root, unit) / f"r{number}-{RESPONSE}.yaml"


def skeleton(merged: Merged) -> str:
    """The answer sheet's YAML text for a merged round."""
    import datetime as dt

    from ankao.load.yamlwrite import yaml_scalar

    lines = [
        "# yaml-language-server: $schema=../../.ankao/schemas/response.schema.json",
        f"# {merged.unit}对第 {merged.round} 轮审核意见的答复（由 ankao comments respond 生成，"
        f"共 {len(merged.opinions)} 条意见）。",
        "# 请在每条意见的 answer: 后填写 采纳、部分采纳 或 不采纳，在 note: 后写明如何修改或不采纳的理由。",
        "# answer: 还空着的意见仍算未答复（ankao comments status）；写完后用 ankao validate 检查本文件。",
        f"unit: {yaml_scalar(merged.unit)}",
        f"round: {merged.round}",
        f"# date: '{dt.date.today().isoformat()}'    # 答复日期：填写后去掉行首的“# ”",
        "answers:" if merged.opinions else "answers: []",
    ]
    for number, op in enumerate(merged.opinions, start=1):
        place = merged.index.place(op.ref)
        where = place.label if place.known else f"{op.ref}（任务书中没有）"
        if place.content:
            where += f" {_short(place.content)}"
        lines.append(f"  # {number}. {where}（{'、'.join(op.reviewers)}，{op.kind}）")
        for text in op.text.splitlines() or [""]:
            lines.append(f"  #    {text}".rstrip())
        ids = [yaml_scalar(i) for i in op.ids]
        lines.append(f"  - to: {ids[0]}" if len(ids) == 1 else f"  - to: [{', '.join(ids)}]")
        lines.append("    answer:")
        lines.append("    note:")
    return "\n".join(lines) + "\n"


def _short(text: str, limit: int = 24) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "…"


def write_response(
    repo: Repository, unit: str, number: int, *, config: Config | None = None
) -> Responded:
    """Write the unit's answer sheet for round `number`; AnkaoError when it exists already."""
    from ankao.load.document import load_text
    from ankao.repository.checking import schema_set
    from ankao.reviews.rounds import merge_round

    path = response_path(repo.root, unit, number)
    shown = path.relative_to(repo.root).as_posix()
    if path.exists():
        raise AnkaoError(
            f"答复文件已存在，没有覆盖：{shown}（它可能已经填写了答复；需要重新生成请先改名或删除）"
        )
    merged = merge_round(repo, unit, number)
    if not merged.readable:
        return Responded(merged, path, None)
    text = skeleton(merged)
    doc = load_text(text, shown)
    problems = errors_of(doc.findings)
    problems += schema_set(config or repo.config).check(doc, "response")
    if problems:
        raise AnkaoError(f"生成的答复表无法通过校验（{problems[0].message}），没有写入 {shown}")
    from ankao.load.files import refuse_link_out, refuse_oversize

    refuse_oversize(text, (config or repo.config).max_file_size, shown)
    refuse_link_out(path, repo.root)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_text(path, text, overwrite=False)
    return Responded(merged, path, shown)
