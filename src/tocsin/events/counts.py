"""Counts: the figures that say how many were killed, injured, arrested… in this event."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeAlias

from ..model import (
    Actor,
    Count,
    CountKey,
    QuantityMention,
)
from .arguments import add_actor, is_passive, undergone
from .draft import MAX_PLACE_DISTANCE, Context, Draft
from .lexicon import fold, match_at, token_keys
from .syntax import (
    children,
    dep,
    governor,
    is_definite,
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
    root = span.root
    if root.pos_ in ("ADV", "ADP"):
        # "environ 2.000 personnes", "au moins dix terroristes": the qualifier hangs on the noun beside
        # the number; the number leads.
        numbers = [t for t in span if t.pos_ == "NUM" or t.like_num]
        if numbers:
            return numbers[-1]
    return root


def count_reading(ctx: Context, q: QuantityMention) -> tuple[CountKey | None, Token, Token] | None:
    """What a number counts (killed, arrested…), the word it counts, and the phrase head naming the people."""
    root = _quantity_root(ctx.doc, q)
    if root is None:
        return None
    span_range = range(q.start, q.end)
    if root.like_num:
        # "Two people are dead and three injured": a bare figure with its own participle says what it counts.
        for c in kids(root):
            if dep(c) in ("amod", "acl") and c.i > root.i:
                named = token_keys(c) & (ctx.lex.count_verbs.keys() | ctx.lex.count_nouns.keys())
                if named:
                    key = min(named)
                    return ctx.lex.count_verbs.get(key) or ctx.lex.count_nouns[key], root, root
    if dep(root) == "conj" and root.like_num:
        # "3.200 personnes selon la police et près de 8.000 selon les organisateurs": a bare figure
        # coordinated with a counted one (however the parser hangs it) counts the same people.
        node = root.head
        found = False
        for _ in range(3):
            if node.pos_ == "NOUN" and any(dep(c) in ("nummod", "det") and c.like_num for c in kids(node)):
                root, span_range, found = node, range(0), True
                break
            if node.head.i == node.i or dep(node) not in ("conj", "nmod"):
                break
            node = node.head
        if not found:
            # "Entre 4 500 personnes, selon la police, et 12 000, selon les syndicats": parsers hang the
            # bare figure anywhere; it counts what the figure just before it counts.
            before = [p for p in ctx.quantities if p.kind == "count" and p.end <= q.start and q.start - p.end < 80
                      and ctx.doc.char_span(p.start, p.end, alignment_mode="expand") is not None]
            if before and _quantity_root(ctx.doc, before[-1]) is not None:
                previous = _quantity_root(ctx.doc, before[-1])
                if previous is not None and previous.sent.start == root.sent.start and previous.i != root.i:
                    reading = count_reading(ctx, before[-1])
                    if reading is not None:
                        return reading
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
        if any(dep(k) == "conj" and k.i < c.i for k in kids(c.head)):
            continue  # "deux morts et des centaines d'évacués": the participle qualifies the second item
        # "trois membres de l'association, grièvement blessés, …": a participle the parser calls an adjective too.
        # Parsers also hang it as a conjunct with no conjunction ("membres, grièvement blessés").
        is_participle = dep(c) in ("acl", "acl:relcl") or (
            c.i > noun.i
            and (dep(c) == "amod" or (dep(c) == "conj" and c.pos_ in ("ADJ", "VERB") and not children(c, "cc")))
        )
        if is_participle and not (token_keys(c).isdisjoint(lex.count_verbs)):
            return lex.count_verbs[min(token_keys(c) & lex.count_verbs.keys())], noun, phrase_head
        if dep(c) == "acl" and _wounds(ctx, c):
            return "injured", noun, phrase_head  # "two men suffering from gunshot wounds"
    for holder in (noun, phrase_head):
        if dep(holder) in ("nsubj:pass", "obj", "nsubj") and holder.head.i != holder.i:
            governor = holder.head
            keys = token_keys(governor) & lex.count_verbs.keys()
            if governor.pos_ in ("VERB", "ADJ") and _fatal(ctx, governor):
                return "killed", noun, phrase_head  # "12 people were shot dead"
            # A participle the parser took for a noun still counts: "des pierres, blessant 4 agents".
            if keys and (governor.pos_ in ("VERB", "ADJ") or dep(governor) in ("amod", "acl")):
                return lex.count_verbs[min(keys)], noun, phrase_head
            if dep(holder) == "nsubj" and governor.pos_ in ("ADJ", "AUX"):
                # "One person is dead", "deux personnes sont mortes": what the copula says of them.
                said_of = (
                    [governor]
                    if governor.pos_ == "ADJ"
                    else [c for c in governor.children if c.dep_ in ("acomp", "attr", "xcomp")]
                )
                said = {k for t in said_of for k in token_keys(t)} & lex.count_nouns.keys()
                if said:
                    return lex.count_nouns[min(said)], noun, phrase_head
            if dep(holder) == "nsubj" and _wounds(ctx, governor):
                return "injured", noun, phrase_head  # "two men suffered gunshot wounds"
    if _lives_taken(ctx, noun):
        return "killed", noun, phrase_head
    keys = token_keys(noun) & lex.count_nouns.keys()
    if not keys and dep(noun) == "nmod" and noun.head.i != noun.i:
        # "la mort de trois jeunes", "the deaths of three men": the figure counts the dead.
        keys = token_keys(noun.head) & {k for k, v in lex.count_nouns.items() if v == "killed"}
    if keys:
        return lex.count_nouns[min(keys)], noun, phrase_head
    # "the death toll rose to 31", "le bilan s'élève à 31": the figure of a verb whose subject is a toll.
    verb = phrase_head.head if dep(phrase_head) in ("obl", "obj", "obl:arg", "obl:mod") else None
    if verb is not None and verb.pos_ == "ADP" and verb.head.i != verb.i:
        verb = verb.head  # English parses hang the figure on its preposition ("rose to 31")
    # "put the number of demonstrators at more than 5,000": the figure of a number the verb gives (or,
    # as parsers hang "8 000", of the number noun itself).
    numbers = ctx.lex.words("number_nouns")
    holders = [o for o in kids(verb) if dep(o) == "obj"] if verb is not None and verb.pos_ in ("VERB", "AUX") else []
    if phrase_head.head.i != phrase_head.i:
        holders.append(phrase_head.head)
    for holder in holders:
        if fold(holder.lemma_) in numbers:
            for what in kids(holder):
                named = token_keys(what) & lex.count_nouns.keys() if dep(what) == "nmod" else frozenset()
                if named:
                    return lex.count_nouns[min(named)], what, phrase_head
    if verb is not None and verb.pos_ in ("VERB", "AUX"):
        for subject in kids(verb):
            if dep(subject) == "nsubj":
                keys = frozenset(k for t in (subject, *kids(subject)) for k in token_keys(t)) & lex.count_nouns.keys()
                if keys:
                    return lex.count_nouns[sorted(keys)[0]], noun, phrase_head
    return None, noun, phrase_head


def _lives_taken(ctx: Context, noun: Token) -> bool:
    """Whether the counted noun's lives were taken: "a coûté la vie à 12 personnes", "cost 12 lives".

    Also "claimed the lives of 12 people", "a fauché la vie de trois jeunes".
    """
    lex = ctx.lex
    if not lex.life_verbs or noun.head.i == noun.i:
        return False
    up = governor(noun)

    def takes(life: Token) -> bool:
        return (
            dep(life) == "obj"
            and not token_keys(life).isdisjoint(lex.life_nouns)
            and not token_keys(life.head).isdisjoint(lex.life_verbs)
        )

    if takes(noun):
        return True  # "cost 12 lives"
    if dep(noun) == "nmod" and takes(up):
        return True  # "the lives of 12 people"
    return (
        dep(noun) in ("obl:arg", "obl", "iobj")
        and not token_keys(up).isdisjoint(lex.life_verbs)
        and any(takes(c) for c in kids(up))
    )  # "a coûté la vie à 12 personnes"


def _wounds(ctx: Context, verb: Token) -> list[Token]:
    """The wounds a harm-bearing verb's subject bears: "suffered a gunshot wound", "souffre de blessures"."""
    if token_keys(verb).isdisjoint(ctx.lex.harm_bearers):
        return []
    return [
        o
        for o in kids(verb)
        if (dep(o) == "obj" or dep(o).startswith("obl")) and ctx.lex.count_nouns.get(fold(o.lemma_)) == "injured"
    ]


def _one(token: Token) -> Count:
    """A count of one, written as the token that names the person: "A man was shot", "il est décédé"."""
    return Count(1, 1, 1, "exact", str(token.text), token.idx, token.idx + len(token.text))


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


def _in_other_place_clause(ctx: Context, noun: Token, draft: Draft) -> bool:
    """Whether the counted noun sits in a "où…"/"where…" clause that the event's trigger is outside of."""
    relatives = ctx.lex.words("place_relatives")
    for node in (noun, *noun.ancestors):
        if dep(node) == "acl:relcl" and any(fold(c.text) in relatives for c in kids(node)):
            return not any(t.i == draft.head.i for t in node.subtree)
    return False


def _governs(trigger: Token, noun: Token) -> bool:
    """Whether the counted noun is an argument of the trigger's verb or of a verb coordinated with it.

    "Police shot and wounded a man who had fired at officers": the man is wounded by the shooting,
    though the clause about his own firing hangs closer to him.
    """
    verb = noun.head
    while verb.i != trigger.i and dep(verb) == "conj" and verb.head.i != verb.i:
        verb = verb.head
    return verb.i == trigger.i


def _part_who_died(ctx: Context, q: QuantityMention) -> Token | None:
    """The figure's token when a part named after "including"/"dont" is said to have died."""
    span = ctx.doc.char_span(q.start, q.end, alignment_mode="expand")
    if span is None:
        return None
    root = span.root
    for c in kids(root):
        if dep(c) in ("acl:relcl", "acl") and not token_keys(c).isdisjoint(ctx.lex.intransitive_deaths):
            return root  # "including two who died"
    # "dont deux mortellement" (parsers hang the adverb on the number or the number on it)
    if _fatal(ctx, root) or not token_keys(root.head).isdisjoint(ctx.lex.fatal_markers):
        return root
    return None


def _negated_figure(ctx: Context, q: QuantityMention) -> bool:
    """A figure denied by the word before it: "no one", "not one", "pas un seul"."""
    span = ctx.doc.char_span(q.start, q.end, alignment_mode="expand")
    if span is None or span.start == 0:
        return False
    before = ctx.doc[span.start - 1]
    return fold(before.text) in ctx.lex.negations and fold(before.text) in ctx.lex.words("negation_particles")


def _accepts(ctx: Context, draft: Draft, key: CountKey) -> bool:
    spec = ctx.lex.spec(draft.type)
    if key in ("killed", "injured", "missing", "displaced"):
        return spec.casualties
    return key in (spec.patient_count, spec.agent_count)


def subsumed(old: Count, new: Count) -> Count | None:
    """Of a bare lower bound and a figure it allows, the figure: "a fatal shooting" (one dead at least)
    then "three people were killed" is three; "at least 12 dead" then "14 dead" is 14.

    So of a vague figure and a precise one inside its range: "Dozens detained" then "police detained
    38 people" is 38.
    """
    for vague, figure in ((old, new), (new, old)):
        if (
            vague.qualifier == "vague"
            and figure.qualifier in ("exact", "approx")
            and vague.min is not None
            and vague.max is not None
            and vague.min <= figure.value <= vague.max
        ):
            return figure
    for bound, figure in ((old, new), (new, old)):
        low = bound.min if bound.min is not None else bound.value
        open_ended = bound.qualifier == "at_least" and bound.max is None
        if open_ended and figure.value >= low and not (figure.qualifier == "at_least" and figure.max is None):
            return figure
    return None


def reconcile(old: Count | None, new: Count) -> Count:
    """Two figures for one count: the lower as the value, and the range both allow as bounds."""
    if old is None:
        return new
    kept = subsumed(old, new)
    if kept is not None:
        return kept
    if old.start == new.start and old.end == new.end:
        return old
    low = min(old, new, key=lambda c: c.value)
    lows = [c.min if c.min is not None else c.value for c in (old, new)]
    highs = [c.max for c in (old, new)]
    high = None if any(h is None for h in highs) else max(h for h in highs if h is not None)
    if old.value != new.value and high is not None:
        high = max(high, old.value, new.value)
    return Count(low.value, min(lows), high, low.qualifier, low.text, low.start, low.end)


def put_count(draft: Draft, key: str, count: Count) -> None:
    draft.counts[key] = reconcile(draft.counts.get(key), count)


def _add_to_count(draft: Draft, key: str, count: Count) -> None:
    """A figure added to the one given: "four killed and six others wounded… two others died"."""
    old = draft.counts.get(key)
    if old is None:
        draft.counts[key] = count
        return
    lo = (old.min if old.min is not None else old.value) + (count.min if count.min is not None else count.value)
    hi = None if old.max is None or count.max is None else old.max + count.max
    draft.counts[key] = Count(
        old.value + count.value, lo, hi, old.qualifier, f"{old.text} + {count.text}", old.start, old.end
    )


def _is_others(ctx: Context, noun: Token, q: QuantityMention) -> bool:
    """True when the counted noun is "others"/"autres" ("six others", "six autres blessés")."""
    if not ctx.lex.others:
        return False
    words = [noun, *[c for c in kids(noun) if dep(c) in ("amod", "nmod", "det")]]
    after = ctx.doc.char_span(q.end, min(len(ctx.text), q.end + 12), alignment_mode="expand")
    if after is not None and len(after) > 0:
        words.append(after[0])
    return any(not token_keys(w).isdisjoint(ctx.lex.others) for w in words)


def _later_deaths(ctx: Context, sent: SpacySpan) -> list[Token]:
    """Deaths of someone already told as hurt: "he died at the hospital", "one of them died", "il est décédé".

    The subject is a personal pronoun or "one of them"; the death verb is intransitive
    (`intransitive_deaths`) or said dead ("she was pronounced dead").
    """
    lex = ctx.lex
    pronouns = lex.actors.pronouns
    found = []
    for verb in ctx.tokens[sent.start : sent.end]:
        if verb.pos_ not in ("VERB", "ADJ", "AUX"):
            continue
        dies = not ctx.forms[verb.i].isdisjoint(lex.intransitive_deaths) or (_fatal(ctx, verb) and is_passive(verb))
        if not dies:
            continue
        for subject in kids(verb):
            if dep(subject) not in ("nsubj", "nsubj:pass"):
                continue
            word = fold(subject.text)
            partitive = subject.like_num and any(dep(c) == "nmod" and c.pos_ == "PRON" for c in kids(subject))
            if (subject.pos_ == "PRON" and word in pronouns.person) or partitive:
                found.append(subject)
    return found


def _singular_victims(
    ctx: Context, sent: SpacySpan, here: list[Draft] | None = None, told: bool = False
) -> list[tuple[CountKey, Count, Token]]:
    """One victim named in the singular is a count of one: "a man was shot and killed", "un policier a été tué".

    `told`: earlier sentences already counted casualties, so "the victim" shot is someone counted.
    """
    lex = ctx.lex
    out: list[tuple[CountKey, Count, Token]] = []
    # The verbs of the sentence's own triggers count their patients too ("was taken into custody").
    own = {d.head.i: lex.spec(d.type).patient_count for d in here or () if d.head.pos_ in ("VERB", "ADJ")}
    negations = lex.words("negation_particles")
    for verb in ctx.tokens[sent.start : sent.end]:
        if verb.pos_ not in ("VERB", "ADJ"):
            continue
        if any(fold(c.text) in negations for c in kids(verb)):
            continue  # "the deputy was not hurt"
        keys = token_keys(verb) & lex.count_verbs.keys()
        found = {lex.count_verbs[k] for k in keys} & {"killed", "injured", "arrested", "kidnapped"}
        bearer = False
        hurts = _wounds(ctx, verb) if not found else []
        if hurts:
            # "A 22-year-old man suffered a gunshot wound to the leg", "sustained fatal injuries".
            found = {"killed"} if any(_fatal(ctx, o) for o in hurts) else {"injured"}
            bearer = True
        if not found and own.get(verb.i) in ("arrested", "kidnapped"):
            found = {own[verb.i]}  # type: ignore[arg-type]
        if _fatal(ctx, verb) and (verb.i in own or found or is_passive(verb)):
            found = {"killed"}  # "shot dead", "abattu mortellement", "was pronounced dead at the scene"
        if not found:
            continue
        key: CountKey = next(k for k in ("killed", "injured", "arrested", "kidnapped") if k in found)
        holder = verb
        while not any(dep(c) in ("nsubj:pass", "obj") for c in kids(holder)) and dep(holder) == "conj":
            holder = holder.head  # "was shot and killed": the victim is the first verb's subject
        if undergone(holder) and not any(dep(c) in ("nsubj:pass", "obj", "nsubj") for c in kids(holder)):
            holder = holder.head  # "a woman was found shot to death": the victim is who was found
        victims = [c for c in kids(holder) if dep(c) in (("nsubj",) if bearer else ("nsubj:pass", "obj"))]
        if not victims and (is_passive(holder) or (holder.i != verb.i and undergone(verb))):
            victims = [c for c in kids(holder) if dep(c) == "nsubj"]
        if holder is verb and not victims and "Pass" not in verb.morph.get("Voice", []):
            victims = [
                c for c in kids(verb) if dep(c) == "nsubj" and not token_keys(verb).isdisjoint(lex.intransitive_deaths)
            ]
        for noun in victims:
            if fold(noun.text) in lex.others and "Plur" not in noun.morph.get("Number", []):
                # "A teenager was killed and another was wounded": one more.
                out.append((key, _one(noun), noun))
                continue
            # "A 19-year-old was killed": an adjective with an indefinite article names one person.
            named_by_age = noun.pos_ == "ADJ" and any(
                dep(c) == "det" and "Ind" in c.morph.get("Definite", []) for c in kids(noun)
            )
            if (noun.pos_ not in ("NOUN", "PROPN") and not named_by_age) or "Plur" in noun.morph.get("Number", []):
                continue
            if fold(noun.text) in lex.negations or any(fold(c.text) in negations for c in kids(noun)):
                continue  # "no one was killed"
            harmed = key == "injured" and not token_keys(verb).isdisjoint(lex.harm_verbs)
            if told and harmed and is_definite(noun, possessive=True):
                continue  # "the victim had been shot several times": told already, not one more wounded
            if any(dep(c) in ("nummod", "conj") for c in kids(noun)):
                continue  # counted by its number, or one of several
            actor = ctx.finder.at(noun, "victim")
            if actor is None and noun.pos_ in ("NOUN", "ADJ") and key in ("killed", "injured") and holder.i in own:
                pass  # "his 14-year-old friend was shot and killed": a person the actor words do not know
            elif actor is None or actor.kind not in (
                "civilians",
                "state_forces",
                "government",
                "protesters",
                "rioters",
                "armed_group",
                "media",
                "unknown",
            ):
                continue
            out.append((key, _one(noun), noun))
    # "A man was shot and killed": one victim wounded then killed is one death, not a death and an injury.
    dead = {noun.i for key, _, noun in out if key == "killed"}
    return [item for item in out if not (item[0] == "injured" and item[2].i in dead)]


def _fatal(ctx: Context, verb: Token) -> bool:
    """Whether an adverb or complement makes the verb a killing ("fatally wounded", "shot dead").

    A marker after a part of the group ("blessées par balle, dont deux mortellement", "shot, one
    of them fatally") makes only that part dead, not the verb's whole figure.
    """
    markers = [c for c in kids(verb) if not ctx.forms[c.i].isdisjoint(ctx.lex.fatal_markers)]
    if not markers:
        return False  # most verbs: decided before the sentence is read further
    limit = _part_start(ctx, verb)
    return any(c.i < limit for c in markers)


def _part_start(ctx: Context, verb: Token) -> int:
    """Where a part of the verb's group is named after it ("dont", "including", ", one of them"), or past the end."""
    sent = verb.sent
    for i in range(verb.i + 1, sent.end):
        if any(match_at(pattern, ctx.forms, i) for pattern in ctx.lex.subset_markers):
            return i
        tok = ctx.doc[i]
        if tok.like_num and i > verb.i + 1 and ctx.doc[i - 1].text == ",":
            return i
    return sent.end


# key, counted noun, phrase head, figure, whether it adds to a figure given ("others")
Reading: TypeAlias = "tuple[CountKey | None, Token, Token, Count, bool]"


def _split_fatal(readings: list[Reading], part_head: Token, part: Count) -> None:
    """Of the people a verb shot, those said to have died are killed and the rest wounded.

    The part belongs to the wounded figure written just before it in its sentence (parsers hang
    "one of them fatally" anywhere).
    """
    sent = part_head.sent
    before = [
        (n, r) for n, r in enumerate(readings)
        if r[0] == "injured" and r[3].end is not None and r[3].start is not None
        and sent.start_char <= r[3].start and r[3].end <= part_head.idx
    ]
    for n, (key, noun, phrase_head, count, others) in sorted(before, key=lambda nr: -(nr[1][3].start or 0)):
        if count.value <= part.value:
            continue
        rest = Count(
            count.value - part.value,
            None if count.min is None else max(0, count.min - part.value),
            None if count.max is None else count.max - part.value,
            count.qualifier,
            count.text,
            count.start,
            count.end,
        )
        readings[n] = (key, noun, phrase_head, rest, others)
        readings.append(("killed", noun, phrase_head, part, False))
        return


def _fatal_nouns(ctx: Context, here: list[Draft]) -> None:
    """A deadly event with no figure killed one at least: "a fatal shooting", "une attaque mortelle"."""
    lex = ctx.lex
    killed_nouns = {k for k, v in lex.count_nouns.items() if v == "killed"}
    for draft in here:
        head = draft.head
        if "killed" in draft.counts or not lex.spec(draft.type).casualties:
            continue
        gerund = head.pos_ == "VERB" and (head.tag_ == "VBG" or "Ger" in head.morph.get("VerbForm", []))
        if head.pos_ not in ("NOUN", "PROPN") and not gerund:
            continue
        marker = next(
            (c for c in kids(head) if dep(c) == "amod" and not token_keys(c).isdisjoint(lex.fatal_markers)), None
        )
        if marker is None:
            # Headlines parse badly ("deadly Akron shooting" with "shooting" as a verb): the adjective
            # right before the event word, over names and nouns only, still qualifies it.
            i = head.i - 1
            while i >= max(0, head.i - 3) and ctx.doc[i].pos_ in ("PROPN", "NOUN"):
                i -= 1
            before = ctx.doc[i] if i >= 0 else None
            if before is not None and before.pos_ == "ADJ" and not token_keys(before).isdisjoint(lex.fatal_markers):
                marker = before
        if marker is None and dep(head) == "compound" and not token_keys(head.head).isdisjoint(killed_nouns):
            marker = head.head  # "the shooting death of a 23-year-old"
        if marker is None:
            continue
        end = marker.idx + len(marker.text)
        draft.counts["killed"] = Count(1, 1, None, "at_least", str(marker.text), marker.idx, end)


def attach_counts(ctx: Context, drafts: list[Draft], sent: SpacySpan) -> list[tuple[CountKey, Count, Actor | None]]:
    """Attach the sentence's figures to its events; returns casualty counts that found no event.

    Only numbers that count people or things (`kind` "count") are figures: ages, clock times,
    distances, rounds fired, addresses never are.
    """
    orphans: list[tuple[CountKey, Count, Actor | None]] = []
    here = [d for d in drafts if sent.start <= d.head.i < sent.end]
    time_spans = [(t.start, t.end) for t in ctx.times]
    readings: list[Reading] = []
    fatal_parts: list[tuple[Token, Count]] = []
    for q in ctx.quantities:
        if not (sent.start_char <= q.start < sent.end_char) or q.kind != "count":
            continue
        if any(s < q.end and q.start < e for s, e in time_spans):
            continue  # "depuis deux jours" is a time, not a count
        if _after_subset_marker(ctx, q):
            died = _part_who_died(ctx, q)
            if died is not None:
                fatal_parts.append((died, Count.of(q)))  # "Six people were shot, including two who died"
            continue
        if _negated_figure(ctx, q):
            continue  # "no one was killed", "aucun mort"
        reading = count_reading(ctx, q)
        if reading is None:
            continue
        key, noun, phrase_head = reading
        if dep(phrase_head) in ("obl:mod", "dep", "appos") and _fatal(ctx, phrase_head):
            # "Five people were shot, one of them fatally": a part of the figure just before it died.
            fatal_parts.append((phrase_head, Count.of(q)))
            continue
        readings.append((key, noun, phrase_head, Count.of(q), _is_others(ctx, noun, q)))
    for verb, part in fatal_parts:
        _split_fatal(readings, verb, part)
    told = any(d.counts.keys() & {"killed", "injured"} for d in drafts if d.head.i < sent.start)

    for key, count, noun in _singular_victims(ctx, sent, here, told):
        readings.append((key, noun, noun, count, fold(noun.text) in ctx.lex.others))
    _fatal_nouns(ctx, here)
    for key, noun, phrase_head, count, others in readings:
        if key is None:
            # A plain noun naming people ("2.000 personnes"): the nearest event says what it counts;
            # "une cinquantaine d'hélitreuillages" counts no one.
            named = ctx.finder.at(noun, "target")
            if named is None or named.kind == "unknown":
                continue
            best = min(here, key=lambda d: tree_distance(d.head, noun), default=None)
            if best is None or tree_distance(best.head, noun) > MAX_PLACE_DISTANCE:
                continue
            spec = ctx.lex.spec(best.type)
            in_agent = any(
                a.role == "agent" and a.start is not None and a.end is not None and a.start <= noun.idx < a.end
                for a in best.actors
            )
            # "Entre 4 500 personnes … ont défilé": people before a verb with no subject are its subject.
            subjectless = (
                best.head.pos_ == "VERB"
                and noun.i < best.head.i
                and not any(dep(c) in ("nsubj", "nsubj:pass") for c in kids(best.head))
            )
            key = spec.agent_count if in_agent or (spec.patient_count is None and subjectless) else spec.patient_count
            if key is None:
                continue
        candidates = [d for d in here if _accepts(ctx, d, key) and not _in_other_place_clause(ctx, noun, d)]
        victim = None
        if key in ("killed", "injured", "kidnapped", "missing"):
            victim = ctx.finder.at(phrase_head, "victim")
            if victim is not None and victim.kind == "unknown":
                victim = None
        if not candidates:
            if key in ("killed", "injured", "displaced", "missing"):
                orphans.append((key, count, victim))
            continue
        best = min(candidates, key=lambda d: (not _governs(d.head, noun), tree_distance(d.head, noun)))
        if count.value == 1 and count.qualifier == "exact" and key in best.counts:
            continue  # "a man was killed" beside a figure already given says nothing more
        if others:
            _add_to_count(best, key, count)
        else:
            put_count(best, key, count)
        if victim is not None:
            add_actor(best, victim)
        if count.start is not None and count.end is not None:
            best.mentions.append((count.start, count.end))
    hurt_before = [d for d in drafts if d.head.i < sent.end and "injured" in d.counts]
    for subject in _later_deaths(ctx, sent):
        one = _one(subject)
        if hurt_before:
            # The wounded one told before died: one dead more, one wounded less on that event.
            target = hurt_before[-1]
            target.died_later += 1
            _add_to_count(target, "killed", one)
            continue
        # "Officers found a woman with a gunshot wound; she was pronounced dead": the death of the
        # event told before, when it has no dead yet.
        bearers = [d for d in drafts if d.head.i < sent.end and ctx.lex.spec(d.type).casualties]
        if bearers and "killed" not in bearers[-1].counts:
            put_count(bearers[-1], "killed", one)
    return orphans
