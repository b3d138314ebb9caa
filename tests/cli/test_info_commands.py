"""`languages`, `gazetteer build`, `serve`'s start-up check and the progress shown on a terminal."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from tocsin.cli import main
from tocsin.cli.serve import NPM_PACKAGES, assets_hint, missing_assets
from tocsin.web.vendor import VENDOR

ROOT = Path(__file__).resolve().parents[2]


def test_languages_says_which_models_are_installed(monkeypatch: pytest.MonkeyPatch) -> None:
    table = CliRunner().invoke(main, ["languages"])
    assert table.exit_code == 0
    header, *rows = table.stdout.splitlines()
    assert header.split() == ["code", "model", "enabled", "status"]
    assert any(r.startswith("fr ") and "installed 3.8.0" in r for r in rows)
    monkeypatch.setenv("TOCSIN_NLP__MODELS__EN", "xx_no_such_model")
    listed = json.loads(CliRunner().invoke(main, ["languages", "--format", "json"]).stdout)
    en = next(r for r in listed if r["code"] == "en")
    assert en["installed"] is False and en["status"].startswith("not installed")


def test_gazetteer_build_says_when_it_is_up_to_date(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                    index_file: Path) -> None:
    monkeypatch.setenv("TOCSIN_GEOCODE__PATH", str(index_file))
    done = CliRunner().invoke(main, ["gazetteer", "build"])
    assert done.exit_code == 0 and "up to date" in done.stdout


def test_missing_dashboard_files_are_named(tmp_path: Path) -> None:
    names = ["countries-110m.json", "topojson-client.min.js", "swagger-ui-bundle.js", "swagger-ui.css"]
    assert missing_assets(tmp_path) == names
    for name in names[:2]:
        (tmp_path / name).write_text("{}", encoding="utf-8")
    assert missing_assets(tmp_path) == names[2:]
    assert assets_hint().endswith("node_modules") and "npm" in assets_hint()


def test_serve_names_missing_dashboard_files_and_the_command_to_get_them(tmp_path: Path) -> None:
    if not missing_assets():
        pytest.skip(f"this checkout has the vendored files in {VENDOR}")
    env = {**os.environ, "TOCSIN_CONFIG": str(tmp_path / "none.yaml")}
    proc = subprocess.Popen([sys.executable, "-m", "tocsin.cli", "serve", "--port", "0", "--db",
                             str(tmp_path / "s.db")], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            text=True)
    try:
        assert proc.stderr is not None
        seen = ""
        deadline = time.monotonic() + 60
        while "warning: the dashboard" not in seen and time.monotonic() < deadline:
            line = proc.stderr.readline()
            if not line:
                break
            seen += line
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    assert "countries-110m.json" in seen and "swagger-ui-bundle.js" in seen
    assert assets_hint() in seen and "python -m tocsin.web.vendor" in seen


def test_npm_packages_named_match_the_lock() -> None:
    pinned = json.loads((ROOT / "web" / "package.json").read_text(encoding="utf-8"))["dependencies"]
    assert {p.rsplit("@", 1)[0]: p.rsplit("@", 1)[1] for p in NPM_PACKAGES} == {
        name: version.split(".")[0] for name, version in pinned.items()}


def _on_a_terminal(args: list[str], env: dict[str, str]) -> str:
    """Standard error of the command when it is a terminal (a pseudo-terminal)."""
    primary, secondary = pty.openpty()
    fcntl.ioctl(secondary, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))  # a 100-column terminal
    proc = subprocess.Popen([sys.executable, "-m", "tocsin.cli", *args], env=env, stdout=subprocess.DEVNULL,
                            stderr=secondary)
    os.close(secondary)
    chunks = []
    while True:
        try:
            data = os.read(primary, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=300)
    os.close(primary)
    return b"".join(chunks).decode("utf-8", "replace")


@pytest.mark.slow
def test_terminal_shows_model_load_and_a_bar_with_total_and_eta(tmp_path: Path, index_file: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    lines = [json.dumps({"id": f"a{i}", "text": f"La police a arrêté {i + 2} manifestants jeudi à Lyon.",
                         "published": "2024-03-08"}) for i in range(6)]
    (folder / "many.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "one.txt").write_text("Des heurts ont éclaté samedi à Nantes entre police et manifestants.",
                                    encoding="utf-8")
    env = {**os.environ, "TOCSIN_CONFIG": str(tmp_path / "none.yaml"), "TOCSIN_GEOCODE__PATH": str(index_file)}
    err = _on_a_terminal(["extract", str(folder), "-o", str(tmp_path / "out.jsonl")], env)
    assert "loading the French spaCy model fr_core_news_md" in err
    assert "7/7" in err  # six JSONL lines and one file: the total is known before the first article
    assert "<" in err and "art/s" in err  # time left and rate
