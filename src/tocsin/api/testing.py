"""Helpers for testing and benchmarking the API and dashboard: a store of the bundled samples, a hostile article,
and the app served by uvicorn on a free loopback port in a background thread."""

from __future__ import annotations

import json
import shutil
import socket
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..settings import Settings

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
TOKEN = "test-token-7f3c9a"  # the write token the tests configure

# An article whose every field carries markup: the dashboard must show it as text, never run it.
HOSTILE: dict[str, Any] = {
    "id": "hostile-markup",
    "title": "<img src=x onerror=\"window.__pwned=1\">Titre <script>window.__pwned=1</script>",
    "published": "2024-03-08",
    "lang": "fr",
    "url": "javascript:window.__pwned=1",
    "source": "<b onmouseover=\"window.__pwned=1\">Agence</b>",
    "text": ("La police a arrêté 300 manifestants jeudi à Lyon <script>window.__pwned=1;alert(1)</script> "
             "près de la mairie <img src=x onerror=\"window.__pwned=1\"> selon <a href=\"javascript:window.__pwned=1\">"
             "la préfecture</a>.\n\nDes heurts ont éclaté <svg onload=\"window.__pwned=1\"></svg> dans la soirée."),
}


def ingest_into(url: str, inputs: Sequence[Path], settings: Settings) -> None:
    """Ingest files into the store at `url` with the real extraction pipeline."""
    from ..ingest import ingest

    report = ingest(list(inputs), url, settings)
    if report.status != "done":
        raise RuntimeError(f"ingest ended {report.status}: {report.stats}")


def sample_store(folder: Path, settings: Settings) -> Path:
    """A SQLite store of the bundled samples in `folder` (built once, then reused by every caller)."""
    path = folder / "samples.db"
    if not path.exists():
        building = folder / "samples.building.db"
        building.unlink(missing_ok=True)
        ingest_into(f"sqlite:///{building}", [SAMPLES], settings)
        building.rename(path)  # whole or absent: a half-built store is never picked up
    return path


def copy_store(source: Path, target: Path) -> str:
    """A copy of a SQLite store that a test may write to; returns its URL."""
    shutil.copyfile(source, target)
    return f"sqlite:///{target}"


def hostile_file(folder: Path) -> Path:
    """The hostile article as a JSONL input file."""
    path = folder / "hostile.jsonl"
    path.write_text(json.dumps(HOSTILE, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def free_socket(host: str = "127.0.0.1") -> socket.socket:
    """A listening socket on a port the system chose."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, 0))
    return sock


@contextmanager
def serving(app: Any, *, timeout: float = 20.0) -> Iterator[str]:
    """Serve `app` on a free loopback port in a thread; yields its base URL, stops the server afterwards."""
    import uvicorn

    sock = free_socket()
    host, port = sock.getsockname()
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True, name="tocsin-test-server")
    thread.start()
    deadline = time.monotonic() + timeout
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    try:
        yield f"http://{host}:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout)
        sock.close()
