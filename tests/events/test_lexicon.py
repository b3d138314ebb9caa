"""The event stage's language data: every language's examples yield their types, actors and sources."""

from __future__ import annotations

import pytest

from tocsin import lang
from tocsin.events import extract_events, lexicon
from tocsin.events.actors import ActorFinder, Discourse
from tocsin.events.lexicon import ActorsSection, AttributionSection, EventsSection, token_keys
from tocsin.pipeline import prepared

from .conftest import installed_languages


def _examples(section: str, schema: type) -> list[tuple[str, object]]:
    return [(code, ex) for code, ex in lang.examples(section, schema) if code in installed_languages()]


def _events(code: str, text: str, model: str):
    nlp = prepared(model)
    return extract_events(nlp(text), lexicon(code, model), times=[], quantities=[], places=[])


@pytest.mark.parametrize(
    ("code", "example"), _examples("events", EventsSection), ids=lambda v: v if isinstance(v, str) else v.text[:40]
)
def test_events_examples_yield_their_types(code, example, model_for):
    got = sorted({e.type for e in _events(code, example.text, model_for(code))})
    assert got == sorted(set(example.types))


@pytest.mark.parametrize(
    ("code", "example"), _examples("actors", ActorsSection), ids=lambda v: v if isinstance(v, str) else v.text[:40]
)
def test_actors_examples_get_their_kind(code, example, model_for):
    model = model_for(code)
    doc = prepared(model)(example.text)
    finder = ActorFinder(doc, lexicon(code, model), [token_keys(t) for t in doc], [], Discourse())
    root = next(iter(doc.sents)).root
    actor = finder.at(root, "agent")
    assert actor is not None
    assert actor.kind == example.kind
    if example.name:
        assert actor.name == example.name


@pytest.mark.parametrize(
    ("code", "example"),
    _examples("attribution", AttributionSection),
    ids=lambda v: v if isinstance(v, str) else v.text[:40],
)
def test_attribution_examples_name_their_source(code, example, model_for):
    events = _events(code, example.text, model_for(code))
    assert events, "the example must report an event"
    sources = [s for e in events for s in e.sources]
    assert any(s.name == example.source for s in sources), sources
    for relay in example.via:
        assert any(relay in s.via for s in sources), sources


def test_every_language_folder_has_valid_event_data():
    for code in lang.available():
        if lang.has_section(code, "events"):
            data = lang.section(code, "events", EventsSection)
            assert data.triggers, f"{code} has no triggers"
            assert data.examples, f"{code} has no examples"


def test_unknown_event_type_in_language_data_is_rejected(tmp_path, monkeypatch):
    from tocsin.errors import LanguageDataError

    folder = tmp_path / "xx"
    folder.mkdir()
    (folder / "events.yaml").write_text("types: {}\ntriggers:\n  NOT_A_TYPE: [foo]\n", encoding="utf-8")
    monkeypatch.setenv("TOCSIN_LANG_PATH", str(tmp_path))
    lang.clear_cache()
    try:
        with pytest.raises(LanguageDataError, match="NOT_A_TYPE"):
            lang.section("xx", "events", EventsSection)
    finally:
        lang.clear_cache()


def test_multiword_condition_is_rejected(tmp_path, monkeypatch):
    from tocsin.errors import LanguageDataError

    folder = tmp_path / "xx"
    folder.mkdir()
    (folder / "events.yaml").write_text(
        "types: {}\ntriggers:\n  ARREST:\n    - {lemma: conduire, with: [poste de police]}\n", encoding="utf-8"
    )
    monkeypatch.setenv("TOCSIN_LANG_PATH", str(tmp_path))
    lang.clear_cache()
    try:
        with pytest.raises(LanguageDataError, match="single words"):
            lang.section("xx", "events", EventsSection)
    finally:
        lang.clear_cache()
