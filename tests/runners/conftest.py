"""Shared fixtures for the runner tests: settings, the varied corpus, and one private Ray for the session."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tocsin.runners.protocol import Item
from tocsin.runners.testing import article_variants
from tocsin.settings import Settings, load_settings

# Above the contract's "at least 200": with the bad inputs mixed in, every runner meets failures too.
CORPUS_SIZE = 240


def runner_settings(**runner: object) -> Settings:
    """The shipped defaults (no user file, no TOCSIN_* variable), with these runner settings."""
    return load_settings({"runner": runner}, environ={}, user_file=Path("/nonexistent/tocsin.yaml"))


@pytest.fixture(scope="session")
def corpus() -> list[Item]:
    return article_variants(CORPUS_SIZE)


@pytest.fixture(scope="session")
def ray_node() -> Iterator[None]:
    """A private Ray started as `tocsin batch` starts it, with room for two runners of two workers each."""
    ray = pytest.importorskip("ray")
    from tocsin.runners.ray import connect

    assert connect(runner_settings(workers=4))
    yield
    ray.shutdown()
