"""Events from one parsed article: triggers → arguments → time and modality → coreference."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..mentions.places import DATELINE
from ..model import (
    Actor,
    Count,
    CountKey,
    DateRange,
    Event,
    PlaceMention,
    QuantityMention,
    Span,
    TimeMention,
)
from .actors import ActorFinder, Discourse
from .arguments import add_actor, assign_roles, attach_location, fix_actor_countries, home_country, refine_type
from .attribution import attach_modality, attach_sources
from .coreference import dedupe_sources, merge_drafts
from .counts import attach_counts, put_count
from .dates import attach_date
from .draft import Context, Draft
from .lexicon import Lexicon, fold, token_keys
from .syntax import (
    clause_tokens,
    dep,
    governing_verb,
    is_definite,
    kids,
)
from .triggers import find_triggers, head_of

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as SpacySpan


def _is_main_clause(ctx: Context, head: Token, sent: SpacySpan) -> bool:
    """True when the trigger heads its sentence, or what the sentence's reporting verb reports."""
    verb = head if head.pos_ in ("VERB", "AUX") else (head.head if dep(head) in ("obj", "nsubj") else None)
    if verb is None:
        return False
    if verb.i == sent.root.i:
        return True
    root = sent.root
    return (
        dep(verb) in ("ccomp", "xcomp", "parataxis")
        and verb.head.i == root.i
        and not token_keys(root).isdisjoint(ctx.lex.reporting)
    )


def mention_span(ctx: Context, draft: Draft, sent: SpacySpan) -> tuple[int, int]:
    """The stretch of the sentence that tells this event, without surrounding blanks."""
    lo, hi = _mention_bounds(ctx, draft, sent)
    text = ctx.text
    while hi > lo and text[hi - 1].isspace():
        hi -= 1
    while lo < hi and text[lo].isspace():
        lo += 1
    return lo, hi


def _mention_bounds(ctx: Context, draft: Draft, sent: SpacySpan) -> tuple[int, int]:
    """The event's clause, its arguments, its figures."""
    start_tok, end_tok = draft.trigger
    lo, hi = ctx.doc[start_tok].idx, ctx.doc[end_tok - 1].idx + len(ctx.doc[end_tok - 1].text)
    verb = draft.head if draft.head.pos_ in ("VERB", "AUX") else None
    if _is_main_clause(ctx, draft.head, sent):
        # What the sentence as a whole reports: the whole sentence tells it.
        return sent.start_char, sent.end_char - len(sent.text) + len(sent.text.rstrip())
    if verb is not None:
        # The trigger's own clause, without the clauses nested in it (they tell other things).
        clause = [t for t, _ in clause_tokens(verb, max_depth=64) if not t.is_punct]
        if clause:
            lo = min(lo, min(t.idx for t in clause))
            hi = max(hi, max(t.idx + len(t.text) for t in clause))
    for a in draft.actors:
        if a.start is not None and a.end is not None and sent.start_char <= a.start < sent.end_char:
            lo, hi = min(lo, a.start), max(hi, a.end)
    for s, e in draft.mentions:
        if sent.start_char <= s < sent.end_char:
            lo, hi = min(lo, s), max(hi, e)
    return lo, hi


def extract_events(
    doc: Doc,
    lex: Lexicon,
    *,
    times: Sequence[TimeMention],
    quantities: Sequence[QuantityMention],
    places: Sequence[PlaceMention],
    published: DateRange | None = None,
) -> list[Event]:
    """Every event the article reports, one record per real event with all its mentions.

    With the publication date, an event the text dates after it is planned, whatever its verb
    ("une nouvelle journée de mobilisation mardi prochain").
    """
    tokens = list(doc)
    forms = [token_keys(t) for t in tokens]
    discourse = Discourse()
    finder = ActorFinder(doc, lex, forms, places, discourse, quantities)
    finder.remember_subjects(tokens)
    text = doc.text
    datelines = [(m.start("name"), m.end()) for m in DATELINE.finditer(text)]
    ctx = Context(
        doc, lex, forms, times, quantities, places, finder, home_country(places), text, datelines, tokens=tokens
    )
    sents = list(doc.sents)
    drafts: list[Draft] = []
    threatened: set[int] = set()  # heads of acts that a condition makes a threat of
    for start, end, trig in find_triggers(doc, lex, forms):
        head = head_of(doc, start, end)
        if dep(head) in ("aux", "aux:pass", "mark", "cop") and head.head.i != head.i:
            mark = dep(head) == "mark"
            head = head.head  # "must cooperate", "unless he agrees": the verb it modifies carries the event
            if mark and dep(head) == "advcl" and head.head.i != head.i:
                # "will withdraw its troops unless X arranges a ceasefire": the condition's clause is what
                # the threatener demands; the threat is the act it is attached to, done by that act's subject.
                head = head.head
                threatened.add(head.i)
        draft = Draft(trig.type, head, (start, end), trig.with_kinds, modality=lex.spec(trig.type).modality)
        drafts.append(draft)
    # The threatened act itself ("withdraw") is the threat's content, not an event of its own.
    drafts = [d for d in drafts if d.head.i not in threatened or d.trigger[0] != d.head.i]
    orphans: list[tuple[CountKey, Count, Actor | None]] = []
    for sent in sents:
        here = [d for d in drafts if sent.start <= d.head.i < sent.end]
        for d in here:
            assign_roles(ctx, d)
        orphans += attach_counts(ctx, drafts, sent)
        for d in here:
            attach_date(ctx, d, sent)
            attach_location(ctx, d, sent)
            attach_sources(ctx, d, sent)
            attach_modality(ctx, d)
            # A planned event keeps its date to come: "a interdit la manifestation prévue samedi".
            later = published is not None and d.date is not None and d.date.start > published.end
            if later and d.modality != "planned":
                if told_in_past(d.head):
                    # "It was the second shooting on the block in a week": a past tense keeps the event in
                    # the past, so a time read as later than publication is not its date.
                    d.date = None
                elif d.modality == "asserted":
                    d.modality = "planned"
            fix_actor_countries(ctx, d)
            refine_type(ctx, d)
            d.mentions = [mention_span(ctx, d, sent)]
    # A toll reported on its own ("le ministère a recensé 1.000 blessés") belongs to the event told
    # before it that hit people of its victims' kind, else to the article's first event that can carry
    # casualties, if it does not contradict what that event holds: news tells its main event first
    # (measured: the nearest event before the toll, whatever it hit, does worse on POPCORN).
    main = next((d for d in drafts if lex.spec(d.type).casualties), None)
    for key, count, victim in orphans:
        target = _hit_before(ctx, drafts, victim, count) or main
        if target is not None:
            old = target.counts.get(key)
            if old is None or (
                (old.max is None or count.value <= old.max) and (count.max is None or old.value <= count.max)
            ):
                put_count(target, key, count)
                if victim is not None:
                    add_actor(target, victim)
    events = [e for e in merge_drafts(drafts, lex) if _is_record(ctx, e)]
    _add_anaphors(ctx, events)
    for e in events:
        _agent_from_context(ctx, e)
    return [
        Event(
            id=f"e{n}",
            type=d.type,
            modality=d.modality,
            actors=tuple(d.actors),
            location=d.location,
            date=d.date,
            counts=_without_the_dead(d),
            sources=tuple(dedupe_sources(d.sources, lex.words("determiners"))),
            mentions=tuple(Span(s, e, text[s:e]) for s, e in sorted(set(d.mentions))),
            trigger=Span(
                doc[d.trigger[0]].idx,
                doc[d.trigger[1] - 1].idx + len(doc[d.trigger[1] - 1].text),
                text[doc[d.trigger[0]].idx : doc[d.trigger[1] - 1].idx + len(doc[d.trigger[1] - 1].text)],
            ),
        )
        for n, d in enumerate(events, 1)
    ]


def _hit_before(ctx: Context, drafts: list[Draft], victim: Actor | None, count: Count) -> Draft | None:
    """The last event told before a toll that hit people of the toll's victims' kind, if any.

    "…ont lancé des projectiles sur les forces de l'ordre. Trois policiers ont été blessés": the
    wounded police are the riot's, not the march's that the article opened with.
    """
    if victim is None or victim.kind == "unknown" or count.start is None:
        return None
    hit = [
        d
        for d in drafts
        if ctx.lex.spec(d.type).casualties and d.head.idx < count.start and victim.kind in d.kinds("target", "victim")
    ]
    return max(hit, key=lambda d: d.head.i) if hit else None


def _without_the_dead(draft: Draft) -> dict[str, Count]:
    """The draft's counts, with the wounded later said to have died counted among the dead only."""
    counts = dict(draft.counts)
    hurt = counts.get("injured")
    if draft.died_later and hurt is not None and hurt.qualifier == "exact" and hurt.value >= draft.died_later:
        left = hurt.value - draft.died_later
        if left:
            counts["injured"] = Count(left, left, left, "exact", hurt.text, hurt.start, hurt.end)
        else:
            del counts["injured"]
    return counts


def told_in_past(head: Token) -> bool:
    """Whether the clause of a trigger is in a past tense ("was", "a été tué", "tirait")."""
    verb = governing_verb(head)
    if verb is None:
        return False
    auxes = [c for c in kids(verb) if dep(c).startswith("aux") or dep(c) == "cop"]
    for t in (verb, *auxes):
        tense, form = t.morph.get("Tense", []), t.morph.get("VerbForm", [])
        if "Imp" in tense or ("Past" in tense and "Fin" in form):
            return True
    return "Part" in verb.morph.get("VerbForm", []) and "Past" in verb.morph.get("Tense", []) and bool(auxes)


def _is_record(ctx: Context, event: Draft) -> bool:
    """Whether a draft is worth a record of its own.

    "No arrests have been made", "no one was killed, officials said" deny nothing anyone did: a
    negated event with no actor is no record. Speech-like types ("asked the public to call",
    "agreed to talk") are records only between the parties their ontology is about.
    """
    if event.modality == "negated" and not event.actors:
        return False
    parties = ctx.lex.spec(event.type).parties
    if not parties:
        return True
    local = ctx.lex.local_officials
    party_kinds = {
        a.kind
        for a in event.actors
        if not (a.kind == "government" and local and (set(re.findall(r"\w+", fold(a.text))) & local))
    }
    if party_kinds & set(parties):
        return True
    if any(a.kind == "government" for a in event.actors):
        return False  # only local officials ("le président de l'agglomération a rencontré les pêcheurs")
    if any(a.kind == "unknown" and a.name[:1].isupper() for a in event.actors):
        return True  # a named party the actor words do not know ("the US Congress")
    # A state named in the sentence ("Israel and the Palestinians reached a consensus") is a party too,
    # even when the parse did not make it an actor.
    sent = event.head.sent
    return any(
        sent.start_char <= p.start < sent.end_char
        and p.place is not None
        and (p.demonym or p.place.feature == "country")
        for p in ctx.places
    )


def _add_anaphors(ctx: Context, events: list[Draft]) -> None:
    """A mention of the event told just before: "l'incident", "ce drame", "the tragedy"."""
    if not events or not ctx.lex.anaphors:
        return
    for i, keys in enumerate(ctx.forms):
        if keys.isdisjoint(ctx.lex.anaphors):
            continue
        tok = ctx.tokens[i]
        if tok.pos_ != "NOUN" or not is_definite(tok):
            continue
        before = [e for e in events if e.head.i < tok.i]
        if before:
            target = max(before, key=lambda e: e.head.i)
            target.mentions.append((tok.idx, tok.idx + len(tok.text)))


def _agent_from_context(ctx: Context, draft: Draft) -> None:
    """An agentless event takes the nearest subject of its type's `context_agents` kinds in its paragraph."""
    kinds = ctx.lex.spec(draft.type).context_agents
    reach = ctx.lex.spec(draft.type).context_reach
    if not kinds or draft.kinds("agent"):
        return
    paragraph = ctx.paragraph(draft.head)
    best: tuple[int, Actor] | None = None
    for tok in paragraph if paragraph is not None else ():
        if dep(tok) not in ("nsubj", "nsubj:pass") or tok.pos_ not in ("NOUN", "PROPN"):
            continue
        actor = ctx.finder.at(tok, "agent")
        if actor is None or actor.kind not in kinds:
            continue
        distance = abs(tok.i - draft.head.i)
        if reach is not None and distance > reach:
            continue  # a subject far away did something else
        if best is None or distance < best[0]:
            best = (distance, actor)
    if best is not None:
        add_actor(draft, best[1])
