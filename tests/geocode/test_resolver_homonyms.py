"""Homonymous towns: a small division never outweighs a large city, and the state named decides."""

from __future__ import annotations

import pytest

from tocsin.geocode import GazetteerGeocoder, GeoContext, Resolution


def _context(geocoder: GazetteerGeocoder, *names: str) -> GeoContext:
    found = [geocoder.resolve(n, lang="en") for n in names]
    assert all(r is not None for r in found), names
    return GeoContext.of(found)


@pytest.mark.parametrize("name", ["Toledo", "Manchester"])
def test_resolve_small_division_never_outweighs_a_large_city(geocoder: GazetteerGeocoder, name: str) -> None:
    # The district of Toledo (Belize) and the parish of Manchester (Jamaica) hold a tenth of the people
    # of Toledo, Ohio, and of Manchester, England: neither may come first.
    top = geocoder.candidates(name, lang="en")[0]
    assert top.place.feature == "city"
    r = geocoder.resolve(name, lang="en")
    assert r is None or r.place.feature == "city"


def test_resolve_manchester_alone_is_the_english_city(geocoder: GazetteerGeocoder) -> None:
    r = geocoder.resolve("Manchester", lang="en")
    assert r is not None and (r.place.country, r.place.feature) == ("GB", "city")


@pytest.mark.parametrize(
    ("name", "context", "country", "admin1"),
    [
        ("Toledo", ("Ohio",), "US", "US.OH"),
        ("Toledo", ("Madrid", "Spain"), "ES", None),
        ("Springfield", ("Ohio",), "US", "US.OH"),
        ("Springfield", ("Illinois",), "US", "US.IL"),
        ("Springfield", ("Columbus", "Dayton"), "US", "US.OH"),
        ("Springfield", ("Boston", "Worcester"), "US", "US.MA"),
        ("Springfield", ("Kansas City", "St. Louis"), "US", "US.MO"),
    ],
    ids=lambda v: str(v),
)
def test_resolve_homonym_in_the_state_the_article_names(geocoder: GazetteerGeocoder, name: str,
                                                        context: tuple[str, ...], country: str,
                                                        admin1: str | None) -> None:
    r: Resolution | None = geocoder.resolve(name, lang="en", context=_context(geocoder, *context))
    assert r is not None
    assert (r.place.country, r.place.feature) == (country, "city")
    if admin1:
        assert r.admin1 == admin1


def test_resolve_springfield_alone_stays_unresolved(geocoder: GazetteerGeocoder) -> None:
    assert geocoder.resolve("Springfield", lang="en") is None


@pytest.mark.parametrize("name", ["Ohio", "Texas", "Vermont", "Bretagne", "Corse"])
def test_resolve_first_level_divisions_still_resolve_alone(geocoder: GazetteerGeocoder, name: str) -> None:
    r = geocoder.resolve(name, lang="fr" if name in ("Bretagne", "Corse") else "en")
    assert r is not None and r.place.feature == "region"
