"""Whether two reports tell the same real event: hard conflicts, then an evidence score with reasons."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from .records import Record

# Modalities that can describe one happening: a claim of an attack and a report of it are one event;
# a planned protest and a held one are not (the plan may have been called off).
_FACTUAL = frozenset({"asserted", "claimed"})
_PLACE_WEIGHT = {"point": 0.35, "city": 0.35, "region": 0.2, "country": 0.1}
_FINE = frozenset({"point", "city"})


@dataclass(frozen=True, slots=True)
class MergeParams:
    """How eagerly reports are merged (settings section `merge`)."""

    threshold: float = 0.55
    slack_days: int = 1
    max_km: float = 25.0
    max_span_days: int = 31


@dataclass(frozen=True, slots=True)
class Match:
    """The outcome of comparing two records: a conflict that forbids merging, or a score and its reasons."""

    score: float
    reasons: dict[str, str] = field(default_factory=dict)
    conflict: str | None = None

    def accepts(self, params: MergeParams) -> bool:
        return self.conflict is None and self.score >= params.threshold


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance between two (lat, lon) points."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


def mergeable(r: Record, params: MergeParams) -> bool:
    """Whether a record can be merged at all: it needs a time window no wider than `max_span_days`."""
    span = r.span_days
    return span is not None and span <= params.max_span_days + (7 if not r.dated else 0)


def _dates(a: Record, b: Record, params: MergeParams, reasons: dict[str, str]) -> tuple[float, str | None]:
    assert a.start is not None and a.end is not None and b.start is not None and b.end is not None
    slack = params.slack_days
    if a.start > b.end + slack or b.start > a.end + slack:
        return 0.0, f"dates apart ({a.first_day}–{a.last_day} vs {b.first_day}–{b.last_day})"
    if a.precision == "day" and b.precision == "day":
        gap = abs(a.start - b.start)
        reasons["date"] = f"same day {a.first_day}" if gap == 0 else f"{gap} day(s) apart"
        return (0.35 if gap == 0 else 0.25), None
    if a.dated and b.dated:
        reasons["date"] = f"overlapping dates ({a.precision} and {b.precision})"
        return 0.1, None
    reasons["date"] = "within the days before publication"
    return 0.05, None


def _places(a: Record, b: Record, params: MergeParams, reasons: dict[str, str]) -> tuple[float, str | None]:
    if a.country and b.country and a.country != b.country:
        return 0.0, f"different countries ({a.country} vs {b.country})"
    if a.place is None or b.place is None:
        reasons["place"] = "place unknown in one report" if (a.place or b.place) else "place unknown"
        return 0.0, None
    precision_a, precision_b = a.place_precision or "country", b.place_precision or "country"
    if a.place == b.place:
        reasons["place"] = f"same place ({a.place})"
        return _PLACE_WEIGHT.get(precision_a, 0.1), None
    if precision_a in _FINE and precision_b in _FINE:
        if a.lat is not None and a.lon is not None and b.lat is not None and b.lon is not None:
            km = distance_km((a.lat, a.lon), (b.lat, b.lon))
            if km <= params.max_km:
                reasons["place"] = f"places {km:.0f} km apart"
                return 0.25, None
            return 0.0, f"different places ({a.place} vs {b.place}, {km:.0f} km)"
        return 0.0, f"different places ({a.place} vs {b.place})"
    if precision_a == "region" and precision_b == "region":
        return 0.0, f"different regions ({a.place} vs {b.place})"
    # One place is a region or country and the other lies (or may lie) in it: compatible, weak evidence.
    reasons["place"] = "one place is vaguer than the other"
    return 0.05, None


def _actors(names_a: frozenset[str], kinds_a: frozenset[str], names_b: frozenset[str], kinds_b: frozenset[str],
            role: str, reasons: dict[str, str]) -> tuple[float, str | None]:
    if kinds_a and kinds_b and not (kinds_a & kinds_b) and "unknown" not in kinds_a | kinds_b:
        return 0.0, f"{role}s of different kinds ({', '.join(sorted(kinds_a))} vs {', '.join(sorted(kinds_b))})"
    if names_a and names_b:
        shared = names_a & names_b
        if shared:
            reasons[role] = f"same {role} ({', '.join(sorted(shared))})"
            return 0.15, None
        reasons[role] = f"different {role}s ({', '.join(sorted(names_a))} vs {', '.join(sorted(names_b))})"
        return -0.25, None
    return 0.0, None


def _counts(a: Record, b: Record, reasons: dict[str, str]) -> float:
    score = 0.0
    theirs = {key: (value, low, high) for key, value, low, high in b.counts}
    for key, value, low, high in a.counts:
        if key not in theirs:
            continue
        other, other_low, other_high = theirs[key]
        overlap = (high is None or other_low <= high) and (other_high is None or low <= other_high)
        smaller, larger = sorted((value, other))
        if overlap:
            reasons[f"count {key}"] = f"{key} figures agree ({value:g} / {other:g})"
            score += 0.1
        elif larger > 10 * max(smaller, 1.0):
            # Early and late tolls of one event differ, but not by an order of magnitude.
            reasons[f"count {key}"] = f"{key} figures far apart ({value:g} vs {other:g})"
            score -= 0.3
        else:
            reasons[f"count {key}"] = f"{key} figures differ ({value:g} vs {other:g})"
    return score


def compare(a: Record, b: Record, params: MergeParams | None = None) -> Match:
    """How strongly `a` and `b` look like one real event (see docs/store.md for the weights)."""
    params = params or MergeParams()
    if a.article == b.article:
        # The article itself told them apart (its own events are merged within the article).
        return Match(0.0, conflict="same article")
    if a.type != b.type:
        return Match(0.0, conflict=f"different types ({a.type} vs {b.type})")
    if a.modality != b.modality and not (a.modality in _FACTUAL and b.modality in _FACTUAL):
        return Match(0.0, conflict=f"different modalities ({a.modality} vs {b.modality})")
    if not (mergeable(a, params) and mergeable(b, params)):
        return Match(0.0, conflict="date unknown or too vague")
    if not (a.dated or b.dated):
        return Match(0.0, conflict="neither report dates the event")
    reasons: dict[str, str] = {"type": a.type}
    score = 0.0
    for part in (_dates(a, b, params, reasons), _places(a, b, params, reasons),
                 _actors(a.agents, a.agent_kinds, b.agents, b.agent_kinds, "agent", reasons),
                 _actors(a.victims, a.victim_kinds, b.victims, b.victim_kinds, "victim", reasons)):
        gained, conflict = part
        if conflict is not None:
            return Match(0.0, reasons, conflict)
        score += gained
    score += _counts(a, b, reasons)
    return Match(round(score, 4), reasons)
