"""Choosing a geocoder by settings: the built-in backend, unknown names, the public function."""

from __future__ import annotations

from pathlib import Path

import pytest

from tocsin.errors import ConfigError
from tocsin.geocode import GazetteerGeocoder, Geocoder, available_backends, geocode_text, get_geocoder
from tocsin.settings import default_settings, load_settings


def test_get_geocoder_builds_the_gazetteer_backend(index_file: Path) -> None:
    settings = load_settings({"geocode": {"path": str(index_file), "min_score": 0.5}}, environ={})
    geocoder = get_geocoder(settings)
    assert isinstance(geocoder, GazetteerGeocoder) and isinstance(geocoder, Geocoder)
    assert geocoder.min_score == 0.5
    assert get_geocoder(settings) is geocoder  # one per settings, reused
    assert "gazetteer" in available_backends()


def test_get_geocoder_unknown_backend_says_what_to_do(index_file: Path) -> None:
    settings = load_settings({"geocode": {"backend": "nominatim-missing"}}, environ={})
    with pytest.raises(ConfigError, match=r"geocode\.backend"):
        get_geocoder(settings)


def test_geocode_text_finds_and_resolves_places(index_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TOCSIN_GEOCODE__PATH", str(index_file))
    default_settings.cache_clear()
    try:
        places = geocode_text("Des émeutes ont éclaté à Almaty, au Kazakhstan.", lang="fr")
    finally:
        default_settings.cache_clear()
    assert [(p.text, p.place.country if p.place else None) for p in places] == [("Almaty", "KZ"),
                                                                               ("Kazakhstan", "KZ")]
