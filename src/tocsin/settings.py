"""One typed settings object: shipped defaults → user file → `TOCSIN_*` environment → flags."""

from __future__ import annotations

import os
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

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
    default_language: str = Field("fr", description="language of texts too short to identify; empty: such "
                                                    "texts get an unsupported_language error")
    min_detect_words: int = Field(5, ge=0, description="texts with fewer words are too short to identify, "
                                                       "unless the identification reaches short_text_score")
    short_text_score: float = Field(0.9, ge=0, le=1, description="confidence to trust the identification "
                                                                 "of a short text")


class InputSettings(_Section):
    max_bytes: int = Field(5_000_000, ge=1, description="largest article accepted, in bytes")
    fallback_encodings: list[str] = Field(default_factory=lambda: ["cp1252", "latin-1"],
                                          description="encodings tried when a file is not UTF-8")


class GeocodeSettings(_Section):
    backend: str = Field("gazetteer", description="geocoder name (entry point group tocsin.geocoders)")
    path: str = Field("", description="gazetteer index file; empty: per-user cache folder")
    min_score: float = Field(0.35, ge=0, le=1, description="resolutions below this stay unresolved")


class StoreSettings(_Section):
    url: str = Field("", description="database URL (sqlite:///path or postgresql+psycopg://…); empty: "
                                     "tocsin.db in the per-user data folder (TOCSIN_DATA_DIR)")
    auto_migrate: bool = Field(True, description="bring the database schema up to date when it is opened")


class IngestSettings(_Section):
    near_duplicate: float = Field(0.8, ge=0, le=1, description="estimated Jaccard similarity from which two "
                                                                 "articles are copies of one another (0: off)")
    shingle_words: int = Field(4, ge=1, description="words per shingle when comparing articles")
    feed_content_chars: int = Field(800, ge=0, description="a feed entry's own text is used when at least this "
                                                            "long; shorter entries are fetched from their link")


class MergeSettings(_Section):
    enabled: bool = Field(True, description="merge events that different articles report into one")
    threshold: float = Field(0.55, ge=0, description="evidence score from which two reports are one event")
    slack_days: int = Field(1, ge=0, description="days two dates may lie apart and still be one event")
    max_km: float = Field(25.0, ge=0, description="largest distance between two places of one event")
    undated_days: int = Field(7, ge=0, description="an undated event is looked for this many days before "
                                                   "its article's publication")
    max_span_days: int = Field(31, ge=1, description="events dated less precisely than this are never merged")


class FetchSettings(_Section):
    timeout: float = Field(20.0, gt=0, description="seconds to wait for a server, per request")
    max_bytes: int = Field(5_000_000, ge=1, description="largest page or feed fetched, in bytes")
    user_agent: str = Field("tocsin/0.1 (+https://github.com/tocsin-project/tocsin; news event extraction)",
                            description="User-Agent header sent with every request")
    robots: bool = Field(True, description="honour robots.txt")
    allow_private: bool = Field(False, description="allow private, loopback and link-local addresses")
    max_redirects: int = Field(5, ge=0, description="redirects followed per request")
    delay: float = Field(1.0, ge=0, description="seconds between two requests to the same host")


class RunnerSettings(_Section):
    engine: str = Field("local", description="how `tocsin batch` runs the pipeline: local (this process), ray, or a "
                                             "runner registered in the entry point group tocsin.runners")
    address: str = Field("", description="Ray cluster to join (ray://host:10001, or auto for a `ray start` "
                                         "cluster on this machine); empty: start a private Ray for the run")
    workers: int = Field(0, ge=0, description="worker processes, each with its own models (Ray actors); "
                                              "0: one per CPU core")
    batch_size: int = Field(64, ge=1, description="articles handed to a worker at a time")
    object_store_mb: int = Field(500, ge=100, description="object store of a private Ray, in MB")


class ApiSettings(_Section):
    host: str = Field("127.0.0.1", description="address `tocsin serve` listens on (loopback: this machine only)")
    port: int = Field(8000, ge=0, le=65535, description="port `tocsin serve` listens on")
    token: str = Field("", description="bearer token that write endpoints (POST /api/ingest) require; "
                                       "empty: write endpoints are off")
    cors_origins: list[str] = Field(default_factory=list, description="origins allowed to call the API from "
                                                                        "a browser (CORS); empty: none")
    max_body_bytes: int = Field(1_000_000, ge=1, description="largest request body accepted, in bytes")
    tile_url: str = Field("", description="map tile URL template (https://…/{z}/{x}/{y}.png); empty: "
                                          "country shapes only, nothing fetched")
    tile_attribution: str = Field("", description="credit line shown under the map for the tile layer")
    allowed_hosts: list[str] = Field(default_factory=list, description="Host header values the server answers "
                                     "besides its own address and localhost (name or *.domain; * for any)")
    max_extract_chars: int = Field(100_000, ge=1, description="longest text POST /api/extract takes, in "
                                                             "characters; more gets 413")
    max_extracts: int = Field(4, ge=1, description="extractions running or waiting at once; more get 429")
    anonymous_extract: bool = Field(False, description="let POST /api/extract run without the token when one "
                                                       "is set (without a token it is always open)")

    @field_validator("token", mode="before")
    @classmethod
    def _token_text(cls, value: Any) -> Any:
        # TOCSIN_API__TOKEN values are read as YAML: an all-digit token would otherwise arrive as a number.
        return str(value) if isinstance(value, int | float) and not isinstance(value, bool) else value


class Settings(_Section):
    """Every setting tocsin reads; see defaults.yaml for the commented defaults."""

    nlp: NlpSettings = Field(default_factory=NlpSettings)
    input: InputSettings = Field(default_factory=InputSettings)
    geocode: GeocodeSettings = Field(default_factory=GeocodeSettings)
    store: StoreSettings = Field(default_factory=StoreSettings)
    ingest: IngestSettings = Field(default_factory=IngestSettings)
    merge: MergeSettings = Field(default_factory=MergeSettings)
    fetch: FetchSettings = Field(default_factory=FetchSettings)
    runner: RunnerSettings = Field(default_factory=RunnerSettings)
    api: ApiSettings = Field(default_factory=ApiSettings)


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
