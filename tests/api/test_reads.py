"""The read routes as an analyst uses them: the same filters everywhere, unknown parameters refused, exports of
every matching event, the map's places, HEAD, and the Host allow-list."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tocsin.exports import ACLED_COLUMNS, acled_row
from tocsin.store import EventFilter, Store

READ_ROUTES = ["/api/events", "/api/stats", "/api/places", "/api/events.csv", "/api/events.geojson"]
VIEWS = [
    pytest.param({}, id="everything"),
    pytest.param({"type": ["RIOT", "ATTACK"]}, id="two-types"),
    pytest.param({"country": "KZ"}, id="country"),
    pytest.param({"actor_kind": "state_forces"}, id="actor-kind"),
    pytest.param({"modality": ["claimed", "planned"]}, id="modalities"),
    pytest.param({"min_killed": 1}, id="min-killed"),
    pytest.param({"bbox": "60,35,90,55", "type": "RIOT"}, id="bbox-and-type"),
    pytest.param({"since": "2022-01-01", "until": "2022-12-31", "text": "Almaty"}, id="dates-and-text"),
]


def listed(client: TestClient, **params: Any) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    offset: int | None = 0
    while offset is not None:
        page = client.get("/api/events", params={**params, "limit": 500, "offset": offset}).json()
        out += page["items"]
        offset = page["next_offset"]
    return out


@pytest.mark.parametrize("path", [*READ_ROUTES, "/api/health", "/api/articles/x", "/api/events/x"])
def test_api_unknown_query_parameter_is_422_naming_it(client: TestClient, path: str) -> None:
    response = client.get(path, params={"killed": "10", "type_": "X"})
    assert response.status_code == 422
    problems = response.json()["detail"]
    assert {tuple(p["loc"]) for p in problems} == {("query", "killed"), ("query", "type_")}
    assert "unknown query parameter 'killed'" in problems[0]["msg"]


@pytest.mark.parametrize("path", READ_ROUTES)
def test_api_every_read_route_takes_the_same_filters(client: TestClient, path: str) -> None:
    params = {"type": ["RIOT", "ATTACK"], "country": "KZ", "since": "2000-01-01", "until": "2030-01-01",
              "actor": "p", "actor_kind": "protesters", "modality": "asserted", "min_killed": 0, "text": "a",
              "min_articles": 1, "bbox": "-180,-90,180,90"}
    assert client.get(path, params=params).status_code == 200


@pytest.mark.parametrize(("params", "where"), [
    pytest.param({"actor_kind": "state_forces"}, EventFilter(actor_kinds=("state_forces",)), id="actor-kind"),
    pytest.param({"modality": "planned"}, EventFilter(modalities=("planned",)), id="modality"),
    pytest.param({"min_killed": 20}, EventFilter(min_killed=20), id="min-killed"),
    pytest.param({"type": ["RIOT", "ARREST"], "country": "KZ"},
                 EventFilter(types=("RIOT", "ARREST"), countries=("KZ",)), id="types-any-of"),
])
def test_api_new_filters_match_the_store(client: TestClient, store: Store, params: dict[str, Any],
                                         where: EventFilter) -> None:
    expected = store.list_events(where, limit=500)
    assert expected.total > 0, "the filter should keep some sample events"
    assert sorted(e["id"] for e in listed(client, **params)) == sorted(e.id for e in expected.items)
    if "type" in params:
        assert {e["type"] for e in listed(client, **params)} == set(params["type"])


def test_api_type_repeated_keeps_any_of_them(client: TestClient) -> None:
    riots, arrests = len(listed(client, type="RIOT")), len(listed(client, type="ARREST"))
    assert len(listed(client, type=["RIOT", "ARREST"])) == riots + arrests > max(riots, arrests)


def test_api_sort_by_fatalities(client: TestClient) -> None:
    events = listed(client, sort="-killed")
    figures = [e["counts"]["killed"]["value"] for e in events if "killed" in e["counts"]]
    assert figures and figures == sorted(figures, reverse=True)
    assert all("killed" in e["counts"] for e in events[:len(figures)])  # events without a toll come last


def test_api_listing_equals_the_merged_events(client: TestClient, store: Store) -> None:
    for item in client.get("/api/events", params={"limit": 500}).json()["items"]:
        event = store.get_event(item["id"])
        assert event is not None
        full = event.to_dict()
        full.pop("reports")
        assert item == full


@pytest.mark.parametrize("params", VIEWS)
def test_api_csv_export_holds_every_matching_event(client: TestClient, store: Store, params: dict[str, Any]) -> None:
    response = client.get("/api/events.csv", params=params)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert tuple(csv.reader(io.StringIO(response.text)).__next__()) == ACLED_COLUMNS
    events = listed(client, **params)
    assert sorted(r["event_id_cnty"].split("-", 1)[1] for r in rows) == sorted(e["id"] for e in events)
    for row in rows[:5]:  # the row `tocsin export --format acled --all-types` writes for that event
        event = store.get_event(row["event_id_cnty"].split("-", 1)[1])
        assert event is not None and row == acled_row(event, include_unmapped=True)


@pytest.mark.parametrize("params", VIEWS)
def test_api_geojson_export_holds_every_matching_event(client: TestClient, params: dict[str, Any]) -> None:
    response = client.get("/api/events.geojson", params=params)
    assert response.status_code == 200 and response.headers["content-type"] == "application/geo+json"
    collection = response.json()
    assert collection["type"] == "FeatureCollection"
    events = {e["id"]: e for e in listed(client, **params)}
    assert sorted(f["id"] for f in collection["features"]) == sorted(events)
    for feature in collection["features"]:
        loc = events[feature["id"]]["location"]
        if loc and loc["lat"] is not None:
            assert feature["geometry"]["coordinates"] == [loc["lon"], loc["lat"]]
        else:
            assert feature["geometry"] is None


@pytest.mark.parametrize("params", VIEWS)
def test_api_places_cover_every_matching_event(client: TestClient, params: dict[str, Any]) -> None:
    answer = client.get("/api/places", params=params).json()
    events = listed(client, **params)
    located = [e for e in events if e["location"] and e["location"]["lat"] is not None]
    assert answer["total"] == len(events)
    assert answer["located"] == sum(p["n"] for p in answer["places"]) == len(located)
    assert answer["unlocated"] == len(events) - len(located)
    assert sum(sum(p["types"].values()) for p in answer["places"]) == len(located)
    killed = sum(e["counts"]["killed"]["value"] for e in located if "killed" in e["counts"])
    assert sum(p["killed"] for p in answer["places"]) == killed


def test_api_stats_totals_the_dead(client: TestClient) -> None:
    events = listed(client)
    stats = client.get("/api/stats").json()
    assert stats["killed"] == sum(e["counts"]["killed"]["value"] for e in events if "killed" in e["counts"]) > 0
    assert sum(b["killed"] for b in stats["by_type"]) == stats["killed"]
    month = [bar for bar in stats["timeline"] if bar["precision"] == "month"]
    assert month and all(bar["end"] > bar["day"] for bar in month)  # drawn as their span, not their first day


@pytest.mark.parametrize("path", ["/", "/api/events", "/api/stats", "/api/docs", "/api/events.csv",
                                  "/static/tocsin.css"])
def test_api_head_is_answered_like_get(client: TestClient, path: str) -> None:
    got, head = client.get(path), client.head(path)
    assert head.status_code == got.status_code == 200
    assert head.content == b""
    assert head.headers["content-type"] == got.headers["content-type"]


@pytest.mark.parametrize(("host", "allowed"), [
    ("localhost:8000", True), ("127.0.0.1", True), ("[::1]:8000", True), ("testserver", True),
    ("evil.example", False), ("localhost.evil.example", False), ("", False),
])
def test_api_answers_only_its_own_host(client: TestClient, host: str, allowed: bool) -> None:
    response = client.get("/api/events", headers={"host": host})
    assert (response.status_code == 200) is allowed
    if not allowed:
        assert response.status_code == 400 and "api.allowed_hosts" in response.json()["detail"]


def test_api_allowed_hosts_setting_adds_names(app_with: Any) -> None:
    proxied = app_with(allowed_hosts=["events.example.org", "*.analysts.example"])
    assert proxied.get("/api/health", headers={"host": "events.example.org"}).status_code == 200
    assert proxied.get("/api/health", headers={"host": "eu.analysts.example:443"}).status_code == 200
    assert proxied.get("/api/health", headers={"host": "example.org"}).status_code == 400
