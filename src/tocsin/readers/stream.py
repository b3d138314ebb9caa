"""Read one input stream (a file, stdin or uploaded bytes) into Articles, whatever its format."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from typing import IO, Any

from ..errors import ArticleError, EmptyArticleError, TooLargeError
from ..model import Article, DateRange, Rejected
from ..settings import Settings
from .common import rejected
from .dated import read_dated
from .detect import (
    JSON_SUFFIXES,
    JSONL_SUFFIXES,
    check_not_binary,
    check_text,
    decode,
    first_line_is_object,
    head_text,
    sniff,
)
from .html import read_html
from .jsonl import iter_lines, read_json_document, read_jsonl
from .plain import read_plain

# Enough to recognise any format and to spot binary content, small enough to read from any file.
HEAD_BYTES = 1 << 16


def _too_large(size: int | None, limit: int) -> TooLargeError:
    # A pipe's size is unknown: it was read only up to the limit.
    how_big = "larger than" if size is None else f"{size} bytes, more than"
    return TooLargeError(
        f"the input is {how_big} input.max_bytes ({limit}): split it into smaller articles "
        f"(or a JSONL file, one article per line), or raise the limit (TOCSIN_INPUT__MAX_BYTES)"
    )


def _stream_as_jsonl(head: bytes, suffix: str, too_big: bool) -> bool:
    """Whether a JSON-looking input is read line by line, so that its size limit is per line, not per file."""
    suffix = suffix.lower()
    if suffix in JSONL_SUFFIXES:
        return True
    # A `.json` file is read whole first (it may hold one indented object) unless it is too large to be
    # anything but JSONL.
    return first_line_is_object(head_text(head)) and (suffix != ".json" or too_big)


def read_stream(stream: IO[bytes], *, size: int | None, source_id: str, origin: str, suffix: str = "",
                published: DateRange | None = None, lang: str | None = None,
                settings: Settings) -> Iterator[Article | Rejected]:
    """Articles (or Rejected) from one stream: a JSONL stream yields one per line, anything else one."""
    limit = settings.input.max_bytes
    fallbacks = settings.input.fallback_encodings
    head = stream.read(HEAD_BYTES)
    if not head:
        yield rejected(EmptyArticleError("the input is empty: give it an article's text, or leave it out"),
                       id=source_id, origin=origin)
        return
    try:
        check_not_binary(head)
    except ArticleError as err:
        yield rejected(err, id=source_id, origin=origin)
        return
    kind = sniff(head, suffix)
    if kind == "json" and _stream_as_jsonl(head, suffix, size is not None and size > limit):
        yield from read_jsonl(iter_lines(head, stream, limit), source_id=source_id, origin=origin, limit=limit,
                              fallbacks=fallbacks, published=published, lang=lang)
        return
    if size is not None and size > limit:
        yield rejected(_too_large(size, limit), id=source_id, origin=origin)
        return
    data = head + stream.read(limit + 1 - len(head)) if len(head) <= limit else head
    if len(data) > limit:
        yield rejected(_too_large(size, limit), id=source_id, origin=origin)
        return
    try:
        text, _ = decode(data, fallbacks)
        check_text(text)
    except ArticleError as err:
        yield rejected(err, id=source_id, origin=origin)
        return
    if not text.strip():
        yield rejected(EmptyArticleError("the input holds only white space: give it an article's text"),
                       id=source_id, origin=origin)
        return
    if kind == "json":
        value: Any
        try:
            value = json.loads(text)
        except ValueError:
            value = None  # not one JSON document: perhaps JSONL, perhaps text starting with a brace
        if isinstance(value, (dict, list)):
            yield from read_json_document(value, source_id=source_id, origin=origin, published=published, lang=lang)
            return
        if suffix.lower() in JSON_SUFFIXES or first_line_is_object(text):
            yield from read_jsonl(iter_lines(data, io.BytesIO(), limit), source_id=source_id, origin=origin,
                                  limit=limit, fallbacks=fallbacks, published=published, lang=lang)
            return
        kind = "plain"  # text that merely starts with a brace
    try:
        if kind == "dated":
            yield read_dated(text, id=source_id, origin=origin, lang=lang)
        elif kind == "html":
            yield read_html(text, id=source_id, origin=origin, published=published, lang=lang)
        else:
            yield read_plain(text, id=source_id, origin=origin, published=published, lang=lang)
    except ArticleError as err:
        yield rejected(err, id=source_id, origin=origin, text=text if kind == "dated" else "")
