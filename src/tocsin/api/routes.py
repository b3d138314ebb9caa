"""The /api routes: thin calls to the store, the extraction pipeline and ingest."""

from __future__ import annotations

import tempfile
import threading
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request, status
from fastapi import Path as PathParam
from pydantic import StringConstraints

from .. import __version__
from ..model import CONTRACT_VERSION, EVENT_TYPES, ArticleResult
from ..settings import Settings
from ..store import SORTS, EventFilter, Sort, Store
from ..store.urls import redact
from . import queries
from .evidence import event_detail
from .models import (
    ArticleOut,
    ArticleResultOut,
    ErrorOut,
    EventDetailOut,
    EventPage,
    ExtractIn,
    HealthOut,
    IngestIn,
    IngestOut,
    StatsOut,
)
from .security import require_token

if TYPE_CHECKING:
    EventType = str
else:
    EventType = Literal[EVENT_TYPES]  # an enum in the OpenAPI spec, so clients and fuzzers see the codes

CountryCode = Annotated[str, StringConstraints(pattern="^[A-Za-z]{2}$")]
MAX_LIMIT = 500
NO_NUL = r"^[^\x00]*$"  # PostgreSQL text cannot hold NUL; refused here rather than failing in the database
NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"model": ErrorOut, "description": "No such item in the store"}}

router = APIRouter(prefix="/api")


class Pipeline:
    """The extraction pipeline, shared by the extract and ingest routes: loaded on first use, one call at a time."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        # spaCy pipelines are not meant to be run by several threads at once; requests take turns.
        self.lock = threading.Lock()


def _store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


StoreDep = Annotated[Store, Depends(_store)]


def event_filter(
    type: Annotated[list[EventType] | None, Query(description="Event type code (repeat for several).")] = None,
    country: Annotated[list[CountryCode] | None, Query(description="ISO 3166-1 alpha-2 code (repeat for "
                                                                   "several).")] = None,
    since: Annotated[date | None, Query(description="Events whose dates reach this day or later.")] = None,
    until: Annotated[date | None, Query(description="Events whose dates start on or before this day.")] = None,
    actor: Annotated[str | None, Query(min_length=1, max_length=200, pattern=NO_NUL,
                                       description="Actor name or wording containing this (any case).")] = None,
    text: Annotated[str | None, Query(min_length=1, max_length=200, pattern=NO_NUL,
                                      description="Mention, place or article title containing this.")] = None,
    min_articles: Annotated[int, Query(ge=0, le=1_000_000, description="Reported by at least this many "
                                                                         "articles.")] = 0,
    article: Annotated[str | None, Query(min_length=1, max_length=200, pattern=NO_NUL,
                                         description="Events reported by this article (its id).")] = None,
) -> EventFilter:
    """The event filters shared by the listing and the statistics."""
    return EventFilter(countries=tuple(c.upper() for c in country or ()), types=tuple(type or ()), since=since,
                       until=until, actor=actor, text=text, min_articles=min_articles, article=article)


def area(bbox: Annotated[str | None, Query(
        pattern=queries.BBOX, description="Only events located in this box: west,south,east,north in degrees "
                                          "(west > east crosses the antimeridian).",
        examples=["2.2,48.8,2.5,48.9"])] = None) -> queries.Area | None:
    """The bounding box filter, when given (its pattern has already checked it)."""
    return queries.Area.parse(bbox) if bbox else None


FilterDep = Annotated[EventFilter, Depends(event_filter)]
AreaDep = Annotated[queries.Area | None, Depends(area)]
Id = Annotated[str, PathParam(min_length=1, max_length=200, pattern=NO_NUL)]


@router.get("/health", response_model=HealthOut, tags=["service"])
def health(request: Request, store: StoreDep) -> dict[str, Any]:
    """Whether the service is up, and what its store holds."""
    totals = store.totals()
    return {"status": "ok", "version": __version__, "contract": CONTRACT_VERSION, "store": redact(store.url),
            "events": totals.get("events", 0), "articles": totals.get("articles", 0),
            "ingest": bool(request.app.state.settings.api.token)}


@router.get("/events", response_model=EventPage, tags=["events"])
def list_events(store: StoreDep, where: FilterDep, bbox: AreaDep,
                limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Events per page.")] = 50,
                offset: Annotated[int, Query(ge=0, le=1_000_000_000, description="Events to skip.")] = 0,
                sort: Annotated[Sort, Query(description=f"Order, one of {', '.join(SORTS)} "
                                                        f"(- first: descending).")] = "-date") -> dict[str, Any]:
    """Events merged across the articles that report them, filtered, sorted and one page at a time."""
    page = queries.list_events(store, where, bbox, limit=limit, offset=offset, sort=sort)
    return {"items": [e.to_dict() for e in page.items], "total": page.total, "limit": page.limit,
            "offset": page.offset, "next_offset": page.next_offset}


@router.get("/events/{event_id}", response_model=EventDetailOut, responses=NOT_FOUND, tags=["events"])
def get_event(store: StoreDep, event_id: Id) -> dict[str, Any]:
    """One event: its reports, mentions, sources, merge log, and each article's text with the evidence offsets."""
    detail = event_detail(store, event_id)
    if detail is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no event {event_id!r} in the store: list them with "
                                                       f"GET /api/events")
    return detail


@router.get("/articles/{article_id}", response_model=ArticleOut, responses=NOT_FOUND, tags=["articles"])
def get_article(store: StoreDep, article_id: Id) -> dict[str, Any]:
    """One stored article (by its id, or the id it was given): text, metadata, copies, events, contract line."""
    found = store.get_article(article_id)
    if found is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no article {article_id!r} in the store: an event's "
                                                       f"articles are listed by GET /api/events/{{id}}")
    return {**found.to_dict(), "result": found.result}


@router.get("/stats", response_model=StatsOut, tags=["events"])
def get_stats(store: StoreDep, where: FilterDep, bbox: AreaDep) -> dict[str, Any]:
    """Counts of the matching events by type, country and day, and per day for each type (the timeline)."""
    return queries.stats(store, where, bbox)


def _pipeline(request: Request) -> Pipeline:
    pipeline: Pipeline = request.app.state.pipeline
    return pipeline


PipelineDep = Annotated[Pipeline, Depends(_pipeline)]


@router.post("/extract", response_model=ArticleResultOut, tags=["extraction"],
             responses={400: {"model": ErrorOut, "description": "The body is not JSON (or not UTF-8)"},
                        413: {"model": ErrorOut, "description": "The body is larger than api.max_body_bytes"}})
def extract(body: ExtractIn, pipeline: PipelineDep) -> dict[str, Any]:
    """Extract the events of one article's text and answer its contract line; nothing is stored."""
    from ..pipeline import extract as run

    with pipeline.lock:
        result: ArticleResult = run(body.text, published=body.published, lang=body.lang, id=body.id,
                                    title=body.title, settings=pipeline.settings)
    return result.to_dict()


@router.post("/ingest", response_model=IngestOut, tags=["extraction"], dependencies=[Depends(require_token)],
             responses={400: {"model": ErrorOut, "description": "The body is not JSON (or not UTF-8)"},
                        401: {"model": ErrorOut, "description": "No or a wrong bearer token"},
                        403: {"model": ErrorOut, "description": "Writing is off: no api.token is set"},
                        413: {"model": ErrorOut, "description": "The body is larger than api.max_body_bytes"}})
def ingest(body: IngestIn, store: StoreDep, pipeline: PipelineDep) -> dict[str, Any]:
    """Extract, store and merge articles, as `tocsin ingest` does (needs `Authorization: Bearer <api.token>`)."""
    from ..ingest import ingest as run
    from ..pipeline import Extractor

    with tempfile.TemporaryDirectory(prefix="tocsin-api-") as folder:
        # ingest() reads inputs as `tocsin ingest` does; the articles become one JSONL input.
        path = Path(folder) / "api-request.jsonl"
        path.write_text("".join(a.model_dump_json(exclude_none=True) + "\n" for a in body.articles),
                        encoding="utf-8")
        with pipeline.lock:
            report = run([path], store, pipeline.settings, runner=Extractor(pipeline.settings))
    return {"run": report.run, "status": report.status, "stats": report.stats}
