"""POST /api/extract's limits: the token when one is set, a text size cap, a cap on waiting extractions, and work
stopped when the client goes away (its worker process is killed), on a real server over loopback."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from tocsin.api import create_app
from tocsin.api.testing import TOKEN, copy_store, serving
from tocsin.settings import Settings

from .conftest import make_settings

SAMPLE = "La police a arrêté 300 manifestants jeudi à Lyon, selon la préfecture. "


def test_api_extract_needs_the_token_once_one_is_set(app_with: Any) -> None:
    guarded = app_with(token=TOKEN)
    body = {"text": SAMPLE, "published": "2024-03-07", "lang": "fr"}
    assert guarded.post("/api/extract", json=body).status_code == 401
    assert guarded.post("/api/extract", json=body, headers={"Authorization": "Bearer nope"}).status_code == 401
    answer = guarded.post("/api/extract", json=body, headers={"Authorization": f"Bearer {TOKEN}"})
    assert answer.status_code == 200 and [e["type"] for e in answer.json()["events"]] == ["ARREST"]


def test_api_extract_can_be_left_open_with_a_token_set(app_with: Any) -> None:
    open_extract = app_with(token=TOKEN, anonymous_extract=True)
    assert open_extract.post("/api/extract", json={"text": SAMPLE, "lang": "fr"}).status_code == 200
    assert open_extract.post("/api/ingest", json={"articles": [{"text": SAMPLE}]}).status_code == 401


def test_api_extract_text_over_the_cap_is_413(app_with: Any) -> None:
    capped = app_with(max_extract_chars=500)
    response = capped.post("/api/extract", json={"text": SAMPLE * 10})
    assert response.status_code == 413 and "api.max_extract_chars" in response.json()["detail"]
    assert capped.app.state.extractor.pid is None  # refused before any work started


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return Path(f"/proc/{pid}/status").exists() and "zombie" not in Path(f"/proc/{pid}/status").read_text()


def _until(check: Any, what: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            pytest.fail(f"waited {timeout:.0f} s for {what}")
        time.sleep(0.1)


def test_api_extract_is_capped_and_stopped_when_the_client_leaves(samples_db: Path, settings: Settings,
                                                                 tmp_path: Path) -> None:
    limited = make_settings(tmp_path, max_extracts=1, max_extract_chars=2_000_000, max_body_bytes=4_000_000)
    app = create_app(limited, copy_store(samples_db, tmp_path / "store.db"))
    worker = app.state.extractor
    long_text = SAMPLE * 3000  # minutes of work
    with serving(app) as base:
        gave_up: list[str] = []

        def impatient() -> None:
            try:
                httpx.post(f"{base}/api/extract", json={"text": long_text, "lang": "fr"}, timeout=4.0)
            except httpx.ReadTimeout:
                gave_up.append("timeout")

        client = threading.Thread(target=impatient)
        client.start()
        _until(lambda: worker.jobs == 1, "the long extraction to start")
        busy = httpx.post(f"{base}/api/extract", json={"text": SAMPLE, "lang": "fr"}, timeout=30)
        assert busy.status_code == 429 and busy.headers["retry-after"]
        assert "api.max_extracts" in busy.json()["detail"]
        _until(lambda: worker.pid is not None, "the worker process")
        pid = worker.pid
        client.join(30)
        assert gave_up == ["timeout"]
        _until(lambda: worker.cancelled == 1 and worker.jobs == 0, "the work to be cancelled")
        _until(lambda: not _alive(pid), "the worker process to end")
        # The next request gets a fresh worker and its answer.
        again = httpx.post(f"{base}/api/extract", json={"text": SAMPLE, "lang": "fr"}, timeout=120)
        assert again.status_code == 200 and again.json()["events"]
