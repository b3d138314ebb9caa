"""Shared fixtures for the reader tests: shipped-default settings and the fixture folder."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tocsin.settings import InputSettings, Settings

DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture
def settings() -> Settings:
    """The shipped defaults, independent of any user file or TOCSIN_* variable."""
    return Settings()


@pytest.fixture
def data_dir() -> Path:
    return DATA


def _limited(max_bytes: int = 5_000_000, fallbacks: list[str] | None = None) -> Settings:
    return Settings(input=InputSettings(max_bytes=max_bytes,
                                        fallback_encodings=fallbacks if fallbacks is not None else ["cp1252"]))


@pytest.fixture
def limited() -> Callable[..., Settings]:
    """Settings with a chosen size limit and fallback encodings (cp1252 only by default), for bad inputs."""
    return _limited
