"""Small dependency-tree helpers shared by the event stage."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Token

# Dependents that open another clause or list: an argument phrase stops there.
CLAUSE_DEPS = frozenset(
    {
        "acl",
        "acl:relcl",
        "advcl",
        "parataxis",
        "conj",
        "cc",
        "ccomp",
        "xcomp",
        "dep",
        "punct",
        "discourse",
        "vocative",
        "reparandum",
        "mark",
    }
)
# Subordinate clauses a trigger's own clause does not reach into.
NESTED_DEPS = frozenset({"acl:relcl", "acl", "advcl", "parataxis", "conj", "ccomp"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubj:pass", "csubj", "expl:subj"})


# spaCy's English pipelines use ClearNLP labels, the French ones Universal Dependencies; the event
# stage reasons in UD terms, so ClearNLP labels are read as their UD counterparts.
CLEAR_TO_UD = {
    "nsubjpass": "nsubj:pass",
    "dobj": "obj",
    "auxpass": "aux:pass",
    "aux": "aux",
    "relcl": "acl:relcl",
    "npadvmod": "obl:mod",
    "poss": "nmod",
    "attr": "obj",
    "dative": "obl",
    "pcomp": "obl",
    "oprd": "xcomp",
    "neg": "advmod",
    "compound": "compound",
    "prt": "compound:prt",
    "expl": "expl",
}
PREPOSITIONS = frozenset({"prep", "agent"})


# Labels as the event stage reads them: ClearNLP's in UD terms, and "ROOT" (the one label spaCy's
# pipelines write in capitals) as "root": one lookup for every relation looked at.
_READ_AS = {**CLEAR_TO_UD, "ROOT": "root"}


def dep(token: Token) -> str:
    """The token's relation, in Universal Dependencies terms whatever the model's scheme."""
    label: str = token.dep_
    if label == "pobj" and token.head.i != token.i:
        prep = token.head
        if prep.dep_ == "agent":
            return "obl:agent"
        return "nmod" if prep.head.pos_ in ("NOUN", "PROPN", "PRON", "NUM") else "obl"
    return _READ_AS.get(label) or label.lower()


def kids(token: Token) -> Iterator[Token]:
    """The token's dependents, seeing through prepositions ("by the police" → police) as UD does."""
    for child in token.children:
        if child.dep_ in PREPOSITIONS:
            objects = [g for g in child.children if g.dep_ in ("pobj", "pcomp")]
            if objects:
                yield from objects
                continue
        yield child


def depth_to_root(token: Token) -> list[Token]:
    """The token and its ancestors, nearest first."""
    return [token, *token.ancestors]


def tree_distance(a: Token, b: Token) -> int:
    """Number of dependency edges between two tokens of one sentence (large if unrelated)."""
    # Tokens of different sentences have different roots, so the walk below finds no common ancestor.
    up_a = {t.i: n for n, t in enumerate(depth_to_root(a))}
    for n, t in enumerate(depth_to_root(b)):
        if t.i in up_a:
            return n + up_a[t.i]
    return 1000


def clause_tokens(head: Token, max_depth: int = 3) -> Iterator[tuple[Token, int]]:
    """Tokens of `head`'s own clause with their depth, not entering nested clauses."""
    stack = [(head, 0)]
    while stack:
        tok, d = stack.pop()
        yield tok, d
        if d >= max_depth:
            continue
        for child in kids(tok):
            if dep(child) in NESTED_DEPS and child.pos_ in ("VERB", "AUX"):
                continue
            if dep(child) in ("acl:relcl", "parataxis"):
                continue
            stack.append((child, d + 1))


def phrase_bounds(token: Token) -> tuple[int, int]:
    """Token index bounds [start, end) of the noun phrase headed by `token`."""
    lo = hi = token.i
    stack = [token]
    while stack:
        tok = stack.pop()
        lo, hi = min(lo, tok.i), max(hi, tok.i)
        for child in tok.children:
            if dep(child) in CLAUSE_DEPS and not (dep(child) == "punct" and lo < child.i < hi):
                continue
            stack.append(child)
    doc = token.doc
    while hi > lo and (doc[hi].is_punct or doc[hi].is_space):
        hi -= 1
    while lo < hi and (doc[lo].is_punct or doc[lo].is_space):
        lo += 1
    return lo, hi + 1


def conjuncts(token: Token) -> list[Token]:
    """The token and the nominal heads coordinated with it ("la Russie et ses alliés")."""
    out = [token]
    for child in kids(token):
        if dep(child) == "conj" and child.pos_ in ("NOUN", "PROPN", "PRON", "NUM"):
            out.extend(conjuncts(child))
    return out


def governing_verb(token: Token) -> Token | None:
    """The nearest verb above a token (itself if it is a verb)."""
    for t in depth_to_root(token):
        if t.pos_ in ("VERB", "AUX"):
            return t
    return None


def governor(token: Token) -> Token:
    """The word a token depends on, seeing through a preposition ("the lives of 12 people" → lives)."""
    head = token.head
    if token.dep_ in ("pobj", "pcomp") and head.dep_ in PREPOSITIONS and head.head.i != head.i:
        return head.head
    return head


def children(token: Token, *deps: str) -> list[Token]:
    return [c for c in kids(token) if dep(c) in deps]


def case_of(token: Token) -> str:
    """The folded preposition introducing a nominal ("par", "avec", "à", "by"…), or ''."""
    if token.dep_ in ("pobj", "pcomp") and token.head.i != token.i:
        return str(token.head.lower_)
    for c in token.children:
        if dep(c) in ("case", "mark") and c.i < token.i:
            return str(c.lower_)
    return ""


def is_demonstrative(token: Token) -> bool:
    """A noun with a demonstrative determiner: "cette arrestation", "ces violences", "this attack"."""
    return token.pos_ == "NOUN" and any(
        c.dep_ == "det" and "Dem" in c.morph.get("PronType", []) for c in token.children
    )


def is_definite(token: Token, *, possessive: bool = False) -> bool:
    """A noun with a definite or demonstrative determiner ("l'incident", "ce drame", "the victim"),
    or with `possessive`, a possessive one ("his friend", "sa compagne")."""
    for c in kids(token):
        if dep(c) == "det" and ("Def" in c.morph.get("Definite", []) or "Dem" in c.morph.get("PronType", [])):
            return True
        if possessive and (dep(c) == "nmod:poss" or (dep(c) == "det" and "Yes" in c.morph.get("Poss", []))):
            return True
    return False
