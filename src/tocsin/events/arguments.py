"""Arguments: who acted, who was hit, where; the type refined by its actors."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING, cast

from ..model import (
    Actor,
    Location,
    PlaceMention,
)
from .draft import MAX_PLACE_DISTANCE, SPECIFICITY, Context, Draft
from .lexicon import fold, token_keys
from .syntax import (
    case_of,
    children,
    clause_tokens,
    conjuncts,
    dep,
    kids,
    phrase_bounds,
    tree_distance,
)

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan
    from spacy.tokens import Token


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


def _active_participle_clause(verb: Token) -> bool:
    """A present participle or gerund adjunct with no subject of its own ("…, killing five", "tuant trois")."""
    if dep(verb) != "advcl" or verb.head.i == verb.i or verb.head.pos_ not in ("VERB", "AUX"):
        return False
    if any(dep(c) in ("nsubj", "nsubj:pass", "expl:subj") for c in kids(verb)):
        return False
    form = verb.morph.get("VerbForm", [])
    return "Ger" in form or ("Part" in form and "Pres" in verb.morph.get("Tense", []))


def add_actor(draft: Draft, actor: Actor | None) -> None:
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


def _add_group(
    ctx: Context, draft: Draft, token: Token, role: str, look_inside: bool = False, known: bool = False
) -> None:
    for tok in conjuncts(token):
        actor = ctx.finder.at(tok, role)  # type: ignore[arg-type]
        if actor is None and look_inside:
            # "demandé l'aide de l'OTSC": the actor sits in the abstract noun's complement — one the actor
            # words know ("blocked the streets of the European quarter" names a place, not whom).
            for inner in children(tok, "nmod", "obl", "obl:arg"):
                if not _is_locative_place(ctx, inner):  # "pillé trois magasins à Nanterre": where, not whom
                    _add_group(ctx, draft, inner, role, known=True)
            continue
        if known and actor is not None and actor.kind == "unknown":
            continue
        add_actor(draft, actor)


def _is_locative_place(ctx: Context, token: Token) -> bool:
    """A complement that says where ("à Nanterre", "in York"): a place mention after a locative preposition."""
    return case_of(token) in ctx.lex.words("locative") and any(
        p.start <= token.idx < p.end and not p.demonym for p in ctx.places
    )


def is_passive(verb: Token) -> bool:
    """A participle with a passive auxiliary or copula ("a été mortellement blessé", "was wounded").

    Headlines leave the auxiliary out: a bare past participle with a subject ("Man killed, woman
    injured", "Dozens detained") is passive, and so is a past verb with a subject and no object in a
    headline ("Teen killed, another hurt", "Two men shot dead"), which parsers read as a finite past.
    """
    if "Pass" in verb.morph.get("Voice", []):
        return True
    participle = "Part" in verb.morph.get("VerbForm", []) or verb.pos_ == "ADJ"
    if participle and any(dep(c) in ("aux:pass", "cop") for c in kids(verb)):
        return True
    bare = (
        "Past" in verb.morph.get("Tense", [])
        and not any(dep(c).startswith("aux") for c in kids(verb))
        and any(dep(c) == "nsubj" for c in kids(verb))
    )
    if not bare:
        return False
    return participle or (not any(dep(c) == "obj" for c in kids(verb)) and in_headline(verb))


def in_headline(token: Token) -> bool:
    """Whether the token's sentence is a headline: a line of its own that ends without a full stop."""
    sent = token.sent
    last = sent[-1]
    while last.i > sent.start and (last.is_space or last.text in ('"', "'", "»", "”")):
        last = token.doc[last.i - 1]
    if last.text in (".", "!", "?", "…", ":"):
        return False
    if sent.end >= len(token.doc):
        return True
    trailing = token.doc[last.i : min(len(token.doc), sent.end + 1)]
    return "\n" in last.whitespace_ or any(t.is_space and "\n" in t.text for t in trailing)


def undergone(verb: Token) -> bool:
    """A past participle complement says what the subject underwent: "found shot to death", "retrouvé poignardé"."""
    return (
        dep(verb) == "xcomp"
        and "Part" in verb.morph.get("VerbForm", [])
        and "Past" in verb.morph.get("Tense", [])
        and not any(dep(c).startswith("aux") for c in kids(verb))  # "annoncé avoir arrêté" is active
        and verb.head.i != verb.i
    )


def _perpetrator(ctx: Context, draft: Draft, head: Token) -> None:
    """Who the perpetrator noun, or its apposition, names: "l'auteur de l'explosion, une jeune fille"."""
    holder = head.head
    if dep(head) not in ("nmod", "obl") or holder.i == head.i or token_keys(holder).isdisjoint(ctx.lex.perpetrators):
        return
    # The apposition may hang on the perpetrator noun or, as parsers often do, on the event noun.
    named = [c for c in (*kids(holder), *kids(head)) if dep(c) == "appos"]
    if not named:
        # Parsers often hang the apposition elsewhere: the noun phrase right after the comma names the doer.
        end = phrase_bounds(holder)[1]
        if end < len(ctx.doc) and ctx.doc[end].text == ",":
            for tok in ctx.doc[end + 1 : end + 5]:
                if tok.pos_ in ("NOUN", "PROPN"):
                    named = [tok]
                    break
                if tok.pos_ not in ("DET", "ADJ", "NUM"):
                    break
    for tok in named or [holder]:
        actor = ctx.finder.at(tok, "agent")
        if actor is None:
            lo, hi = phrase_bounds(tok)
            span = ctx.doc[lo:hi]
            actor = Actor("agent", str(span.text), str(tok.text), "unknown", None, span.start_char, span.end_char)
        add_actor(draft, actor)


VIOLENT = ("ATTACK", "ARMED_CLASH", "BOMBING", "REPRESSION")


def _agent_in_means(ctx: Context, draft: Draft, verb: Token) -> None:
    """The forces named in the means did it: "killed in police firing", "tués lors de tirs de l'armée"."""
    if draft.type not in VIOLENT or draft.kinds("agent"):
        return
    for c in kids(verb):
        if not dep(c).startswith("obl") or c.i == draft.head.i:
            continue
        phrase = list(c.subtree)
        violent = any(
            trig.type in VIOLENT
            for tok in phrase
            for form in ctx.forms[tok.i]
            for trig in ctx.lex.triggers.get(form, ())
            if len(trig.pattern) == 1
        )
        if not violent:
            continue
        for tok in phrase:
            if tok.pos_ in ("NOUN", "PROPN"):
                actor = ctx.finder.at(tok, "agent")
                if actor is not None and actor.kind in ("state_forces", "armed_group"):
                    add_actor(draft, actor)
                    return


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
            # "la grève des travailleurs", or as English writes it, "the farmers' protest".
            genitive = case_of(c) in ctx.lex.words("complement") or c.dep_ == "poss"
            if genitive and draft.type in ("REQUEST_AID",):
                _add_group(ctx, draft, c, "recipient")
            elif (
                spec.genitive_role is not None
                and genitive
                and not (draft.trigger[0] <= c.i < draft.trigger[1])  # "coup d'État" is one word
            ):
                # "la grève des travailleurs" (who struck), "l'arrestation des suspects" (who was arrested)
                _add_group(ctx, draft, c, "agent" if spec.genitive_role == "agent" else patient)
        _perpetrator(ctx, draft, head)
        for c in kids(head):
            # "police firing", "army shelling", "Israeli airstrike": the noun's modifier did it.
            if dep(c) in ("compound", "nmod:poss", "amod") and not (draft.trigger[0] <= c.i < draft.trigger[1]):
                actor = ctx.finder.at(c, "agent")
                if actor is not None and actor.kind in ("state_forces", "armed_group", "government", "foreign_state"):
                    add_actor(draft, actor)
        if dep(head) == "nsubj:pass" and head.head.pos_ in ("VERB", "AUX"):
            # "un coup d'État a été orchestré par des militaires": the passive's agent did the event.
            for c in kids(head.head):
                if dep(c) == "obl:agent" or (dep(c).startswith("obl") and case_of(c) in ctx.lex.words("agent_case")):
                    _add_group(ctx, draft, c, "agent")
            return
    if verb is None:
        return
    holder = _subject_holder(verb)
    # "remained at the scene and was detained": a passive shares its coordinated verb's subject as patient.
    passive = is_passive(verb) and (
        holder.i == verb.i or any(dep(c) == "aux:pass" for c in kids(verb))
    )
    passive = passive or (undergone(verb) and holder.i == verb.head.i)
    for c in kids(holder):
        d = dep(c)
        if (d == "nsubj" or (d == "expl:subj" and c.pos_ == "PRON")) and c.i != head.i:
            if verb is not head and not token_keys(verb).isdisjoint(ctx.lex.reporting | ctx.lex.mention_verbs):
                continue  # "les médias ont parlé d'un massacre": who speaks of an event did not do it
            _add_group(ctx, draft, c, patient if passive else "agent")
        elif d == "nsubj:pass":
            _add_group(ctx, draft, c, patient)
    if (
        verb.i == head.i
        and dep(verb) == "advcl"
        and is_passive(verb)
        and not any(dep(c) in ("nsubj", "nsubj:pass") for c in kids(verb))
    ):
        # "Il est mort après avoir été frappé", "died after being shot": the main subject underwent it.
        for c in kids(verb.head):
            if dep(c) in ("nsubj", "nsubj:pass"):
                _add_group(ctx, draft, c, patient)
    if verb.i == head.i and _active_participle_clause(verb) and not draft.kinds("agent"):
        # "Police fired at the crowd, killing five": the main verb's doer did the participle too; after a
        # passive, that is its agent ("the camp was attacked by militiamen, killing 156"). With a
        # conjunction, the main verb's subject is the doer whatever its voice ("arrested after killing").
        main = verb.head
        marked = any(dep(c) == "mark" for c in kids(verb))
        doers = [c for c in kids(main) if dep(c) == "obl:agent"] if is_passive(main) and not marked else []
        if not doers and not (is_passive(main) and not marked):
            doers = [c for c in kids(main) if dep(c) in ("nsubj", "nsubj:pass") and c.i != head.i]
        for c in doers:
            _add_group(ctx, draft, c, "agent")
    _agent_in_means(ctx, draft, verb)
    verb_passive = is_passive(verb)
    for c in kids(verb):
        d = dep(c)
        if d == "obl:agent" or (
            verb_passive and d.startswith("obl") and c.i != head.i and case_of(c) in ctx.lex.words("agent_case")
        ):
            _add_group(ctx, draft, c, "agent")  # "frappé à coups de matraque par des policiers"
        elif d == "obj" and c.i != head.i and spec.object_is_patient:
            _add_group(ctx, draft, c, patient, look_inside=True)
        elif d.startswith("obl") and c.i != head.i:
            case = case_of(c)
            if case in ctx.lex.words("partner") or (
                case in ctx.lex.words("recipient") and draft.type in ("DEPLOYMENT", "REQUEST_AID", "APPEAL")
            ):
                _add_group(ctx, draft, c, "recipient")
            elif spec.aimed_at_patient and case in ctx.lex.words("aimed_at") and not draft.kinds(patient):
                _add_group(ctx, draft, c, patient)  # "ont lancé des projectiles sur les forces de l'ordre"
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
                    add_actor(draft, actor)
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


def _is_actor_place(ctx: Context, draft: Draft, root: Token, p: PlaceMention) -> bool:
    """A place that names an actor ("la Russie a envoyé", "demandée à la Russie") is not where it happened.

    A place that undergoes a physical event is where it happened: "la Floride a été frappée par un
    ouragan", "les rebelles ont attaqué Goma" (not so for words: "a condamné la Russie").
    """
    undergoes = not ctx.lex.spec(draft.type).speech
    for a in draft.actors:
        if a.start is not None and a.end is not None and a.start <= p.start and p.end <= a.end:
            if undergoes and a.role in ("target", "victim") and a.start == p.start:
                return False
            phrase = ctx.doc.char_span(a.start, a.end, alignment_mode="expand")
            if phrase is not None and phrase.root.i == root.i:
                return True  # the place names the actor: "demandée à la Russie et ses alliés"
            # "12 personnes mardi à Nantes": a place the actor's phrase puts after "à" is where it happened.
            return case_of(root) not in ctx.lex.words("locative") or root.i == draft.head.i
    node = root
    while dep(node) == "conj" and node.head.i != node.i:
        node = node.head
    relation = dep(node)
    if relation in ("nsubj:pass", "obj") and undergoes:
        return False
    return relation in ("nsubj", "nsubj:pass", "obj") and not case_of(node)


def _is_reference(ctx: Context, p: PlaceMention) -> bool:
    """Whether the words just before a place make it a point of reference ("au sud de", "near")."""
    before = fold(ctx.text[max(0, p.start - 40) : p.start]).replace("’", "'").rstrip()
    for det in ctx.lex.words("determiners"):
        elided = det.endswith("'") and before.endswith(det)
        if elided or before.endswith(f" {det}"):
            before = before[: len(before) - len(det)].rstrip()
            break
    return any(before.endswith(marker) for marker in ctx.lex.words("reference_place"))


def attach_location(ctx: Context, draft: Draft, sent: SpacySpan) -> None:
    spec = ctx.lex.spec(draft.type)
    best: tuple[int, int, int, int, PlaceMention] | None = None
    named: tuple[int, int, int, int, PlaceMention] | None = None
    # A dateline ("KANSAS CITY, Mo. —") opens the sentence without being part of it; it is the fallback below.
    filed = ctx.datelines
    for p in ctx.places:
        if p.demonym or p.place is None or p.place.lat is None or not (sent.start_char <= p.start < sent.end_char):
            continue
        if any(s <= p.start < e for s, e in filed):
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
        # "au sud de Lyon", "à 15 km de la capitale", "near Dayton": a point of reference, not the place.
        reference = int(_is_reference(ctx, p))
        unnamed = int(not p.text[:1].isupper())
        key = (reference, distance, -SPECIFICITY.get(p.place.feature or "point", 0), unnamed)
        if best is None or key < best[:4]:
            best = (*key, p)
        if not reference and not unnamed and (named is None or key < named[:4]):
            named = (*key, p)
    if best is not None and best[3] and named is not None:
        # "un entrepôt de la zone industrielle de Saint-Fons": the noun's town came from the article's
        # context; the town the sentence names says more.
        best = named
    if best is not None and best[4].place is not None:
        draft.location = Location.of(best[4].place)
        draft.own_place = not best[0]
        # A noun's town ("un entrepôt" → Lyon) comes from the article's context, not from the text here.
        draft.place_named = not best[0] and not best[3]
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
        and not any(s <= p.start < e for s, e in filed)
        and not _is_reference(ctx, p)  # "au Loiret, au sud de Paris": Paris only says where the Loiret is
    ]
    if before and before[-1].place is not None:
        draft.location = Location.of(before[-1].place)
        return
    # Then the last town the article named before it, in the country it is about: "Police used water
    # cannon" two paragraphs after "farmers clashed with police in Brussels" is in Brussels.
    towns = home_towns(ctx)
    earlier = [p for p in towns if p.end <= sent.start_char and not any(s <= p.start < e for s, e in filed)]
    if earlier and earlier[-1].place is not None:
        draft.location = Location.of(earlier[-1].place)
        return
    # Then where the report was filed ("DAYTON —"): local news is written from the town it reports on.
    dateline = dateline_place(ctx)
    if dateline is not None and dateline.place is not None and dateline.start < sent.end_char:
        draft.location = Location.of(dateline.place)
        return
    # Then the first town the article names in its country, wherever it names it: a shooting told
    # with no place of its own, "…, the Jacksonville Sheriff's Office said", is in Jacksonville.
    if towns and towns[0].place is not None:
        draft.location = Location.of(towns[0].place)
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


def home_towns(ctx: Context) -> list[PlaceMention]:
    """The resolved towns the article names by name in the country it is about, in text order (read once)."""
    key = "home_towns"
    if key not in ctx.memo:
        ctx.memo[key] = [
            p
            for p in ctx.places
            if p.place is not None
            and p.place.lat is not None
            and not p.demonym
            and p.place.feature == "city"
            and p.text[:1].isupper()
            and ctx.home_country is not None
            and p.place.country == ctx.home_country
        ]
    return cast("list[PlaceMention]", ctx.memo[key])


def dateline_place(ctx: Context) -> PlaceMention | None:
    """The resolved place of the article's first dateline ("MEMPHIS, Tenn. —"), if it has one."""
    for start, _ in ctx.datelines[:1]:
        for p in ctx.places:
            if p.start == start and p.place is not None and p.place.lat is not None and not p.demonym:
                return p
    return None


def refine_type(ctx: Context, draft: Draft) -> None:
    """The type (and modality) the language's `refine` rules give the event from its actors and modality."""
    for rule in ctx.lex.events.refine:
        if draft.type not in rule.from_:
            continue
        if rule.agent_kinds and not draft.kinds("agent") & set(rule.agent_kinds):
            continue
        if rule.patient_kinds and not draft.kinds("victim", "target") & set(rule.patient_kinds):
            continue
        if rule.modalities and draft.modality not in rule.modalities:
            continue
        if rule.words and not _written_near(ctx, draft, rule.words, rule.scope):
            continue
        draft.type = rule.to
        if rule.modality is not None:
            draft.modality = rule.modality


def _written_near(ctx: Context, draft: Draft, words: Sequence[str], scope: str) -> bool:
    """Whether one of `words` (base forms) is written in the draft's sentence, or its paragraph."""
    wanted = {fold(w) for w in words}
    span = ctx.paragraph(draft.head) if scope == "paragraph" else None
    lo, hi = (span.start, span.end) if span is not None else (draft.head.sent.start, draft.head.sent.end)
    return any(not keys.isdisjoint(wanted) for keys in ctx.forms[lo:hi])


def home_country(places: Sequence[PlaceMention]) -> str | None:
    """The country an article is mostly about: the most named one (demonyms included), first on ties."""
    counts = Counter(p.place.country for p in places if p.place is not None and p.place.country)
    return counts.most_common(1)[0][0] if counts else None
