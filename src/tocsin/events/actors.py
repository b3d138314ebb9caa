"""Actors: the phrase that names who acts or is acted on, its kind, name and country."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import TYPE_CHECKING

from ..model import Actor, ActorKind, PlaceMention, QuantityMention, Role
from .lexicon import Lexicon, fold, match_at
from .syntax import SUBJECT_DEPS, dep, phrase_bounds


def phrase_bounds_left(token: Token) -> tuple[int, int]:
    """The phrase of `token` up to and including the token itself."""
    lo, _ = phrase_bounds(token)
    return lo, token.i + 1


if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token


@dataclass
class Discourse:
    """What earlier sentences named, for resolving pronouns ("Il affirme que…")."""

    persons: list[tuple[int, Actor]] = field(default_factory=list)  # (token index, actor), in text order
    # The grammatical gender of each person's head word, where the parser gives one ("le voleur" Masc).
    genders: dict[int, str] = field(default_factory=dict)
    # Persons named by a common noun only ("le conducteur"): "il" may stand for them, "nous" may not.
    unnamed: set[int] = field(default_factory=set)

    groups: list[tuple[int, Actor]] = field(default_factory=list)  # plural actors named as subjects or objects
    bodies: list[tuple[int, Actor]] = field(default_factory=list)  # organisations named as subjects

    def last_person(self, before: int, gender: str | None = None, *, named: bool = False) -> Actor | None:
        """The last person named before a token; with a gender ("elle"), the last of that gender.

        `named`: only persons named by name (a speaker, "nous", is no "conducteur").
        """
        found = [
            a
            for i, a in self.persons
            if i < before
            and (gender is None or self.genders.get(i, gender) == gender)
            and not (named and i in self.unnamed)
        ]
        return found[-1] if found else None

    def last_body(self, before: int) -> Actor | None:
        found = [a for i, a in self.bodies if i < before]
        return found[-1] if found else None

    def last_group(self, before: int) -> Actor | None:
        found = [a for i, a in self.groups if i < before]
        return found[-1] if found else None


# Kinds of actor a singular "it" may stand for.
BODIES = frozenset({"government", "foreign_state", "igo", "ngo", "armed_group", "company", "media", "state_forces"})


@dataclass(frozen=True)
class ActorFinder:
    """Builds actors from tokens of one parsed article."""

    doc: Doc
    lex: Lexicon
    forms: Sequence[frozenset[str]]
    places: Sequence[PlaceMention]
    discourse: Discourse
    quantities: Sequence[QuantityMention] = ()

    @cached_property
    def entities(self) -> tuple[Span, ...]:
        """The parser's entities, read once (`doc.ents` builds new spans on every access)."""
        return tuple(self.doc.ents)

    def classify(self, lo: int, hi: int) -> tuple[ActorKind | None, str | None]:
        """The kind and canonical name given by the first (then longest) actor term in tokens [lo, hi)."""
        best: tuple[int, int, str, ActorKind] | None = None
        for i in range(lo, hi):
            for form in self.forms[i]:
                for term in self.lex.terms.get(form, ()):
                    n = len(term.pattern)
                    if i + n <= hi and match_at(term.pattern, self.forms, i):
                        # Ties broken by name, so that the result does not hang on set order (hash seeds).
                        key = (i, -n, term.name, term.kind)
                        if best is None or key < best:
                            best = key
        return (best[3], best[2]) if best else (None, None)

    def places_in(self, start_char: int, end_char: int) -> list[PlaceMention]:
        return [p for p in self.places if p.start >= start_char and p.end <= end_char]

    def person_name(self, lo: int, hi: int) -> str | None:
        for ent in self.entities:
            if ent.start >= lo and ent.end <= hi and ent.label_ in ("PER", "PERSON"):
                return str(ent.text)
        # spaCy sometimes labels a person's name otherwise ("Kassym-Jomart Tokaïev" as a place): a run of
        # proper nouns (hyphens inside) set off after a title noun is taken as the name.
        best: tuple[int, int] | None = None
        i = lo
        while i < hi:
            if self.doc[i].pos_ == "PROPN":
                j = i
                while j + 1 < hi and (self.doc[j + 1].pos_ == "PROPN" or (self.doc[j + 1].text == "-" and j + 2 < hi)):
                    j += 1
                if best is None or j - i > best[1] - best[0]:
                    best = (i, j)
                i = j + 1
            else:
                i += 1
        if best is None:
            return None
        first = self.doc[best[0]]
        title = first.head if dep(first) in ("appos", "flat:name", "nmod") else None
        titled = title is not None and bool(self.classify(title.i, title.i + 1)[0])
        if self.classify(best[0], best[1] + 1)[0] is not None:
            return None  # a known organisation ("OTSC"), not a person
        if best[1] > best[0] or titled:
            if not any(p.start <= first.idx < p.end and p.place is not None for p in self.places):
                return str(self.doc[best[0] : best[1] + 1].text)
        return None

    def _title_range(self, token: Token, lo: int, hi: int) -> tuple[int, int]:
        """For a named person, the tokens that can say what the person is: the title before the name.

        "le chef de la diplomatie française Jean-Yves Le Drian, devant la presse" is government,
        not media: words after the name describe circumstances, not the person.
        """
        # Where the name begins: the person entity if the parser found one (English capitalises titles,
        # so "President" in "Ousted President Askar Akayev" is a proper noun too), else the first proper noun.
        person = next(
            (e for e in self.entities if e.start >= lo and e.end <= hi and e.label_ in ("PER", "PERSON")), None
        )
        name_start = (
            person.start if person is not None else next((t.i for t in self.doc[lo:hi] if t.pos_ == "PROPN"), hi)
        )
        if name_start > lo:
            return lo, name_start
        head = token.head
        if dep(token) in ("appos", "flat:name", "nmod") and head.pos_ == "NOUN":
            return phrase_bounds_left(head)
        # The parser sometimes cuts "le chef de la diplomatie française | Jean-Yves Le Drian" in two:
        # the words just before the name, if they hold a title, still say who the person is.
        before = max(0, name_start - 8)
        while (
            before < name_start
            and self.doc[before].is_sent_start is False
            and any(t.is_punct and t.text in ",;:." for t in self.doc[before:name_start])
        ):
            before += 1
        return before, name_start

    def entity_name(self, lo: int, hi: int) -> str | None:
        for ent in self.entities:
            if ent.start >= lo and ent.end <= hi:
                return str(ent.text)
        return None

    def at(self, token: Token, role: Role) -> Actor | None:
        """The actor named by the phrase headed by `token`, or None when it names no actor."""
        lowered = fold(token.text)
        pronouns = self.lex.actors.pronouns
        if lowered in self.lex.negations or any(
            dep(c) == "det" and fold(c.text) in self.lex.negations for c in token.children
        ):
            return None  # "personne n'a été blessé", "no one", "aucun policier": nobody is no actor
        if token.pos_ == "PRON":
            if lowered in self.lex.words("relative_pronouns"):
                head = token.head.head if dep(token.head) in ("acl:relcl", "relcl") else None
                return self.at(head, role) if head is not None and head.i != token.i else None
            if lowered in pronouns.person or lowered in pronouns.speaker or lowered in pronouns.group:
                # "Ils transportaient de l'héroïne": a plural pronoun stands for the last group named.
                group = lowered in pronouns.group
                gender = next(iter(token.morph.get("Gender", [])), None)
                speaker = lowered in pronouns.speaker
                antecedent = (
                    self.discourse.last_group(token.i)
                    if group
                    else self.discourse.last_person(token.i, gender, named=speaker)
                )
                if antecedent is None:
                    return None
                # The record names who it was, where the text names them: "il" stands for "le voleur".
                return replace(antecedent, role=role)
            if lowered in pronouns.organisation:
                body = self.discourse.last_body(token.i)
                return replace(body, role=role) if body is not None else None
            return None
        lo, hi = phrase_bounds(token)
        while lo < hi - 1 and self.doc[lo].pos_ == "ADP":
            lo += 1
        span = self.doc[lo:hi]
        start, end = span.start_char, span.end_char
        person = self.person_name(lo, hi)
        title = self._title_range(token, lo, hi) if person else (lo, hi)
        kind, name = self.classify(*title)
        comma = span.text.find(",")
        inside = self.places_in(start, start + comma if comma > 0 else end)  # what follows a comma is commentary
        if title != (lo, hi) and title[1] > title[0]:
            # "le chef de la diplomatie française Jean-Yves Le Drian": the title's demonym gives the country.
            t_span = self.doc[title[0] : title[1]]
            inside = [*self.places_in(t_span.start_char, t_span.end_char), *inside]
        country = next((p.place.country for p in inside if p.place and p.place.country), None)
        head_place = next((p for p in inside if p.start <= token.idx < p.end and not p.demonym), None)
        if kind is None and head_place is not None and head_place.place is not None:
            if head_place.place.feature == "country":
                kind = "foreign_state"  # revised against the event's country by the caller
            name = head_place.place.name
        if kind is None and person is None:
            if any(q.start <= start and end <= q.end for q in self.quantities):
                return None  # "Dozens were detained": a figure, not an actor
            if token.pos_ == "PROPN" or token.ent_type_:
                kind = "unknown"
                name = self.entity_name(lo, hi) or str(token.text)
            else:
                return None
        actor_name = person or name or self.entity_name(lo, hi) or str(span.text)
        return Actor(role, str(span.text), actor_name, kind or "unknown", country, start, end)

    def remember_subjects(self, sent_tokens: Sequence[Token]) -> None:
        """Record the people named as subjects (or by name) in a sentence, for later pronouns.

        Named persons for "il", "she"; plural groups ("des voyous", "les manifestants") for "ils";
        one person named by a common noun ("le conducteur", "un voleur") for "il", not a body ("la
        police": "il" stands for people); organisations ("the government", "Nigeria") for "it".
        """
        covered: set[int] = set()
        for token in sent_tokens:
            if token.i in covered:
                continue
            if token.pos_ == "PRON":
                continue
            is_subject = dep(token) in SUBJECT_DEPS
            is_person = token.ent_type_ in ("PER", "PERSON") and token.ent_iob_ == "B"
            if not (is_subject or is_person):
                continue
            lo, hi = phrase_bounds(token)
            if self.person_name(lo, hi) is None:
                nominal = token.pos_ in ("NOUN", "PROPN")
                number = token.morph.get("Number", [])
                group = nominal and "Plur" in number and (is_subject or dep(token) in ("obj", "obl:agent"))
                one = is_subject and token.pos_ == "NOUN" and "Sing" in number
                body = is_subject and nominal and "Plur" not in number
                found = self.at(token, "agent") if group or one or body else None
                if found is None:
                    continue
                if group and found.kind not in ("media", "company"):
                    self.discourse.groups.append((token.i, found))
                if one and found.kind in ("civilians", "unknown"):
                    self._add_person(token, found)
                    self.discourse.unnamed.add(token.i)
                if body and found.kind in BODIES:
                    self.discourse.bodies.append((token.i, found))
                continue
            actor = self.at(token, "agent")
            if actor is not None:
                self._add_person(token, actor)
                covered |= set(range(lo, hi))

    def _add_person(self, token: Token, actor: Actor) -> None:
        self.discourse.persons.append((token.i, actor))
        gender = next(iter(token.morph.get("Gender", [])), None)
        if gender is not None:
            self.discourse.genders[token.i] = gender

