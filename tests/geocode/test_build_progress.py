"""A gazetteer build says that it is running (it takes tens of seconds on first use)."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from tocsin.geocode import build_index


def test_build_announces_itself(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "index.sqlite"
    with caplog.at_level(logging.INFO, logger="tocsin.geocode"):
        info = build_index(path, min_population=15_000)
    messages = [r.getMessage() for r in caplog.records]
    assert any(m.startswith("building the offline gazetteer at") and str(path) in m for m in messages)
    assert any(m.startswith("gazetteer built in") for m in messages)
    assert info.places > 1000
