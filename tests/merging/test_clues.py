"""What the merge reads in an article's text: people named (not officials), ages, sites, round-ups, follow-ups."""

from __future__ import annotations

import pytest

from tocsin.merging import article_clues
from tocsin.merging.clues import language_clues
from tocsin.model import ArticleResult, Place, PlaceMention


def clues(text: str, lang: str, places: tuple[PlaceMention, ...] = ()) -> object:
    return article_clues(ArticleResult(id="x", text=text, lang=lang, places=places))


@pytest.mark.parametrize(("lang", "text", "names", "officials", "ages", "sites"), [
    pytest.param("en", "Shooting On Elm Street Leaves Man Dead\nMarcus Reed, 34, was shot on Elm Street, "
                 "Lt. John Smith said.", {"marcus reed"}, {"john smith"}, {34}, {"elm street"}, id="en-victim"),
    pytest.param("en", "A 19-year-old, Jamal Carter, was charged. \"It was senseless,\" said Chief Ann Brown. "
                 "Police Chief Mark Jones told reporters.", {"jamal carter"}, {"ann brown", "mark jones"}, {19},
                 set(), id="en-officials-quoted"),
    pytest.param("en", "Two students were shot outside Westmoor High School in Columbus.", set(), set(), set(),
                 {"westmoor high school"}, id="en-school"),
    pytest.param("fr", "Jean-Pierre Durand, âgé de 45 ans, a été tué rue de la République. Le procureur "
                 "Nicolas Bessone a indiqué que Karim Ben Ali avait été interpellé.",
                 {"jean-pierre durand", "karim ben ali"}, {"nicolas bessone"}, {45}, {"rue republique"},
                 id="fr-victim-suspect-prosecutor"),
    pytest.param("fr", "Un adolescent de 17 ans a été blessé dans le quartier de la Busserine. EVENT ATTACK.",
                 set(), set(), {17}, {"quartier busserine"}, id="fr-district-no-codes"),
])
def test_article_clues(lang: str, text: str, names: set[str], officials: set[str], ages: set[int],
                       sites: set[str]) -> None:
    c = clues(text, lang)
    assert (set(c.names), set(c.officials), set(c.ages), set(c.sites)) == (names, officials, ages, sites)  # type: ignore[attr-defined]


def test_a_place_the_article_names_is_not_a_person() -> None:
    text = "Shots were fired in Grand Rapids on Friday."
    start = text.index("Grand Rapids")
    place = PlaceMention(start, start + 12, "Grand Rapids", Place("Grand Rapids", "US", 42.96, -85.67, 4994358, "city"))
    assert clues(text, "en", (place,)).names == frozenset()  # type: ignore[attr-defined]
    assert clues(text, "en").names == {"grand rapids"}  # type: ignore[attr-defined]


@pytest.mark.parametrize(("lang", "text", "roundup", "followup"), [
    ("en", "Three separate shootings over the weekend left one dead.", True, None),
    ("en", "The victim has been identified as Marcus Reed.", False, "identified"),
    ("en", "A vigil was held Saturday for the victim.", False, "vigil"),
    ("en", "He was charged with murder on Monday.", False, "charges"),
    ("fr", "Une marche blanche a réuni 300 personnes.", False, "vigil"),
    ("fr", "Deux suspects ont été placés en garde à vue.", False, "arrest"),
    ("fr", "Une nuit de violences à Marseille : deux fusillades.", True, None),
])
def test_round_up_and_follow_up_cues(lang: str, text: str, roundup: bool, followup: str | None) -> None:
    c = clues(text, lang)
    assert (c.roundup, c.followup) == (roundup, followup)  # type: ignore[attr-defined]


def test_a_language_without_clues_reads_none() -> None:
    assert language_clues("xx") is None
    assert clues("Marcus Reed was shot.", "xx") == article_clues(ArticleResult(id="y", text=""))
