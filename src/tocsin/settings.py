"""One typed settings object: shipped defaults → user file → `TOCSIN_*` environment → flags."""

from __future__ import annotations

import os
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .errors import ConfigError

DEFAULTS_FILE = Path(__file__).resolve().parent / "defaults.yaml"
ENV_PREFIX = "TOCSIN_"


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class NlpSettings(_Section):
    models: dict[str, str] = Field(default_factory=dict, description="spaCy pipeline per language code")
    batch_size: int = Field(16, ge=1, description="texts per spaCy batch")
    languages: list[str] = Field(default_factory=lambda: ["fr"], description="languages processed")
    min_lang_score: float = Field(0.5, ge=0, le=1, description="confidence to trust language identification")


class InputSettings(_Section):
    max_bytes: int = Field(5_000_000, ge=1, description="largest article accepted, in bytes")
    fallback_encodings: list[str] = Field(default_factory=lambda: ["cp1252", "latin-1"],
                                          description="encodings tried when a file is not UTF-8")


class GeocodeSettings(_Section):
    backend: str = Field("gazetteer", description="geocoder name (entry point group tocsin.geocoders)")
    path: str = Field("", description="gazetteer index file; empty: per-user cache folder")
    min_score: float = Field(0.35, ge=0, le=1, description="resolutions below this stay unresolved")


class OutputSettings(_Section):
    include_text: bool = Field(True, description="echo the article text in output lines")


class Settings(_Section):
    """Every setting tocsin reads; see defaults.yaml for the commented defaults."""

    nlp: NlpSettings = Field(default_factory=NlpSettings)
    input: InputSettings = Field(default_factory=InputSettings)
    geocode: GeocodeSettings = Field(default_factory=GeocodeSettings)
    output: OutputSettings = Field(default_factory=OutputSettings)


def user_config_file() -> Path:
    """The user's settings file (it need not exist)."""
    if os.environ.get("TOCSIN_CONFIG"):
        return Path(os.environ["TOCSIN_CONFIG"])
    base = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return base / "tocsin" / "config.yaml"


def _merge(base: dict[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, Mapping) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as err:
        raise ConfigError(f"cannot read settings file {path}: {err}") from err
    if not isinstance(data, dict):
        raise ConfigError(f"settings file {path} must hold a mapping of sections")
    return data


def _from_env(environ: Mapping[str, str]) -> dict[str, Any]:
    """TOCSIN_SECTION__KEY=value pairs as nested settings; values are parsed as YAML scalars/lists."""
    out: dict[str, Any] = {}
    for name, raw in environ.items():
        if not name.startswith(ENV_PREFIX) or "__" not in name:
            continue
        path = name[len(ENV_PREFIX):].lower().split("__")
        node = out
        for part in path[:-1]:
            node = node.setdefault(part, {})
        node[path[-1]] = yaml.safe_load(raw) if raw else raw
    return out


def load_settings(overrides: Mapping[str, Any] | None = None, *, environ: Mapping[str, str] | None = None,
                  user_file: Path | None = None) -> Settings:
    """Settings from every layer; `overrides` (e.g. flags) win."""
    data = _read_yaml(DEFAULTS_FILE)
    path = user_file or user_config_file()
    if path.is_file():
        data = _merge(data, _read_yaml(path))
    data = _merge(data, _from_env(os.environ if environ is None else environ))
    if overrides:
        data = _merge(data, overrides)
    try:
        return Settings.model_validate(data)
    except ValidationError as err:
        raise ConfigError(f"invalid settings (defaults, {path}, TOCSIN_* variables or flags):\n{err}") from err


@cache
def default_settings() -> Settings:
    """The settings from defaults, user file and environment, read once."""
    return load_settings()


def cache_dir() -> Path:
    """Per-user folder for built indexes (the gazetteer)."""
    base = Path(os.environ.get("TOCSIN_CACHE_DIR") or os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base if os.environ.get("TOCSIN_CACHE_DIR") else base / "tocsin"
