"""A real gazetteer, built once per test session by package code (towns of 15,000 people and more)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tocsin.geocode import Gazetteer, GazetteerGeocoder, build_index

TEST_MIN_POPULATION = 15_000  # the smallest city file that keeps the build to seconds


def session_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The session's index file, built on first request (shared with tests/mentions)."""
    path = tmp_path_factory.getbasetemp() / "gazetteer" / "index.sqlite"
    if not path.is_file():
        build_index(path, min_population=TEST_MIN_POPULATION)
    return path


@pytest.fixture(scope="session")
def index_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return session_index(tmp_path_factory)


@pytest.fixture(scope="session")
def gazetteer(index_file: Path) -> Gazetteer:
    return Gazetteer(index_file)


@pytest.fixture(scope="session")
def geocoder(gazetteer: Gazetteer) -> GazetteerGeocoder:
    return GazetteerGeocoder(gazetteer, min_score=0.35)
