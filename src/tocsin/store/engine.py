"""Database URLs, engines and schema migrations (Alembic scripts shipped in `tocsin/store/migrations`)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError
from sqlalchemy.pool import StaticPool

from ..errors import MissingDatabaseError, StoreError
from .urls import data_dir, default_url, redact, resolve_url

__all__ = ["data_dir", "default_url", "make_engine", "redact", "require_database", "resolve_url", "transaction",
           "upgrade"]

SCRIPT_LOCATION = "tocsin.store:migrations"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # Hand transaction control to SQLAlchemy (see `_sqlite_begin`) and make SQLite behave like a server
    # database: enforced foreign keys, readers never blocked by the writer, a writer waits its turn.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _sqlite_begin(conn: Connection) -> None:
    # A write transaction takes the write lock at once, so that two writers queue instead of one failing
    # half-way with "database is locked" when it upgrades a read lock.
    conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.info.get("tocsin_write") else "BEGIN")


def make_engine(url: str) -> Engine:
    """An engine for `url` (already resolved), set up for tocsin's use of SQLite or PostgreSQL."""
    try:
        parsed = make_url(url)
    except ArgumentError as err:
        raise StoreError(f"not a database URL: {url!r}; use sqlite:///path/to/file.db or "
                         f"postgresql://user:password@host/dbname") from err
    kwargs: dict[str, Any] = {"future": True}
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ""
        if database in ("", ":memory:"):
            kwargs["poolclass"] = StaticPool  # one in-memory database, shared by every use of the engine
        else:
            Path(database).parent.mkdir(parents=True, exist_ok=True)
    elif parsed.get_backend_name() == "postgresql":
        kwargs["pool_pre_ping"] = True
    try:
        engine = create_engine(parsed, **kwargs)
    except (NoSuchModuleError, ImportError) as err:
        raise StoreError(f"no driver for {redact(url)}: tocsin supports sqlite:/// and postgresql:// URLs "
                         f"(PostgreSQL needs psycopg: pip install 'psycopg[binary]')") from err
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
    return engine


def require_database(url: str) -> None:
    """Raise MissingDatabaseError when `url` (already resolved) names a SQLite file that does not exist.

    Commands that only read call this before opening the store, which would otherwise create the file
    (and its folders) and answer from an empty database. A server database that does not exist fails
    when connecting, and is never created.
    """
    try:
        parsed = make_url(url)
    except ArgumentError:
        return  # make_engine says what is wrong with it
    if parsed.get_backend_name() != "sqlite":
        return
    database = parsed.database or ""
    if database in ("", ":memory:") or database.startswith("file:"):
        return
    if not Path(database).is_file():
        raise MissingDatabaseError(
            f"there is no database at {database}: check --db (or store.url), or create one by ingesting "
            f"articles first: tocsin ingest ARTICLES --db {database}")


@contextmanager
def transaction(engine: Engine, *, write: bool = False) -> Iterator[Connection]:
    """A connection inside one transaction, committed at the end and rolled back on error."""
    with engine.connect() as conn:
        conn.info["tocsin_write"] = write
        with conn.begin():
            yield conn


def alembic_config(conn: Connection | None = None, url: str | None = None) -> Any:
    """The Alembic configuration for tocsin's migrations, bound to a connection or a URL."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", SCRIPT_LOCATION)
    if url is not None:
        cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    if conn is not None:
        cfg.attributes["connection"] = conn
    return cfg


def head_revision() -> str:
    """The newest schema revision this version of tocsin knows."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return str(head)


def current_revision(engine: Engine) -> str | None:
    """The schema revision of the database (None: no tocsin tables yet)."""
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        rev = MigrationContext.configure(conn).get_current_revision()
    return None if rev is None else str(rev)


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to `revision` (default: the newest)."""
    from alembic import command

    with transaction(engine, write=True) as conn:
        command.upgrade(alembic_config(conn), revision)


def downgrade(engine: Engine, revision: str) -> None:
    """Take the schema back to `revision` ("base": no tables)."""
    from alembic import command

    with transaction(engine, write=True) as conn:
        command.downgrade(alembic_config(conn), revision)
