"""Ingest with the real extraction pipeline (spaCy): one event for two articles, two events kept apart.

The back-end does not matter here (tests/store runs both): these run on SQLite, with one pipeline for all.
"""

from __future__ import annotations

import importlib.util
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tocsin.ingest import ingest
from tocsin.pipeline import Extractor
from tocsin.settings import Settings, load_settings
from tocsin.store import EventFilter, Store, open_store

pytestmark = pytest.mark.slow

ARTICLES = [
    {"id": "afp", "source": "AFP",
     "text": "La police a arrêté 300 manifestants jeudi à Lyon, selon la préfecture du Rhône."},
    {"id": "progres", "source": "Le Progrès",
     "text": "Jeudi à Lyon, la police a interpellé 280 manifestants lors d'un rassemblement contre la réforme, "
             "a indiqué le ministère de l'Intérieur."},
    {"id": "farmers", "source": "Le Progrès",
     "text": "Des agriculteurs ont manifesté jeudi à Lyon contre les normes européennes."},
    {"id": "students", "source": "AFP",
     "text": "Des étudiants ont manifesté jeudi à Lyon contre la hausse des frais d'inscription."},
]


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    settings = load_settings(environ={}, user_file=Path("/nonexistent/tocsin.yaml"))
    model = settings.nlp.models.get("fr", "")
    if not model or importlib.util.find_spec(model) is None:
        pytest.skip(f"the French spaCy model {model!r} is not installed")
    return Extractor(settings)


@pytest.fixture
def store(tmp_path: Path, settings: Settings) -> Iterator[Store]:
    s = open_store(f"sqlite:///{tmp_path}/pipeline.db", settings=settings)
    yield s
    s.close()


def test_ingest_real_pipeline_merges_across_articles(extractor: Extractor, store: Store, settings: Settings,
                                                     tmp_path: Path) -> None:
    path = tmp_path / "news.jsonl"
    path.write_text("\n".join(json.dumps({**a, "published": "2024-03-08", "lang": "fr"}, ensure_ascii=False)
                              for a in ARTICLES), encoding="utf-8")
    report = ingest([path], store, settings, runner=extractor)
    assert report.stats["stored"] == 4 and report.stats["failed"] == 0
    ext = {a.id: a.ext_id for a in store.list_articles().items}
    (arrest,) = store.list_events(EventFilter(types=("ARREST",))).items
    assert [ext[a] for a in arrest.article_ids] == ["afp", "progres"]
    assert [a.source for a in arrest.articles] == ["AFP", "Le Progrès"]
    arrested = arrest.counts["arrested"]
    assert (arrested.value, arrested.min, arrested.max) == (280, 280, 300)
    protests = store.list_events(EventFilter(types=("PROTEST",))).items
    by_article = {ext[e.article_ids[0]]: e for e in protests if len(e.article_ids) == 1}
    assert "farmers" in by_article and "students" in by_article  # same day, same city, different crowds
    again = ingest([path], store, settings, runner=extractor)
    assert again.stats["stored"] == 0 and again.stats["already"] == 4


def test_ingest_real_pipeline_bundled_samples(extractor: Extractor, store: Store, settings: Settings) -> None:
    samples = Path(__file__).resolve().parents[2] / "src" / "tocsin" / "samples"
    report = ingest([samples], store, settings, runner=extractor)
    assert report.stats["stored"] == len(list(samples.glob("*.txt")))
    assert store.totals()["events"] >= 5
