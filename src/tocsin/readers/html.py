"""HTML pages: the main text, title, date, URL and site name, extracted with trafilatura."""

from __future__ import annotations

import re
from typing import Any

from ..errors import BadHeaderError, EmptyArticleError
from ..model import Article, DateRange
from .common import normalize_lang, normalize_newlines
from .dated import parse_published

_HTML_LANG = re.compile(r"<html\b[^>]*?\blang\s*=\s*[\"']?([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]+)*)", re.IGNORECASE)
# Only dates the page states in its markup: a date guessed from the running text could be any date it mentions.
_DATE_PARAMS = {"original_date": True, "extensive_search": False}


def _extract(html: str) -> Any:
    import trafilatura  # imported on first use: it is slow to import and most inputs are not HTML

    return trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=False, include_tables=False, include_images=False,
        date_extraction_params=_DATE_PARAMS,
    )


def read_html(html: str, *, id: str, origin: str | None = None, published: DateRange | None = None,
              lang: str | None = None) -> Article:
    """The article in an HTML page: text is the title, a newline, then the main text (as for dated files)."""
    doc = _extract(html)
    body = normalize_newlines(str(getattr(doc, "text", None) or "")).strip() if doc is not None else ""
    if not body:
        raise EmptyArticleError(
            "no main text found in the HTML page: give the page's article text as a text or JSONL file instead"
        )
    title = (getattr(doc, "title", None) or "").strip() or None
    # trafilatura often keeps the page's <h1> as the first line of the text; the title is not repeated.
    text = f"{title}\n{body}" if title and body.split("\n", 1)[0].strip() != title else body
    stated: DateRange | None = None
    raw_date = getattr(doc, "date", None)
    if raw_date:
        try:
            stated = parse_published(str(raw_date))
        except BadHeaderError:
            stated = None
    match = _HTML_LANG.search(html[:8192])
    return Article(
        id=id,
        text=text,
        title=title,
        published=stated or published,
        lang=normalize_lang(match.group(1) if match else None) or lang,
        url=(getattr(doc, "url", None) or None),
        source=(getattr(doc, "sitename", None) or getattr(doc, "hostname", None) or None),
        origin=origin,
    )
