"""Shared fixtures for the mention stages: the gazetteer geocoder, built once per test session."""

from __future__ import annotations

import pytest

from tocsin.geocode import Gazetteer, GazetteerGeocoder, build_index


@pytest.fixture(scope="session")
def geocoder(tmp_path_factory: pytest.TempPathFactory) -> GazetteerGeocoder:
    # The same file tests/geocode builds: whichever runs first builds it for the session.
    path = tmp_path_factory.getbasetemp() / "gazetteer" / "index.sqlite"
    if not path.is_file():
        build_index(path, min_population=15_000)
    return GazetteerGeocoder(Gazetteer(path), min_score=0.35)
