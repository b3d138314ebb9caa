"""Triggers: the words that announce an event, kept only in their event sense."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .lexicon import Lexicon, Trigger, fold, match_at
from .syntax import (
    clause_tokens,
    dep,
    kids,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


# Quoted stretches, in the quotation marks news uses: « … », “ … ”, ‘’ … ’’ (typed as two marks), " … ".
_QUOTED = re.compile(
    r"«[^»\n]{1,120}»|“[^”\n]{1,120}”|[‘’]{2}[^‘’\n]{1,120}[‘’]{2}|''[^'\n]{1,120}''|\"[^\"\n]{1,120}\""
)


def _names_in_quotes(doc: Doc) -> set[int]:
    """Tokens of quoted names: a quote right after a noun names it ("l'association « Non au trafic »").

    A quote after a verb is words said ("qualifiés de « massacre »"): its triggers still count.
    """
    inside: set[int] = set()
    for m in _QUOTED.finditer(doc.text):
        span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
        if span is None or span.start == 0:
            continue
        k = span.start - 1
        while k > 0 and doc[k].is_space:
            k -= 1
        if doc[k].pos_ in ("NOUN", "PROPN"):
            inside |= set(range(span.start, span.end))
    return inside


def find_triggers(doc: Doc, lex: Lexicon, forms: list[frozenset[str]]) -> list[tuple[int, int, Trigger]]:
    """Trigger matches, longest first and without overlaps, in text order (none inside a quoted name)."""
    found: list[tuple[int, int, Trigger]] = []
    named = _names_in_quotes(doc)
    for i in range(len(doc)):
        if i in named:
            continue
        seen: set[int] = set()
        for form in forms[i]:
            for trig in lex.triggers.get(form, ()):
                if id(trig) in seen:
                    continue
                seen.add(id(trig))
                if match_at(trig.pattern, forms, i):
                    found.append((i, i + len(trig.pattern), trig))
    found.sort(key=lambda m: (-(m[1] - m[0]), m[0]))
    taken: set[int] = set()
    kept = []
    for start, end, trig in found:
        if taken & set(range(start, end)):
            continue
        if not _conditions_hold(doc, lex, forms, start, end, trig):
            continue
        taken |= set(range(start, end))
        kept.append((start, end, trig))
    return sorted(kept, key=lambda m: m[0])


def head_of(doc: Doc, start: int, end: int) -> Token:
    """The token of a multi-token match whose head lies outside it."""
    for tok in doc[start:end]:
        if not (start <= tok.head.i < end) or tok.head.i == tok.i:
            return tok
    return doc[start]


def _conditions_hold(doc: Doc, lex: Lexicon, forms: list[frozenset[str]], start: int, end: int, trig: Trigger) -> bool:
    head = head_of(doc, start, end)
    if trig.pos and head.pos_ not in trig.pos:
        return False
    if trig.not_reflexive and any(
        dep(c).startswith("expl") or fold(c.text) in lex.words("reflexive_pronouns") for c in kids(head)
    ):
        return False  # "s'arrêter" is to stop, not to be arrested
    if trig.with_ or trig.without:
        if trig.sentence_scope:
            around = set(range(head.sent.start, head.sent.end))
        else:
            around = {t.i for t, _ in clause_tokens(head)} | set(range(start, end))
            around |= {c.i for c in head.children}  # the preposition itself: "fired at", "tiré sur"
        if head.head.i != head.i:
            around.add(head.head.i)
            if head.pos_ == "NOUN":
                # A noun's verb and its other core arguments make one predicate: "mettre le feu aux poudres".
                around |= {c.i for c in head.head.children if dep(c) in ("obj", "obl:arg") and c.i != head.i}
        node = head
        while dep(node) == "conj" and node.head.i != node.i:
            node = node.head  # "a rifle and some explosives were recovered": the verb of the whole list
        around.add(node.head.i)
        # "le véhicule a reculé puis s'est renversé": coordinated verbs share the first one's subject.
        around |= {c.i for c in kids(node) if dep(c) in ("nsubj", "nsubj:pass")}
        nearby: set[str] = set()
        for i in around:
            if not (start <= i < end):
                nearby |= forms[i]
        if trig.with_ and not (nearby & trig.with_):
            return False
        if trig.without and nearby & trig.without:
            return False
    if trig.with_kinds:
        lo, hi = min(t.i for t in head.subtree), max(t.i for t in head.subtree) + 1
        kinds = {
            term.kind
            for i in range(lo, hi)
            for f in forms[i]
            for term in lex.terms.get(f, ())
            if match_at(term.pattern, forms, i)
        }
        if not kinds & trig.with_kinds:
            return False
    return True
