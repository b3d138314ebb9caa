"""Quantities: every number in a text (digits, number words, fractions, vague amounts) with its bounds.

`find_quantities(text, lang)` is the entry point. What a language says is data, read from
`lang/<code>/quantities.yaml` through `QuantityData`; this module holds only the grammar that
combines it. Number words are valued by text2num, one run of words at a time. text2num alone is
not enough: it reads no digit forms such as "2.000" or "1 234,5", no fractions, no "un millier"
nor "des dizaines", no qualifiers, and its text-level API gives no offsets; so the text is
tokenized here and the rest is built around text2num's values. The rule table for vague amounts
and qualifiers, with its reasons, is in docs/quantities.md.

Each quantity also gets a kind (what it measures: a count, an age, a date…) and a unit key,
read from the plain text around it by generic code over the language's `units`, `kind_rules`
and `kind_words`: phrases compiled into tries at load and matched a few tokens outwards from
the number, so the stage stays linear in the text.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from typing import Any, Literal

from pydantic import Field
from text_to_num import text2num

from ..lang import Section, section
from ..model import Qualifier, QuantityKind, QuantityMention

__all__ = ["QuantityData", "find_quantities"]

# A vague plural or a vague word before a scale ("des centaines", "several hundred") stays below
# ten of that scale: past it the writer would have used the next scale ("des milliers").
_CEILING = 10
# Longest digit run read as a number: longer runs are identifiers (and would overflow floats).
_MAX_DIGITS = 30
# Most tokens one number phrase may span: keeps every scan short whatever the input.
_MAX_TOKENS = 16
_HYPHENS = frozenset("-‐‑")
_MINUS = frozenset("-−")


# --- Language data (schema of quantities.yaml) ------------------------------------------------


class Suffix(Section):
    """A multiplier written after digits ("10k")."""

    value: float
    spaced: bool = False


class Scale(Section):
    """A scale word text2num lacks; `approx` for collective nouns ("une dizaine")."""

    value: float
    approx: bool = False


class Fraction(Section):
    """A fraction noun ("tiers", "half") and its denominator."""

    denominator: int = Field(ge=2)
    standalone: bool = False


class OrdinalEnding(Section):
    """Strip `suffix`, add `replace`: the result must be a number word ("cinquième" → "cinq")."""

    suffix: str
    replace: str = ""


class Ordinals(Section):
    """How ordinal words become denominators ("trois huitièmes", "a twenty-first")."""

    plural_endings: list[str] = Field(default_factory=list)
    endings: list[OrdinalEnding] = Field(default_factory=list)
    irregular: dict[str, str] = Field(default_factory=dict)
    not_denominators: list[str] = Field(default_factory=list)
    denominator_choice: Literal["longest", "shortest"] = "longest"
    singular_needs_one: bool = False
    # Ordinal words not returned as ranks (kind `ordinal`): "premier ministre", "une seconde".
    not_ranks: list[str] = Field(default_factory=list)


class AmountWord(Section):
    """A word for an amount with no figure ("plusieurs", "a couple"): its bounds; the value is `min`."""

    min: float
    max: float | None = None
    qualifier: Literal["vague", "approx", "exact"] = "vague"


class VaguePlural(Section):
    """A plural scale with no figure before it ("des centaines"): 2 × unit … 10 × unit − 1."""

    unit: float
    needs_of: bool = False


class Unit(Section):
    """Words written after a number (or `before` it: "$5") that name its unit, and the kind they make."""

    kind: QuantityKind
    unit: str | None = None  # the unit key given; the entry's own name when left out
    words: list[str] = Field(default_factory=list)
    before: list[str] = Field(default_factory=list)


class KindRule(Section):
    """When the text around a number says what it measures; rules are tried in order.

    Phrases are written as words and punctuation, with `#` for any number, `*` for any
    word, `^` for a word with a capital and `@name` for any word of `word_classes[name]`.
    Every condition given must hold.
    """

    kind: QuantityKind
    unit: str | None = None  # the unit key given (default: the unit word's, if any)
    units: list[str] | None = None  # only with one of these unit keys ([]: only with no unit word)
    before: list[str] = Field(default_factory=list)  # one ends right before the mention
    after: list[str] = Field(default_factory=list)  # one starts right after the number (and its unit word)
    not_after: list[str] = Field(default_factory=list)
    tight: bool = False  # no space inside the phrases matched, nor between them and the number
    min: float | None = None
    max: float | None = None
    integer: bool = False
    digits: int | None = None  # written as exactly this many digits, with no separator
    leading_zero: bool = False  # written with a leading zero ("06", "0000")
    figures: bool = False  # written in digits ("G20"), not in words ("vingt-et-un")
    ranks: bool = False  # also read digits written as a rank ("40th Street", "1er mai")
    vague: bool = False  # also holds for an amount with no figure ("plusieurs", "a few")


class KindWord(Section):
    """A word that is a quantity by itself, with its kind: "sexagénaire" (an age of 60 to 69), "midnight"."""

    kind: QuantityKind
    unit: str | None = None
    min: float
    max: float | None = None
    qualifier: Qualifier = "exact"


class RangeForm(Section):
    """Two numbers read as one range: "entre 10 et 20", "from 10 to 20 people", "10-20 dead"."""

    opener: str = ""  # "": nothing before the first number
    link: str
    needs_word_after: bool = False  # "de 10 à 20 morts", not "de zéro à dix" (two numbers)
    tight: bool = False  # the link touches both numbers ("10-20", not "10 - 20")


class Example(Section):
    """A text and the quantity expected in it (keys left out are not checked)."""

    text: str
    mention: str | None = None
    value: float | None = None
    min: float | None = None
    max: float | None = None
    qualifier: Qualifier | None = None
    kind: QuantityKind | None = None
    unit: str | None = None
    none: bool = False


QualifierWord = Literal["approx", "at_least", "at_most"]


class QuantityData(Section):
    """The `quantities` section of a language: everything this stage knows about its numbers."""

    text2num: str | None
    thousands_separators: list[str]
    decimal_marks: list[str]
    rank_suffixes: list[str] = Field(default_factory=list)
    suffixes: dict[str, Suffix] = Field(default_factory=dict)
    aliases: dict[str, str] = Field(default_factory=dict)
    numbers: dict[str, float] = Field(default_factory=dict)
    articles: dict[str, str] = Field(default_factory=dict)
    conjunctions: list[str] = Field(default_factory=list)
    decimal_words: list[str] = Field(default_factory=list)
    negative_words: dict[str, list[str]] = Field(default_factory=dict)
    ratio_words: list[str] = Field(default_factory=list)
    of_words: list[str] = Field(default_factory=list)
    scales: dict[str, Scale] = Field(default_factory=dict)
    fractions: dict[str, Fraction] = Field(default_factory=dict)
    ordinals: Ordinals = Field(default_factory=Ordinals)
    fraction_of_scale_from: float = 1_000_000
    not_a_number_after: dict[str, list[str]] = Field(default_factory=dict)
    not_numbers: list[str] = Field(default_factory=list)
    adjectives: list[str] = Field(default_factory=list)
    amount_words: dict[str, AmountWord] = Field(default_factory=dict)
    vague_plurals: dict[str, VaguePlural] = Field(default_factory=dict)
    vague_determiners: list[str] = Field(default_factory=list)
    qualifiers_before: dict[QualifierWord, list[str]] = Field(default_factory=dict)
    qualifiers_after: dict[QualifierWord, list[str]] = Field(default_factory=dict)
    ranges: list[RangeForm] = Field(default_factory=list)
    not_a_range_after: list[str] = Field(default_factory=list)
    word_classes: dict[str, list[str]] = Field(default_factory=dict)
    units: dict[str, Unit] = Field(default_factory=dict)
    kind_rules: list[KindRule] = Field(default_factory=list)
    kind_words: dict[str, KindWord] = Field(default_factory=dict)
    examples: list[Example] = Field(default_factory=list)


# --- Tokens ----------------------------------------------------------------------------------


@lru_cache(maxsize=1 << 16)
def fold(word: str) -> str:
    """The lookup key of a word: lower case, accents and apostrophe variants removed."""
    decomposed = unicodedata.normalize("NFD", word.lower().replace("’", "'").replace("ʼ", "'"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


# Tokens and readings are built by the hundred per text and never changed: they are not frozen
# dataclasses, which cost five times as much to build.
@dataclass(slots=True)
class _Tok:
    kind: Literal["num", "word", "punct"]
    start: int
    end: int
    text: str
    key: str
    gap: str  # the white space between the previous token and this one
    value: float | None = None  # num: its value (None: too long or not finite to be a count)
    rank: bool = False  # num: written as a rank ("35e", "3rd")
    card: float | None = None  # word: its value as a number word ("vingt"), read once when tokenized
    opens: bool = False  # may open a quantity (`_Parser.may_start`), settled once when tokenized
    by_phrase: bool = False  # word: may open one only as the first word of a phrase ("plus de")


@dataclass(slots=True)
class _Reading:
    """A parsed stretch of tokens [.., end) and what it says."""

    end: int
    value: float
    low: float | None
    high: float | None
    qualifier: Qualifier
    scale: float | None = None  # the last scale word's value ("un million" → 1e6), for "et demi"
    lone: bool = False  # an article or pronoun alone: not a number unless something follows


def _exact(end: int, value: float, *, scale: float | None = None, approx: bool = False,
           lone: bool = False) -> _Reading:
    return _Reading(end, value, value, value, "approx" if approx else "exact", scale, lone)


_PHRASE_TOKENS = re.compile(r"\d+|[^\W\d_]+|\S")


class _Phrases:
    """Multi-word forms ("plus de", "a few") keyed by their tokens' folded keys."""

    def __init__(self, forms: dict[str, object]) -> None:
        table: dict[tuple[str, ...], object] = {}
        for form, info in forms.items():
            key = tuple(fold(m.group()) for m in _PHRASE_TOKENS.finditer(form))
            if key:
                table[key] = info
        self.first = frozenset(key[0] for key in table)
        # A trie of the keys, so that reading a phrase stops at the first token no phrase goes on
        # with; a node's info is under None, which no token's key is.
        self.trie: dict[str | None, Any] = {}
        for key, info in table.items():
            node = self.trie
            for k in key:
                node = node.setdefault(k, {})
            node[None] = info


_WORD = re.compile(r"[^\W\d_]+")


# Tokens of a kind pattern: "@name" (a word class), digits, words, one punctuation mark.
_PATTERN_TOKENS = re.compile(r"@\w+|\d+|[^\W\d_]+|\S")
# Labels a pattern may use for a whole class of tokens.
ANY_NUMBER, ANY_WORD, CAPITALIZED = "#", "*", "^"


class _Patterns:
    """Phrases of words, punctuation and labels ("#", "*", "^", "@class"), matched from one token.

    `backward` patterns are matched leftwards from the token before a position. Each phrase
    carries tags (a rule's index, a unit's name); a match gives them with where it ends and
    whether every gap it crossed was empty.
    """

    def __init__(self, backward: bool = False) -> None:
        self.root: dict[str, Any] = {}
        self.backward = backward

    def add(self, phrase: str, tag: object) -> None:
        keys = [t if t.startswith("@") or t in (ANY_NUMBER, ANY_WORD, CAPITALIZED) else fold(t)
                for t in _PATTERN_TOKENS.findall(phrase)]
        if not keys:
            return
        if self.backward:
            keys.reverse()
        node = self.root
        for key in keys:
            node = node.setdefault(key, {})
        node.setdefault("", []).append(tag)  # "" never labels a token: it holds the tags



@lru_cache(maxsize=1 << 16)
def _t2n(words: str, lang: str) -> float | None:
    """text2num's value of a string of number words, None when it is not one number."""
    try:
        return float(text2num(words, lang))
    except ValueError:
        return None


class _Lexicon:
    """A language's quantity data compiled for matching: folded keys, phrase tables, regexes."""

    def __init__(self, data: QuantityData) -> None:
        self.data = data
        self.t2n_lang = data.text2num
        seps = set(data.thousands_separators) | set(data.decimal_marks) | {".", ","}
        seps_class = "".join(re.escape(s) for s in sorted(seps))
        dec_class = "".join(re.escape(s) for s in sorted(data.decimal_marks))
        marks = "".join(re.escape(s) for s in sorted(seps) if not s.isspace())
        lead = rf"|(?<![\w{marks}])[{dec_class}]\d+" if dec_class else ""
        # One token per match, with the white space before it: (gap, number, exponent, word, mark).
        # Read with findall, which builds no match objects: matches follow each other, as only
        # white space is no token.
        self.token_re = re.compile(
            rf"(\s*)(?:(\d+(?:[{seps_class}]\d+)*{lead})([eE][+-]?\d+|\^[+-]*\d+)?|([^\W\d_]+)|(\S))"
        )
        self.thousands = frozenset(data.thousands_separators)
        self.decimals = frozenset(data.decimal_marks)
        self.rank_suffixes = frozenset(fold(s) for s in data.rank_suffixes)
        self.aliases = {fold(k): v for k, v in data.aliases.items()}
        self.numbers = {fold(k): v for k, v in data.numbers.items()}
        self.articles = {fold(k): v for k, v in data.articles.items()}
        self.conjunctions = frozenset(fold(w) for w in data.conjunctions)
        self.decimal_words = frozenset(fold(w) for w in data.decimal_words)
        self.negative_words = {fold(k): frozenset(fold(w) for w in v) for k, v in data.negative_words.items()}
        self.scales = {fold(k): v for k, v in data.scales.items()}
        self.fractions = {fold(k): v for k, v in data.fractions.items()}
        ords = data.ordinals
        self.plural_endings = tuple(fold(e) for e in ords.plural_endings)
        self.ordinal_endings = tuple((fold(e.suffix), e.replace) for e in ords.endings)
        self.irregular = {fold(k): v for k, v in ords.irregular.items()}
        endings = ("", *self.plural_endings)
        self.not_denominators = frozenset(fold(w) + e for w in ords.not_denominators for e in endings)
        self.not_ranks = frozenset(fold(w) for w in ords.not_ranks)
        self.not_a_number_after = {fold(k): frozenset(fold(w) for w in v) for k, v in data.not_a_number_after.items()}
        self.not_numbers = frozenset(fold(w) for w in data.not_numbers)
        self.adjectives = frozenset(fold(w) for w in data.adjectives)
        self.vague_plurals = {fold(k): v for k, v in data.vague_plurals.items()}

        self.ratio = _Phrases(dict.fromkeys(data.ratio_words, True))
        self.of_words = _Phrases(dict.fromkeys(data.of_words, True))
        self.determiners = _Phrases(dict.fromkeys(data.vague_determiners, True))
        self.amount_words = _Phrases(dict(data.amount_words))
        self.before = _Phrases({form: kind for kind, forms in data.qualifiers_before.items() for form in forms})
        self.after = _Phrases({form: kind for kind, forms in data.qualifiers_after.items() for form in forms})
        # Ranges: the opener is matched leftwards from the first number, the link after it.
        self.range_openers = _Patterns(backward=True)
        self.bare_ranges: list[tuple[RangeForm, _Phrases]] = []
        for form in data.ranges:
            if form.opener.strip():
                self.range_openers.add(form.opener, (form, _Phrases({form.link: True})))
            else:
                self.bare_ranges.append((form, _Phrases({form.link: True})))
        self.not_a_range_after = frozenset(fold(w) for w in data.not_a_range_after)
        # Kinds: word classes by word, unit words after and before numbers, the rules' phrases.
        self.word_classes: dict[str, tuple[str, ...]] = {}
        for name, words in data.word_classes.items():
            for w in words:
                key = fold(w)
                self.word_classes[key] = (*self.word_classes.get(key, ()), "@" + name)
        self.units_after = _Patterns()
        self.units_before = _Patterns(backward=True)
        for name, unit in data.units.items():
            for w in unit.words:
                self.units_after.add(w, name)
            for w in unit.before:
                self.units_before.add(w, name)
        self.rules_before = _Patterns(backward=True)
        self.rules_after = _Patterns()
        self.rules_not_after = _Patterns()
        for k, rule in enumerate(data.kind_rules):
            for phrase in rule.before:
                self.rules_before.add(phrase, k)
            for phrase in rule.after:
                self.rules_after.add(phrase, k)
            for phrase in rule.not_after:
                self.rules_not_after.add(phrase, k)
        self.rank_rules = tuple(k for k, rule in enumerate(data.kind_rules) if rule.ranks)
        self.phraseless_rules = tuple(k for k, rule in enumerate(data.kind_rules) if not rule.before and not rule.after)
        self.rank_kinds = frozenset(data.kind_rules[k].kind for k in self.rank_rules)
        self.kind_words = {fold(w): info for w, info in data.kind_words.items()}
        # Words that may open a quantity besides number words and ordinals: a quick first test.
        self.starters = frozenset().union(self.vague_plurals, self.negative_words, self.articles, self.fractions)
        # Others open one only as the first word of a qualifier, a vague determiner or an amount
        # ("plus de", "des", "une poignée"): only where one of those phrases is written ("de", "à"
        # alone open none). One table of all three tells where.
        self.opening = _Phrases(dict.fromkeys((*data.vague_determiners, *data.amount_words,
                                               *(f for forms in data.qualifiers_before.values() for f in forms)), True))

    def number_word(self, tok: _Tok) -> str:
        """The form of a word handed to text2num."""
        return self.aliases.get(tok.key) or self.articles.get(tok.key) or tok.text.lower()

    def value_of(self, words: str) -> float | None:
        """The value of a string of number words (text2num, then the language's own `numbers`)."""
        if self.t2n_lang is not None:
            value = _t2n(words, self.t2n_lang)
            if value is not None:
                return value
        return self.numbers.get(fold(words))

    @lru_cache(maxsize=1 << 15)  # noqa: B019 - one lexicon per language, kept for the process
    def cardinal(self, key: str, lower: str) -> float | None:
        """The value of one number word, None if it is not one."""
        if key in self.conjunctions or key in self.not_numbers or len(key) > 30:
            return None
        return self.value_of(self.aliases.get(key, lower))

    @lru_cache(maxsize=1 << 15)  # noqa: B019 - one lexicon per language, kept for the process
    def word_token(self, word: str) -> tuple[str, float | None, bool, bool]:
        """What a written word's token holds, looked up once per spelling.

        Its key, its value as a number word, whether it may open a quantity, and whether only as
        the first word of a phrase. The first word of a phrase that is also a conjunction or a
        scale word opens in any case: a number may be read from it (`fraction` reads on over them).
        """
        key = fold(word)
        card = self.cardinal(key, word.lower())
        first = key in self.opening.first
        opens = (card is not None or self.ordinal(key) is not None or key in self.starters
                 or (first and (key in self.conjunctions or key in self.scales)))
        return key, card, opens, first and not opens

    @lru_cache(maxsize=1 << 15)  # noqa: B019 - one lexicon per language, kept for the process
    def scale(self, key: str, lower: str) -> tuple[float, bool] | None:
        """(value, approx) of a scale word: listed in the data, or a number word that is a power of ten ≥ 100."""
        listed = self.scales.get(key)
        if listed is not None:
            return listed.value, listed.approx
        value = self.cardinal(key, lower)
        if value is not None and value >= 100 and math.log10(value).is_integer():
            return value, False
        return None

    @lru_cache(maxsize=1 << 15)  # noqa: B019 - one lexicon per language, kept for the process
    def ordinal(self, key: str) -> tuple[str, bool] | None:
        """(number word, plural) for an ordinal word ("cinquièmes" → ("cinq", True)), else None."""
        forms = [(key, False)] + [(key[: -len(e)], True) for e in self.plural_endings if e and key.endswith(e)]
        for form, plural in forms:
            if form in self.irregular:
                return self.irregular[form], plural
            for suffix, repl in self.ordinal_endings:
                if suffix and form.endswith(suffix) and len(form) > len(suffix):
                    word = form[: -len(suffix)] + repl
                    if self.value_of(word) is not None or fold(word) in self.scales:
                        return word, plural
        return None

    def denominator_value(self, word: str) -> float | None:
        scale = self.scales.get(fold(word))
        return scale.value if scale is not None else self.value_of(word)


@cache
def _lexicon(lang: str) -> _Lexicon:
    return _Lexicon(section(lang, "quantities", QuantityData))


# --- Digits ----------------------------------------------------------------------------------


def _read_digits(chain: str, lex: _Lexicon) -> list[tuple[int, int, str]]:
    """Splits a run of digits and separators into numbers: (start, end, float text or "")."""
    parts = re.split(r"(\D)", chain)
    groups, seps = parts[0::2], parts[1::2]
    starts = [0]
    for g, s in zip(groups, seps, strict=False):
        starts.append(starts[-1] + len(g) + len(s))
    n = len(groups)
    out: list[tuple[int, int, str]] = []
    no_decimal: set[str] = set()
    i = 0
    while i < n:
        j, used = i, None
        if len(groups[i]) <= 3:
            while (j + 1 < n and seps[j] in lex.thousands and used in (None, seps[j])
                   and len(groups[j + 1]) == 3):
                used = seps[j]
                j += 1
        whole = "".join(groups[i : j + 1])
        frac = None
        if j + 1 < n and seps[j] in lex.decimals and seps[j] != used and seps[j] not in no_decimal:
            if j + 2 < n and seps[j + 1] == seps[j]:
                # "192.168.1.2": a dotted identifier, each part its own number.
                no_decimal.add(seps[j])
            else:
                frac = groups[j + 1]
        elif (n == 2 and j == i == 0 and seps[0] in ".," and seps[0] in lex.thousands):
            # "5,00" in English, "2.5" in French: a thousands mark before anything but three
            # digits can only be a decimal mark when it is the chain's only separator.
            frac = groups[1]
        last = j + 1 if frac is not None else j
        end = starts[last] + len(groups[last])
        # A run too long to be a count is kept as a token with no value, so nothing joins across it.
        number = whole + ("." + frac if frac is not None else "") if len(whole) <= _MAX_DIGITS else ""
        out.append((starts[i], end, number))
        i = last + 1
    return out


def _apply_exponent(value: float, exp: str) -> float | None:
    try:
        if exp[0] in "eE":
            result = value * 10.0 ** int(exp[1:])
        else:
            digits = exp.lstrip("^+-")
            power = -int(digits) if exp[1:].count("-") % 2 else int(digits)
            result = value**power
    except (OverflowError, ZeroDivisionError, ValueError):
        return None
    return result if isinstance(result, float | int) and math.isfinite(result) else None


def _tokenize(text: str, lex: _Lexicon) -> list[_Tok]:
    """Words, punctuation and numbers (a run of digits and separators split into its numbers)."""
    toks: list[_Tok] = []
    prev_end = pos = 0  # where the last token ends; where the last match ends
    for space, chain, exp, word, mark in lex.token_re.findall(text):
        start = pos + len(space)
        if word:
            pos = start + len(word)
            if start < prev_end:
                continue  # a rank suffix already taken with its digits ("35e")
            key, card, opens, by_phrase = lex.word_token(word)
            # Fields by position: keywords would cost a tenth of the whole stage.
            toks.append(_Tok("word", start, pos, word, key, text[prev_end:start], None, False, card, opens, by_phrase))
            prev_end = pos
        elif mark:
            pos = start + 1
            toks.append(_Tok("punct", start, pos, mark, fold(mark), text[prev_end:start], None, False, None,
                             mark in _MINUS))
            prev_end = pos
        else:
            pos = start + len(chain) + len(exp)
            prev_end = _number_tokens(text, chain, start, exp, text[prev_end:start], lex, toks)
    return toks


def _number_tokens(text: str, chain: str, base: int, exp: str, gap: str, lex: _Lexicon, toks: list[_Tok]) -> int:
    """Appends the numbers of a run of digits and separators at `base` to `toks`; returns where they end."""
    # ",08" is a decimal mark with no whole part.
    numbers = _read_digits(chain, lex) if chain[0].isdigit() else [(0, len(chain), "0." + chain[1:])]
    end = base + len(chain) + len(exp)
    for k, (s, e, number) in enumerate(numbers):
        value: float | None = float(number) if number else None
        end = base + e
        last = k == len(numbers) - 1 and e == len(chain)
        rank = False
        if last and exp:
            value = _apply_exponent(value, exp) if value is not None else None
            end = base + len(chain) + len(exp)
        elif last:
            suffix = _WORD.match(text, end)
            if suffix and fold(suffix.group()) in lex.rank_suffixes:
                rank, end = True, suffix.end()
        g = gap if k == 0 else text[toks[-1].end : base + s]
        toks.append(_Tok("num", base + s, end, text[base + s : end], text[base + s : end], g, value, rank, None, True))
    return end


# --- Grammar ---------------------------------------------------------------------------------


class _Parser:
    """Reads quantities off a token list, left to right, taking the longest reading at each token."""

    def __init__(self, lex: _Lexicon, toks: list[_Tok]) -> None:
        self.lex = lex
        self.toks = toks
        self.n = len(toks)
        self.label_cache: dict[int, tuple[str, ...]] = {}

    # token tests

    def joined(self, i: int) -> bool:
        """Token i exists and no line break separates it from the token before."""
        return i < self.n and "\n" not in self.toks[i].gap

    def tight(self, i: int) -> bool:
        return i < self.n and self.toks[i].gap == ""

    def word(self, i: int) -> bool:
        return i < self.n and self.toks[i].kind == "word"

    def hyphen(self, i: int) -> bool:
        return i < self.n and self.toks[i].kind == "punct" and self.toks[i].text in _HYPHENS

    def conj(self, i: int) -> bool:
        return self.word(i) and self.toks[i].key in self.lex.conjunctions

    def article(self, i: int) -> bool:
        return self.word(i) and self.toks[i].key in self.lex.articles

    def card(self, i: int) -> float | None:
        return self.toks[i].card if i < self.n else None

    def scale(self, i: int) -> tuple[float, bool] | None:
        """(value, approx) of the scale word at i ("millier", "million", "hundred"), else None."""
        if not self.word(i):
            return None
        t = self.toks[i]
        return self.lex.scale(t.key, t.text.lower())

    def phrase(self, i: int, phrases: _Phrases) -> tuple[int, object] | None:
        """The longest of `phrases` starting at token i: (end, info)."""
        node = phrases.trie.get(self.toks[i].key) if i < self.n else None
        best = None
        j = i + 1
        while node is not None:
            info = node.get(None)
            if info is not None:
                best = (j, info)
            if not self.joined(j):  # the end, or a line break
                break
            node = node.get(self.toks[j].key)
            j += 1
        return best

    def words_text(self, i: int, end: int) -> str:
        """Tokens [i, end) as a string for text2num: hyphens glued, one space elsewhere."""
        out = ""
        for k in range(i, end):
            t = self.toks[k]
            if t.kind == "punct" and t.text in _HYPHENS:
                out = out.rstrip() + "-"
            else:
                out += ("" if not out or out.endswith("-") else " ") + self.lex.number_word(t)
        return out

    def value(self, i: int, end: int) -> float | None:
        return self.lex.value_of(self.words_text(i, end))

    # number words

    def run(self, i: int, stop: int, art: bool = True) -> tuple[int, float] | None:
        """The longest stretch of number words from i (before `stop`) that is one number."""
        items: list[int] = []
        j = i
        stop = min(stop, i + _MAX_TOKENS)
        while j < stop:
            if j > i and not self.joined(j):
                break
            if self.card(j) is not None or (j == i and art and self.article(j)):
                items.append(j)
                j += 1
                continue
            # Links ("et", "-", "vingt-et-un") count only when a number word follows them.
            k = j
            while items and k < stop and self.joined(k) and (self.conj(k) or self.hyphen(k)):
                k += 1
            if k == j or k >= stop or not self.joined(k) or self.card(k) is None:
                break
            items.extend(range(j, k))
            j = k
        for k in range(len(items), 0, -1):
            last = items[k - 1]
            if not self.word(last) or self.conj(last):
                continue
            value = self.value(i, last + 1)
            if value is None:
                continue
            if k > 1 and self.value(i, i + 1) == 0:
                return i + 1, 0.0  # "three-nought-four": digits read out, not one number
            return last + 1, value
        return None

    def decimal_words(self, j: int, stop: int) -> tuple[int, float] | None:
        """Digits spelt out after "virgule"/"point": ("zero three" → .03, "seventy-one" → .71)."""
        if not (self.word(j) and self.toks[j].key in self.lex.decimal_words and self.joined(j + 1)):
            return None
        digits, k = "", j + 1
        # Digits only: in "two point two million" the million scales the whole number.
        stop = next((m for m in range(k, min(stop, k + _MAX_TOKENS)) if self.scale(m) is not None), stop)
        while k < stop and self.joined(k):
            r = self.run(k, stop, art=False)
            if r is None or not float(r[1]).is_integer():
                break
            single = r[1] < 10 and r[0] == k + 1  # one digit word: more may follow ("zero three")
            digits += str(int(r[1]))
            k = r[0]
            if not single:
                break
        return (k, float("0." + digits)) if digits else None

    def spelt_point(self, j: int, stop: int) -> tuple[int, str] | None:
        """Digits after a decimal point spelt out: "1 virgule 5", "1 point 1"."""
        if not (j + 1 < stop and self.word(j) and self.toks[j].key in self.lex.decimal_words
                and self.joined(j + 1)):
            return None
        t = self.toks[j + 1]
        if t.kind != "num" or t.value is None or t.rank or not t.text.isdigit():
            return None
        return j + 2, t.text

    def suffix(self, j: int) -> tuple[int, float] | None:
        if not self.word(j):
            return None
        info = self.lex.data.suffixes.get(self.toks[j].text)
        if info is None:
            return None
        gap = self.toks[j].gap
        if gap == "" or (info.spaced and "\n" not in gap and len(gap) <= 3):
            return j + 1, info.value
        return None

    def term(self, i: int, stop: int) -> _Reading | None:
        """A number and the scale words after it: "3 millions", "twenty-one trillion", "un millier"."""
        t = self.toks[i]
        approx, lone = False, False
        scale: float | None = None
        run_end = i
        if t.kind == "num":
            if t.value is None or t.rank:
                return None
            value, j = t.value, i + 1
            point = self.spelt_point(j, stop) if value.is_integer() else None
            if point is not None:
                j, value = point[0], float(f"{int(value)}.{point[1]}")
            suf = self.suffix(j) if j < stop else None
            if suf is not None:
                j, value = suf[0], value * suf[1]
        elif t.kind == "word":
            r = self.run(i, stop)
            if r is None:
                return None
            j, value = r
            run_end = j
            if j == i + 1:
                if t.key in self.lex.vague_plurals:
                    return None  # "millions" alone is vague, read by `vague`
                lone = self.article(i)
            last = self.scale(j - 1)
            scale = last[0] if last is not None else None
            dec = self.decimal_words(j, stop)
            if dec is not None:
                j, value, scale = dec[0], value + dec[1], None
        else:
            return None
        while j < stop and self.joined(j):
            sc = self.scale(j)
            if sc is None:
                break
            value = self.scaled(i, run_end, value, sc[0])
            scale, approx, lone = sc[0], approx or sc[1], False
            run_end = i  # later scales multiply the whole ("three lakh crore")
            j += 1
        return _exact(j, value, scale=scale, approx=approx, lone=lone)

    def scaled(self, i: int, run_end: int, value: float, factor: float) -> float:
        """`value` (words [i, run_end)) times a scale word after it.

        In "three hundred and two dozens" the dozen applies to "two" only: the part after the
        last larger scale word inside the run.
        """
        for p in range(run_end - 1, i, -1):
            sc = self.scale(p)
            if sc is not None and sc[0] > factor:
                head = self.value(i, p + 1)
                q = p + 1 + (1 if self.conj(p + 1) else 0)
                tail = self.value(q, run_end) if q < run_end else None
                if head is not None and tail is not None:
                    return head + tail * factor
                break
        return value * factor

    def compound(self, i: int, stop: int) -> _Reading | None:
        """Terms added after a scale word: "4 thousand 3 hundred and 21", "6 crore and two hundred"."""
        first = self.term(i, stop)
        if first is None:
            return None
        value, scale, end, approx = first.value, first.scale, first.end, first.qualifier == "approx"
        while scale is not None and end < stop:
            k = end + 1 if self.conj(end) and self.joined(end) else end
            if k >= stop or not self.joined(k):
                break
            nxt = self.term(k, stop)
            if nxt is None or nxt.lone or nxt.value >= scale:
                break
            value, end, scale = value + nxt.value, nxt.end, nxt.scale
            approx = approx or nxt.qualifier == "approx"
        if end == first.end:
            return first
        return _exact(end, value, scale=scale, approx=approx)

    # fractions

    def fraction_word(self, i: int) -> bool:
        """Token i is a fraction noun ("tiers", "half") or an ordinal ("cinquièmes", "fifth")."""
        if not self.word(i):
            return False
        key = self.toks[i].key
        return key in self.lex.fractions or self.lex.ordinal(key) is not None

    def after_fraction(self, k: int) -> tuple[int, float] | None:
        """A scale after a fraction: "demi-million", "half a dozen", "two thirds of a million"."""
        if not self.joined(k):
            return None
        starts = [k]
        if self.hyphen(k) and self.tight(k):
            starts.append(k + 1)
        of = self.phrase(k, self.lex.of_words)
        if of is not None:
            starts.append(of[0])
            if self.article(of[0]):
                starts.append(of[0] + 1)
        if self.article(k):
            starts.append(k + 1)
        for s in starts:
            # "la moitié des milliers de manifestants" is half of a vague amount, not 500.
            if self.joined(s) and self.toks[s].key not in self.lex.vague_plurals:
                sc = self.scale(s)
                if sc is not None:
                    return s + 1, sc[0]
        return None

    def numerator(self, s: int, e: int) -> float | None:
        """The number words [s, e) as a whole numerator, or None."""
        if e <= s:
            return None
        r = self.run(s, e)
        return r[1] if r is not None and r[0] == e else None

    def simple_fraction(self, s: int, o: int, mixed: bool) -> tuple[float, float] | None:
        """(numerator, denominator) for the words [s, o] ending on a fraction word at o."""
        lex = self.lex
        key = self.toks[o].key
        frac = lex.fractions.get(key)
        if frac is not None:
            if s == o:
                ok = mixed or frac.standalone or self.after_fraction(o + 1) is not None
                return (1.0, float(frac.denominator)) if ok else None
            e = o - 1 if self.hyphen(o - 1) and o - 1 > s else o
            num = self.numerator(s, e)
            return (num, float(frac.denominator)) if num is not None else None
        ordinal = lex.ordinal(key)
        if ordinal is None or s == o:
            return None
        word, plural = ordinal
        found: list[tuple[int, float, float]] = []
        for p in range(s + 1, o + 1):  # numerator [s, p), denominator words [p, o) and the ordinal
            den = self.denominator(p, o, word)
            if den is None or den < 2:
                continue
            e = p
            if self.hyphen(p - 1):
                e = p - 1
                left = self.words_text(p - 2, p - 1) if p - 2 >= s else ""
                right = self.words_text(p, p + 1) if p < o else word
                glued = lex.value_of(f"{left}-{right}") if left else None
                if glued is not None and glued < 100:
                    continue  # "ninety-five" is one number: the split cannot fall inside it
            num = self.numerator(s, e)
            if num is None:
                continue
            if lex.data.ordinals.singular_needs_one and not plural and num != 1:
                continue
            found.append((p, num, den))
        if not found:
            return None
        pick = min if lex.data.ordinals.denominator_choice == "longest" else max
        _, num, den = pick(found, key=lambda f: f[0])
        return num, den

    def denominator(self, p: int, o: int, word: str) -> float | None:
        """The ordinal made of the words [p, o) and the ordinal word at o ("vingt et unième" → 21)."""
        if p == o:
            if self.toks[o].key in self.lex.not_denominators:
                return None
            return self.lex.denominator_value(word)
        if self.conj(p) or self.hyphen(p) or self.card(p) is None:
            return None
        if self.scale(p) is not None:
            return None  # "hundred thirty fifths" does not start a denominator
        text = self.words_text(p, o)
        return self.lex.value_of(text + ("" if text.endswith("-") else " ") + word)

    def fraction(self, i: int, stop: int) -> _Reading | None:
        """Fractions and mixed numbers in words: "deux tiers", "cent trois et deux tiers", "un demi"."""
        o = i
        stop = min(stop, i + _MAX_TOKENS)
        while o < stop and (o == i or self.joined(o)):
            if self.fraction_word(o):
                break
            t = self.toks[o]
            if not (self.card(o) is not None or self.article(o) or self.conj(o) or self.hyphen(o)
                    or (t.kind == "num" and t.value is not None and not t.rank) or self.scale(o) is not None):
                return None
            o += 1
        else:
            return None
        after = self.after_fraction(o + 1)
        end = after[0] if after else o + 1
        factor = after[1] if after else None

        simple = self.simple_fraction(i, o, mixed=False)
        if simple is not None and self.toks[o].key not in self.lex.fractions:
            # A singular ordinal after "un"/"a" is a fraction only before "of", punctuation or
            # the end: "a fifth of", not "a third time", "un cinquième mandat".
            plural = (self.lex.ordinal(self.toks[o].key) or ("", True))[1]
            if not plural and not (end >= self.n or not self.joined(end) or self.toks[end].kind != "word"
                                   or self.toks[end].key in self.lex.of_words.first):
                simple = None
        a_value = None
        if simple is not None:
            a_value = simple[0] / simple[1] * (factor if factor else 1.0)

        b_value, b_frac = None, None
        for c in range(o - 1, i, -1):
            if not self.conj(c):
                continue
            whole = self.compound(i, c)
            if whole is None or whole.end != c:
                continue
            part = self.simple_fraction(c + 1, o, mixed=True) if c + 1 <= o else None
            if part is None:
                continue
            f = part[0] / part[1]
            if factor and (whole.scale is None or whole.scale <= factor):
                b_value = (whole.value + f) * factor
            elif factor:
                b_value = whole.value + f * factor
            elif whole.scale is not None and whole.scale >= self.lex.data.fraction_of_scale_from:
                b_value = whole.value + f * whole.scale
            else:
                b_value = whole.value + f
            b_frac = f
            break
        # A mixed number ("cent et trois quarts") wins when its fraction is proper; otherwise one
        # fraction over all the words ("one hundred and thirty fifths" is 130/5).
        if b_value is not None and b_frac is not None and b_frac < 1:
            return _exact(end, b_value)
        if a_value is not None:
            return _exact(end, a_value)
        if b_value is not None:
            return _exact(end, b_value)
        return None

    def ratio(self, i: int, stop: int) -> _Reading | None:
        """"un sur trois", "2000 over 3": a fraction when nothing but punctuation follows."""
        left = self.ratio_side(i, stop)
        if left is None:
            return None
        m = self.phrase(left[0], self.lex.ratio) if self.joined(left[0]) else None
        if m is None or not self.joined(m[0]):
            return None
        right = self.ratio_side(m[0], stop)
        if right is None or right[1] == 0:
            return None
        end = right[0]
        if end < self.n and self.joined(end) and self.toks[end].kind != "punct":
            return None
        return _exact(end, left[1] / right[1])

    def ratio_side(self, i: int, stop: int) -> tuple[int, float] | None:
        if i >= stop:
            return None
        t = self.toks[i]
        if t.kind == "num":
            return (i + 1, t.value) if t.value is not None and not t.rank else None
        return self.run(i, stop)

    def digit_fraction(self, i: int) -> _Reading | None:
        """"3/4", "2 1/4": digits around a slash, the numerator below the denominator."""

        def frac_at(k: int) -> float | None:
            if k + 2 >= self.n:
                return None
            a, slash, b = self.toks[k], self.toks[k + 1], self.toks[k + 2]
            if not (a.kind == "num" and b.kind == "num" and slash.text == "/" and self.tight(k + 1)
                    and self.tight(k + 2) and a.value is not None and b.value is not None):
                return None
            if not (a.value.is_integer() and b.value.is_integer() and 0 <= a.value < b.value <= 1000):
                return None
            if k + 3 < self.n and self.toks[k + 3].text == "/" and self.tight(k + 3):
                return None  # "5/17/2018" is a date
            return a.value / b.value

        t = self.toks[i]
        if t.kind != "num" or t.value is None or t.rank:
            return None
        if i > 0 and self.toks[i - 1].text == "/" and self.tight(i):
            return None
        f = frac_at(i)
        if f is not None:
            return _exact(i + 3, f)
        if t.value.is_integer() and self.joined(i + 1) and not self.tight(i + 1):
            f = frac_at(i + 1)
            if f is not None:
                return _exact(i + 4, t.value + f)
        return None

    # whole phrases

    def sign(self, i: int) -> bool:
        """Token i is a minus sign before a number (not a hyphen as in "SCP-173" or "10 - 20")."""
        t = self.toks[i]
        if i + 1 >= self.n or not self.joined(i + 1):
            return False
        if t.kind == "punct" and t.text in _MINUS:
            if self.toks[i + 1].kind != "num":
                return False
            if i == 0 or not self.joined(i):
                return True
            prev = self.toks[i - 1]
            if self.tight(i + 1):
                return (t.gap != "" and prev.kind != "num") or (prev.kind == "punct" and prev.text not in ")]")
            return prev.kind == "punct" and prev.text not in ")]"
        if t.kind == "word" and t.key in self.lex.negative_words:
            return i == 0 or self.toks[i - 1].key not in self.lex.negative_words[t.key]
        return False

    def number(self, i: int) -> _Reading | None:
        """A number, signed or not, in digits or words."""
        negative = self.sign(i)
        k = i + 1 if negative else i
        best: _Reading | None = None
        for reading in (self.digit_fraction(k), self.ratio(k, self.n), self.fraction(k, self.n),
                        self.compound(k, self.n)):
            if reading is not None and (best is None or reading.end > best.end):
                best = reading
        if best is None or best.lone:
            return None
        if negative:
            low, high = best.low, best.high
            best = replace(best, value=-best.value, low=None if high is None else -high,
                           high=None if low is None else -low)
        return best

    def vague_chain(self, k: int, unit: float) -> tuple[int, float]:
        """Scales joined by "de"/"of" after a vague amount: "des dizaines de milliers"."""
        while True:
            of = self.phrase(k, self.lex.of_words)
            if of is None or not self.joined(of[0]):
                return k, unit
            nxt = of[0]
            plural = self.lex.vague_plurals.get(self.toks[nxt].key) if self.word(nxt) else None
            if plural is None:
                return k, unit
            k, unit = nxt + 1, unit * plural.unit

    def vague(self, i: int) -> _Reading | None:
        """Amounts with no figure: "des dizaines", "plusieurs centaines", "a few", "tens of thousands"."""
        j = i
        det = self.phrase(i, self.lex.determiners)
        if det is not None:
            j = det[0]
            if not self.joined(j):
                return None
        if self.word(j):
            plural = self.lex.vague_plurals.get(self.toks[j].key)
            if plural is not None:
                if plural.needs_of and self.phrase(j + 1, self.lex.of_words) is None:
                    return None
                k, unit = self.vague_chain(j + 1, plural.unit)
                return _Reading(k, 2 * unit, 2 * unit, _CEILING * unit - 1, "vague")
        if det is not None:
            return None
        m = self.phrase(i, self.lex.amount_words)
        if m is None:
            return None
        k, info = m
        assert isinstance(info, AmountWord)
        of = self.phrase(k, self.lex.of_words) if self.joined(k) else None
        for s in ([k] + ([of[0]] if of else [])):
            sc = self.scale(s) if self.joined(s) else None
            plural = self.lex.vague_plurals.get(self.toks[s].key) if self.word(s) else None
            factor = sc[0] if sc is not None else plural.unit if plural is not None else None
            if factor is not None:
                e, unit = self.vague_chain(s + 1, factor)
                low = info.min * unit
                if info.qualifier != "vague":  # "a couple hundred": about 200
                    return _Reading(e, low, low, low, info.qualifier)
                return _Reading(e, low, low, _CEILING * unit - 1, "vague")
        if info.qualifier != "vague":
            return _Reading(k, info.min, info.min, info.min, info.qualifier)
        return _Reading(k, info.min, info.min, info.max, "vague")

    def qualified(self, i: int) -> _Reading | None:
        m = self.phrase(i, self.lex.before)
        if m is None or not self.joined(m[0]) or m[0] >= self.n:
            return None
        inner = self.longest(self.number(m[0]), self.vague(m[0]))
        if inner is None:
            return None
        assert isinstance(m[1], str)
        return _qualify(inner, m[1])

    @staticmethod
    def longest(*readings: _Reading | None) -> _Reading | None:
        best = None
        for r in readings:
            if r is not None and (best is None or r.end > best.end):
                best = r
        return best

    def may_start(self, i: int) -> bool:
        """Whether token i may open a quantity.

        A number, a minus sign, a word that is a number word, an ordinal or one of the lexicon's
        `starters` (settled when tokenized, see `_Lexicon.word_token`), or the first word of an
        opening phrase written there.
        """
        t = self.toks[i]
        return t.opens or (t.by_phrase and self.phrase(i, self.lex.opening) is not None)

    def not_a_count(self, i: int) -> bool:
        """The word at i, read alone, is no count here: "no one", "à moitié", "un véhicule neuf."."""
        key = self.toks[i].key
        if i > 0 and self.toks[i - 1].key in self.lex.not_a_number_after.get(key, ()):
            return True
        if key in self.lex.adjectives:  # a count only before the noun it counts
            return not (self.word(i + 1) and self.joined(i + 1) and not self.conj(i + 1))
        return False

    def at(self, i: int) -> _Reading | None:
        """The longest quantity starting at token i, with a qualifier written after it."""
        if not self.may_start(i):
            return None
        # No number starts on a word that opens only a phrase: numbers start on digits, signs,
        # number words, articles, fractions, conjunctions or scales (see `_Lexicon.word_token`).
        number = None if self.toks[i].by_phrase else self.number(i)
        best = self.longest(self.qualified(i), number, self.vague(i))
        if best is None or (best.end == i + 1 and self.word(i) and self.not_a_count(i)):
            return None
        if best.qualifier in ("exact", "approx") and self.joined(best.end):
            m = self.phrase(best.end, self.lex.after)
            if m is not None:
                assert isinstance(m[1], str)
                best = replace(_qualify(best, m[1]), end=m[0])
        return best

    # kinds

    def labels(self, j: int) -> tuple[str, ...]:
        """What a pattern may match token j by: its key, and "#", "*", "^" or its word classes."""
        cached = self.label_cache.get(j)
        if cached is not None:
            return cached
        t = self.toks[j]
        if t.kind == "num":
            out: tuple[str, ...] = (ANY_NUMBER,)
        elif t.kind == "word":
            out = (t.key, ANY_WORD, *self.lex.word_classes.get(t.key, ()))
            if t.text[:1].isupper():
                out = (*out, CAPITALIZED)
        else:
            out = (t.key,)
        self.label_cache[j] = out
        return out

    def match(self, patterns: _Patterns, i: int) -> list[tuple[object, int, bool]]:
        """Every phrase of `patterns` from position i: (tag, where it ends, every gap empty).

        Forward, the phrase covers tokens [i, end); backward, tokens [end, i). The gap next to
        i counts: a phrase "touches" the number only when nothing separates them.
        """
        k = i - 1 if patterns.backward else i
        root = patterns.root
        if not 0 <= k < self.n or not any(label in root for label in self.labels(k)):
            return []  # the common case, settled without a walk
        found: list[tuple[object, int, bool]] = []
        stack: list[tuple[dict[str, Any], int, bool]] = [(root, i, True)]
        while stack:
            node, j, tight = stack.pop()
            for tag in node.get("", ()):
                found.append((tag, j, tight))
            k = j - 1 if patterns.backward else j
            if not 0 <= k < self.n:
                continue
            gap = self.toks[j if patterns.backward else k].gap  # the gap crossed to take token k
            if "\n" in gap:
                continue
            touching = tight and gap == ""
            for label in self.labels(k):
                child = node.get(label)
                if child is not None:
                    stack.append((child, k if patterns.backward else k + 1, touching))
        return found

    def unit_at(self, end: int, first: int, num: int) -> tuple[str, int] | None:
        """The unit named after the number or by a symbol before it: (unit entry, where its words end).

        After: right after the number ("15 km"), after a hyphen ("18-year-old") or after
        "de"/"of" ("2 millions d'euros"), the longest form winning; before: "$5,000".
        """
        lex = self.lex
        starts = [end]
        if self.hyphen(end) and self.tight(end):
            starts.append(end + 1)
        of = self.phrase(end, lex.of_words) if self.joined(end) else None
        if of is not None:
            starts.append(of[0])
        best: tuple[str, int] | None = None
        for s in starts:
            if s >= self.n or not self.joined(s):
                continue
            for tag, e, _ in self.match(lex.units_after, s):
                if best is None or e > best[1]:
                    assert isinstance(tag, str)
                    best = (tag, e)
        if best is not None:
            return best
        for pos in dict.fromkeys((first, num)):
            for tag, _, _ in self.match(lex.units_before, pos):
                assert isinstance(tag, str)
                return tag, end
        return None

    def kind_of(self, first: int, num: int, end: int, value: float,
                vague: bool = False) -> tuple[QuantityKind, str | None]:
        """What the number read over tokens [first, end), its figure starting at `num`, measures.

        `vague`: an amount with no figure ("plusieurs heures"), which only rules marked `vague`
        may give a kind other than its unit word's: "après plusieurs heures" is no clock time.
        """
        lex = self.lex
        rules = lex.data.kind_rules
        unit = self.unit_at(end, first, num)
        entry = lex.data.units[unit[0]] if unit is not None else None
        unit_key = (entry.unit or unit[0]) if entry is not None and unit is not None else None
        after_at = unit[1] if unit is not None else end
        if rules:
            before: dict[int, bool] = {}
            for pos in dict.fromkeys((first, num)):
                for tag, _, tight in self.match(lex.rules_before, pos):
                    assert isinstance(tag, int)
                    before[tag] = before.get(tag, False) or tight
            after: dict[int, bool] = {}
            not_after: set[int] = set()
            if after_at < self.n and self.joined(after_at):
                for tag, _, tight in self.match(lex.rules_after, after_at):
                    assert isinstance(tag, int)
                    after[tag] = after.get(tag, False) or tight
                not_after = {t for t, _, _ in self.match(lex.rules_not_after, after_at) if isinstance(t, int)}
            digits = self.toks[num].text if self.toks[num].kind == "num" else ""
            # Only rules whose phrases were found, and those with none, can hold: tried in order.
            tried = {*lex.phraseless_rules, *(k for k in before if not rules[k].after or k in after),
                     *(k for k in after if not rules[k].before)}
            for k in sorted(tried):
                rule = rules[k]
                if vague and not rule.vague:
                    continue
                if rule.units is not None and (unit_key not in rule.units if rule.units else unit is not None):
                    continue
                if (rule.min is not None and value < rule.min) or (rule.max is not None and value > rule.max):
                    continue
                if rule.integer and not float(value).is_integer():
                    continue
                if rule.digits is not None and not (digits.isdigit() and len(digits) == rule.digits):
                    continue
                if rule.figures and not digits:
                    continue
                if rule.leading_zero and not (len(digits) > 1 and digits.isdigit() and digits[0] == "0"):
                    continue
                if rule.before and (k not in before or (rule.tight and not before[k])):
                    continue
                if rule.after and (k not in after or (rule.tight and not after[k])):
                    continue
                if k in not_after:
                    continue
                return rule.kind, rule.unit or unit_key
        if entry is not None:
            return entry.kind, unit_key
        return "count", None

    def range_from(self, i: int, r: _Reading) -> tuple[int, _Reading] | None:
        """A range from the number read as `r` at i: (its first token, its reading), or None.

        An opener before i ("entre", "from", or none), a link ("et", "to", "-"), a second number:
        "entre 10 et 20", "from 10 to 20 people", "10-20 dead". A first number that reads as a
        score ("won 3-1 against") or an identifier makes no range.
        """
        forms: list[tuple[object, int, bool]] = self.match(self.lex.range_openers, i)
        if not forms:  # after an opener, its own rules decide: "passé de 10 à 20" is no "10 à 20"
            forms = [(bare, i, True) for bare in self.lex.bare_ranges]
        for tag, start, _ in forms:
            assert isinstance(tag, tuple)
            form, link = tag
            if start > 0 and self.toks[start - 1].key in self.lex.not_a_range_after:
                continue  # "passé de 10 à 20": a change, not a range
            m = self.phrase(r.end, link) if self.joined(r.end) else None
            if m is None or not self.joined(m[0]):
                continue
            if form.tight and not (self.tight(r.end) and self.tight(m[0])):
                continue
            if form.tight and i > 0 and self.tight(i) and self.toks[i - 1].kind == "punct":
                continue  # "2022-01-06", "1-925-249": a chain, not a range
            second = self.at(m[0])
            if second is None:
                continue
            if form.tight and self.tight(second.end) and self.toks[second.end].kind == "punct" \
                    and self.toks[second.end].text not in ",.;:)":
                continue
            if form.needs_word_after and not (self.word(second.end) and self.joined(second.end)):
                continue
            low = r.low if r.low is not None else r.value
            high = second.high if second.high is not None else second.value
            if r.scale is None and second.scale is not None and low < second.scale and low * second.scale <= high:
                low *= second.scale  # "between 10 and 20 million": the scale is the range's
            if not low < high:
                continue  # "de 20 à 10" tells a fall, not a range
            if self.kind_of(i, i, r.end, r.value)[0] in ("score", "identifier"):
                continue
            return start, _Reading(second.end, low, low, high, "vague")
        return None

    def rank(self, i: int) -> tuple[float, QuantityKind, str | None] | None:
        """A rank in one token: (its value, kind, unit), or None.

        "3e", "3rd", "deuxième", "third" are `ordinal`, or a date or an address when a rule
        marked `ranks` says so ("le 1er mai", "40th Street"). A plural ordinal is a fraction.
        """
        t = self.toks[i]
        lex = self.lex
        if t.kind == "num":
            if not t.rank or t.value is None:
                return None
            value = t.value
        elif t.kind == "word" and t.key not in lex.not_ranks and t.key not in lex.not_denominators:
            prev = i - 1
            if prev >= 0 and self.joined(i) and (self.toks[prev].kind == "num"
                                                 or (self.card(prev) is not None and not self.article(prev))):
                return None  # "the two millionth visitor": the rank's figure is already read, as "two"
            ordinal = lex.ordinal(t.key)
            if ordinal is None or ordinal[1]:
                return None
            number = lex.value_of(ordinal[0])
            if number is None or number < 1:
                return None
            value = number
        else:
            return None
        if lex.rank_rules:
            kind, unit = self.kind_of(i, i, i + 1, value)
            if kind != "count" and kind in lex.rank_kinds:
                return value, kind, unit
        return value, "ordinal", None

    def compound_rank(self, i: int, r: _Reading) -> tuple[int, float, QuantityKind, str | None] | None:
        """A rank in several words ("vingt-et-unième", "twenty-first"): (its end, value, kind, unit).

        The number words read as `r`, then hyphens or "et"/"and", then a singular ordinal word.
        """
        if r.qualifier != "exact" or not self.word(i) or not self.word(r.end - 1):
            return None
        k = r.end
        while k < min(r.end + 3, self.n) and self.joined(k) and (self.hyphen(k) or self.conj(k)):
            k += 1
        if k == r.end or not self.word(k) or not self.joined(k):
            return None
        ordinal = self.lex.ordinal(self.toks[k].key)
        if ordinal is None or ordinal[1]:
            return None
        words = self.words_text(i, k)
        value = self.lex.value_of(words + ("" if words.endswith("-") else " ") + ordinal[0])
        if value is None or value <= r.value:
            return None
        if self.lex.rank_rules:
            kind, unit = self.kind_of(i, i, k + 1, value)
            if kind != "count" and kind in self.lex.rank_kinds:
                return k + 1, value, kind, unit
        return k + 1, value, "ordinal", None

    def candidates(self) -> list[int]:
        """The tokens a mention may start on.

        Those that may open a quantity, and words that are one ("sexagénaire"). At any other, `at`
        and `rank` find nothing (a rank is a number or an ordinal word, which open by themselves).
        """
        kind_words = self.lex.kind_words
        return [k for k, t in enumerate(self.toks)
                if t.opens or t.by_phrase or (t.kind == "word" and t.key in kind_words)]

    def quantities(self, text: str) -> list[QuantityMention]:
        out: list[QuantityMention] = []
        kind_words = self.lex.kind_words
        found = self.candidates()
        next_found = 0
        i = 0
        while True:
            while next_found < len(found) and found[next_found] < i:
                next_found += 1
            if next_found == len(found):
                break
            i = found[next_found]
            r = self.at(i)
            if r is None or not math.isfinite(r.value):
                ranked = self.rank(i) if r is None and self.toks[i].opens else None
                worded = kind_words.get(self.toks[i].key) if self.word(i) else None
                if worded is not None:
                    t = self.toks[i]
                    high = worded.max if worded.qualifier != "exact" else worded.min
                    out.append(QuantityMention(t.start, t.end, t.text, worded.min, worded.min, high,
                                               worded.qualifier, worded.kind, worded.unit))
                elif ranked is not None:
                    t = self.toks[i]
                    value, kind, unit = ranked
                    out.append(QuantityMention(t.start, t.end, t.text, value, value, value, "exact", kind, unit))
                i += 1
                continue
            compound = self.compound_rank(i, r)
            if compound is not None:
                k, value, kind, unit = compound
                start, end = self.toks[i].start, self.toks[k - 1].end
                out.append(QuantityMention(start, end, text[start:end], value, value, value, "exact", kind, unit))
                i = k
                continue
            first, num = i, self._figure_start(i, r.end)
            ranged = self.range_from(i, r)
            if ranged is not None:
                first, r = ranged
            kind, unit = self.kind_of(first, num, r.end, r.value, vague=ranged is None and r.qualifier == "vague")
            start, end = self.toks[first].start, self.toks[r.end - 1].end
            out.append(QuantityMention(start, end, text[start:end], r.value, r.low, r.high, r.qualifier, kind, unit))
            i = r.end
        return out

    def _figure_start(self, i: int, end: int) -> int:
        """The first token of the figure itself in [i, end): past a qualifier ("plus de 10")."""
        m = self.phrase(i, self.lex.before)
        return m[0] if m is not None and m[0] < end else i


def _qualify(r: _Reading, kind: str) -> _Reading:
    """A reading under a qualifier: "environ" (approx), "plus de" (at_least), "jusqu'à" (at_most)."""
    if kind == "at_least":
        low = r.low if r.low is not None else r.value
        return replace(r, value=low, low=low, high=None, qualifier="at_least")
    if kind == "at_most":
        high = r.high if r.high is not None else r.value
        return replace(r, low=None, high=high, qualifier="at_most")
    if r.qualifier == "vague":
        return r  # "environ des centaines" says no more than "des centaines"
    return replace(r, low=r.value, high=r.value, qualifier="approx")


def find_quantities(text: str, lang: str) -> list[QuantityMention]:
    """Every number mention in `text`, sorted by start, non-overlapping, with exact offsets."""
    lex = _lexicon(lang)
    return _Parser(lex, _tokenize(text, lex)).quantities(text)
