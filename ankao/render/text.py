"""Text templates (Jinja2): the repository's own, sandboxed, else ankao's built-in ones."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from ankao.errors import AnkaoError
from ankao.load.config import Config
from ankao.load.resources import resource_dir
from ankao.render.reference import template_folders

MAX_STEPS = 1_000_000
"""Most iterations of `range()` loops one rendering of a user's template may run."""
MAX_SIZE = 1_000_000
"""Longest text a user's template may build or produce, in characters."""


def render_text(config: Config | None, name: str, /, **context: Any) -> str:
    """Render the text template `name` (repository's templates folder first, sandboxed; else built-in)."""
    import jinja2
    from markupsafe import Markup

    env: jinja2.Environment | None = None
    for folder in template_folders(config):
        if _is_file(folder / name):
            env = _bounded_sandbox(folder)
            break
    user = env is not None
    if env is None:
        env = _builtin_environment()
    try:
        template = env.get_template(name)
        text = _bounded_render(template, context) if user else template.render(**context)
    except jinja2.TemplateNotFound as exc:
        raise AnkaoError(f"找不到模板 {name}") from exc
    except jinja2.TemplateError as exc:
        where = f"{name}:{exc.lineno}" if isinstance(exc, jinja2.TemplateSyntaxError) else name
        raise AnkaoError(f"模板 {where} 有错误：{exc}") from exc
    except (RecursionError, MemoryError, OverflowError) as exc:
        raise AnkaoError(
            f"模板 {name} 运行时超出限制（递归太深、循环或文字太大），已停止：请检查模板"
        ) from exc
    except Exception as exc:  # noqa: BLE001 - a user's template is user input: any failure is theirs
        if not user:
            raise
        raise AnkaoError(f"模板 {name} 运行出错：{type(exc).__name__}: {exc}") from exc
    # Autoescaping keeps substituted values from smuggling markup into the output;
    # the document layer escapes XML itself, so hand it the plain text back.
    return Markup(text).unescape()


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except OSError as exc:  # an unreadable templates folder
        from ankao.load.files import os_reason

        raise AnkaoError(f"无法读取模板文件夹 {path.parent}：{os_reason(exc)}") from exc


def _bounded_render(template: Any, context: dict[str, Any]) -> str:
    """Render, stopping once the output passes MAX_SIZE characters."""
    from jinja2.exceptions import SecurityError

    parts: list[str] = []
    size = 0
    for chunk in template.generate(**context):
        size += len(chunk)
        if size > MAX_SIZE:
            raise SecurityError(f"输出超过 {MAX_SIZE} 个字符")
        parts.append(chunk)
    return "".join(parts)


def _bounded_sandbox(folder: Path) -> Any:
    """A sandbox for a repository's template: bounded loops over range(), bounded `*` and `**`."""
    import jinja2
    from jinja2.exceptions import SecurityError
    from jinja2.sandbox import SandboxedEnvironment, safe_range

    steps = [0]

    def bounded_range(*args: int) -> Any:
        numbers = safe_range(*args)

        def count() -> Any:
            for i in numbers:
                steps[0] += 1
                if steps[0] > MAX_STEPS:
                    raise SecurityError(f"range() 循环超过 {MAX_STEPS} 次")
                yield i

        return count()

    class BoundedSandbox(SandboxedEnvironment):
        intercepted_binops = frozenset({"*", "**", "%"})

        def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
            _check_binop(operator, left, right, SecurityError)
            return super().call_binop(context, operator, left, right)

        def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
            if isinstance(getattr(__obj, "__self__", None), str | list | tuple):
                _check_args((*args, *kwargs.values()), SecurityError)
            return super().call(__context, __obj, *args, **kwargs)

        def wrap_str_format(self, value: Any) -> Any:
            owner = getattr(value, "__self__", None)
            if isinstance(owner, str) and getattr(value, "__name__", "") in (
                "format",
                "format_map",
            ):
                _check_spec(owner, SecurityError)  # `"{:>9999999999}".format(x)`
            return super().wrap_str_format(value)

    env = BoundedSandbox(
        loader=jinja2.FileSystemLoader(str(folder)),
        undefined=jinja2.StrictUndefined,
        autoescape=True,
        keep_trailing_newline=False,
    )
    env.globals["range"] = bounded_range
    env.globals.pop("lipsum", None)  # lipsum(n=10**9) would fill the memory
    for name, function in list(env.filters.items()):
        env.filters[name] = _bounded_filter(name, function, SecurityError)
    return env


_WIDE_SPEC = re.compile(r"\d{7,}")


def _check_args(args: tuple[Any, ...], error: type[Exception]) -> None:
    if any(isinstance(a, int) and abs(a) > MAX_SIZE for a in args):
        raise error(f"参数超过 {MAX_SIZE}")


def _check_spec(spec: str, error: type[Exception]) -> None:
    if _WIDE_SPEC.search(spec):
        raise error(f"格式中的宽度或精度超过 {MAX_SIZE}")


def _bounded_filter(name: str, function: Any, error: type[Exception]) -> Any:
    """A filter that refuses widths beyond MAX_SIZE (`center(10**10)`, `indent`, `format`)."""
    import functools

    @functools.wraps(function)  # keeps jinja's pass_context / pass_environment marks
    def bounded(*args: Any, **kwargs: Any) -> Any:
        _check_args((*args, *kwargs.values()), error)
        if name == "format":
            _check_spec(next((a for a in args if isinstance(a, str)), ""), error)
        return function(*args, **kwargs)

    return bounded


def _check_binop(operator: str, left: Any, right: Any, error: type[Exception]) -> None:
    if operator == "%" and isinstance(left, str):
        _check_spec(left, error)
    elif operator == "*":
        for seq, n in ((left, right), (right, left)):
            if (
                isinstance(seq, str | list | tuple)
                and isinstance(n, int)
                and len(seq) * n > MAX_SIZE
            ):
                raise error(f"乘出的文字或列表超过 {MAX_SIZE}")
        if (
            isinstance(left, int)
            and isinstance(right, int)
            and left.bit_length() + right.bit_length() > 4096
        ):
            raise error("乘积太大")
    elif (
        operator == "**"
        and isinstance(left, int)
        and isinstance(right, int | float)
        and abs(left) > 1
        and right * abs(left).bit_length() > 4096
    ):
        raise error("乘方结果太大")


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
    return [
        "".join(line.strip() for line in block.splitlines()) for block in blocks if block.strip()
    ]
