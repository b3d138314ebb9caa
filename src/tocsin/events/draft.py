"""The event being built from one trigger, and what the stage reads about the article."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..model import (
    Actor,
    Count,
    DateRange,
    Location,
    Modality,
    PlaceMention,
    QuantityMention,
    Source,
    TimeMention,
)
from .actors import ActorFinder
from .lexicon import Lexicon

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as SpacySpan


SPECIFICITY = {"point": 3, "city": 2, "region": 1, "country": 0}
MAX_DATE_DISTANCE = 4
MAX_PLACE_DISTANCE = 5


@dataclass
class Draft:
    """An event while it is being built from one trigger (mutable; frozen into an Event at the end)."""

    type: str
    head: Token
    trigger: tuple[int, int]  # token indices
    with_kinds: frozenset[str] = frozenset()
    actors: list[Actor] = field(default_factory=list)
    counts: dict[str, Count] = field(default_factory=dict)
    location: Location | None = None
    own_place: bool = False  # the place was named in the event's sentence, not taken from context
    place_named: bool = False  # … by its name, not by a noun the places stage placed by context
    date: DateRange | None = None
    sources: list[Source] = field(default_factory=list)
    modality: Modality = "asserted"
    mentions: list[tuple[int, int]] = field(default_factory=list)  # character spans
    # Wounded people later said to have died ("…taken to the hospital, where he died"): counted in
    # `counts["killed"]` and taken off the wounded when the record is made.
    died_later: int = 0

    def kinds(self, *roles: str) -> set[str]:
        return {a.kind for a in self.actors if a.role in roles}


@dataclass(frozen=True)
class Context:
    """Everything the extraction reads about one article."""

    doc: Doc
    lex: Lexicon
    forms: list[frozenset[str]]
    times: Sequence[TimeMention]
    quantities: Sequence[QuantityMention]
    places: Sequence[PlaceMention]
    finder: ActorFinder
    home_country: str | None
    text: str  # doc.text joins every token on each access: read it once
    datelines: list[tuple[int, int]] = field(default_factory=list)  # "DAYTON —" spans, found once
    memo: dict[object, object] = field(default_factory=dict)  # what several events of a sentence read alike
    # The doc's tokens, made once: spaCy builds a new Token object on every `doc[i]` or iteration.
    tokens: list[Token] = field(default_factory=list)

    def paragraph(self, token: Token) -> SpacySpan | None:
        """The tokens of the paragraph (the line) the token stands in."""
        start = self.text.rfind("\n", 0, token.idx) + 1
        end = self.text.find("\n", token.idx)
        return self.doc.char_span(start, len(self.text) if end < 0 else end, alignment_mode="expand")
