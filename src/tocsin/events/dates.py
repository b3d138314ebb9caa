"""Dates: the time expression each event's clause carries."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..model import (
    TimeMention,
)
from .draft import MAX_DATE_DISTANCE, Context, Draft
from .lexicon import match_at, token_keys
from .syntax import (
    dep,
    kids,
    tree_distance,
)

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan
    from spacy.tokens import Token


CORE_DEPS = frozenset({"nsubj", "nsubj:pass", "obj", "obl:agent", "root"})


def _date_scope(draft: Draft) -> set[int] | None:
    """Tokens whose times can date a nominal trigger: its own phrase, and its verb's when it is a core argument."""
    head = draft.head
    if head.pos_ in ("VERB", "AUX"):
        return None  # a verb reaches its times through the tree distance alone
    scope = {t.i for t in head.subtree}
    if dep(head) in CORE_DEPS and head.head.i != head.i:
        verb = head.head
        scope |= {t.i for c in kids(verb) if dep(c) not in ("acl:relcl", "ccomp", "advcl") for t in c.subtree}
    return scope


def _dates_the_report_only(ctx: Context, draft: Draft, time_root: Token) -> bool:
    """A time on a reporting verb dates what is reported, not what a nested clause recalls.

    "Jeudi, la police a fait état de manifestants tués alors qu'ils tentaient de s'emparer de
    bâtiments": Thursday is when the police spoke (and may date the killings it reports), not when
    the attempt it mentions in passing happened.
    """
    anchor = time_root.head
    if anchor.i == time_root.i:
        return False
    reports = not token_keys(anchor).isdisjoint(ctx.lex.reporting) or any(
        match_at(pattern, ctx.forms, anchor.i) for pattern in ctx.lex.reporting_phrases
    )
    if not reports:
        return False
    node, crossed = draft.head, False
    while node.i != anchor.i and node.head.i != node.i:
        crossed = crossed or dep(node) in ("advcl", "acl", "acl:relcl")
        node = node.head
    return node.i == anchor.i and crossed


def attach_date(ctx: Context, draft: Draft, sent: SpacySpan) -> None:
    best: tuple[int, TimeMention] | None = None
    scope = _date_scope(draft)
    for t in ctx.times:
        if not (sent.start_char <= t.start < sent.end_char) or t.range is None:
            continue
        span = ctx.doc.char_span(t.start, t.end, alignment_mode="expand")
        if span is None:
            continue
        if scope is not None and not any(tok.i in scope for tok in span):
            continue
        if _dates_the_report_only(ctx, draft, span.root):
            continue
        distance = min(tree_distance(draft.head, tok) for tok in span)
        if distance <= MAX_DATE_DISTANCE and (best is None or distance < best[0]):
            best = (distance, t)
    if best is not None:
        draft.date = best[1].range
        draft.mentions.append((best[1].start, best[1].end))
