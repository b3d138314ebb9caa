"""What `tocsin ingest` reads: paths (files, folders, JSONL, HTML), feed files, article URLs and feed URLs."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from html.parser import HTMLParser
from pathlib import Path

from ..errors import ArticleError, EmptyArticleError, FetchError
from ..model import Article, DateRange, ErrorInfo, Rejected
from ..readers import read_inputs
from ..readers.common import normalize_newlines
from ..readers.detect import decode
from ..readers.html import read_html
from ..settings import Settings
from .feeds import FeedEntry, looks_like_feed, parse_feed
from .fetch import Fetcher

FEED_SUFFIXES = frozenset({".xml", ".rss", ".atom", ".rdf"})


@dataclass(frozen=True, slots=True)
class Item:
    """An article read (or an input rejected, with why), and the URL it came from, if any."""

    article: Article | Rejected
    url: str | None = None


def is_url(value: str) -> bool:
    return value.startswith(("http://", "https://"))


class _Text(HTMLParser):
    """The text of an HTML fragment, a blank line after each block, so paragraphs stay apart."""

    BLOCKS = frozenset({"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip = max(0, self._skip - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def html_text(fragment: str) -> str:
    """Plain text of an HTML fragment (a feed entry's content), paragraphs separated by blank lines."""
    parser = _Text()
    parser.feed(fragment)
    parser.close()
    lines = [" ".join(line.split()) for line in normalize_newlines("".join(parser.parts)).split("\n")]
    paragraphs, current = [], []
    for line in lines:
        if line:
            current.append(line)
        elif current:
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    return "\n\n".join(paragraphs)


def _rejected(err: ArticleError, *, id: str, origin: str | None, url: str | None = None) -> Item:
    where = f"{origin}: " if origin and not err.message.startswith(origin) else ""
    return Item(Rejected(id=id, error=ErrorInfo(err.code, f"{where}{err.message}"), origin=origin), url)


class Sources:
    """Turns ingest inputs into Items; knows which URLs the store already holds (they are not fetched again)."""

    def __init__(self, settings: Settings, fetcher: Callable[[], Fetcher], known_url: Callable[[str], bool], *,
                 published: DateRange | None = None, lang: str | None = None) -> None:
        self.settings = settings
        self._fetcher_factory = fetcher
        self._fetcher: Fetcher | None = None
        self.known_url = known_url
        self.published = published
        self.lang = lang
        self.skipped_urls = 0
        self.fetched = 0

    @property
    def fetcher(self) -> Fetcher:
        if self._fetcher is None:
            self._fetcher = self._fetcher_factory()
        return self._fetcher

    def close(self) -> None:
        if self._fetcher is not None:
            self._fetcher.close()

    def items(self, inputs: list[str | Path]) -> Iterator[Item]:
        """Every article in `inputs`, in order."""
        for value in inputs:
            text = str(value)
            if is_url(text):
                yield from self._url(text)
                continue
            path = Path(text)
            if text != "-" and path.is_file() and self._is_feed_file(path):
                try:
                    body = path.read_bytes()
                except OSError as err:
                    yield _rejected(FetchError(f"cannot read the feed: {err.strerror}"), id=path.stem, origin=text)
                    continue
                yield from self._feed(body, origin=text, base=None)
                continue
            for article in read_inputs([value], published=self.published, lang=self.lang, settings=self.settings):
                yield Item(article, article.url if isinstance(article, Article) else None)

    def _is_feed_file(self, path: Path) -> bool:
        if path.suffix.lower() not in FEED_SUFFIXES:
            return False
        with path.open("rb") as handle:
            return looks_like_feed(handle.read(4096))

    def _url(self, url: str) -> Iterator[Item]:
        if self.known_url(url):
            self.skipped_urls += 1
            return
        try:
            fetched = self.fetcher.get(url)
        except FetchError as err:
            yield _rejected(err, id=url, origin=url, url=url)
            return
        self.fetched += 1
        if looks_like_feed(fetched.body, fetched.content_type):
            yield from self._feed(fetched.body, origin=url, base=fetched.url)
        else:
            yield self._page(fetched.body, url=url, published=self.published)

    def _page(self, body: bytes, *, url: str, published: DateRange | None,
              source: str | None = None, title: str | None = None) -> Item:
        try:
            text, _ = decode(body, self.settings.input.fallback_encodings)
            article = read_html(text, id=url, origin=url, published=published, lang=self.lang)
        except ArticleError as err:
            return _rejected(err, id=url, origin=url, url=url)
        # The URL asked for, not the page's canonical one: it is what a later run checks before fetching again.
        return Item(replace(article, url=url, source=article.source or source, title=article.title or title), url)

    def _feed(self, body: bytes, *, origin: str, base: str | None) -> Iterator[Item]:
        for entry in parse_feed(body, url=base):
            link = entry.link
            if link is not None and self.known_url(link):
                self.skipped_urls += 1
                continue
            yield self._entry(entry, origin)

    def _entry(self, entry: FeedEntry, origin: str) -> Item:
        text = html_text(entry.html)
        published = entry.published or self.published
        own = None
        if text:
            body = f"{entry.title}\n{text}" if entry.title and not text.startswith(entry.title) else text
            own = Article(id=entry.link or entry.id, text=body, title=entry.title, published=published, lang=self.lang,
                          url=entry.link, source=entry.feed_title, origin=origin)
        if entry.link is None or len(text) >= self.settings.ingest.feed_content_chars:
            if own is None:
                return _rejected(EmptyArticleError("the feed entry has neither text nor link"), id=entry.id,
                                 origin=origin)
            return Item(own, entry.link)
        try:
            fetched = self.fetcher.get(entry.link)
        except FetchError as err:
            # The feed's own summary is what the site offers for syndication: better than nothing.
            return Item(own, entry.link) if own is not None else _rejected(err, id=entry.link, origin=origin,
                                                                           url=entry.link)
        self.fetched += 1
        item = self._page(fetched.body, url=entry.link, published=published,
                          source=entry.feed_title, title=entry.title)
        if isinstance(item.article, Rejected) and own is not None:
            return Item(own, entry.link)
        return item
