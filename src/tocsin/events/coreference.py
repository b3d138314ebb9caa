"""Coreference: the tellings of one real event inside an article become one record."""

from __future__ import annotations

from ..geocode.protocol import distance_km
from ..model import Count, DateRange, Location, Source
from .counts import subsumed
from .draft import SPECIFICITY, Draft
from .lexicon import Lexicon, fold, token_keys
from .syntax import dep, is_demonstrative


def dates_agree(a: DateRange | None, b: DateRange | None) -> bool:
    """Unknown dates agree with anything; known ones when one interval holds the other, weekdays alike.

    "En janvier" holds "jeudi 6 janvier"; "jeudi" and "mercredi" of one month do not agree.
    """
    if a is None or b is None:
        return True
    if a.weekday and b.weekday and a.weekday != b.weekday:
        return False
    return (a.start <= b.start and b.end <= a.end) or (b.start <= a.start and a.end <= b.end)


def places_agree(a: Location | None, b: Location | None) -> bool:
    """Same place, or one lies in the other's country at a coarser precision."""
    if a is None or b is None:
        return True
    if a.geonames_id is not None and a.geonames_id == b.geonames_id:
        return True
    if a.name == b.name and a.country == b.country:
        return True
    coarse, fine = (a, b) if SPECIFICITY[a.precision] <= SPECIFICITY[b.precision] else (b, a)
    if coarse.country != fine.country:
        return False
    if coarse.precision == "country":
        return True
    # A region and a town in it ("le Var", "Saint-Raphaël"): near enough to be the region's.
    if coarse.precision == "region" and None not in (coarse.lat, coarse.lon, fine.lat, fine.lon):
        return distance_km((coarse.lat, coarse.lon), (fine.lat, fine.lon)) <= REGION_REACH_KM  # type: ignore[arg-type]
    return False


REGION_REACH_KM = 120.0




def counts_agree(a: dict[str, Count], b: dict[str, Count]) -> bool:
    """Shared counts must have overlapping ranges ("environ 2.000" twice agrees; 13 and 2 do not)."""
    for key in a.keys() & b.keys():
        x, y = a[key], b[key]
        lo_x, hi_x = x.min if x.min is not None else x.value, x.max
        lo_y, hi_y = y.min if y.min is not None else y.value, y.max
        if (hi_x is not None and lo_y > hi_x) or (hi_y is not None and lo_x > hi_y):
            return False
    return True


# What a source claims of an event told as fact elsewhere is a telling of the same event
# ("l'accident … selon l'association, il aurait été causé par…"); a denial or a plan is not.
_SAME_EVENT_MODALITIES = (frozenset({"asserted", "claimed"}),)


def modalities_agree(a: str, b: str) -> bool:
    """Whether two tellings' modalities can belong to one event record."""
    return a == b or any(a in group and b in group for group in _SAME_EVENT_MODALITIES)


# Kinds that name the same people at different moments: farmers who protest, then riot.
_SAME_PEOPLE = (frozenset({"protesters", "rioters", "civilians"}),)


def _widened(kinds: set[str]) -> set[str]:
    return kinds.union(*(group for group in _SAME_PEOPLE if kinds & group))


def agents_agree(a: Draft, b: Draft) -> bool:
    """Who acted, and who was hit, must not differ in kind (police killed vs protesters killed)."""
    for roles in (("agent",), ("victim", "target")):
        ka, kb = _widened(a.kinds(*roles)), _widened(b.kinds(*roles))
        if ka and kb and not (ka & kb) and "unknown" not in ka | kb:
            return False
    return True


NEAR_KM = 30.0


def _places_fit(a: Draft, b: Draft) -> bool:
    """Places agree, or one was only inferred (a noun placed by context) and lies near the other.

    "Incendie dans un entrepôt … au sud de Lyon" and "un incendie … à Saint-Fons" tell one fire.
    """
    if places_agree(a.location, b.location):
        return True
    x, y = a.location, b.location
    if x is None or y is None or (a.place_named and b.place_named):
        return False
    if None in (x.lat, x.lon, y.lat, y.lon):
        return False
    return distance_km((x.lat, x.lon), (y.lat, y.lon)) <= NEAR_KM  # type: ignore[arg-type]


def compatible(a: Draft, b: Draft) -> bool:
    return (
        a.type == b.type
        and modalities_agree(a.modality, b.modality)
        and dates_agree(a.date, b.date)
        and _places_fit(a, b)
        and counts_agree(a.counts, b.counts)
        and agents_agree(a, b)
    )


def _narrower(a: DateRange, b: DateRange) -> bool:
    """True when `a` pins the event down better than `b`: a shorter interval, or a weekday more."""
    span_a, span_b = a.end - a.start, b.end - b.start
    return span_a < span_b or (span_a == span_b and bool(a.weekday) > bool(b.weekday))


def absorb(into: Draft, other: Draft) -> None:
    """Fold `other` into `into`: keep the more precise date and place, the lower counts, every mention."""
    into.died_later = max(into.died_later, other.died_later)
    if other.modality == "asserted":
        into.modality = "asserted"  # told as fact once, the event is asserted, whoever also claims it
    if into.date is None or (other.date is not None and _narrower(other.date, into.date)):
        into.date = other.date
    if other.location is not None and (
        into.location is None
        or (other.own_place, other.place_named) > (into.own_place, into.place_named)
        or (
            (other.own_place, other.place_named) == (into.own_place, into.place_named)
            and SPECIFICITY[other.location.precision] > SPECIFICITY[into.location.precision]
        )
    ):
        into.location = other.location
    into.own_place = into.own_place or other.own_place
    into.place_named = into.place_named or other.place_named
    for key, count in other.counts.items():
        old = into.counts.get(key)
        if old is None:
            into.counts[key] = count
            continue
        kept = subsumed(old, count)
        if kept is not None:
            into.counts[key] = kept
            continue
        low = min(old, count, key=lambda c: c.value)
        bounds_min = [c.min for c in (old, count) if c.min is not None]
        into.counts[key] = Count(
            low.value,
            min(bounds_min) if bounds_min else None,
            None if old.max is None or count.max is None else max(old.max, count.max),
            low.qualifier,
            low.text,
            low.start,
            low.end,
        )
    seen = {(a.role, a.kind, a.name) for a in into.actors}
    for actor in other.actors:
        if (actor.role, actor.kind, actor.name) not in seen:
            into.actors.append(actor)
            seen.add((actor.role, actor.kind, actor.name))
    into.sources.extend(other.sources)
    into.mentions.extend(other.mentions)


# The relations by which a noun trigger is a participant of a verb trigger: who did it, to whom.
_ARGUMENT_RELATIONS = frozenset({"nsubj", "nsubj:pass", "obj", "obl:agent"})


def _fold_argument_triggers(drafts: list[Draft]) -> list[Draft]:
    """Drafts with those whose trigger is a participant of another trigger of the same type folded in.

    "Burglars stole jewellery", "des braqueurs ont pris d'assaut une banque": the agent noun and
    the verb tell one event, whatever each found on its own.
    """
    by_head = {(d.head.i, d.type): d for d in drafts}
    kept = []
    for d in drafts:
        host = by_head.get((d.head.head.i, d.type)) if dep(d.head) in _ARGUMENT_RELATIONS else None
        if host is None or host is d:
            kept.append(d)
        else:
            absorb(host, d)
    return kept


def merge_drafts(drafts: list[Draft], lex: Lexicon | None = None) -> list[Draft]:
    """Drafts merged into events, in order of first telling.

    Tellings of one type that agree are one event; then, with the language's data, an event that
    defers to another type (an attack told as the bombing's "attentat", a toll "ten were killed"
    with no one said to have killed) joins the nearest agreeing event of that type.
    """
    events: list[Draft] = []
    for draft in _fold_argument_triggers(drafts):
        target = next((e for e in events if compatible(e, draft)), None)
        if target is None and is_demonstrative(draft.head):
            # "Cette arrestation a fait suite à…", "this attack": the event of that type told just before,
            # whatever place or time the new sentence brings.
            kin = [e for e in events if e.type == draft.type and modalities_agree(e.modality, draft.modality)]
            target = max(kin, key=lambda e: e.head.i) if kin else None
            if target is not None:
                # What the anaphor's sentence places and dates is what follows it ("une perquisition à
                # Buenos Aires"), not the event it points back to.
                draft.location = draft.location if target.location is None else None
                draft.date = draft.date if target.date is None else None
        if target is None:
            events.append(draft)
        else:
            absorb(target, draft)
    if lex is None:
        return events
    for event in list(events):
        if not _is_bare(event):
            continue
        joins = lex.spec(event.type).bare_joins
        kin = [o for o in events if o is not event and o.type in joins and o.modality == event.modality]
        target = _nearest(event, kin)
        if target is not None:
            absorb(target, event)
            events.remove(event)
    changed = True
    while changed:
        changed = False
        for event in events:
            target = _deferred_target(event, events, lex)
            if target is not None:
                absorb(target, event)
                events.remove(event)
                changed = True
                break
    return events


def is_casualty_statement(draft: Draft, lex: Lexicon) -> bool:
    """A killing or wounding told with no one said to have done it: the toll of some event."""
    if draft.kinds("agent") or draft.head.pos_ not in ("VERB", "ADJ"):
        return False
    keys = token_keys(draft.head) & lex.count_verbs.keys()
    return any(lex.count_verbs[k] in ("killed", "injured") for k in keys)


def _defers(event: Draft, other: Draft, lex: Lexicon) -> bool:
    if other is event or other.type == event.type:
        return False
    spec = lex.spec(event.type)
    if other.type in spec.defer_to:
        return True
    if other.type in spec.harmless_defer_to and not event.counts.keys() & {"killed", "injured"}:
        return True
    if not lex.spec(other.type).casualties:
        return False
    return is_casualty_statement(event, lex) and not is_casualty_statement(other, lex)


def _loosely_compatible(a: Draft, b: Draft) -> bool:
    return (
        modalities_agree(a.modality, b.modality)
        and dates_agree(a.date, b.date)
        and _places_fit(a, b)
        and counts_agree(a.counts, b.counts)
        and agents_agree(a, b)
    )


def _is_bare(event: Draft) -> bool:
    """A telling with no participant, own place, time or figure ("dirigent les manifestations")."""
    return not event.actors and not event.counts and event.date is None and not event.own_place


def _deferred_target(event: Draft, events: list[Draft], lex: Lexicon) -> Draft | None:
    """The event `event` is a telling of: the nearest agreeing one before it, else after it."""
    fits = [o for o in events if _defers(event, o, lex) and _loosely_compatible(event, o)]
    # "des dizaines de manifestants tués": the event whose victims are of the same kind, if one is.
    victims = event.kinds("victim", "target")
    same = [o for o in fits if victims & o.kinds("victim", "target")]
    return _nearest(event, same or fits)


def _nearest(event: Draft, fits: list[Draft]) -> Draft | None:
    before = [o for o in fits if o.head.i < event.head.i]
    if before:
        return max(before, key=lambda o: o.head.i)
    after = [o for o in fits if o.head.i > event.head.i]
    return min(after, key=lambda o: o.head.i) if after else None


def _source_key(name: str, determiners: frozenset[str]) -> str:
    words = fold(name).replace("'", "' ").split()
    while words and words[0] in determiners:
        words = words[1:]
    return " ".join(words)


def dedupe_sources(sources: list[Source], determiners: frozenset[str]) -> list[Source]:
    """One source per reporter: "La police" and "La police locale" are the same one (the fuller name is kept)."""
    out: list[Source] = []
    for s in sources:
        key = _source_key(s.name, determiners)
        same = next(
            (
                i
                for i, o in enumerate(out)
                if key.startswith(_source_key(o.name, determiners)) or _source_key(o.name, determiners).startswith(key)
            ),
            None,
        )
        if same is None:
            out.append(s)
            continue
        keep = out[same]
        longer = s if len(s.name) > len(keep.name) else keep
        via = tuple(dict.fromkeys((*keep.via, *s.via)))
        out[same] = Source(longer.name, via, longer.start, longer.end)
    return out
