"""What a geocoder is: it turns a place name, in the context of an article, into a Place and a score."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from ..model import Place


@dataclass(frozen=True, slots=True)
class Resolution:
    """A name resolved to a place, how sure the geocoder is (0–1), and where the place sits."""

    place: Place
    score: float
    admin1: str | None = None  # GeoNames code of the first-level division it lies in ("US.TX")
    admin2: str | None = None  # and of the second-level one ("US.TX.113")
    population: int = 0
    demonym: bool = False  # the name was a word for the place's people ("kazakh")

    @property
    def point(self) -> tuple[float, float] | None:
        p = self.place
        return None if p.lat is None or p.lon is None else (p.lat, p.lon)


@dataclass(frozen=True, slots=True)
class GeoContext:
    """What the article already says about where it is: countries, divisions and points it names.

    Weights add up the scores of the mentions resolved there. `within` is a place the name is said
    to lie in ("Paris, Texas").
    """

    countries: Mapping[str, float] = field(default_factory=dict)
    regions: Mapping[str, float] = field(default_factory=dict)
    points: tuple[tuple[float, float], ...] = ()
    within: Resolution | None = None
    # Whether a place the article names (not only a nationality, "d'origine pakistanaise") gives the
    # countries: only then does a namesake elsewhere lie in "other countries" than the article's.
    named: bool = True

    @classmethod
    def of(cls, resolutions: Iterable[Resolution | None]) -> GeoContext:
        """The context made of places already resolved in an article."""
        countries: dict[str, float] = {}
        regions: dict[str, float] = {}
        points: list[tuple[float, float]] = []
        named = False
        for r in resolutions:
            if r is None:
                continue
            if r.place.country:
                countries[r.place.country] = countries.get(r.place.country, 0.0) + r.score
                named = named or not r.demonym
            for code in (r.admin1, r.admin2):
                if code:
                    regions[code] = regions.get(code, 0.0) + r.score
            if r.place.feature in ("city", "point") and r.point is not None:
                points.append(r.point)
        return cls(countries, regions, tuple(points), named=named or not countries)

    def inside(self, within: Resolution | None) -> GeoContext:
        """The same context, with the place the name is said to lie in."""
        return GeoContext(self.countries, self.regions, self.points, within, self.named)

    def is_empty(self) -> bool:
        return not (self.countries or self.regions or self.points or self.within)


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance between two (lat, lon) points."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


@runtime_checkable
class Geocoder(Protocol):
    """Resolves place names offline or through a service; chosen by `geocode.backend`.

    A third-party geocoder registers a factory `f(settings) -> Geocoder` in the entry point group
    `tocsin.geocoders`. Names that do not resolve with at least `geocode.min_score` give None.
    """

    def resolve(self, name: str, *, lang: str, context: GeoContext | None = None) -> Resolution | None:
        """The place `name` most likely stands for in this context, or None."""
        ...

    def resolve_many(self, names: Sequence[str], *, lang: str,
                     context: GeoContext | None = None) -> list[Resolution | None]:
        """`resolve` for each name, in order."""
        ...
