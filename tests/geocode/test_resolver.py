"""The gazetteer geocoder: priors, context, ambiguity, exonyms, demonyms and odd input."""

from __future__ import annotations

import pytest

from tocsin.geocode import GazetteerGeocoder, GeoContext, Resolution, distance_km
from tocsin.geocode.langdata import place_words
from tocsin.lang import available, has_section

ALMATY = (43.25, 76.92)


def _resolve(geocoder: GazetteerGeocoder, name: str, lang: str = "en",
             context: GeoContext | None = None) -> Resolution:
    r = geocoder.resolve(name, lang=lang, context=context)
    assert r is not None, name
    assert 0.0 <= r.score <= 1.0
    return r


def test_resolve_paris_alone_is_the_french_capital(geocoder: GazetteerGeocoder) -> None:
    r = _resolve(geocoder, "Paris", "fr")
    assert (r.place.country, r.place.feature, r.place.geonames_id) == ("FR", "city", 2988507)


def test_resolve_paris_within_texas_is_paris_texas(geocoder: GazetteerGeocoder) -> None:
    texas = _resolve(geocoder, "Texas")
    r = _resolve(geocoder, "Paris", context=GeoContext().inside(texas))
    assert (r.place.country, r.admin1) == ("US", "US.TX")


def test_resolve_georgia_alone_is_the_country(geocoder: GazetteerGeocoder) -> None:
    assert _resolve(geocoder, "Georgia").place.feature == "country"


def test_resolve_georgia_among_american_places_is_the_state(geocoder: GazetteerGeocoder) -> None:
    places = [_resolve(geocoder, n) for n in ("Atlanta", "Savannah", "Alabama")]
    r = _resolve(geocoder, "Georgia", context=GeoContext.of(places))
    assert (r.place.country, r.place.feature, r.admin1) == ("US", "region", "US.GA")


def test_resolve_georgia_among_caucasian_places_stays_the_country(geocoder: GazetteerGeocoder) -> None:
    places = [_resolve(geocoder, n) for n in ("Tbilisi", "Armenia", "Russia")]
    assert _resolve(geocoder, "Georgia", context=GeoContext.of(places)).place.country == "GE"


def test_resolve_country_beats_homonymous_town_abroad(geocoder: GazetteerGeocoder) -> None:
    places = [_resolve(geocoder, n) for n in ("Texas", "Houston", "Dallas")]
    assert _resolve(geocoder, "China", context=GeoContext.of(places)).place.feature == "country"


@pytest.mark.parametrize(
    ("name", "lang", "country", "expected"),
    [
        ("Alma-Ata", "en", "KZ", "Almaty"),
        ("Alma-Ata", "fr", "KZ", "Almaty"),
        ("Londres", "fr", "GB", "London"),
        ("Biélorussie", "fr", "BY", None),
        ("Russie", "fr", "RU", None),
        ("Allemagne", "fr", "DE", None),
        ("ALMATY", "en", "KZ", "Almaty"),
        ("Kraków", "en", "PL", None),
        ("Krakow", "en", "PL", None),
        ("the United States", "en", "US", None),
        ("Syria’s", "en", "SY", None),
    ],
)
def test_resolve_exonyms_old_names_and_spellings(geocoder: GazetteerGeocoder, name: str, lang: str,
                                                 country: str, expected: str | None) -> None:
    r = _resolve(geocoder, name, lang)
    assert r.place.country == country
    if expected:
        assert r.place.name == expected


def test_resolve_almaty_is_within_25_km_of_its_centre(geocoder: GazetteerGeocoder) -> None:
    r = _resolve(geocoder, "Almaty", "fr")
    assert r.point is not None and distance_km(r.point, ALMATY) < 25
    assert r.place.feature == "city"


@pytest.mark.parametrize(
    ("word", "lang", "country"),
    [("kazakh", "fr", "KZ"), ("kazakhes", "fr", "KZ"), ("russes", "fr", "RU"), ("Russes", "fr", "RU"),
     ("arméniennes", "fr", "AM"), ("française", "fr", "FR"), ("Russian", "en", "RU"), ("Russians", "en", "RU"),
     ("French", "en", "FR"), ("Kazakh", "en", "KZ")],
)
def test_resolve_demonyms_name_their_country(geocoder: GazetteerGeocoder, word: str, lang: str,
                                             country: str) -> None:
    r = _resolve(geocoder, word, lang)
    assert (r.place.country, r.place.feature, r.demonym) == (country, "country", True)


@pytest.mark.parametrize(("text", "country"), [("U.S.", "US"), ("US", "US"), ("UK", "GB"), ("UAE", "AE")])
def test_resolve_abbreviations_match_their_exact_form(geocoder: GazetteerGeocoder, text: str, country: str) -> None:
    assert _resolve(geocoder, text).place.country == country


@pytest.mark.parametrize("text", ["us", "paris", "nice"], ids=["pronoun", "lower-paris", "adjective"])
def test_resolve_lower_case_words_are_no_places(geocoder: GazetteerGeocoder, text: str) -> None:
    assert geocoder.resolve(text, lang="en") is None


@pytest.mark.parametrize(
    "name",
    ["", "   ", "x" * 500, "🏳️‍🌈", "Москва-Almaty", "北京市", "\x00", "Paris\u200b", "(((", "Saint-" * 40],
    ids=["empty", "blank", "500-chars", "emoji", "mixed-scripts", "cjk", "nul", "zero-width", "brackets", "long"],
)
@pytest.mark.parametrize("lang", ["fr", "en", "xx"])
def test_resolve_odd_names_never_crash(geocoder: GazetteerGeocoder, name: str, lang: str) -> None:
    r = geocoder.resolve(name, lang=lang, context=GeoContext(countries={"FR": 1.0}, points=(ALMATY,)))
    assert r is None or 0.0 <= r.score <= 1.0


def test_resolve_unknown_name_is_none(geocoder: GazetteerGeocoder) -> None:
    assert geocoder.resolve("Zorglubville-sur-Mer", lang="fr") is None


def test_resolve_below_min_score_stays_unresolved(geocoder: GazetteerGeocoder) -> None:
    strict = GazetteerGeocoder(geocoder.gazetteer, min_score=0.999)
    assert geocoder.resolve("Springfield", lang="en") is None or strict.resolve("Springfield", lang="en") is None
    assert strict.resolve("Almaty", lang="fr") is None


def test_resolve_many_keeps_order(geocoder: GazetteerGeocoder) -> None:
    out = geocoder.resolve_many(["Almaty", "", "Russie"], lang="fr")
    assert [r.place.country if r else None for r in out] == ["KZ", None, "RU"]


@pytest.mark.parametrize("lang", [c for c in available() if has_section(c, "places")])
def test_language_data_targets_exist_in_gazetteer(geocoder: GazetteerGeocoder, lang: str) -> None:
    words = place_words(lang)
    targets = {*words.demonyms.values(), *words.abbreviations.values()}
    missing = sorted(t for t in targets if geocoder.gazetteer.by_code(t) is None)
    assert not missing, f"lang/{lang}/places.yaml names unknown places: {missing}"
