"""The built-in geocoder: gazetteer candidates for a name, weighed by what they are and by the article's context.

Each candidate gets a weight on a log scale (one unit is a factor of ten):
- a prior from what the place is: a town weighs the log of its population (capitals a little more),
  a country as a town of 100 million, a continent of 30 million, a first-level division of 1.6 million
  (but no more than a town of three times the people its towns hold), a second-level one by its
  population, below;
- how the name belongs to it: its own name or a name in the text's language counts fully, an alternate
  spelling a little less, a name known only in another language much less;
- the countries the text's language writes most about (`home_countries` in `lang/<code>/places.yaml`):
  a French "Brest" is the Breton port before the Belarusian region;
- the context: the share of the article's places that lie in the candidate's country (and a penalty
  when the article names other countries only), its division, towns nearby, and above all a place
  the name is said to lie in ("Paris, Texas").
So a country keeps its name against a village of the same name in an article about the village's
country ("China" is not China, Texas), while "Georgia" in an article full of American places is the
state. The score in [0, 1] mixes how heavy the winner is with how clearly it beats distinct rivals
(places more than 100 km away): a coin toss between two hamlets stays below `min_score`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from ..model import Place, PlacePrecision
from ..settings import Settings
from .build import (
    FLAG_CAPITAL,
    KIND_ALT,
    KIND_DEMONYM,
    KIND_LOCAL,
    KIND_NAME,
    LEVEL_ADMIN1,
    LEVEL_ADMIN2,
    LEVEL_CITY,
    LEVEL_COUNTRY,
    LEVEL_FEATURE,
    LEVEL_MACRO,
)
from .index import Entry, Gazetteer, index_path
from .langdata import PlaceWords, place_words
from .normalize import MAX_NAME_CHARS, fold
from .protocol import GeoContext, Resolution, distance_km

_COUNTRY_WEIGHT = 8.0  # as a town of 100 million: "Mexico" is the country before Mexico City
_MACRO_WEIGHT = 7.5
_ADMIN1_WEIGHT = 6.2
_ADMIN1_OVER_TOWN = 0.5  # at most, a division weighs as a town of three times its people
_ADMIN1_FEWEST = 4.0  # the people (log) a division is credited with when its towns hold fewer
_CAPITAL_BONUS = 0.7
_KIND_PENALTY = {KIND_NAME: 0.0, KIND_LOCAL: 0.0, KIND_ALT: 0.3, KIND_DEMONYM: 0.0}
_OTHER_LANGUAGE = 1.5  # a name known only in another language ("Columbia" is Colombia in some)
_SAME_PLACE_KM = 100.0  # candidates closer than this are one place for ambiguity (Almaty city and region)
_SHARPNESS = 2.0  # how fast a rival's chance falls with its weight gap (per unit)
_FLOOR, _SPAN = 2.5, 5.0  # weights from 2.5 (a hamlet) to 7.5 (a large city) map onto 0–1


def _prior(e: Entry) -> float:
    if e.level == LEVEL_COUNTRY:
        return _COUNTRY_WEIGHT
    if e.level == LEVEL_MACRO:
        return _MACRO_WEIGHT
    people = math.log10(e.population + 1)
    if e.level == LEVEL_ADMIN1:
        # A division whose towns hold few people weighs no more than a town three times their size:
        # the district of Toledo, Belize (29,000) is not Toledo, Ohio (265,000). Its population is that
        # of the towns the index holds, so none counted means few or unknown: a town of 10,000 then.
        cap = max(people, _ADMIN1_FEWEST) + _ADMIN1_OVER_TOWN
        return min(_ADMIN1_WEIGHT + 0.1 * (people - 6), cap)
    if e.level == LEVEL_ADMIN2:
        return 4.5 + 0.3 * (people - 5)
    return people + (_CAPITAL_BONUS if e.flags & FLAG_CAPITAL else 0.0)


def _name_penalty(e: Entry, lang: str) -> float:
    penalty = _KIND_PENALTY.get(e.kind, 0.3)
    if e.lang and e.lang != lang and e.lang != "en" and e.kind in (KIND_LOCAL, KIND_DEMONYM):
        penalty += _OTHER_LANGUAGE
    return penalty


def _contains(outer: Resolution, e: Entry) -> bool:
    """Whether the gazetteer place `e` lies within the resolved place `outer`."""
    feature = outer.place.feature
    if feature == "country":
        return e.country == outer.place.country and e.level > LEVEL_COUNTRY
    if feature == "region":
        code = outer.admin2 or outer.admin1
        return e.level > LEVEL_ADMIN1 and code is not None and code in (e.admin1, e.admin2) and e.code != code
    return False


def _context_weight(e: Entry, ctx: GeoContext) -> float:
    weight = 0.0
    if ctx.within is not None:
        weight += 4.0 if _contains(ctx.within, e) else -3.0
    total = sum(ctx.countries.values())
    if total and e.country:
        # The same for a country and its towns: the share tells between countries, not within one.
        share = ctx.countries.get(e.country, 0.0) / total
        # -1.5: the article is about other countries (not when only nationalities name them).
        weight += 2.0 * math.sqrt(share) if share else (-1.5 if ctx.named else 0.0)
    if e.level > LEVEL_ADMIN1 and e.admin1 and e.admin1 in ctx.regions:
        weight += 1.0
    if e.level > LEVEL_ADMIN2 and e.admin2 and e.admin2 in ctx.regions:
        weight += 0.5
    if e.level == LEVEL_CITY and ctx.points:
        nearest = min(distance_km((e.lat, e.lon), p) for p in ctx.points)
        weight += 1.0 if nearest < 50 else 0.6 if nearest < 150 else 0.3 if nearest < 400 else 0.0
    return weight


def _place(e: Entry) -> Place:
    feature: PlacePrecision = LEVEL_FEATURE[e.level]  # type: ignore[assignment]
    return Place(name=e.name, country=e.country, lat=e.lat, lon=e.lon, geonames_id=e.geonames_id, feature=feature)


class GazetteerGeocoder:
    """Resolves names against the offline gazetteer index; see the module docstring for the scoring."""

    def __init__(self, gazetteer: Gazetteer, *, min_score: float = 0.35) -> None:
        self.gazetteer = gazetteer
        self.min_score = min_score

    @classmethod
    def from_settings(cls, settings: Settings) -> GazetteerGeocoder:
        """The geocoder the settings describe (the index is built on first use)."""
        return cls(Gazetteer.open(index_path(settings)), min_score=settings.geocode.min_score)

    def _entries(self, raw: str, words: PlaceWords) -> list[Entry]:
        """Gazetteer entries a written name may stand for, with how each matched."""
        out: list[Entry] = []
        variants = _variants(raw, words)
        for text in variants:
            code = words.abbreviations.get(text)
            e = self.gazetteer.by_code(code) if code is not None else None
            if e is not None:
                out.append(_with_kind(e, KIND_NAME, words.lang))
                break
        demonym = words.demonym_target(raw)
        if demonym is not None:
            e = self.gazetteer.by_code(demonym)
            if e is not None:
                out.append(_with_kind(e, KIND_DEMONYM, words.lang))
        if not any(c.isupper() for c in raw):
            # Place names are capitalised in the languages tocsin reads: a lower-case word ("paris
            # sportifs", "nice") is no place, though it may be a demonym ("russes").
            return out
        for text in variants:
            key = fold(text)
            out.extend(self.gazetteer.lookup(key))
            for stem in words.stems(key):
                out.extend(e for e in self.gazetteer.lookup(stem) if e.kind == KIND_DEMONYM)
        return out

    def _ranked(self, name: str, lang: str, context: GeoContext | None) -> list[tuple[float, Entry]]:
        raw = " ".join(name.split())
        if not raw or len(raw) > MAX_NAME_CHARS:
            return []
        ctx = context or GeoContext()
        words = place_words(lang)
        best: dict[int, tuple[float, Entry]] = {}
        for e in self._entries(raw, words):
            score = _prior(e) - _name_penalty(e, lang) + _context_weight(e, ctx)
            if e.country and e.level > LEVEL_COUNTRY:
                score += words.home_countries.get(e.country, 0.0)
            if e.id not in best or score > best[e.id][0]:
                best[e.id] = (score, e)
        return sorted(best.values(), key=lambda se: (-se[0], -se[1].level))

    def candidates(self, name: str, *, lang: str, context: GeoContext | None = None) -> list[Resolution]:
        """Every place `name` may stand for, best first, scored by weight (log scale, not 0–1)."""
        return [_resolution(e, score) for score, e in self._ranked(name, lang, context)]

    def resolve(self, name: str, *, lang: str, context: GeoContext | None = None) -> Resolution | None:
        ranked = self._ranked(name, lang, context)
        if not ranked:
            return None
        top_score, top = ranked[0]
        # A nearby, more specific place weighing alike is the same place named more precisely
        # (Almaty the city over Almaty the city-region).
        for score, other in ranked[1:]:
            if score < top_score - 0.5:
                break
            if _rank(other) > _rank(top) and _near(top, other):
                top_score, top = score, other
        rivals = sum(math.exp(_SHARPNESS * (score - top_score)) for score, e in ranked
                     if e is not top and not _near(top, e))
        chance = 1.0 / (1.0 + rivals)
        # The language's home countries choose between namesakes; they make no hamlet heavier ("Vie").
        own = top_score - place_words(lang).home_countries.get(top.country or "", 0.0) * (top.level > LEVEL_COUNTRY)
        heft = max(0.0, min(1.0, (own - _FLOOR) / _SPAN))
        score = round(min(0.99, 0.3 * chance + 0.7 * heft * chance ** 0.5), 3)
        if score < self.min_score:
            return None
        return _resolution(top, score)

    def resolve_many(self, names: Sequence[str], *, lang: str,
                     context: GeoContext | None = None) -> list[Resolution | None]:
        return [self.resolve(n, lang=lang, context=context) for n in names]


_RANK = {LEVEL_MACRO: 0, LEVEL_COUNTRY: 1, LEVEL_ADMIN1: 2, LEVEL_ADMIN2: 2, LEVEL_CITY: 3}


def _rank(e: Entry) -> int:
    return _RANK.get(e.level, 0)


def _near(a: Entry, b: Entry) -> bool:
    # A quick latitude test first: most rivals are far apart, and the full distance is slower.
    if abs(a.lat - b.lat) > 1.0:
        return False
    return distance_km((a.lat, a.lon), (b.lat, b.lon)) < _SAME_PLACE_KM


def _with_kind(e: Entry, kind: int, lang: str) -> Entry:
    return Entry(e.id, e.geonames_id, e.name, e.country, e.admin1, e.admin2, e.lat, e.lon, e.level,
                 e.population, e.flags, e.code, kind, lang)


def _resolution(e: Entry, score: float) -> Resolution:
    admin1 = e.admin1 if e.level >= LEVEL_ADMIN1 else None
    admin2 = e.admin2 if e.level >= LEVEL_ADMIN2 else None
    return Resolution(_place(e), score, admin1, admin2, e.population, demonym=e.kind == KIND_DEMONYM)


def _variants(raw: str, words: PlaceWords) -> list[str]:
    """The name as written, without a possessive ending, and without a leading article."""
    out = [raw]
    for ending in words.possessives:
        if raw.endswith(ending) and len(raw) > len(ending):
            out.append(raw[: -len(ending)])
            break
    for text in list(out):
        low = text.casefold().replace("’", "'")
        for article in words.articles:
            if low.startswith(article) and len(low) > len(article):
                rest = text[len(article):]
                if article.endswith("'") or rest[:1].isspace():
                    out.append(rest.strip())
                    break
    return out

