"""The whole pipeline on real articles: the seed report's hard cases, and bad input in a batch."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

import tocsin
from tocsin.model import Article, ArticleResult, Event
from tocsin.readers import read_inputs

SAMPLES = Path(tocsin.__file__).parent / "samples"
SEED = SAMPLES / "kazakhstan-2022-01.txt"


@pytest.fixture(scope="module")
def seed() -> ArticleResult:
    (result,) = tocsin.extract_many(read_inputs([SEED]))
    assert result.error is None
    return result


@pytest.fixture(scope="module")
def seed_day_known() -> ArticleResult:
    article = next(iter(read_inputs([SEED])))
    assert isinstance(article, Article)
    return tocsin.extract(article.text, published="2022-01-06", title=article.title, id="seed-day")


def events(result: ArticleResult, kind: str) -> list[Event]:
    return [e for e in result.events if e.type == kind]


def test_pipeline_offsets_point_at_their_text(seed):
    spans = [m for e in seed.events for m in e.mentions] + [*seed.places, *seed.times, *seed.quantities]
    assert spans
    for s in spans:
        assert seed.text[s.start : s.end] == s.text


def test_pipeline_arrest_told_three_times_is_one_event(seed):
    arrests = events(seed, "ARREST")
    assert len(arrests) == 1
    (arrest,) = arrests
    assert len(arrest.mentions) >= 3
    count = arrest.counts["arrested"]
    assert (count.value, count.qualifier) == (2000, "approx")
    assert any(a.role == "agent" and a.kind == "state_forces" for a in arrest.actors)
    assert arrest.location is not None and arrest.location.name == "Almaty"


def test_pipeline_arrest_source_chain(seed):
    (arrest,) = events(seed, "ARREST")
    ministry = [s for s in arrest.sources if "Intérieur" in s.name]
    assert ministry and "TASS" in ministry[0].via


def test_pipeline_security_forces_toll_is_not_the_protesters(seed):
    toll = [e for e in seed.events if "killed" in e.counts and e.counts["killed"].value == 13]
    assert len(toll) == 1
    assert toll[0].counts["injured"].value == 353
    assert {a.kind for a in toll[0].actors if a.role == "victim"} == {"state_forces"}
    protesters = [e for e in seed.events if any(a.kind == "protesters" and a.role == "victim" for a in e.actors)]
    assert protesters and all(e.counts.get("killed") is None or e.counts["killed"].value != 13 for e in protesters)


def test_pipeline_month_only_dates_never_claim_a_day(seed):
    assert seed.published is not None and seed.published.precision == "month"
    assert all(e.date is None or e.date.precision != "day" for e in seed.events)
    (emergency,) = events(seed, "EMERGENCY")
    assert emergency.date is not None and emergency.date.weekday == "wednesday"


def test_pipeline_day_known_dates_resolve(seed_day_known):
    (emergency,) = events(seed_day_known, "EMERGENCY")
    assert emergency.date is not None and emergency.date.start == date(2022, 1, 5)
    deployments = events(seed_day_known, "DEPLOYMENT")
    assert any(d.date is not None and d.date.start == date(2022, 1, 6) for d in deployments)


def test_pipeline_planned_meeting_and_statements_are_not_in_almaty(seed):
    meetings = events(seed, "MEETING")
    assert meetings and meetings[0].modality == "planned"
    for kind in ("APPEAL", "CONDEMN"):
        for e in events(seed, kind):
            assert e.location is None or e.location.name != "Almaty"


def test_pipeline_bad_articles_keep_their_line_and_the_batch_goes_on():
    items = [
        Article(id="ok", text=SEED.read_text(encoding="utf-8").split(" . ", 1)[1], lang="fr"),
        Article(id="german", text="Die Polizei hat am Donnerstag in der Stadt zweitausend Menschen festgenommen."),
        Article(id="klingon", text="tlhIngan Hol Dajatlh'a'", lang="tlh"),
    ]
    results = list(tocsin.extract_many(items))
    assert [r.id for r in results] == ["ok", "german", "klingon"]
    assert results[0].error is None and results[0].events
    assert results[1].error is not None and results[1].error.code == "unsupported_language"
    assert results[2].error is not None and results[2].error.code == "unsupported_language"
    assert results[1].events == ()


def test_pipeline_public_api_is_explicit():
    for name in tocsin.__all__:
        assert hasattr(tocsin, name), name
