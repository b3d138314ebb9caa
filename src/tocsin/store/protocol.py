"""What a store is: the values it takes and returns, and the `Store` protocol every back-end implements."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Generic, Literal, Protocol, TypeVar, runtime_checkable

from ..merging import MergedEvent
from ..model import ArticleResult, DateRange

T = TypeVar("T")

Sort = Literal["date", "-date", "updated", "-updated", "articles", "-articles", "killed", "-killed", "id"]
StatsBy = Literal["type", "country", "day", "month"]
SORTS: tuple[Sort, ...] = ("-date", "date", "-updated", "updated", "-articles", "articles", "-killed", "killed",
                           "id")
BBox = tuple[float, float, float, float]  # west, south, east north in degrees; west > east crosses 180°


@dataclass(frozen=True, slots=True)
class EventFilter:
    """Which events to list: every given criterion must hold (text and actor match substrings, any case)."""

    countries: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    since: date | None = None  # the event's dates reach this day or later
    until: date | None = None  # the event's dates start on or before this day
    actor: str | None = None
    text: str | None = None
    min_articles: int = 0
    article: str | None = None  # events reported by this article
    bbox: BBox | None = None  # located inside this box (west > east: across the antimeridian)
    actor_kinds: tuple[str, ...] = ()  # some actor of one of these kinds (state_forces, protesters…)
    modalities: tuple[str, ...] = ()  # asserted, claimed, planned, negated, hypothetical
    min_killed: float | None = None  # at least this many killed (the merged, lowest credible figure)


@dataclass(frozen=True, slots=True)
class TimelineCell:
    """How many matching events share one type and one date range (start, end, precision), and their dead."""

    type: str
    start: date | None
    end: date | None
    precision: str | None
    n: int
    killed: float


@dataclass(frozen=True, slots=True)
class PlaceCount:
    """How many matching events sit at one point, their dead, and how many of each type."""

    lat: float
    lon: float
    name: str | None
    country: str | None
    n: int
    killed: float
    types: Mapping[str, int]


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    """One page of a listing, with the number of items across all pages."""

    items: tuple[T, ...]
    total: int
    limit: int
    offset: int

    @property
    def next_offset(self) -> int | None:
        end = self.offset + len(self.items)
        return end if end < self.total else None


@dataclass(frozen=True, slots=True)
class StoredArticle:
    """An article as kept: its metadata, text, the result extracted, its copies and the events it reports."""

    id: str
    ext_id: str
    text: str
    title: str | None
    url: str | None
    source: str | None
    lang: str | None
    published: DateRange | None
    origin: str | None
    result: Mapping[str, Any]  # the contract output line
    error: tuple[str, str] | None  # code, message
    duplicate_of: str | None
    similarity: float | None
    copies: tuple[str, ...]
    events: tuple[str, ...]  # merged event ids, in the article's order
    run: int | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "ext_id": self.ext_id, "title": self.title, "url": self.url, "source": self.source,
            "lang": self.lang, "published": self.published.to_dict() if self.published else None,
            "origin": self.origin, "duplicate_of": self.duplicate_of, "similarity": self.similarity,
            "copies": list(self.copies), "events": list(self.events), "run": self.run,
            "error": None if self.error is None else {"code": self.error[0], "message": self.error[1]},
            "text": self.text,
        }


@dataclass(frozen=True, slots=True)
class IngestRun:
    """One ingest run and what it counted."""

    id: int
    started_at: datetime
    finished_at: datetime | None
    status: str
    inputs: tuple[str, ...]
    stats: Mapping[str, int]

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "started_at": self.started_at.isoformat(),
                "finished_at": self.finished_at.isoformat() if self.finished_at else None,
                "status": self.status, "inputs": list(self.inputs), "stats": dict(self.stats)}


@dataclass(frozen=True, slots=True)
class RejectedInput:
    """An input that did not become an article, and why."""

    ext_id: str
    origin: str | None
    url: str | None
    code: str
    message: str
    run: int | None

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.ext_id, "origin": self.origin, "url": self.url, "code": self.code,
                "message": self.message, "run": self.run}


@dataclass(frozen=True, slots=True)
class MergeStep:
    """One entry of an event's merge log: a report founded, joined, left (split, unmerge) the event."""

    event: str
    report: str
    action: str
    matched: str | None
    score: float
    reasons: Mapping[str, str]
    previous_event: str | None
    run: int | None
    at: datetime

    def to_dict(self) -> dict[str, Any]:
        return {"event": self.event, "report": self.report, "action": self.action, "matched": self.matched,
                "score": self.score, "reasons": dict(self.reasons), "previous_event": self.previous_event,
                "run": self.run, "at": self.at.isoformat()}


@dataclass(frozen=True, slots=True)
class RelatedEvent:
    """An event linked to another without being merged into it, and why.

    `direction` "about": a report of `event` (a follow-up told beside its incident, a round-up) is about
    `other`; "told by": a report of `other` is about `event`. `report` is the report that relates, `matched`
    the report of the event it is about.
    """

    event: str
    other: str
    report: str
    matched: str | None
    direction: str
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {"event": self.event, "other": self.other, "report": self.report, "matched": self.matched,
                "direction": self.direction, "reason": self.reason}


@dataclass(frozen=True, slots=True)
class Added:
    """What storing one article did."""

    article: str
    stored: bool  # False: it was already there
    duplicate_of: str | None = None
    reports: int = 0
    new_events: tuple[str, ...] = ()
    joined_events: tuple[str, ...] = ()
    split_events: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ArticleMeta:
    """What the store keeps about an article besides its result: where it came from and its fingerprint."""

    origin: str | None = None
    signature: bytes | None = None
    bands: tuple[int, ...] = ()
    duplicate_of: str | None = None
    similarity: float | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)


@runtime_checkable
class Store(Protocol):
    """Keeps articles, their events merged across articles, ingest runs and rejected inputs.

    `tocsin.store.open_store(url)` picks the back-end by URL scheme; the built-in one serves SQLite and
    PostgreSQL. A third party registers `f(url, settings) -> Store` in the entry point group `tocsin.stores`.
    """

    url: str

    def close(self) -> None: ...

    # writing (ingest)
    def start_run(self, inputs: Sequence[str]) -> int: ...
    def finish_run(self, run: int, stats: Mapping[str, int], status: str = "done") -> None: ...
    def has_article(self, article_id: str) -> bool: ...
    def known(self, article_ids: Sequence[str]) -> set[str]: ...
    def has_url(self, url: str) -> bool: ...
    def band_matches(self, bands: Sequence[int]) -> list[tuple[str, bytes]]: ...
    def add_article(self, article_id: str, result: ArticleResult, meta: ArticleMeta, *,
                    run: int | None = None) -> Added: ...
    def add_rejected(self, ext_id: str, code: str, message: str, *, origin: str | None = None,
                     url: str | None = None, run: int | None = None) -> None: ...
    def delete_article(self, article_id: str) -> bool: ...
    def unmerge(self, report_id: str) -> str: ...

    # reading (CLI, API, exports)
    def list_events(self, where: EventFilter | None = None, *, limit: int = 50, offset: int = 0,
                    sort: Sort = "-date") -> Page[MergedEvent]: ...
    def iter_events(self, where: EventFilter | None = None, *, batch: int = 500) -> Iterator[MergedEvent]: ...
    def get_event(self, event_id: str) -> MergedEvent | None: ...
    def explain(self, event_id: str) -> list[MergeStep]: ...
    def related(self, event_id: str) -> list[RelatedEvent]: ...
    def stats(self, by: StatsBy, where: EventFilter | None = None) -> list[tuple[str | None, int]]: ...
    def timeline(self, where: EventFilter | None = None) -> list[TimelineCell]: ...
    def country_counts(self, where: EventFilter | None = None) -> list[tuple[str | None, int, float]]: ...
    def place_counts(self, where: EventFilter | None = None) -> list[PlaceCount]: ...
    def get_article(self, article_id: str) -> StoredArticle | None: ...
    def list_articles(self, *, limit: int = 50, offset: int = 0) -> Page[StoredArticle]: ...
    def list_runs(self, *, limit: int = 50) -> list[IngestRun]: ...
    def list_rejected(self, *, limit: int = 50, offset: int = 0) -> Page[RejectedInput]: ...
    def totals(self) -> dict[str, int]: ...
