"""Small helpers shared by the readers: content ids, language codes, line endings, rejections."""

from __future__ import annotations

import hashlib

from ..errors import ArticleError
from ..model import ErrorInfo, Rejected


def content_id(text: str) -> str:
    """A stable id for an article that has none: the first 16 hex digits of the SHA-256 of its text."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def normalize_lang(value: str | None) -> str | None:
    """The primary subtag of a language tag, lowercased (`fr-FR` → `fr`); None when empty."""
    if value is None:
        return None
    primary = value.strip().replace("_", "-").split("-", 1)[0].lower()
    return primary or None


def normalize_newlines(text: str) -> str:
    """Windows and old Mac line endings as `\\n`, as Python's text mode would read them."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def rejected(err: ArticleError, *, id: str, origin: str | None, text: str = "") -> Rejected:
    """The Rejected value for an article error, keeping whatever text was read."""
    where = f"{origin}: " if origin and not err.message.startswith(origin) else ""
    return Rejected(id=id, error=ErrorInfo(err.code, f"{where}{err.message}"), origin=origin, text=text)
