"""The output contract as a JSON Schema (draft 2020-12), built from the domain types so that it cannot drift.

Every enumeration is read from `tocsin.model` (its Literal types, `EVENT_TYPES`, `COUNT_KEYS`,
`WEEKDAYS`) and the error codes from `tocsin.errors`; objects allow additional properties,
because the contract lets fields be added but never renamed. See docs/contract.md.
"""

from __future__ import annotations

from typing import Any, get_args

from . import errors
from .mentions.times import Part
from .model import (
    CONTRACT_VERSION,
    COUNT_KEYS,
    EVENT_TYPES,
    WEEKDAYS,
    ActorKind,
    DatePrecision,
    Modality,
    PlacePrecision,
    Qualifier,
    QuantityKind,
    Role,
)

__all__ = ["DIALECT", "INTERNAL_ERROR", "contract_schema", "error_codes"]

DIALECT = "https://json-schema.org/draft/2020-12/schema"
# Written by the pipeline itself, not by an exception class: an unexpected failure (a bug) on one article.
INTERNAL_ERROR = "internal_error"

Schema = dict[str, Any]


def error_codes() -> tuple[str, ...]:
    """Every code an output line's `error` may carry, sorted: those of tocsin.errors' classes, and internal_error."""
    abstract = {errors.TocsinError, errors.ArticleError}
    # Read from the module, not from __subclasses__(), so the answer does not depend on what was imported.
    classes = [c for c in vars(errors).values() if isinstance(c, type) and issubclass(c, errors.TocsinError)]
    return tuple(sorted({INTERNAL_ERROR} | {c.code for c in classes if c not in abstract}))


def _enum(values: tuple[Any, ...]) -> Schema:
    return {"type": "string", "enum": list(values)}


def _nullable(schema: Schema) -> Schema:
    return {"anyOf": [schema, {"type": "null"}]}


def _ref(name: str) -> Schema:
    return {"$ref": f"#/$defs/{name}"}


def _object(properties: dict[str, Schema], required: list[str], description: str) -> Schema:
    # additionalProperties stays open: the contract lets tocsin add fields to any object.
    return {"type": "object", "description": description, "properties": properties, "required": required}


def _defs() -> dict[str, Schema]:
    offset = {"type": "integer", "minimum": 0}
    opt_offset = _nullable(offset)
    iso_date = {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
    country = _nullable({"type": "string", "pattern": "^[A-Z]{2}$"})
    lat = _nullable({"type": "number", "minimum": -90, "maximum": 90})
    lon = _nullable({"type": "number", "minimum": -180, "maximum": 180})
    geonames_id = _nullable({"type": "integer", "minimum": 1})
    number = {"type": "number"}
    weekday = _enum(WEEKDAYS)
    qualifier = _enum(get_args(Qualifier))
    return {
        "span": _object(
            {"start": offset, "end": offset, "text": {"type": "string"}},
            ["start", "end", "text"],
            "A stretch of `text`: text[start:end] in Python string indices, end exclusive.",
        ),
        "date_range": _object(
            {"start": iso_date, "end": iso_date, "precision": _enum(get_args(DatePrecision)),
             "weekday": _nullable(weekday)},
            ["start", "end", "precision"],
            "Inclusive interval of days; weekday names a day the interval cannot pin down.",
        ),
        "actor": _object(
            {"role": _enum(get_args(Role)), "text": {"type": "string"}, "name": {"type": "string"},
             "kind": _enum(get_args(ActorKind)), "country": country, "start": opt_offset, "end": opt_offset},
            ["role", "text", "name", "kind", "country"],
            "Who takes part in the event, in which role.",
        ),
        "location": _object(
            {"name": {"type": "string"}, "country": country, "lat": lat, "lon": lon, "geonames_id": geonames_id,
             "precision": _enum(get_args(PlacePrecision))},
            ["name", "country", "lat", "lon", "geonames_id", "precision"],
            "Where the event happened.",
        ),
        "count": _object(
            {"value": number, "min": _nullable(number), "max": _nullable(number), "qualifier": qualifier,
             "text": {"type": "string"}, "start": opt_offset, "end": opt_offset},
            ["value", "min", "max", "qualifier", "text"],
            "How many people: value is the conservative figure, min and max its bounds (null: unbounded).",
        ),
        "source": _object(
            {"name": {"type": "string"}, "via": {"type": "array", "items": {"type": "string"}},
             "start": opt_offset, "end": opt_offset},
            ["name", "via"],
            "Who reported the fact, and through whom (via, nearest first).",
        ),
        "event": _object(
            {
                "id": {"type": "string", "minLength": 1},
                "type": _enum(EVENT_TYPES),
                "modality": _enum(get_args(Modality)),
                "actors": {"type": "array", "items": _ref("actor")},
                "location": _nullable(_ref("location")),
                "date": _nullable(_ref("date_range")),
                "counts": {"type": "object", "propertyNames": _enum(COUNT_KEYS),
                           "additionalProperties": _ref("count")},
                "sources": {"type": "array", "items": _ref("source")},
                "mentions": {"type": "array", "items": _ref("span"), "minItems": 1},
                "trigger": _nullable(_ref("span")),
            },
            ["id", "type", "modality", "actors", "location", "date", "counts", "sources", "mentions"],
            "One real event, with every place in the text that reports it.",
        ),
        "place": _object(
            {"start": offset, "end": offset, "text": {"type": "string"}, "name": {"type": "string"},
             "country": country, "lat": lat, "lon": lon, "geonames_id": geonames_id,
             "feature": _nullable(_enum(get_args(PlacePrecision))), "score": _nullable(number)},
            ["start", "end", "text", "name", "country", "lat", "lon", "geonames_id", "feature"],
            "A place named in the text and what it resolved to (null coordinates: unresolved).",
        ),
        "time": _object(
            {"start": offset, "end": offset, "text": {"type": "string"}, "start_date": _nullable(iso_date),
             "end_date": _nullable(iso_date), "precision": _nullable(_enum(get_args(DatePrecision))),
             "weekday": _nullable(weekday), "part_of_day": _nullable(_enum(get_args(Part)))},
            ["start", "end", "text", "start_date", "end_date", "precision", "weekday"],
            "A time expression resolved against the publication date (null dates: unresolvable).",
        ),
        "quantity": _object(
            {"start": offset, "end": offset, "text": {"type": "string"}, "value": number, "min": _nullable(number),
             "max": _nullable(number), "qualifier": qualifier, "kind": _enum(get_args(QuantityKind)),
             "unit": _nullable({"type": "string", "minLength": 1})},
            ["start", "end", "text", "value", "min", "max", "qualifier", "kind", "unit"],
            "A number in the text with its bounds, what it measures (kind) and its unit key.",
        ),
        "error": _object(
            {"code": _enum(error_codes()), "message": {"type": "string", "minLength": 1}},
            ["code", "message"],
            "Why the article could not be processed, and what to do.",
        ),
    }


def contract_schema() -> Schema:
    """The JSON Schema (draft 2020-12) of one output line of contract version CONTRACT_VERSION."""
    text = {"type": "string"}
    return {
        "$schema": DIALECT,
        "title": f"tocsin output line, contract version {CONTRACT_VERSION}",
        "description": "One article's events and mentions; fields may be added, none renamed. See docs/contract.md.",
        "type": "object",
        "properties": {
            "id": {"type": "string", "minLength": 1},
            "lang": _nullable({"type": "string", "pattern": "^[a-z]{2,3}$"}),
            "title": _nullable(text),
            "text": text,
            "published": _nullable(_ref("date_range")),
            "events": {"type": "array", "items": _ref("event")},
            "places": {"type": "array", "items": _ref("place")},
            "times": {"type": "array", "items": _ref("time")},
            "quantities": {"type": "array", "items": _ref("quantity")},
            "error": _nullable(_ref("error")),
            "url": _nullable(text),
            "source": _nullable(text),
            "contract": {"const": CONTRACT_VERSION},
        },
        "required": ["id", "lang", "title", "text", "published", "events", "places", "times", "quantities", "error"],
        # A line that carries an error carries no events.
        "if": {"properties": {"error": {"type": "object"}}, "required": ["error"]},
        "then": {"properties": {"events": {"maxItems": 0}}},
        "$defs": _defs(),
    }
