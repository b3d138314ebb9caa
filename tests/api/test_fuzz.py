"""Schemathesis against the OpenAPI spec: no request the spec allows, nor one it forbids, makes a server error."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode

from tocsin.api import create_app
from tocsin.api.testing import copy_store
from tocsin.settings import Settings

OPERATIONS = [("GET", "/api/health"), ("GET", "/api/events"), ("GET", "/api/events/{event_id}"),
              ("GET", "/api/events.csv"), ("GET", "/api/events.geojson"), ("GET", "/api/places"),
              ("GET", "/api/articles/{article_id}"), ("GET", "/api/stats"), ("POST", "/api/extract"),
              ("POST", "/api/ingest")]


@pytest.fixture(scope="module")
def fuzzed_app(samples_db: Path, settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[FastAPI]:
    # Its own copy of the store; no token is set, so POST /api/ingest answers 403 and writes nothing.
    yield create_app(settings, copy_store(samples_db, tmp_path_factory.mktemp("fuzz") / "store.db"))


@pytest.fixture(scope="module")
def api_schema(fuzzed_app: FastAPI) -> schemathesis.schemas.BaseSchema:
    return schemathesis.openapi.from_asgi("/api/openapi.json", fuzzed_app)


def test_api_fuzz_covers_every_operation(api_schema: schemathesis.schemas.BaseSchema) -> None:
    found = {(op.ok().method.upper(), op.ok().path) for op in api_schema.get_all_operations()}
    assert found == set(OPERATIONS)


# Driven through Hypothesis directly (schemathesis' pytest plugin does not run on this pytest), bounded to a few
# dozen cases per operation and mode so that the whole file takes about a minute.
# Negative cases need a parameter that can be got wrong: health has none, and an id in a path can only be too long
# or empty, which no URL path can carry.
NO_NEGATIVE = {"/api/health", "/api/events/{event_id}", "/api/articles/{article_id}"}
CASES = [pytest.param(method, path, mode, id=f"{method} {path} {mode.value}") for method, path in OPERATIONS
         for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
         if not (path in NO_NEGATIVE and mode is GenerationMode.NEGATIVE)]


@pytest.mark.parametrize(("method", "path", "mode"), CASES)
def test_api_fuzz_finds_no_server_error(api_schema: schemathesis.schemas.BaseSchema, method: str, path: str,
                                        mode: GenerationMode) -> None:
    operation = api_schema[path][method]

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(max_examples=30, deadline=None, derandomize=True, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large])
    def check(case: schemathesis.Case) -> None:
        case.call_and_validate()

    check()
