"""The store on SQLite and PostgreSQL: schema, merging through the database, queries, explanations."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import create_engine

from tocsin.errors import ConfigError, StoreError
from tocsin.model import Article, DateRange
from tocsin.settings import MergeSettings, Settings
from tocsin.store import ArticleMeta, EventFilter, Store, default_url, open_store, resolve_url
from tocsin.store.testing import script_article, script_result

LYON = "Lyon/FR/45.75/4.85/2996944"
PARIS = "Paris/FR/48.85/2.35/2988507"
ALMATY = "Almaty/KZ/43.25/76.91/1526384"


def add(store: Store, article_id: str, *lines: str, published: str = "2024-03-08", source: str | None = None,
        title: str = "Dépêche") -> None:
    text = script_article(lines, title=title)
    day = date.fromisoformat(published)
    result = script_result(Article(id=article_id, text=text, title=title, published=DateRange.day(day),
                                   source=source, url=f"https://news.example/{article_id}"))
    store.add_article(article_id, result, ArticleMeta())


def test_store_schema_matches_models(store: Store) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from tocsin.store.schema import metadata

    engine = create_engine(store.url)
    try:
        with engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), metadata)
    finally:
        engine.dispose()
    assert diff == []


def test_store_downgrade_and_upgrade_round_trip(new_url: Callable[[], str]) -> None:
    from tocsin.store.engine import current_revision, downgrade, head_revision, make_engine, upgrade

    engine = make_engine(resolve_url(new_url()))
    try:
        upgrade(engine)
        assert current_revision(engine) == head_revision()
        downgrade(engine, "base")
        assert current_revision(engine) is None
        upgrade(engine)
        assert current_revision(engine) == head_revision()
    finally:
        engine.dispose()


def test_store_two_articles_same_event_one_event_two_sources(store: Store) -> None:
    add(store, "a1", f"ATTACK 2024-03-07 {LYON} agent=police:state_forces killed=5 source=préfecture", source="AFP")
    add(store, "a2", f"ATTACK 2024-03-07 {LYON} agent=police:state_forces killed=7", source="Le Progrès")
    page = store.list_events()
    assert page.total == 1
    event = page.items[0]
    assert event.article_ids == ("a1", "a2")
    assert [a.source for a in event.articles] == ["AFP", "Le Progrès"]
    killed = event.counts["killed"]
    assert (killed.value, killed.min, killed.max) == (5, 5, 7)
    assert [(f.article, f.value) for f in killed.reports] == [("a1", 5), ("a2", 7)]
    assert {article for article, _ in event.mentions} == {"a1", "a2"}
    link = event.reports[1].link
    assert link is not None and link.action == "join" and link.matched == "a1/e1"
    assert link.reasons["date"] == "same day 2024-03-07"


def test_store_two_events_same_day_same_city_stay_apart(store: Store) -> None:
    add(store, "a1", f"PROTEST 2024-03-07 {LYON} agent=agriculteurs:protesters participants=300")
    add(store, "a2", f"PROTEST 2024-03-07 {LYON} agent=étudiants:protesters participants=2000")
    add(store, "a3", f"ATTACK 2024-03-07 {LYON} killed=1")
    assert store.list_events().total == 3
    assert store.totals()["merged_events"] == 0


def test_store_splits_a_merge_a_later_article_tells_apart(store: Store) -> None:
    add(store, "a1", f"ATTACK 2024-03-07 {LYON} victim=civils:civilians killed=5")
    add(store, "a2", f"ATTACK 2024-03-07 {LYON} victim=civils:civilians killed=20")
    assert store.list_events().total == 1
    add(store, "a3", f"ATTACK 2024-03-07 {LYON} victim=civils:civilians killed=5",
        f"ATTACK 2024-03-07 {LYON} victim=civils:civilians killed=20")
    events = sorted(e.article_ids for e in store.list_events().items)
    assert events == [("a1", "a3"), ("a2", "a3")]
    moved = next(e for e in store.list_events().items if "a2" in e.article_ids)
    steps = store.explain(moved.id)
    assert [s.action for s in steps if s.report == "a2/e1"] == ["split"]
    assert steps[0].previous_event is not None


def test_store_unmerge_takes_a_report_out(store: Store) -> None:
    add(store, "a1", f"ATTACK 2024-03-07 {LYON} killed=5")
    add(store, "a2", f"ATTACK 2024-03-07 {LYON} killed=5")
    (event,) = store.list_events().items
    new = store.unmerge("a2/e1")
    assert new != event.id
    assert sorted(e.article_ids for e in store.list_events().items) == [("a1",), ("a2",)]
    assert [s.action for s in store.explain(new)] == ["unmerge"]
    with pytest.raises(StoreError, match="no report"):
        store.unmerge("nope/e9")


def test_store_merge_can_be_turned_off(new_url: Callable[[], str]) -> None:
    store = open_store(new_url(), settings=Settings(merge=MergeSettings(enabled=False)))
    try:
        add(store, "a1", f"ATTACK 2024-03-07 {LYON} killed=5")
        add(store, "a2", f"ATTACK 2024-03-07 {LYON} killed=5")
        assert store.list_events().total == 2
    finally:
        store.close()


@pytest.fixture
def filled(store: Store) -> Store:
    add(store, "a1", f"PROTEST 2024-03-07 {LYON} agent=agriculteurs:protesters participants=300",
        f"ARREST 2024-03-07 {LYON} agent=police:state_forces arrested=12", title="Colère agricole à Lyon")
    add(store, "a2", f"ARREST 2024-03-07 {LYON} agent=police:state_forces arrested=14", published="2024-03-09")
    add(store, "a3", f"RIOT 2024-02-10 {PARIS} agent=casseurs:rioters")
    add(store, "a4", f"ARREST 2022-01-06 {ALMATY} agent=police:state_forces arrested=2000")
    add(store, "a5", "FIRE 2024-03-07 -")
    return store


@pytest.mark.parametrize(("where", "expected"), [
    pytest.param(EventFilter(), 5, id="all"),
    pytest.param(EventFilter(countries=("FR",)), 3, id="country"),
    pytest.param(EventFilter(countries=("fr", "kz")), 4, id="countries-any-case"),
    pytest.param(EventFilter(types=("ARREST",)), 2, id="type"),
    pytest.param(EventFilter(since=date(2024, 3, 1)), 3, id="since"),
    pytest.param(EventFilter(since=date(2024, 1, 1), until=date(2024, 2, 28)), 1, id="range"),
    pytest.param(EventFilter(actor="POLICE"), 2, id="actor"),
    pytest.param(EventFilter(actor="casse"), 1, id="actor-substring"),
    pytest.param(EventFilter(text="colère"), 2, id="text-title"),
    pytest.param(EventFilter(text="almaty"), 1, id="text-place"),
    pytest.param(EventFilter(text="100%_"), 0, id="text-wildcards-literal"),
    pytest.param(EventFilter(min_articles=2), 1, id="min-articles"),
    pytest.param(EventFilter(article="a1"), 2, id="article"),
])
def test_store_list_events_filters(filled: Store, where: EventFilter, expected: int) -> None:
    page = filled.list_events(where)
    assert page.total == expected == len(page.items)


def test_store_list_events_pages_and_sorts(filled: Store) -> None:
    first = filled.list_events(limit=2, sort="-date")
    assert first.total == 5 and len(first.items) == 2 and first.next_offset == 2
    rest = filled.list_events(limit=10, offset=2, sort="-date")
    dates = [e.date.start for e in (*first.items, *rest.items) if e.date]
    assert dates == sorted(dates, reverse=True)
    assert rest.next_offset is None
    assert filled.list_events(sort="-articles").items[0].article_ids == ("a1", "a2")
    assert [e.id for e in filled.iter_events(batch=2)] == sorted(e.id for e in filled.list_events().items)


def test_store_stats(filled: Store) -> None:
    assert filled.stats("type")[0] == ("ARREST", 2)
    assert dict(filled.stats("country")) == {"FR": 3, "KZ": 1, None: 1}
    assert dict(filled.stats("month")) == {"2022-01": 1, "2024-02": 1, "2024-03": 3}
    assert dict(filled.stats("day", EventFilter(countries=("FR",))))["2024-03-07"] == 2


def test_store_get_event_and_article(filled: Store) -> None:
    event = filled.list_events(EventFilter(min_articles=2)).items[0]
    again = filled.get_event(event.id)
    assert again is not None and again.to_dict()["counts"] == event.to_dict()["counts"]
    assert filled.get_event("nope") is None
    article = filled.get_article("a1")
    assert article is not None and article.title == "Colère agricole à Lyon"
    assert len(article.events) == 2 and article.result["text"] == article.text
    assert article.published == DateRange.day(date(2024, 3, 8))
    assert filled.list_articles(limit=2).total == 5


def test_store_add_article_twice_changes_nothing(filled: Store) -> None:
    before = filled.snapshot()  # type: ignore[attr-defined]
    add(filled, "a1", f"PROTEST 2024-03-07 {LYON} agent=agriculteurs:protesters participants=300",
        f"ARREST 2024-03-07 {LYON} agent=police:state_forces arrested=12", title="Colère agricole à Lyon")
    assert filled.snapshot() == before  # type: ignore[attr-defined]


def test_store_delete_article_updates_events(filled: Store) -> None:
    assert filled.delete_article("a2")
    assert filled.list_events(EventFilter(min_articles=2)).total == 0
    assert not filled.delete_article("a2")
    add(filled, "a2", f"ARREST 2024-03-07 {LYON} agent=police:state_forces arrested=14", published="2024-03-09")
    assert filled.list_events(EventFilter(min_articles=2)).total == 1


def test_store_rejected_inputs_are_kept_once(store: Store) -> None:
    store.add_rejected("bad", "binary", "binary content", origin="x.pdf")
    store.add_rejected("bad", "binary", "binary content", origin="x.pdf")
    page = store.list_rejected()
    assert page.total == 1 and page.items[0].code == "binary"


def test_open_store_default_is_sqlite_in_the_data_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TOCSIN_DATA_DIR", str(tmp_path / "data"))
    assert default_url() == f"sqlite:///{tmp_path / 'data' / 'tocsin.db'}"
    store = open_store(None, settings=Settings())
    try:
        assert (tmp_path / "data" / "tocsin.db").is_file()
        assert store.totals()["events"] == 0
    finally:
        store.close()


@pytest.mark.parametrize(("given", "expected"), [
    ("postgresql://u:p@h/db", "postgresql+psycopg://u:p@h/db"),
    ("postgres://u@h/db", "postgresql+psycopg://u@h/db"),
    ("sqlite:///x.db", "sqlite:///x.db"),
])
def test_resolve_url(given: str, expected: str) -> None:
    assert resolve_url(given) == expected


def test_resolve_url_of_a_path_is_a_sqlite_file(tmp_path: Path) -> None:
    assert resolve_url(tmp_path / "e.db") == f"sqlite:///{tmp_path / 'e.db'}"


def test_open_store_unknown_scheme_says_what_to_use() -> None:
    with pytest.raises(ConfigError, match=r"sqlite:///events\.db"):
        open_store("mysql://u@h/db", settings=Settings())


def test_open_store_unreachable_server_is_a_store_error() -> None:
    with pytest.raises(StoreError, match="cannot open"):
        open_store("postgresql://nobody:x@127.0.0.1:1/none", settings=Settings())
