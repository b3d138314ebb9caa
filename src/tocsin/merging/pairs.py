"""Pairwise quality of the cross-article merge on articles labelled with the real incident they report.

    >>> from tocsin.merging.pairs import read_corpus, measure
    >>> labelled = read_corpus(["tests/merging/corpus"])
    >>> scores = measure(labelled, "sqlite:///corpus.db")      # real extraction, ingest and merge
    >>> scores.precision, scores.recall, scores.f1

A pair of articles that report one incident is found when both end in one merged record (an article
is in every event one of its reports belongs to; a copy is in its original's). This is how the merge is
judged on real news: GDELT-style duplicates lower recall, wrong merges lower precision.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import combinations
from pathlib import Path
from typing import Any

import yaml

from ..errors import ConfigError

__all__ = ["LabelledArticle", "PairScores", "measure", "read_corpus", "score_pairs"]


@dataclass(frozen=True, slots=True)
class LabelledArticle:
    """An article of a merge corpus and the incident it reports (`near_miss`: one easy to confuse it with)."""

    id: str
    incident: str
    text: str
    title: str | None
    published: str | None
    lang: str | None
    near_miss: str | None = None

    def to_json(self) -> dict[str, Any]:
        """The article as a line of tocsin's JSONL input."""
        body = self.text.strip()
        text = f"{self.title}\n\n{body}" if self.title else body
        return {"id": self.id, "text": text, "title": self.title, "published": self.published, "lang": self.lang}


@dataclass(frozen=True, slots=True)
class PairScores:
    """Pairwise precision, recall and F1 of a merge against the incidents, and the pairs behind them."""

    true_pairs: int
    predicted_pairs: int
    correct: int
    reachable_pairs: int  # true pairs whose two articles both gave at least one event
    reachable_correct: int
    missed: tuple[tuple[str, str], ...] = ()
    wrong: tuple[tuple[str, str], ...] = ()
    no_events: tuple[str, ...] = ()
    near_misses_merged: tuple[tuple[str, str], ...] = ()
    events: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def precision(self) -> float:
        return self.correct / self.predicted_pairs if self.predicted_pairs else 1.0

    @property
    def recall(self) -> float:
        return self.correct / self.true_pairs if self.true_pairs else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def reachable_recall(self) -> float:
        """Recall over the pairs extraction gave the merge something to work with."""
        return self.reachable_correct / self.reachable_pairs if self.reachable_pairs else 1.0

    def summary(self) -> str:
        return (f"pairs: {self.true_pairs} true, {self.predicted_pairs} predicted, {self.correct} correct — "
                f"precision {self.precision:.3f}, recall {self.recall:.3f}, F1 {self.f1:.3f}; "
                f"recall where both articles gave events {self.reachable_recall:.3f} "
                f"({self.reachable_correct}/{self.reachable_pairs}); "
                f"{len(self.no_events)} articles without events; "
                f"{len(self.near_misses_merged)} near-miss pairs merged")


def score_pairs(incident_of: Mapping[str, str], events_of: Mapping[str, Collection[str]],
                near_miss: Mapping[str, str] | None = None) -> PairScores:
    """Pair scores of the events each article ended in (`events_of`) against its incident (`incident_of`)."""
    ids = sorted(incident_of)
    true = correct = predicted = reachable = reachable_correct = 0
    missed: list[tuple[str, str]] = []
    wrong: list[tuple[str, str]] = []
    near: list[tuple[str, str]] = []
    confusable = {(a, b) for a, b in (near_miss or {}).items()} | {(b, a) for a, b in (near_miss or {}).items()}
    for a, b in combinations(ids, 2):
        same = incident_of[a] == incident_of[b]
        together = bool(set(events_of.get(a, ())) & set(events_of.get(b, ())))
        both = bool(events_of.get(a)) and bool(events_of.get(b))
        true += same
        predicted += together
        correct += same and together
        if same and both:
            reachable += 1
            reachable_correct += together
        if same and not together:
            missed.append((a, b))
        if together and not same:
            wrong.append((a, b))
            if (incident_of[a], incident_of[b]) in confusable:
                near.append((a, b))
    return PairScores(true, predicted, correct, reachable, reachable_correct, tuple(missed), tuple(wrong),
                      tuple(i for i in ids if not events_of.get(i)), tuple(near),
                      {i: tuple(sorted(events_of.get(i, ()))) for i in ids})


def read_corpus(paths: Iterable[str | Path]) -> list[LabelledArticle]:
    """Labelled articles from YAML files (or folders of them): `lang`, then `articles` with `id`,
    `incident`, `published`, `title`, `text` and optionally `near_miss` (see tests/merging/corpus)."""
    files: list[Path] = []
    for p in map(Path, paths):
        files.extend(sorted(p.glob("*.yaml")) if p.is_dir() else [p])
    out: list[LabelledArticle] = []
    seen: set[str] = set()
    for f in files:
        try:
            data = yaml.safe_load(f.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError) as err:
            raise ConfigError(f"cannot read the merge corpus {f}: {err}") from err
        if not isinstance(data, dict) or not isinstance(data.get("articles"), list):
            raise ConfigError(f"{f} is not a merge corpus: it needs a list `articles` (see tests/merging/corpus)")
        for n, item in enumerate(data["articles"], 1):
            missing = [k for k in ("id", "incident", "text") if not item.get(k)]
            if missing:
                raise ConfigError(f"{f}, article {n}: missing {', '.join(missing)}")
            if item["id"] in seen:
                raise ConfigError(f"{f}: article id {item['id']!r} is used twice")
            seen.add(item["id"])
            published = item.get("published")
            out.append(LabelledArticle(
                id=str(item["id"]), incident=str(item["incident"]), text=str(item["text"]),
                title=item.get("title"), published=published.isoformat() if isinstance(published, date)
                else (str(published) if published else None), lang=item.get("lang") or data.get("lang"),
                near_miss=item.get("near_miss")))
    return out


def measure(articles: Sequence[LabelledArticle], store: Any, *, settings: Any = None, runner: Any = None,
            progress: bool = False) -> PairScores:
    """Ingest `articles` (in order) into `store` (a Store or URL) with the real pipeline, and score the merge."""
    from ..ingest import ingest
    from ..store import Store, open_store

    target: Store = open_store(store, settings=settings) if isinstance(store, str) else store
    try:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "corpus.jsonl"
            path.write_text("".join(json.dumps(a.to_json(), ensure_ascii=False) + "\n" for a in articles),
                            encoding="utf-8")
            ingest([path], target, settings, runner=runner, progress=progress)
        events_of: dict[str, set[str]] = {}
        original: dict[str, str] = {}
        for a in articles:
            stored = target.get_article(a.id)
            if stored is None:
                continue
            events_of[a.id] = set(stored.events)
            if stored.duplicate_of:
                original[a.id] = stored.duplicate_of
        by_key = {}
        for a in articles:
            stored = target.get_article(a.id)
            if stored is not None:
                by_key[stored.id] = a.id
        for copy, key in original.items():
            if key in by_key:
                events_of[copy] = events_of.get(by_key[key], set())
    finally:
        if isinstance(store, str):
            target.close()
    return score_pairs({a.id: a.incident for a in articles}, events_of,
                       {a.incident: a.near_miss for a in articles if a.near_miss})
