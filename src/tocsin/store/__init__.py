"""The store: articles, events merged across articles, ingest runs and rejected inputs, in SQLite or PostgreSQL.

    >>> from tocsin.store import open_store, EventFilter
    >>> store = open_store("sqlite:///events.db")            # or postgresql://user@host/db
    >>> page = store.list_events(EventFilter(countries=("FR",)), limit=20, sort="-date")
    >>> event = store.get_event(page.items[0].id)            # with its reports, mentions, sources, articles
"""

from __future__ import annotations

from collections.abc import Callable

from .. import plugins
from ..errors import ConfigError
from ..settings import Settings, default_settings
from .protocol import (
    SORTS,
    Added,
    ArticleMeta,
    EventFilter,
    IngestRun,
    MergeStep,
    Page,
    RejectedInput,
    RelatedEvent,
    Sort,
    StatsBy,
    Store,
    StoredArticle,
)
from .urls import data_dir, default_url, redact, resolve_url

__all__ = [
    "SORTS",
    "Added",
    "ArticleMeta",
    "EventFilter",
    "IngestRun",
    "MergeStep",
    "Page",
    "RejectedInput",
    "RelatedEvent",
    "Sort",
    "StatsBy",
    "Store",
    "StoredArticle",
    "data_dir",
    "default_url",
    "open_store",
    "resolve_url",
]

ENTRY_POINT_GROUP = "tocsin.stores"
StoreFactory = Callable[[str, Settings], Store]


def _sql(url: str, settings: Settings) -> Store:
    from .sql import SqlStore

    return SqlStore(url, settings=settings)


# Built-in back-ends, registered as a third party registers its own (entry point group tocsin.stores).
BUILTIN_STORES: dict[str, StoreFactory] = {"sqlite": _sql, "postgresql": _sql}


def open_store(url: str | None = None, *, settings: Settings | None = None) -> Store:
    """The store at `url` (a database URL or a file path; None: `store.url`, else the per-user SQLite file)."""
    settings = settings or default_settings()
    full = resolve_url(url if url is not None else settings.store.url)
    scheme = full.split("://", 1)[0].split("+", 1)[0]
    factory: StoreFactory | None = plugins.factory(ENTRY_POINT_GROUP, scheme, BUILTIN_STORES)
    if factory is None:
        known = ", ".join(plugins.names(ENTRY_POINT_GROUP, BUILTIN_STORES))
        raise ConfigError(f"no store for {redact(full)}: tocsin stores data in {known} databases "
                          f"(e.g. sqlite:///events.db or postgresql://user@host/db)")
    return factory(full, settings)
