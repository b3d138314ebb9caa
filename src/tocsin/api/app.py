"""The FastAPI application: the /api routes, the dashboard, security headers, limits and error answers."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse

from .. import __version__
from ..errors import ArticleError, StoreError, TocsinError
from ..settings import Settings, default_settings
from ..store import open_store
from .extracting import ExtractWorker
from .routes import Pipeline, router
from .security import BodyLimit, HeadAsGet, HostCheck, SecurityHeaders, content_security_policy

DESCRIPTION = """Event data extracted from news reports: what happened, who did it to whom, where, when, how many,
according to whom — every field pointing at the characters of the article it was read from.

Read endpoints are open and take the same filters (an unknown query parameter is a 422 naming it);
`POST /api/ingest` needs `Authorization: Bearer <token>` (setting `api.token`), and so does `POST /api/extract`
when a token is set (unless `api.anonymous_extract`). `GET /api/events.csv` and `GET /api/events.geojson` export
every event matching the filters. The event objects follow tocsin's output contract (docs/contract.md);
see docs/api.md."""


def _status_of(err: TocsinError) -> int:
    if isinstance(err, ArticleError):  # the request's article cannot be read (blank, bad date…)
        return 422
    if isinstance(err, StoreError):  # the database is down or unreachable
        return 503
    return 500


async def _tocsin_error(_request: Request, err: Exception) -> JSONResponse:
    assert isinstance(err, TocsinError)
    code = _status_of(err)
    if code == 422:  # shaped like FastAPI's own validation answers, so that every 422 reads the same
        return JSONResponse({"detail": [{"loc": ["body"], "msg": err.message, "type": err.code}]}, status_code=422)
    return JSONResponse({"detail": err.message, "code": err.code}, status_code=code)


async def _unexpected(_request: Request, err: Exception) -> JSONResponse:
    # Starlette raises the error on after this answer, so the server still logs its traceback.
    return JSONResponse({"detail": "internal error: the server's log has the details", "code": "internal_error"},
                        status_code=500)


def create_app(settings: Settings | None = None, store_url: str | None = None) -> FastAPI:
    """The API and dashboard over the store at `store_url` (None: `store.url`, else the per-user SQLite file)."""
    from ..web import mount as mount_dashboard

    settings = settings or default_settings()
    store = open_store(store_url, settings=settings)  # opened now, so a bad URL fails before serving

    extractor = ExtractWorker(settings, max_jobs=settings.api.max_extracts)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        try:
            yield
        finally:
            extractor.close()
            store.close()

    app = FastAPI(title="tocsin", version=__version__, description=DESCRIPTION, lifespan=lifespan,
                  openapi_url="/api/openapi.json", docs_url=None, redoc_url=None)
    app.state.settings = settings
    app.state.store = store
    app.state.pipeline = Pipeline(settings)
    app.state.extractor = extractor
    app.include_router(router)
    mount_dashboard(app, settings)
    app.add_exception_handler(TocsinError, _tocsin_error)
    app.add_exception_handler(Exception, _unexpected)
    # Added innermost first: security headers wrap everything, the 413 answers included.
    app.add_middleware(BodyLimit, limit=settings.api.max_body_bytes)
    if settings.api.cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=list(settings.api.cors_origins),
                           allow_methods=["GET", "POST"], allow_headers=["Authorization", "Content-Type"])
    app.add_middleware(SecurityHeaders, csp=content_security_policy(settings.api.tile_url))
    app.add_middleware(HeadAsGet)
    app.add_middleware(HostCheck, allowed=tuple(settings.api.allowed_hosts))
    return app
