"""The /api routes: thin calls to the store, the extraction pipeline and ingest."""

from __future__ import annotations

import tempfile
import threading
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request, Response, status
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.responses import StreamingResponse
from pydantic import StringConstraints

from .. import __version__
from ..model import CONTRACT_VERSION, EVENT_TYPES, ActorKind, Modality
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
    PlacesOut,
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
    type: Annotated[list[EventType] | None, Query(description="Event type code; repeat for several (any of "
                                                              "them).")] = None,
    country: Annotated[list[CountryCode] | None, Query(description="ISO 3166-1 alpha-2 code; repeat for "
                                                                   "several.")] = None,
    since: Annotated[date | None, Query(description="Events whose dates reach this day or later.")] = None,
    until: Annotated[date | None, Query(description="Events whose dates start on or before this day.")] = None,
    actor: Annotated[str | None, Query(min_length=1, max_length=200, pattern=NO_NUL,
                                       description="Actor name or wording containing this (any case).")] = None,
    actor_kind: Annotated[list[ActorKind] | None, Query(description="Some actor is of this kind; repeat "
                                                                       "for several.")] = None,
    modality: Annotated[list[Modality] | None, Query(description="asserted, claimed, planned, negated or "
                                                                    "hypothetical; repeat for several.")] = None,
    min_killed: Annotated[float | None, Query(ge=0, le=1e9, description="At least this many killed (the "
                                                                       "lowest credible figure).")] = None,
    text: Annotated[str | None, Query(min_length=1, max_length=200, pattern=NO_NUL,
                                      description="Mention, place or article title containing this.")] = None,
    min_articles: Annotated[int, Query(ge=0, le=1_000_000, description="Reported by at least this many "
                                                                         "articles.")] = 0,
    article: Annotated[str | None, Query(min_length=1, max_length=200, pattern=NO_NUL,
                                         description="Events reported by this article (its id).")] = None,
    bbox: Annotated[str | None, Query(
        pattern=queries.BBOX, description="Only events located in this box: west,south,east,north in degrees "
                                          "(west > east crosses the antimeridian).",
        examples=["2.2,48.8,2.5,48.9"])] = None,
) -> EventFilter:
    """The event filters every read route takes."""
    return EventFilter(countries=tuple(dict.fromkeys(c.upper() for c in country or ())),
                       types=tuple(dict.fromkeys(type or ())), since=since, until=until, actor=actor, text=text,
                       min_articles=min_articles, article=article,
                       bbox=queries.Area.parse(bbox).box() if bbox else None,
                       actor_kinds=tuple(dict.fromkeys(actor_kind or ())),
                       modalities=tuple(dict.fromkeys(modality or ())), min_killed=min_killed)


def known_parameters(request: Request) -> None:
    """Refuses a query parameter the route does not take (422 naming it), rather than silently ignoring it."""
    route = request.scope.get("route")
    if route is None or not request.query_params:
        return
    names = _query_names(route)
    unknown = [k for k in dict.fromkeys(request.query_params.keys()) if k not in names]
    if unknown:
        raise RequestValidationError([
            {"loc": ["query", k], "type": "extra_forbidden", "input": request.query_params.get(k),
             "msg": f"unknown query parameter {k!r}: this route takes {', '.join(sorted(names)) or 'none'}"}
            for k in unknown])


_NAMES: dict[int, frozenset[str]] = {}


def _query_names(route: Any) -> frozenset[str]:
    """The query parameters a route and its dependencies declare (worked out once per route)."""
    found = _NAMES.get(id(route))
    if found is not None:
        return found

    def walk(dependant: Any) -> set[str]:
        names = {p.alias for p in dependant.query_params}
        for sub in dependant.dependencies:
            names |= walk(sub)
        return names

    found = _NAMES[id(route)] = frozenset(walk(route.dependant))
    return found


router = APIRouter(prefix="/api", dependencies=[Depends(known_parameters)])
FilterDep = Annotated[EventFilter, Depends(event_filter)]
Id = Annotated[str, PathParam(min_length=1, max_length=200, pattern=NO_NUL)]
JSON_TYPE = "application/json"


@router.get("/health", response_model=HealthOut, tags=["service"])
def health(request: Request, store: StoreDep) -> dict[str, Any]:
    """Whether the service is up, and what its store holds."""
    totals = store.totals()
    return {"status": "ok", "version": __version__, "contract": CONTRACT_VERSION, "store": redact(store.url),
            "events": totals.get("events", 0), "articles": totals.get("articles", 0),
            "ingest": bool(request.app.state.settings.api.token)}


@router.get("/events", response_model=EventPage, tags=["events"])
def list_events(store: StoreDep, where: FilterDep,
                limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Events per page.")] = 50,
                offset: Annotated[int, Query(ge=0, le=1_000_000_000, description="Events to skip.")] = 0,
                sort: Annotated[Sort, Query(description=f"Order, one of {', '.join(SORTS)} "
                                                        f"(- first: descending).")] = "-date") -> Response:
    """Events merged across the articles that report them, filtered, sorted and one page at a time."""
    return Response(queries.page_json(store, where, limit=limit, offset=offset, sort=sort), media_type=JSON_TYPE)


@router.get("/events.csv", tags=["events"], response_class=StreamingResponse,
            responses={200: {"content": {"text/csv": {"schema": {"type": "string"}}},
                             "description": "ACLED-style CSV: the columns of `tocsin export --format acled`"}})
def export_csv(store: StoreDep, where: FilterDep) -> StreamingResponse:
    """The matching events as ACLED-style CSV (ACLED's column and type names; types ACLED lacks left blank)."""
    return StreamingResponse(queries.acled_csv(store, where), media_type="text/csv; charset=utf-8",
                             headers={"Content-Disposition": 'attachment; filename="tocsin-events.csv"'})


@router.get("/events.geojson", tags=["events"], response_class=StreamingResponse,
            responses={200: {"content": {"application/geo+json": {"schema": {"type": "object"}}},
                             "description": "A GeoJSON FeatureCollection, one Feature per event"}})
def export_geojson(store: StoreDep, where: FilterDep) -> StreamingResponse:
    """The matching events as a GeoJSON FeatureCollection (events without coordinates have a null geometry)."""
    return StreamingResponse(queries.geojson(store, where), media_type="application/geo+json",
                             headers={"Content-Disposition": 'attachment; filename="tocsin-events.geojson"'})


@router.get("/places", response_model=PlacesOut, tags=["events"])
def get_places(store: StoreDep, where: FilterDep) -> dict[str, Any]:
    """The matching events grouped by coordinates, with their types and dead: every event, for a map."""
    return queries.places(store, where)


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
def get_stats(store: StoreDep, where: FilterDep) -> dict[str, Any]:
    """Counts and dead of the matching events by type, country and day, and by date range and type (timeline)."""
    return queries.stats(store, where)


def _pipeline(request: Request) -> Pipeline:
    pipeline: Pipeline = request.app.state.pipeline
    return pipeline


PipelineDep = Annotated[Pipeline, Depends(_pipeline)]


def extract_allowed(request: Request) -> None:
    """With a token set, extraction needs it too, unless api.anonymous_extract lets anyone in."""
    settings: Settings = request.app.state.settings
    if settings.api.token and not settings.api.anonymous_extract:
        require_token(request)


@router.post("/extract", response_model=ArticleResultOut, tags=["extraction"],
             dependencies=[Depends(extract_allowed)],
             responses={400: {"model": ErrorOut, "description": "The body is not JSON (or not UTF-8)"},
                        401: {"model": ErrorOut, "description": "A token is set and this request lacks it"},
                        413: {"model": ErrorOut, "description": "The body is larger than api.max_body_bytes, or "
                                                                "the text longer than api.max_extract_chars"},
                        429: {"model": ErrorOut, "description": "api.max_extracts extractions are already "
                                                                "running or waiting"}})
async def extract(body: ExtractIn, request: Request) -> Any:
    """Extract the events of one article's text and answer its contract line; nothing is stored.

    The work stops when the client disconnects.
    """
    from .extracting import Busy, Cancelled

    settings: Settings = request.app.state.settings
    cap = settings.api.max_extract_chars
    if len(body.text) > cap:
        raise HTTPException(413, f"the text has {len(body.text):,} characters, more than {cap:,} "
                                 f"(api.max_extract_chars): split the article")
    job = {"text": body.text, "published": body.published, "lang": body.lang, "id": body.id, "title": body.title}
    try:
        return await request.app.state.extractor.run(job, request.is_disconnected)
    except Busy as err:
        raise HTTPException(status.HTTP_429_TOO_MANY_REQUESTS, err.message, headers={"Retry-After": "5"}) from None
    except Cancelled:
        return Response(status_code=499)  # nobody reads it: the client has gone


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
