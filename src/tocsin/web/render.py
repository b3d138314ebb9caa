"""What the dashboard's pages show, prepared as plain values for the templates (which escape everything)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any
from urllib.parse import urlsplit

from ..model import EVENT_TYPES

KINDS = ("mention", "trigger", "actor", "count", "source", "place", "time")
KIND_NAMES = {"mention": "passage", "trigger": "trigger word", "actor": "actor", "count": "count",
              "source": "source", "place": "place", "time": "time"}


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of an article's text and the evidence covering all of it (none: plain text)."""

    text: str
    kinds: tuple[str, ...] = ()
    labels: tuple[str, ...] = ()


def pieces(text: str, evidence: Sequence[Mapping[str, Any]]) -> list[Piece]:
    """The text cut at every evidence boundary, so that overlapping fields can each be highlighted."""
    cuts = sorted({0, len(text), *(int(e["start"]) for e in evidence), *(int(e["end"]) for e in evidence)})
    out = []
    for start, end in pairwise(cuts):
        covering = [e for e in evidence if int(e["start"]) <= start and end <= int(e["end"])]
        kinds = tuple(k for k in KINDS if any(e["kind"] == k for e in covering))
        labels = tuple(dict.fromkeys(str(e["label"]) for e in covering))
        out.append(Piece(text[start:end], kinds, labels))
    return out


def type_colors() -> dict[str, str]:
    """A colour per event type, spread around the hue circle (golden angle) so neighbours differ."""
    return {t: f"hsl({(i * 137.508) % 360:.0f} 62% 44%)" for i, t in enumerate(EVENT_TYPES)}


def types_css() -> str:
    """One class per event type (`t-PROTEST`) setting `--type-color`: colours without inline styles."""
    return "".join(f".t-{t}{{--type-color:{c}}}\n" for t, c in type_colors().items())


def safe_link(url: str | None) -> str | None:
    """The URL when it is an http(s) link, else None: an article's URL is untrusted (javascript:, data:…)."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    return url.strip() if parts.scheme in ("http", "https") and parts.netloc else None


def when(date: Mapping[str, Any] | None) -> str:
    """An event's dates as a reader says them: one day, or the interval and its precision."""
    if not date:
        return "undated"
    if date.get("precision") == "day":
        return str(date["start"])
    text = f"{date['start']} – {date['end']} ({date.get('precision')})"
    return f"{text}, a {date['weekday']}" if date.get("weekday") else text


def where(location: Mapping[str, Any] | None) -> str:
    """An event's place as a reader says it."""
    if not location:
        return "no place"
    country = location.get("country")
    return f"{location['name']}{f' ({country})' if country else ''}, {location.get('precision')}"


def figure(value: Any) -> str:
    """A count as written: 2000, 2.5, or ∞ for an open bound."""
    if value is None:
        return "∞"
    number = float(value)
    return f"{int(number)}" if number.is_integer() else f"{number:g}"
