"""Attribution and modality: according to whom, and whether asserted, claimed, planned or denied."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from ..model import (
    Modality,
    Source,
)
from .draft import Context, Draft
from .lexicon import Lexicon, fold, match_at, token_keys
from .syntax import (
    children,
    conjuncts,
    dep,
    governing_verb,
    kids,
    phrase_bounds,
)

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan
    from spacy.tokens import Token


def _names_in(ctx: Context, token: Token) -> list[str]:
    out = []
    for tok in conjuncts(token):
        lo, hi = phrase_bounds(tok)
        ents = [e.text for e in ctx.doc.ents if e.start >= lo and e.end <= hi]
        out.extend(ents or [ctx.doc[lo:hi].text])
    return list(dict.fromkeys(out))


def _source_from(ctx: Context, subject: Token) -> Source | None:
    actor = ctx.finder.at(subject, "agent")
    lo, hi = phrase_bounds(subject)
    while lo < hi - 1 and ctx.doc[lo].pos_ == "ADP":
        lo += 1
    name = actor.name if actor is not None and subject.pos_ == "PRON" else ctx.doc[lo:hi].text
    via: list[str] = []
    for c in kids(subject):
        if dep(c) in ("acl", "acl:relcl") and not token_keys(c).isdisjoint(ctx.lex.via_markers):
            for agent in children(c, "obl:agent", "obl", "obj"):
                via.extend(_names_in(ctx, agent))
            for other in children(c, "conj"):
                if other.pos_ in ("PROPN", "NOUN") and other.text[:1].isupper():  # "cité par TASS et Ria Novosti"
                    via.extend(_names_in(ctx, other))
    span = ctx.doc[lo:hi]
    return Source(name, tuple(via), span.start_char, span.end_char)


OPAQUE_DEPS = frozenset({"acl", "acl:relcl", "nmod", "obl:agent"})


def _reported_by(head: Token, verb: Token) -> bool:
    """True when the trigger sits in what `verb` reports (its complement, or the quote it closes)."""
    if dep(verb) == "parataxis" and verb.head in (head, *head.ancestors):
        return True
    node = head
    while node.i != verb.i:
        # How the trigger itself hangs ("manifestants tués") does not hide it; what it sits in may.
        if node.head.i == node.i or (node.i != head.i and dep(node) in OPAQUE_DEPS):
            return False
        node = node.head
    return True


def _source_after_marker(ctx: Context, tok: Token) -> Token | None:
    """The nominal a source marker introduces: "selon la télévision", "according to state television"."""
    forms = ctx.forms[tok.i]
    for pattern in ctx.lex.source_markers:
        if forms.isdisjoint(pattern[0]) or not match_at(pattern, ctx.forms, tok.i):
            continue
        last = ctx.doc[tok.i + len(pattern) - 1]
        objects = [c for c in last.children if c.dep_ in ("pobj", "obj", "dobj")]
        if objects:
            return objects[0]
        if last.head.i != last.i and last.head.pos_ in ("NOUN", "PROPN", "PRON"):
            return last.head
    return None


def _sentence_sources(ctx: Context, sent: SpacySpan) -> tuple[list[Source], list[tuple[Token, list[Token]]]]:
    """A sentence's marked sources ("selon la télévision") and its reporting verbs with their subjects.

    Read once per sentence: every event of the sentence looks at the same ones.
    """
    key = ("sources", sent.start)
    if key in ctx.memo:
        return cast("tuple[list[Source], list[tuple[Token, list[Token]]]]", ctx.memo[key])
    lex = ctx.lex
    marked_sources: list[Source] = []
    reporters: list[tuple[Token, list[Token]]] = []
    for tok in ctx.tokens[sent.start : sent.end]:
        marked = _source_after_marker(ctx, tok)
        if marked is not None:
            src = _source_from(ctx, marked)
            if src is not None:
                marked_sources.append(src)
        if tok.pos_ not in ("VERB", "AUX"):
            continue
        if token_keys(tok).isdisjoint(lex.reporting) and not any(
            match_at(p, ctx.forms, tok.i) for p in lex.reporting_phrases
        ):
            continue
        subjects = children(tok, "nsubj")
        if subjects:
            reporters.append((tok, subjects))
    ctx.memo[key] = (marked_sources, reporters)
    return marked_sources, reporters


def attach_sources(ctx: Context, draft: Draft, sent: SpacySpan) -> None:
    head = draft.head
    marked_sources, reporters = _sentence_sources(ctx, sent)
    draft.sources.extend(marked_sources)
    for tok, subjects in reporters:
        if tok.i == head.i:
            continue
        inverted = subjects[0].i > tok.i and head.i < tok.i  # « … », a indiqué le ministère
        if not (inverted or _reported_by(head, tok)) or any(head.i == s.i for s in subjects):
            continue
        if not any(c.isalpha() for c in subjects[0].text) or subjects[0].text.startswith("-"):
            continue  # "a-t-il": the euphonic -t- is no subject
        src = _source_from(ctx, subjects[0])
        if src is not None:
            draft.sources.append(src)


def _governors(verb: Token) -> list[Token]:
    """The verbs whose complement this verb's clause is ("il affirme que…", "dément avoir…")."""
    out = []
    node = verb
    while dep(node) in ("ccomp", "xcomp", "csubj", "advcl") and node.head.i != node.i:
        node = node.head
        out.append(node)
    return out


def _threatened(lex: Lexicon, governors: list[Token]) -> bool:
    """Whether a threat governs the clause: "threatened to impose sanctions", "menace de fermer l'usine".

    What is threatened may never happen: it is no asserted event, the threat is.
    """
    return any(
        trig.type == "THREATEN" and len(trig.pattern) == 1
        for g in governors
        for key in token_keys(g)
        for trig in lex.triggers.get(key, ())
    )


def attach_modality(ctx: Context, draft: Draft) -> None:
    """Asserted, claimed, planned, negated or hypothetical, from the trigger's verb and what governs it."""
    lex = ctx.lex
    modality: Modality = lex.spec(draft.type).modality
    verb = governing_verb(draft.head) or draft.head
    subjects = [c for c in kids(verb) if dep(c) in ("nsubj", "nsubj:pass")]
    words = {fold(c.text) for c in kids(verb) if c not in subjects} | {fold(c.text) for c in kids(draft.head)}
    # The trigger's own words say what the event is, not how it is told: "unless" makes a threat, not a
    # hypothesis ("will withdraw its troops unless…").
    words -= {fold(ctx.doc[i].text) for i in range(*draft.trigger)}
    # "No one is in custody", "Nobody was arrested": a negated subject denies the verb's own event,
    # not an event named beside it ("nobody was hurt in the fire" still tells a fire).
    if verb.i == draft.head.i or verb.pos_ == "AUX" or dep(draft.head) == "obj":
        objects = [c for c in kids(verb) if dep(c) == "obj"] if verb.i == draft.head.i else []
        for subject in (*subjects, *objects):  # "police arrested no one"
            words |= {fold(subject.text)} | {fold(c.text) for c in kids(subject) if dep(c) == "det"}
    auxes = [c for c in kids(verb) if dep(c).startswith("aux")]
    governors = _governors(verb)
    negated = bool(words & lex.negations) and bool(words & lex.words("negation_particles"))
    if negated or any(not token_keys(a).isdisjoint(lex.denial_verbs) for a in governors):
        draft.modality = "negated"
        return
    if modality != "asserted":
        draft.modality = modality
        return
    conditional = any("Cnd" in t.morph.get("Mood", []) for t in (verb, *auxes))
    perfect = "Part" in verb.morph.get("VerbForm", []) and bool(auxes)
    future = any("Fut" in t.morph.get("Tense", []) for t in (verb, *auxes))
    will = any(not token_keys(a).isdisjoint(lex.planned_verbs) for a in auxes)
    planned_by = dep(verb) == "xcomp" and not token_keys(verb.head).isdisjoint(lex.planned_verbs)
    # "ministers would meet on Monday to discuss…": the purpose of a planned act is planned too.
    if dep(verb) in ("xcomp", "advcl") and verb.head.i != verb.i:
        planned_by = planned_by or any(
            dep(a).startswith("aux") and not token_keys(a).isdisjoint(lex.planned_verbs) for a in kids(verb.head)
        )
    # "a interdit la manifestation prévue samedi", "the march planned for Saturday": a noun its
    # participle says is planned (and that no verb tells as done: "la marche prévue a rassemblé…").
    planned_by = planned_by or (
        dep(draft.head) not in ("nsubj", "nsubj:pass")
        and any(dep(c) == "acl" and not token_keys(c).isdisjoint(lex.planned_verbs) for c in kids(draft.head))
    )
    if conditional and perfect:
        modality = "claimed"  # "aurait tué": the journalistic conditional of allegation
    elif any(not token_keys(a).isdisjoint(lex.claim_verbs) for a in governors) or words & lex.claim_markers:
        modality = "claimed"
    elif words & lex.hypothetical or (draft.type != "THREATEN" and _threatened(lex, governors)):
        modality = "hypothetical"
    elif conditional or future or will or planned_by:
        modality = "planned"
    draft.modality = modality
