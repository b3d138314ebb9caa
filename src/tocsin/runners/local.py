"""The local runner: the pipeline in this process, one article batch after another."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from types import TracebackType

from ..model import ArticleResult
from ..settings import Settings, default_settings
from .protocol import Item, Pipeline, chunks, new_extractor, run_unit


class LocalRunner:
    """Runs the pipeline here, on one core; models load on first use and stay for later runs."""

    def __init__(self, settings: Settings | None = None, *,
                 pipeline: Callable[[Settings], Pipeline] = new_extractor) -> None:
        self.settings = settings or default_settings()
        self._make = pipeline
        self._pipeline: Pipeline | None = None

    @property
    def workers(self) -> int:
        return 1

    def run(self, items: Iterable[Item]) -> Iterator[ArticleResult]:
        """One result per item, in input order."""
        if self._pipeline is None:
            self._pipeline = self._make(self.settings)
        for unit in chunks(items, self.settings.runner.batch_size):
            yield from run_unit(self._pipeline, unit)

    def close(self) -> None:
        """Nothing to stop: the models stay loaded in this process (`tocsin.nlp` caches them)."""

    def __enter__(self) -> LocalRunner:
        return self

    def __exit__(self, kind: type[BaseException] | None, err: BaseException | None, tb: TracebackType | None) -> None:
        self.close()
