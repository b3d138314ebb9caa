"""RSS and Atom feeds: recognise them and list their entries (link, title, date, text when they carry it)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from ..model import DateRange

_FEED_START = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:rss|feed|rdf:RDF)\b", re.DOTALL)
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/feed+json")


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """One item of a feed."""

    id: str
    link: str | None
    title: str | None
    published: DateRange | None
    html: str  # the entry's own content (or summary), as HTML
    feed_title: str | None


def looks_like_feed(body: bytes, content_type: str = "") -> bool:
    """Whether bytes are an RSS or Atom document (judged by the content type, else the first element)."""
    kind = content_type.split(";", 1)[0].strip().lower()
    if kind in FEED_TYPES:
        return True
    return _FEED_START.match(body.lstrip(b"\xef\xbb\xbf")[:4096]) is not None


def _date(entry: Any) -> DateRange | None:
    for key in ("published_parsed", "updated_parsed"):
        value = entry.get(key)
        if value:
            try:
                return DateRange.day(date(value.tm_year, value.tm_mon, value.tm_mday))
            except (ValueError, AttributeError):
                continue
    return None


def parse_feed(body: bytes, *, url: str | None = None) -> list[FeedEntry]:
    """The entries of a feed, in the feed's order."""
    import feedparser

    parsed = feedparser.parse(body, response_headers={"content-location": url} if url else None)
    feed_title = (parsed.feed.get("title") or "").strip() or None
    entries = []
    for n, entry in enumerate(parsed.entries):
        contents = entry.get("content") or []
        html = max((c.get("value") or "" for c in contents), key=len, default="") or entry.get("summary") or ""
        link = entry.get("link") or None
        entries.append(FeedEntry(
            id=str(entry.get("id") or link or f"{url or 'feed'}#{n + 1}"), link=link,
            title=(entry.get("title") or "").strip() or None, published=_date(entry), html=html,
            feed_title=feed_title))
    return entries
