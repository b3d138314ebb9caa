"""JSONL input: one article per line, read as a stream so that a large file never sits in memory."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date
from typing import IO, Any, cast, get_args

from ..errors import ArticleError, BadHeaderError, BadRecordError, EmptyArticleError, TooLargeError
from ..model import Article, DatePrecision, DateRange, Rejected
from .common import content_id, normalize_lang, rejected
from .dated import parse_published
from .detect import decode

CHUNK = 1 << 16
RECORD_HINT = 'each line must be a JSON object such as {"id": "a1", "text": "…", "published": "2022-01-06"}'


def iter_lines(head: bytes, stream: IO[bytes], limit: int) -> Iterator[tuple[int, bytes | None]]:
    """(line number, bytes) for each line; None for a line longer than `limit` bytes, which is skipped unread."""
    buf = bytearray(head)
    lineno = 0
    skipping = False
    while True:
        newline = buf.find(b"\n")
        if newline >= 0:
            lineno += 1
            line = bytes(buf[:newline])
            del buf[: newline + 1]
            yield lineno, None if skipping or len(line) > limit else line
            skipping = False
            continue
        if len(buf) > limit:
            # Drop what was read of an oversized line instead of growing the buffer until its end.
            skipping = True
            buf.clear()
        chunk = stream.read(CHUNK)
        if not chunk:
            if skipping or buf:
                yield lineno + 1, None if skipping or len(buf) > limit else bytes(buf)
            return
        buf += chunk


def _optional_str(record: Mapping[str, Any], key: str) -> str | None:
    value = record.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise BadRecordError(f"field {key!r} must be a string or null, not {type(value).__name__}; {RECORD_HINT}")
    return value.strip() or None


def record_id(record: Mapping[str, Any]) -> str | None:
    """The id a record gives itself (strings, or integers as written), else None."""
    value = record.get("id")
    if isinstance(value, str) and value.strip():
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return None


def _published(value: Any) -> DateRange | None:
    if value is None:
        return None
    if isinstance(value, str):
        try:
            return parse_published(value)
        except BadHeaderError as err:
            raise BadRecordError(f"field 'published': {err.message}") from None
    # Accept the output contract's own form too, so that tocsin's output can be read back in.
    if isinstance(value, Mapping):
        shape = BadRecordError(
            "field 'published' must be YYYY, YYYY-MM or YYYY-MM-DD, or "
            '{"start": "YYYY-MM-DD", "end": "YYYY-MM-DD", "precision": "day|week|month|year"}'
        )
        precision = value.get("precision")
        try:
            start = date.fromisoformat(str(value.get("start")))
            end = date.fromisoformat(str(value.get("end")))
        except ValueError:
            raise shape from None
        if start > end or precision not in get_args(DatePrecision):
            raise shape
        weekday = value.get("weekday")
        return DateRange(start, end, cast(DatePrecision, precision), weekday if isinstance(weekday, str) else None)
    raise BadRecordError(f"field 'published' must be a string like 2022-01-06 or null, not {type(value).__name__}")


def record_article(record: Mapping[str, Any], *, origin: str | None, published: DateRange | None = None,
                   lang: str | None = None, default_id: str | None = None) -> Article:
    """The Article a JSON record describes, its text unchanged; the arguments fill in what it leaves out."""
    text = record.get("text")
    if text is None:
        raise BadRecordError(f"the record has no 'text'; {RECORD_HINT}")
    if not isinstance(text, str):
        raise BadRecordError(f"field 'text' must be a string, not {type(text).__name__}; {RECORD_HINT}")
    if record.get("id") is not None and record_id(record) is None:
        raise BadRecordError(f"field 'id' must be a non-empty string; {RECORD_HINT}")
    title = _optional_str(record, "title")
    stated = _published(record.get("published"))
    stated_lang = normalize_lang(_optional_str(record, "lang"))
    url = _optional_str(record, "url")
    source = _optional_str(record, "source")
    if not text.strip():
        raise EmptyArticleError("the record's text is empty: give the article's text in 'text'")
    return Article(
        id=record_id(record) or default_id or content_id(text),
        text=text,
        title=title,
        published=stated or published,
        lang=stated_lang or lang,
        url=url,
        source=source,
        origin=origin,
    )


def _read_record(value: Any, *, fallback_id: str, origin: str, published: DateRange | None,
                 lang: str | None, default_id: str | None = None) -> Article | Rejected:
    if not isinstance(value, dict):
        return rejected(BadRecordError(f"not a JSON object but {type(value).__name__}; {RECORD_HINT}"),
                        id=fallback_id, origin=origin)
    text = value.get("text")
    text = text if isinstance(text, str) else ""
    rid = record_id(value) or default_id or (content_id(text) if text.strip() else fallback_id)
    try:
        return record_article(value, origin=origin, published=published, lang=lang, default_id=default_id)
    except ArticleError as err:
        return rejected(err, id=rid, origin=origin, text=text)


def read_jsonl(lines: Iterable[tuple[int, bytes | None]], *, source_id: str, origin: str, limit: int,
               fallbacks: Sequence[str], published: DateRange | None = None,
               lang: str | None = None) -> Iterator[Article | Rejected]:
    """One Article or Rejected per non-blank line; a bad line is rejected alone and the rest go on."""
    for lineno, raw in lines:
        where = f"{origin}:{lineno}"
        fallback_id = f"{source_id}:{lineno}"
        if raw is None:
            err: ArticleError = TooLargeError(
                f"the line is longer than input.max_bytes ({limit} bytes): shorten the article or raise the limit"
            )
            yield rejected(err, id=fallback_id, origin=where)
            continue
        if not raw.strip():
            continue
        try:
            line, _ = decode(raw, fallbacks)
        except ArticleError as err:
            yield rejected(err, id=fallback_id, origin=where)
            continue
        try:
            value = json.loads(line)
        except ValueError as exc:
            # json's messages may end in "at" ("Unterminated string starting at"): the column completes them.
            msg = str(getattr(exc, "msg", exc)).removesuffix(" at")
            col = getattr(exc, "colno", None)
            at = f" at column {col}" if col else ""
            yield rejected(BadRecordError(f"not valid JSON ({msg}{at}); {RECORD_HINT}"),
                           id=fallback_id, origin=where)
            continue
        yield _read_record(value, fallback_id=fallback_id, origin=where, published=published, lang=lang)


def read_json_document(value: Any, *, source_id: str, origin: str, published: DateRange | None = None,
                       lang: str | None = None) -> Iterator[Article | Rejected]:
    """Articles from a whole JSON document: one record object, or an array of them."""
    if isinstance(value, list):
        for index, item in enumerate(value, start=1):
            yield _read_record(item, fallback_id=f"{source_id}#{index}", origin=f"{origin}#{index}",
                               published=published, lang=lang)
        return
    # A file holding a single article is named by its file, like any other single-article file.
    yield _read_record(value, fallback_id=source_id, origin=origin, published=published, lang=lang,
                       default_id=source_id)
