"""ankao.load.document: files -> documents with located findings; never an exception."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ankao.findings import Severity
from ankao.load.document import DEFAULT_MAX_BYTES, Document, load_bytes, load_file, load_text
from ankao.repository.checking import Settings, check_document, check_file
from ankao.repository.layout import SourceFile


def _codes(doc: Document) -> list[tuple[str, int, int]]:
    return [(f.code, f.line, f.column) for f in doc.findings]


def test_plain_book_loads(teaching_text: str) -> None:
    doc = load_text(teaching_text)
    assert doc.loaded and not doc.findings
    assert doc.data["unit"] == "文学院"


def test_too_large_default_is_one_mebibyte(tmp_path: Path) -> None:
    assert DEFAULT_MAX_BYTES == 1024 * 1024
    path = tmp_path / "big.yaml"
    path.write_bytes(b"# x\n" * (DEFAULT_MAX_BYTES // 4 + 1))
    doc = load_file(path)
    assert _codes(doc) == [("too-large", 1, 1)] and not doc.loaded
    assert "1.0 MiB" in doc.findings[0].message
    path.write_bytes(b"a: 1\n" + b"#" * (DEFAULT_MAX_BYTES - 10))
    assert load_file(path).loaded
    assert _codes(load_file(path, max_bytes=1024)) == [("too-large", 1, 1)]


def test_unreadable_file_is_a_finding(tmp_path: Path) -> None:
    doc = load_file(tmp_path / "没有.yaml")
    assert [f.code for f in doc.findings] == ["unreadable"] and not doc.loaded
    assert "找不到文件" in doc.findings[0].message


def test_gbk_named_with_position() -> None:
    raw = "kind: office\n# 注释\nunit: 图书馆\n".encode("gbk")
    doc = load_bytes(raw, Document("x.yaml"))
    assert _codes(doc) == [("encoding", 2, 3)]
    assert "GBK" in doc.findings[0].message and "UTF-8" in doc.findings[0].message


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        ("unit: 文学院\n".encode("utf-16-le").join([b"\xff\xfe", b""]), "UTF-16"),
        ("unit: 文学院\n".encode("utf-16"), "UTF-16"),
        ("unit: 文学院\n".encode("utf-32"), "UTF-32"),
        (b"\x00\x01binary", "二进制"),
    ],
)
def test_other_encodings(raw: bytes, words: str) -> None:
    doc = load_bytes(raw, Document("x.yaml"))
    assert [f.code for f in doc.findings] == ["encoding"]
    assert words in doc.findings[0].message


def test_bom_is_fine() -> None:
    doc = load_bytes("\ufeffunit: 文学院\n".encode(), Document("x.yaml"))
    assert doc.data == {"unit": "文学院"} and not doc.findings


def test_raw_control_characters_removed_with_warning() -> None:
    doc = load_text("a: 1\nunit: 文\x08学\x1f院\n")
    assert doc.data == {"a": 1, "unit": "文学院"}
    assert _codes(doc) == [("control-character", 2, 8), ("control-character", 2, 10)]
    assert all(f.severity is Severity.WARNING for f in doc.findings)


def test_unclosed_quote_reported_where_it_opened() -> None:
    text = 'unit: 文学院\nprofile: "现有专业4个\ngoals:\n  overall: 建设\n  teaching: []\n'
    doc = load_text(text)
    assert _codes(doc) == [("yaml-syntax", 2, 10)]
    assert "引号" in doc.findings[0].message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("unit：文学院\n", [("fullwidth-punctuation", 1, 5)]),
        ("a:\n\u3000b: 1\n", [("fullwidth-punctuation", 2, 1)]),
        ("unit:\u3000文学院\n", [("fullwidth-punctuation", 1, 6)]),
        ("members:\n  － name: 张某\n", [("fullwidth-punctuation", 2, 3)]),
    ],
)
def test_fullwidth_punctuation(text: str, expected: list[tuple[str, int, int]]) -> None:
    doc = load_text(text)
    fw = [c for c in _codes(doc) if c[0] == "fullwidth-punctuation"]
    assert fw == expected


@pytest.mark.parametrize(
    "text",
    [
        'profile: "学科：中文"\n',
        "profile: |\n  学科：中文\n  \u3000\u3000首行缩进\n",
        "content: 目标：提高到3项\n",
        "criteria: 完成时间：2025年\n",
    ],
)
def test_fullwidth_inside_text_is_not_reported(text: str) -> None:
    doc = load_text(text)
    assert doc.loaded and not doc.findings


def test_chinese_key_with_fullwidth_colon_in_block() -> None:
    doc = load_text("term:\n  start: 2024\n  结束：2027\n")
    assert ("fullwidth-punctuation", 3, 5) in _codes(doc)


def test_locate_and_finding(teaching_text: str) -> None:
    doc = load_text(teaching_text, "taskbooks/文学院.yaml")
    f = doc.finding(["goals", "teaching", 0, "metric", "target"], "schema", "消息")
    line = teaching_text.split("\n").index("        target: 5") + 1
    assert (f.file, f.line, f.column, f.path) == (
        "taskbooks/文学院.yaml",
        line,
        17,
        "goals.teaching[0].metric.target",
    )


# --- never an exception: generated input and YAML written by others -------------------

_settings = Settings()
_yamlish = st.text(
    alphabet=st.sampled_from(
        list("abkz019 \t\n:-[]{},#&*!|>'\"%@`?~.\\")
        + ["：", "\u3000", "－", "文", "\x07", "\ufeff", "<"]
    ),
    max_size=200,
)


def _never_raises(raw: bytes) -> None:
    doc = load_bytes(raw, Document("f.yaml"))
    for kind in ("taskbook", "config", "review", "response", "approval", "grades"):
        result = check_document(doc, kind, _settings)
        for f in result.findings:
            assert f.line >= 1 and f.column >= 1 and f.message


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_yamlish)
def test_generated_yamlish_text_never_raises(text: str) -> None:
    _never_raises(text.encode("utf-8"))


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_generated_bytes_never_raise(raw: bytes) -> None:
    _never_raises(raw)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_generated_unicode_never_raises(text: str) -> None:
    _never_raises(text.encode("utf-8", errors="surrogatepass"))


@settings(max_examples=150, deadline=None)
@given(
    st.recursive(
        st.none()
        | st.booleans()
        | st.integers()
        | st.floats(allow_nan=False)
        | st.text(max_size=10),
        lambda children: (
            st.lists(children, max_size=4)
            | st.dictionaries(st.text(max_size=8), children, max_size=4)
        ),
        max_leaves=30,
    )
)
def test_generated_json_shapes_never_raise(value: object) -> None:
    import json

    _never_raises(
        json.dumps({"kind": "teaching", "goals": value, "term": value}, ensure_ascii=False).encode()
    )


def _foreign_yaml() -> list[Path]:
    """YAML files on this machine that nobody wrote for ankao: installed packages, system docs."""
    roots = [
        Path(sys.prefix) / "lib",
        Path(sys.base_prefix) / "lib",
        Path("/usr/share"),
        Path("/usr/lib"),
    ]
    found: list[Path] = []
    for root in roots:
        if not root.is_dir():
            continue
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames.sort()
            for name in sorted(filenames):
                if name.endswith((".yaml", ".yml")):
                    found.append(Path(dirpath) / name)
            if len(found) >= 2000:
                break
    # A deterministic spread of at most 250 of them keeps the test quick.
    step = max(1, len(found) // 250)
    return found[::step]


def test_yaml_written_by_others_never_crashes() -> None:
    files = _foreign_yaml()
    if not files:
        pytest.skip("no YAML files from installed packages on this machine")
    for path in files:
        for kind in ("taskbook", "config", "grades"):
            result = check_file(SourceFile(path, str(path), kind), _settings)
            assert all(f.line >= 1 and f.column >= 1 for f in result.findings), path


@pytest.mark.parametrize(
    "raw",
    [
        b"\r`",
        b"a: 1\r\tb: 2\r",
        "a: 1\x85`x\n".encode(),
        "a: 1\u2028\u2029`\n".encode(),
        b"a:\r\n\t- 1\r\n",
        "\u3000a：1\r".encode(),
    ],
)
def test_odd_line_breaks_never_raise(raw: bytes) -> None:
    # Found by Hypothesis: libyaml counts a lone CR (and NEL, LS, PS) as a line break.
    _never_raises(raw)
    doc = load_bytes(raw, Document("f.yaml"))
    assert all(
        f.line <= raw.count(b"\r") + raw.count(b"\n") + raw.count(b"\xc2\x85") + 3
        for f in doc.findings
    )


def test_crlf_and_cr_keep_lines() -> None:
    for eol in ("\r\n", "\r"):
        doc = load_text(eol.join(["unit: 文学院", "unit: 外院", "x: a\x07b"]) + eol)
        assert _codes(doc) == [("control-character", 3, 5), ("duplicate-key", 2, 1)]
        assert doc.data == {"unit": "外院", "x": "ab"}
