"""The extraction pipeline: articles in, one ArticleResult per article out, in input order."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import TYPE_CHECKING

from .errors import ArticleError, TocsinError, TooLargeError
from .model import Article, ArticleResult, DateRange, ErrorInfo, Rejected
from .settings import Settings, default_settings

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from .geocode import Geocoder

log = logging.getLogger(__name__)

PARAGRAPHS = "tocsin_paragraphs"


_SENTENCE_ENDS = frozenset({".", "!", "?", "…", "...", ";", ":", "»", "«", '"', "”", "“", ")", "]", "—", "–", "-"})


def _paragraph_boundaries(doc: Doc) -> Doc:
    """Start a sentence after every line break, and only there or after a sentence's last mark.

    Headings and paragraphs are never glued together, and the parser never cuts a sentence where
    nothing ends it ("Entre 4 500 personnes, selon la police, et 12 000, … ont défilé" is one).
    """
    for i in range(1, len(doc)):
        prev = doc[i - 1]
        if (prev.is_space and "\n" in prev.text) or "\n" in prev.whitespace_:
            if not doc[i].is_space:
                doc[i].is_sent_start = True
        elif not doc[i].is_space and not (prev.text in _SENTENCE_ENDS or prev.text[-1:] in ".!?…" or prev.is_space):
            doc[i].is_sent_start = False
    return doc


def prepared(model: str) -> Language:
    """The spaCy pipeline `model` with tocsin's sentence-boundary rule added (once)."""
    from spacy.language import Language as SpacyLanguage

    from .nlp import pipeline

    if PARAGRAPHS not in SpacyLanguage.factories:
        SpacyLanguage.component(PARAGRAPHS, func=_paragraph_boundaries)
    nlp = pipeline(model)
    if PARAGRAPHS not in nlp.pipe_names:
        before = "parser" if "parser" in nlp.pipe_names else None
        if before:
            nlp.add_pipe(PARAGRAPHS, before=before)
        else:
            nlp.add_pipe(PARAGRAPHS, first=True)
    return nlp


class Extractor:
    """Runs every stage on articles; models, language data and the geocoder are loaded once."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or default_settings()
        self._geocoder: Geocoder | None = None

    @property
    def geocoder(self) -> Geocoder:
        if self._geocoder is None:
            from .geocode import get_geocoder

            self._geocoder = get_geocoder(self.settings)
        return self._geocoder

    def language_of(self, article: Article) -> str:
        """The article's declared language, else the detected one; unsupported ones raise."""
        from .nlp import identify_language, model_for

        code = article.lang
        if not code:
            found = identify_language(article.text, self.settings.nlp)
            if found.fallback:
                log.warning("article %s is too short to tell its language (best guess %r at %.2f): read as %r "
                            "(nlp.default_language); give it with --lang or a 'lang' field",
                            article.id, found.guess, found.score, found.lang)
            code = found.lang
        code = code.lower().split("-")[0]
        model_for(code, self.settings.nlp.models, self.settings.nlp.languages)
        return code

    def run(self, items: Iterable[Article | Rejected]) -> Iterator[ArticleResult]:
        """Results for `items`, in order; an article that fails gets a result with its error."""
        batch = self.settings.nlp.batch_size * 4
        it = iter(items)
        while chunk := list(islice(it, batch)):
            yield from self._run_chunk(chunk)

    def _run_chunk(self, chunk: list[Article | Rejected]) -> list[ArticleResult]:
        from .nlp import model_for

        results: dict[int, ArticleResult] = {}
        groups: dict[str, list[tuple[int, Article]]] = {}
        for n, item in enumerate(chunk):
            if isinstance(item, Rejected):
                results[n] = item.to_result()
                continue
            try:
                code = self.language_of(item)
            except ArticleError as err:
                results[n] = _failed(item, err)
                continue
            groups.setdefault(code, []).append((n, item))
        for code, members in groups.items():
            try:
                nlp = prepared(model_for(code, self.settings.nlp.models, self.settings.nlp.languages))
            except TocsinError as err:
                for n, article in members:
                    results[n] = _failed(article, err)
                continue
            fits = []
            for n, article in members:
                if len(article.text) > nlp.max_length:
                    results[n] = _failed(
                        article,
                        TooLargeError(
                            f"the text has {len(article.text):,} characters, more than the parser's limit of "
                            f"{nlp.max_length:,}; split the article or raise nlp.max_length"
                        ),
                    )
                else:
                    fits.append((n, article))
            docs = nlp.pipe((a.text for _, a in fits), batch_size=self.settings.nlp.batch_size)
            for (n, article), doc in zip(fits, docs, strict=True):
                try:
                    results[n] = self.analyse(article, doc, code)
                except TocsinError as err:
                    results[n] = _failed(article, err)
                except Exception as err:  # one broken article must not stop a batch; it is reported, not hidden
                    log.exception("article %s failed", article.id)
                    results[n] = _failed(article, err, code="internal_error")
        return [results[n] for n in range(len(chunk))]

    def analyse(self, article: Article, doc: Doc, code: str) -> ArticleResult:
        """Every stage on one parsed article."""
        from .events import extract_events, lexicon
        from .mentions.places import find_places
        from .mentions.quantities import find_quantities
        from .mentions.times import find_times
        from .nlp import model_for

        text = article.text
        times = find_times(text, code, article.published)
        quantities = find_quantities(text, code)
        places = find_places(doc, code, self.geocoder)
        lex = lexicon(code, model_for(code, self.settings.nlp.models, self.settings.nlp.languages))
        events = extract_events(
            doc, lex, times=times, quantities=quantities, places=places, published=article.published
        )
        return ArticleResult(
            id=article.id,
            text=text,
            lang=code,
            title=article.title,
            published=article.published,
            events=tuple(events),
            places=tuple(places),
            times=tuple(times),
            quantities=tuple(quantities),
            url=article.url,
            source=article.source,
        )


def _failed(article: Article, err: Exception, code: str | None = None) -> ArticleResult:
    error_code = str(code or getattr(err, "code", None) or "error")
    message = getattr(err, "message", None) or f"{type(err).__name__}: {err}"
    return ArticleResult(
        id=article.id,
        text=article.text,
        title=article.title,
        published=article.published,
        url=article.url,
        source=article.source,
        error=ErrorInfo(error_code, message),
    )


def extract(
    text: str,
    *,
    published: str | DateRange | None = None,
    lang: str | None = None,
    id: str | None = None,
    title: str | None = None,
    settings: Settings | None = None,
) -> ArticleResult:
    """Extract the events of one article's text (`published` as 'YYYY[-MM[-DD]]' or a DateRange)."""
    from .readers import parse_published, read_text

    when = parse_published(published) if isinstance(published, str) else published
    article = read_text(text, id=id, published=when, title=title, lang=lang)
    return next(iter(Extractor(settings).run([article])))


def extract_many(
    items: Iterable[Article | Rejected | str], *, settings: Settings | None = None
) -> Iterator[ArticleResult]:
    """Stream results for many articles (Article values, or plain texts), in input order."""
    from .readers import read_text

    def articles() -> Iterator[Article | Rejected]:
        for item in items:
            yield read_text(item) if isinstance(item, str) else item

    return Extractor(settings).run(articles())
