"""Fixtures for the browser tests: the dashboard served on a free loopback port, driven in Debian's Chromium.

Playwright drives the Chromium that Debian installs (`apt-get install chromium`), never one of its own downloads.
Without Chromium the tests skip, except in CI (CI set), where they must run.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tocsin.api import create_app
from tocsin.api.testing import copy_store, hostile_file, ingest_into, sample_store, serving
from tocsin.settings import Settings, load_settings

CHROMIUM = Path(os.environ.get("TOCSIN_CHROMIUM", "/usr/bin/chromium"))
# Headless, and nothing that reaches out of the machine (updates, sync, metrics).
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]


def _missing(reason: str) -> None:
    if os.environ.get("CI", "").lower() in ("true", "1"):
        pytest.fail(f"CI is set but {reason}: .ci/run installs it (apt-get install chromium)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """The shipped defaults, without the user's file or TOCSIN_* variables."""
    return load_settings(environ={}, user_file=tmp_path_factory.getbasetemp() / "none.yaml")


@pytest.fixture(scope="session")
def samples_db(tmp_path_factory: pytest.TempPathFactory, settings: Settings) -> Path:
    """The bundled samples ingested once per session with the real pipeline (shared with tests/api)."""
    return sample_store(tmp_path_factory.getbasetemp(), settings)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        _missing(f"Chromium is not installed at {CHROMIUM}")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("the playwright package is not installed (pip install -e '.[dev]')")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def base_url(samples_db: Path, settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The dashboard over a copy of the samples store."""
    url = copy_store(samples_db, tmp_path_factory.mktemp("web") / "store.db")
    with serving(create_app(settings, url)) as base:
        yield base


@pytest.fixture(scope="module")
def hostile_url(samples_db: Path, settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The dashboard over the samples plus an article whose every field carries markup."""
    folder = tmp_path_factory.mktemp("hostile")
    url = copy_store(samples_db, folder / "store.db")
    ingest_into(url, [hostile_file(folder)], settings)
    with serving(create_app(settings, url)) as base:
        yield base


class Watched:
    """A page and what it did that it should not: dialogs opened, errors thrown, console errors."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        page.on("dialog", self._dialog)
        page.on("pageerror", lambda err: self.errors.append(f"page error: {err}"))
        page.on("console", lambda msg: self.errors.append(msg.text) if msg.type == "error" else None)

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()


@pytest.fixture
def watched(browser: Any) -> Iterator[Watched]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield Watched(page)
    context.close()
