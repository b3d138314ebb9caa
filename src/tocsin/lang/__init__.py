"""Language knowledge as data: `lang/<code>/<section>.yaml`, validated by each stage's schema.

A stage declares a pydantic model for its section and reads it with `section(code, name, Model)`.
Files are read once and cached. Extra folders of language data (a new language, or
overrides) can be added with `TOCSIN_LANG_PATH` (folders separated by `os.pathsep`): a file there
replaces the packaged one of the same language and section.
"""

from __future__ import annotations

import os
import re
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from ..errors import LanguageDataError

PACKAGE_DIR = Path(__file__).resolve().parent
T = TypeVar("T", bound=BaseModel)


class _WordLoader(yaml.SafeLoader):
    """YAML loader for word lists: only true/false are booleans ("no", "on", "yes" are words)."""


_WordLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_WordLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


class Section(BaseModel):
    """Base of every section schema: unknown keys are errors, so typos are caught."""

    model_config = ConfigDict(extra="forbid", frozen=True)


def search_path() -> list[Path]:
    """Folders holding `<code>/` language folders, the user's first."""
    extra = [Path(p) for p in os.environ.get("TOCSIN_LANG_PATH", "").split(os.pathsep) if p]
    return [*extra, PACKAGE_DIR]


def available() -> list[str]:
    """Codes of the languages that have a data folder."""
    codes = {
        d.name
        for base in search_path()
        if base.is_dir()
        for d in base.iterdir()
        if d.is_dir() and len(d.name) in (2, 3) and d.name.isalpha()
    }
    return sorted(codes)


def section_file(code: str, name: str) -> Path | None:
    """The file that holds a section of a language, or None."""
    for base in search_path():
        path = base / code / f"{name}.yaml"
        if path.is_file():
            return path
    return None


@cache
def _load(code: str, name: str, schema: type[BaseModel]) -> BaseModel:
    path = section_file(code, name)
    if path is None:
        raise LanguageDataError(
            f"no language data {code}/{name}.yaml: add the file (see docs/languages.md) or choose another language"
        )
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_WordLoader) or {}
    except yaml.YAMLError as err:
        raise LanguageDataError(f"{path} is not valid YAML: {err}") from err
    try:
        return schema.model_validate(raw)
    except ValidationError as err:
        raise LanguageDataError(f"{path} does not match its schema:\n{err}") from err


def section(code: str, name: str, schema: type[T]) -> T:
    """The validated `name` section of language `code` (cached)."""
    data = _load(code, name, schema)
    assert isinstance(data, schema)
    return data


def has_section(code: str, name: str) -> bool:
    return section_file(code, name) is not None


def examples(name: str, schema: type[T]) -> list[tuple[str, Any]]:
    """(language, example) for every language folder holding section `name`: what the tests run."""
    return [
        (code, ex)
        for code in available()
        if has_section(code, name)
        for ex in getattr(section(code, name, schema), "examples", [])
    ]


def clear_cache() -> None:
    """Forget loaded files (tests that add a language folder)."""
    _load.cache_clear()
