"""Times: find time expressions in a text and resolve them against the publication date.

Candidate spans are found with regular expressions compiled once per language from
`lang/<code>/times.yaml`; each is then resolved to an inclusive interval of days that is
never more precise than the text allows (see docs/times.md).
"""

from __future__ import annotations

import bisect
import calendar
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Any, Literal, cast, get_args

from pydantic import Field, field_validator, model_validator

from ..errors import LanguageDataError
from ..lang import Section, section
from ..model import WEEKDAYS, DatePrecision, DateRange, TimeMention

__all__ = ["Example", "RelativeKey", "TimesData", "find_times", "parse_key"]

Weekday = Literal["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
Part = Literal["morning", "afternoon", "evening", "night"]
Unit = Literal["day", "week", "weekend", "month", "year"]
ModifierName = Literal["last", "next", "this", "same", "following", "preceding"]
Tense = Literal["past", "future"]
Direction = Literal["now", "ago", "in", "since", "before", "after", "same"]

# How fine each precision is, to tell whether a reference date can carry a finer offset.
_RANK: dict[str, int] = {"day": 0, "week": 1, "weekend": 1, "month": 2, "year": 3}
# A yearless date later than publication by more than this is taken from the year before:
# news reports look back far more often than forward.
_FUTURE_TOLERANCE = timedelta(days=7)
# How far (in characters) a year carries to the yearless month or date that follows it.
_CONTEXT_REACH = 80
# Written dates whose dateparser reading is kept, per language.
_CACHE_SIZE = 10_000


# --------------------------------------------------------------------------- keys


@dataclass(frozen=True, slots=True)
class RelativeKey:
    """A parsed language-neutral key such as "1 day ago", "in 2 week" or "same day"."""

    direction: Direction
    n: int | None  # None in a template, where the text gives the number
    unit: Unit | None  # None in a template, where the text gives the unit
    part: Part | None = None


_KEY = re.compile(
    r"^(?:(?P<dir>in|since) )?(?P<n>\d+|\{n\}) (?P<unit>day|week|weekend|month|year|\{unit\})"
    r"(?: (?P<rel>ago|before|after))?(?: (?P<part>morning|afternoon|evening|night))?$"
)
_SAME_KEY = re.compile(r"^same day(?: (?P<part>morning|afternoon|evening|night))?$")


def parse_key(key: str) -> RelativeKey:
    """The meaning of a neutral key; ValueError when it does not follow the key grammar."""
    if m := _SAME_KEY.match(key):
        return RelativeKey("same", 0, "day", cast("Part | None", m["part"]))
    m = _KEY.match(key)
    if m is None or (m["dir"] and m["rel"]):
        raise ValueError(f"{key!r} is not a time key: write '[in |since ]N UNIT[ ago| before| after][ PART]'")
    direction: Direction
    if m["dir"]:
        direction = "in" if m["dir"] == "in" else "since"
    elif m["rel"]:
        direction = {"ago": "ago", "before": "before", "after": "after"}[m["rel"]]  # type: ignore[assignment]
    else:
        direction = "now"
    n = None if m["n"] == "{n}" else int(m["n"])
    unit = None if m["unit"] == "{unit}" else cast(Unit, m["unit"])
    return RelativeKey(direction, n, unit, cast("Part | None", m["part"]))


# --------------------------------------------------------------------------- schema


class Modifier(Section):
    """Surface forms of one modifier, by where they stand relative to the word they modify."""

    before: tuple[str, ...] = ()
    after: tuple[str, ...] = ()


class TenseCue(Section):
    """A regular expression whose match marks the clause as past or future."""

    tense: Tense
    pattern: str

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, value: str) -> str:
        try:
            re.compile(value)
        except re.error as err:
            raise ValueError(f"invalid regular expression: {err}") from err
        return value


class Example(Section):
    """A phrase with its publication date and the value its time expression must get."""

    text: str
    published: str | None
    mention: str | None = None  # the expression's text; the whole text when not given
    absent: bool = False  # the text holds no time expression at all
    start: date | None = None
    end: date | None = None
    precision: DatePrecision | None = None
    weekday: Weekday | None = None
    part_of_day: Part | None = None


class TimesData(Section):
    """The `times` section of a language folder."""

    dateparser: str | None = None
    date_order: Literal["DMY", "MDY", "YMD"] = "DMY"
    day_month_orders: tuple[Literal["DM", "MD"], ...] = ("DM",)
    day_month_links: tuple[str, ...] = ()
    month_year_links: tuple[str, ...] = ()
    day_suffixes: tuple[str, ...] = ()
    weekdays: dict[Weekday, tuple[str, ...]]
    months: dict[int, tuple[str, ...]]
    month_abbreviations: dict[int, tuple[str, ...]] = Field(default_factory=dict)
    articles: tuple[str, ...] = ()
    habitual_article_weekday: bool = False  # "le mercredi" alone means every Wednesday
    year_prepositions: tuple[str, ...] = ()
    year_words: tuple[str, ...] = ()
    month_prefixes: tuple[str, ...] = ()
    range_links: tuple[str, ...] = ()
    modifiers: dict[ModifierName, Modifier] = Field(default_factory=dict)
    parts_of_day: dict[Part, tuple[str, ...]] = Field(default_factory=dict)
    part_links: tuple[str, ...] = ()
    part_of_links: tuple[str, ...] = ()
    part_prepositions: tuple[str, ...] = ()
    numbers: dict[str, int] = Field(default_factory=dict)
    units: dict[Unit, tuple[str, ...]] = Field(default_factory=dict)
    relative: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    relative_templates: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    tense_cues: tuple[TenseCue, ...] = ()
    clause_breaks: tuple[str, ...] = ()
    not_times: tuple[str, ...] = ()
    examples: tuple[Example, ...] = ()

    @model_validator(mode="after")
    def _check(self) -> TimesData:
        if set(self.weekdays) != set(get_args(Weekday)):
            raise ValueError("weekdays must name all seven days")
        bad = [m for m in (*self.months, *self.month_abbreviations) if not 1 <= m <= 12]
        if bad or set(self.months) != set(range(1, 13)):
            raise ValueError("months must hold the months 1 to 12 (and abbreviations only months 1 to 12)")
        for key in self.relative:
            k = parse_key(key)
            if k.n is None or k.unit is None:
                raise ValueError(f"relative key {key!r} must give its number and unit")
        for key, forms in self.relative_templates.items():
            k = parse_key(key)
            if k.n is not None or k.unit is not None:
                raise ValueError(f"template key {key!r} must use {{n}} and {{unit}}")
            for form in forms:
                if "{n}" not in form or "{unit}" not in form:
                    raise ValueError(f"template {form!r} must hold {{n}} and {{unit}}")
        return self


# --------------------------------------------------------------------------- regex building

_APOSTROPHE = "['’ʼ]"
_NEVER = "(?!)"


def _bare(ch: str) -> str:
    """A letter without its accent ("é" → "e"), or the character itself."""
    return unicodedata.normalize("NFD", ch)[0] if len(ch) == 1 else ch


def _norm(text: str) -> str:
    """A lookup key for a matched form: case, accents, apostrophes, hyphens and spacing ignored."""
    text = re.sub(r"[\s\-‐‑]+", "", text.replace("’", "'").replace("ʼ", "'")).lower()
    return "".join(_bare(ch) for ch in text)


def _body(s: str) -> str:
    """The expression of a form's characters, case aside."""
    if s and not s.strip("-–"):  # a lone dash is a dash, not an optional joiner
        return "[-‐‑–]"
    return "".join(_char(ch) for ch in s)


def _char(ch: str) -> str:
    """The expression of one character of a form (not a lone dash)."""
    if ch in "'’ʼ":
        return _APOSTROPHE
    if ch == "-":
        return r"(?:[-‐‑]|\s+)?"
    if ch == " ":
        return r"\s+"
    if _bare(ch) != ch:
        # Accents are often dropped ("apres-midi", "aout"): the bare letter matches too.
        return f"[{ch}{_bare(ch)}]"
    return re.escape(ch)


def _plain(ch: str) -> bool:
    """Whether `_char` writes the character as itself."""
    return ch not in "'’ʼ- " and _bare(ch) == ch


def _form(form: str, lowered: bool = False) -> str:
    """The regular expression of one surface form (rules in the data files' headers).

    `lowered`: instead, the case-sensitive expression of what the form's matches read as in
    the lowercased text (see `_gate_text`), for gates.
    """
    if lowered:
        return "(?:" + "|".join(_body(v) for v in _lowered(form)) + ")"
    if form != form.lower():
        return f"(?:{_body(form)}|{_body(form.upper())})"
    return f"(?i:{_body(form)})"


def _lowered(form: str) -> list[str]:
    """What the form's matches read as lowercased: the form, and the form in capitals, lowercased."""
    return list(dict.fromkeys((form.lower(), form.upper().lower())))


def _alt(forms: Iterable[str], lowered: bool = False) -> str:
    """One alternation of forms, longest first so that the longest form wins."""
    unique = sorted(set(forms), key=lambda f: (-len(f), f))
    return "(?:" + "|".join(_form(f, lowered) for f in unique) + ")" if unique else _NEVER


def _article_alt(forms: Iterable[str]) -> str:
    """Articles with the space that follows them (none after an elided "l'")."""
    unique = sorted(set(forms), key=lambda f: (-len(f), f))
    parts = [_form(f) if f[-1] in "'’" else _form(f) + r"\s+" for f in unique]
    return "(?:" + "|".join(parts) + ")" if parts else _NEVER


# --------------------------------------------------------------------------- gates
#
# Most patterns find nothing in most texts, yet each costs a full pass: Python's engine tries a
# pattern that opens on a lookbehind at every position of the text. A gate is a cheaper pattern
# that every match of its patterns contains; when the gate finds nothing, they are not run.
# Gates have case-sensitive literals, each alternative opening on a letter, so that the engine
# jumps from one possible first letter to the next: a form matched ignoring case is read in the
# lowercased text, a capitalized form ("May", matched as written or in capitals) in the text
# itself. That the first find whatever their patterns match rests on `_GATE_CHARS`, checked by
# tests/mentions/test_times.py.

# Characters for which case-insensitive matching and lowercasing agree: two of them match each
# other ignoring case only when they lowercase to the same single character. A text or a form
# with any other character (dotless ı, long ſ, İ, other scripts…) is read without lowercased gates.
_GATE_CHARS = r"\x00-\xff\u0100-\u012f\u0132-\u017e\u2000-\u206f\u20ac"
_OUTSIDE_GATE_CHARS = re.compile(f"[^{_GATE_CHARS}]")

# A gate branch: forms, one of which opens every match, and the expression that follows it.
_Branch = tuple[Iterable[str], str]


@dataclass(frozen=True, slots=True, eq=False)  # hashed by identity: a pattern's own hash reads all its code
class _Gate:
    """A gate's alternatives: those read in the lowercased text, and those read as written."""

    lowered: re.Pattern[str] | None
    cased: re.Pattern[str] | None


def _gate(*branches: _Branch, inner: Iterable[str] = ()) -> _Gate | None:
    """A gate: any branch's form followed by its expression (None: no gate, always run the patterns).

    There is none when a form read lowercased holds a character outside `_GATE_CHARS`. `inner`:
    the forms written into the expressions, lowercased (`_form(f, lowered=True)`); with any, all
    forms are read lowercased. A form is written from its first plain letter on ("à présent" as
    "présent"): what is left of a match is still found, and every alternative opens on a
    literal. Alternatives are grouped by that letter, so that at each position the engine tries
    only those that open on it.
    """
    inner = list(inner)
    lowered: dict[str, dict[str, None]] = {}  # first letter ("" for none) → the rest of each alternative
    cased: dict[str, dict[str, None]] = {}
    for forms, rest in branches:
        for form in forms:
            if form != form.lower() and not inner:  # matched as written or in capitals
                variants, into = [form, form.upper()], cased
            elif _OUTSIDE_GATE_CHARS.search(form):
                return None
            else:
                variants, into = _lowered(form), lowered
            for v in variants:
                k = next((k for k, ch in enumerate(v) if _plain(ch)), len(v))
                if k == len(v):  # no plain letter (a lone dash): the expression alone
                    into.setdefault("", {})[rest] = None
                else:
                    into.setdefault(v[k], {})["".join(_char(ch) for ch in v[k + 1:]) + rest] = None
    if any(_OUTSIDE_GATE_CHARS.search(form) for form in inner):
        return None

    def compiled(by_first: dict[str, dict[str, None]]) -> re.Pattern[str] | None:
        alternatives = [re.escape(first) + "(?:" + "|".join(tails) + ")" for first, tails in by_first.items()]
        return re.compile("|".join(alternatives)) if alternatives else None

    return _Gate(compiled(lowered), compiled(cased))


def _gate_text(text: str) -> str | None:
    """The text that lowercased gates read, or None when they cannot be trusted on it."""
    return None if _OUTSIDE_GATE_CHARS.search(text) else text.lower()


class _Gates:
    """The gates of one text, each searched at most once (several patterns share one)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.low = _gate_text(text)
        self.seen: dict[_Gate, bool] = {}

    def open(self, gate: _Gate | None) -> bool:
        """Whether the patterns behind `gate` may match: no gate, or one of its alternatives found
        something or cannot be trusted on this text."""
        if gate is None:
            return True
        found = self.seen.get(gate)
        if found is None:
            found = self.seen[gate] = (
                (gate.cased is not None and gate.cased.search(self.text) is not None)
                or (gate.lowered is not None and (self.low is None or gate.lowered.search(self.low) is not None)))
        return found


# --------------------------------------------------------------------------- grammar


@dataclass(slots=True)
class _Atom:
    """A candidate time expression before resolution."""

    kind: Literal["date", "dayonly", "month", "year", "weekday", "relative", "part"]
    start: int
    end: int
    priority: int
    day: int | None = None
    month: int | None = None
    year: int | None = None
    year_text: str | None = None  # a two-digit year, read with the publication's century
    weekday: int | None = None
    modifier: ModifierName | None = None
    article: bool = False
    rel: RelativeKey | None = None
    part: Part | None = None
    core: str | None = None  # the date text handed to dateparser
    prepositioned: bool = False  # a part of day preceded by a preposition ("en soirée")
    partner: int | None = None  # for a day sharing its month: index of the date it borrows from


@dataclass(frozen=True, slots=True)
class _Scan:
    """One pattern run over the text, and the gate that may spare the run."""

    kind: str
    pattern: re.Pattern[str]
    gate: _Gate | None
    after_date: bool = False  # run only when an earlier scan found a date


@dataclass(slots=True)
class _Grammar:
    """Compiled patterns and lookup tables of one language."""

    data: TimesData
    scans: list[_Scan]
    templates: list[tuple[RelativeKey, re.Pattern[str]]]
    template_gate: _Gate | None  # one gate for all the templates
    weekday_of: dict[str, int]
    month_of: dict[str, int]
    modifier_of: dict[str, ModifierName]
    part_of: dict[str, Part]
    relative_of: dict[str, RelativeKey]
    unit_of: dict[str, Unit]
    number_of: dict[str, int]
    part_gap: re.Pattern[str]
    part_of_gap: re.Pattern[str]
    day_gap: re.Pattern[str]
    range_gap: re.Pattern[str]
    range_tail: re.Pattern[str]
    part_preposition: re.Pattern[str]
    cues: list[tuple[Tense, re.Pattern[str]]]
    clause_break: re.Pattern[str]
    not_times: re.Pattern[str]
    not_times_gate: _Gate | None
    parser: Any
    absolute_cache: dict[str, tuple[int | None, int, int] | None] = field(default_factory=dict)


_PRIORITY = {"relative": 0, "template": 1, "date": 2, "numeric": 2, "month": 3, "year": 4, "weekday": 5,
             "part": 6, "dayonly": 7}


def _build(data: TimesData, code: str) -> _Grammar:
    """Compile the patterns of one language's data."""
    weekday_of = {_norm(f): WEEKDAYS.index(day) for day, forms in data.weekdays.items() for f in forms}
    month_of = {_norm(f): m for m, forms in (*data.months.items(), *data.month_abbreviations.items()) for f in forms}
    modifier_of: dict[str, ModifierName] = {}
    for name, mod in data.modifiers.items():
        for f in (*mod.before, *mod.after):
            modifier_of[_norm(f)] = name
    part_of = {_norm(f): part for part, forms in data.parts_of_day.items() for f in forms}
    relative_of = {_norm(f): parse_key(key) for key, forms in data.relative.items() for f in forms}
    unit_of = {_norm(f): unit for unit, forms in data.units.items() for f in forms}
    number_of = {_norm(f): n for f, n in data.numbers.items()}

    wd_forms = [f for forms in data.weekdays.values() for f in forms]
    full_forms = [f for forms in data.months.values() for f in forms]
    abbr_forms = [f for forms in data.month_abbreviations.values() for f in forms]
    rel_forms = [f for fs in data.relative.values() for f in fs]
    part_forms = [f for fs in data.parts_of_day.values() for f in fs]
    wd = _alt(wd_forms)
    full = _alt(full_forms)
    abbr = _alt(abbr_forms)
    anymonth = f"(?:{abbr}|{full})"
    art = _article_alt(data.articles)
    before = _alt(f for m in data.modifiers.values() for f in m.before)
    after = _alt(f for m in data.modifiers.values() for f in m.after)
    suffix = _alt(data.day_suffixes)
    day = rf"(?<![\d.,/])(?:3[01]|[12]\d|0?[1-9])(?:{suffix})?(?!\w)"
    year_digits = r"(?:1[5-9]\d\d|20\d\d|21\d\d)"
    year4 = rf"(?<!\d){year_digits}(?![\d])"
    # A two-digit year only where no noun follows ("octobre 98", not "juin 20 personnes").
    year2 = r"'?\d\d(?!\d)(?!\s*%)(?![.,]\d)(?!\s+[^\W\d_])"
    year_link = rf"(?:{_alt(data.month_year_links)}\s+)?"
    year = rf"(?:(?:\s*,\s*|\s+){year_link}(?P<year>{year4})|\s+(?P<yy>{year2}))"
    links = _alt(data.day_month_links)
    lead = rf"(?<!\w)(?:(?P<art>{art})|(?P<bmod>{before})\s+)?(?:(?P<wd>{wd})\s*,?\s+)?"
    tail = rf"(?:\s+(?P<amod>{after}))?(?!\w)"
    mprefix = _alt(data.month_prefixes)
    preps = _alt(data.year_prepositions)

    # Gates (see `_gate`), each a part that every match of its patterns holds. A month name in a
    # date or a month is followed by a year (after a space or a comma), a space, or no letter or digit.
    months_gate = _gate(((*full_forms, *abbr_forms), r"(?!\w)"))
    # A preposition before a year of four digits or of two.
    preps_gate = _gate((data.year_prepositions, r"\s+'?\d\d"))

    scans: list[_Scan] = []
    if "DM" in data.day_month_orders:
        scans.append(_Scan("date", re.compile(
            lead + rf"(?P<core>(?P<day>{day})\s+(?:{links}\s+)?(?P<mon>{anymonth}){year}?)" + tail), months_gate))
    if "MD" in data.day_month_orders:
        scans.append(_Scan("date", re.compile(
            lead + rf"(?P<core>(?P<mon>{anymonth})\s+(?P<day>{day})(?:(?:\s*,\s*|\s+)(?P<year>{year4}))?)" + tail),
            months_gate))
    scans += [
        _Scan("numeric", re.compile(
            # Dots and dashes only with a four-digit year, so that "3.8.18" (a version) is no date.
            r"(?<![\w.,/-])(?P<core>\d{4}-\d{1,2}-\d{1,2}|\d{1,2}/\d{1,2}/(?:\d{4}|\d{2})"
            r"|\d{1,2}\.\d{1,2}\.\d{4}|\d{1,2}-\d{1,2}-\d{4})(?![\w/-]|[.,]\d)"),
            # Every numeric form holds a digit, a separator and a digit.
            _Gate(None, re.compile(r"\d[-/.]\d"))),
        _Scan("month", re.compile(
            rf"(?<!\w)(?:(?P<pre>{mprefix})\s*)?(?:(?P<bmod>{before})\s+)?(?P<core>(?P<mon>{full}){year}?)" + tail),
            months_gate),
        _Scan("month", re.compile(
            rf"(?<!\w)(?:(?P<pre>{mprefix})\s*)?(?P<core>(?P<mon>{abbr})\s*(?P<year>{year4}))(?!\w)"),
            _gate((abbr_forms, rf"\s*{year_digits}"))),
        _Scan("year", re.compile(
            rf"(?<!\w){preps}\s+(?P<span>(?P<year>{year4}))(?!\w|[.,]\d)"),
            preps_gate),
        _Scan("year", re.compile(
            rf"(?<!\w)(?P<span>(?:{_alt(data.year_words)}\s+|{mprefix}\s*)(?P<year>{year4}))(?!\w|[.,]\d)"),
            _gate((data.year_words, rf"\s+{year_digits}"), (data.month_prefixes, rf"\s*{year_digits}"))),
        # "en 97": a two-digit year only right before punctuation, where it cannot be a count.
        _Scan("year", re.compile(
            rf"(?<!\w){preps}\s+(?P<span>(?P<yy>'?\d\d))(?=\s*[(),.;:]|\s*$)"),
            preps_gate),
        _Scan("weekday", re.compile(rf"(?<!\w)(?:(?P<art>{art})|(?P<bmod>{before})\s+)?(?P<wd>{wd})" + tail),
              _gate((wd_forms, r"(?!\w)"))),
        _Scan("relative", re.compile(rf"(?<!\w)(?P<rel>{_alt(rel_forms)})(?!\w)"),
              _gate((rel_forms, r"(?!\w)"))),
        _Scan("part", re.compile(
            rf"(?<!\w)(?:(?P<art>{art})|(?P<bmod>{before})\s+)?(?P<part>{_alt(part_forms)})" + tail),
              _gate((part_forms, r"(?!\w)"))),
        # A bare day is kept only beside a date ("du 19 au 23 juillet"); with no date it joins no
        # other atom either, nor sits where two would join (spaces, commas and links, no digits).
        _Scan("dayonly", re.compile(rf"(?<![\w.,/])(?:{art})?(?P<day>{day})"), None,
              after_date=not any(ch.isdigit() for f in (*data.part_links, *data.part_of_links) for ch in f)),
    ]

    number_forms = list(data.numbers)
    unit_forms = [f for fs in data.units.values() for f in fs]

    def piece(p: str, lowered: bool) -> str:
        """The expression of one piece of a template: its number, its unit, words or a space."""
        if p == "{n}":
            number = rf"\d{{1,3}}|{_alt(number_forms, lowered)}"
            return f"(?:{number})" if lowered else f"(?P<n>{number})"
        if p == "{unit}":
            unit = _alt(unit_forms, lowered)
            return unit if lowered else f"(?P<unit>{unit})"
        return _form(p, lowered) if p.strip() else r"\s+"

    templates: list[tuple[RelativeKey, re.Pattern[str]]] = []
    branches: list[_Branch] = []
    for key, forms in data.relative_templates.items():
        for form in forms:
            pieces = [p for p in re.split(r"(\{n\}|\{unit\})", form) if p]
            body = "".join(piece(p, False) for p in pieces)
            templates.append((parse_key(key), re.compile(rf"(?<!\w){body}(?!\w)")))
            # Its gate opens on its first words or its unit, not on a number (any digits would do):
            # "plus tôt" in "{n} {unit} plus tôt".
            k = next(k for k, p in enumerate(pieces) if p != "{n}" and p.strip())
            opening = unit_forms if pieces[k] == "{unit}" else [pieces[k]]
            branches.append((opening, "".join(piece(p, True) for p in pieces[k + 1:]) + r"(?!\w)"))
    template_gate = _gate(*branches, inner=(*number_forms, *unit_forms,
                                           *(f for fs in data.relative_templates.values() for f in fs)))

    parser = None
    if data.dateparser:
        from dateparser.date import DateDataParser

        try:
            parser = DateDataParser(languages=[data.dateparser], settings={
                "DATE_ORDER": data.date_order, "PREFER_DAY_OF_MONTH": "first",
                "PARSERS": ["absolute-time"],
                # A leap year, so that a yearless 29 February parses; the year is ours to choose.
                "RELATIVE_BASE": datetime(2000, 1, 1),
            })
        except ValueError as err:
            raise LanguageDataError(f"{code}/times.yaml: dateparser does not know {data.dateparser!r}: {err}") from err

    return _Grammar(
        data=data, scans=scans, templates=templates, template_gate=template_gate, weekday_of=weekday_of,
        month_of=month_of,
        modifier_of=modifier_of, part_of=part_of, relative_of=relative_of, unit_of=unit_of, number_of=number_of,
        part_gap=re.compile(rf"^\s*,?\s*(?:{_alt(data.part_links)}\s+)?$"),
        part_of_gap=re.compile(rf"^\s+(?:{_article_alt(data.part_of_links)}|{_alt(data.part_of_links)}\s*)$"),
        day_gap=re.compile(r"^\s*,?\s*$"),
        range_gap=re.compile(rf"\s*{_alt(data.range_links)}\s*(?:{art})?"),
        range_tail=re.compile(r"\s*(?:[,.;:)]|$)"),
        part_preposition=re.compile(rf"(?<!\w){_alt(data.part_prepositions)}\s+$"),
        cues=[(c.tense, re.compile(c.pattern)) for c in data.tense_cues],
        clause_break=re.compile(rf"(?<!\w){_alt(data.clause_breaks)}(?!\w)"),
        not_times=re.compile(rf"(?<!\w){_alt(data.not_times)}(?!\w)"),
        not_times_gate=_gate((data.not_times, r"(?!\w)")),
        parser=parser,
    )


_grammars: dict[str, tuple[TimesData, _Grammar]] = {}


def _grammar(lang: str) -> _Grammar:
    """The compiled grammar of `lang`, rebuilt when its data is reloaded (`lang.clear_cache`)."""
    data = section(lang, "times", TimesData)
    held = _grammars.get(lang)
    if held is None or held[0] is not data:
        held = (data, _build(data, lang))
        _grammars[lang] = held
    return held[1]


# --------------------------------------------------------------------------- finding


def _atoms(g: _Grammar, text: str) -> list[_Atom]:
    """Every candidate, then the leftmost-longest ones that do not overlap."""
    found: list[_Atom] = []
    gates = _Gates(text)
    for scan in g.scans:
        if gates.open(scan.gate) and not (scan.after_date and all(a.kind != "date" for a in found)):
            for m in scan.pattern.finditer(text):
                atom = _atom(g, scan.kind, m, text)
                if atom is not None:
                    found.append(atom)
    if gates.open(g.template_gate):
        for key, pattern in g.templates:
            for m in pattern.finditer(text):
                n = int(m["n"]) if m["n"].isdigit() else g.number_of.get(_norm(m["n"]))
                unit = g.unit_of.get(_norm(m["unit"]))
                if n is not None and unit is not None:
                    found.append(_Atom("relative", m.start(), m.end(), _PRIORITY["template"],
                                       rel=replace(key, n=n, unit=unit)))
    masked = [m.span() for m in g.not_times.finditer(text)] if gates.open(g.not_times_gate) else []
    if masked:  # names that hold a weekday or a month but are no date ("Vendredi saint")
        found = [a for a in found if not any(a.start < e and s < a.end for s, e in masked)]
    found.sort(key=lambda a: (a.start, a.start - a.end, a.priority))
    chosen: list[_Atom] = []
    for atom in found:
        if atom.kind != "dayonly" and (not chosen or atom.start >= chosen[-1].end):
            chosen.append(atom)
    # Bare day numbers go last, only into the gaps: "le 15" must not hide "le 15.07.2021".
    taken = [(a.start, a.end) for a in chosen]
    starts = [a.start for a in chosen]
    for atom in found:
        if atom.kind == "dayonly":
            k = bisect.bisect_right(starts, atom.start)
            if all(not (s < atom.end and atom.start < e) for s, e in taken[max(0, k - 1):k + 1]):
                chosen.insert(k, atom)
                taken.insert(k, (atom.start, atom.end))
                starts.insert(k, atom.start)
    return chosen


def _atom(g: _Grammar, kind: str, m: re.Match[str], text: str) -> _Atom | None:
    """The candidate a match stands for, or None when the match is no date."""
    groups = m.groupdict()
    start, end = (m.start("span"), m.end("span")) if groups.get("span") else (m.start(), m.end())
    atom = _Atom("date" if kind == "numeric" else kind, start, end, _PRIORITY[kind])  # type: ignore[arg-type]
    mod = groups.get("amod") or groups.get("bmod")
    atom.modifier = g.modifier_of.get(_norm(mod)) if mod else None
    atom.article = bool(groups.get("art"))
    if groups.get("wd"):
        atom.weekday = g.weekday_of[_norm(groups["wd"])]
    if groups.get("mon"):
        atom.month = g.month_of[_norm(groups["mon"])]
    if groups.get("day"):
        atom.day = int(re.sub(r"\D.*", "", groups["day"]))
    if groups.get("year"):
        atom.year = int(groups["year"])
    if groups.get("yy"):
        atom.year_text = groups["yy"].lstrip("'")
    if kind in ("date", "numeric"):
        atom.core = groups["core"]
        if kind == "numeric" and not _numeric_fields(g, atom):
            return None
    elif kind == "relative":
        atom.rel = g.relative_of[_norm(groups["rel"])]
        atom.part = atom.rel.part
    elif kind == "part":
        atom.part = g.part_of[_norm(groups["part"])]
        atom.prepositioned = bool(g.part_preposition.search(text, max(0, start - 30), start))
    return atom


def _numeric_fields(g: _Grammar, atom: _Atom) -> bool:
    """Fill day, month and year of a numeric date; False when it is no valid date."""
    assert atom.core is not None
    nums = [int(x) for x in re.split(r"[-/.]", atom.core)]
    if len(atom.core.split("-")[0]) == 4:
        y, mo, d = nums
    else:
        first, second, y = nums
        d, mo = (second, first) if g.data.date_order == "MDY" else (first, second)
        if y < 100:
            atom.year_text = f"{y:02d}"
            y = 0
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return False
    atom.day, atom.month = d, mo
    atom.year = y or None
    return True


def _merge(g: _Grammar, text: str, atoms: list[_Atom]) -> list[_Atom]:
    """Join atoms that make one expression ("mercredi" + "soir"), drop those that are none."""
    for i, atom in enumerate(atoms):
        if atom.kind == "dayonly":
            nxt = atoms[i + 1] if i + 1 < len(atoms) else None
            prev = atoms[i - 1] if i > 0 else None
            if nxt is not None and nxt.kind == "date" and g.range_gap.fullmatch(text, atom.end, nxt.start):
                atom.partner = i + 1
            elif (prev is not None and prev.kind == "date" and g.range_gap.fullmatch(text, prev.end, atom.start)
                  and g.range_tail.match(text, atom.end)):
                atom.partner = i - 1
    out: list[_Atom] = []
    i = 0
    while i < len(atoms):
        cur = atoms[i]
        j = i + 1
        while j < len(atoms):
            nxt = atoms[j]
            gap = text[cur.end:nxt.start]
            if (_dayish(cur) and cur.part is None and nxt.kind == "part" and nxt.modifier is None
                    and g.part_gap.match(gap)):
                cur.end, cur.part = nxt.end, nxt.part
            elif (cur.kind == "part" and nxt.kind in ("date", "weekday", "relative") and _dayish(nxt)
                  and nxt.part is None and g.part_of_gap.match(gap)):
                cur = replace(nxt, start=cur.start, part=cur.part, article=False)
            elif (cur.kind == "relative" and cur.priority == _PRIORITY["relative"] and _dayish(cur)
                  and cur.weekday is None and cur.part is None and nxt.kind in ("weekday", "date")
                  and nxt.weekday is not None and nxt.modifier is None and not nxt.article
                  and g.day_gap.match(gap)):
                # "aujourd'hui vendredi", "hier, jeudi": one expression, the deictic word decides.
                cur.end, cur.weekday = nxt.end, nxt.weekday
            else:
                break
            j += 1
        if _keep(g, cur):
            out.append(cur)
        i = j
    # Partners were indices into `atoms`; point them into `out`.
    index = {id(a): k for k, a in enumerate(out)}
    for atom in out:
        if atom.kind == "dayonly" and atom.partner is not None:
            atom.partner = index.get(id(atoms[atom.partner]))
    return [a for a in out if a.kind != "dayonly" or a.partner is not None]


def _dayish(atom: _Atom) -> bool:
    """Whether an atom names one day, so that a part of day can attach to it."""
    if atom.kind in ("date", "weekday"):
        return atom.day is not None or atom.kind == "weekday"
    if atom.kind == "relative" and atom.rel is not None:
        return atom.rel.unit == "day" and atom.rel.direction != "since"
    return False


def _keep(g: _Grammar, atom: _Atom) -> bool:
    """Whether a candidate is a time expression on its own."""
    if atom.kind == "dayonly":
        return atom.partner is not None
    if atom.kind == "weekday" and atom.article and atom.modifier is None and g.data.habitual_article_weekday:
        return False  # "le mercredi" alone is habitual (every Wednesday): no one date
    # "soir" alone is a time expression only with a day, an article or a preposition.
    return atom.kind != "part" or bool(atom.article or atom.modifier or atom.prepositioned)


# --------------------------------------------------------------------------- resolution


def _shift_months(d: date, months: int) -> date:
    """`d` moved by whole months, the day clamped to the month's length."""
    total = d.year * 12 + d.month - 1 + months
    y, m = divmod(total, 12)
    return date(y, m + 1, min(d.day, calendar.monthrange(y, m + 1)[1]))


def _shift(d: date, n: int, unit: Unit) -> date:
    if unit == "day":
        return d + timedelta(days=n)
    if unit in ("week", "weekend"):
        return d + timedelta(weeks=n)
    if unit == "month":
        return _shift_months(d, n)
    return _shift_months(d, 12 * n)


def _unit_range(d: date, unit: Unit) -> DateRange:
    """The calendar unit (day, Monday-to-Sunday week, month, year) holding `d`."""
    if unit == "day":
        return DateRange.day(d)
    if unit in ("week", "weekend"):
        monday = d - timedelta(days=d.weekday())
        return DateRange(monday, monday + timedelta(days=6), "week")
    if unit == "month":
        return DateRange.month(d.year, d.month)
    return DateRange.year(d.year)


def _weekend(saturday: date) -> DateRange:
    return DateRange(saturday, saturday + timedelta(days=1), "week")


def _coarse(ref: DateRange, weekday: str | None = None) -> DateRange:
    """A reference that cannot carry a finer offset, kept as it is with the weekday named."""
    return DateRange(ref.start, ref.end, ref.precision, weekday)


def _is_day(r: DateRange | None) -> bool:
    return r is not None and r.precision == "day"


_SENTENCE_END = re.compile(r"[.!?;]+(?=\s)|\n")


class _Resolver:
    """Resolves the atoms of one text in order, keeping the day last mentioned."""

    def __init__(self, g: _Grammar, text: str, published: DateRange | None) -> None:
        self.g, self.text, self.pub = g, text, published
        self.anchor: DateRange | None = None
        self.days: list[DateRange] = []
        # The year the previous expression carries (written, or taken from its own context),
        # with where it ends: a yearless month right after it takes that year.
        self.last_year: tuple[int, int] | None = None
        self.carried: int | None = None
        self._boundaries: list[int] | None = None  # where sentences end, found when first needed
        self._cues: list[tuple[int, int, Tense]] | None = None
        self._cue_starts: list[int] = []
        self.floor: DateRange | None = None  # the first day of a range whose second day is being resolved

    # ---- context

    def sentence(self, pos: int) -> tuple[int, int]:
        if self._boundaries is None:
            self._boundaries = [m.end() for m in _SENTENCE_END.finditer(self.text)]
        boundaries = self._boundaries
        i = bisect.bisect_right(boundaries, pos)
        start = boundaries[i - 1] if i > 0 else 0
        end = boundaries[i] if i < len(boundaries) else len(self.text)
        return start, end

    def cues(self) -> list[tuple[int, int, Tense]]:
        """Tense cues of the whole text, earlier patterns shadowing later overlapping ones."""
        if self._cues is None:
            # Words in capitals (titles) are lowercased so that lowercase cue patterns see them;
            # only where lowercasing keeps the length, so offsets still hold.
            def low(m: re.Match[str]) -> str:
                w = m.group()
                return w.lower() if w.isupper() and len(w.lower()) == len(w) else w

            cue_text = re.sub(r"\w+", low, self.text)
            kept: list[tuple[int, int, Tense]] = []
            taken = bytearray(len(cue_text))
            for tense, pattern in self.g.cues:
                for m in pattern.finditer(cue_text):
                    if m.end() > m.start() and not any(taken[m.start():m.end()]):
                        kept.append((m.start(), m.end(), tense))
                        taken[m.start():m.end()] = b"\x01" * (m.end() - m.start())
            self._cues = sorted(kept)
            self._cue_starts = [c[0] for c in self._cues]
        return self._cues

    def tense(self, atom: _Atom) -> Tense | None:
        """The tense of the clause around an expression: the nearest cue before it in its
        sentence (the verb an adjunct follows), else the nearest after it in the same clause."""
        s0, s1 = self.sentence(atom.start)
        cues = self.cues()
        window = cues[bisect.bisect_left(self._cue_starts, s0):bisect.bisect_left(self._cue_starts, s1)]
        inside = [c for c in window if c[1] <= s1 and not (c[0] < atom.end and atom.start < c[1])]
        before = [c for c in inside if c[1] <= atom.start]
        if before:
            return before[-1][2]
        for s, _, tense in inside:
            if s >= atom.end:
                if self.g.clause_break.search(self.text, atom.end, s):
                    return None
                return tense
        return None

    def year_context(self, atom: _Atom) -> int | None:
        """The year of the expression just before, close by in the same sentence
        ("en 97 (en janvier …, en octobre …)")."""
        if self.last_year is None:
            return None
        end, y = self.last_year
        s0, _ = self.sentence(atom.start)
        return y if s0 <= end and atom.start - end <= _CONTEXT_REACH else None

    # ---- years

    def two_digit(self, yy: str) -> int:
        """A two-digit year in the century that puts it at most ten years after publication
        (after 2030 when the publication date is unknown, so that the answer never depends on
        the day tocsin runs)."""
        base = self.pub.start.year if self.pub else 2030
        y = base - base % 100 + int(yy)
        return y - 100 if y > base + 10 else y

    def pick_year(self, atom: _Atom, month: int, day: int | None) -> int | None:
        """The year of a yearless date or month, from modifiers, context and tense."""
        pub = self.pub
        ctx = self.year_context(atom)
        if pub is None or (ctx is not None and atom.modifier not in ("last", "next")):
            self.carried = ctx
            return ctx
        base = pub.start.year
        cands: list[tuple[int, DateRange]] = []
        for y in (base - 1, base, base + 1):
            if day is None:
                cands.append((y, DateRange.month(y, month)))
            elif day <= calendar.monthrange(y, month)[1]:
                cands.append((y, DateRange.day(date(y, month, day))))
        if not cands:
            return None
        if atom.weekday is not None and day is not None:
            fits = [y for y, r in cands if r.start.weekday() == atom.weekday]
            if fits:
                return min(fits, key=lambda y: abs((date(y, month, day) - pub.start).days))
        if atom.modifier in ("last", "preceding"):
            past = [y for y, r in cands if r.end < pub.start]
            return past[-1] if past else None
        if atom.modifier in ("next", "following"):
            future = [y for y, r in cands if r.start > pub.end]
            return future[0] if future else None
        tense = self.tense(atom)
        if tense == "future":
            return next(y for y, r in cands if r.end >= pub.start or y == cands[-1][0])
        if tense == "past":
            return [y for y, r in cands if r.start <= pub.end or y == cands[0][0]][-1]
        this_year = dict(cands).get(base)
        if this_year is not None and this_year.start > pub.end + _FUTURE_TOLERANCE:
            return base - 1
        return base if this_year is not None else None

    def absolute(self, atom: _Atom) -> tuple[int | None, int, int] | None:
        """(year or None, month, day) of a written date: dateparser reads it, and the fields
        the pattern captured stand in where dateparser cannot (an unknown language)."""
        assert atom.core is not None and atom.month is not None and atom.day is not None
        cache = self.g.absolute_cache
        try:
            # The pattern captured every field: a calendar check is all that is left to do, and it is
            # a hundred times cheaper than dateparser (leap day checked against a leap year when none is written).
            date(atom.year or 2000, atom.month, atom.day)
            return (atom.year, atom.month, atom.day)
        except ValueError:
            pass
        if atom.core not in cache:
            got: tuple[int | None, int, int] | None = None
            if self.g.parser is not None:
                data = self.g.parser.get_date_data(atom.core)
                if data.date_obj is not None and "month" in data.parts and "day" in data.parts:
                    d = data.date_obj
                    got = (d.year if "year" in data.parts else None, d.month, d.day)
                elif data.date_obj is None:
                    return None  # dateparser rejects it: no such date (31 février)
            if got is None or got[1] != atom.month or got[2] != atom.day:
                got = (atom.year, atom.month, atom.day)
            if len(cache) >= _CACHE_SIZE:  # a long batch must not grow it without bound
                cache.clear()
            cache[atom.core] = got
        return cache[atom.core]

    # ---- kinds

    def resolve(self, atoms: list[_Atom]) -> list[TimeMention]:
        out: list[TimeMention] = []
        values: list[DateRange | None] = []
        for k, atom in enumerate(atoms):
            # The second day of a range ("entre le 15 juillet et le 15 août") cannot precede the first.
            prev = atoms[k - 1] if k else None
            self.floor = None
            if prev is not None and prev.kind in ("date", "dayonly") and self.g.range_gap.fullmatch(
                    self.text, prev.end, atom.start) and values[k - 1] is not None:
                self.floor = values[k - 1]
            self.carried = None
            value, weekday = self.value(atom, atoms, values)
            values.append(value)
            self.last_year = (atom.end, self.carried) if self.carried is not None else None
            if value is not None and (atom.kind in ("dayonly", "weekday", "part") or _dayish(atom)):
                self.anchor = value  # the day later anaphora ("la veille", "la nuit") count from
                if value.precision == "day":
                    self.days.append(value)
            if weekday is None and value is not None:
                weekday = value.weekday
            out.append(TimeMention(
                atom.start, atom.end, self.text[atom.start:atom.end],
                value.start if value else None, value.end if value else None,
                value.precision if value else None, weekday, atom.part,
            ))
        return out

    def value(self, atom: _Atom, atoms: list[_Atom], values: list[DateRange | None]
              ) -> tuple[DateRange | None, str | None]:
        """The interval of one atom, and the weekday its text names."""
        named = WEEKDAYS[atom.weekday] if atom.weekday is not None else None
        if atom.kind == "date":
            return self.date_value(atom), named
        if atom.kind == "dayonly":
            # A day sharing its month with a neighbour ("du 19 au 23 juillet") takes its month and year.
            k = atom.partner
            assert k is not None and atom.day is not None
            pvalue = values[k] if k < len(values) else self.date_value(atoms[k])
            if pvalue is None or pvalue.precision != "day":
                return None, None
            try:
                return DateRange.day(date(pvalue.start.year, pvalue.start.month, atom.day)), None
            except ValueError:
                return None, None
        if atom.kind == "month":
            assert atom.month is not None
            y = self.written_year(atom)
            if y is None:
                y = self.pick_year(atom, atom.month, None)
            return (DateRange.month(y, atom.month) if y is not None else None), None
        if atom.kind == "year":
            y = self.written_year(atom)
            return (DateRange.year(y) if y is not None else None), None
        if atom.kind == "weekday":
            assert atom.weekday is not None
            return self.weekday_value(atom, atom.weekday), named
        if atom.kind == "relative":
            assert atom.rel is not None
            value = self.relative_value(atom, atom.rel)
            if value is not None and value.precision == "year" and atom.rel.direction != "since":
                self.carried = value.start.year  # "cette année" sets the year of what follows too
            return value, None
        return self.part_value(atom), None

    def written_year(self, atom: _Atom) -> int | None:
        y = atom.year if atom.year is not None else self.two_digit(atom.year_text) if atom.year_text else None
        self.carried = y
        return y

    def date_value(self, atom: _Atom) -> DateRange | None:
        fields = self.absolute(atom)
        if fields is None:
            return None
        y, m, d = fields
        if atom.year_text:
            # dateparser reads two-digit years against today's date; ours count from publication.
            y = self.two_digit(atom.year_text)
        if y is not None:
            self.carried = y
        else:
            y = self.pick_year(atom, m, d)
            if y is not None and self.floor is not None and (y, m, d) < self.floor.start.timetuple()[:3]:
                y += 1
        if y is None:
            return None
        try:
            return DateRange.day(date(y, m, d))
        except ValueError:
            return None

    def weekday_value(self, atom: _Atom, wd: int) -> DateRange | None:
        """News convention: a bare weekday is the last such day on or before publication,
        unless the clause is in the future tense or an earlier mention already named that day."""
        pub, name = self.pub, WEEKDAYS[wd]
        if pub is None:
            return None
        mod = atom.modifier
        if mod in ("following", "preceding") and _is_day(self.anchor):
            assert self.anchor is not None
            a = self.anchor.start
            step = (wd - a.weekday()) % 7 or 7 if mod == "following" else -((a.weekday() - wd) % 7 or 7)
            return DateRange.day(a + timedelta(days=step))
        if pub.precision != "day":
            return _coarse(pub, name)
        p = pub.start
        back = p - timedelta(days=(p.weekday() - wd) % 7)
        ahead = p + timedelta(days=(wd - p.weekday()) % 7)
        if mod == "last":
            return DateRange.day(back if back < p else back - timedelta(days=7))
        if mod == "next":
            return DateRange.day(ahead if ahead > p else ahead + timedelta(days=7))
        tense = self.tense(atom)
        if mod in (None, "same"):
            for earlier in reversed(self.days):
                if (earlier.start.weekday() == wd and abs((earlier.start - p).days) <= 7
                        and not (tense == "past" and earlier.start > p)
                        and not (tense == "future" and earlier.start < p)):
                    return earlier
        if tense == "future":
            return DateRange.day(ahead)
        if tense == "past" or mod not in ("this",):
            return DateRange.day(back)
        return DateRange.day(back if p - back <= ahead - p else ahead)

    def relative_value(self, atom: _Atom, rel: RelativeKey) -> DateRange | None:
        unit: Unit = rel.unit or "day"
        n = rel.n or 0
        # Anaphora count from the day last mentioned; deictic words from publication.
        ref = (self.anchor or self.pub) if rel.direction in ("before", "after", "same") else self.pub
        if ref is None:
            return None
        if unit == "weekend":
            return self.weekend_value(atom, ref, rel)
        if _RANK[ref.precision] > _RANK[unit]:
            # The reference is coarser than the offset ("hier" in a report dated only to the
            # month): keep the reference, naming the weekday when it is known.
            return self.coarse_shift(ref, n, rel, unit)
        sign = {"now": 0, "same": 0, "ago": -1, "before": -1, "in": 1, "after": 1, "since": -1}[rel.direction]
        point = _shift(ref.start, sign * n, unit)
        if rel.direction == "since":
            return DateRange(point, ref.end, unit)
        return _unit_range(point, unit)

    def coarse_shift(self, ref: DateRange, n: int, rel: RelativeKey, unit: Unit) -> DateRange:
        weekday = None
        if unit == "day" and ref.weekday is not None:
            sign = -1 if rel.direction in ("ago", "before") else 1 if rel.direction in ("in", "after") else 0
            weekday = WEEKDAYS[(WEEKDAYS.index(ref.weekday) + sign * n) % 7]
        return _coarse(ref, weekday)

    def weekend_value(self, atom: _Atom, ref: DateRange, rel: RelativeKey) -> DateRange:
        if ref.precision != "day":
            return _coarse(ref)
        p = ref.start
        last_sat = p - timedelta(days=(p.weekday() - 5) % 7)  # the Saturday on or before p
        next_sat = p + timedelta(days=(5 - p.weekday()) % 7)
        n = rel.n or 0
        if rel.direction in ("ago", "before"):
            sat = last_sat if last_sat + timedelta(days=1) < p else last_sat - timedelta(days=7)
            return _weekend(sat - timedelta(weeks=n - 1))
        if rel.direction in ("in", "after"):
            sat = next_sat if next_sat > p else next_sat + timedelta(days=7)
            return _weekend(sat + timedelta(weeks=n - 1))
        if p.weekday() >= 5:
            return _weekend(last_sat)
        tense = self.tense(atom)
        if tense == "past" or (tense is None and p.weekday() <= 1):
            return _weekend(last_sat)
        return _weekend(next_sat)

    def part_value(self, atom: _Atom) -> DateRange | None:
        """A part of day alone: today with a demonstrative ("ce soir"), else the day last
        mentioned, or publication day when the clause looks ahead."""
        pub = self.pub
        mod = atom.modifier
        if mod == "this":
            ref = pub
        elif mod == "last" or mod == "next":
            if pub is None:
                return None
            return self.relative_value(atom, RelativeKey("ago" if mod == "last" else "in", 1, "day"))
        elif mod in ("following", "preceding"):
            return self.relative_value(atom, RelativeKey("after" if mod == "following" else "before", 1, "day"))
        elif mod == "same":
            ref = self.anchor or pub
        else:
            ref = pub if self.tense(atom) == "future" else (self.anchor or pub)
        if ref is None:
            return None
        if ref.precision == "day":
            return ref
        return _coarse(ref, ref.weekday)


# --------------------------------------------------------------------------- public API


def find_times(text: str, lang: str, published: DateRange | None) -> list[TimeMention]:
    """Every time expression of `text`, in order, resolved against the publication date."""
    if not text:
        return []
    g = _grammar(lang)
    atoms = _merge(g, text, _atoms(g, text))
    return _Resolver(g, text, published).resolve(atoms)
