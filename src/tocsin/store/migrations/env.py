"""Alembic environment: runs tocsin's migrations on the connection tocsin hands it (or on sqlalchemy.url)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, create_engine

from tocsin.store.schema import metadata


def _run(conn: Connection) -> None:
    # Batch mode lets later migrations alter SQLite tables (which cannot ALTER most things in place).
    context.configure(connection=conn, target_metadata=metadata, render_as_batch=True, compare_type=True)
    with context.begin_transaction():
        context.run_migrations()


def main() -> None:
    config = context.config
    conn = config.attributes.get("connection")
    if conn is not None:
        _run(conn)
        return
    url = config.get_main_option("sqlalchemy.url")
    if not url:
        raise RuntimeError("set sqlalchemy.url, or run migrations through tocsin.store.engine.upgrade")
    engine = create_engine(url)
    with engine.begin() as connection:
        _run(connection)


main()
