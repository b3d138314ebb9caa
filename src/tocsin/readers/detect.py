"""Tell input formats apart by content, decode bytes to text and recognise binary files."""

from __future__ import annotations

import codecs
import json
import logging
import re
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Literal

from ..errors import BinaryContentError, ConfigError, EncodingError
from .dated import looks_dated

log = logging.getLogger(__name__)

Kind = Literal["dated", "json", "html", "plain"]

HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".shtml"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
JSON_SUFFIXES = JSONL_SUFFIXES | {".json"}

# Checked longest first: the UTF-32 LE mark begins with the UTF-16 LE one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# C0 control bytes that do not occur in text (tab, newlines, form feed and escape do).
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 11, 12, 13, 27))
_HTML_START = re.compile(r"<(?:!doctype\s+html|html|head|body)\b", re.IGNORECASE)

BINARY_HINT = "give tocsin text, HTML or JSONL files (convert PDF or Word documents to text first)"


def bom_encoding(data: bytes) -> tuple[str, int] | None:
    """The encoding named by a byte order mark at the start of `data`, and the mark's length."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding, len(bom)
    return None


def check_encodings(names: Sequence[str]) -> None:
    """Fail early, once, when a fallback encoding in the settings does not exist."""
    for name in names:
        try:
            codecs.lookup(name)
        except LookupError:
            raise ConfigError(
                f"unknown encoding {name!r} in input.fallback_encodings: "
                "use Python codec names such as cp1252 or latin-1"
            ) from None


def check_not_binary(data: bytes) -> None:
    """Raise BinaryContentError when bytes (without a UTF-16/32 mark) hold NULs or many control codes."""
    if not data or bom_encoding(data) is not None:
        return
    if b"\x00" in data:
        raise BinaryContentError(
            f"binary content (NUL bytes), not text: {BINARY_HINT}; a UTF-16 text file needs a byte order mark"
        )
    controls = len(data) - len(data.translate(None, _CONTROL_BYTES))
    if controls / len(data) > 0.05:
        raise BinaryContentError(f"binary content ({controls} control bytes), not text: {BINARY_HINT}")


def check_text(text: str) -> None:
    """Raise BinaryContentError when decoded text is mostly control, unassigned or private-use characters."""
    sample = text[:65536]
    if not sample:
        return
    odd = sum(1 for ch in sample if ch not in "\t\n\r\f\x1b" and unicodedata.category(ch) in ("Cc", "Cn", "Co", "Cs"))
    if odd / len(sample) > 0.1:
        raise BinaryContentError(
            f"binary content ({odd} non-text characters in the first {len(sample)}): {BINARY_HINT}"
        )


def decode(data: bytes, fallbacks: Sequence[str]) -> tuple[str, str]:
    """`data` as text and the encoding used: a byte order mark, else UTF-8, else each fallback in turn."""
    bom = bom_encoding(data)
    if bom is not None:
        encoding, skip = bom
        try:
            return data[skip:].decode(encoding), encoding
        except UnicodeDecodeError as err:
            raise EncodingError(
                f"the file starts with a {encoding} byte order mark but is not valid {encoding} "
                f"(byte {err.start + skip}): re-save it as UTF-8"
            ) from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as err:
        first = err
    for encoding in fallbacks:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        log.info("input is not UTF-8 (byte %d); read as %s", first.start, encoding)
        return text, encoding
    tried = ", ".join(["utf-8", *fallbacks])
    raise EncodingError(
        f"cannot decode the text (tried {tried}; first bad byte at offset {first.start}): convert it to UTF-8, "
        f"e.g. `iconv -f <its encoding> -t UTF-8`, or add its encoding to input.fallback_encodings"
    )


def sniff_text(head: str) -> str:
    """The start of the text with a byte order mark and leading white space removed."""
    return head.lstrip("\ufeff \t\r\n\f\v")


def head_text(head: bytes) -> str:
    """The first bytes of an input as text, good enough to recognise its format."""
    bom = bom_encoding(head)
    encoding, skip = bom if bom else ("utf-8", 0)
    # The head may end inside a character, and may be in a fallback encoding: neither matters for sniffing.
    return head[skip:].decode(encoding, errors="replace")


def sniff(head: bytes, suffix: str = "") -> Kind:
    """Which reader a file needs, judged from its first bytes (and, only to break ties, its suffix)."""
    start = sniff_text(head_text(head))
    if looks_dated(start):
        return "dated"
    if start.startswith(("{", "[")):
        return "json"
    if start.startswith("<") and (suffix.lower() in HTML_SUFFIXES or _HTML_START.search(start[:4096])):
        return "html"
    return "plain"


def first_line_is_object(head: str) -> bool:
    """Whether the first non-blank line of `head` is a complete JSON object (so the file is JSONL)."""
    for line in head.splitlines():
        if line.strip():
            try:
                return isinstance(json.loads(line), dict)
            except ValueError:
                return False
    return False


def records_in(path: Path, suffix: str = "") -> int:
    """How many articles a file holds, as its readers will see it: its lines for JSONL, else one.

    An estimate for progress bars, read without decoding: blank lines of a JSONL file are counted, and a
    JSON array counts as one.
    """
    with path.open("rb") as handle:
        head = handle.read(1 << 16)
        if not head:
            return 1
        start = sniff_text(head_text(head))
        jsonl = suffix.lower() in JSONL_SUFFIXES or (start.startswith("{") and first_line_is_object(head_text(head))
                                                      and suffix.lower() != ".json")
        if not jsonl:
            return 1
        lines, last = head.count(b"\n"), head[-1:]
        for block in iter(lambda: handle.read(1 << 20), b""):
            lines += block.count(b"\n")
            last = block[-1:]
    return max(1, lines + (last != b"\n"))
