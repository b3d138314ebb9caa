"""The API's request and response bodies: the contract's objects, merged events, pages, statistics."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ..errors import TocsinError
from ..model import ActorKind, DatePrecision, Modality, PlacePrecision, Qualifier, Role

Number = int | float  # kept apart so that 2000 stays 2000 in JSON, as the contract writes it
EvidenceKind = Literal["mention", "trigger", "actor", "count", "source", "place", "time"]
# What the body of POST /api/extract and /api/ingest may say of a date and a language (checked again downstream).
PUBLISHED = r"^[12][0-9]{3}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$"
LANG = r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})?$"


class Open(BaseModel):
    """A contract object: the contract lets tocsin add fields, so unknown ones pass through."""

    model_config = ConfigDict(extra="allow")


class SpanOut(Open):
    """A stretch of an article's text: text[start:end]."""

    start: int
    end: int
    text: str


class MentionOut(SpanOut):
    """A passage reporting an event, in the article it comes from."""

    article: str


class DateRangeOut(Open):
    """An inclusive interval of days and how precisely the text pins it down."""

    start: date
    end: date
    precision: DatePrecision
    weekday: str | None = None


class ActorOut(Open):
    """Who takes part in an event, in which role."""

    role: Role
    text: str
    name: str
    kind: ActorKind
    country: str | None = None
    start: int | None = None
    end: int | None = None


class LocationOut(Open):
    """Where an event happened."""

    name: str
    country: str | None
    lat: float | None
    lon: float | None
    geonames_id: int | None
    precision: PlacePrecision


class CountOut(Open):
    """One report's figure for a kind of count, with its bounds and where the text gives it."""

    value: Number
    min: Number | None
    max: Number | None
    qualifier: Qualifier
    text: str
    start: int | None = None
    end: int | None = None


class CountReportOut(Open):
    """The figure one report gives for a merged event's count."""

    report: str
    article: str
    value: Number
    min: Number | None
    max: Number | None
    qualifier: Qualifier
    text: str
    credible: bool


class MergedCountOut(Open):
    """A count reconciled across reports: the lowest credible figure, the range of all, and each report's."""

    value: Number
    min: Number | None
    max: Number | None
    qualifier: Qualifier
    text: str
    reports: list[CountReportOut] = []


class SourceOut(Open):
    """Who reported a fact, and through whom (`via`, nearest first)."""

    name: str
    via: list[str] = []
    start: int | None = None
    end: int | None = None


class ArticleRefOut(Open):
    """An article that reports an event."""

    id: str
    title: str | None = None
    url: str | None = None
    source: str | None = None
    published: DateRangeOut | None = None
    lang: str | None = None
    copies: list[str] = []


class ContractEventOut(Open):
    """One event as one article tells it (the contract's Event)."""

    id: str
    type: str
    modality: Modality
    actors: list[ActorOut]
    location: LocationOut | None
    date: DateRangeOut | None
    counts: dict[str, CountOut]
    sources: list[SourceOut]
    mentions: list[SpanOut]
    trigger: SpanOut | None = None


class EventOut(Open):
    """A real event merged across the articles that report it."""

    id: str
    type: str
    modality: Modality
    actors: list[ActorOut]
    location: LocationOut | None
    date: DateRangeOut | None
    counts: dict[str, MergedCountOut]
    sources: list[SourceOut]
    mentions: list[MentionOut]
    n_articles: int
    articles: list[ArticleRefOut]
    updated_at: datetime | None = None


class LinkOut(Open):
    """Why a report sits in its event: it founded it, or joined the report it matched, with the evidence."""

    action: str
    matched: str | None
    score: float
    reasons: dict[str, str]


class ReportOut(BaseModel):
    """One article's telling of the event."""

    id: str
    article: str
    event: ContractEventOut
    link: LinkOut | None


class MergeStepOut(Open):
    """One entry of an event's merge log."""

    event: str
    report: str
    action: str
    matched: str | None
    score: float
    reasons: dict[str, str]
    previous_event: str | None
    run: int | None
    at: datetime


class EvidenceOut(BaseModel):
    """A stretch of an article's text that a field of the event was read from."""

    kind: EvidenceKind
    start: int
    end: int
    text: str
    label: str = Field(description="the field it supports, e.g. 'agent: police (state_forces)'")
    report: str = Field(description="the report (ARTICLE/EVENT) whose field it is")


class EventArticleOut(ArticleRefOut):
    """An article of the event with its full text and the evidence each field was read from."""

    text: str
    evidence: list[EvidenceOut]


class EventDetailOut(EventOut):
    """An event with its reports, its merge log, and every article's text with the evidence's offsets."""

    articles: list[EventArticleOut]  # type: ignore[assignment]  # the list form's articles, with text and evidence
    reports: list[ReportOut]
    merge_log: list[MergeStepOut]


class EventPage(BaseModel):
    """One page of events and how many match across all pages."""

    items: list[EventOut]
    total: int
    limit: int
    offset: int
    next_offset: int | None


class PlaceOut(SpanOut):
    """A place named in the text and what it resolved to."""

    name: str
    country: str | None
    lat: float | None
    lon: float | None
    geonames_id: int | None
    feature: PlacePrecision | None


class TimeOut(SpanOut):
    """A time expression resolved against the publication date."""

    start_date: date | None
    end_date: date | None
    precision: DatePrecision | None
    weekday: str | None = None


class QuantityOut(SpanOut):
    """A number in the text with its bounds."""

    value: Number
    min: Number | None
    max: Number | None
    qualifier: Qualifier


class ErrorInfoOut(BaseModel):
    """Why an article could not be processed."""

    code: str
    message: str


class ArticleResultOut(Open):
    """One contract output line: everything extracted from one article."""

    id: str
    lang: str | None = None
    title: str | None = None
    text: str
    published: DateRangeOut | None = None
    url: str | None = None
    source: str | None = None
    events: list[ContractEventOut] = []
    places: list[PlaceOut] = []
    times: list[TimeOut] = []
    quantities: list[QuantityOut] = []
    error: ErrorInfoOut | None = None


class ArticleOut(Open):
    """An article as the store keeps it: metadata, text, copies, events, and its contract line."""

    id: str
    ext_id: str
    title: str | None
    url: str | None
    source: str | None
    lang: str | None
    published: DateRangeOut | None
    origin: str | None
    duplicate_of: str | None
    similarity: float | None
    copies: list[str]
    events: list[str]
    run: int | None
    error: ErrorInfoOut | None
    text: str
    result: ArticleResultOut


class Bucket(BaseModel):
    """How many events share one value (a type, a country, a day); key null: not known."""

    key: str | None
    n: int
    killed: Number | None = Field(None, description="the dead of these events (the merged figures' sum)")


class TimelineBar(BaseModel):
    """How many events of one type have one date range: a day, or the week, month or year the text gives."""

    day: date = Field(description="the first day of the range")
    end: date = Field(description="the last day of the range (the same day when precision is day)")
    precision: DatePrecision
    type: str
    n: int
    killed: Number


class StatsOut(BaseModel):
    """Counts and dead of the matching events by type, country and day (the day their date range starts)."""

    total: int
    killed: Number
    undated: int
    by_type: list[Bucket]
    by_country: list[Bucket]
    by_day: list[Bucket]
    timeline: list[TimelineBar]


class PlaceCountOut(BaseModel):
    """The matching events at one point: how many, their dead, and how many of each type."""

    lat: float
    lon: float
    name: str | None
    country: str | None
    n: int
    killed: Number
    types: dict[str, int]


class PlacesOut(BaseModel):
    """Every matching event with coordinates, grouped by point; `unlocated` have none."""

    total: int
    located: int
    unlocated: int
    places: list[PlaceCountOut]


class HealthOut(BaseModel):
    """The service is up and its store answers."""

    status: Literal["ok"]
    version: str
    contract: int
    store: str = Field(description="the store's URL, without its password")
    events: int
    articles: int
    ingest: bool = Field(description="whether POST /api/ingest is on (a token is configured)")


def _text(value: str) -> str:
    if not value.strip():
        raise ValueError("the text is blank: give the article's text")
    return value


def _published(value: str | None) -> str | None:
    from ..readers import parse_published

    if value is not None:
        try:
            parse_published(value)
        except TocsinError as err:  # an impossible day or month, e.g. 2024-02-30
            raise ValueError(err.message) from None
    return value


class ExtractIn(BaseModel):
    """One article's text to extract events from; nothing is stored."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, description="the article's text; every offset in the answer points into it")
    published: str | None = Field(None, pattern=PUBLISHED, description="publication date, YYYY[-MM[-DD]]")
    lang: str | None = Field(None, pattern=LANG, description="language code; default: detected")
    id: str | None = Field(None, min_length=1, max_length=200, description="default: a hash of the text")
    title: str | None = Field(None, max_length=2000)

    _check_text = field_validator("text")(_text)
    _check_published = field_validator("published")(_published)


class ArticleIn(BaseModel):
    """One article to ingest: the fields of a JSONL input line (docs/inputs.md)."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1)
    id: str | None = Field(None, min_length=1, max_length=200)
    title: str | None = Field(None, max_length=2000)
    published: str | None = Field(None, pattern=PUBLISHED)
    lang: str | None = Field(None, pattern=LANG)
    url: str | None = Field(None, max_length=2000)
    source: str | None = Field(None, max_length=400)

    _check_text = field_validator("text")(_text)
    _check_published = field_validator("published")(_published)


class IngestIn(BaseModel):
    """Articles to extract, store and merge."""

    model_config = ConfigDict(extra="forbid")

    articles: list[ArticleIn] = Field(min_length=1, max_length=1000)


class IngestOut(BaseModel):
    """What the ingest run did (the counts of `tocsin ingest`)."""

    run: int
    status: str
    stats: dict[str, int]


class ErrorOut(BaseModel):
    """An error: what went wrong and what to do."""

    detail: str
    code: str | None = None
