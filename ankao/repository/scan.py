"""The one pass over a repository (`scan`): every file of SPEC §1 read once, the cross-file checks run at the end."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ankao.errors import AnkaoError
from ankao.findings import Finding, Progress
from ankao.load.config import CONFIG_NAME, Config
from ankao.repository.repo import Repository

if TYPE_CHECKING:
    pass
from ankao.repository.layout import _same, collect, is_repository, repository_files


def scan(
    root: Path,
    *,
    paths: Sequence[str] = (),
    config: Config | None = None,
    rules: bool = False,
    models: bool = True,
    progress: Progress | None = None,
) -> Repository:
    """One pass over the repository at `root` (or over `paths` in it): models and findings.

    With no `paths`, or with the root itself, the whole repository is read and the
    checks that span files run (duplicate units, review rounds, grade units).
    `rules` applies the rules of `ankao check` to every task book; `models=False`
    hands back no models, which is faster: findings only (plain `validate`), or
    with `rules` each book's outline, enough for the checks across files (`check`).
    """
    from ankao.load.config import load_config
    from ankao.repository.checking import Settings, check_document, run

    own_config, config_doc = load_config(root)
    config = config or own_config
    whole = not paths or (all(_same(Path(p), root) for p in paths) and is_repository(root))
    sources = collect(paths, root) if paths else repository_files(root)
    if not sources:
        if not paths and not is_repository(root):
            raise AnkaoError(
                f"{root} 不是任务书仓库（没有 ankao.yaml，也没有 taskbooks/ 等文件夹）："
                "请进入任务书仓库再运行，或先用 ankao init 新建一个"
            )
        raise AnkaoError(
            "没有找到要检查的 YAML 文件" + (f"：{' '.join(paths)}" if paths else f"（{root}）")
        )
    cross = whole and (models or rules)  # the checks that span files run
    # the last term's rules (§10): a check across files, on the repository read whole
    previous = cross and rules and config.previous_term is not None
    settings = Settings(config=config, rules=rules, models=models, reviews=cross, previous=previous)
    results = run(sources, settings, progress=progress)
    findings: list[Finding] = []
    if config_doc is not None and config.path is not None:
        own_path = config.path.resolve()
        named = any(s.path.name == CONFIG_NAME and s.path.resolve() == own_path for s in sources)
        if not named:
            # A broken ankao.yaml changes every result: show its errors even when not named.
            own = check_document(config_doc, "config", settings)
            findings.extend(f for f in own.findings if f.is_error)
    repo = Repository(root, config, results, findings, whole, models)
    if cross:
        from ankao.repository.crosscheck import repository_findings

        repo.findings.extend(repository_findings(repo))
    if previous:
        from ankao.repository.lastterm import repository_record

        repo.findings.extend(repository_record(repo))
    return repo
