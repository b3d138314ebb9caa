"""What a runner is: it runs the pipeline over a stream of articles and gives one result per article, in order."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Protocol, runtime_checkable

from ..errors import TocsinError
from ..model import Article, ArticleResult, ErrorInfo, Rejected
from ..settings import Settings

log = logging.getLogger(__name__)

Item = Article | Rejected


@runtime_checkable
class Runner(Protocol):
    """Runs the pipeline over articles, here or elsewhere: one result per item, in order, whatever fails."""

    # A third-party runner registers a factory `f(settings) -> Runner` in the entry point group
    # `tocsin.runners`; `close` may be called more than once.

    def run(self, items: Iterable[Item]) -> Iterator[ArticleResult]:
        """One result per item, in input order."""
        ...

    def close(self) -> None:
        """Stop the workers this runner started."""
        ...


def new_extractor(settings: Settings) -> Pipeline:
    """The real pipeline, `tocsin.pipeline.Extractor`, which loads its models on first use."""
    from ..pipeline import Extractor

    return Extractor(settings)


class Pipeline(Protocol):
    """The part of `tocsin.pipeline.Extractor` a runner uses (tests put a stand-in there)."""

    def run(self, items: Iterable[Item]) -> Iterator[ArticleResult]: ...


def chunks(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    """`items` in lists of `size` (the last one shorter), read lazily."""
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def failed(item: Item, err: BaseException, code: str = "internal_error") -> ArticleResult:
    """The error line of an item whose processing raised `err`."""
    if isinstance(item, Rejected):
        return item.to_result()
    if isinstance(err, TocsinError):
        info = ErrorInfo(err.code, err.message)
    else:
        info = ErrorInfo(code, f"{type(err).__name__}: {err}")
    return ArticleResult(id=item.id, text=item.text, title=item.title, published=item.published, url=item.url,
                         source=item.source, error=info)


def run_unit(pipeline: Pipeline, unit: list[Item]) -> list[ArticleResult]:
    """Results for one unit of work; an error that escapes the pipeline costs only the article that caused it."""
    try:
        results = list(pipeline.run(unit))
    except Exception:
        # The pipeline already turns an article's own failure into its error line; reaching here means a
        # batch-level failure (a parser crash on one text), so each article is run alone to find the culprit.
        log.exception("a batch of %d articles failed; running them one at a time", len(unit))
        results = []
        for item in unit:
            try:
                results.extend(pipeline.run([item]))
            except Exception as err:
                results.append(failed(item, err))
    if len(results) != len(unit):
        raise TocsinError(f"the pipeline gave {len(results)} results for {len(unit)} articles: a runner "
                          f"needs exactly one per article")
    return results
