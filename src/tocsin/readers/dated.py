"""Publication dates (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`) and the dated article format built on them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from ..errors import BadHeaderError, EmptyArticleError
from ..model import Article, DateRange
from .common import normalize_newlines

_DATE = re.compile(r"(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?")
# A full ISO timestamp (scraped JSONL often has one): only its calendar date is kept, as written,
# because the publisher's local day is what "jeudi" in the text is counted from.
_TIMESTAMP = re.compile(r"(?P<date>\d{4}-\d{2}-\d{2})[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?")

# `date` opens a header when it is the first word: lowercase as the format writes it, or any case
# when a digit follows (so that "Date palms…" or "DATELINE" stay plain text).
_HEADER_START = re.compile(r"\A\s*(?:date(?=\s|\Z)|(?i:date)(?=\s+\d))")
_HEADER = re.compile(r"\A\s*(?i:date)\s+(?P<date>\S+)(?P<rest>.*)\Z", re.DOTALL)
# The lone dot between title and body: white space on both sides (or the end of the text).
_SEPARATOR = re.compile(r"\s\.(?=\s|\Z)")

FORMAT_HINT = "write it as `date YYYY[-MM[-DD]] Title . Body`, e.g. `date 2022-01 La crise est majeure . La police…`"


def parse_published(value: str) -> DateRange:
    """A publication date `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (or an ISO timestamp) as a DateRange."""
    raw = value.strip()
    stamp = _TIMESTAMP.fullmatch(raw)
    if stamp:
        raw = stamp["date"]
    match = _DATE.fullmatch(raw)
    if not match:
        raise BadHeaderError(
            f"invalid publication date {value!r}: expected YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2022, 2022-01, 2022-01-06)"
        )
    year = int(match["year"])
    if year < 1:
        raise BadHeaderError(f"invalid publication date {value!r}: year 0000 does not exist")
    if match["month"] is None:
        return DateRange.year(year)
    month = int(match["month"])
    if not 1 <= month <= 12:
        raise BadHeaderError(f"invalid publication date {value!r}: month {month:02d} is not between 01 and 12")
    if match["day"] is None:
        return DateRange.month(year, month)
    try:
        return DateRange.day(date(year, month, int(match["day"])))
    except ValueError:
        raise BadHeaderError(f"invalid publication date {value!r}: there is no such day") from None


def looks_dated(text: str) -> bool:
    """Whether `text` opens with the `date` header of a dated article (well formed or not)."""
    return _HEADER_START.match(text) is not None


@dataclass(frozen=True, slots=True)
class DatedArticle:
    """A dated article split into its parts; `text` is the title, a newline, then the body."""

    published: DateRange
    title: str | None
    body: str

    @property
    def text(self) -> str:
        if self.title is None:
            return self.body
        return f"{self.title}\n{self.body}" if self.body else self.title


def parse_dated(text: str) -> DatedArticle:
    """Split a dated article (`date YYYY[-MM[-DD]] Title . Body`); BadHeaderError when malformed."""
    match = _HEADER.match(text)
    if not match:
        raise BadHeaderError(f"the text starts with `date` but no date follows: {FORMAT_HINT}")
    try:
        published = parse_published(match["date"])
    except BadHeaderError as err:
        raise BadHeaderError(f"dated article header: {err.message}; {FORMAT_HINT}") from None
    rest = match["rest"]
    sep = _SEPARATOR.search(rest)
    if sep is None:
        raise BadHeaderError(f"dated article header has no lone ` . ` between the title and the body: {FORMAT_HINT}")
    title = rest[: sep.start()].strip()
    # A blank line inside the "title" means the separator found is really a dot deep in the body.
    if re.search(r"\n[ \t]*\n", title):
        raise BadHeaderError(
            f"dated article header: no ` . ` ends the title before the first blank line: {FORMAT_HINT}"
        )
    return DatedArticle(published=published, title=title or None, body=rest[sep.end():].strip())


def read_dated(text: str, *, id: str, origin: str | None = None, lang: str | None = None) -> Article:
    """The Article in a dated article file: the header's date is the publication date."""
    dated = parse_dated(normalize_newlines(text))
    if not dated.text:
        raise EmptyArticleError(f"the dated article has neither a title nor a body: {FORMAT_HINT}")
    return Article(id=id, text=dated.text, title=dated.title, published=dated.published, lang=lang, origin=origin)
