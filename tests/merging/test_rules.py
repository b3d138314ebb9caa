"""The merge's rules on records built by hand: type families, places within divisions, people named, figures
that grow, dates against publication, follow-ups, round-ups, and the near misses that must stay apart."""

from __future__ import annotations

from datetime import date

import pytest

from tocsin.merging import (
    ArticleClues,
    Cluster,
    MergeParams,
    Merger,
    Record,
    Report,
    compare,
    families,
    merge_reports,
    plan_article,
    same_person,
)
from tocsin.model import DateRange
from tocsin.store.testing import script_event

DAYTON = "Dayton/US/39.759/-84.192/4509884"
KETTERING = "Kettering/US/39.69/-84.169/4509177"  # 8 km from Dayton
MONTGOMERY = "Montgomery_County/US/39.755/-84.29/4516233/region"  # Dayton's county
FRANKLIN = "Franklin_County/US/39.97/-83.01/4524770/region"  # another county of Ohio
OHIO = "Ohio/US/40.17/-82.67/5165418/region"
COLUMBUS = "Columbus/US/39.96/-83.0/4509177"
MARSEILLE = "Marseille/FR/43.297/5.381/2995469"

# What the gazetteer says of these places: own division code first (regions), then those they lie in.
ADMINS = {4509884: ("", "US.OH.113", "US.OH"), 4516233: ("US.OH.113", "US.OH"), 4524770: ("US.OH.049", "US.OH"),
          5165418: ("US.OH",), 4509177: ("", "US.OH.049", "US.OH"), 2995469: ("", "FR.93.13", "FR.93")}


def rec(line: str, article: str, eid: str = "e1", *, published: str | None = None, names: tuple[str, ...] = (),
        ages: tuple[int, ...] = (), sites: tuple[str, ...] = (), officials: tuple[str, ...] = (),
        roundup: bool = False, followup: str | None = None) -> Record:
    clues = ArticleClues(frozenset(names), frozenset(officials), frozenset(ages), frozenset(sites), roundup, followup)
    pub = DateRange.day(date.fromisoformat(published)) if published else None
    return Record.of(script_event(line, eid), article=article, published=pub, clues=clues,
                     admins=lambda gid: ADMINS.get(gid, ()))


def undated(line: str, article: str, published: str, eid: str = "e1", **clues: object) -> Record:
    """A report whose event the text does not date: looked for in the week before publication."""
    r = rec(line, article, eid, published=published, **clues)  # type: ignore[arg-type]
    pub = date.fromisoformat(published).toordinal()
    return Record.from_dict({**r.to_dict(), "start": pub - 7, "end": pub, "precision": "published", "dated": False})


P = MergeParams()


# ---------------------------------------------------------------- what joins

@pytest.mark.parametrize(("a", "b", "reason"), [
    pytest.param(rec(f"ATTACK 2025-05-10 {DAYTON} killed=1", "A"),
                 rec(f"ARMED_CLASH 2025-05-10 {DAYTON} killed=1", "B"),
                 "family violence", id="attack-told-as-armed-clash"),
    pytest.param(rec(f"REPRESSION 2025-05-10 {DAYTON} agent=police:state_forces killed=1", "A"),
                 rec(f"ATTACK 2025-05-10 {DAYTON} agent=police:state_forces killed=1", "B"),
                 "family violence", id="police-killing-repression-or-attack"),
    pytest.param(rec(f"ATTACK 2025-05-10 {DAYTON}", "A"), rec(f"ATTACK 2025-05-10 {MONTGOMERY}", "B"),
                 "lies in", id="town-within-its-county"),
    pytest.param(rec(f"ATTACK 2025-05-10 {DAYTON}", "A"), rec(f"ATTACK 2025-05-10 {KETTERING}", "B"),
                 "km apart", id="neighbouring-town"),
    pytest.param(rec(f"ATTACK 2025-05-10 {DAYTON} injured=1", "A"), rec(f"ATTACK 2025-05-10 {DAYTON} killed=1", "B"),
                 "same day", id="injured-later-died"),
    pytest.param(rec(f"FIRE 2025-01-19 {DAYTON} killed=3", "A"), rec(f"FIRE 2025-01-19 {DAYTON} killed=4", "B"),
                 "killed figures differ", id="toll-revised-upward"),
    pytest.param(rec(f"ATTACK 2025-05-10 {DAYTON}", "A", names=("marcus reed",)),
                 undated(f"ATTACK 2025-05-10 {DAYTON}", "B", "2025-05-12", names=("marcus reid",)),
                 "marcus reed / marcus reid", id="name-spelled-differently"),
    pytest.param(rec(f"ATTACK 2025-05-10 {DAYTON}", "A", names=("marcus reed",)),
                 rec(f"ATTACK 2025-05-12 {DAYTON}", "B", names=("marcus reed",)),
                 "dated 2 day(s) apart, but both name the same person", id="dated-the-day-identified"),
    pytest.param(rec(f"ATTACK 2025-05-10 {DAYTON}", "A", sites=("elm street",), ages=(34,)),
                 rec(f"ATTACK 2025-05-12 {DAYTON}", "B", sites=("elm street",), ages=(34,)),
                 "same site", id="same-street-same-age"),
    pytest.param(undated(f"ATTACK 2025-05-10 {MARSEILLE}", "A", "2025-03-04", names=("yanis benali",)),
                 undated(f"ATTACK 2025-05-10 {MARSEILLE}", "B", "2025-03-06", names=("yanis ben ali",)),
                 "same person", id="two-undated-reports-one-name"),
    pytest.param(rec("ATTACK 2025-05-10 Isle_of_Man/IM/54.25/-4.5/3042225/country", "A", names=("marcus reed",)),
                 rec(f"ATTACK 2025-05-10 {DAYTON}", "B", names=("marcus reed",)),
                 "countries differ (IM vs US), but both name the same person", id="country-misread-from-a-word"),
    pytest.param(rec(f"ATTACK 2025-05-10 {DAYTON} killed=1", "A", ages=(34,)),
                 undated(f"ATTACK 2025-05-10 {DAYTON}", "B", "2025-05-11", names=("marcus reed",), ages=(34,)),
                 "reported 1 day(s) after 2025-05-10, undated", id="identified-next-day-undated-same-age"),
])
def test_reports_of_one_event_join(a: Record, b: Record, reason: str) -> None:
    match = compare(a, b, P)
    assert match.accepts(P), match
    assert reason in " ".join(match.reasons.values()), match.reasons
    assert compare(b, a, P).accepts(P)


# ---------------------------------------------------------------- near misses

@pytest.mark.parametrize(("a", "b"), [
    pytest.param(rec(f"ATTACK 2025-05-10 {DAYTON} killed=1", "A", names=("marcus reed",)),
                 rec(f"ATTACK 2025-05-10 {DAYTON} injured=1", "B", names=("tyrone banks",)),
                 id="same-night-same-city-different-victims"),
    pytest.param(rec(f"ATTACK 2025-05-10 {DAYTON}", "A", sites=("elm street",)),
                 rec(f"ATTACK 2025-05-10 {DAYTON}", "B", sites=("salem avenue",)),
                 id="same-night-same-city-different-streets"),
    pytest.param(rec(f"ATTACK 2025-05-10 {DAYTON}", "A", ages=(34,), sites=("elm street",)),
                 rec(f"ATTACK 2025-05-10 {DAYTON}", "B", ages=(22,), sites=("salem avenue",)),
                 id="different-ages-and-a-street"),
    pytest.param(rec(f"ATTACK 2025-05-10 {DAYTON}", "A"), rec(f"ATTACK 2025-05-10 {FRANKLIN}", "B"),
                 id="town-not-in-that-county"),
    pytest.param(rec(f"ATTACK 2025-05-10 {MONTGOMERY}", "A"), rec(f"ATTACK 2025-05-10 {FRANKLIN}", "B"),
                 id="two-counties"),
    pytest.param(rec(f"ATTACK 2025-05-10 {DAYTON}", "A", names=("marcus reed",)),
                 rec(f"ATTACK 2025-05-25 {DAYTON}", "B", names=("marcus reed",)),
                 id="same-name-two-weeks-apart"),
    pytest.param(rec(f"ATTACK 2025-05-10 {DAYTON}", "A"), rec(f"FIRE 2025-05-10 {DAYTON}", "B"),
                 id="other-family"),
    pytest.param(rec(f"ATTACK 2025-05-10 {DAYTON}", "A", names=("john smith",)),
                 rec(f"ATTACK 2025-05-10 {DAYTON}", "B", names=("jane smith",)),
                 id="same-surname-other-person"),
    pytest.param(rec(f"ATTACK 2025-05-10 {DAYTON}", "A"),
                 undated(f"ATTACK 2025-05-10 {DAYTON}", "B", "2025-05-11"),
                 id="undated-same-city-nothing-else"),
    pytest.param(rec(f"ATTACK 2025-05-10 {DAYTON}", "A", ages=(34,)),
                 undated(f"ATTACK 2025-05-10 {DAYTON}", "B", "2025-05-16", ages=(34,)),
                 id="undated-a-week-later-same-age"),
])
def test_near_misses_stay_apart(a: Record, b: Record) -> None:
    assert not compare(a, b, P).accepts(P)
    assert not compare(b, a, P).accepts(P)


def test_a_spokesman_named_in_both_does_not_make_one_incident() -> None:
    a = rec(f"ATTACK 2025-05-10 {DAYTON}", "A", names=("marcus reed",), officials=("kevin lane",))
    b = rec(f"ATTACK 2025-05-10 {DAYTON}", "B", names=("tyrone banks",), officials=("kevin lane",))
    match = compare(a, b, P)
    assert not match.accepts(P) and "same official" in match.reasons["official"]


@pytest.mark.parametrize(("a", "b", "same"), [
    ("marcus reed", "marcus reid", True), ("marcus reed", "marcus j. reed", True), ("marcus reed", "m. reed", True),
    ("yanis benali", "yanis ben ali", True), ("jean-pierre durand", "jean-pierre durand", True),
    ("john smith", "jane smith", False), ("marcus reed", "tyrone banks", False), ("mark reed", "marcus reed", False),
    ("dana whitfield", "dan whitman", False),
])
def test_same_person(a: str, b: str, same: bool) -> None:
    assert same_person(a, b) is same
    assert same_person(b, a) is same


# ---------------------------------------------------------------- follow-ups

def incident(m: Merger) -> str:
    m.add_article([rec(f"ATTACK 2025-05-10 {DAYTON} killed=1", "A", names=("marcus reed",))])
    return m.event_of["A/e1"]


def test_suspect_arrested_days_later_joins_the_incident() -> None:
    m = Merger()
    ev = incident(m)
    plan = m.add_article([rec(f"ARREST 2025-05-14 {DAYTON} agent=police:state_forces arrested=1", "B",
                              names=("marcus reid", "jamal carter"), followup="arrest")])
    (link,) = plan.links
    assert (link.action, link.event) == ("join", ev)
    assert "ARREST (arrest) 4 day(s) after the ATTACK" in link.reasons["follow-up"]
    reports = [Report(r.id, r.article, script_event(line)) for r, line in (
        (m.members[ev][0], f"ATTACK 2025-05-10 {DAYTON} killed=1"),
        (m.members[ev][1], f"ARREST 2025-05-14 {DAYTON} arrested=1"))]
    merged = merge_reports(ev, reports)
    assert merged.type == "ATTACK" and merged.date == DateRange.day(date(2025, 5, 10))
    assert set(merged.counts) == {"killed", "arrested"}


@pytest.mark.parametrize("line", [
    pytest.param(f"ARREST 2025-05-14 {DAYTON} arrested=1", id="no-name-shared"),
    pytest.param(f"ARREST 2025-07-14 {DAYTON} arrested=1", id="two-months-later"),
    pytest.param(f"ARREST 2025-05-04 {DAYTON} arrested=1", id="before-the-incident"),
])
def test_an_arrest_that_names_no_one_of_the_incident_stays_apart(line: str) -> None:
    m = Merger()
    incident(m)
    names = ("jamal carter",) if "no-name" in line or "2025-05-14" in line else ("marcus reed",)
    plan = m.add_article([rec(line, "B", names=names)])
    assert [link.action for link in plan.links] == ["found"]


def test_follow_up_telling_the_incident_too_joins_it_and_links_the_arrest() -> None:
    m = Merger()
    ev = incident(m)
    clues = {"names": ("marcus reid", "jamal carter"), "followup": "arrest"}
    plan = m.add_article([undated(f"ATTACK 2025-05-10 {DAYTON}", "B", "2025-05-15", "e1", **clues),
                          rec(f"ARREST 2025-05-14 {DAYTON} arrested=1", "B", "e2", **clues)])  # type: ignore[arg-type]
    actions = {link.record: (link.action, link.event) for link in plan.links}
    assert actions["B/e1"] == ("join", ev)  # never a second incident record
    assert actions["B/e2"][0] == "found"
    (related,) = plan.related
    assert (related.record, related.event) == ("B/e2", ev) and "follows up" in related.reason
    assert m.related == [related]
    assert len(m.events()) == 2


def test_vigil_a_week_later_joins_the_incident() -> None:
    m = Merger()
    ev = incident(m)
    plan = m.add_article([rec(f"PROTEST 2025-05-17 {DAYTON} participants=100", "C", names=("marcus reed",),
                              followup="vigil")])
    assert (plan.links[0].action, plan.links[0].event) == ("join", ev)
    assert "vigil" in plan.links[0].reasons["follow-up"]


def test_follow_up_told_before_its_incident_still_meets_it() -> None:
    m = Merger()
    m.add_article([rec(f"ARREST 2025-05-14 {DAYTON} arrested=1", "B", names=("marcus reed",))])
    plan = m.add_article([rec(f"ATTACK 2025-05-10 {DAYTON} killed=1", "A", names=("marcus reed",))])
    assert plan.links[0].action == "join" and plan.links[0].matched == "B/e1"


def test_a_new_report_is_not_vetoed_by_a_follow_up_it_does_not_match() -> None:
    m = Merger()
    ev = incident(m)
    m.add_article([rec(f"ARREST 2025-05-14 {DAYTON} arrested=1", "B", names=("marcus reed",))])
    plan = m.add_article([rec(f"ATTACK 2025-05-10 {DAYTON} killed=1", "C")])  # names no one
    assert (plan.links[0].action, plan.links[0].event) == ("join", ev)


# ---------------------------------------------------------------- round-ups

def two_incidents(m: Merger) -> tuple[str, str]:
    m.add_article([rec(f"ATTACK 2025-05-10 {DAYTON} killed=1", "A", names=("marcus reed",))])
    m.add_article([rec(f"ATTACK 2025-05-11 {DAYTON} injured=1", "B", names=("tyrone banks",))])
    return m.event_of["A/e1"], m.event_of["B/e1"]


@pytest.mark.parametrize("roundup", [True, False], ids=["told-as-round-up", "names-people-of-two-events"])
def test_a_round_up_is_merged_into_none_and_related_to_each(roundup: bool) -> None:
    m = Merger()
    first, second = two_incidents(m)
    plan = m.add_article([rec(f"ATTACK 2025-05-10 {DAYTON} killed=1 injured=2", "R",
                              names=("marcus reed", "tyrone banks") if not roundup else ("marcus reed",),
                              roundup=roundup)])
    assert [link.action for link in plan.links] == ["found"]
    assert "round-up" in plan.links[0].reasons["alone"]
    assert {r.event for r in plan.related} >= ({first, second} if not roundup else {first})
    assert len(m.events()) == 3


def test_blocks_follow_type_families_and_unknown_countries() -> None:
    m = Merger()
    m.add_article([rec(f"ATTACK 2025-05-10 {DAYTON}", "A")])
    assert m.candidates(rec(f"ARMED_CLASH 2025-05-10 {DAYTON}", "B"))
    assert m.candidates(rec("ATTACK 2025-05-10 -", "B"))  # no place: looked for in every country
    assert not m.candidates(rec(f"FIRE 2025-05-10 {DAYTON}", "B"))
    assert not m.candidates(rec(f"ARREST 2025-05-12 {DAYTON}", "B"))  # names no one: no follow-up lookup
    assert m.candidates(rec(f"ARREST 2025-05-30 {DAYTON}", "B", names=("x y",)))


def test_families_table() -> None:
    f = families()
    assert {f.family(t) for t in ("ATTACK", "ARMED_CLASH", "REPRESSION", "BOMBING")} == {"violence"}
    assert f.family("COUP") == "COUP" and f.types_of("COUP") == ("COUP",)
    assert f.is_followup("ARREST") and "violence" in f.followed()


def test_record_features_from_before_clues_read_as_unknown() -> None:
    r = rec(f"ATTACK 2025-05-10 {DAYTON}", "A", names=("marcus reed",), ages=(34,), sites=("elm street",))
    assert Record.from_dict(r.to_dict()) == r
    old = {k: v for k, v in r.to_dict().items() if k not in ("family", "names", "officials", "ages", "sites",
                                                             "admins", "roundup", "followup", "place_name")}
    back = Record.from_dict(old)
    assert (back.family, back.names, back.admins) == ("violence", frozenset(), ())


def test_two_records_of_one_person_are_not_a_round_up() -> None:
    # One incident left as two records (a duplicate): a report naming its victim joins one of them.
    first = Cluster("ev1", (rec(f"ATTACK 2025-05-10 {DAYTON} killed=1", "A", names=("marcus reed",)),))
    second = Cluster("ev2", (rec(f"ATTACK 2025-05-10 {DAYTON}", "B", names=("marcus reid",)),))
    plan = plan_article([rec(f"ATTACK 2025-05-10 {DAYTON} killed=1", "C", names=("marcus reed",))],
                        {"ev1": first, "ev2": second})
    assert (plan.links[0].action, plan.links[0].event) == ("join", "ev1")
    assert not plan.related


def test_a_vague_crowd_figure_is_no_evidence_for_two_protests() -> None:
    farmers = rec("PROTEST 2025-02-06 Nantes/FR/47.22/-1.55/2990969 agent=agriculteur:civilians "
                  "range:participants=200-999", "A")
    students = rec("PROTEST 2025-02-06 Nantes/FR/47.22/-1.55/2990969 agent=étudiant:civilians participants=400", "B")
    match = compare(farmers, students, P)
    assert not match.accepts(P) and "vague" in match.reasons["count participants"]
