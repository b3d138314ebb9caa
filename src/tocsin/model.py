"""Typed, immutable domain values shared by every stage (contract version 1)."""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

CONTRACT_VERSION = 1

DatePrecision = Literal["day", "week", "month", "year"]
Qualifier = Literal["exact", "approx", "at_least", "at_most", "vague"]
# What a number measures: only a `count` counts people or objects (see docs/quantities.md).
QuantityKind = Literal[
    "count",
    "age",
    "distance",
    "clock_time",
    "duration",
    "date",
    "money",
    "percent",
    "ammunition",
    "address",
    "ordinal",
    "score",
    "measure",
    "identifier",
    "repetition",
]
Modality = Literal["asserted", "claimed", "planned", "negated", "hypothetical"]
Role = Literal["agent", "target", "victim", "recipient"]
ActorKind = Literal[
    "state_forces",
    "government",
    "protesters",
    "rioters",
    "civilians",
    "armed_group",
    "foreign_state",
    "igo",
    "ngo",
    "media",
    "company",
    "unknown",
]
PlacePrecision = Literal["point", "city", "region", "country"]
CountKey = Literal["killed", "injured", "arrested", "participants", "deployed", "displaced", "missing", "kidnapped"]

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
EVENT_TYPES = (
    "PROTEST",
    "RIOT",
    "STRIKE",
    "REPRESSION",
    "ARMED_CLASH",
    "ATTACK",
    "BOMBING",
    "ABDUCTION",
    "COUP",
    "ARREST",
    "EMERGENCY",
    "DEPLOYMENT",
    "REQUEST_AID",
    "APPEAL",
    "CONDEMN",
    "ACCUSE",
    "THREATEN",
    "MEETING",
    "AGREEMENT",
    "SANCTION",
    "ELECTION",
    "ACCIDENT",
    "FIRE",
    "NATURAL_DISASTER",
    "EPIDEMIC",
    "HAZMAT",
    "THEFT",
    "TRAFFICKING",
)
COUNT_KEYS: tuple[CountKey, ...] = (
    "killed",
    "injured",
    "arrested",
    "participants",
    "deployed",
    "displaced",
    "missing",
    "kidnapped",
)


def _number(value: float) -> int | float:
    """An integral float as an int, so that 2000.0 is written 2000."""
    return int(value) if float(value).is_integer() and abs(value) < 2**63 else value


def _opt_number(value: float | None) -> int | float | None:
    return None if value is None else _number(value)


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of an article's text: [start, end) character offsets and the text there."""

    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass(frozen=True, slots=True)
class DateRange:
    """An inclusive interval of days, with how precisely the text pins it down."""

    start: date
    end: date
    precision: DatePrecision
    weekday: str | None = None

    @classmethod
    def day(cls, d: date) -> DateRange:
        return cls(d, d, "day", WEEKDAYS[d.weekday()])

    @classmethod
    def month(cls, year: int, month: int, weekday: str | None = None) -> DateRange:
        last = calendar.monthrange(year, month)[1]
        return cls(date(year, month, 1), date(year, month, last), "month", weekday)

    @classmethod
    def year(cls, year: int, weekday: str | None = None) -> DateRange:
        return cls(date(year, 1, 1), date(year, 12, 31), "year", weekday)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "precision": self.precision,
        }
        if self.weekday is not None:
            out["weekday"] = self.weekday
        return out


@dataclass(frozen=True, slots=True)
class Article:
    """One news report as read from its source, before any analysis."""

    id: str
    text: str
    title: str | None = None
    published: DateRange | None = None
    lang: str | None = None
    url: str | None = None
    source: str | None = None
    origin: str | None = None  # where it was read from (path:line), for error reports


@dataclass(frozen=True, slots=True)
class TimeMention:
    """A time expression resolved against the publication date; dates None when unresolvable."""

    start: int
    end: int
    text: str
    start_date: date | None
    end_date: date | None
    precision: DatePrecision | None
    weekday: str | None = None
    part_of_day: str | None = None  # morning, afternoon, evening, night: kept, never turned into hours

    @property
    def range(self) -> DateRange | None:
        if self.start_date is None or self.end_date is None or self.precision is None:
            return None
        return DateRange(self.start_date, self.end_date, self.precision, self.weekday)

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "start_date": self.start_date.isoformat() if self.start_date else None,
            "end_date": self.end_date.isoformat() if self.end_date else None,
            "precision": self.precision,
            "weekday": self.weekday,
            "part_of_day": self.part_of_day,
        }


@dataclass(frozen=True, slots=True)
class QuantityMention:
    """A number in the text with its bounds: `value` is the conservative single figure.

    `kind` says what it measures and `unit` the language-neutral key of the unit word that
    told it ("year", "km", "euro"), None when no unit word did.
    """

    start: int
    end: int
    text: str
    value: float
    min: float | None
    max: float | None
    qualifier: Qualifier
    kind: QuantityKind = "count"
    unit: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "value": _number(self.value),
            "min": _opt_number(self.min),
            "max": _opt_number(self.max),
            "qualifier": self.qualifier,
            "kind": self.kind,
            "unit": self.unit,
        }


@dataclass(frozen=True, slots=True)
class Place:
    """A gazetteer entry: what a toponym resolves to."""

    name: str
    country: str | None
    lat: float | None
    lon: float | None
    geonames_id: int | None
    feature: PlacePrecision | None  # country, region, city or point

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "country": self.country,
            "lat": self.lat,
            "lon": self.lon,
            "geonames_id": self.geonames_id,
            "feature": self.feature,
        }


@dataclass(frozen=True, slots=True)
class PlaceMention:
    """A toponym (or demonym) in the text and what it resolved to (None: unresolved)."""

    start: int
    end: int
    text: str
    place: Place | None
    score: float | None = None
    demonym: bool = False  # "kazakh", "russe": names a country through its people

    def to_dict(self) -> dict[str, Any]:
        p = self.place
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "name": p.name if p else self.text,
            "country": p.country if p else None,
            "lat": p.lat if p else None,
            "lon": p.lon if p else None,
            "geonames_id": p.geonames_id if p else None,
            "feature": p.feature if p else None,
            "score": self.score,
            "demonym": self.demonym,
        }


@dataclass(frozen=True, slots=True)
class Actor:
    """Who takes part in an event, in which role, and what kind of actor it is."""

    role: Role
    text: str
    name: str
    kind: ActorKind
    country: str | None = None
    start: int | None = None
    end: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "role": self.role,
            "text": self.text,
            "name": self.name,
            "kind": self.kind,
            "country": self.country,
            "start": self.start,
            "end": self.end,
        }


@dataclass(frozen=True, slots=True)
class Location:
    """Where an event happened, with the precision the text allows."""

    name: str
    country: str | None
    lat: float | None
    lon: float | None
    geonames_id: int | None
    precision: PlacePrecision

    @classmethod
    def of(cls, place: Place) -> Location:
        return cls(place.name, place.country, place.lat, place.lon, place.geonames_id, place.feature or "point")

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "country": self.country,
            "lat": self.lat,
            "lon": self.lon,
            "geonames_id": self.geonames_id,
            "precision": self.precision,
        }


@dataclass(frozen=True, slots=True)
class Count:
    """How many people an event touched, as one kind of count (killed, arrested…)."""

    value: float
    min: float | None
    max: float | None
    qualifier: Qualifier
    text: str
    start: int | None = None
    end: int | None = None

    @classmethod
    def of(cls, q: QuantityMention) -> Count:
        return cls(q.value, q.min, q.max, q.qualifier, q.text, q.start, q.end)

    def to_dict(self) -> dict[str, Any]:
        return {
            "value": _number(self.value),
            "min": _opt_number(self.min),
            "max": _opt_number(self.max),
            "qualifier": self.qualifier,
            "text": self.text,
            "start": self.start,
            "end": self.end,
        }


@dataclass(frozen=True, slots=True)
class Source:
    """Who the article says reported a fact, and through whom (`via`, nearest first)."""

    name: str
    via: tuple[str, ...] = ()
    start: int | None = None
    end: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "via": list(self.via), "start": self.start, "end": self.end}


@dataclass(frozen=True, slots=True)
class Event:
    """One real event as told by an article: every field points back at its text."""

    id: str
    type: str
    modality: Modality
    actors: tuple[Actor, ...]
    location: Location | None
    date: DateRange | None
    counts: Mapping[str, Count]
    sources: tuple[Source, ...]
    mentions: tuple[Span, ...]
    trigger: Span | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "type": self.type,
            "modality": self.modality,
            "actors": [a.to_dict() for a in self.actors],
            "location": self.location.to_dict() if self.location else None,
            "date": self.date.to_dict() if self.date else None,
            "counts": {k: c.to_dict() for k, c in self.counts.items()},
            "sources": [s.to_dict() for s in self.sources],
            "mentions": [m.to_dict() for m in self.mentions],
            "trigger": self.trigger.to_dict() if self.trigger else None,
        }


@dataclass(frozen=True, slots=True)
class ErrorInfo:
    """Why an article could not be processed: a stable code and a message saying what to do."""

    code: str
    message: str

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message}


@dataclass(frozen=True, slots=True)
class ArticleResult:
    """Everything extracted from one article: one contract output line."""

    id: str
    text: str
    lang: str | None = None
    title: str | None = None
    published: DateRange | None = None
    events: tuple[Event, ...] = ()
    places: tuple[PlaceMention, ...] = ()
    times: tuple[TimeMention, ...] = ()
    quantities: tuple[QuantityMention, ...] = ()
    error: ErrorInfo | None = None
    url: str | None = None
    source: str | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "lang": self.lang,
            "title": self.title,
            "text": self.text,
            "published": self.published.to_dict() if self.published else None,
            "url": self.url,
            "source": self.source,
            "events": [e.to_dict() for e in self.events],
            "places": [p.to_dict() for p in self.places],
            "times": [t.to_dict() for t in self.times],
            "quantities": [q.to_dict() for q in self.quantities],
            "error": self.error.to_dict() if self.error else None,
            "contract": CONTRACT_VERSION,
        }


@dataclass(frozen=True, slots=True)
class Rejected:
    """An input that could not be read as an article, with the reason; it still gets its output line."""

    id: str
    error: ErrorInfo
    origin: str | None = None
    text: str = ""

    def to_result(self) -> ArticleResult:
        return ArticleResult(id=self.id, text=self.text, error=self.error)
