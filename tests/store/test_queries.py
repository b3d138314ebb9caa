"""The store's read queries on SQLite and PostgreSQL: the area filter, the new filters and orders, the counts
behind the charts and the map, and listings read from the stored summaries equal to merging the reports."""

from __future__ import annotations

import json
from datetime import date

import pytest

from tocsin.api.queries import Area
from tocsin.model import Article, DateRange
from tocsin.store import SORTS, ArticleMeta, EventFilter, Sort, Store
from tocsin.store.testing import script_article, script_result

PLACES = {"paris": "Paris/FR/48.85/2.35/2988507", "lyon": "Lyon/FR/45.75/4.85/2996944",
          "suva": "Suva/FJ/-18.1/178.4/2198148", "apia": "Apia/WS/-13.8/-171.8/4035413",
          "quito": "Quito/EC/-0.2/-78.5/3652462"}


@pytest.fixture
def placed(store: Store) -> Store:
    for i, (key, place) in enumerate(PLACES.items()):
        text = script_article([f"PROTEST 2024-03-0{i + 1} {place}"], title=key)
        result = script_result(Article(id=key, text=text, title=key, published=DateRange.day(date(2024, 3, 9))))
        store.add_article(key, result, ArticleMeta())
    text = script_article(["PROTEST 2024-03-07 -"], title="nowhere")
    store.add_article("nowhere", script_result(Article(id="nowhere", text=text, title="nowhere")), ArticleMeta())
    return store


def titles(store: Store, bbox: str) -> set[str]:
    events = store.list_events(EventFilter(bbox=Area.parse(bbox).box()), limit=100).items
    return {a.title or "" for e in events for a in e.articles}


@pytest.mark.parametrize(("bbox", "inside"), [
    pytest.param("2,48,3,49", {"paris"}, id="paris"),
    pytest.param("-5,40,10,52", {"paris", "lyon"}, id="france"),
    pytest.param("170,-20,-170,-10", {"suva", "apia"}, id="across-the-antimeridian"),
    pytest.param("170,-90,-100,90", {"suva", "apia"}, id="across-wide"),
    pytest.param("-180,-90,180,90", set(PLACES), id="world-not-the-unplaced"),
    pytest.param("-180,50,180,40", set(), id="south-above-north"),
    pytest.param("-78.5,-0.2,-78.5,-0.2", {"quito"}, id="a-point-box-is-inclusive"),
])
def test_store_bbox_filter(placed: Store, bbox: str, inside: set[str]) -> None:
    assert titles(placed, bbox) == inside
    assert placed.list_events(EventFilter(bbox=Area.parse(bbox).box())).total == len(inside)


LYON = "Lyon/FR/45.75/4.85/2996944"
ALMATY = "Almaty/KZ/43.25/76.91/1526384"


def add(store: Store, article_id: str, *lines: str, published: str = "2024-03-09") -> None:
    text = script_article(lines, title=article_id)
    result = script_result(Article(id=article_id, text=text, title=article_id,
                                   published=DateRange.day(date.fromisoformat(published)), source=f"src-{article_id}"))
    store.add_article(article_id, result, ArticleMeta())


@pytest.fixture
def varied(store: Store) -> Store:
    add(store, "a1", f"ATTACK 2024-03-07 {LYON} agent=inconnus:armed_group victim=civils:civilians killed=5")
    add(store, "a2", f"ATTACK 2024-03-07 {LYON} agent=inconnus:armed_group killed=7 source=préfecture")
    add(store, "a3", f"BOMBING 2024-02-10 {ALMATY} killed=40 modality=claimed")
    add(store, "a4", f"PROTEST 2024-02-01@month {LYON} agent=agriculteurs:protesters participants=300")
    add(store, "a5", f"ARREST 2022-01-06 {ALMATY} agent=police:state_forces arrested=2000")
    add(store, "a6", "FIRE 2024-03-07 -")
    return store


@pytest.mark.parametrize(("where", "types"), [
    pytest.param(EventFilter(types=("ATTACK", "BOMBING")), {"ATTACK", "BOMBING"}, id="several-types"),
    pytest.param(EventFilter(actor_kinds=("state_forces",)), {"ARREST"}, id="actor-kind"),
    pytest.param(EventFilter(actor_kinds=("civilians", "protesters")), {"ATTACK", "PROTEST"}, id="actor-kinds"),
    pytest.param(EventFilter(modalities=("claimed",)), {"BOMBING"}, id="modality"),
    pytest.param(EventFilter(min_killed=5), {"ATTACK", "BOMBING"}, id="min-killed"),
    pytest.param(EventFilter(min_killed=6), {"BOMBING"}, id="min-killed-merged-is-lowest"),
    pytest.param(EventFilter(min_killed=0), {"ATTACK", "BOMBING"}, id="min-killed-zero-needs-a-figure"),
    pytest.param(EventFilter(countries=("KZ",), min_killed=1), {"BOMBING"}, id="country-and-killed"),
])
def test_store_new_filters(varied: Store, where: EventFilter, types: set[str]) -> None:
    page = varied.list_events(where)
    assert {e.type for e in page.items} == types and page.total == len(page.items)


def killed(store: Store, sort: Sort) -> list[float | None]:
    return [e.counts["killed"].value if "killed" in e.counts else None for e in store.list_events(sort=sort).items]


def test_store_sort_by_killed_puts_unknown_last(varied: Store) -> None:
    down = killed(varied, "-killed")
    assert down[:2] == [40, 5] and set(down[2:]) == {None}
    up = killed(varied, "killed")
    assert up[:2] == [5, 40] and set(up[2:]) == {None}


@pytest.mark.parametrize("sort", SORTS)
def test_store_listing_json_equals_the_events(varied: Store, sort: Sort) -> None:
    for _ in range(2):  # the second read comes from the kept fragments
        page = varied.list_events_json(limit=4, offset=1, sort=sort)  # type: ignore[attr-defined]
        expected = varied.list_events(limit=4, offset=1, sort=sort)
        assert page.total == expected.total
        dicts = [e.to_dict() for e in expected.items]
        for d in dicts:
            d.pop("reports")
        assert [json.loads(item) for item in page.items] == dicts


def test_store_listing_json_follows_changes(varied: Store) -> None:
    before = {json.loads(i)["id"]: json.loads(i) for i in varied.list_events_json(limit=50).items}  # type: ignore
    add(varied, "a7", f"ATTACK 2024-03-07 {LYON} agent=inconnus:armed_group killed=6")  # joins the Lyon attack
    after = {json.loads(i)["id"]: json.loads(i) for i in varied.list_events_json(limit=50).items}  # type: ignore
    changed = [eid for eid in after if after[eid] != before.get(eid)]
    assert len(changed) == 1 and after[changed[0]]["n_articles"] == 3
    assert [a["id"] for a in after[changed[0]]["articles"]] == ["a1", "a2", "a7"]


def test_store_listing_from_summaries_equals_merging_the_reports(varied: Store) -> None:
    for event in varied.list_events(limit=100).items:
        full = varied.get_event(event.id)
        assert full is not None
        assert event.to_dict() == full.to_dict()
    assert [e.to_dict() for e in varied.iter_events(batch=2)] == \
        [varied.get_event(e.id).to_dict() for e in varied.iter_events()]  # type: ignore[union-attr]


def test_store_timeline_counts_by_type_and_date_range(varied: Store) -> None:
    cells = varied.timeline()
    assert sum(c.n for c in cells) == varied.list_events().total == 5
    month = next(c for c in cells if c.type == "PROTEST")
    assert (month.start, month.end, month.precision) == (date(2024, 2, 1), date(2024, 2, 29), "month")
    assert sum(c.killed for c in cells) == 45  # 5 (the lowest credible of 5 and 7) + 40
    assert sum(c.n for c in varied.timeline(EventFilter(countries=("KZ",)))) == 2


def test_store_country_and_place_counts(varied: Store) -> None:
    assert varied.country_counts() == [("FR", 2, 5.0), ("KZ", 2, 40.0), (None, 1, 0.0)]
    places = varied.place_counts()
    assert sum(p.n for p in places) == 4  # the FIRE has no place
    lyon = next(p for p in places if p.name == "Lyon")
    assert (lyon.n, lyon.killed, dict(lyon.types)) == (2, 5.0, {"ATTACK": 1, "PROTEST": 1})
    assert sum(p.n for p in varied.place_counts(EventFilter(min_killed=1))) == 2
