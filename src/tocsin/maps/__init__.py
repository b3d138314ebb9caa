"""tocsin event types mapped to ACLED, PLOVER and CAMEO: data in `types.yaml`, validated once and cached."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from importlib import resources
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from ..errors import TocsinError
from ..model import EVENT_TYPES

__all__ = ["AcledMapping", "PloverMapping", "TypeMapping", "Vocabularies", "all_mappings", "mapping", "vocabularies"]

TABLE_FILE = "types.yaml"


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class AcledMapping(_Frozen):
    """ACLED event type and sub-event type; `also`: other sub-event types chosen per event."""

    event_type: str | None = None
    sub_event_type: str | None = None
    also: tuple[str, ...] = ()


class PloverMapping(_Frozen):
    """PLOVER event type and mode, or only a context for what PLOVER does not code as an event."""

    event_type: str | None = None
    mode: str | None = None
    context: str | None = None
    also: tuple[str, ...] = ()


class TypeMapping(_Frozen):
    """How one tocsin event type reads in ACLED, PLOVER and CAMEO (root code, 2 digits)."""

    code: str
    acled: AcledMapping = Field(default_factory=AcledMapping)
    plover: PloverMapping = Field(default_factory=PloverMapping)
    cameo: str | None = Field(None, pattern=r"^\d{2}$")
    note: str | None = None

    @field_validator("acled", "plover", mode="before")
    @classmethod
    def _null_is_empty(cls, value: Any) -> Any:
        # `acled: null` in the file reads better than an object of nulls; both mean "no counterpart".
        return {} if value is None else value


class Vocabularies(_Frozen):
    """The names a mapping may use: ACLED (sub-)event types, PLOVER types, modes and contexts, CAMEO roots."""

    acled: dict[str, tuple[str, ...]]
    plover_event_types: tuple[str, ...]
    plover_modes: dict[str, tuple[str, ...]]
    plover_contexts: tuple[str, ...]
    cameo_roots: dict[str, str]


class _Table(_Frozen):
    version: int
    types: dict[str, TypeMapping]
    vocabularies: Vocabularies

    @model_validator(mode="before")
    @classmethod
    def _codes_from_keys(cls, data: Any) -> Any:
        if isinstance(data, Mapping) and isinstance(data.get("types"), Mapping):
            types = {code: {**(entry or {}), "code": code} for code, entry in data["types"].items()}
            return {**data, "types": types}
        return data

    @model_validator(mode="after")
    def _names_known(self) -> _Table:
        problems: list[str] = []
        missing = [code for code in EVENT_TYPES if code not in self.types]
        unknown = [code for code in self.types if code not in EVENT_TYPES]
        if missing:
            problems.append(f"event types not mapped: {', '.join(missing)}")
        if unknown:
            problems.append(f"not tocsin event types: {', '.join(unknown)}")
        vocab = self.vocabularies
        for code, entry in self.types.items():
            problems.extend(f"{code}: {p}" for p in _check(entry, vocab))
        if problems:
            raise ValueError("; ".join(problems))
        return self


def _check(entry: TypeMapping, vocab: Vocabularies) -> list[str]:
    problems: list[str] = []
    acled = entry.acled
    if acled.event_type is None:
        if acled.sub_event_type or acled.also:
            problems.append("ACLED sub-event types without an ACLED event type")
    elif acled.event_type not in vocab.acled:
        problems.append(f"unknown ACLED event type {acled.event_type!r}")
    else:
        subs = vocab.acled[acled.event_type]
        for sub in (acled.sub_event_type, *acled.also):
            if sub is not None and sub not in subs:
                problems.append(f"{sub!r} is not an ACLED sub-event type of {acled.event_type!r}")
    plover = entry.plover
    for name in (plover.event_type, *plover.also):
        if name is not None and name not in vocab.plover_event_types:
            problems.append(f"unknown PLOVER event type {name!r}")
    if plover.mode is not None and plover.mode not in vocab.plover_modes.get(plover.event_type or "", ()):
        problems.append(f"{plover.mode!r} is not a PLOVER mode of {plover.event_type!r}")
    if plover.context is not None and plover.context not in vocab.plover_contexts:
        problems.append(f"unknown PLOVER context {plover.context!r}")
    if plover.event_type is None and plover.also:
        problems.append("PLOVER alternatives without a PLOVER event type")
    if entry.cameo is not None and entry.cameo not in vocab.cameo_roots:
        problems.append(f"{entry.cameo!r} is not a CAMEO root code")
    return problems


@cache
def _table() -> _Table:
    source = resources.files(__package__).joinpath(TABLE_FILE)
    try:
        data = yaml.safe_load(source.read_text(encoding="utf-8"))
        return _Table.model_validate(data)
    except (OSError, yaml.YAMLError, ValidationError) as err:
        raise TocsinError(
            f"the event type mapping table tocsin/maps/{TABLE_FILE} is missing or invalid "
            f"(reinstall tocsin, or fix the file if you edited it): {err}"
        ) from err


def mapping(type_code: str) -> TypeMapping:
    """The ACLED / PLOVER / CAMEO mapping of a tocsin event type code (e.g. "ARREST")."""
    try:
        return _table().types[type_code]
    except KeyError:
        raise KeyError(f"unknown event type {type_code!r}; event types: {', '.join(EVENT_TYPES)}") from None


def all_mappings() -> dict[str, TypeMapping]:
    """Every event type's mapping, in the order of `tocsin.model.EVENT_TYPES`."""
    table = _table().types
    return {code: table[code] for code in EVENT_TYPES}


def vocabularies() -> Vocabularies:
    """The ACLED, PLOVER and CAMEO names the table is checked against."""
    return _table().vocabularies
