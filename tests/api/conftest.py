"""Fixtures for the API tests: the app over a SQLite store ingested from the bundled samples."""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

# Starlette's TestClient warns about the httpx it runs on; nothing to act on in these tests.
warnings.filterwarnings("ignore", message=r"Using `httpx` with `starlette.testclient`")

from fastapi.testclient import TestClient  # noqa: E402

from tocsin.api import create_app  # noqa: E402
from tocsin.api.testing import TOKEN, copy_store, hostile_file, ingest_into, sample_store  # noqa: E402
from tocsin.settings import Settings, load_settings  # noqa: E402
from tocsin.store import Store, open_store  # noqa: E402


def make_settings(folder: Path, **api: Any) -> Settings:
    """The shipped defaults (no user file, no TOCSIN_* variables), with these `api` settings."""
    return load_settings({"api": api} if api else None, environ={}, user_file=folder / "none.yaml")


@pytest.fixture(scope="session")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return make_settings(tmp_path_factory.getbasetemp())


@pytest.fixture(scope="session")
def samples_db(tmp_path_factory: pytest.TempPathFactory, settings: Settings) -> Path:
    """The bundled samples ingested once per session with the real pipeline (shared with tests/web)."""
    return sample_store(tmp_path_factory.getbasetemp(), settings)


@pytest.fixture(scope="session")
def client(samples_db: Path, settings: Settings) -> Iterator[TestClient]:
    """A client of the app over the samples store; tests through it must not write."""
    with TestClient(create_app(settings, f"sqlite:///{samples_db}")) as c:
        yield c


@pytest.fixture(scope="session")
def store(samples_db: Path, settings: Settings) -> Iterator[Store]:
    """The samples store itself, to compare the API's answers with."""
    s = open_store(f"sqlite:///{samples_db}", settings=settings)
    yield s
    s.close()


@pytest.fixture
def app_with(samples_db: Path, tmp_path: Path) -> Iterator[Callable[..., TestClient]]:
    """Makes clients of apps with other `api` settings, each over its own copy of the samples store."""
    made: list[TestClient] = []

    def make(hostile: bool = False, **api: Any) -> TestClient:
        settings = make_settings(tmp_path, **api)
        url = copy_store(samples_db, tmp_path / f"store{len(made)}.db")
        if hostile:
            ingest_into(url, [hostile_file(tmp_path)], settings)
        c = TestClient(create_app(settings, url))
        c.__enter__()
        made.append(c)
        return c

    yield make
    for c in made:
        c.__exit__(None, None, None)


@pytest.fixture
def writer(app_with: Callable[..., TestClient]) -> TestClient:
    """A client of an app whose write token is set, over its own copy of the store."""
    return app_with(token=TOKEN)
