"""The `serve` command: the REST API and web dashboard over a store (tocsin.api)."""

from __future__ import annotations

import ipaddress
import os
from pathlib import Path
from typing import Any

import click

from ..errors import TocsinError
from ..settings import load_settings
from .common import db_option, fail

# The npm packages the dashboard's third-party files come from (web/package.json pins their versions).
NPM_PACKAGES = ("world-atlas@2", "topojson-client@3", "swagger-ui-dist@5")


def missing_assets(folder: Path | None = None) -> list[str]:
    """The dashboard's third-party files (vendored from npm at build time) missing from `folder` (this install's)."""
    from ..web.vendor import FILES, SHAPES, VENDOR

    wanted = [SHAPES, *(name for _, _, name in FILES if not name.endswith(".txt"))]
    return [name for name in wanted if not ((folder or VENDOR) / name).is_file()]


def assets_hint() -> str:
    """The exact commands that fetch the dashboard's third-party files into this install (Node.js's npm)."""
    from ..web.vendor import VENDOR

    checkout = VENDOR.parents[4]  # src/tocsin/web/static/vendor → the source folder, in an editable install
    if (checkout / "web" / "package-lock.json").is_file():
        return (f"cd {checkout}/web && npm ci --ignore-scripts && cd .. && "
                f"python -m tocsin.web.vendor web/node_modules")
    folder = Path.home() / ".cache" / "tocsin" / "npm"
    return (f"npm install --prefix {folder} {' '.join(NPM_PACKAGES)} && "
            f"python -m tocsin.web.vendor {folder}/node_modules")


def _loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


@click.command("serve")
@db_option
@click.option("--host", help="Address to listen on (default: api.host, 127.0.0.1: this machine only).")
@click.option("--port", type=click.IntRange(0, 65535), help="Port to listen on (default: api.port, 8000).")
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Server processes, each with its own connection pool (more than the CPU cores gains nothing).")
def serve(db: str | None, host: str | None, port: int | None, workers: int) -> None:
    """Serve the REST API (/api, docs at /api/docs) and the web dashboard (/) over the store.

    Writing (POST /api/ingest) is on only when a token is set: TOCSIN_API__TOKEN or api.token.

    \b
    Examples:
      tocsin serve
      tocsin serve --db sqlite:///events.db --port 8080 --workers 4
      TOCSIN_API__TOKEN=$(openssl rand -hex 24) tocsin serve --host 0.0.0.0
    """
    try:
        settings = load_settings()
        from ..api import create_app

        app = create_app(settings, db)
    except TocsinError as err:
        fail(err)
    import uvicorn

    missing = missing_assets()
    if missing:
        click.echo(f"warning: the dashboard's third-party files are missing ({', '.join(missing)}): the map has no "
                   f"country shapes and /api/docs no Swagger UI. Get them with: {assets_hint()}", err=True)

    where = host or settings.api.host
    if not _loopback(where):
        click.echo(f"warning: listening on {where}, reachable from other machines; the API has no TLS of its own: "
                   f"put it behind a reverse proxy that adds it", err=True)
    options: dict[str, Any] = {"host": where, "port": settings.api.port if port is None else port,
                               "log_level": "info", "server_header": False}
    if workers == 1:
        uvicorn.run(app, **options)
        return
    # Each worker process builds its own app from the settings; the store URL reaches them through the
    # environment, as any setting does.
    app.state.store.close()
    os.environ["TOCSIN_STORE__URL"] = app.state.store.url
    uvicorn.run("tocsin.api:create_app", factory=True, workers=workers, **options)
