"""What the merge reads in an article besides its events: type families, people named, ages, sites, cues.

Data in `families.yaml` and `clues.yaml` (validated once and cached); see those files for the rules.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError, field_validator
from rapidfuzz import fuzz

from ..errors import LanguageDataError
from ..model import EVENT_TYPES, ArticleResult

__all__ = ["ArticleClues", "Families", "LanguageClues", "article_clues", "families", "fold", "language_clues",
           "same_person"]


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Followups(_Frozen):
    types: tuple[str, ...]
    of: tuple[str, ...]
    days: int = Field(ge=0)


class Families(_Frozen):
    """Type families and follow-ups, as `families.yaml` states them."""

    version: int
    families: Mapping[str, tuple[str, ...]]
    followups: Followups

    @field_validator("families")
    @classmethod
    def _known_types(cls, value: Mapping[str, tuple[str, ...]]) -> Mapping[str, tuple[str, ...]]:
        seen: set[str] = set()
        for name, types in value.items():
            for t in types:
                if t not in EVENT_TYPES:
                    raise ValueError(f"family {name}: unknown event type {t!r}")
                if t in seen:
                    raise ValueError(f"event type {t} is in two families")
                seen.add(t)
        return value

    def model_post_init(self, context: Any, /) -> None:
        object.__setattr__(self, "_by_type", {t: name for name, types in self.families.items() for t in types})

    _by_type: dict[str, str] = PrivateAttr(default_factory=dict)

    def family(self, event_type: str) -> str:
        """The family of a type (a type in no family is its own)."""
        return self._by_type.get(event_type, event_type)

    def types_of(self, family: str) -> tuple[str, ...]:
        """The types of a family (a lone type's family is itself)."""
        return tuple(self.families.get(family, (family,)))

    def is_followup(self, event_type: str) -> bool:
        return event_type in self.followups.types

    def followed(self) -> tuple[str, ...]:
        """The families a follow-up may join."""
        return self.followups.of


class LanguageClues(_Frozen):
    """One language's section of `clues.yaml`."""

    connectors: frozenset[str] = frozenset()  # small words inside names ("van", "ben")
    site_links: frozenset[str] = frozenset()  # small words between a site word and its name ("de la")
    not_name: frozenset[str] = frozenset()
    titles: frozenset[str] = frozenset()
    speech: frozenset[str] = frozenset()
    site_words: frozenset[str] = frozenset()
    site_word_first: bool = False  # the site word comes first, in lower case: "rue de la Paix"
    ages: tuple[str, ...] = ()
    roundup: tuple[str, ...] = ()
    followup: Mapping[str, tuple[str, ...]] = Field(default_factory=dict)

    @field_validator("ages")
    @classmethod
    def _patterns(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for p in value:
            try:
                compiled = re.compile(p)
            except re.error as err:
                raise ValueError(f"age pattern {p!r}: {err}") from err
            if compiled.groups < 1:
                raise ValueError(f"age pattern {p!r} needs a group holding the age")
        return value


class _CluesFile(_Frozen):
    version: int
    languages: Mapping[str, LanguageClues]


def _load(name: str) -> Any:
    path = resources.files("tocsin.merging").joinpath(name)
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as err:
        raise LanguageDataError(f"cannot read tocsin/merging/{name}: {err}; reinstall tocsin") from err


@cache
def families() -> Families:
    """The type families and follow-up rules (`families.yaml`)."""
    try:
        return Families.model_validate(_load("families.yaml"))
    except ValidationError as err:
        raise LanguageDataError(f"tocsin/merging/families.yaml is not valid: {err}") from err


@cache
def _clues() -> _CluesFile:
    try:
        return _CluesFile.model_validate(_load("clues.yaml"))
    except ValidationError as err:
        raise LanguageDataError(f"tocsin/merging/clues.yaml is not valid: {err}") from err


def language_clues(lang: str | None) -> LanguageClues | None:
    """The clues of a language (None: tocsin reads no clues in it)."""
    if not lang:
        return None
    return _clues().languages.get(lang.split("-")[0].lower())


def fold(text: str) -> str:
    """Lower case without accents: how names are compared."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def same_person(a: str, b: str) -> bool:
    """Whether two folded names ("marcus reed", "marcus j. reid", "yanis ben ali") may name one person."""
    if a == b:
        return True
    ta, tb = a.split(), b.split()
    if not ta or not tb or ta[0][0] != tb[0][0]:
        return False
    # Spelled differently ("reed"/"reid"), or cut differently ("benali"/"ben ali"): compare the letters.
    if fuzz.ratio("".join(_LETTERS.findall(a)), "".join(_LETTERS.findall(b))) >= 90:
        return True
    short, long_ = sorted((ta, tb), key=len)
    if len(short) >= 2 and set(short) <= set(long_):  # "marcus reed" in "marcus j. reed"
        return True
    # An initial for the first name: "m. reed".
    return ta[-1] == tb[-1] and (len(ta[0].rstrip(".")) == 1 or len(tb[0].rstrip(".")) == 1)


_LETTERS = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True, slots=True)
class ArticleClues:
    """What an article says that helps tell its incidents apart: people, officials, ages, sites, cues."""

    names: frozenset[str] = frozenset()  # folded person names ("marcus reed")
    officials: frozenset[str] = frozenset()  # names of officials and spokespeople quoted
    ages: frozenset[int] = frozenset()
    sites: frozenset[str] = frozenset()  # folded street, school, building names ("elm street")
    roundup: bool = False
    followup: str | None = None  # kind of follow-up the article reads as ("arrest", "vigil"…)


_WORD = re.compile(r"[^\W\d_][\w'’.-]*", re.UNICODE)
_SENTENCE_END = re.compile(r"[.!?…:;\"«»“”()\n]\s*$")


def _title_case(line: str) -> bool:
    words = [w for w in _WORD.findall(line) if len(w) > 3]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) / len(words) > 0.6


def _runs(text: str, clues: LanguageClues) -> Iterable[tuple[list[str], str, str, tuple[int, int]]]:
    """Runs of capitalised words: (words, the word before, the word after, their span)."""
    tokens = [(m.group(0).rstrip(".'’-"), m.start(), m.end()) for m in _WORD.finditer(text)]
    run: list[tuple[str, int, int]] = []

    def flush(i: int) -> Iterable[tuple[list[str], str, str, tuple[int, int]]]:
        if run:
            before_index = i - len(run) - 1
            before = tokens[before_index][0] if before_index >= 0 else ""
            after = tokens[i][0] if i < len(tokens) else ""
            # A connector ends no name ("Jean de"): trim it.
            kept = list(run)
            while kept and fold(kept[-1][0]) in clues.connectors:
                kept.pop()
            if kept:
                yield [w for w, _, _ in kept], before, after, (kept[0][1], kept[-1][2])

    for i, (word, start, end) in enumerate(tokens):
        gap = text[run[-1][2]:start] if run else ""
        if run and text[run[-1][2] - 1] == "." and len(run[-1][0]) > 3:
            gap = "."  # the last word ended a sentence ("Brown. Police"), not an abbreviation ("Lt.")
        # Capitalised, not upper case: "EVENT", "AFP", "NYPD" are codes and acronyms, not names.
        capital = word[:1].isupper() and not (len(word) > 1 and word.isupper())
        connector = fold(word) in clues.connectors and bool(run)
        joins = (capital or connector) and (not run or gap.strip() in ("", "-"))
        if run and not joins:
            yield from flush(i)
            run = []
        if capital or (connector and run):
            run.append((word, start, end))
    yield from flush(len(tokens))


_SITE_PATTERNS: dict[int, re.Pattern[str]] = {}


def _site_pattern(clues: LanguageClues) -> re.Pattern[str]:
    cached = _SITE_PATTERNS.get(id(clues))
    if cached is not None:
        return cached
    words = "|".join(sorted((re.escape(w) for w in clues.site_words), key=len, reverse=True))
    links = "|".join(re.escape(w) for w in sorted(clues.site_links, key=len, reverse=True))
    _SITE_PATTERNS[id(clues)] = compiled = re.compile(rf"\b({words})\s+(?:(?:{links})(?:\s+|['’]))*([A-ZÀ-Þ][\w'’-]*"
                      rf"(?:[ -][A-ZÀ-Þ][\w'’-]*)*)")
    return compiled


def article_clues(result: ArticleResult) -> ArticleClues:
    """The clues of one article, in its language (none when tocsin has no clues for it)."""
    clues = language_clues(result.lang)
    if clues is None or not result.text:
        return ArticleClues()
    text = result.text
    lines = text.split("\n", 1)
    if len(lines) > 1 and len(lines[0]) < 300 and _title_case(lines[0]):
        # A headline in title case capitalises every word: no names to read there.
        text = " " * len(lines[0]) + ("\n" + lines[1] if len(lines) > 1 else "")
    # Places the article names are not people (streets and schools still are sites).
    blocked = [(p.start, p.end) for p in result.places if p.place is not None]
    names: set[str] = set()
    officials: set[str] = set()
    sites: set[str] = set()
    for words, before, after, span in _runs(text, clues):
        folded = [fold(w) for w in words]
        if any(w in clues.site_words for w in folded[1:]) and len(words) >= 2:
            sites.add(" ".join(w for w in folded if w not in clues.not_name or w in clues.site_words))
            continue
        if any(s <= span[0] and span[1] <= e for s, e in blocked):
            continue  # the whole run is a place the article names, not a person
        # Drop capitalised function words and titles at the start ("The", "Officer").
        while folded and (folded[0] in clues.not_name or folded[0] in clues.titles):
            if folded[0] in clues.titles:
                before = folded[0]
            folded, words = folded[1:], words[1:]
        if len(folded) < 2 or len(folded) > 4 or any(w in clues.not_name for w in folded if w not in clues.connectors):
            continue
        if any(len(w) == 1 for w in folded[-1:]):
            continue
        name = " ".join(folded)
        if fold(before) in clues.titles or fold(before) in clues.speech or fold(after) in clues.speech:
            officials.add(name)
        else:
            names.add(name)
    # A site word before a capitalised name: "rue de la République", "quartier de la Busserine".
    for m in re.finditer(_site_pattern(clues), text) if clues.site_word_first else ():
        sites.add(fold(f"{m.group(1)} {m.group(2)}"))
    ages: set[int] = set()
    for pattern in clues.ages:
        for m in re.finditer(pattern, result.text):
            age = int(m.group(1))
            if 0 < age < 110:
                ages.add(age)
    low = fold(result.text)
    roundup = any(fold(cue) in low for cue in clues.roundup)
    followup = None
    for kind, cues in clues.followup.items():
        if any(re.search(r"\b" + re.escape(fold(cue)) + r"\b", low) for cue in cues):
            followup = kind
            break
    # A spokesman named once as a plain name elsewhere is still a spokesman.
    names = {n for n in names if not any(same_person(n, o) for o in officials)}
    return ArticleClues(frozenset(names), frozenset(officials), frozenset(ages), frozenset(sites), roundup, followup)
