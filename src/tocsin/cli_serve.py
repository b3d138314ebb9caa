"""The `serve` command: the REST API and web dashboard over a store (tocsin.api)."""

from __future__ import annotations

import ipaddress
import os
from typing import Any

import click

from .cli_store import db_option
from .errors import TocsinError
from .settings import load_settings


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
        from .api import create_app

        app = create_app(settings, db)
    except TocsinError as err:
        raise click.ClickException(f"[{err.code}] {err.message}") from None
    import uvicorn

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
