"""A real gazetteer for the command-line tests, shared with tests/geocode (same file in the session folder)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tocsin.geocode import build_index


@pytest.fixture(scope="session")
def index_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.getbasetemp() / "gazetteer" / "index.sqlite"
    if not path.is_file():
        build_index(path, min_population=15_000)
    return path
