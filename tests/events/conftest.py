"""Shared fixtures for the event stage: a real spaCy pipeline per language."""

from __future__ import annotations

import pytest

from tocsin import lang
from tocsin.settings import default_settings


def installed_languages() -> list[str]:
    """Languages with event data whose configured spaCy model is installed here."""
    import importlib.util

    models = default_settings().nlp.models
    return [
        code
        for code in lang.available()
        if lang.has_section(code, "events") and code in models and importlib.util.find_spec(models[code])
    ]


@pytest.fixture(scope="session")
def model_for():
    return lambda code: default_settings().nlp.models[code]
