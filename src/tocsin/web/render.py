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


@dataclass(frozen=True, slots=True)
class Family:
    """A few event types drawn in one colour: ACLED's event types, then tocsin's own hazards and the rest."""

    name: str
    color: str
    ink: str  # text colour on `color` (contrast ≥ 4.5)
    types: tuple[str, ...]


# Okabe–Ito colours: told apart by the colour-blind too, and few enough to tell apart on a map.
_PALETTE = {
    "Battles": ("#b33c00", "#fff"), "Explosions/Remote violence": ("#a3487f", "#fff"),
    "Violence against civilians": ("#e69f00", "#1d2430"), "Protests": ("#0072b2", "#fff"),
    "Riots": ("#56b4e9", "#1d2430"), "Strategic developments": ("#007d5c", "#fff"),
    "Hazards and accidents": ("#f0e442", "#1d2430"), "Statements and other": ("#6b7280", "#fff"),
}
_HAZARDS = ("ACCIDENT", "FIRE", "NATURAL_DISASTER", "EPIDEMIC", "HAZMAT")


def families() -> list[Family]:
    """The type families, in the legend's order: ACLED's event types (tocsin.maps), hazards, everything else."""
    from ..maps import mapping

    members: dict[str, list[str]] = {name: [] for name in _PALETTE}
    for t in EVENT_TYPES:
        acled = mapping(t).acled.event_type
        name = acled if acled in members else "Hazards and accidents" if t in _HAZARDS else "Statements and other"
        members[name].append(t)
    return [Family(name, *_PALETTE[name], tuple(types)) for name, types in members.items() if types]


def type_colors() -> dict[str, str]:
    """The colour of each event type: its family's."""
    return {t: f.color for f in families() for t in f.types}


def types_css() -> str:
    """One class per event type (`t-PROTEST`) setting `--type-color` and `--type-ink`: no inline styles."""
    return "".join(f".t-{t}{{--type-color:{f.color};--type-ink:{f.ink}}}\n" for f in families() for t in f.types)


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
