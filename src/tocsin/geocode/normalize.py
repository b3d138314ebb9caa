"""Name folding: the lookup key under which a place name is indexed and searched."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

MAX_NAME_CHARS = 120

# Apostrophes, dashes and dots vary between sources ("Côte d’Ivoire", "Alma-Ata", "U.S.") but never
# tell two places apart, so they fold to one form.
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "ʼ": "'", "ʻ": "'"})
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—―_/]+")
_DROP = re.compile(r"[.\u00b7\u2022()\[\]\"“”«»]")
# Ligatures that NFKD leaves alone but that people type either way ("Œ" as "OE").
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss", "ø": "o", "đ": "d", "ł": "l", "ı": "i"})
# Combining marks left by NFKD decomposition (accents on Latin, Greek and Cyrillic letters).
_MARKS = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


@lru_cache(maxsize=1 << 16)
def fold(name: str) -> str:
    """The lookup key of a name: accents stripped, case folded, punctuation normalised."""
    if not name or len(name) > MAX_NAME_CHARS:
        return ""
    text = name.casefold()
    if not text.isascii():
        text = _MARKS.sub("", unicodedata.normalize("NFKD", text.translate(_APOSTROPHES).translate(_LIGATURES)))
    text = _DROP.sub("", text)
    text = _SEPARATORS.sub(" ", text)
    return text.strip(" ',")


def is_upper_code(text: str) -> bool:
    """True for short all-capital codes such as "US", "U.S." or "UAE", which only match when written so."""
    letters = [c for c in text if c.isalpha()]
    return 0 < len(letters) <= 5 and all(c.isupper() for c in letters)
