"""Schema of `lang/<code>/places.yaml`: what a language says about place names, demonyms and place nouns.

Targets are language-neutral codes: "KZ" (a country, ISO 3166-1), "US.TX" (a first-level division,
GeoNames code), "continent:EU" (a continent, GeoNames code), "union:EU" (the European Union),
"m49:143" (a UN subregion), "region:middle_east" (a region of geocode/regions.yaml) or
"geonames:1526384" (any gazetteer place).
"""

from __future__ import annotations

from functools import cache

from pydantic import Field

from ..lang import Section, has_section, section
from .normalize import fold


class ExamplePlace(Section):
    """One place an example text must yield."""

    text: str = Field(description="the mention as written")
    country: str | None = Field(default=None, description="ISO code it resolves in, or null when unresolved")
    feature: str | None = Field(default=None, description="country, region, city or point")
    demonym: bool = False
    name: str | None = Field(default=None, description="the gazetteer name it resolves to, when it matters")


class PlaceExample(Section):
    """A sentence and the places found in it (others may be found too); each mention text appears once."""

    text: str
    places: list[ExamplePlace]


class PlaceNouns(Section):
    """Common nouns that name a place the gazetteer cannot hold, by the precision they stand for."""

    country: list[str] = Field(default_factory=list, description='"pays": the country in question')
    region: list[str] = Field(default_factory=list, description='"région", "province"')
    city: list[str] = Field(default_factory=list, description='"ville", "village": the town in question')
    point: list[str] = Field(default_factory=list, description='"rue", "hôpital": a spot within a town')


class StreetWords(Section):
    """Words that make a phrase an address inside a town (a street, a road), never a town's name."""

    after_name: list[str] = Field(default_factory=list,
                                  description='last word of a street\'s name: "Street", "St." ("West Third Street")')
    before_name: list[str] = Field(default_factory=list,
                                   description='first word, before the name: "rue", "boulevard" ("rue de la Paix")')
    before_number: list[str] = Field(default_factory=list,
                                     description='words before a road number: "Route", "route nationale" ("Route 9")')


class PlacesLanguage(Section):
    """Language knowledge for finding and resolving places."""

    ner_labels: list[str] = Field(default_factory=list, description="spaCy entity labels that are toponyms")
    facility_labels: list[str] = Field(default_factory=list, description="labels of buildings, roads, sites")
    demonym_labels: list[str] = Field(default_factory=list, description="labels of nationalities (NORP)")
    org_labels: list[str] = Field(default_factory=list, description="labels of organisations that may hold a place")
    articles: list[str] = Field(default_factory=list, description="leading words dropped from a mention")
    possessives: list[str] = Field(default_factory=list, description="trailing endings dropped (\"'s\")")
    connectors: list[str] = Field(default_factory=list,
                                  description='words joining a place noun to its name ("de", "of")')
    joiners: list[str] = Field(default_factory=list,
                               description='words inside a compound name ("Trinidad and Tobago")')
    place_prepositions: list[str] = Field(default_factory=list,
                                          description='words before a place ("in", "à"): a name after one that '
                                                      'the recogniser calls a person may be a town')
    within_prepositions: list[str] = Field(default_factory=list,
                                           description='words saying a place lies in the town after them ("à", "in")')
    demonyms: dict[str, list[str]] = Field(default_factory=dict,
                                           description="target code → words for its people, base form")
    demonym_endings: list[tuple[str, str]] = Field(
        default_factory=list, description="(inflected ending, base ending) pairs undoing feminine and plural")
    lowercase_demonyms: bool = Field(default=False, description="demonyms are written in lower case (French)")
    abbreviations: dict[str, str] = Field(default_factory=dict,
                                          description="exact written form → target code (case matters)")
    place_nouns: PlaceNouns = Field(default_factory=PlaceNouns)
    facility_heads: list[str] = Field(default_factory=list,
                                      description='capitalised last words making a name a site ("Street")')
    not_places: list[str] = Field(default_factory=list,
                                  description="capitalised words never taken as places on their own")
    streets: StreetWords = Field(default_factory=StreetWords)
    home_countries: dict[str, float] = Field(
        default_factory=dict,
        description="country code → weight (log scale, one unit a factor of ten) added to its places: the "
                    "countries the language's press writes most about (\"Brest\" in French is Brest, France)")
    contractions: dict[str, str] = Field(
        default_factory=dict,
        description='a preposition holding the article of the name after it → that article: "au" → "le" '
                    '("au Mans" names Le Mans)')
    examples: list[PlaceExample] = Field(default_factory=list)


class PlaceWords:
    """A language's place knowledge, folded and indexed for lookups."""

    def __init__(self, lang: str, data: PlacesLanguage) -> None:
        self.lang = lang
        self.data = data
        self.demonyms: dict[str, str] = {}
        for target, words in data.demonyms.items():
            for word in words:
                self.demonyms.setdefault(fold(word), target)
        self.endings = sorted(((fold(a), fold(b)) for a, b in data.demonym_endings), key=lambda p: -len(p[0]))
        self.abbreviations = {" ".join(k.split()): v for k, v in data.abbreviations.items()}
        self.articles = sorted({fold(a) for a in data.articles}, key=len, reverse=True)
        self.possessives = sorted(data.possessives, key=len, reverse=True)
        self.connectors = {fold(c) for c in data.connectors}
        self.joiners = {fold(c) for c in data.joiners}
        self.place_prepositions = {fold(c) for c in data.place_prepositions}
        self.noun_level: dict[str, str] = {}
        for level in ("point", "region", "city", "country"):
            for noun in getattr(data.place_nouns, level):
                self.noun_level[fold(noun)] = level
        self.facility_heads = {fold(w) for w in data.facility_heads}
        self.not_places = {fold(w) for w in data.not_places}
        self.home_countries = {code.upper(): weight for code, weight in data.home_countries.items()}
        self.within_prepositions = {fold(w) for w in data.within_prepositions}
        self._targets: dict[str, str | None] = {}  # demonym_target's answers, by folded word
        # Folded street words as token tuples ("route nationale" → ("route", "nationale")).
        self.contractions = {fold(k): v for k, v in data.contractions.items()}
        self.street_after = {fold(w) for w in data.streets.after_name}
        self.street_before = {tuple(fold(w).split()) for w in data.streets.before_name}
        self.street_number = {tuple(fold(w).split()) for w in data.streets.before_number}

    def demonym_target(self, word: str) -> str | None:
        """The code a (possibly inflected) demonym stands for: "kazakhes" → "KZ"."""
        key = fold(word)
        if key in self._targets:
            return self._targets[key]
        self._targets[key] = found = self._demonym_target(key)
        return found

    def _demonym_target(self, key: str) -> str | None:
        if key in self.demonyms:
            return self.demonyms[key]
        for ending, base in self.endings:
            if key.endswith(ending) and len(key) > len(ending) + 2:
                stem = key[: len(key) - len(ending)] + base
                if stem in self.demonyms:
                    return self.demonyms[stem]
        return None

    def stems(self, key: str) -> list[str]:
        """Base forms a folded word may be an inflection of ("russians" → "russian")."""
        out = []
        for ending, base in self.endings:
            if key.endswith(ending) and len(key) > len(ending) + 2:
                out.append(key[: len(key) - len(ending)] + base)
        return out


@cache
def place_words(lang: str) -> PlaceWords:
    """The place knowledge of `lang` (empty when the language has no places.yaml)."""
    data = section(lang, "places", PlacesLanguage) if has_section(lang, "places") else PlacesLanguage()
    return PlaceWords(lang, data)
