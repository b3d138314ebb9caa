"""Shared fixtures: every test that takes `store` runs on SQLite and on PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tocsin.settings import Settings, load_settings
from tocsin.store import Store, open_store
from tocsin.store.testing import Databases, PgPool, backend_unavailable, pg_admin_url


@pytest.fixture
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """The shipped defaults (no user file, no TOCSIN_* variables), without politeness delays."""
    return load_settings({"fetch": {"delay": 0.0}}, environ={}, user_file=tmp_path_factory.mktemp("cfg") / "none")


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest) -> str:
    try:
        reason = backend_unavailable(request.param)
    except RuntimeError as err:
        pytest.fail(str(err))
    if reason:
        pytest.skip(reason)
    return str(request.param)


@pytest.fixture(scope="session")
def pg_pool() -> Iterator[PgPool | None]:
    admin = pg_admin_url()
    pool = PgPool(admin) if admin else None
    yield pool
    if pool is not None:
        pool.close()


@pytest.fixture
def new_url(backend: str, tmp_path: Path, pg_pool: PgPool | None) -> Iterator[Callable[[], str]]:
    """Makes empty databases of the test's back-end."""
    dbs = Databases(backend, tmp_path, pg_pool)
    yield dbs.new
    dbs.close()


@pytest.fixture
def store(new_url: Callable[[], str], settings: Settings) -> Iterator[Store]:
    s = open_store(new_url(), settings=settings)
    yield s
    s.close()
