"""Text templates (Jinja2): the repository's own, sandboxed, else ankao's built-in ones."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from ankao.config import Config
from ankao.model import AnkaoError
from ankao.rendering.reference import template_folders
from ankao.resources import resource_dir


def render_text(config: Config | None, name: str, /, **context: Any) -> str:
    """Render the text template `name` (repository's templates folder first, sandboxed; else built-in)."""
    import jinja2
    from jinja2.sandbox import SandboxedEnvironment
    from markupsafe import Markup

    for folder in template_folders(config):
        if (folder / name).is_file():
            env: jinja2.Environment = SandboxedEnvironment(
                loader=jinja2.FileSystemLoader(str(folder)),
                undefined=jinja2.StrictUndefined,
                autoescape=True,
                keep_trailing_newline=False,
            )
            break
    else:
        env = _builtin_environment()
    try:
        text = env.get_template(name).render(**context)
    except jinja2.TemplateNotFound as exc:
        raise AnkaoError(f"找不到模板 {name}") from exc
    except jinja2.TemplateError as exc:
        where = f"{name}:{exc.lineno}" if isinstance(exc, jinja2.TemplateSyntaxError) else name
        raise AnkaoError(f"模板 {where} 有错误：{exc}") from exc
    # Autoescaping keeps substituted values from smuggling markup into the output;
    # the document layer escapes XML itself, so hand it the plain text back.
    return Markup(text).unescape()


@lru_cache(maxsize=1)
def _builtin_environment() -> Any:
    import jinja2

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(resource_dir("templates"))),
        undefined=jinja2.StrictUndefined,
        autoescape=True,
    )


def text_paragraphs(text: str) -> list[str]:
    """Paragraphs of rendered template text: blocks separated by blank lines, lines joined."""
    blocks = re.split(r"\n\s*\n", text.strip())
    return ["".join(line.strip() for line in block.splitlines()) for block in blocks if block.strip()]
