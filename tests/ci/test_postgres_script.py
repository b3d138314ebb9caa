"""`.ci/postgres.sh`: a throwaway PostgreSQL server of its own, fast, stopped and deleted, the machine's left alone."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / ".ci" / "postgres.sh"


def _clusters() -> str:
    """The machine's clusters as Debian's tools list them (empty without them)."""
    if shutil.which("pg_lsclusters") is None:
        return ""
    return subprocess.run(["pg_lsclusters", "-h"], capture_output=True, text=True, check=False).stdout


def _listening(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


@pytest.mark.skipif(not list(Path("/usr/lib/postgresql").glob("*/bin/initdb")),
                    reason="needs Debian's PostgreSQL server binaries (apt-get install postgresql)")
@pytest.mark.skipif(os.geteuid() == 0 and shutil.which("runuser") is None, reason="needs runuser as root")
def test_postgres_script_runs_a_throwaway_server() -> None:
    before = _clusters()
    # A folder the server's user can reach (pytest's own are closed to other users), as .ci/run makes one.
    folder = Path(tempfile.mkdtemp(prefix="tocsin-pg-test."))
    started = subprocess.run(["bash", str(SCRIPT), "start", str(folder)], capture_output=True, text=True,
                             check=False, timeout=120)
    assert started.returncode == 0, started.stderr
    url = started.stdout.strip()
    assert url.startswith("postgresql+psycopg://tocsin:") and "\n" not in url
    port = make_url(url).port
    assert port is not None
    try:
        engine = create_engine(url, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            settings = {name: conn.execute(text(f"SHOW {name}")).scalar()
                        for name in ("fsync", "synchronous_commit", "full_page_writes", "data_directory")}
            conn.execute(text("CREATE DATABASE tocsin_probe"))  # the tests create databases from it
        engine.dispose()
        assert settings["fsync"] == settings["synchronous_commit"] == settings["full_page_writes"] == "off"
        assert settings["data_directory"] == str(folder / "data")
        assert _clusters() == before  # no cluster created, started or changed
    finally:
        stopped = subprocess.run(["bash", str(SCRIPT), "stop", str(folder)], capture_output=True, text=True,
                                 check=False, timeout=120)
    assert stopped.returncode == 0, stopped.stderr
    assert not folder.exists() and not _listening(port)
    shutil.rmtree(folder, ignore_errors=True)
    assert _clusters() == before
