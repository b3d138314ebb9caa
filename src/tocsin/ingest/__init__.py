"""Ingest: read articles from paths, feeds and URLs into a store, extracting and merging their events.

Idempotent (an article is keyed by the hash of its text, and a URL already read is not fetched again) and
resumable (each article is stored in its own transaction, so a run killed half-way leaves only whole
articles, and a rerun picks up where it stopped and ends with the same store).

    >>> from tocsin.ingest import ingest
    >>> report = ingest(["articles/", "https://example.org/feed.xml"], "sqlite:///events.db")
    >>> report.stats["stored"], report.stats["copies"]
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any, Literal, Protocol

from ..model import Article, ArticleResult, DateRange, Rejected
from ..readers import content_id, count_articles, parse_published
from ..settings import Settings, default_settings
from ..store import ArticleMeta, Store, open_store
from .dedup import Deduplicator, Fingerprint
from .feeds import FeedEntry, looks_like_feed, parse_feed
from .fetch import Fetched, Fetcher
from .sources import Item, Sources, html_text, is_url

__all__ = [
    "Deduplicator",
    "FeedEntry",
    "Fetched",
    "Fetcher",
    "IngestReport",
    "Problem",
    "Runner",
    "html_text",
    "ingest",
    "is_url",
    "looks_like_feed",
    "parse_feed",
    "watch",
]

log = logging.getLogger(__name__)

STAT_KEYS = ("read", "stored", "already", "copies", "failed", "rejected", "reports", "new_events",
             "joined_events", "split_events", "fetched", "urls_skipped")


class Runner(Protocol):
    """What extracts events: `tocsin.pipeline.Extractor`, or anything with the same `run`."""

    def run(self, items: Iterable[Article | Rejected]) -> Iterator[ArticleResult]: ...


@dataclass(slots=True)
class IngestReport:
    """What one ingest run did: its id in the store and its counts."""

    run: int
    stats: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STAT_KEYS, 0))
    status: str = "running"

    def summary(self) -> str:
        s = self.stats

        def n(key: str, one: str, many: str) -> str:
            return f"{s[key]} {one if s[key] == 1 else many}"

        parts = [f"{s['read']} read", f"{s['stored']} stored", f"{s['already']} already in the store"]
        if s["copies"]:
            parts.append(n("copies", "copy of another article", "copies of other articles") + " (counted once)")
        if s["failed"]:
            parts.append(f"{s['failed']} failed (kept with their error)")
        if s["rejected"]:
            parts.append(f"{s['rejected']} rejected")
        parts.append(f"{n('reports', 'event report', 'event reports')}: {n('new_events', 'new event', 'new events')}, "
                     f"{s['joined_events']} joined known ones")
        if s["split_events"]:
            parts.append(n("split_events", "event split", "events split"))
        return ", ".join(parts)


@dataclass(frozen=True, slots=True)
class Problem:
    """An input of a run that was rejected (not stored) or failed (stored with its error), and why."""

    kind: Literal["rejected", "failed"]
    id: str
    origin: str | None
    url: str | None
    code: str
    message: str


def _copy_result(article: Article) -> ArticleResult:
    # A copy is not analysed: its events are those of the article it copies.
    return ArticleResult(id=article.id, text=article.text, lang=article.lang, title=article.title,
                         published=article.published, url=article.url, source=article.source)


class _Ingest:
    def __init__(self, store: Store, settings: Settings, runner: Callable[[], Runner], report: IngestReport,
                 reprocess: bool, on_problem: Callable[[Problem], None] | None = None) -> None:
        self.on_problem = on_problem
        self.store = store
        self.settings = settings
        self._runner_factory = runner
        self._runner: Runner | None = None
        self.report = report
        self.reprocess = reprocess
        self.dedup = Deduplicator(settings.ingest.near_duplicate, settings.ingest.shingle_words)
        self.seen: set[str] = set()

    @property
    def runner(self) -> Runner:
        if self._runner is None:
            self._runner = self._runner_factory()
        return self._runner

    def chunk(self, items: Sequence[Item], tick: Callable[[int], None]) -> None:
        """Store a chunk of items in input order; only new, original articles are extracted."""
        stats = self.report.stats
        plan: list[tuple[str, Item, str, ArticleMeta]] = []
        fresh: list[Article] = []
        keys = {id(item): content_id(item.article.text) for item in items if isinstance(item.article, Article)}
        stored = self.store.known(list(keys.values()))
        prints: dict[str, Fingerprint | None] = {}
        if self.dedup.enabled:
            prints = {key: self.dedup.fingerprint(item.article.text) for item in items
                      if (key := keys.get(id(item))) is not None and key not in self.seen
                      and (key not in stored or self.reprocess)}
        bands = sorted({b for fp in prints.values() if fp is not None for b in fp.bands})
        # One query for the batch; each article still only considers articles sharing one of its bands.
        similar = self.store.band_matches(bands) if bands else []
        for item in items:
            article = item.article
            if isinstance(article, Rejected):
                plan.append(("rejected", item, "", ArticleMeta()))
                continue
            stats["read"] += 1
            key = keys[id(item)]
            if key in self.seen or (key in stored and not self.reprocess):
                stats["already"] += 1
                plan.append(("skip", item, key, ArticleMeta()))
                continue
            self.seen.add(key)
            if key in stored:
                self.store.delete_article(key)
                similar = [(aid, sig) for aid, sig in similar if aid != key]
            fp = prints.get(key)
            meta = ArticleMeta(origin=article.origin, signature=fp.signature if fp else None,
                               bands=fp.bands if fp else ())
            original = self.dedup.best(fp, similar) if fp is not None else None
            if original is not None:
                meta = ArticleMeta(meta.origin, meta.signature, meta.bands, original[0], original[1])
                plan.append(("copy", item, key, meta))
                continue
            if fp is not None:
                self.dedup.remember(key, fp)
            plan.append(("new", item, key, meta))
            fresh.append(article)
        results = iter(self.runner.run(fresh)) if fresh else iter(())
        run = self.report.run
        for kind, item, key, meta in plan:
            article = item.article
            if isinstance(article, Rejected):
                stats["rejected"] += 1
                self.store.add_rejected(article.id, article.error.code, article.error.message,
                                        origin=article.origin, url=item.url, run=run)
                if self.on_problem is not None:
                    self.on_problem(Problem("rejected", article.id, article.origin, item.url, article.error.code,
                                            article.error.message))
            elif kind == "copy":
                added = self.store.add_article(key, _copy_result(article), meta, run=run)
                stats["copies"] += added.stored
            elif kind == "new":
                result = next(results)
                added = self.store.add_article(key, result, meta, run=run)
                if added.stored:
                    stats["stored"] += 1
                    stats["failed"] += result.error is not None
                    if result.error is not None and self.on_problem is not None:
                        self.on_problem(Problem("failed", article.id, article.origin, item.url, result.error.code,
                                                result.error.message))
                    stats["reports"] += added.reports
                    stats["new_events"] += len(added.new_events)
                    stats["joined_events"] += len(added.joined_events)
                    stats["split_events"] += len(added.split_events)
                else:  # another ingester stored it meanwhile
                    stats["already"] += 1
            tick(1)


def ingest(inputs: Iterable[str | Path], store: Store | str | None = None, settings: Settings | None = None, *,
           published: DateRange | str | None = None, lang: str | None = None, runner: Runner | None = None,
           progress: bool = False, reprocess: bool = False, fetcher: Fetcher | None = None,
           on_problem: Callable[[Problem], None] | None = None) -> IngestReport:
    """Read paths, folders, feed files, article and feed URLs into `store` (a Store, a URL, or None: configured)."""
    # reprocess: extract again the articles already stored (after an upgrade), replacing their reports.
    # on_problem: called with each input of the run that is rejected or fails, as it happens.
    settings = settings or default_settings()
    owned = store is None or isinstance(store, str)
    target = open_store(store, settings=settings) if store is None or isinstance(store, str) else store
    paths = list(inputs)
    when = parse_published(published) if isinstance(published, str) else published
    run = target.start_run([str(p) for p in paths])
    report = IngestReport(run)

    def make_runner() -> Runner:
        if runner is not None:
            return runner
        from ..pipeline import Extractor

        return Extractor(settings)

    sources = Sources(settings, (lambda: fetcher) if fetcher is not None else (lambda: Fetcher(settings.fetch)),
                      target.has_url, published=when, lang=lang)
    work = _Ingest(target, settings, make_runner, report, reprocess, on_problem)
    from tqdm import tqdm

    # A total (hence an ETA) when every input is a local file or folder; feeds and URLs have none.
    total = None if not progress or any(is_url(str(p)) for p in paths) else count_articles(paths)
    bar = tqdm(desc="ingest", unit="art", total=total, disable=not progress, file=sys.stderr, dynamic_ncols=True)
    size = settings.nlp.batch_size * 4
    try:
        items = sources.items(paths)
        while chunk := list(islice(items, size)):
            work.chunk(chunk, bar.update)
        report.status = "done"
    except KeyboardInterrupt:
        report.status = "interrupted"
        raise
    except BaseException:
        report.status = "failed"
        raise
    finally:
        bar.close()
        report.stats["fetched"] = sources.fetched
        report.stats["urls_skipped"] = sources.skipped_urls
        if fetcher is None:
            sources.close()
        try:
            target.finish_run(run, report.stats, report.status)
        finally:
            if owned:
                target.close()
    return report


def watch(inputs: Sequence[str | Path], store: Store | str | None = None, settings: Settings | None = None, *,
          every: float = 900.0, rounds: int | None = None, **options: Any) -> Iterator[IngestReport]:
    """Ingest `inputs` again every `every` seconds (feeds, folders that grow): one report per round."""
    done = 0
    while rounds is None or done < rounds:
        started = time.monotonic()
        yield ingest(inputs, store, settings, **options)
        done += 1
        if rounds is None or done < rounds:
            time.sleep(max(0.0, every - (time.monotonic() - started)))
