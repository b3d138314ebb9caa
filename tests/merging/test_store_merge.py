"""The merge through the store, on SQLite and PostgreSQL: follow-ups join their incident or are related to
it, round-ups stay apart and related, and the merge log says why (`explain`, `related`)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path

from tocsin.model import Article, DateRange
from tocsin.settings import Settings
from tocsin.store import ArticleMeta, Store, open_store
from tocsin.store.testing import script_article, script_result

DAYTON = "Dayton/US/39.759/-84.192/4509884"


def add(store: Store, article_id: str, prose: str, *lines: str, published: str) -> None:
    """An English article: `prose` is read for the people, ages and streets it names; lines are its events."""
    text = script_article(lines, title="Local news", filler=prose)
    result = script_result(Article(id=article_id, text=text, title="Local news", lang="en",
                                   published=DateRange.day(date.fromisoformat(published))))
    store.add_article(article_id, result, ArticleMeta())


SHOOTING = "Marcus Reed, 34, was shot and killed late Saturday on Elm Street, police said."


def test_store_follow_up_joins_its_incident_with_the_reason(store: Store) -> None:
    add(store, "a1", SHOOTING, f"ATTACK 2025-05-10 {DAYTON} killed=1", published="2025-05-11")
    add(store, "a2", "Police arrested Jamal Carter, 19, in the killing of Marcus Reid on Elm Street.",
        f"ARREST 2025-05-14 {DAYTON} agent=police:state_forces arrested=1", published="2025-05-15")
    (event,) = store.list_events().items
    assert event.type == "ATTACK" and event.date == DateRange.day(date(2025, 5, 10))
    assert event.counts["arrested"].value == 1 and event.counts["killed"].value == 1
    link = event.reports[1].link
    assert link is not None and link.action == "join"
    assert "ARREST (arrest) 4 day(s) after the ATTACK" in link.reasons["follow-up"]
    assert "marcus reed" in link.reasons["person"] and "marcus reid" in link.reasons["person"]
    assert [s.action for s in store.explain(event.id)] == ["found", "join"]


def test_store_follow_up_told_with_its_incident_is_related(store: Store) -> None:
    add(store, "a1", SHOOTING, f"ATTACK 2025-05-10 {DAYTON} killed=1", published="2025-05-11")
    add(store, "a2", "Police arrested Jamal Carter, 19, in the killing of Marcus Reid on Elm Street on Saturday.",
        f"ATTACK 2025-05-10 {DAYTON} killed=1", f"ARREST 2025-05-14 {DAYTON} arrested=1", published="2025-05-15")
    events = {e.type: e for e in store.list_events().items}
    assert set(events) == {"ATTACK", "ARREST"}
    attack, arrest = events["ATTACK"], events["ARREST"]
    assert len(attack.article_ids) == 2  # the retelling joined: never a second incident record
    (rel,) = store.related(arrest.id)
    assert (rel.other, rel.direction, rel.report) == (attack.id, "about", "a2/e2")
    assert "follows up" in rel.reason
    (back,) = store.related(attack.id)
    assert (back.other, back.direction) == (arrest.id, "told by")
    assert "related" in [s.action for s in store.explain(attack.id)]
    found = arrest.reports[0].link
    assert found is not None and "follows up" in found.reasons["related"]


def test_store_round_up_is_related_to_each_incident(store: Store) -> None:
    add(store, "a1", SHOOTING, f"ATTACK 2025-05-10 {DAYTON} killed=1", published="2025-05-11")
    add(store, "a2", "Tyrone Banks, 22, was wounded early Sunday on Salem Avenue, police said.",
        f"ATTACK 2025-05-11 {DAYTON} injured=1", published="2025-05-11")
    add(store, "r", "Three separate shootings over the weekend: Marcus Reed, 34, was killed on Elm Street and "
        "Tyrone Banks, 22, was wounded on Salem Avenue.", f"ATTACK 2025-05-10 {DAYTON} killed=1 injured=2",
        published="2025-05-12")
    assert store.list_events().total == 3 and store.totals()["merged_events"] == 0
    (roundup,) = [e for e in store.list_events().items if e.article_ids == ("r",)]
    assert {r.direction for r in store.related(roundup.id)} == {"about"}
    assert len(store.related(roundup.id)) == 2


def test_store_near_miss_same_night_same_city_stays_apart(store: Store) -> None:
    add(store, "a1", SHOOTING, f"ATTACK 2025-05-10 {DAYTON} killed=1", published="2025-05-11")
    add(store, "a2", "Tyrone Banks, 22, was wounded Saturday night on Salem Avenue, police said.",
        f"ATTACK 2025-05-10 {DAYTON} injured=1", published="2025-05-11")
    assert store.list_events().total == 2
    alone = next(e for e in store.list_events().items if e.article_ids == ("a2",)).reports[0].link
    assert alone is not None and alone.action == "found"


def test_store_undated_retelling_with_a_name_finds_its_event_in_another_block(store: Store) -> None:
    # The first report places it in Dayton (US); the second names the victim but no place and no date.
    add(store, "a1", SHOOTING, f"ATTACK 2025-05-10 {DAYTON} killed=1", published="2025-05-11")
    text = script_article(["ARMED_CLASH 2025-05-10 -"], title="Local news",
                          filler="The family of Marcus Reed asks for witnesses.")
    result = script_result(Article(id="a2", text=text, lang="en",
                                   published=DateRange.day(date(2025, 5, 13))))
    store.add_article("a2", replace(result, events=(replace(result.events[0], date=None),)), ArticleMeta())
    (event,) = store.list_events().items
    assert event.article_ids == ("a1", "a2")


FIRST = ["Aaron", "Bianca", "Carlos", "Denise", "Elijah", "Fatima", "Gavin", "Helena", "Isaac", "Jolene",
         "Kwame", "Lucia", "Marvin", "Nadia", "Oscar", "Priya", "Quentin", "Rosa", "Silas", "Tamara"]
LAST = ["Whitaker", "Okafor", "Lindqvist", "Moreau", "Castellano", "Brennan", "Haddad", "Novak", "Ferreira",
        "Tanaka", "Gallagher", "Osei", "Kowalski", "Delacroix", "Abernathy", "Vasquez", "Marchetti", "Holloway",
        "Nakamura", "Pemberton"]


def test_store_two_ingesters_at_once_found_no_duplicate(new_url: Callable[[], str], settings: Settings,
                                                        tmp_path: Path) -> None:
    # Each real event is told by one article in each folder (and the second retelling names its victim
    # without a place): two ingesters writing at once must still make one record per event.
    folders = [tmp_path / "left", tmp_path / "right"]
    for f in folders:
        f.mkdir()
    cities = [DAYTON, "Lyon/FR/45.75/4.85/2996944", "Almaty/KZ/43.25/76.91/1526384"]
    for i in range(20):
        day = 1 + i
        line = f"ATTACK 2025-03-{day:02d} {cities[i % 3]} killed={1 + i % 4}"
        retold = f"ARMED_CLASH 2025-03-{day:02d} {'-' if i % 2 else cities[i % 3]} killed={2 + i % 4}"
        prose = f"Police named the victim as {FIRST[i]} {LAST[i]}, a local resident."
        for folder, event in zip(folders, (line, retold), strict=True):
            text = script_article([event], title=f"Local news {i}", filler=prose)
            (folder / f"a{i:03d}.txt").write_text(f"date 2025-03-{min(28, day + 1):02d} News {i} . {text}",
                                                  encoding="utf-8")
    url = new_url()
    env = {**os.environ, "TOCSIN_CONFIG": str(tmp_path / "none.yaml"), "TOCSIN_NLP__BATCH_SIZE": "1",
           "TOCSIN_INGEST__NEAR_DUPLICATE": "0"}
    procs = [subprocess.Popen([sys.executable, "-m", "tocsin.cli", "ingest", str(f), "--no-progress", "--db", url,
                               "--runner", "tocsin.store.testing:ScriptedRunner"], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) for f in folders]
    for p in procs:
        assert p.wait(timeout=300) == 0, p.stderr.read().decode() if p.stderr else ""
    store = open_store(url, settings=settings)
    try:
        events = store.list_events(limit=100)
        assert events.total == 20, sorted(len(e.article_ids) for e in events.items)
        assert all(len(e.article_ids) == 2 for e in events.items)
    finally:
        store.close()
