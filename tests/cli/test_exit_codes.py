"""Exit status of the commands: 0 all processed, 1 some inputs bad, 2 usage error or nothing could be read."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import tocsin
from tocsin.cli import ExitCode, main

SEED = Path(tocsin.__file__).parent / "samples" / "kazakhstan-2022-01.txt"
GOOD = "date 2023-03-18 Manifestation à Nantes . La police a interpellé quatorze manifestants à Nantes samedi."


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("inputs")
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    (folder / "empty.txt").write_text("", encoding="utf-8")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 8)
    only_bad = folder / "bad"
    only_bad.mkdir()
    (only_bad / "empty.txt").write_text("  ", encoding="utf-8")
    (only_bad / "binary.txt").write_bytes(b"\x00\x01" * 100)
    return folder


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, [*args])
    return result.exit_code, result.stdout, result.stderr


def test_exit_codes_are_in_the_help() -> None:
    code, out, _ = run("--help")
    assert code == 0
    for line in ("0  every input was processed", "1  some inputs were rejected or failed",
                 "2  usage error, or nothing could be read"):
        assert line in out
    assert "Exit status:" in run("extract", "--help")[1]


@pytest.mark.parametrize(("args", "status", "stdout_lines"), [
    (["good.txt"], ExitCode.OK, 1),
    (["good.txt", "empty.txt", "binary.txt"], ExitCode.PARTIAL, 3),
    (["bad"], ExitCode.FATAL, 2),
], ids=["all-good", "some-bad", "all-bad"])
def test_extract_exit_status_follows_what_was_processed(inputs: Path, args: list[str], status: int,
                                                        stdout_lines: int) -> None:
    code, out, err = run("extract", *(str(inputs / a) for a in args), "--no-progress")
    assert code == status, err
    assert len(out.splitlines()) == stdout_lines  # bad inputs keep their line, with their error
    assert all("contract" in json.loads(line) for line in out.splitlines())


@pytest.mark.parametrize(("args", "message"), [
    (["nosuch.txt"], "no such file or folder: 'nosuch.txt'"),
    (["good.txt", "--lang", "xx"], "language 'xx' is not supported"),
    (["good.txt", "--published", "2022-13-01"], "month 13 is not between 01 and 12"),
], ids=["missing-path", "unknown-language", "bad-published"])
def test_extract_usage_errors_exit_2_before_any_work(inputs: Path, args: list[str], message: str,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(inputs)
    code, out, err = run("extract", *args, "--no-progress")
    assert code == ExitCode.FATAL
    assert message in err and out == ""
    assert "bad_header" not in err  # a bad flag is a usage error, not an article's header


def test_missing_model_exits_2_and_names_the_install_command(inputs: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TOCSIN_NLP__MODELS__EN", "xx_no_such_model")
    code, out, err = run("extract", str(inputs / "good.txt"), "--lang", "en", "--no-progress")
    assert code == ExitCode.FATAL and out == ""
    assert "xx_no_such_model" in err and "not installed" in err and "install" in err


def test_unknown_engine_is_a_usage_error(inputs: Path) -> None:
    code, _, err = run("batch", str(inputs / "good.txt"), "--engine", "spark")
    assert code == ExitCode.FATAL and "unknown engine 'spark'" in err


def test_console_module_runs_as_the_installed_command() -> None:
    done = subprocess.run([sys.executable, "-m", "tocsin.cli", "--version"], capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0 and done.stdout.startswith("tocsin, version")
    missing = subprocess.run([sys.executable, "-m", "tocsin.cli", "extract", "nosuch.txt"], capture_output=True,
                             text=True, check=False)
    assert missing.returncode == 2 and "Traceback" not in missing.stderr
