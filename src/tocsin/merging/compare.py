"""Whether two reports tell the same real event: hard conflicts, then an evidence score with reasons."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from .clues import families, same_person
from .records import Record

# Modalities that can describe one happening: a claim of an attack and a report of it are one event;
# a planned protest and a held one are not (the plan may have been called off).
_FACTUAL = frozenset({"asserted", "claimed"})
_PLACE_WEIGHT = {"point": 0.35, "city": 0.35, "region": 0.2, "country": 0.1}
_FINE = frozenset({"point", "city"})
# Tolls grow (the injured die, the missing are found dead): far-apart tolls weigh less than far-apart crowds.
_TOLLS = frozenset({"killed", "injured", "missing"})


@dataclass(frozen=True, slots=True)
class MergeParams:
    """How eagerly reports are merged (settings section `merge`)."""

    threshold: float = 0.55
    slack_days: int = 1
    max_km: float = 25.0
    max_span_days: int = 31
    followup_days: int | None = None  # None: as families.yaml says
    # Reports naming one person or site may date the event this many days apart (one dates the shooting,
    # the other the day the victim died or was identified).
    identity_days: int = 7


@dataclass(frozen=True, slots=True)
class Match:
    """The outcome of comparing two records: a conflict that forbids merging, or a score and its reasons."""

    score: float
    reasons: dict[str, str] = field(default_factory=dict)
    conflict: str | None = None
    followup: bool = False  # one report follows the other's incident up (an arrest after a shooting)
    people: frozenset[str] = frozenset()  # the first report's names the second one names too

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


def followup_days(params: MergeParams) -> int:
    return families().followups.days if params.followup_days is None else params.followup_days


def follows(a: Record, b: Record) -> tuple[Record, Record] | None:
    """(incident, follow-up) when one record may follow the other's incident up, by their types."""
    fam = families()
    for incident, later in ((a, b), (b, a)):
        if (incident.family != later.family and fam.is_followup(later.type)
                and (incident.family in fam.followed() or incident.type in fam.followed())):
            return incident, later
    return None


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
    dated = a if a.dated else b
    told = b if a.dated else a
    assert dated.start is not None and told.end is not None
    if dated.dated and dated.precision == "day" and 0 <= told.end - dated.start <= 2:
        # News of an incident comes out within a day or two: an undated report published then is likelier
        # about it than one published a week later.
        reasons["date"] = f"reported {told.end - dated.start} day(s) after {dated.first_day}, undated"
        return 0.15, None
    reasons["date"] = "within the days before publication"
    return 0.05, None


def _followup_dates(incident: Record, later: Record, params: MergeParams,
                    reasons: dict[str, str]) -> tuple[float, str | None]:
    assert incident.start is not None and incident.end is not None
    assert later.start is not None and later.end is not None
    days = followup_days(params)
    if later.end < incident.start - params.slack_days or later.start > incident.end + days:
        return 0.0, (f"{later.type} not within {days} days after the {incident.type} "
                     f"({later.first_day}–{later.last_day} vs {incident.first_day}–{incident.last_day})")
    gap = max(0, later.start - incident.end)
    kind = f" ({later.followup})" if later.followup else ""
    reasons["follow-up"] = (f"{later.type}{kind} {gap} day(s) after the {incident.type}" if later.dated
                            else f"{later.type}{kind} reported after the {incident.type}")
    return 0.05, None


def _lies_in(inner: Record, outer: Record) -> bool | None:
    """Whether `inner`'s place lies in `outer`'s division (None: the gazetteer does not say)."""
    own = outer.admins[0] if outer.admins else ""
    if not own or not inner.admins:
        return None
    return own in inner.admins


def _places(a: Record, b: Record, params: MergeParams, reasons: dict[str, str],
            identity: str | None = None) -> tuple[float, str | None]:
    if a.country and b.country and a.country != b.country:
        if identity and "country" in (a.place_precision, b.place_precision):
            # A country read from a common word or a name ("man": Isle of Man, "Jordan") is the geocoder's
            # error more often than the one incident both reports name happening in two countries.
            reasons["place"] = f"countries differ ({a.country} vs {b.country}), but both name {identity}"
            return 0.0, None
        return 0.0, f"different countries ({a.country} vs {b.country})"
    if a.place is None or b.place is None:
        reasons["place"] = "place unknown in one report" if (a.place or b.place) else "place unknown"
        return 0.0, None
    precision_a, precision_b = a.place_precision or "country", b.place_precision or "country"
    if a.place == b.place:
        reasons["place"] = f"same place ({a.label})"
        return _PLACE_WEIGHT.get(precision_a, 0.1), None
    if precision_a in _FINE and precision_b in _FINE:
        if a.lat is not None and a.lon is not None and b.lat is not None and b.lon is not None:
            km = distance_km((a.lat, a.lon), (b.lat, b.lon))
            if km <= params.max_km:
                reasons["place"] = f"places {km:.0f} km apart"
                return 0.25, None
            return 0.0, f"different places ({a.label} vs {b.label}, {km:.0f} km)"
        return 0.0, f"different places ({a.label} vs {b.label})"
    if "country" in (precision_a, precision_b):
        reasons["place"] = "one report gives only the country"
        return 0.05, None
    # A region and a place, or two regions: compatible when one lies in the other (the gazetteer's
    # divisions: a town in its county, a county in its state).
    checks = []
    if precision_b == "region":
        checks.append((a, b, _lies_in(a, b)))
    if precision_a == "region":
        checks.append((b, a, _lies_in(b, a)))
    for small, large, inside in checks:
        if inside:
            reasons["place"] = f"{small.label} lies in {large.label}"
            return 0.2, None
    for small, large, inside in checks:
        if inside is not None:
            return 0.0, f"different places ({small.label} is not in {large.label})"
    if precision_a == "region" and precision_b == "region":
        return 0.0, f"different regions ({a.label} vs {b.label})"
    reasons["place"] = "one place is vaguer than the other"
    return 0.05, None


def _actors(names_a: frozenset[str], kinds_a: frozenset[str], names_b: frozenset[str], kinds_b: frozenset[str],
            role: str, reasons: dict[str, str], penalty: float) -> tuple[float, str | None]:
    if kinds_a and kinds_b and not (kinds_a & kinds_b) and "unknown" not in kinds_a | kinds_b:
        return 0.0, f"{role}s of different kinds ({', '.join(sorted(kinds_a))} vs {', '.join(sorted(kinds_b))})"
    if names_a and names_b:
        shared = names_a & names_b
        if shared:
            reasons[role] = f"same {role} ({', '.join(sorted(shared))})"
            return 0.15, None
        reasons[role] = f"different {role}s ({', '.join(sorted(names_a))} vs {', '.join(sorted(names_b))})"
        return -penalty, None
    return 0.0, None


def shared_people(a: frozenset[str], b: frozenset[str]) -> list[tuple[str, str]]:
    """Pairs of names, one from each set, that may name one person."""
    return [(x, y) for x in sorted(a) for y in sorted(b) if same_person(x, y)]


def _people(a: Record, b: Record, reasons: dict[str, str], shared: list[tuple[str, str]]) -> float:
    score = 0.0
    if shared:
        told = ", ".join(x if x == y else f"{x} / {y}" for x, y in shared[:3])
        reasons["person"] = f"same person named ({told})"
        score += 0.5 + (0.1 if len(shared) > 1 else 0.0)
    elif a.names and b.names:
        reasons["person"] = (f"different people named ({', '.join(sorted(a.names)[:3])} vs "
                             f"{', '.join(sorted(b.names)[:3])})")
        score -= 0.3
    officials = shared_people(a.officials, b.officials) if a.officials and b.officials else []
    if officials:
        reasons["official"] = f"same official named ({officials[0][0]})"
        score += 0.1
    if a.ages and b.ages:
        ages = a.ages & b.ages
        if ages:
            reasons["age"] = f"same age ({', '.join(str(x) for x in sorted(ages))})"
            score += 0.1
        elif not shared:  # ages of other people (the suspect's, a witness's) differ from the victim's
            reasons["age"] = f"different ages ({', '.join(map(str, sorted(a.ages)))} vs " \
                             f"{', '.join(map(str, sorted(b.ages)))})"
            score -= 0.1
    if a.sites and b.sites:
        sites = a.sites & b.sites
        if sites:
            reasons["site"] = f"same site ({', '.join(sorted(sites)[:2])})"
            score += 0.3
        else:
            reasons["site"] = f"different sites ({', '.join(sorted(a.sites)[:2])} vs {', '.join(sorted(b.sites)[:2])})"
            score -= 0.2
    return score


def _tight(low: float, high: float | None) -> bool:
    return high is not None and high <= 2 * max(low, 1.0)


def _counts(a: Record, b: Record, reasons: dict[str, str]) -> float:
    score = 0.0
    theirs = {key: (value, low, high) for key, value, low, high in b.counts}
    for key, value, low, high in a.counts:
        if key not in theirs:
            continue
        other, other_low, other_high = theirs[key]
        overlap = (high is None or other_low <= high) and (other_high is None or low <= other_high)
        smaller, larger = sorted((value, other))
        if overlap and _tight(low, high) and _tight(other_low, other_high):
            reasons[f"count {key}"] = f"{key} figures agree ({value:g} / {other:g})"
            score += 0.1
        elif overlap:
            # "Several hundred" agrees with any crowd of a few hundred: compatible, not evidence.
            reasons[f"count {key}"] = f"{key} figures compatible ({value:g} / {other:g}), one of them vague"
        elif larger > 10 * max(smaller, 1.0):
            # Early and late tolls of one event differ, but not by an order of magnitude.
            reasons[f"count {key}"] = f"{key} figures far apart ({value:g} vs {other:g})"
            score -= 0.15 if key in _TOLLS else 0.3
        else:
            # A toll revised upward is the same event told later: reconciled with min/max, no conflict.
            reasons[f"count {key}"] = f"{key} figures differ ({value:g} vs {other:g})"
    return score


def compare(a: Record, b: Record, params: MergeParams | None = None) -> Match:
    """How strongly `a` and `b` look like one real event (see docs/store.md for the weights)."""
    params = params or MergeParams()
    if a.article == b.article:
        # The article itself told them apart (its own events are merged within the article).
        return Match(0.0, conflict="same article")
    pair = None
    if a.family != b.family:
        pair = follows(a, b)
        if pair is None:
            return Match(0.0, conflict=f"different types ({a.type} vs {b.type})")
    if a.modality != b.modality and not (a.modality in _FACTUAL and b.modality in _FACTUAL):
        return Match(0.0, conflict=f"different modalities ({a.modality} vs {b.modality})")
    if not (mergeable(a, params) and mergeable(b, params)):
        return Match(0.0, conflict="date unknown or too vague")
    assert a.start is not None and a.end is not None and b.start is not None and b.end is not None
    gap = max(a.start - b.end, b.start - a.end, 0)
    if pair is None and gap > params.slack_days and (gap > params.identity_days or not (
            (a.names and b.names) or (a.sites and b.sites))):
        # Most candidates of a block are days apart: tell them so before weighing any evidence.
        return Match(0.0, conflict=f"dates apart ({a.first_day}–{a.last_day} vs {b.first_day}–{b.last_day})")
    people = shared_people(a.names, b.names) if a.names and b.names else []
    if not (a.dated or b.dated) and not people and not (a.sites & b.sites):
        return Match(0.0, conflict="neither report dates the event, nor names a person or site both name")
    reasons: dict[str, str] = {"type": a.type if a.type == b.type else f"{a.type} and {b.type}"}
    score = 0.0
    if pair is not None:
        incident, later = pair
        if not people:
            return Match(0.0, reasons, f"a {later.type} joins a {incident.type} only when both name one person",
                         followup=True)
        dates = _followup_dates(incident, later, params, reasons)
    else:
        dates = _dates(a, b, params, reasons)
        if dates[1] is not None and (people or a.sites & b.sites) and gap <= params.identity_days:
            named = "the same person" if people else "the same site"
            reasons["date"] = f"dated {gap} day(s) apart, but both name {named}"
            dates = (0.0, None)
        if a.type != b.type:
            reasons["type"] = f"told as {a.type} and as {b.type} (family {a.family})"
    identity = "the same person" if people else ("the same site" if a.sites & b.sites else None)
    parts = [dates, _places(a, b, params, reasons, identity)]
    if pair is None:
        # An arrest's agents (the police) are not the shooting's: actors are compared within a family only.
        # Victims as the events name them ("man", "student") tell less than the people the articles name.
        parts += [_actors(a.agents, a.agent_kinds, b.agents, b.agent_kinds, "agent", reasons, 0.25),
                  _actors(a.victims, a.victim_kinds, b.victims, b.victim_kinds, "victim", reasons,
                          0.0 if people else 0.1)]
    for part in parts:
        gained, conflict = part
        if conflict is not None:
            return Match(0.0, reasons, conflict, followup=pair is not None)
        score += gained
    score += _people(a, b, reasons, people)
    if pair is None:
        score += _counts(a, b, reasons)
    return Match(round(score, 4), reasons, followup=pair is not None, people=frozenset(x for x, _ in people))
