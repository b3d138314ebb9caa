"""Every language's examples, on the whole pipeline: the figures, agent, place and number of records."""

from __future__ import annotations

import re

import pytest

from tocsin import extract, lang
from tocsin.events.lexicon import EventsSection

from .conftest import installed_languages

CASES = [
    (code, ex)
    for code, ex in lang.examples("events", EventsSection)
    if code in installed_languages()
    and (
        ex.counts is not None
        or ex.agent
        or ex.agentless
        or ex.place
        or ex.modality
        or ex.records is not None
        or not ex.types
    )
]


@pytest.mark.parametrize(("code", "example"), CASES, ids=lambda v: v if isinstance(v, str) else v.text[:50])
def test_example_reads_right_on_the_whole_pipeline(code, example):
    result = extract(example.text, lang=code, published="2024-05-06")
    assert result.error is None
    events = result.events
    if example.records is not None:
        assert len(events) == example.records, [(e.type, e.trigger.text) for e in events]
    if not example.types:
        assert events == (), [(e.type, e.trigger.text) for e in events]
        return
    record = next((e for e in events if e.type == example.types[0]), None)
    assert record is not None, [(e.type, e.trigger.text) for e in events]
    if example.counts is not None:
        got = {key: count.value for key, count in record.counts.items()}
        assert got == example.counts
    if example.agent:
        agents = [a.text for a in record.actors if a.role == "agent"]
        assert any(example.agent in text for text in agents), agents
    if example.agentless:
        assert not [a.text for a in record.actors if a.role == "agent"], record.actors
    if example.place:
        assert record.location is not None and record.location.name == example.place
    if example.modality:
        assert record.modality == example.modality


@pytest.mark.parametrize("code", installed_languages())
def test_code_like_text_never_becomes_a_count(code):
    text = "<script>alert(1)</script> Deux personnes ont été blessées par balle. onerror=alert(3)"
    result = extract(text, lang=code)
    code_spans = [(m.start(), m.end()) for m in re.finditer(r"alert\(\d\)", text)]
    for event in result.events:
        for count in event.counts.values():
            assert count.start is not None
            assert not any(s <= count.start < e for s, e in code_spans), count


@pytest.mark.parametrize(
    ("code", "text", "threatened"),
    [
        ("en", "A French minister threatened today to impose import restrictions against German goods.", "SANCTION"),
        ("fr", "Les syndicats menacent de faire grève lundi à Lyon.", "STRIKE"),
        ("fr", "Le ministre a menacé de sanctionner les entreprises qui polluent la Loire.", "SANCTION"),
    ],
)
def test_a_threatened_act_is_no_asserted_event(code, text, threatened):
    events = extract(text, lang=code, published="2024-05-06").events
    assert [e.modality for e in events if e.type == "THREATEN"] == ["asserted"]
    assert [e.modality for e in events if e.type == threatened] == ["hypothetical"]


@pytest.mark.parametrize(
    ("code", "text"),
    [
        ("fr", "La préfecture a interdit la manifestation prévue samedi à Nantes."),
        ("en", "Authorities banned the march planned for Saturday in Leeds."),
    ],
)
def test_a_planned_event_keeps_its_date_to_come(code, text):
    (protest,) = [e for e in extract(text, lang=code, published="2024-06-10").events if e.type == "PROTEST"]
    assert protest.modality == "planned"
    assert protest.date is not None and str(protest.date.start) == "2024-06-15"
