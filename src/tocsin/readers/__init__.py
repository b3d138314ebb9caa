"""Readers: files, folders, stdin, bytes and strings in; `Article` (or `Rejected`, with why) out (docs/inputs.md)."""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path, PurePath

from ..errors import EmptyArticleError
from ..model import Article, DateRange, Rejected
from ..settings import Settings, default_settings
from .common import content_id, normalize_lang
from .dated import looks_dated, parse_published, read_dated
from .detect import check_encodings, records_in
from .files import STDIN, Source, iter_sources, read_source
from .stream import read_stream

__all__ = ["content_id", "count_articles", "parse_published", "read_bytes", "read_inputs", "read_text"]


def _as_range(published: DateRange | date | str | None) -> DateRange | None:
    if published is None or isinstance(published, DateRange):
        return published
    if isinstance(published, date):
        return DateRange.day(published)
    return parse_published(published)


def read_inputs(paths: Iterable[str | Path] | str | Path, *, published: DateRange | str | None = None,
                lang: str | None = None, settings: Settings | None = None) -> Iterator[Article | Rejected]:
    """Every article in `paths` (files, folders, `-`: stdin) in order; `published`/`lang` fill in what inputs omit."""
    settings = settings or default_settings()
    check_encodings(settings.input.fallback_encodings)
    fill_date = _as_range(published)
    fill_lang = normalize_lang(lang)
    if isinstance(paths, (str, PurePath)):
        paths = [paths]
    for source in iter_sources(paths):
        if isinstance(source, Rejected):
            yield source
        else:
            yield from read_source(source, published=fill_date, lang=fill_lang, settings=settings)


def count_articles(paths: Iterable[str | Path]) -> int | None:
    """About how many articles `read_inputs(paths)` will yield (JSONL lines, files in folders); None for stdin.

    For progress bars: it reads each JSONL file once, and counts an input that cannot be read as one.
    """
    paths = list(paths)
    if any(str(p) == STDIN for p in paths):
        return None
    total = 0
    for source in iter_sources(paths):
        if isinstance(source, Source) and source.path is not None:
            try:
                total += records_in(source.path, source.suffix)
            except OSError:
                total += 1
        else:
            total += 1
    return total


def read_bytes(data: bytes, *, name: str = "input", published: DateRange | str | None = None,
               lang: str | None = None, settings: Settings | None = None) -> Iterator[Article | Rejected]:
    """The articles in an uploaded file's bytes, read as `read_inputs` reads a file called `name`."""
    settings = settings or default_settings()
    check_encodings(settings.input.fallback_encodings)
    pure = PurePath(name)
    yield from read_stream(io.BytesIO(data), size=len(data), source_id=pure.stem or name, origin=name,
                           suffix=pure.suffix, published=_as_range(published), lang=normalize_lang(lang),
                           settings=settings)


def read_text(text: str, *, id: str | None = None, published: DateRange | date | str | None = None,
              title: str | None = None, lang: str | None = None) -> Article:
    """An Article whose text is `text` unchanged (a dated header is split); raises for blank text or a bad header."""
    if looks_dated(text):
        article = read_dated(text, id=id or content_id(text), lang=normalize_lang(lang))
        return article if article.title or title is None else replace(article, title=title)
    if not text.strip():
        raise EmptyArticleError("the text is empty: give the article's text")
    return Article(id=id or content_id(text), text=text, title=title, published=_as_range(published),
                   lang=normalize_lang(lang))
