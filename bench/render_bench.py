"""Rendering speed: `ankao render` of N books against python-docx opening and saving reference.docx N times.

Usage: python bench/render_bench.py [N]   (default 100). The books are the
examples' task books, cycled; the budget (issue 5) is 3× the baseline.
"""

from __future__ import annotations

import io
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    import docx

    from ankao.config import Config
    from ankao.loading import load_file
    from ankao.rendering.base import reference_path, to_bytes
    from ankao.rendering.taskbook import render_book

    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    reference = reference_path(None)
    sources = sorted((ROOT / "examples" / "taskbooks").glob("*.yaml"))
    if not sources:
        raise SystemExit("examples/taskbooks/ 中没有任务书")
    docs = [load_file(p, p.name) for p in sources]
    config = Config(root=ROOT / "examples")

    start = time.perf_counter()
    for _ in range(n):
        buffer = io.BytesIO()
        docx.Document(str(reference)).save(buffer)
    baseline = time.perf_counter() - start

    render_book(docs[0], config)  # warm caches (imports, reference bytes, templates)
    start = time.perf_counter()
    with tempfile.TemporaryDirectory():
        for i in range(n):
            to_bytes(render_book(docs[i % len(docs)], config))
    rendering = time.perf_counter() - start

    targets = sum(1 for d in docs for s in d.data["goals"].values() if isinstance(s, list) for _ in s)
    print(f"{'measure':<40}{'seconds':>10}{'per doc (ms)':>14}")
    print(f"{'python-docx open+save reference.docx':<40}{baseline:>10.2f}{baseline / n * 1000:>14.1f}")
    print(f"{'ankao render (' + str(len(docs)) + ' books, ' + str(targets) + ' targets)':<40}{rendering:>10.2f}{rendering / n * 1000:>14.1f}")
    print(f"{'ratio (budget 3.0)':<40}{rendering / baseline:>10.2f}")


if __name__ == "__main__":
    main()
