"""The REST API over a real SQLite store of the bundled samples: every route, filters, paging, errors, limits."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tocsin.api.testing import HOSTILE, TOKEN
from tocsin.model import EVENT_TYPES
from tocsin.store import EventFilter, Store


def all_events(client: TestClient, **params: Any) -> list[dict[str, Any]]:
    """Every event the listing gives for these filters, page after page."""
    out: list[dict[str, Any]] = []
    offset: int | None = 0
    while offset is not None:
        page = client.get("/api/events", params={**params, "limit": 7, "offset": offset}).json()
        out += page["items"]
        offset = page["next_offset"]
    return out


def test_api_health_says_what_the_store_holds(client: TestClient, store: Store) -> None:
    body = client.get("/api/health").json()
    assert body["status"] == "ok"
    assert body["events"] == store.totals()["events"] > 10
    assert body["articles"] == 5
    assert body["ingest"] is False  # no token configured


def test_api_events_lists_every_event_newest_first(client: TestClient, store: Store) -> None:
    page = client.get("/api/events").json()
    assert page["total"] == store.totals()["events"]
    assert len(page["items"]) == min(50, page["total"])
    starts = [e["date"]["start"] for e in page["items"] if e["date"]]
    assert starts == sorted(starts, reverse=True)
    first = page["items"][0]
    assert {"id", "type", "modality", "actors", "location", "date", "counts", "sources", "mentions", "n_articles",
            "articles"} <= set(first)
    assert all(m["article"] for m in first["mentions"])


def test_api_events_pages_cover_every_event_once(client: TestClient, store: Store) -> None:
    ids = [e["id"] for e in all_events(client)]
    assert len(ids) == len(set(ids)) == store.totals()["events"]
    last = client.get("/api/events", params={"limit": 5, "offset": len(ids) - 2}).json()
    assert len(last["items"]) == 2 and last["next_offset"] is None


@pytest.mark.parametrize("sort", ["date", "-date", "id", "-articles", "-updated"])
def test_api_events_sort_matches_the_store(client: TestClient, store: Store, sort: str) -> None:
    api = [e["id"] for e in client.get("/api/events", params={"sort": sort, "limit": 500}).json()["items"]]
    assert api == [e.id for e in store.list_events(limit=500, sort=sort).items]  # type: ignore[arg-type]


FILTERS = [
    pytest.param({"type": "ARREST"}, EventFilter(types=("ARREST",)), id="type"),
    pytest.param({"type": ["RIOT", "ATTACK"]}, EventFilter(types=("RIOT", "ATTACK")), id="types"),
    pytest.param({"country": "kz"}, EventFilter(countries=("KZ",)), id="country"),
    pytest.param({"since": "2023-01-01"}, EventFilter(since=date(2023, 1, 1)), id="since"),
    pytest.param({"since": "2022-01-01", "until": "2022-12-31"},
                 EventFilter(since=date(2022, 1, 1), until=date(2022, 12, 31)), id="date-range"),
    pytest.param({"actor": "police"}, EventFilter(actor="police"), id="actor"),
    pytest.param({"text": "Almaty"}, EventFilter(text="Almaty"), id="text"),
    pytest.param({"country": "FR", "type": "ARREST"}, EventFilter(countries=("FR",), types=("ARREST",)),
                 id="country-and-type"),
]


@pytest.mark.parametrize(("params", "where"), FILTERS)
def test_api_events_filters_match_the_store(client: TestClient, store: Store, params: dict[str, Any],
                                            where: EventFilter) -> None:
    found = all_events(client, **params)
    expected = store.list_events(where, limit=500)
    assert expected.total > 0, "the filter should keep some sample events"
    assert sorted(e["id"] for e in found) == sorted(e.id for e in expected.items)
    assert client.get("/api/stats", params=params).json()["total"] == expected.total


def test_api_events_type_filter_keeps_only_that_type(client: TestClient) -> None:
    found = all_events(client, type="RIOT")
    assert found and {e["type"] for e in found} == {"RIOT"}


def test_api_events_bbox_keeps_events_inside(client: TestClient) -> None:
    almaty = all_events(client, bbox="76,43,78,44")
    assert almaty and all(76 <= e["location"]["lon"] <= 78 and 43 <= e["location"]["lat"] <= 44 for e in almaty)
    everything = all_events(client)
    located = [e for e in everything if e["location"] and e["location"]["lat"] is not None]
    assert len(all_events(client, bbox="-180,-90,180,90")) == len(located) < len(everything)
    # West beyond east crosses the antimeridian: from 170°E round to 10°E holds Europe, not Central Asia.
    across = all_events(client, bbox="170,-90,10,90")
    assert across and all(e["location"]["lon"] <= 10 for e in across)


def test_api_events_bbox_and_country_combine(client: TestClient) -> None:
    assert all_events(client, bbox="76,43,78,44", country="FR") == []


def test_api_events_bbox_with_south_above_north_holds_nothing(client: TestClient) -> None:
    assert client.get("/api/events", params={"bbox": "-180,50,180,40"}).json()["total"] == 0


@pytest.mark.parametrize("params", [
    pytest.param({"limit": 0}, id="limit-zero"),
    pytest.param({"limit": 501}, id="limit-too-large"),
    pytest.param({"offset": -1}, id="negative-offset"),
    pytest.param({"type": "PICNIC"}, id="unknown-type"),
    pytest.param({"country": "FRA"}, id="three-letter-country"),
    pytest.param({"since": "yesterday"}, id="bad-date"),
    pytest.param({"sort": "size"}, id="unknown-sort"),
    pytest.param({"bbox": "1,2,3"}, id="bbox-three-numbers"),
    pytest.param({"bbox": "0,0,200,10"}, id="bbox-out-of-range"),
    pytest.param({"actor": ""}, id="empty-actor"),
])
def test_api_events_bad_parameters_are_422_with_reasons(client: TestClient, params: dict[str, Any]) -> None:
    response = client.get("/api/events", params=params)
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/json"
    assert response.json()["detail"]


def test_api_event_holds_its_articles_with_evidence_at_its_offsets(client: TestClient, store: Store) -> None:
    listed = client.get("/api/events", params={"type": "ARREST", "country": "KZ"}).json()["items"][0]
    event = client.get(f"/api/events/{listed['id']}").json()
    assert event["id"] == listed["id"] and event["type"] == "ARREST"
    assert event["reports"] and event["merge_log"]
    assert [a["id"] for a in event["articles"]] == [a["id"] for a in listed["articles"]]
    article = event["articles"][0]
    kinds = {e["kind"] for e in article["evidence"]}
    assert {"mention", "trigger", "actor", "count", "place"} <= kinds
    for ev in article["evidence"]:
        assert article["text"][ev["start"]:ev["end"]] == ev["text"]
    for mention in event["mentions"]:
        assert article["text"][mention["start"]:mention["end"]] == mention["text"]
    assert event["counts"]["arrested"]["value"] == 2000
    assert any(s["via"] for s in event["sources"]), "the sample cites the ministry via TASS and Ria Novosti"
    assert article["text"] == store.get_article(article["id"]).text  # type: ignore[union-attr]


def test_api_event_unknown_is_404_with_a_message(client: TestClient) -> None:
    response = client.get("/api/events/ev-does-not-exist")
    assert response.status_code == 404
    assert "no event 'ev-does-not-exist'" in response.json()["detail"]


def test_api_article_by_id_and_by_given_id(client: TestClient, store: Store) -> None:
    stored = store.list_articles(limit=1).items[0]
    by_id = client.get(f"/api/articles/{stored.id}").json()
    by_ext = client.get(f"/api/articles/{stored.ext_id}").json()
    assert by_id["id"] == by_ext["id"] == stored.id
    assert by_id["text"] == stored.text == by_id["result"]["text"]
    assert by_id["events"] == list(stored.events)
    for place in by_id["result"]["places"]:
        assert stored.text[place["start"]:place["end"]] == place["text"]


def test_api_article_unknown_is_404(client: TestClient) -> None:
    response = client.get("/api/articles/nothing-here")
    assert response.status_code == 404 and "no article" in response.json()["detail"]


def test_api_stats_count_by_type_country_day_and_timeline(client: TestClient, store: Store) -> None:
    stats = client.get("/api/stats").json()
    total = store.totals()["events"]
    assert stats["total"] == total
    assert sum(b["n"] for b in stats["by_type"]) == total
    assert sum(b["n"] for b in stats["by_country"]) == total
    assert sum(b["n"] for b in stats["by_day"]) == total
    dated = sum(b["n"] for b in stats["by_day"] if b["key"] is not None)
    assert sum(bar["n"] for bar in stats["timeline"]) == dated
    assert {bar["type"] for bar in stats["timeline"]} <= set(EVENT_TYPES)
    assert [(b["key"], b["n"]) for b in stats["by_type"]] == store.stats("type")
    assert stats["undated"] == total - dated


def test_api_stats_with_bbox_counts_only_events_inside(client: TestClient) -> None:
    stats = client.get("/api/stats", params={"bbox": "76,43,78,44"}).json()
    assert stats["total"] == len(all_events(client, bbox="76,43,78,44")) > 0
    assert {b["key"] for b in stats["by_country"]} == {"KZ"}


def test_api_extract_answers_a_contract_line_and_stores_nothing(client: TestClient, store: Store) -> None:
    before = store.totals()
    response = client.post("/api/extract", json={"text": "La police a arrêté 300 manifestants jeudi à Lyon.",
                                                 "published": "2024-03-07", "lang": "fr"})
    assert response.status_code == 200
    line = response.json()
    assert line["contract"] == 1 and line["error"] is None
    assert [e["type"] for e in line["events"]] == ["ARREST"]
    assert line["events"][0]["counts"]["arrested"]["value"] == 300
    assert store.totals() == before


@pytest.mark.parametrize(("body", "status"), [
    pytest.param({"text": "Texte.", "published": "2024-13-45"}, 422, id="impossible-month"),
    pytest.param({"text": "Texte.", "published": "2023-02-29"}, 422, id="impossible-day"),
    pytest.param({"text": "Texte.", "published": "hier"}, 422, id="date-not-a-date"),
    pytest.param({"text": ""}, 422, id="empty-text"),
    pytest.param({"text": "   \n  "}, 422, id="blank-text"),
    pytest.param({"text": "Texte.", "colour": "red"}, 422, id="unknown-field"),
    pytest.param({}, 422, id="no-text"),
])
def test_api_extract_rejects_bad_bodies(client: TestClient, body: dict[str, Any], status: int) -> None:
    response = client.post("/api/extract", json=body)
    assert response.status_code == status
    assert response.json()["detail"]


def test_api_extract_body_over_the_limit_is_413(app_with: Any) -> None:
    small = app_with(max_body_bytes=2_000)
    response = small.post("/api/extract", json={"text": "x" * 3_000})
    assert response.status_code == 413
    assert "max_body_bytes" in response.json()["detail"]


def test_api_streamed_body_over_the_limit_is_413(app_with: Any) -> None:
    small = app_with(max_body_bytes=2_000)

    def chunks() -> Any:  # no Content-Length: the limit must count the bytes as they come
        yield b'{"text": "'
        for _ in range(10):
            yield b"y" * 500
        yield b'"}'

    response = small.post("/api/extract", content=chunks(), headers={"content-type": "application/json"})
    assert response.status_code == 413


def test_api_ingest_is_off_without_a_token(client: TestClient) -> None:
    response = client.post("/api/ingest", json={"articles": [{"text": "x"}]},
                           headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 403
    assert "api.token" in response.json()["detail"]


@pytest.mark.parametrize("header", [None, "Bearer wrong-token", f"Basic {TOKEN}", TOKEN])
def test_api_ingest_needs_the_right_bearer_token(writer: TestClient, header: str | None) -> None:
    headers = {"Authorization": header} if header else {}
    response = writer.post("/api/ingest", json={"articles": [{"text": "x"}]}, headers=headers)
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"


def test_api_ingest_with_the_token_stores_and_merges(writer: TestClient) -> None:
    before = writer.get("/api/health").json()
    article = {"id": "lyon-1", "text": "La police a arrêté 300 manifestants jeudi à Lyon.", "published": "2024-03-07",
               "lang": "fr", "url": "https://example.org/lyon-1", "source": "Le Progrès"}
    response = writer.post("/api/ingest", json={"articles": [article]}, headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["status"] == "done" and body["stats"]["stored"] == 1 and body["stats"]["new_events"] == 1
    after = writer.get("/api/health").json()
    assert after["articles"] == before["articles"] + 1
    found = writer.get("/api/events", params={"text": "Lyon", "type": "ARREST", "since": "2024-03-01"}).json()
    assert found["total"] == 1 and found["items"][0]["articles"][0]["source"] == "Le Progrès"
    again = writer.post("/api/ingest", json={"articles": [article]}, headers={"Authorization": f"Bearer {TOKEN}"})
    assert again.json()["stats"]["already"] == 1  # idempotent, as `tocsin ingest` is


def test_api_security_headers_on_every_answer(client: TestClient) -> None:
    for path in ("/", "/api/events", "/api/events/nope", "/static/tocsin.css"):
        csp = client.get(path).headers["content-security-policy"]
        assert "script-src 'self'" in csp and "default-src 'none'" in csp
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    headers = client.get("/").headers
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"


def test_api_tile_server_is_allowed_only_when_configured(client: TestClient, app_with: Any) -> None:
    assert "tiles.example.org" not in client.get("/").headers["content-security-policy"]
    tiled = app_with(tile_url="https://tiles.example.org/{z}/{x}/{y}.png")
    assert "img-src 'self' data: https://tiles.example.org" in tiled.get("/").headers["content-security-policy"]


def test_api_cors_is_off_unless_configured(client: TestClient, app_with: Any) -> None:
    origin = {"Origin": "https://analysts.example.org"}
    assert "access-control-allow-origin" not in client.get("/api/events", headers=origin).headers
    open_to = app_with(cors_origins=["https://analysts.example.org"])
    allowed = open_to.get("/api/events", headers=origin).headers
    assert allowed["access-control-allow-origin"] == "https://analysts.example.org"
    assert "access-control-allow-origin" not in open_to.get(
        "/api/events", headers={"Origin": "https://elsewhere.example.com"}).headers


def test_api_openapi_describes_every_route(client: TestClient) -> None:
    spec = client.get("/api/openapi.json").json()
    assert set(spec["paths"]) == {"/api/health", "/api/events", "/api/events/{event_id}", "/api/events.csv",
                                  "/api/events.geojson", "/api/places", "/api/articles/{article_id}", "/api/stats",
                                  "/api/extract", "/api/ingest"}
    types = next(p for p in spec["paths"]["/api/events"]["get"]["parameters"] if p["name"] == "type")
    assert "PROTEST" in str(types["schema"])
    docs = client.get("/api/docs")
    assert docs.status_code == 200 and "/api/openapi.json" in docs.text


def test_api_unknown_route_is_a_json_404(client: TestClient) -> None:
    response = client.get("/api/nothing")
    assert response.status_code == 404 and response.json()["detail"]


def test_api_pages_escape_hostile_article_markup(app_with: Any) -> None:
    hostile = app_with(hostile=True)
    article = hostile.get("/api/articles/hostile-markup").json()
    assert article["text"] == HOSTILE["text"]  # the API hands the data back unchanged: it is JSON, not markup
    page = hostile.get(f"/events/{article['events'][0]}").text
    assert "<script>window.__pwned" not in page and "&lt;script&gt;window.__pwned" in page
    assert "<img src=x" not in page and 'href="javascript:' not in page
    assert "onerror=\"window" not in page and "<b onmouseover" not in page
