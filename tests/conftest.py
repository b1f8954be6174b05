"""Shared test helpers: a CLI runner, valid task books to start from, copies of the examples (in git)."""

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
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
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


# --- a copy of the examples, in git -------------------------------------------------------------

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="需要 git")

GIT_ENV = {
    "GIT_AUTHOR_NAME": "测试",
    "GIT_AUTHOR_EMAIL": "test@example.org",
    "GIT_COMMITTER_NAME": "测试",
    "GIT_COMMITTER_EMAIL": "test@example.org",
    "GIT_CONFIG_NOSYSTEM": "1",
}
"""git as in a clean account: commits by a fixed author, no system configuration read
(and no user configuration: GIT_CONFIG_GLOBAL names a file that is not there)."""


def copy_examples(tmp_path: Path, name: str = "repo") -> Path:
    """A copy of examples/ at `tmp_path / name`."""
    root = tmp_path / name
    shutil.copytree(EXAMPLES, root)
    return root


def git(root: Path, *args: str) -> str:
    """Run git in `root` (with GIT_ENV); its standard output, stripped. CalledProcessError if it fails."""
    env = {**os.environ, **GIT_ENV, "GIT_CONFIG_GLOBAL": str(root.parent / "gitconfig")}
    done = subprocess.run(
        ["git", *args], cwd=root, capture_output=True, text=True, check=True, timeout=60, env=env
    )
    return done.stdout.strip()


def commit(root: Path, message: str) -> str:
    """Commit all that is in `root` now; the new commit's id."""
    git(root, "add", "-A")
    git(root, "commit", "-q", "--no-verify", "-m", message)
    return git(root, "rev-parse", "HEAD")


def first_commit(root: Path) -> Path:
    """`root` made a git repository with all it holds committed (第一版)."""
    git(root, "init", "-q")
    commit(root, "第一版")
    return root


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the example repository (`tmp_path / "repo"`), made the current folder."""
    root = copy_examples(tmp_path)
    monkeypatch.chdir(root)
    return root


@pytest.fixture
def git_identity(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """GIT_ENV for every git the test runs, ankao's included (user configuration: none)."""
    for name, value in GIT_ENV.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "gitconfig"))


@pytest.fixture
def gitrepo(repo: Path, git_identity: None) -> Path:
    """`repo` as a git repository with its first commit (第一版)."""
    return first_commit(repo)


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
