"""Where the store lives: the per-user data folder, the default SQLite file, and URLs from what users type."""

from __future__ import annotations

import os
from pathlib import Path


def data_dir() -> Path:
    """Per-user folder for tocsin's data: $TOCSIN_DATA_DIR, else $XDG_DATA_HOME/tocsin, else ~/.local/share/tocsin."""
    if os.environ.get("TOCSIN_DATA_DIR"):
        return Path(os.environ["TOCSIN_DATA_DIR"])
    base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "tocsin"


def default_url() -> str:
    """The SQLite file used when no URL is configured."""
    return f"sqlite:///{data_dir() / 'tocsin.db'}"


def resolve_url(url: str | os.PathLike[str] | None) -> str:
    """A full SQLAlchemy URL from a URL, a file path or nothing (the default file)."""
    # postgresql:// and postgres:// mean psycopg 3, the driver tocsin installs (SQLAlchemy would pick psycopg2).
    text = "" if url is None else os.fspath(url).strip()
    if not text:
        return default_url()
    if "://" not in text:
        return f"sqlite:///{Path(text).expanduser().resolve()}"
    for prefix in ("postgresql://", "postgres://"):
        if text.startswith(prefix):
            return "postgresql+psycopg://" + text[len(prefix):]
    return text


def redact(url: str) -> str:
    """The URL without its password, for messages."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url
