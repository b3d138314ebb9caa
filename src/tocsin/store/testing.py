"""Test helpers for the store, ingest and merge layers: scripted events, a stand-in runner, throwaway databases.

Databases are SQLite files, or PostgreSQL databases on the server named by $TOCSIN_TEST_PG_URL.

A script line inside an article's text states one event, e.g.

    EVENT ATTACK 2024-03-07 Lyon/FR/45.75/4.85/2996944 agent=police:state_forces victim=civils:civilians killed=5

(`@month` after a date makes it month-precise; `modality=claimed`, `atleast:killed=40`, `range:killed=3-9`,
`source=ministère>TASS` are accepted; `-` for no place).
Everything else in the text is ignored, so articles can carry filler around their events.
"""

from __future__ import annotations

import os
import re
import time
import uuid
from collections.abc import Iterable, Iterator
from datetime import date
from typing import cast

from ..model import (
    Actor,
    ActorKind,
    ArticleResult,
    Count,
    DateRange,
    ErrorInfo,
    Event,
    Location,
    Modality,
    PlacePrecision,
    Rejected,
    Role,
    Source,
    Span,
)
from ..model import Article as _Article

PG_ENV = "TOCSIN_TEST_PG_URL"
_LINE = re.compile(r"^[ \t]*EVENT[ \t]+(?P<body>.+)$", re.MULTILINE)


def script_event(line: str, eid: str = "e1", span: Span | None = None) -> Event:
    """The Event a script line (without the word EVENT) describes."""
    words = line.split()
    etype, when, where, *rest = words
    precision = "day"
    if "@" in when:
        when, precision = when.split("@", 1)
    day = date.fromisoformat(when)
    rng = DateRange.day(day) if precision == "day" else DateRange.month(day.year, day.month)
    location = None
    if where != "-":
        name, country, lat, lon, gid, *prec = [*where.split("/"), "", "", "", "", ""][:6]
        location = Location(name.replace("_", " "), country or None, float(lat) if lat else None,
                            float(lon) if lon else None, int(gid) if gid else None,
                            cast(PlacePrecision, prec[0] or "city"))
    actors: list[Actor] = []
    counts: dict[str, Count] = {}
    modality: Modality = "asserted"
    sources: list[Source] = []
    for word in rest:
        key, _, value = word.partition("=")
        if key in ("agent", "victim", "target", "recipient"):
            name, _, kind = value.partition(":")
            actors.append(Actor(cast(Role, key), name.replace("_", " "), name.replace("_", " "),
                                cast(ActorKind, kind or "unknown")))
        elif key == "modality":
            modality = cast(Modality, value)
        elif key == "source":
            name, *via = value.split(">")
            sources.append(Source(name.replace("_", " "), tuple(v.replace("_", " ") for v in via)))
        elif key.startswith("atleast:"):  # "at least 40": no upper bound
            counts[key[8:]] = Count(float(value), float(value), None, "at_least", f"au moins {value}")
        elif key.startswith("range:"):  # "3 to 9": the lower figure, bounded
            low, high = value.split("-")
            counts[key[6:]] = Count(float(low), float(low), float(high), "approx", f"{low} à {high}")
        else:
            counts[key] = Count(float(value), float(value), float(value), "exact", value)
    return Event(eid, etype, modality, tuple(actors), location, rng, counts, tuple(sources),
                 (span or Span(0, len(line), line),))


def script_events(text: str) -> tuple[Event, ...]:
    """Every event scripted in a text, numbered e1, e2… in order."""
    events = []
    for n, match in enumerate(_LINE.finditer(text), 1):
        span = Span(match.start(), match.end(), match.group(0))
        events.append(script_event(match.group("body"), f"e{n}", span))
    return tuple(events)


def script_result(article: _Article) -> ArticleResult:
    """The ArticleResult a real pipeline would give if it read exactly the article's script lines."""
    if "FAIL" in article.text.split():
        return ArticleResult(id=article.id, text=article.text, title=article.title, published=article.published,
                             url=article.url, source=article.source,
                             error=ErrorInfo("internal_error", "scripted failure"))
    return ArticleResult(id=article.id, text=article.text, lang=article.lang or "fr", title=article.title,
                         published=article.published, events=script_events(article.text), url=article.url,
                         source=article.source)


class ScriptedRunner:
    """A stand-in for the extraction pipeline that reads script lines (optionally slowly, to be interrupted)."""

    def __init__(self, delay: float | None = None) -> None:
        self.delay = float(os.environ.get("TOCSIN_TEST_DELAY", "0")) if delay is None else delay
        self.calls = 0

    def run(self, items: Iterable[_Article | Rejected]) -> Iterator[ArticleResult]:
        for item in items:
            self.calls += 1
            if self.delay:
                time.sleep(self.delay)
            yield item.to_result() if isinstance(item, Rejected) else script_result(item)


FILLER = ("Les autorités locales ont donné des précisions dans la soirée sur le déroulement des faits, "
          "tandis que plusieurs témoins interrogés sur place décrivaient une situation confuse. "
          "Une enquête a été ouverte et de nouvelles informations sont attendues dans les prochains jours.")


def script_article(lines: Iterable[str], *, title: str = "Dépêche", filler: str = FILLER) -> str:
    """An article text holding the given script lines (without EVENT) between filler paragraphs."""
    body = "\n\n".join(f"EVENT {line}" for line in lines)
    return f"{title}\n{filler}\n\n{body}\n\n{filler}"


# ---------------------------------------------------------------- throwaway databases


def pg_admin_url() -> str | None:
    """The PostgreSQL server tests may use (a URL to a database they may create others from), if any."""
    url = os.environ.get(PG_ENV, "").strip()
    return url or None


def create_pg_database(admin_url: str) -> str:
    """A new, empty PostgreSQL database on the test server; returns its URL."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from .engine import resolve_url

    base = make_url(resolve_url(admin_url))
    name = f"tocsin_test_{uuid.uuid4().hex[:12]}"
    engine = create_engine(base, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}" STRATEGY FILE_COPY'))
    finally:
        engine.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


def drop_pg_database(admin_url: str, url: str) -> None:
    """Remove a database made by `create_pg_database` (connections to it are closed first)."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from .engine import resolve_url

    name = make_url(url).database
    engine = create_engine(make_url(resolve_url(admin_url)), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        engine.dispose()


class PgPool:
    """Migrated PostgreSQL test databases, emptied and handed out again (creating one costs ~0.5 s)."""

    def __init__(self, admin: str) -> None:
        self.admin = admin
        self.free: list[str] = []
        self.made: list[str] = []

    def acquire(self) -> str:
        from sqlalchemy import create_engine, text

        from .engine import upgrade
        from .schema import metadata

        if self.free:
            url = self.free.pop()
            engine = create_engine(url)
            try:
                with engine.begin() as conn:
                    names = ", ".join(f'"{t.name}"' for t in metadata.sorted_tables)
                    conn.execute(text(f"TRUNCATE TABLE {names} RESTART IDENTITY CASCADE"))
            finally:
                engine.dispose()
            return url
        url = create_pg_database(self.admin)
        self.made.append(url)
        engine = create_engine(url)
        try:
            upgrade(engine)
        finally:
            engine.dispose()
        return url

    def release(self, url: str) -> None:
        self.free.append(url)

    def close(self) -> None:
        for url in self.made:
            drop_pg_database(self.admin, url)


class Databases:
    """Throwaway databases for one test: SQLite files in a folder, or databases from a PostgreSQL pool."""

    def __init__(self, backend: str, folder: str | os.PathLike[str], pool: PgPool | None = None) -> None:
        self.backend = backend
        self.folder = folder
        self.pool = pool
        self.made: list[str] = []

    def new(self) -> str:
        """The URL of a new, empty database."""
        if self.backend == "sqlite":
            url = f"sqlite:///{os.fspath(self.folder)}/store{len(self.made)}.db"
        else:
            assert self.pool is not None, f"{PG_ENV} is not set"
            url = self.pool.acquire()
        self.made.append(url)
        return url

    def close(self) -> None:
        if self.pool is not None and self.backend == "postgresql":
            for url in self.made:
                self.pool.release(url)


def backend_unavailable(backend: str) -> str | None:
    """Why a back-end's tests cannot run here (None: they can); in CI a missing PostgreSQL is an error."""
    if backend != "postgresql" or pg_admin_url():
        return None
    reason = f"PostgreSQL tests need {PG_ENV} (bash .ci/postgres.sh starts a server and prints the URL)"
    if os.environ.get("CI", "").lower() in ("true", "1"):
        raise RuntimeError(f"CI is set but {reason}")
    return reason
