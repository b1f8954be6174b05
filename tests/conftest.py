"""Shared test helpers: a CLI runner and valid task books to start from."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from typer.testing import CliRunner

# CI (CI=true) runs the same examples every time on a machine it shares: no
# timing health checks, no fresh random examples that could fail a landing.
settings.register_profile(
    "ci", derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
if os.environ.get("CI"):
    settings.load_profile("ci")

CASES = Path(__file__).parent / "cases"
TEACHING_BOOK = CASES / "valid" / "teaching-minimal" / "taskbooks" / "文学院.yaml"
OFFICE_BOOK = CASES / "valid" / "office-minimal" / "taskbooks" / "图书馆.yaml"


SOFFICE = shutil.which("soffice")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests marked `soffice` are skipped, saying why, where LibreOffice is missing."""
    if SOFFICE:
        return
    skip = pytest.mark.skip(
        reason="需要 LibreOffice（soffice），本机没有安装，跳过；安装：apt-get install "
        "libreoffice-writer-nogui libreoffice-calc-nogui fonts-noto-cjk poppler-utils"
    )
    for item in items:
        if "soffice" in item.keywords:
            item.add_marker(skip)


def soffice_convert(source: Path, fmt: str, outdir: Path) -> Path:
    """Convert `source` with headless LibreOffice (private profile); return the new file."""
    profile = (outdir.parent / f".lo-profile-{outdir.name}").resolve().as_uri()
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            fmt,
            "--outdir",
            str(outdir),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    result = outdir / f"{source.stem}.{fmt.split(':')[0]}"
    assert result.is_file(), f"LibreOffice did not write {result}"
    return result


@pytest.fixture
def runner() -> CliRunner:
    """A Typer CLI runner (invoke `from ankao.cli import app`)."""
    return CliRunner()


@pytest.fixture
def teaching_text() -> str:
    """A small valid teaching task book (kind: teaching) as YAML text."""
    return TEACHING_BOOK.read_text(encoding="utf-8")


@pytest.fixture
def office_text() -> str:
    """A small valid office task book (kind: office) as YAML text."""
    return OFFICE_BOOK.read_text(encoding="utf-8")


def write(root: Path, relative: str, content: str | bytes) -> Path:
    """Write a file under `root` (folders created); return its path."""
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


# --- every code a finding carries is in the registry ------------------------------------------
# Each Finding made while the suite runs (in this process, and those that come back from the
# pass's workers, which are rebuilt here by unpickling) is recorded; at the end of the session
# a code that `ankao.findings.codes` does not define fails the run. This sees every code the tests make
# ankao report, where a scan of the source for string literals saw about half of them.

REPORTED_CODES: dict[str, str] = {}
"""Each code reported during the session, with the file of its first finding."""


def _record_codes() -> None:
    from ankao.findings import Finding

    original = Finding.__init__

    def init(self: Finding, *args: object, **kwargs: object) -> None:
        original(self, *args, **kwargs)  # type: ignore[arg-type]
        REPORTED_CODES.setdefault(self.code, self.file)

    Finding.__init__ = init  # type: ignore[method-assign]


_record_codes()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    from ankao.findings.codes import BY_CODE

    unknown = {code: file for code, file in REPORTED_CODES.items() if code not in BY_CODE}
    if unknown:
        session.config.stash[_UNKNOWN] = unknown
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


_UNKNOWN = pytest.StashKey[dict[str, str]]()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    unknown = terminalreporter.config.stash.get(_UNKNOWN, None)
    if unknown:
        terminalreporter.write_line(
            "codes reported but not in the registry (ankao/findings/codes/): "
            + ", ".join(f"{code} (in {file})" for code, file in sorted(unknown.items())),
            red=True,
        )
