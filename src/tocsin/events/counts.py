"""Counts: the figures that say how many were killed, injured, arrested… in this event."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..model import (
    Actor,
    Count,
    CountKey,
    QuantityMention,
)
from .arguments import add_actor
from .draft import MAX_PLACE_DISTANCE, Context, Draft
from .lexicon import match_at, token_keys
from .syntax import (
    dep,
    kids,
    tree_distance,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as SpacySpan


def _quantity_root(doc: Doc, q: QuantityMention) -> Token | None:
    span = doc.char_span(q.start, q.end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    return span.root


def count_reading(ctx: Context, q: QuantityMention) -> tuple[CountKey | None, Token, Token] | None:
    """What a number counts (killed, arrested…), the word it counts, and the phrase head naming the people."""
    root = _quantity_root(ctx.doc, q)
    if root is None:
        return None
    span_range = range(q.start, q.end)
    if dep(root) in ("nummod", "det") and root.head.idx not in span_range:
        noun = root.head
        phrase_head = noun
    else:
        phrase_head = root
        nested = [c for c in kids(root) if dep(c) == "nmod" and c.idx not in span_range]
        noun = nested[0] if nested else root
    lex = ctx.lex
    # A verb the counted people undergo or perform says most: "des manifestants tués".
    for c in (*kids(noun), *kids(phrase_head)):
        if dep(c) in ("acl", "acl:relcl") and not (token_keys(c).isdisjoint(lex.count_verbs)):
            return lex.count_verbs[next(iter(token_keys(c) & set(lex.count_verbs)))], noun, phrase_head
    for holder in (noun, phrase_head):
        if dep(holder) in ("nsubj:pass", "obj", "nsubj") and holder.head.pos_ in ("VERB", "ADJ"):
            keys = token_keys(holder.head) & set(lex.count_verbs)
            if keys:
                return lex.count_verbs[next(iter(keys))], noun, phrase_head
    keys = token_keys(noun) & set(lex.count_nouns)
    if keys:
        return lex.count_nouns[next(iter(keys))], noun, phrase_head
    return None, noun, phrase_head


def _after_subset_marker(ctx: Context, q: QuantityMention) -> bool:
    """True for "dont deux…": a part of a group counted just before."""
    span = ctx.doc.char_span(q.start, q.end, alignment_mode="expand")
    if span is None or span.start == 0:
        return False
    for pattern in ctx.lex.subset_markers:
        n = len(pattern)
        if span.start - n >= 0 and match_at(pattern, ctx.forms, span.start - n):
            return True
    return False


def _accepts(ctx: Context, draft: Draft, key: CountKey) -> bool:
    spec = ctx.lex.spec(draft.type)
    if key in ("killed", "injured", "missing", "displaced"):
        return spec.casualties
    return key in (spec.patient_count, spec.agent_count)


def put_count(draft: Draft, key: str, count: Count) -> None:
    old = draft.counts.get(key)
    if old is None or count.value < old.value:
        draft.counts[key] = count


def attach_counts(ctx: Context, drafts: list[Draft], sent: SpacySpan) -> list[tuple[CountKey, Count, Actor | None]]:
    """Attach the sentence's numbers to its events; returns casualty counts that found no event."""
    orphans: list[tuple[CountKey, Count, Actor | None]] = []
    here = [d for d in drafts if sent.start <= d.head.i < sent.end]
    time_spans = [(t.start, t.end) for t in ctx.times]
    for q in ctx.quantities:
        if not (sent.start_char <= q.start < sent.end_char):
            continue
        if any(s < q.end and q.start < e for s, e in time_spans):
            continue  # "depuis deux jours" is a time, not a count
        if _after_subset_marker(ctx, q):
            continue
        reading = count_reading(ctx, q)
        if reading is None:
            continue
        key, noun, phrase_head = reading
        if key is None:
            # A plain noun ("2.000 personnes"): the nearest event says what it counts.
            best = min(here, key=lambda d: tree_distance(d.head, noun), default=None)
            if best is None or tree_distance(best.head, noun) > MAX_PLACE_DISTANCE:
                continue
            spec = ctx.lex.spec(best.type)
            in_agent = any(
                a.role == "agent" and a.start is not None and a.end is not None and a.start <= noun.idx < a.end
                for a in best.actors
            )
            key = spec.agent_count if in_agent else spec.patient_count
            if key is None:
                continue
        candidates = [d for d in here if _accepts(ctx, d, key)]
        victim = None
        if key in ("killed", "injured", "kidnapped", "missing"):
            victim = ctx.finder.at(phrase_head, "victim")
            if victim is not None and victim.kind == "unknown":
                victim = None
        count = Count.of(q)
        if not candidates:
            if key in ("killed", "injured"):
                orphans.append((key, count, victim))
            continue
        best = min(candidates, key=lambda d: tree_distance(d.head, noun))
        put_count(best, key, count)
        if victim is not None:
            add_actor(best, victim)
        best.mentions.append((q.start, q.end))
    return orphans
