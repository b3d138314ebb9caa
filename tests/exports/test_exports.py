"""Exports (ACLED-style CSV, GeoJSON, Parquet, JSONL) and the store commands (`events`, `export`, `ingest`)."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from tocsin.cli import main
from tocsin.exports import ACLED_COLUMNS, export
from tocsin.maps import mapping
from tocsin.model import Article, DateRange
from tocsin.store import ArticleMeta, EventFilter, Store
from tocsin.store.testing import script_article, script_result

LYON = "Lyon/FR/45.75/4.85/2996944"
ALMATY = "Almaty/KZ/43.25/76.91/1526384"


def add(store: Store, article_id: str, line: str, source: str) -> None:
    text = script_article([line], title=f"Titre {article_id}")
    article = Article(id=article_id, text=text, title=f"Titre {article_id}", published=DateRange.day(date(2024, 3, 8)),
                      source=source, url=f"https://news.example/{article_id}")
    store.add_article(article_id, script_result(article), ArticleMeta())


@pytest.fixture
def filled(store: Store) -> Store:
    add(store, "a1", f"ATTACK 2024-03-07 {LYON} agent=gang:armed_group victim=passants:civilians killed=5", "AFP")
    add(store, "a2", f"ATTACK 2024-03-07 {LYON} agent=gang:armed_group killed=7", "Le Progrès")
    add(store, "a3", f"PROTEST 2022-01-05 {ALMATY} agent=manifestants:protesters participants=2000", "TASS")
    add(store, "a4", "CONDEMN 2024-03-08 -", "AFP")
    return store


def test_export_acled_csv_uses_acled_names(filled: Store) -> None:
    out = io.StringIO()
    n = export(filled, "acled", out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert n == len(rows) == 2  # CONDEMN has no ACLED counterpart
    assert tuple(rows[0]) == ACLED_COLUMNS
    attack = next(r for r in rows if r["event_type"] == mapping("ATTACK").acled.event_type)
    assert attack["sub_event_type"] == "Attack" and attack["disorder_type"] == "Political violence"
    assert attack["fatalities"] == "5"  # the lowest figure reported
    assert attack["country"] == "France" and attack["iso"] == "250" and attack["event_id_cnty"].startswith("FRA-")
    assert attack["inter1"] == "Political militia" and attack["inter2"] == "Civilians"
    assert attack["civilian_targeting"] == "Civilian targeting"
    assert attack["source"] == "AFP; Le Progrès" and attack["geo_precision"] == "1" and attack["time_precision"] == "1"
    protest = next(r for r in rows if r["event_type"] == "Protests")
    assert protest["tags"] == "crowd size=2000" and protest["actor1"] == "Protesters (Kazakhstan)"
    everything = io.StringIO()
    assert export(filled, "acled", everything, include_unmapped=True) == 3


def test_export_geojson(filled: Store) -> None:
    out = io.StringIO()
    assert export(filled, "geojson", out, EventFilter(countries=("FR",))) == 1
    data = json.loads(out.getvalue())
    (feature,) = data["features"]
    assert data["type"] == "FeatureCollection" and feature["geometry"] == {"type": "Point",
                                                                           "coordinates": [4.85, 45.75]}
    assert feature["properties"]["killed"] == 5 and feature["properties"]["killed_max"] == 7
    assert feature["properties"]["n_articles"] == 2


def test_export_geojson_without_coordinates_has_null_geometry(filled: Store) -> None:
    out = io.StringIO()
    export(filled, "geojson", out, EventFilter(types=("CONDEMN",)))
    assert json.loads(out.getvalue())["features"][0]["geometry"] is None


def test_export_parquet(filled: Store, tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    path = tmp_path / "events.parquet"
    assert export(filled, "parquet", path) == 3
    table = pq.read_table(path)
    rows = {r["type"]: r for r in table.to_pylist()}
    assert rows["ATTACK"]["killed"] == 5 and rows["ATTACK"]["killed_max"] == 7
    assert rows["ATTACK"]["articles"] == ["a1", "a2"] and rows["PROTEST"]["country"] == "KZ"
    assert rows["ATTACK"]["date_start"] == date(2024, 3, 7)


def test_export_jsonl_events_follow_the_contract(filled: Store) -> None:
    out = io.StringIO()
    export(filled, "jsonl", out)
    events = [json.loads(line) for line in out.getvalue().splitlines()]
    contract = {"id", "type", "modality", "actors", "location", "date", "counts", "sources", "mentions"}
    assert all(contract <= set(e) for e in events)
    attack = next(e for e in events if e["type"] == "ATTACK")
    assert [m["article"] for m in attack["mentions"]] == ["a1", "a2"]
    assert [f["value"] for f in attack["counts"]["killed"]["reports"]] == [5, 7]


def test_export_articles_are_contract_lines(filled: Store) -> None:
    out = io.StringIO()
    assert export(filled, "articles", out) == 4
    line = json.loads(out.getvalue().splitlines()[0])
    assert {"id", "lang", "title", "text", "published", "events", "error"} <= set(line)
    start, end = line["events"][0]["mentions"][0]["start"], line["events"][0]["mentions"][0]["end"]
    assert line["text"][start:end].startswith("EVENT")


def test_cli_events_formats(filled: Store) -> None:
    runner = CliRunner()
    table = runner.invoke(main, ["events", "--db", filled.url, "--country", "FR", "--type", "ATTACK"])
    assert table.exit_code == 0, table.output
    assert "ATTACK" in table.output and "(1–1 of 1 events)" in table.output
    as_json = runner.invoke(main, ["events", "--db", filled.url, "--format", "json", "--actor", "gang"])
    (event,) = json.loads(as_json.output)
    assert event["n_articles"] == 2 and len(event["sources"]) == 0 and len(event["mentions"]) == 2
    as_csv = runner.invoke(main, ["events", "--db", filled.url, "--format", "csv", "--since", "2024-01-01"])
    assert as_csv.exit_code == 0 and len(list(csv.reader(io.StringIO(as_csv.output)))) == 3
    shown = runner.invoke(main, ["events", "--db", filled.url, "--id", event["id"]])
    assert "killed: 5 (range 5–7)" in shown.output and "same day 2024-03-07" in shown.output
    missing = runner.invoke(main, ["events", "--db", filled.url, "--id", "nope"])
    assert missing.exit_code != 0 and "no event" in missing.output


def test_cli_export_writes_a_file(filled: Store, tmp_path: Path) -> None:
    out = tmp_path / "acled.csv"
    result = CliRunner().invoke(main, ["export", "--db", filled.url, "--format", "acled", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith("event_id_cnty,event_date")
    parquet = CliRunner().invoke(main, ["export", "--db", filled.url, "--format", "parquet"])
    assert parquet.exit_code != 0 and "-o" in parquet.output


def test_cli_ingest_then_info(store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(script_article([f"FIRE 2024-03-07 {LYON}"]), encoding="utf-8")
    runner = CliRunner()
    args = ["ingest", str(folder), "--db", store.url, "--no-progress",
            "--runner", "tocsin.store.testing:ScriptedRunner"]
    first = runner.invoke(main, args)
    assert first.exit_code == 0, first.output
    assert "1 stored" in first.output and "1 event report: 1 new event," in first.output
    again = runner.invoke(main, args)
    assert "0 stored, 1 already in the store" in again.output
    info = runner.invoke(main, ["db", "info", "--db", store.url])
    assert json.loads(info.output)["totals"]["events"] == 1
