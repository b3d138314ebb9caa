"""The contract's JSON Schema: real output lines validate, broken ones do not, and it matches the model."""

from __future__ import annotations

import copy
import importlib
import json
import pkgutil
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, get_args

import jsonschema  # type: ignore[import-untyped]  # jsonschema ships no type information
import pytest
from click.testing import CliRunner

import tocsin
from tocsin.cli import main
from tocsin.errors import ArticleError, TocsinError
from tocsin.mentions.times import Part
from tocsin.model import (
    CONTRACT_VERSION,
    COUNT_KEYS,
    EVENT_TYPES,
    WEEKDAYS,
    ActorKind,
    Article,
    DatePrecision,
    Modality,
    PlacePrecision,
    Qualifier,
    QuantityKind,
    Role,
)
from tocsin.pipeline import Extractor
from tocsin.readers import read_inputs
from tocsin.schema import contract_schema, error_codes

SAMPLES = Path(tocsin.__file__).parent / "samples"
DOC = Path(__file__).resolve().parents[1] / "docs" / "contract.md"

Line = dict[str, Any]


def written(result: tocsin.ArticleResult) -> Line:
    """A result as it is written: through JSON, as `tocsin extract` does."""
    return dict(json.loads(json.dumps(result.to_dict(), ensure_ascii=False)))


@pytest.fixture(scope="module")
def validator() -> Any:
    schema = contract_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


@pytest.fixture(scope="module")
def sample_lines() -> list[Line]:
    lines = [written(r) for r in tocsin.extract_many(read_inputs([SAMPLES]))]
    assert len(lines) == len([p for p in SAMPLES.iterdir() if not p.name.startswith(".")])
    assert all(line["error"] is None and line["events"] for line in lines)
    return lines


def problems(validator: Any, line: Line) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(line)]


@pytest.mark.slow
def test_schema_accepts_every_sample_output(validator: Any, sample_lines: list[Line]) -> None:
    for line in sample_lines:
        assert problems(validator, line) == [], line["id"]


@pytest.mark.slow
def test_schema_sample_outputs_carry_tocsin_extra_fields(sample_lines: list[Line]) -> None:
    for line in sample_lines:
        assert line["contract"] == CONTRACT_VERSION
        assert {"url", "source"} <= line.keys()
        for event in line["events"]:
            assert "trigger" in event
            assert all({"start", "end"} <= a.keys() for a in event["actors"])
            assert all({"start", "end"} <= s.keys() for s in event["sources"])
            assert all({"start", "end"} <= c.keys() for c in event["counts"].values())
        assert all("score" in p for p in line["places"])
        assert all("part_of_day" in t for t in line["times"])


# One input of each kind a reader rejects: each still gets a line, which must validate.
REJECTED: dict[str, tuple[str, bytes]] = {
    "empty": ("empty.txt", b"   \n"),
    "bad_header": ("bad.txt", b"date 2022-13 Titre . Corps du texte."),
    "binary": ("scan.txt", b"%PDF\x00\x01\x02\x03\x00\x00" * 50),
    "bad_record": ("records.jsonl", b'{"id": "r1", "text": 42}\n'),
}


@pytest.mark.parametrize("code", sorted(REJECTED))
def test_schema_accepts_rejected_article_line(validator: Any, tmp_path: Path, code: str) -> None:
    name, data = REJECTED[code]
    (tmp_path / name).write_bytes(data)
    (result,) = tocsin.extract_many(read_inputs([tmp_path / name]))
    line = written(result)
    assert line["error"]["code"] == code
    assert line["events"] == []
    assert problems(validator, line) == []


def test_schema_accepts_unsupported_language_line(validator: Any) -> None:
    (result,) = tocsin.extract_many([Article(id="de1", text="Die Polizei nahm 300 Menschen fest.", lang="de")])
    line = written(result)
    assert line["error"]["code"] == "unsupported_language"
    assert line["text"] == "Die Polizei nahm 300 Menschen fest."
    assert problems(validator, line) == []


@pytest.mark.slow
def test_schema_accepts_internal_error_line(validator: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(self: Extractor, *args: Any) -> Any:
        raise RuntimeError("scripted failure")

    monkeypatch.setattr(Extractor, "analyse", broken)
    (result,) = tocsin.extract_many([Article(id="x", text="La police a arrêté 300 personnes.", lang="fr")])
    line = written(result)
    assert line["error"]["code"] == "internal_error"
    assert problems(validator, line) == []


def _defs() -> dict[str, Any]:
    return dict(contract_schema()["$defs"])


def _enum_at(*path: str) -> list[Any]:
    node: Any = _defs()
    for key in path:
        node = node[key]
    if "anyOf" in node:
        node = node["anyOf"][0]
    return list(node["enum"])


ENUMS: dict[str, tuple[tuple[str, ...], tuple[Any, ...]]] = {
    "event.type": (("event", "properties", "type"), EVENT_TYPES),
    "event.modality": (("event", "properties", "modality"), get_args(Modality)),
    "event.counts.keys": (("event", "properties", "counts", "propertyNames"), COUNT_KEYS),
    "actor.role": (("actor", "properties", "role"), get_args(Role)),
    "actor.kind": (("actor", "properties", "kind"), get_args(ActorKind)),
    "location.precision": (("location", "properties", "precision"), get_args(PlacePrecision)),
    "place.feature": (("place", "properties", "feature"), get_args(PlacePrecision)),
    "date_range.precision": (("date_range", "properties", "precision"), get_args(DatePrecision)),
    "date_range.weekday": (("date_range", "properties", "weekday"), WEEKDAYS),
    "time.precision": (("time", "properties", "precision"), get_args(DatePrecision)),
    "time.weekday": (("time", "properties", "weekday"), WEEKDAYS),
    "time.part_of_day": (("time", "properties", "part_of_day"), get_args(Part)),
    "count.qualifier": (("count", "properties", "qualifier"), get_args(Qualifier)),
    "quantity.qualifier": (("quantity", "properties", "qualifier"), get_args(Qualifier)),
    "quantity.kind": (("quantity", "properties", "kind"), get_args(QuantityKind)),
}


@pytest.mark.parametrize("where", sorted(ENUMS))
def test_schema_enum_equals_model(where: str) -> None:
    path, values = ENUMS[where]
    assert _enum_at(*path) == list(values)


def test_schema_error_codes_cover_every_article_error() -> None:
    codes = set(error_codes())
    listed = {"empty", "binary", "too_large", "encoding", "bad_header", "bad_record", "unreadable",
              "unsupported_language", "internal_error"}
    assert listed <= codes
    assert codes == set(_enum_at("error", "properties", "code"))


def test_schema_error_codes_cover_error_classes_outside_errors_module() -> None:
    # Importing every module registers every TocsinError subclass, wherever it is defined.
    for info in pkgutil.walk_packages(tocsin.__path__, "tocsin."):
        if ".migrations" in info.name:  # alembic scripts run when imported
            continue
        try:
            importlib.import_module(info.name)
        except ModuleNotFoundError as err:  # a module of an optional extra that is not installed
            if (err.name or "").startswith("tocsin"):
                raise
    pending: list[type[TocsinError]] = [TocsinError]
    classes: list[type[TocsinError]] = []
    while pending:
        cls = pending.pop()
        classes.append(cls)
        pending.extend(cls.__subclasses__())
    unknown = {f"{c.__module__}.{c.__name__}: {c.code}" for c in classes
               if c.code not in error_codes() and c not in (TocsinError, ArticleError)}
    assert unknown == set()


def _base_line() -> Line:
    span = {"start": 0, "end": 6, "text": "Police"}
    event = {"id": "e1", "type": "ARREST", "modality": "asserted", "actors": [], "location": None, "date": None,
             "counts": {"arrested": {"value": 3, "min": 3, "max": 3, "qualifier": "exact", "text": "3"}},
             "sources": [{"name": "AFP", "via": []}], "mentions": [span]}
    return {"id": "a1", "lang": "fr", "title": None, "text": "Police : 3 arrestations", "published": None,
            "events": [event], "places": [], "times": [], "quantities": [], "error": None}


def _without(key: str) -> Callable[[Line], None]:
    return lambda line: line.pop(key)


def _event(key: str, value: Any) -> Callable[[Line], None]:
    return lambda line: line["events"][0].__setitem__(key, value)


BROKEN: dict[str, Callable[[Line], None]] = {
    "no events": _without("events"),
    "no text": _without("text"),
    "no error key": _without("error"),
    "events not a list": lambda line: line.__setitem__("events", {}),
    "unknown event type": _event("type", "PICNIC"),
    "unknown modality": _event("modality", "rumoured"),
    "no mentions": _event("mentions", []),
    "unknown count key": _event("counts", {"eaten": {"value": 1, "min": 1, "max": 1, "qualifier": "exact",
                                                       "text": "1"}}),
    "count value as text": _event("counts", {"killed": {"value": "12", "min": None, "max": None,
                                                         "qualifier": "exact", "text": "12"}}),
    "negative offset": _event("mentions", [{"start": -1, "end": 6, "text": "Police"}]),
    "via not a list": _event("sources", [{"name": "AFP", "via": "TASS"}]),
    "lowercase country": _event("location", {"name": "Almaty", "country": "kz", "lat": 43.25, "lon": 76.91,
                                             "geonames_id": 1526384, "precision": "city"}),
    "date not ISO": _event("date", {"start": "06/01/2022", "end": "06/01/2022", "precision": "day"}),
    "error with events": lambda line: line.__setitem__("error", {"code": "empty", "message": "…"}),
    "unknown error code": lambda line: line.update(events=[], error={"code": "oops", "message": "…"}),
    "wrong contract version": lambda line: line.__setitem__("contract", CONTRACT_VERSION + 1),
}


def test_schema_accepts_the_base_line_and_added_fields(validator: Any) -> None:
    line = _base_line()
    assert problems(validator, line) == []
    line["sentiment"] = 0.2
    line["events"][0]["confidence"] = 0.9
    assert problems(validator, line) == []


@pytest.mark.parametrize("breakage", sorted(BROKEN))
def test_schema_rejects_broken_line(validator: Any, breakage: str) -> None:
    line = copy.deepcopy(_base_line())
    BROKEN[breakage](line)
    assert problems(validator, line) != []


def spans(line: Line) -> Iterator[tuple[str, int, int, str]]:
    """Every (where, start, end, expected text) a line points at."""
    for event in line["events"]:
        eid = event["id"]
        for m in event["mentions"]:
            yield f"{eid} mention", m["start"], m["end"], m["text"]
        if event.get("trigger"):
            t = event["trigger"]
            yield f"{eid} trigger", t["start"], t["end"], t["text"]
        for a in event["actors"]:
            if a.get("start") is not None:
                yield f"{eid} actor", a["start"], a["end"], a["text"]
        for key, c in event["counts"].items():
            if c.get("start") is not None:
                yield f"{eid} count {key}", c["start"], c["end"], c["text"]
        for s in event["sources"]:
            if s.get("start") is not None:
                yield f"{eid} source", s["start"], s["end"], s["name"]
    for kind in ("places", "times", "quantities"):
        for m in line[kind]:
            yield kind, m["start"], m["end"], m["text"]


@pytest.mark.slow
def test_schema_sample_offsets_point_at_their_text(sample_lines: list[Line]) -> None:
    for line in sample_lines:
        text = line["text"]
        found = list(spans(line))
        assert found, line["id"]
        for where, start, end, expected in found:
            assert 0 <= start <= end <= len(text), (line["id"], where)
            assert text[start:end] == expected, (line["id"], where)


@pytest.mark.slow
def test_schema_sample_bounds_are_consistent(sample_lines: list[Line]) -> None:
    for line in sample_lines:
        figures = [*line["quantities"], *(c for e in line["events"] for c in e["counts"].values())]
        for f in figures:
            assert f["min"] is None or f["min"] <= f["value"], (line["id"], f)
            assert f["max"] is None or f["value"] <= f["max"], (line["id"], f)
        ranges = [line["published"], *(e["date"] for e in line["events"])]
        ranges += [{"start": t["start_date"], "end": t["end_date"]} for t in line["times"] if t["start_date"]]
        for r in filter(None, ranges):
            assert r["start"] <= r["end"], (line["id"], r)


def test_schema_command_prints_the_schema() -> None:
    result = CliRunner().invoke(main, ["schema"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == contract_schema()


def _documented() -> set[str]:
    return set(re.findall(r"`([a-z_]+)`", DOC.read_text(encoding="utf-8")))


def test_schema_every_error_code_is_documented() -> None:
    assert set(error_codes()) - _documented() == set()


def test_schema_every_field_is_documented() -> None:
    schema = contract_schema()
    fields = set(schema["properties"])
    for definition in schema["$defs"].values():
        fields |= set(definition["properties"])
    assert fields - _documented() == set()
