"""Event, actor and attribution vocabularies of a language, read from `lang/<code>/*.yaml`."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Literal

from pydantic import Field, field_validator

from .. import lang
from ..model import EVENT_TYPES, ActorKind, CountKey, Modality, Role

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Token


@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Lower-case form used for every vocabulary comparison."""
    # Accents are kept: they tell words apart ("traité" is not "traite").
    return unicodedata.normalize("NFC", text.replace("’", "'")).lower()


@lru_cache(maxsize=1 << 16)
def _keys(text: str, lemma: str) -> frozenset[str]:
    return frozenset((fold(text), fold(lemma)))


def token_keys(token: Token) -> frozenset[str]:
    """The forms a token is matched on: its word and its lemma, folded."""
    return _keys(token.text, token.lemma_)


# ---- schemas ---------------------------------------------------------------------------------


class TriggerSpec(lang.Section):
    lemma: str
    pos: list[str] = Field(default_factory=list)
    with_: list[str] = Field(default_factory=list, alias="with")
    without: list[str] = Field(default_factory=list)
    with_kinds: list[ActorKind] = Field(default_factory=list)
    not_reflexive: bool = False
    scope: Literal["clause", "sentence"] = "clause"

    @field_validator("with_", "without")
    @classmethod
    def _single_words(cls, words: list[str]) -> list[str]:
        multi = [w for w in words if " " in w.strip()]
        if multi:
            raise ValueError(f"with/without take single words, not phrases: {multi}")
        return words


class TypeSpec(lang.Section):
    patient_role: Role = "target"
    patient_count: CountKey | None = None
    agent_count: CountKey | None = None
    casualties: bool = False
    object_is_patient: bool = True
    speech: bool = False
    modality: Modality = "asserted"
    # The event joins an event of one of these types told in the same article, when the two agree:
    # "l'attentat" after "une bombe a explosé" is the bombing, not a second event.
    defer_to: list[str] = Field(default_factory=list)
    # … and one of these types when it hurt no one: an assault in a robbery is the robbery ("agressée
    # par des hommes qui lui ont dérobé son sac"); a shooting in one that wounds is a shooting of its own.
    harmless_defer_to: list[str] = Field(default_factory=list)
    # Whether a complement of aim ("sur les forces de l'ordre", "at officers") names whom the event hit.
    aimed_at_patient: bool = False
    # A record of this type is kept only when one of its actors is of these kinds: appeals and
    # agreements are between states, armed groups, parties and organisations, not every quote.
    parties: list[ActorKind] = Field(default_factory=list)
    # A telling of this type that brings nothing of its own (no actor, place, time or figure) is a
    # mention of an event of these types: "dirigent les manifestations", in an article about
    # riots, is a mention of the riots.
    bare_joins: list[str] = Field(default_factory=list)
    # With no agent in its clause, the event takes as agent the nearest subject of these kinds in
    # its paragraph: "Une marche a eu lieu à Athènes. Les manifestants ont brandi des pancartes…"
    context_agents: list[ActorKind] = Field(default_factory=list)
    # How far (in tokens) such a subject may stand from the trigger; none: anywhere in the paragraph.
    # Who fired or bombed is told near the act; a protest's organisers may be named paragraphs away.
    context_reach: int | None = None
    # Whom a nominal trigger's "de"/"of" complement names: "la grève des cheminots" (agent),
    # "l'arrestation des suspects" (patient); None: the complement says nothing about the role.
    genitive_role: Literal["agent", "patient"] | None = None


class Refinement(lang.Section):
    from_: list[str] = Field(alias="from")
    agent_kinds: list[ActorKind] = Field(default_factory=list)
    patient_kinds: list[ActorKind] = Field(default_factory=list)
    modalities: list[Modality] = Field(default_factory=list)
    # Words (base forms) of which one must be written in the event's sentence or paragraph:
    # "une explosion … Une grande quantité de pétrole était en cause" makes the accident a HAZMAT.
    words: list[str] = Field(default_factory=list)
    scope: Literal["sentence", "paragraph"] = "sentence"
    to: str
    modality: Modality | None = None  # the modality the refined event takes, if it changes


class CountWords(lang.Section):
    nouns: list[str] = Field(default_factory=list)
    verbs: list[str] = Field(default_factory=list)


class TypeExample(lang.Section):
    """A sentence and what it must yield.

    `types` is checked on the event stage alone; the other fields on the whole pipeline (quantity
    kinds, places): `counts` the exact figures of the record of `types[0]` (a key absent from it
    must be absent), `agent` a word of that record's agent (`agentless`: it has none), `place` its
    location's name, `modality` its modality, `records` how many records the text makes.
    """

    text: str
    types: list[str]
    counts: dict[CountKey, float] | None = None
    agent: str | None = None
    agentless: bool = False
    place: str | None = None
    modality: Modality | None = None
    records: int | None = None


class EventsSection(lang.Section):
    types: dict[str, TypeSpec]
    refine: list[Refinement] = Field(default_factory=list)
    count_words: dict[CountKey, CountWords] = Field(default_factory=dict)
    subset_markers: list[str] = Field(default_factory=list)
    # Nouns that name an event already told ("l'incident", "ce drame", "the tragedy"): with a definite
    # or demonstrative determiner they add a mention to the event told just before, never a new one.
    anaphors: list[str] = Field(default_factory=list)
    # Words that, put before a counted noun, add to a figure already given ("six autres", "two others").
    others: list[str] = Field(default_factory=list)
    # Nouns for who did an event: "l'auteur de l'explosion", "the perpetrator of the attack".
    perpetrators: list[str] = Field(default_factory=list)
    # Words that make a wounding or an attack a killing ("mortellement blessé", "shot to death", "a fatal shooting").
    fatal_markers: list[str] = Field(default_factory=list)
    # Verbs that hurt and may kill ("shot", "stabbed"): a victim named again ("the victim had been shot
    # several times") is not a new wounded person.
    harm_verbs: list[str] = Field(default_factory=list)
    # Verbs whose object is the harm their subject bears: "suffered a gunshot wound", "souffre de blessures".
    harm_bearers: list[str] = Field(default_factory=list)
    # Verbs whose subject is the one who dies ("il est mort", "he died"): a singular subject counts one.
    intransitive_deaths: list[str] = Field(default_factory=list)
    # Verbs that take lives and the noun for a life: "a coûté la vie à 12 personnes", "claimed the
    # lives of 12 people", "cost 12 lives" count the dead.
    life_taking: CountWords = Field(default_factory=CountWords)
    triggers: dict[str, list[TriggerSpec | str]]
    examples: list[TypeExample] = Field(default_factory=list)

    @field_validator("types", "triggers")
    @classmethod
    def _known_types(cls, value: dict[str, object]) -> dict[str, object]:
        unknown = sorted(set(value) - set(EVENT_TYPES))
        if unknown:
            raise ValueError(f"unknown event types {unknown}; the contract's types are {list(EVENT_TYPES)}")
        return value


class ActorExample(lang.Section):
    text: str
    kind: ActorKind
    name: str | None = None


class Pronouns(lang.Section):
    person: list[str] = Field(default_factory=list)
    group: list[str] = Field(default_factory=list)
    speaker: list[str] = Field(default_factory=list)
    # Pronouns for a body named before ("the government … it will withdraw"): the last organisation subject.
    organisation: list[str] = Field(default_factory=list)


class ActorsSection(lang.Section):
    kinds: dict[ActorKind, list[str]]
    aliases: dict[str, list[str]] = Field(default_factory=dict)
    pronouns: Pronouns = Field(default_factory=Pronouns)
    # Words marking a local official ("le maire", "city councillor"): a party of speech-like
    # records only with a state, an international body or an armed group beside it.
    local_officials: list[str] = Field(default_factory=list)
    examples: list[ActorExample] = Field(default_factory=list)


class GrammarSection(lang.Section):
    """Function words: relative pronouns, negation particles, prepositions by what they introduce."""

    relative_pronouns: list[str] = Field(default_factory=list)
    negation_particles: list[str] = Field(default_factory=list)
    reflexive_pronouns: list[str] = Field(default_factory=list)
    determiners: list[str] = Field(default_factory=list)
    locative: list[str] = Field(default_factory=list)
    partner: list[str] = Field(default_factory=list)
    recipient: list[str] = Field(default_factory=list)
    complement: list[str] = Field(default_factory=list)
    agent_case: list[str] = Field(default_factory=list)
    # Words before a place that make it a point of reference, not where the event happened.
    reference_place: list[str] = Field(default_factory=list)
    # Relative adverbs opening a clause that tells what happened at a place or time ("où", "where"):
    # its figures count that clause's doers, not the event the clause hangs from.
    place_relatives: list[str] = Field(default_factory=list)
    # Nouns for a figure of something ("put the number of demonstrators at 5,000", "chiffrent le
    # nombre de manifestants à 8 000"): the figure the verb gives counts what the noun's complement names.
    number_nouns: list[str] = Field(default_factory=list)
    # Prepositions of what an act is aimed at ("ont lancé des pierres sur les policiers", "threw eggs at
    # officers"): its patient, for the types whose spec says so (`aimed_at_patient`).
    aimed_at: list[str] = Field(default_factory=list)


class AttributionExample(lang.Section):
    text: str
    source: str
    via: list[str] = Field(default_factory=list)


class AttributionSection(lang.Section):
    reporting_verbs: list[str] = Field(default_factory=list)
    source_markers: list[str] = Field(default_factory=list)
    via_markers: list[str] = Field(default_factory=list)
    claim_verbs: list[str] = Field(default_factory=list)
    # Verbs that speak of an event without reporting it as news ("parler d'un massacre").
    mention_verbs: list[str] = Field(default_factory=list)
    claim_markers: list[str] = Field(default_factory=list)
    negation_words: list[str] = Field(default_factory=list)
    denial_verbs: list[str] = Field(default_factory=list)
    planned_verbs: list[str] = Field(default_factory=list)
    hypothetical_markers: list[str] = Field(default_factory=list)
    examples: list[AttributionExample] = Field(default_factory=list)


# ---- compiled forms --------------------------------------------------------------------------

Pattern = tuple[frozenset[str], ...]  # one set of accepted folded forms per token


@dataclass(frozen=True, slots=True)
class Trigger:
    """A compiled trigger: the token patterns and the conditions on its clause."""

    type: str
    pattern: Pattern
    pos: frozenset[str]
    with_: frozenset[str]
    without: frozenset[str]
    with_kinds: frozenset[str]
    not_reflexive: bool = False
    sentence_scope: bool = False


@dataclass(frozen=True, slots=True)
class Term:
    """An actor word or phrase with the kind and canonical name it gives."""

    pattern: Pattern
    kind: ActorKind
    name: str


@dataclass(frozen=True)
class Lexicon:
    """Everything the event stage knows about one language, compiled for matching."""

    code: str
    events: EventsSection
    actors: ActorsSection
    attribution: AttributionSection
    grammar: GrammarSection
    grammar_words: dict[str, frozenset[str]]
    triggers: dict[str, list[Trigger]]  # first-token form → triggers starting with it
    terms: dict[str, list[Term]]  # first-token form → actor terms starting with it
    count_nouns: dict[str, CountKey]
    count_verbs: dict[str, CountKey]
    reporting: frozenset[str]
    reporting_phrases: tuple[Pattern, ...]
    claim_verbs: frozenset[str]
    denial_verbs: frozenset[str]
    planned_verbs: frozenset[str]
    negations: frozenset[str]
    source_markers: tuple[Pattern, ...]
    via_markers: frozenset[str]
    hypothetical: frozenset[str]
    claim_markers: frozenset[str]
    subset_markers: tuple[Pattern, ...]
    anaphors: frozenset[str] = frozenset()
    others: frozenset[str] = frozenset()
    fatal_markers: frozenset[str] = frozenset()
    perpetrators: frozenset[str] = frozenset()
    intransitive_deaths: frozenset[str] = frozenset()
    life_verbs: frozenset[str] = frozenset()
    life_nouns: frozenset[str] = frozenset()
    harm_verbs: frozenset[str] = frozenset()
    harm_bearers: frozenset[str] = frozenset()
    mention_verbs: frozenset[str] = frozenset()
    local_officials: frozenset[str] = frozenset()

    def words(self, name: str) -> frozenset[str]:
        """A grammar word class ("locative", "relative_pronouns"…), folded."""
        return self.grammar_words[name]

    def spec(self, event_type: str) -> TypeSpec:
        return self.events.types.get(event_type) or TypeSpec()


def _compile(nlp: Language, phrases: list[str]) -> list[Pattern]:
    """Each phrase as per-token sets of accepted forms (the word and its lemma in context)."""
    patterns = []
    for doc in nlp.pipe(phrases):
        patterns.append(tuple(token_keys(t) for t in doc if not t.is_space))
    return patterns


def _single(nlp: Language, words: list[str]) -> frozenset[str]:
    """Folded words and their lemmas, for one-word vocabularies."""
    out: set[str] = set()
    for word, pattern in zip(words, _compile(nlp, words), strict=True):
        if len(pattern) == 1:
            out |= pattern[0]
        else:
            # "three-pointer" is one word of the vocabulary, not "three" and "-": the tokenizer splits it,
            # so its last part stands for it when it is a word of its own ("pointer"), never a short one.
            out.add(fold(word))
            last = pattern[-1]
            if all(f.isalpha() and len(f) >= 4 for f in last):
                out |= last
    return frozenset(out)


@cache
def lexicon(code: str, model: str) -> Lexicon:
    """The compiled vocabularies of language `code`, lemmatized with the spaCy pipeline `model`."""
    from ..nlp import pipeline

    nlp = pipeline(model)
    events = lang.section(code, "events", EventsSection)
    actors = lang.section(code, "actors", ActorsSection)
    attribution = lang.section(code, "attribution", AttributionSection)
    grammar = lang.section(code, "grammar", GrammarSection)

    triggers: dict[str, list[Trigger]] = {}
    for event_type, specs in events.triggers.items():
        full = [s if isinstance(s, TriggerSpec) else TriggerSpec(lemma=s) for s in specs]
        for spec, pattern in zip(full, _compile(nlp, [s.lemma for s in full]), strict=True):
            if not pattern:
                continue
            trig = Trigger(
                event_type,
                pattern,
                frozenset(spec.pos),
                _single(nlp, spec.with_) if spec.with_ else frozenset(),
                _single(nlp, spec.without) if spec.without else frozenset(),
                frozenset(spec.with_kinds),
                spec.not_reflexive,
                spec.scope == "sentence",
            )
            for form in pattern[0]:
                triggers.setdefault(form, []).append(trig)

    canonical: dict[str, str] = {}
    for name, forms in actors.aliases.items():
        for form in forms:
            canonical[fold(form)] = name
    terms: dict[str, list[Term]] = {}
    for kind, words in actors.kinds.items():
        for word, pattern in zip(words, _compile(nlp, words), strict=True):
            if not pattern:
                continue
            term = Term(pattern, kind, canonical.get(fold(word), word))
            for form in pattern[0]:
                terms.setdefault(form, []).append(term)

    count_nouns: dict[str, CountKey] = {}
    count_verbs: dict[str, CountKey] = {}
    for key, count_words in events.count_words.items():
        for form in _single(nlp, count_words.nouns):
            count_nouns.setdefault(form, key)
        for form in _single(nlp, count_words.verbs):
            count_verbs.setdefault(form, key)

    a = attribution
    return Lexicon(
        code=code,
        events=events,
        actors=actors,
        attribution=attribution,
        grammar=grammar,
        grammar_words={name: frozenset(fold(w) for w in words) for name, words in grammar},
        triggers=triggers,
        terms=terms,
        count_nouns=count_nouns,
        count_verbs=count_verbs,
        reporting=_single(nlp, [w for w in a.reporting_verbs if " " not in w]),
        reporting_phrases=tuple(_compile(nlp, [w for w in a.reporting_verbs if " " in w])),
        claim_verbs=_single(nlp, a.claim_verbs),
        denial_verbs=_single(nlp, a.denial_verbs),
        planned_verbs=_single(nlp, a.planned_verbs),
        negations=frozenset(fold(w) for w in a.negation_words),
        source_markers=tuple(_compile(nlp, a.source_markers)),
        via_markers=_single(nlp, a.via_markers),
        hypothetical=frozenset(fold(w) for w in a.hypothetical_markers),
        claim_markers=frozenset(fold(w) for w in a.claim_markers),
        subset_markers=tuple(_compile(nlp, events.subset_markers)),
        anaphors=_single(nlp, events.anaphors),
        others=_single(nlp, events.others),
        local_officials=frozenset(fold(w) for w in actors.local_officials),
        fatal_markers=_single(nlp, events.fatal_markers),
        perpetrators=_single(nlp, events.perpetrators),
        mention_verbs=_single(nlp, a.mention_verbs),
        intransitive_deaths=_single(nlp, events.intransitive_deaths),
        life_verbs=_single(nlp, events.life_taking.verbs),
        life_nouns=_single(nlp, events.life_taking.nouns),
        harm_verbs=_single(nlp, events.harm_verbs),
        harm_bearers=_single(nlp, events.harm_bearers),
    )


def match_at(pattern: Pattern, tokens: Sequence[frozenset[str]], i: int) -> bool:
    """True when `pattern` matches the token forms starting at position i."""
    if i + len(pattern) > len(tokens):
        return False
    return all(tokens[i + k] & forms for k, forms in enumerate(pattern))
