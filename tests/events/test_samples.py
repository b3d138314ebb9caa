"""The bundled sample articles read as a careful coder reads them."""

from __future__ import annotations

from pathlib import Path

import pytest

from tocsin import extract_many
from tocsin.model import ArticleResult
from tocsin.readers import read_inputs

SAMPLES = Path(__file__).resolve().parents[2] / "src" / "tocsin" / "samples"


@pytest.fixture(scope="module")
def results() -> dict[str, ArticleResult]:
    return {r.id: r for r in extract_many(read_inputs(sorted(SAMPLES.glob("*.txt"))))}


def _one(results: dict[str, ArticleResult], stem: str) -> ArticleResult:
    return next(r for key, r in results.items() if stem in key)


def test_var_floods_kill_two_and_displace_hundreds(results):
    events = [e for e in _one(results, "var-crues").events if e.type == "NATURAL_DISASTER"]
    assert len(events) == 1
    counts = events[0].counts
    assert counts["killed"].value == 2
    assert counts["displaced"].value >= 600


def test_brussels_figure_is_no_actor(results):
    for event in _one(results, "brussels").events:
        assert all(a.text.strip().lower() != "dozens" for a in event.actors)


def test_nantes_protest_keeps_both_estimates_and_its_own_date(results):
    result = _one(results, "nantes")
    protests = [e for e in result.events if e.type == "PROTEST" and e.modality == "asserted"]
    assert len(protests) == 1
    participants = protests[0].counts["participants"]
    assert (participants.value, participants.max) == (3200, 8000)
    assert result.published is not None
    assert protests[0].date is None or protests[0].date.start <= result.published.end
    planned = [e for e in result.events if e.type == "PROTEST" and e.modality == "planned"]
    assert planned and planned[0].date is not None and planned[0].date.start > result.published.end


def test_saint_fons_fire_is_one_record_at_saint_fons(results):
    fires = [e for e in _one(results, "saint-fons").events if e.type == "FIRE"]
    assert len(fires) == 1
    assert fires[0].location is not None and fires[0].location.name == "Saint-Fons"


def test_kazakhstan_report_is_one_record_per_real_event(results):
    events = _one(results, "kazakhstan").events
    assert 10 <= len(events) <= 13
    assert sum(e.type == "ARREST" for e in events) == 1
    killings = [e for e in events if e.type in ("REPRESSION", "ATTACK") and "killed" in e.counts]
    assert len(killings) == 1 and killings[0].type == "REPRESSION"
    # The protesters' deaths are the repression's toll, not the gunfire's as well.
    assert not any("killed" in e.counts for e in events if e.type == "ARMED_CLASH")


def test_kazakhstan_request_for_help_is_not_placed_in_the_state_asked(results):
    # "cette intervention militaire, demandée à la Russie et ses alliés": Russia names whom the
    # request went to, not where it was made, and stays a foreign state.
    (request,) = [e for e in _one(results, "kazakhstan").events if e.type == "REQUEST_AID"]
    assert request.location is None or request.location.country != "RU", request.location
    assert [a.kind for a in request.actors if a.name == "Russia"] == ["foreign_state"]
