"""Cross-article merge: what joins, what stays apart, how counts are reconciled, how a wrong merge is split."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from tocsin.merging import (
    Cluster,
    MergeParams,
    Merger,
    Record,
    Report,
    compare,
    merge_reports,
    plan_article,
    reconcile_counts,
)
from tocsin.model import DateRange
from tocsin.store.testing import script_event

LYON = "Lyon/FR/45.75/4.85/2996944"
VILLEURBANNE = "Villeurbanne/FR/45.77/4.88/2968254"
PARIS = "Paris/FR/48.85/2.35/2988507"


def rec(line: str, article: str, eid: str = "e1", published: DateRange | None = None) -> Record:
    return Record.of(script_event(line, eid), article=article, published=published)


@pytest.mark.parametrize(("a", "b"), [
    pytest.param(f"ATTACK 2024-03-07 {LYON} killed=5", f"ATTACK 2024-03-07 {LYON} killed=7", id="same-day-place"),
    pytest.param(f"ATTACK 2024-03-07 {LYON} killed=5", f"ATTACK 2024-03-08 {LYON} killed=5", id="next-day"),
    pytest.param(f"PROTEST 2024-03-07 {LYON} agent=farmers:protesters",
                 f"PROTEST 2024-03-07 {VILLEURBANNE} agent=farmers:protesters", id="neighbouring-town"),
    pytest.param(f"ARREST 2024-03-07 {LYON} agent=police:state_forces arrested=300",
                 f"ARREST 2024-03-07 {LYON} modality=claimed arrested=280", id="claimed-and-asserted"),
])
def test_compare_same_event_merges(a: str, b: str) -> None:
    match = compare(rec(a, "A"), rec(b, "B"))
    assert match.conflict is None
    assert match.accepts(MergeParams()), match


@pytest.mark.parametrize(("a", "b", "why"), [
    pytest.param(f"ATTACK 2024-03-07 {LYON}", f"FIRE 2024-03-07 {LYON}", "different types", id="type"),
    pytest.param(f"ATTACK 2024-03-07 {LYON}", f"ATTACK 2024-03-07 {PARIS}", "different places", id="city"),
    pytest.param(f"ATTACK 2024-03-07 {LYON}", "ATTACK 2024-03-07 Berlin/DE/52.5/13.4/2950159",
                 "different countries", id="country"),
    pytest.param(f"ATTACK 2024-03-01 {LYON}", f"ATTACK 2024-03-07 {LYON}", "dates apart", id="week-apart"),
    pytest.param(f"PROTEST 2024-03-07 {LYON} modality=planned", f"PROTEST 2024-03-07 {LYON}",
                 "different modalities", id="planned-vs-held"),
    pytest.param(f"ATTACK 2024-03-07 {LYON} agent=police:state_forces",
                 f"ATTACK 2024-03-07 {LYON} agent=gang:armed_group", "agents of different kinds", id="agent-kinds"),
])
def test_compare_conflicts_never_merge(a: str, b: str, why: str) -> None:
    match = compare(rec(a, "A"), rec(b, "B"))
    assert match.conflict is not None and why in match.conflict


def test_compare_same_article_never_merges() -> None:
    line = f"ATTACK 2024-03-07 {LYON} killed=5"
    assert compare(rec(line, "A", "e1"), rec(line, "A", "e2")).conflict == "same article"


@pytest.mark.parametrize(("a", "b"), [
    pytest.param(f"PROTEST 2024-03-07 {LYON} agent=agriculteurs:protesters",
                 f"PROTEST 2024-03-07 {LYON} agent=étudiants:protesters", id="different-agents"),
    pytest.param(f"PROTEST 2024-03-07 {LYON} participants=50", f"PROTEST 2024-03-07 {LYON} participants=20000",
                 id="crowds-of-different-size"),
])
def test_compare_two_events_same_day_same_city_stay_apart(a: str, b: str) -> None:
    match = compare(rec(a, "A"), rec(b, "B"))
    assert not match.accepts(MergeParams()), match


def test_compare_explains_itself() -> None:
    match = compare(rec(f"ATTACK 2024-03-07 {LYON} agent=police:state_forces killed=5", "A"),
                    rec(f"ATTACK 2024-03-07 {LYON} agent=police:state_forces killed=7", "B"))
    assert match.reasons["date"] == "same day 2024-03-07"
    assert "same place" in match.reasons["place"]
    assert "police" in match.reasons["agent"]
    assert "killed" in match.reasons["count killed"]


def test_record_without_date_uses_publication_window() -> None:
    published = DateRange.day(date(2024, 3, 8))
    event = script_event(f"ATTACK 2024-03-07 {LYON} agent=police:state_forces")
    r = Record.of(replace(event, date=None), article="B", published=published, undated_days=7)
    assert (r.first_day, r.last_day, r.dated) == (date(2024, 3, 1), date(2024, 3, 8), False)
    dated = rec(f"ATTACK 2024-03-07 {LYON} agent=police:state_forces", "A")
    assert compare(dated, r).accepts(MergeParams())
    assert compare(r, Record.of(replace(event, date=None), article="C", published=published)).conflict


def test_record_round_trips_through_json() -> None:
    r = rec(f"ATTACK 2024-03-07 {LYON} agent=police:state_forces victim=civils:civilians atleast:killed=4", "A")
    assert Record.from_dict(r.to_dict()) == r


def reports(*lines: str) -> list[Report]:
    return [Report(f"{chr(65 + n)}/e1", chr(65 + n), script_event(line)) for n, line in enumerate(lines)]


def test_reconcile_counts_lowest_credible_figure_and_range() -> None:
    told = reports(f"ATTACK 2024-03-07 {LYON} killed=7", f"ATTACK 2024-03-07 {LYON} killed=5",
                   f"ATTACK 2024-03-07 {LYON} modality=claimed killed=2",
                   f"ATTACK 2024-03-07 {LYON} range:killed=4-12")
    killed = reconcile_counts(told)["killed"]
    assert killed.value == 4  # the lowest asserted figure; the claim of 2 is kept but not believed
    assert (killed.min, killed.max) == (2, 12)
    assert [(f.article, f.value, f.credible) for f in killed.reports] == [
        ("A", 7, True), ("B", 5, True), ("C", 2, False), ("D", 4, True)]


def test_reconcile_counts_unbounded_report_leaves_max_open() -> None:
    killed = reconcile_counts(reports(f"ATTACK 2024-03-07 {LYON} killed=5",
                                      f"ATTACK 2024-03-07 {LYON} atleast:killed=40"))["killed"]
    assert (killed.value, killed.min, killed.max) == (5, 5, None)


def test_merge_reports_keeps_most_precise_date_and_place() -> None:
    told = reports("ATTACK 2024-03-07@month France/FR/46/2/3017382/country",
                   f"ATTACK 2024-03-07 {LYON} source=ministère>TASS>Ria_Novosti")
    merged = merge_reports("ev1", told)
    assert merged.date is not None and merged.date.precision == "day"
    assert merged.location is not None and merged.location.name == "Lyon"
    assert [s.name for s in merged.sources] == ["ministère"]
    data = merged.to_dict()
    assert {m["article"] for m in data["mentions"]} == {"A", "B"}
    assert data["n_articles"] == 2


def test_merger_joins_reports_of_one_event_across_articles() -> None:
    m = Merger()
    m.add_article([rec(f"ATTACK 2024-03-07 {LYON} killed=5", "A")])
    plan = m.add_article([rec(f"ATTACK 2024-03-07 {LYON} killed=7", "B")])
    assert [link.action for link in plan.links] == ["join"]
    assert plan.links[0].matched == "A/e1"
    assert len(m.events()) == 1


def test_merger_keeps_one_event_per_article() -> None:
    m = Merger()
    m.add_article([rec(f"ATTACK 2024-03-07 {LYON} killed=5", "A")])
    plan = m.add_article([rec(f"ATTACK 2024-03-07 {LYON} killed=5 agent=x:unknown", "B", "e1"),
                          rec(f"ATTACK 2024-03-07 {LYON} killed=5", "B", "e2")])
    assert sorted(link.action for link in plan.links) == ["found", "join"]


def test_merger_splits_a_wrong_merge_when_a_later_article_tells_them_apart() -> None:
    m = Merger()
    m.add_article([rec(f"ATTACK 2024-03-07 {LYON} victim=civils:civilians killed=5", "A")])
    m.add_article([rec(f"ATTACK 2024-03-07 {LYON} victim=civils:civilians killed=20", "B")])
    assert len(m.events()) == 1  # 5 and 20 dead: plausibly one attack, as told so far
    plan = m.add_article([
        rec(f"ATTACK 2024-03-07 {LYON} victim=civils:civilians killed=5", "C", "e1"),
        rec(f"ATTACK 2024-03-07 {LYON} victim=civils:civilians killed=20", "C", "e2")])
    events = sorted(sorted(r.id for r in members) for members in m.events().values())
    assert events == [["A/e1", "C/e1"], ["B/e1", "C/e2"]]
    moved = [link for link in plan.links if link.action == "split"]
    assert [link.record for link in moved] == ["B/e1"] and "split" in moved[0].reasons


def test_plan_article_ignores_events_outside_its_block() -> None:
    other = Cluster("evX", (rec(f"ATTACK 2024-03-07 {PARIS}", "Z"),))
    plan = plan_article([rec(f"ATTACK 2024-03-07 {LYON}", "A")], {"evX": other})
    assert plan.links[0].action == "found"


def test_merger_blocks_by_type_country_and_week() -> None:
    m = Merger()
    m.add_article([rec(f"ATTACK 2024-03-07 {LYON}", "A")])
    assert m.candidates(rec(f"ATTACK 2024-03-08 {LYON}", "B"))
    assert not m.candidates(rec(f"ATTACK 2024-04-08 {LYON}", "B"))
    assert not m.candidates(rec(f"RIOT 2024-03-07 {LYON}", "B"))
    assert not m.candidates(rec("ATTACK 2024-03-07 Berlin/DE/52.5/13.4/2950159", "B"))
