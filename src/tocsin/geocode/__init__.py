"""Geocoding: place names resolved to Places offline, in the context of their article.

The geocoder is chosen by `geocode.backend`: "gazetteer" (built in, offline) or any factory a package
registers in the entry point group `tocsin.geocoders` (`f(settings) -> Geocoder`).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from .. import plugins
from ..errors import ConfigError
from ..settings import Settings, default_settings
from .build import BuildInfo, build_index
from .index import Gazetteer, ensure_index, index_path, needs_build
from .protocol import Geocoder, GeoContext, Resolution, distance_km
from .resolver import GazetteerGeocoder

if TYPE_CHECKING:
    from ..model import PlaceMention

ENTRY_POINT_GROUP = "tocsin.geocoders"
GeocoderFactory = Callable[[Settings], Geocoder]

# The built-in backend, used when the package's own entry point is not installed (an editable
# checkout whose metadata predates it); a registered entry point of the same name wins.
BUILTIN_BACKENDS: dict[str, GeocoderFactory] = {"gazetteer": GazetteerGeocoder.from_settings}

_lock = threading.Lock()
_geocoders: dict[tuple[str, str], Geocoder] = {}


def available_backends() -> list[str]:
    """Names `geocode.backend` may take."""
    return plugins.names(ENTRY_POINT_GROUP, BUILTIN_BACKENDS)


def get_geocoder(settings: Settings | None = None) -> Geocoder:
    """The geocoder the settings choose, created once per backend and geocode settings."""
    settings = settings or default_settings()
    name = settings.geocode.backend
    key = (name, settings.geocode.model_dump_json())
    with _lock:
        geocoder = _geocoders.get(key)
        if geocoder is None:
            factory: GeocoderFactory | None = plugins.factory(ENTRY_POINT_GROUP, name, BUILTIN_BACKENDS)
            if factory is None:
                raise ConfigError(f"unknown geocoder backend {name!r}: set geocode.backend to one of "
                                  f"{', '.join(available_backends())}, or install the package that provides it")
            geocoder = factory(settings)
            if not isinstance(geocoder, Geocoder):
                raise ConfigError(f"geocoder backend {name!r} returned {type(geocoder).__name__}, which lacks "
                                  f"resolve() and resolve_many(): fix or remove the plugin")
            _geocoders[key] = geocoder
        return geocoder


def geocode_text(text: str, lang: str | None = None) -> list[PlaceMention]:
    """Every place mention in `text`, resolved with the configured geocoder (language detected if not given)."""
    from ..mentions.places import find_places
    from ..nlp import detect_language, model_for, pipeline

    settings = default_settings()
    if lang is None:
        lang = detect_language(text)[0]
    nlp = pipeline(model_for(lang, settings.nlp.models, settings.nlp.languages))
    return find_places(nlp(text), lang, get_geocoder(settings))


__all__ = [
    "BUILTIN_BACKENDS",
    "ENTRY_POINT_GROUP",
    "BuildInfo",
    "Gazetteer",
    "GazetteerGeocoder",
    "GeoContext",
    "Geocoder",
    "Resolution",
    "available_backends",
    "build_index",
    "distance_km",
    "ensure_index",
    "geocode_text",
    "get_geocoder",
    "index_path",
    "needs_build",
]
