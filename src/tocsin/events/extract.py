"""Events from one parsed article: triggers, their arguments, counts, place, date, sources, modality."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..model import (
    Actor,
    Count,
    CountKey,
    DateRange,
    Event,
    Location,
    Modality,
    PlaceMention,
    QuantityMention,
    Source,
    Span,
    TimeMention,
)
from .actors import ActorFinder, Discourse
from .lexicon import Lexicon, Trigger, fold, match_at, token_keys
from .merge import merge_drafts
from .syntax import (
    case_of,
    children,
    clause_tokens,
    conjuncts,
    dep,
    governing_verb,
    kids,
    phrase_bounds,
    tree_distance,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as SpacySpan

SPECIFICITY = {"point": 3, "city": 2, "region": 1, "country": 0}
MAX_DATE_DISTANCE = 4
MAX_PLACE_DISTANCE = 5


@dataclass
class Draft:
    """An event while it is being built from one trigger (mutable; frozen into an Event at the end)."""

    type: str
    head: Token
    trigger: tuple[int, int]  # token indices
    with_kinds: frozenset[str] = frozenset()
    actors: list[Actor] = field(default_factory=list)
    counts: dict[str, Count] = field(default_factory=dict)
    location: Location | None = None
    date: DateRange | None = None
    sources: list[Source] = field(default_factory=list)
    modality: Modality = "asserted"
    mentions: list[tuple[int, int]] = field(default_factory=list)  # character spans

    def kinds(self, *roles: str) -> set[str]:
        return {a.kind for a in self.actors if a.role in roles}


@dataclass(frozen=True)
class Context:
    """Everything the extraction reads about one article."""

    doc: Doc
    lex: Lexicon
    forms: list[frozenset[str]]
    times: Sequence[TimeMention]
    quantities: Sequence[QuantityMention]
    places: Sequence[PlaceMention]
    finder: ActorFinder
    home_country: str | None
    text: str  # doc.text joins every token on each access: read it once


def find_triggers(doc: Doc, lex: Lexicon, forms: list[frozenset[str]]) -> list[tuple[int, int, Trigger]]:
    """Trigger matches, longest first and without overlaps, in text order."""
    found: list[tuple[int, int, Trigger]] = []
    for i in range(len(doc)):
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
        if head.head.i != head.i:
            around.add(head.head.i)
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


# ---- arguments ---------------------------------------------------------------------------------


def _subject_holder(verb: Token) -> Token:
    """The verb whose subject a verb shares: itself, or the verb it is coordinated with or depends on."""
    current = verb
    for _ in range(3):
        if any(dep(c) in ("nsubj", "nsubj:pass") for c in kids(current)):
            return current
        if dep(current) in ("conj", "xcomp") and current.head.i != current.i:
            current = current.head
        else:
            break
    return current


def _add(draft: Draft, actor: Actor | None) -> None:
    """Add an actor, once: overlapping phrases of the same role and kind are one actor (the longer kept)."""
    if actor is None:
        return
    for n, a in enumerate(draft.actors):
        if a.role != actor.role or a.kind != actor.kind:
            continue
        if a.start == actor.start and a.end == actor.end:
            return
        if a.start is not None and a.end is not None and actor.start is not None and actor.end is not None:
            if a.start < actor.end and actor.start < a.end:
                if actor.end - actor.start > a.end - a.start:
                    draft.actors[n] = actor
                return
    draft.actors.append(actor)


def _add_group(ctx: Context, draft: Draft, token: Token, role: str, look_inside: bool = False) -> None:
    for tok in conjuncts(token):
        actor = ctx.finder.at(tok, role)  # type: ignore[arg-type]
        if actor is None and look_inside:
            # "demandé l'aide de l'OTSC": the actor sits in the abstract noun's complement.
            for inner in children(tok, "nmod", "obl", "obl:arg"):
                _add_group(ctx, draft, inner, role)
            continue
        _add(draft, actor)


def assign_roles(ctx: Context, draft: Draft) -> None:
    """Agent, patient and recipient actors from the trigger's dependency relations."""
    head = draft.head
    spec = ctx.lex.spec(draft.type)
    patient = spec.patient_role
    verb = head if head.pos_ in ("VERB", "AUX") else None
    if (
        verb is None
        and head.head.pos_ in ("VERB", "AUX")
        and dep(head) in ("obj", "obl", "obl:arg", "obl:mod", "xcomp")
    ):
        verb = head.head
    if head.pos_ in ("NOUN", "PROPN"):
        for c in children(head, "nmod"):
            if case_of(c) in ctx.lex.words("complement") and draft.type in ("REQUEST_AID",):
                _add_group(ctx, draft, c, "recipient")
    if verb is None:
        return
    holder = _subject_holder(verb)
    for c in kids(holder):
        d = dep(c)
        if (d == "nsubj" or (d == "expl:subj" and c.pos_ == "PRON")) and c.i != head.i:
            _add_group(ctx, draft, c, "agent")
        elif d == "nsubj:pass":
            _add_group(ctx, draft, c, patient)
    for c in kids(verb):
        d = dep(c)
        if d == "obl:agent":
            _add_group(ctx, draft, c, "agent")
        elif d == "obj" and c.i != head.i and spec.object_is_patient:
            _add_group(ctx, draft, c, patient, look_inside=True)
        elif d.startswith("obl") and c.i != head.i:
            case = case_of(c)
            if case in ctx.lex.words("partner") or (
                case in ctx.lex.words("recipient") and draft.type in ("DEPLOYMENT", "REQUEST_AID", "APPEAL")
            ):
                _add_group(ctx, draft, c, "recipient")
    if draft.type in ("MEETING", "AGREEMENT"):
        # "ferait le point … avec le chef de la diplomatie européenne": the partner may hang low in the clause.
        for tok, _ in clause_tokens(verb, 4):
            if tok.pos_ in ("NOUN", "PROPN") and case_of(tok) in ctx.lex.words("partner") and tok.i != head.i:
                _add_group(ctx, draft, tok, "recipient")
    if verb is head and dep(verb) == "acl" and "Part" in verb.morph.get("VerbForm", []):
        _add_group(ctx, draft, verb.head, patient)  # "des manifestants, tués par la police"
    if verb is head and dep(verb) in ("acl:relcl",):
        if any(dep(c) == "nsubj" and fold(c.text) in ctx.lex.words("relative_pronouns") for c in kids(verb)):
            _add_group(ctx, draft, verb.head, "agent")
    if draft.with_kinds:
        # "Il affirme que des terroristes…": the accused are the actors of the kind that made this a trigger.
        for tok in head.subtree:
            if tok.pos_ not in ("VERB", "AUX", "DET", "ADP", "PUNCT") and tok.i != head.i:
                actor = ctx.finder.at(tok, patient)
                if actor is not None and actor.kind in draft.with_kinds:
                    _add(draft, actor)
                    break


def fix_actor_countries(ctx: Context, draft: Draft) -> None:
    """Give domestic actors the event's country and tell foreign states from the home government."""
    home = draft.location.country if draft.location else ctx.home_country
    fixed = []
    for a in draft.actors:
        kind, country = a.kind, a.country
        if kind == "foreign_state" and country is not None and country == home and draft.type not in ("DEPLOYMENT",):
            kind = "government"
        if country is None and kind in ("state_forces", "government", "protesters", "rioters", "civilians") and home:
            country = home
        fixed.append(Actor(a.role, a.text, a.name, kind, country, a.start, a.end))
    draft.actors = fixed


# ---- counts ------------------------------------------------------------------------------------


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


def _put_count(draft: Draft, key: str, count: Count) -> None:
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
        _put_count(best, key, count)
        if victim is not None:
            _add(best, victim)
        best.mentions.append((q.start, q.end))
    return orphans


# ---- time and place ---------------------------------------------------------------------------


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
        distance = min(tree_distance(draft.head, tok) for tok in span)
        if distance <= MAX_DATE_DISTANCE and (best is None or distance < best[0]):
            best = (distance, t)
    if best is not None:
        draft.date = best[1].range
        draft.mentions.append((best[1].start, best[1].end))


def _is_actor_place(ctx: Context, draft: Draft, root: Token, p: PlaceMention) -> bool:
    """A place that names an actor ("la Russie a envoyé", "demandée à la Russie") is not where it happened."""
    for a in draft.actors:
        if a.start is not None and a.end is not None and a.start <= p.start and p.end <= a.end:
            return True
    node = root
    while dep(node) == "conj" and node.head.i != node.i:
        node = node.head
    return dep(node) in ("nsubj", "nsubj:pass", "obj") and not case_of(node)


def attach_location(ctx: Context, draft: Draft, sent: SpacySpan) -> None:
    spec = ctx.lex.spec(draft.type)
    best: tuple[int, int, PlaceMention] | None = None
    for p in ctx.places:
        if p.demonym or p.place is None or p.place.lat is None or not (sent.start_char <= p.start < sent.end_char):
            continue
        if p.place.country is None:
            continue  # a continent or a supranational region says too little
        span = ctx.doc.char_span(p.start, p.end, alignment_mode="expand")
        if span is None:
            continue
        root = span.root
        if _is_actor_place(ctx, draft, root, p):
            continue
        distance = tree_distance(draft.head, root)
        if spec.speech and (distance > 2 or case_of(root) not in ctx.lex.words("locative")):
            continue
        if distance > MAX_PLACE_DISTANCE:
            continue
        key = (distance, -SPECIFICITY.get(p.place.feature or "point", 0))
        if best is None or key < (best[0], best[1]):
            best = (key[0], key[1], p)
    if best is not None and best[2].place is not None:
        draft.location = Location.of(best[2].place)
        return
    if spec.speech:
        return
    # Nothing in the sentence: the city the paragraph was last speaking of, then the article's main country.
    para_start = ctx.text.rfind("\n", 0, sent.start_char) + 1
    before = [
        p
        for p in ctx.places
        if para_start <= p.start
        and p.end <= sent.start_char
        and p.place is not None
        and p.place.lat is not None
        and not p.demonym
        and p.place.feature != "country"
        and p.text[:1].isupper()  # a named place, not a noun ("les bâtiments") placed by context
        and p.place.country is not None
    ]
    if before and before[-1].place is not None:
        draft.location = Location.of(before[-1].place)
        return
    if ctx.home_country:
        home = next(
            (
                p.place
                for p in ctx.places
                if p.place and p.place.country == ctx.home_country and p.place.feature == "country"
            ),
            None,
        )
        if home is not None:
            draft.location = Location.of(home)


# ---- attribution and modality ----------------------------------------------------------------


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
    for pattern in ctx.lex.source_markers:
        if not match_at(pattern, ctx.forms, tok.i):
            continue
        last = ctx.doc[tok.i + len(pattern) - 1]
        objects = [c for c in last.children if c.dep_ in ("pobj", "obj", "dobj")]
        if objects:
            return objects[0]
        if last.head.i != last.i and last.head.pos_ in ("NOUN", "PROPN", "PRON"):
            return last.head
    return None


def attach_sources(ctx: Context, draft: Draft, sent: SpacySpan) -> None:
    lex = ctx.lex
    head = draft.head
    for tok in sent:
        marked = _source_after_marker(ctx, tok)
        if marked is not None:
            src = _source_from(ctx, marked)
            if src is not None:
                draft.sources.append(src)
        if tok.i == head.i or tok.pos_ not in ("VERB", "AUX"):
            continue
        if token_keys(tok).isdisjoint(lex.reporting) and not any(
            match_at(p, ctx.forms, tok.i) for p in lex.reporting_phrases
        ):
            continue
        subjects = children(tok, "nsubj")
        if not subjects:
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


def attach_modality(ctx: Context, draft: Draft) -> None:
    """Asserted, claimed, planned, negated or hypothetical, from the trigger's verb and what governs it."""
    lex = ctx.lex
    modality: Modality = lex.spec(draft.type).modality
    verb = governing_verb(draft.head) or draft.head
    words = {fold(c.text) for c in kids(verb)} | {fold(c.text) for c in kids(draft.head)}
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
    if conditional and perfect:
        modality = "claimed"  # "aurait tué": the journalistic conditional of allegation
    elif any(not token_keys(a).isdisjoint(lex.claim_verbs) for a in governors) or words & lex.claim_markers:
        modality = "claimed"
    elif words & lex.hypothetical:
        modality = "hypothetical"
    elif conditional or future or will or planned_by:
        modality = "planned"
    draft.modality = modality


def refine_type(ctx: Context, draft: Draft) -> None:
    for rule in ctx.lex.events.refine:
        if draft.type not in rule.from_:
            continue
        if rule.agent_kinds and not draft.kinds("agent") & set(rule.agent_kinds):
            continue
        if rule.patient_kinds and not draft.kinds("victim", "target") & set(rule.patient_kinds):
            continue
        draft.type = rule.to


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


def home_country(places: Sequence[PlaceMention]) -> str | None:
    """The country an article is mostly about: the most named one (demonyms included), first on ties."""
    counts = Counter(p.place.country for p in places if p.place is not None and p.place.country)
    return counts.most_common(1)[0][0] if counts else None


def extract_events(
    doc: Doc,
    lex: Lexicon,
    *,
    times: Sequence[TimeMention],
    quantities: Sequence[QuantityMention],
    places: Sequence[PlaceMention],
) -> list[Event]:
    """Every event the article reports, one record per real event with all its mentions."""
    forms = [token_keys(t) for t in doc]
    discourse = Discourse()
    finder = ActorFinder(doc, lex, forms, places, discourse)
    finder.remember_subjects(list(doc))
    text = doc.text
    ctx = Context(doc, lex, forms, times, quantities, places, finder, home_country(places), text)
    sents = list(doc.sents)
    drafts: list[Draft] = []
    for start, end, trig in find_triggers(doc, lex, forms):
        head = head_of(doc, start, end)
        if dep(head) in ("aux", "aux:pass", "mark", "cop") and head.head.i != head.i:
            head = head.head  # "must cooperate", "unless he agrees": the verb it modifies carries the event
        draft = Draft(trig.type, head, (start, end), trig.with_kinds, modality=lex.spec(trig.type).modality)
        drafts.append(draft)
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
            fix_actor_countries(ctx, d)
            refine_type(ctx, d)
            d.mentions = [mention_span(ctx, d, sent)]
    # A toll reported on its own ("le ministère a recensé 1.000 blessés") belongs to the article's
    # first event that can carry casualties, if it does not contradict what that event holds.
    main = next((d for d in drafts if lex.spec(d.type).casualties), None)
    if main is not None:
        for key, count, victim in orphans:
            old = main.counts.get(key)
            if old is None or (
                (old.max is None or count.value <= old.max) and (count.max is None or old.value <= count.max)
            ):
                _put_count(main, key, count)
                if victim is not None:
                    _add(main, victim)
    events = merge_drafts(drafts)
    return [
        Event(
            id=f"e{n}",
            type=d.type,
            modality=d.modality,
            actors=tuple(d.actors),
            location=d.location,
            date=d.date,
            counts=dict(d.counts),
            sources=tuple(_dedupe_sources(d.sources, lex.words("determiners"))),
            mentions=tuple(Span(s, e, text[s:e]) for s, e in sorted(set(d.mentions))),
            trigger=Span(
                doc[d.trigger[0]].idx,
                doc[d.trigger[1] - 1].idx + len(doc[d.trigger[1] - 1].text),
                text[doc[d.trigger[0]].idx : doc[d.trigger[1] - 1].idx + len(doc[d.trigger[1] - 1].text)],
            ),
        )
        for n, d in enumerate(events, 1)
    ]


def _source_key(name: str, determiners: frozenset[str]) -> str:
    words = fold(name).replace("'", "' ").split()
    while words and words[0] in determiners:
        words = words[1:]
    return " ".join(words)


def _dedupe_sources(sources: list[Source], determiners: frozenset[str]) -> list[Source]:
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
