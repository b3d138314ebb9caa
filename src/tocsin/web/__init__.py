"""The web dashboard: a map, a timeline, filters and a table of events, and an evidence page per event.

Served by the API's app (`tocsin.api.create_app`), fully offline: hand-written JavaScript and CSS, pages
rendered on the server with autoescaping Jinja2 templates, and country shapes vendored at build time from npm
(`python -m tocsin.web.vendor`). See docs/dashboard.md.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, get_args

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from .. import __version__
from ..model import EVENT_TYPES, ActorKind, Modality
from ..settings import Settings
from ..store import SORTS
from . import render

HERE = Path(__file__).resolve().parent

__all__ = ["mount"]


def _environment() -> Environment:
    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True)
    env.globals.update(version=__version__, when=render.when, where=render.where, figure=render.figure,
                       safe_link=render.safe_link, kind_names=render.KIND_NAMES, kinds=render.KINDS)
    return env


def mount(app: FastAPI, settings: Settings) -> None:
    """Add the dashboard's pages and static files to `app`."""
    # Imported here, so that `python -m tocsin.web.vendor` does not find its module loaded by the package.
    from .vendor import SHAPES, VENDOR

    def _vendored(name: str) -> bool:
        return (VENDOR / name).is_file()

    env = _environment()
    families = render.families()
    router = APIRouter(include_in_schema=False)

    def page(name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
        return HTMLResponse(env.get_template(name).render(**context), status_code=status_code)

    @router.get("/", response_class=HTMLResponse)
    def dashboard() -> HTMLResponse:
        """The dashboard: filters, map, timeline and event table (filled by dashboard.js from /api)."""
        config = {"types": list(EVENT_TYPES), "sorts": list(SORTS), "tileUrl": settings.api.tile_url,
                  "families": [{"name": f.name, "color": f.color, "types": list(f.types)} for f in families],
                  "tileAttribution": settings.api.tile_attribution,
                  "shapesUrl": f"/static/vendor/{SHAPES}" if _vendored(SHAPES) else ""}
        return page("dashboard.html", families=families, sorts=SORTS, config=json.dumps(config),
                    actor_kinds=get_args(ActorKind), modalities=get_args(Modality),
                    topojson=_vendored("topojson-client.min.js"))

    @router.get("/events/{event_id}", response_class=HTMLResponse)
    def event_page(request: Request, event_id: str) -> HTMLResponse:
        """One event and its evidence: each article's text with every field's source highlighted."""
        from ..api.evidence import event_detail

        detail = event_detail(request.app.state.store, event_id)
        if detail is None:
            return page("missing.html", 404, what=f"event {event_id}")
        articles = [{**a, "pieces": render.pieces(a["text"], a["evidence"])} for a in detail["articles"]]
        return page("event.html", event=detail, articles=articles)

    @router.get("/api/docs", response_class=HTMLResponse)
    def api_docs() -> HTMLResponse:
        """The OpenAPI spec, drawn by the vendored Swagger UI (no CDN)."""
        return page("docs.html", swagger=_vendored("swagger-ui-bundle.js"))

    css = render.types_css()

    @router.get("/types.css")
    def types_css() -> Response:
        """The event types' colours as CSS classes (a stylesheet, so no inline style is needed)."""
        return Response(css, media_type="text/css", headers={"Cache-Control": "public, max-age=3600"})

    app.include_router(router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
