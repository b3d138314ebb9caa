"""Plain text with no header: the publication date is only known when the caller gives it."""

from __future__ import annotations

from ..errors import EmptyArticleError
from ..model import Article, DateRange
from .common import normalize_newlines


def read_plain(text: str, *, id: str, origin: str | None = None, published: DateRange | None = None,
               lang: str | None = None) -> Article:
    """The Article in a plain text file: line endings made `\\n`, surrounding white space dropped."""
    body = normalize_newlines(text).strip()
    if not body:
        raise EmptyArticleError("the file holds only white space: give it the article's text")
    return Article(id=id, text=body, published=published, lang=lang, origin=origin)
