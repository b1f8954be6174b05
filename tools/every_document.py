"""Write every kind of document ankao makes, from a copy of examples/, into one folder.

    python tools/every_document.py OUT [--date 2026-01-15]

The copy is a git repository with two commits (the 修改对照表 compares them). Used by
`make pages` (every page as a PNG) and by tests/cli/test_documents.py (openxml-audit).
Prints the files written, one a line.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"

DOCUMENTS: dict[str, list[str]] = {
    # file name -> the ankao command (run in the repository) that writes it
    "数学与信息科学学院-任期目标任务书.docx": [
        "render",
        "taskbooks/数学与信息科学学院.yaml",
        "-o",
        "{out}",
    ],
    "图书馆-任期目标任务书.docx": ["render", "taskbooks/图书馆.yaml", "-o", "{out}"],
    "第1轮审核材料-教务处.docx": [
        "comments",
        "packets",
        "--round",
        "1",
        "-o",
        "{out}",
        "-d",
        "教务处",
    ],
    "文学院-审核意见反馈表.docx": ["comments", "merge", "文学院", "--round", "1", "-o", "{file}"],
    "考核结果运用通报.docx": ["consequences", "--year", "2025", "-o", "{file}"],
    "文学院-任期考核报告.docx": ["assess", "文学院", "-o", "{file}"],
    "任期目标汇总.docx": ["summary", "-o", "{file}"],
    "任期目标汇总表.xlsx": ["summary", "-o", "{file}"],
    "文学院修改对照表.docx": ["diff", "文学院", "HEAD~1", "--round", "1", "-o", "{file}"],
    "任期目标完成情况.xlsx": ["assess", "--all", "-o", "{file}"],
}
DATED = {"comments merge", "consequences", "assess", "summary", "diff"}
"""The commands that write a dated document (SPEC §4: --date)."""


def make_repository(root: Path) -> None:
    """examples/ as a git repository whose last commit raises one target of 文学院."""
    shutil.copytree(EXAMPLES, root)
    git = [
        "git",
        "-c",
        "user.name=办公室",
        "-c",
        "user.email=office@example.edu.cn",
        "-C",
        str(root),
    ]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "任务书初稿"], check=True)
    book = root / "taskbooks" / "文学院.yaml"
    text = book.read_text(encoding="utf-8")
    changed = text.replace("target: 12", "target: 14", 1)
    book.write_text(changed if changed != text else text + "\n", encoding="utf-8")
    subprocess.run([*git, "commit", "-q", "-am", "按第1轮意见修改"], check=True)


def write_all(out: Path, *, date: str | None = None, ankao: list[str] | None = None) -> list[Path]:
    """Every document kind in `out` (created); returns their paths."""
    command = ankao or [str(Path(sys.executable).with_name("ankao"))]
    out = out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with tempfile.TemporaryDirectory() as tmp:
        repo = Path(tmp) / "repo"
        make_repository(repo)
        for name, args in DOCUMENTS.items():
            argv = [a.format(out=out, file=out / name) for a in args]
            if date and (argv[0] in DATED or " ".join(argv[:2]) in DATED):
                argv += ["--date", date]
            done = subprocess.run(
                [*command, *argv, "--force"], cwd=repo, capture_output=True, text=True
            )
            if done.returncode not in (0, 1) or not (out / name).is_file():
                raise RuntimeError(
                    f"ankao {' '.join(argv)}: {done.returncode}\n{done.stdout}{done.stderr}"
                )
            written.append(out / name)
    return written


def main(argv: list[str]) -> int:
    if not argv or argv[0].startswith("-"):
        print(__doc__, file=sys.stderr)
        return 2
    date = argv[argv.index("--date") + 1] if "--date" in argv else None
    for path in write_all(Path(argv[0]), date=date):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
