"""A corpus of any size made from the bundled sample articles, for comparing runners and measuring them."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

from ..model import Article, ArticleResult, DateRange, ErrorInfo, Rejected
from ..readers import read_inputs
from ..settings import Settings
from .protocol import Item

SAMPLES = Path(__file__).resolve().parent.parent / "samples"

# Inputs every batch meets sooner or later; each must come back as an error line in its place.
BAD: tuple[Item, ...] = (
    Rejected(id="unreadable", error=ErrorInfo("binary", "the file holds binary data, not text"), origin="x.bin"),
    Article(id="german", text="Die Polizei hat am Donnerstag in Berlin zweitausend Demonstranten festgenommen."),
    Article(id="blank", text="   \n\n  "),
    Article(id="klingon", text="La police a arrêté dix manifestants.", lang="tlh"),
)


def _shift(published: DateRange | None, k: int) -> DateRange | None:
    """Another publication date of the same precision, `k` steps later (days, months or years)."""
    if published is None or k % 7 == 3:
        return None  # some articles come without a date
    if published.precision == "day":
        return DateRange.day(published.start + timedelta(days=k))
    if published.precision == "month":
        months = published.start.year * 12 + published.start.month - 1 + k
        return DateRange.month(months // 12, months % 12 + 1)
    return DateRange.year(published.start.year + k)


def sample_articles() -> list[Article]:
    """The bundled sample articles, as read from their files."""
    return [a for a in read_inputs([SAMPLES]) if isinstance(a, Article)]


def article_variants(n: int, *, bad: bool = True) -> list[Item]:
    """`n` articles varied from the samples (paragraphs, date, language, id); with `bad`, 1 in 50 must fail."""
    # The failing ones (unreadable, German, blank, an unknown language) compare runners on errors too.
    samples = sample_articles()
    out: list[Item] = []
    for i in range(n):
        if bad and i % 50 == 17:
            out.append(replace(BAD[(i // 50) % len(BAD)], id=f"bad~{i:05d}"))
            continue
        article = samples[i % len(samples)]
        k = i // len(samples)
        title, _, body = article.text.partition("\n")
        paragraphs = [p for p in body.split("\n\n") if p.strip()]
        first = k % len(paragraphs)
        kept = paragraphs[first:first + 1 + (k // len(paragraphs)) % 2]
        text = title + "\n" + "\n\n".join(kept)
        out.append(Article(id=f"{article.id}~{i:05d}", text=text, title=title, published=_shift(article.published, k),
                           lang=None if k % 3 else ("en" if article.text.isascii() else "fr"), url=article.url,
                           source=article.source))
    return out


def _published(published: DateRange | None) -> str | None:
    if published is None:
        return None
    return published.start.isoformat()[: {"day": 10, "month": 7}.get(published.precision, 4)]


def to_jsonl(items: Iterable[Item]) -> str:
    """The items as JSONL input (docs/inputs.md); a Rejected item becomes a line that is not JSON."""
    lines = []
    for item in items:
        if isinstance(item, Rejected):
            lines.append("{not json: " + item.id)
        else:
            lines.append(json.dumps({"id": item.id, "text": item.text, "title": item.title, "lang": item.lang,
                                     "published": _published(item.published)}, ensure_ascii=False))
    return "\n".join(lines) + "\n"


class FaultyPipeline:
    """A stand-in pipeline that fails on purpose: ids holding "raise" fail the batch, "crash" kill the process."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def run(self, items: Iterable[Item]) -> Iterator[ArticleResult]:
        batch = list(items)
        for item in batch:
            if "crash" in item.id:
                os._exit(3)  # what a segfault in a parser does to a worker
            if "raise" in item.id:
                raise RuntimeError(f"cannot parse {item.id}")
        for item in batch:
            yield item.to_result() if isinstance(item, Rejected) else ArticleResult(id=item.id, text=item.text)


__all__ = ["BAD", "SAMPLES", "FaultyPipeline", "article_variants", "sample_articles", "to_jsonl"]
