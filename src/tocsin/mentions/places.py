"""Place mentions: toponyms, demonyms and place nouns found in a spaCy Doc, resolved in the article's context.

Where mentions come from, in order (a character belongs to one mention at most):
0. streets and roads ("West Third Street", "rue de la République", "Route 9", street words per language
   in `lang/<code>/places.yaml`): one sub-city mention each, never looked up in the gazetteer, so no
   word in them is taken for a town ("Street", "Paris" in "avenue de Paris");
   then datelines: the place in capitals that opens a paragraph before a dash ("DAYTON —",
   "MEMPHIS, Tenn. —", "MARSEILLE (AFP) -"), trusted at a lower score since news writes only places there;
1. spaCy entities labelled as toponyms, facilities or nationalities (labels per language in
   `lang/<code>/places.yaml`), trimmed of articles and possessives and grown over adjacent capitalised
   words when the longer name is a better-known place ("Baja" + "California"); a "person" that is a
   people's word ("Slovak") or a town after a place preposition ("to Cirencester") counts as a place;
2. organisation entities: a name ending in a site word ("Barclays Center") or opening with a place
   noun ("University of Texas") is a site; otherwise places written inside it ("U.S. Army") are found;
3. runs of capitalised words that the gazetteer knows, which the entity recogniser missed (read within
   the division written after them: "DAYTON, Ohio");
4. abbreviations of the language data ("U.S.", "Calif."), matched exactly;
5. demonyms ("kazakhes", "Russian"), in lower case where the language writes them so;
6. common nouns that name a place ("quartier de la mairie", "hospital").

Resolution runs twice: first each name alone, then each name in the context of the confident first
readings of the others (countries, divisions and towns the article names) and of a "Paris, Texas"
apposition. A toponym the gazetteer does not hold stays unresolved (place None), unless known names
make it up ("Greece Italy" becomes two mentions, "anti-Russian" a demonym) or it holds countries or
divisions ("Nazi Germany"); "Sutherland Springs" is no mention of Springs.
Streets, sites and place nouns then take the most specific place they sit in: the town written right
after them ("Main St. in Springfield"); for sites, a town written in their own name; else the nearest
confidently resolved town in the same paragraph (before them first), within the countries the article
is mostly about; else the town the article names most; else the region or country in their name, or
the nearest one ("le pays": the country the article names most). Their score is 0.7 times that place's.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import cache

from spacy.tokens import Doc, Span, Token

from ..geocode.langdata import PlaceWords, place_words
from ..geocode.normalize import MAX_NAME_CHARS, fold
from ..geocode.protocol import Geocoder, GeoContext, Resolution
from ..model import PlaceMention

# Entities that are never scanned for places: a person's name ("George Washington"), a date.
# (Sums of money stay open: "US dollars" names a country.)
_OPAQUE_LABELS = {"PERSON", "PER", "DATE", "TIME", "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL", "LANGUAGE"}
_MAX_RUN = 6  # longest capitalised run tried as one gazetteer name
_SCAN_SCORE = 0.45  # a name found by scanning (not by the recogniser) must resolve at least this well
_SCAN_WORD_SCORE = 0.5  # and a single capitalised word, which is more often a name of something else
_FALLBACK_FACTOR = 0.7
_CONTEXT_SCORE = 0.5  # a first reading must score this to count as context for the others
_PERSON_PLACE_SCORE = 0.75  # a name the recogniser calls a person must resolve this clearly to be a place
_INNER_SCORE = 0.6  # a place named inside another name ("Douglas" in a school's) must be this clear
_APPOSITION = re.compile(r"\s*(?:,|\(|-|–|—)\s*")
# A dateline: a paragraph opening with a place in capitals, maybe its division and the agency, then a
# dash: "DAYTON —", "MEMPHIS, Tenn. —", "ST. LOUIS (AP) —", "MARSEILLE (AFP) -".
DATELINE = re.compile(
    r"(?:^|(?<=\n))[ \t]*(?P<name>[A-ZÀ-Ý][A-ZÀ-Ý'’.-]*(?: [A-ZÀ-Ý][A-ZÀ-Ý'’.-]*){0,3})"
    r"(?P<division>,[ \t]+[A-Z][\w.]*(?: [A-Z][\w.]*)?)?(?:[ \t]+\([\w .-]{1,24}\))?[ \t]*[—–-]+[ \t]",
)
_DATELINE_SCORE = 0.3  # a dateline names a place by convention: a weaker reading is still trusted


@dataclass
class _Mention:
    start: int
    end: int
    text: str
    source: str  # street, entity, facility, abbreviation, scan, demonym, noun
    level: str | None = None  # for place nouns: the precision they stand for
    resolution: Resolution | None = None
    keep: bool = True  # keep the span even when it resolves to nothing
    fallback: bool = False  # may take the place it sits in
    tokens: tuple[int, int] | None = None  # the doc tokens it spans, when it came from tokens
    inner: list[Resolution] = field(default_factory=list)  # places written inside a site's name
    lookup: str | None = None  # the name looked up, when not the text ("Le Mans" for "au Mans")

    @property
    def key(self) -> str:
        return fold(self.text)


def _is_capitalised(tok: Token) -> bool:
    text = tok.text
    return bool(text) and text[0].isupper() and (len(text) > 1 or text.isalpha())


_ORDINAL = re.compile(r"\d+(?:st|nd|rd|th)", re.IGNORECASE)




class _Finder:
    """One document's search for place mentions."""

    def __init__(self, doc: Doc, lang: str, geocoder: Geocoder) -> None:
        self.doc = doc
        self.text = doc.text
        self.lang = lang
        self.words: PlaceWords = place_words(lang)
        self.geocoder = geocoder
        self.taken = bytearray(len(self.text))
        self.blocked = bytearray(len(self.text))
        self.mentions: list[_Mention] = []
        # The tokens, made once (spaCy builds a new Token on every iteration), and their folded texts.
        self.tokens = list(doc)
        self.folded = [fold(t.text) for t in self.tokens]
        w = self.words
        self.street_firsts = (
            {k[0] for k in w.street_number if k} | {k[0] for k in w.street_before if k} | set(w.street_after)
        )

    # -- spans ---------------------------------------------------------------------------------

    def free(self, start: int, end: int) -> bool:
        return start < end and not any(self.taken[start:end])

    def add(self, m: _Mention) -> None:
        if m.end - m.start > MAX_NAME_CHARS or not self.free(m.start, m.end):
            return
        self.taken[m.start:m.end] = b"\x01" * (m.end - m.start)
        self.mentions.append(m)

    def trim(self, span: Span) -> Span | None:
        """The span without leading articles or trailing possessives and punctuation."""
        start, end = span.start, span.end
        articles = set(self.words.articles)
        while start < end and (fold(self.doc[start].text) in articles or self.doc[start].is_punct
                               or self.doc[start].is_space):
            start += 1
        possessives = set(self.words.possessives)
        while end > start and (self.doc[end - 1].text in possessives or self.doc[end - 1].is_space
                               or (self.doc[end - 1].is_punct and self.doc[end - 1].text != ".")):
            end -= 1
        if start >= end:
            return None
        return self.doc[start:end]

    def span_text(self, span: Span) -> tuple[int, int, str]:
        """Offsets and text of a span, without a possessive glued to its last token ("Syria’s")."""
        start, end = span.start_char, span.end_char
        text = self.text[start:end]
        for ending in self.words.possessives:
            if len(text) > len(ending) + 1 and text.endswith(ending):
                end -= len(ending)
                text = text[: -len(ending)]
                break
        return start, end, text

    def resolve(self, text: str, context: GeoContext | None = None) -> Resolution | None:
        return self.geocoder.resolve(text, lang=self.lang, context=context)

    def with_article(self, first: int, text: str) -> str | None:
        """The name with the article its preposition holds ("au Mans" → "le Mans"), if it holds one."""
        if first <= 0:
            return None
        article = self.words.contractions.get(fold(self.doc[first - 1].text))
        return f"{article} {text}" if article else None

    def resolve_mention(self, m: _Mention, context: GeoContext | None = None) -> Resolution | None:
        """A mention resolved by its own name, else by its name with the article its preposition holds."""
        if m.lookup is not None:
            return self.resolve(m.lookup, context)
        r = self.resolve(m.text, context)
        if r is None and m.tokens is not None:
            full = self.with_article(m.tokens[0], m.text)
            r = self.resolve(full, context) if full else None
            if r is not None:
                m.lookup = full
        return r

    # -- 0: streets and roads ---------------------------------------------------------------------

    def streets(self) -> None:
        """Addresses inside a town ("West Third Street", "rue de la République", "Route 9"), claimed
        whole before any other step, so that no word in them is taken for a town ("Street", "Paris")."""
        doc = self.doc
        i = 0
        while i < len(doc):
            span = self.street_at(i)
            if span is None:
                i += 1
                continue
            first, last = span
            start, end = doc[first].idx, doc[last - 1].idx + len(doc[last - 1].text)
            self.add(_Mention(start, end, self.text[start:end], "street", level="point", keep=True,
                              fallback=True, tokens=(first, last)))
            i = max(last, i + 1)

    def street_at(self, i: int) -> tuple[int, int] | None:
        """The tokens of a street whose street word starts at token `i`, if any."""
        if self.folded[i] not in self.street_firsts:
            return None  # most words open no street: decided before any token is read
        doc = self.doc
        words = self.words
        # "Route 9", "route nationale 7": a road word, then its number.
        for size in (3, 2, 1):
            if i + size < len(doc) and tuple(self.folded[i:i + size]) in words.street_number:
                number = doc[i + size]
                if any(c.isdigit() for c in number.text) and len(number.text) <= 6:
                    return i, i + size + 1
        tok = doc[i]
        if i > 0 and "Ind" in doc[i - 1].morph.get("Definite", []):
            return None  # "une rue de Londres" is a street in London, not London Street
        # "rue de la République", "boulevard Voltaire": a street word, then the name.
        for size in (2, 1):
            if i + size <= len(doc) and tuple(self.folded[i:i + size]) in words.street_before:
                last = self.street_name_after(i + size)
                if last is not None:
                    return i, last
        # "West Third Street", "Main St.": the name, then the street word.
        plural = tok.text.islower() and tok.text.endswith("s") and i > 0 and _is_capitalised(doc[i - 1])
        if self.folded[i] in words.street_after and i > 0 and (_is_capitalised(tok) or plural):
            after = doc[i + 1] if i + 1 < len(doc) else None
            if after is not None and _is_capitalised(after) and not after.is_sent_start:
                # A longer name: "St. Louis" (a saint), "Highway Patrol", "Main Street Station" (a site).
                return None
            first = i
            while first > 0 and i - first < _MAX_RUN and self.street_name_word(doc[first - 1]):
                if any(doc[first - 1].text.endswith(p) for p in words.possessives):
                    break  # "Middletown’s New Road": the town the street lies in, not its name
                first -= 1
            while first < i and not self.street_name_word(doc[first], edge=True):
                first += 1
            # "Elm and Main streets": a plural street word takes the name joined before its own.
            if first < i and tok.text[-1:] == "s" and first >= 2 and self.folded[first - 1] in self.words.joiners \
                    and _is_capitalised(doc[first - 2]) and not doc[first - 2].is_sent_start:
                first -= 2
            if first < i:
                return first, i + 1
        return None

    def street_name_word(self, tok: Token, *, edge: bool = False) -> bool:
        """A word of a street's name written before its street word: "West", "Third", "42nd", "Jr."."""
        if tok.is_space or (tok.is_sent_start and tok.is_stop) or fold(tok.text) in self.words.articles:
            return False
        if _ORDINAL.fullmatch(tok.text):
            return True
        if tok.text == "-":
            return not edge
        return _is_capitalised(tok)

    def street_name_after(self, i: int) -> int | None:
        """The end of a street's name opening at token `i` ("de la République", "Jean-Jaurès"), or None."""
        doc = self.doc
        connectors = self.words.connectors
        j, last, named = i, None, False
        while j < len(doc) and j - i < 2 * _MAX_RUN:
            tok = doc[j]
            if _is_capitalised(tok):
                named = True
                last = j + 1
            elif tok.like_num or tok.text in ("-", "'", "’"):
                if last is not None or named or tok.like_num:
                    last = j + 1 if tok.like_num else last
            elif fold(tok.text) not in connectors:
                break
            j += 1
        return last if named and last is not None else None

    # -- 0b: datelines ---------------------------------------------------------------------------

    def datelines(self) -> None:
        """The place in capitals that opens a paragraph before a dash: where the report was filed."""
        for match in DATELINE.finditer(self.text):
            start, end = match.span("name")
            name = match.group("name").rstrip(".")
            end = start + len(name)
            if len(name.replace(" ", "")) < 3 or not self.free(start, end) or any(self.blocked[start:end]):
                continue
            context = None
            if match.group("division"):
                within = self.resolve(match.group("division").lstrip(", \t"))
                if within is not None and within.place.feature in ("region", "country") and not within.demonym:
                    context = GeoContext().inside(within)
            r = self.resolve(name, context)
            if r is None or r.demonym or r.score < _DATELINE_SCORE:
                continue
            span = self.doc.char_span(start, end, alignment_mode="expand")
            tokens = (span.start, span.end) if span is not None else None
            self.add(_Mention(start, end, self.text[start:end], "dateline", resolution=r, keep=False, tokens=tokens))

    # -- 1-2: entities ------------------------------------------------------------------------

    def entities(self) -> None:
        w = self.words.data
        toponyms, facilities, nations, orgs = (set(w.ner_labels), set(w.facility_labels),
                                               set(w.demonym_labels), set(w.org_labels))
        for ent in self.doc.ents:
            label = ent.label_
            if label in _OPAQUE_LABELS:
                if label in ("PERSON", "PER") and self.misread_person(ent):
                    continue
                self.blocked[ent.start_char:ent.end_char] = b"\x01" * (ent.end_char - ent.start_char)
                continue
            span = self.trim(ent)
            span = self.untaken(span) if span is not None else None
            if span is None:
                continue
            start, end, text = self.span_text(span)
            tokens = (span.start, span.end)
            if label in toponyms:
                if not text[:1].isupper() and not text[:1].isdigit():
                    continue  # "ministère de la Santé": a lower-case head is no name
                span = self.widen(span)
                start, end, text = self.span_text(span)
                tokens = (span.start, span.end)
                site = self.is_site(span)
                self.add(_Mention(start, end, text, "facility" if site else "entity", fallback=site, tokens=tokens))
            elif label in facilities:
                self.add(_Mention(start, end, text, "facility", fallback=True, tokens=tokens))
            elif label in nations:
                self.add(_Mention(start, end, text, "demonym", keep=False, tokens=tokens))
            elif label in orgs:
                if self.is_site(span):
                    self.add(_Mention(start, end, text, "facility", fallback=True, tokens=tokens))
                # Otherwise the scans below look inside it ("U.S. Army", "Air Zimbabwe").

    def untaken(self, span: Span) -> Span | None:
        """The span without the words a street took at either end ("Middletown’s" of "Middletown’s
        New Road"), trimmed again; None when nothing is left."""
        first, last = span.start, span.end
        while last > first and self.taken[self.doc[last - 1].idx]:
            last -= 1
        while first < last and self.taken[self.doc[first].idx]:
            first += 1
        if (first, last) == (span.start, span.end):
            return span
        return self.trim(self.doc[first:last]) if first < last else None

    def widen(self, span: Span) -> Span:
        """The entity grown over adjacent capitalised words when the longer name is a better-known place
        ("Baja" + "California", "U.S." + "Virgin Islands")."""
        best, best_score = span, -1.0
        doc = self.doc
        for left in range(0, 3):
            for right in range(0, 3):
                if left == right == 0:
                    continue
                start, end = span.start - left, span.end + right
                if start < 0 or end > len(doc):
                    continue
                extra = [*doc[start:span.start], *doc[span.end:end]]
                edges = (doc[start], doc[end - 1])
                # Capitalised words, or a joiner inside the name ("Trinidad" + "and Tobago").
                if not all((_is_capitalised(t) and not t.is_stop and fold(t.text) not in self.words.articles)
                           or (fold(t.text) in self.words.joiners and t not in edges) for t in extra):
                    continue
                if any(self.blocked[t.idx] or self.taken[t.idx] for t in extra):
                    continue
                r = self.resolve(doc[start:end].text)
                if r is not None and r.score > best_score:
                    best, best_score = doc[start:end], r.score
        if best is span:
            return span
        own = self.resolve(span.text)
        return best if own is None or best_score >= own.score else span

    def misread_person(self, ent: Span) -> bool:
        """A "person" that is a place: a word for a people ("Slovak"), a name after a place preposition
        ("travelling to Cirencester"), or a well-known place of several words ("Alma-Ata")."""
        r = self.resolve(ent.text)
        if r is None:
            return False
        before = self.doc[ent.start - 1] if ent.start > 0 else None
        after_preposition = before is not None and fold(before.text) in self.words.place_prepositions
        if r.demonym:
            source = "demonym"
        elif (after_preposition and r.score >= _SCAN_WORD_SCORE) or (len(ent) > 1 and r.score >= _PERSON_PLACE_SCORE):
            source = "entity"
        else:
            return False
        self.add(_Mention(ent.start_char, ent.end_char, ent.text, source, resolution=r, keep=source == "entity",
                          tokens=(ent.start, ent.end)))
        return True

    def is_site(self, span: Span) -> bool:
        """A name that ends in a site word ("Barclays Center") or opens with a place noun ("Gare du Nord")."""
        if len(span) < 2:
            return False
        last = fold(span[-1].text)
        if last in self.words.facility_heads or fold(span[-1].text + ".") in self.words.facility_heads:
            return True
        first = fold(span[0].lemma_ or span[0].text)
        return self.words.noun_level.get(first) == "point" or self.words.noun_level.get(fold(span[0].text)) == "point"

    # -- 3: abbreviations ---------------------------------------------------------------------

    def abbreviations(self) -> None:
        pattern = _abbreviation_pattern(tuple(sorted(self.words.abbreviations, key=len, reverse=True)))
        if pattern is None:
            return
        for match in pattern.finditer(self.text):
            start, end = match.start(1), match.end(1)
            if any(self.blocked[start:end]):
                continue
            self.add(_Mention(start, end, match.group(1), "abbreviation", keep=False))

    # -- 4: capitalised runs ------------------------------------------------------------------

    def runs(self) -> Iterable[list[Token]]:
        run: list[Token] = []
        for tok in self.tokens:
            inside = (_is_capitalised(tok) and not tok.is_space
                      and not any(self.blocked[tok.idx:tok.idx + len(tok.text)]))
            # "Bosnia and Herzegovina", "Trinidad-et-Tobago": joiners may sit inside a run.
            joiner = run and (tok.text in ("-", "&") or fold(tok.text) in self.words.connectors
                              or fold(tok.text) in self.words.joiners)
            if inside or joiner:
                run.append(tok)
                continue
            if run:
                yield run
            run = []
        if run:
            yield run

    def scan(self) -> None:
        heads = self.words.facility_heads
        for run in self.runs():
            i = 0
            while i < len(run):
                found = False
                for j in range(min(len(run), i + _MAX_RUN), i, -1):
                    tokens = run[i:j]
                    if not _is_capitalised(tokens[-1]) or not _is_capitalised(tokens[0]):
                        continue
                    if fold(tokens[0].text) in self.words.articles or fold(tokens[0].text) in self.words.connectors:
                        continue
                    if any(tokens[k + 1].i != tokens[k].i + 1 for k in range(len(tokens) - 1)):
                        continue
                    start = tokens[0].idx
                    end = tokens[-1].idx + len(tokens[-1].text)
                    if not self.free(start, end):
                        continue
                    text = self.text[start:end]
                    # A site word inside a longer name heads nothing: "Ohio State Highway Patrol" is no
                    # highway, though "Ohio" in it is a place.
                    ends_name = j == len(run) or not _is_capitalised(run[j])
                    if len(tokens) > 1 and fold(tokens[-1].text) in heads and ends_name:
                        self.add(_Mention(start, end, text, "facility", fallback=True,
                                          tokens=(tokens[0].i, tokens[-1].i + 1)))
                        found = True
                    elif self.acceptable(tokens, text):
                        found = True
                    if found:
                        i = j
                        break
                if not found:
                    i += 1

    def acceptable(self, tokens: list[Token], text: str) -> bool:
        """Whether a capitalised run the recogniser missed is a known place; adds it if so."""
        if len(tokens) == 1:
            tok = tokens[0]
            if fold(tok.text) in self.words.not_places or tok.is_stop or len(tok.text) < 3:
                return False
            if tok.is_upper and len(tok.text) <= 3:
                return False  # an acronym ("OAS") is a place only as a listed abbreviation
            if tok.is_sent_start and not tok.is_upper and self.words.demonym_target(tok.text) is None:
                # A capital at the start of a sentence says nothing: "Police said…".
                r = self.resolve(text)
                if r is None or r.place.feature not in ("country", "region") or r.score < 0.6:
                    return False
        r = self.resolve(text)
        if r is not None and r.score < _SCAN_WORD_SCORE:
            # "Dayton's west side" after the dateline "DAYTON —": a name the article has placed is placed.
            again = next((m.resolution for m in self.mentions
                          if m.source == "dateline" and m.key == fold(text) and m.resolution is not None), None)
            r = again or r
        lookup = self.with_article(tokens[0].i, text) if r is None else None
        if lookup is not None:
            r = self.resolve(lookup)  # "au Mans": Le Mans
            lookup = lookup if r is not None else None
        floor = _SCAN_SCORE if len(tokens) > 1 else _SCAN_WORD_SCORE
        if r is None or r.score < floor:
            # "DAYTON, Ohio —": a name said to lie in a division or country is read within it.
            within = self.apposed(tokens[-1])
            if within is None:
                return False
            r = self.resolve(text, GeoContext().inside(within))
            if r is None or r.score < floor or not _within(r, within):
                return False
        start = tokens[0].idx
        end = tokens[-1].idx + len(tokens[-1].text)
        self.add(_Mention(start, end, text, "demonym" if r.demonym else "scan", resolution=r, keep=False,
                          tokens=(tokens[0].i, tokens[-1].i + 1), lookup=lookup))
        return True

    def apposed(self, last: Token) -> Resolution | None:
        """The division or country written right after a name ("DAYTON, Ohio", "Springfield, Ill.")."""
        end = last.idx + len(last.text)
        match = _APPOSITION.match(self.text, end)
        if match is None or match.end() == end:
            return None
        doc = self.doc
        first = last.i + 1
        while first < len(doc) and doc[first].idx < match.end():
            first += 1
        if first >= len(doc) or doc[first].idx != match.end() or not _is_capitalised(doc[first]):
            return None
        for size in (3, 2, 1):
            words = doc[first:first + size]
            if len(words) < size or not all(_is_capitalised(t) or t.text == "." for t in words):
                continue
            r = self.resolve(words.text)
            if r is not None and not r.demonym and r.place.feature in ("region", "country") \
                    and r.score >= _CONTEXT_SCORE:
                return r
        return None

    # -- 5: demonyms ------------------------------------------------------------------------------

    def demonyms(self) -> None:
        lower = self.words.data.lowercase_demonyms
        for tok in self.tokens:
            if tok.is_space or tok.is_punct or len(tok.text) < 3:
                continue
            if not (lower or _is_capitalised(tok)):
                continue
            start, end = tok.idx, tok.idx + len(tok.text)
            if not self.free(start, end) or any(self.blocked[start:end]):
                continue
            if self.words.demonym_target(tok.text) is None:
                continue
            r = self.resolve(tok.text)
            if r is not None and r.demonym:
                self.add(_Mention(start, end, tok.text, "demonym", resolution=r, keep=False))

    # -- 6: place nouns ---------------------------------------------------------------------------

    def nouns(self) -> None:
        levels = self.words.noun_level
        if not levels:
            return
        longest = max(len(k.split()) for k in levels)
        # Only a word that starts some compound ("poste de police") is worth trying longer spans from.
        firsts = {k.split()[0] for k in levels if " " in k}
        for tok in self.tokens:
            if tok.pos_ not in ("NOUN", "PROPN") or tok.is_space:
                continue
            if tok.text[:1].isupper() and not tok.is_sent_start and self.named_site(tok):
                continue
            # Compound nouns first ("poste de police", "city hall"), then the word alone.
            level, last = None, tok
            sizes = range(min(longest, len(self.doc) - tok.i), 1, -1) if fold(tok.text) in firsts else range(0)
            for size in sizes:
                words = self.doc[tok.i:tok.i + size]
                level = levels.get(fold(words.text))
                if level is not None:
                    last = words[-1]
                    break
            if level is None:
                level = levels.get(fold(tok.text)) or levels.get(fold(tok.lemma_))
            if level is None:
                continue
            start, end = tok.idx, last.idx + len(last.text)
            if not self.free(start, end):
                continue
            end = self.complement(last, end)
            self.add(_Mention(start, end, self.text[start:end], "noun", level=level, keep=True, fallback=True))

    def named_site(self, tok: Token) -> bool:
        """A capitalised place noun within a name ("Oval Office"): the whole name is a site, added here."""
        if fold(tok.text) not in self.words.noun_level and fold(tok.lemma_) not in self.words.noun_level:
            return False
        first = last = tok.i
        while first > 0 and _is_capitalised(self.doc[first - 1]) and not self.doc[first - 1].is_stop:
            first -= 1
        while last + 1 < len(self.doc) and _is_capitalised(self.doc[last + 1]):
            last += 1
        if first == last:
            return False
        start, end = self.doc[first].idx, self.doc[last].idx + len(self.doc[last].text)
        if self.free(start, end) and not any(self.blocked[start:end]):
            self.add(_Mention(start, end, self.text[start:end], "facility", fallback=True, tokens=(first, last + 1)))
        return True

    def complement(self, head: Token, end: int) -> int:
        """Extend a place noun over "de la mairie", "of Rivoli": a connector, articles, then a name or noun."""
        i = head.i + 1
        doc = self.doc
        if i >= len(doc) or fold(doc[i].text) not in self.words.connectors:
            return end
        i += 1
        while i < len(doc) and fold(doc[i].text) in self.words.connectors:
            i += 1
        last = None
        while i < len(doc) and (_is_capitalised(doc[i]) or doc[i].text == "-"):
            last = doc[i]
            i += 1
        if last is None and i < len(doc):
            tok = doc[i]
            # "quartier de la mairie" is one spot; "ville du pays" is two mentions.
            if "point" in (self.words.noun_level.get(fold(tok.text)), self.words.noun_level.get(fold(tok.lemma_))):
                last = tok
        if last is None:
            return end
        stop = last.idx + len(last.text)
        return stop if self.free(end, stop) else end

    # -- resolution ------------------------------------------------------------------------------

    def resolve_all(self) -> None:
        for m in self.mentions:
            if m.source == "entity" and m.key in self.words.not_places:
                m.source = "unknown"  # "the Atlantic": a toponym, but no gazetteer place (an ocean)
            if m.resolution is None and m.source in ("entity", "scan", "facility", "abbreviation", "demonym"):
                m.resolution = self.resolve_mention(m) if m.source in ("entity", "scan") else self.resolve(m.text)
            if m.source == "demonym" and m.resolution is not None and not m.resolution.demonym \
                    and m.resolution.place.feature not in ("country", "region"):
                m.resolution = None  # a nationality that names a town ("Arab", Alabama) is no town
        names = [m for m in self.mentions if m.source in ("entity", "scan", "facility")]
        # Second pass: each name in the context of the others (a name is no context for itself).
        # Only confident first readings make context: one stray hamlet must not pull a name abroad.
        known = [(m.key, m.resolution) for m in self.mentions
                 if m.resolution is not None and m.resolution.score >= _CONTEXT_SCORE]
        contexts: dict[str, GeoContext] = {}
        for m in names:
            if m.key not in contexts:
                contexts[m.key] = GeoContext.of(r for k, r in known if k != m.key)
            ctx = contexts[m.key].inside(self.container(m))
            if ctx.is_empty():
                continue
            m.resolution = self.resolve(m.lookup or m.text, ctx)

    def inside(self, m: _Mention) -> list[tuple[int, int, Resolution]]:
        """Known places written inside a mention's name ("Greece Italy", "University of Texas"), as spans."""
        if m.tokens is None:
            return []
        first, last = m.tokens
        heads = self.words.facility_heads
        found: list[tuple[int, int, Resolution]] = []
        i = first
        while i < last:
            step = 1
            for j in range(min(last, i + _MAX_RUN), i, -1):
                if (j - i == last - first) or not _is_capitalised(self.doc[i]) or not _is_capitalised(self.doc[j - 1]):
                    continue
                if fold(self.doc[j - 1].text) in heads or fold(self.doc[i].text) in self.words.not_places:
                    continue
                start, end = self.doc[i].idx, self.doc[j - 1].idx + len(self.doc[j - 1].text)
                r = self.resolve(self.text[start:end])
                if r is not None and not r.demonym and r.score >= _INNER_SCORE:
                    found.append((start, end, r))
                    step = j - i
                    break
            i += step
        return found

    def split_unknown(self) -> None:
        """Unresolved names holding known ones: "Greece Italy" becomes two mentions, "anti-Russian" one
        demonym; a site keeps them as the places it may lie in."""
        for m in list(self.mentions):
            if m.resolution is None and m.source == "demonym" and m.tokens is not None:
                self.mentions.remove(m)
                for tok in self.doc[m.tokens[0]:m.tokens[1]]:
                    r = self.resolve(tok.text) if _is_capitalised(tok) else None
                    if r is not None and r.demonym:
                        self.mentions.append(_Mention(tok.idx, tok.idx + len(tok.text), tok.text, "demonym",
                                                      resolution=r, keep=False))
                continue
            if m.resolution is not None or m.source not in ("entity", "facility"):
                continue
            parts = self.inside(m)
            if not parts:
                continue
            if m.source == "facility":
                m.inner = [r for _, _, r in parts]
                continue
            if not self.covered(m, parts):
                continue  # "Sutherland Springs" is an unknown town, not Springs with a stray word
            self.mentions.remove(m)
            for start, end, r in parts:
                self.mentions.append(_Mention(start, end, self.text[start:end], "entity", resolution=r))

    def covered(self, m: _Mention, parts: list[tuple[int, int, Resolution]]) -> bool:
        """Whether the known places inside an unknown name make up all of it, but for generic words
        ("Greece Italy" is a list of places, "Kandahar Province" one of them), or are all countries or
        divisions, which stray words do not make up ("Nazi Germany", but not "Sutherland Springs")."""
        if m.tokens is None:
            return False
        if all(r.place.feature in ("country", "region") for _, _, r in parts):
            return True
        words = self.words
        for tok in self.doc[m.tokens[0]:m.tokens[1]]:
            if not _is_capitalised(tok) or any(start <= tok.idx < end for start, end, _ in parts):
                continue
            key = fold(tok.text)
            if key not in words.not_places and key not in words.noun_level and key not in words.facility_heads:
                return False
        return True

    def container(self, m: _Mention) -> Resolution | None:
        """The resolved region or country written right after a name ("Paris, Texas", "Lyon (Rhône)")."""
        match = _APPOSITION.match(self.text, m.end)
        if match is None:
            return None
        after = match.end()
        for other in self.mentions:
            if other.start == after and other.resolution is not None and other.resolution.place.feature in (
                    "region", "country"):
                return other.resolution
        return None

    def districts(self) -> None:
        """A name after a district word and before its town is a part of that town: "le quartier de
        Bellevue à Nantes" is in Nantes, not a namesake hamlet elsewhere."""
        points = {k for k, v in self.words.noun_level.items() if v == "point"}
        by_start = {m.start: m for m in self.mentions}
        for m in self.mentions:
            if m.source not in ("entity", "scan") or m.tokens is None:
                continue
            first, last = m.tokens
            if first < 2 or fold(self.doc[first - 1].text) not in self.words.connectors:
                continue
            noun = self.doc[first - 2]
            if fold(noun.text) not in points and fold(noun.lemma_) not in points:
                continue
            # The town right after it: "à Nantes", ", à Nantes", "in Leeds".
            j = last
            while j < len(self.doc) and j < last + 2 and self.doc[j].is_punct:
                j += 1
            if j >= len(self.doc) or fold(self.doc[j].text) not in self.words.within_prepositions:
                continue
            town = by_start.get(self.doc[j + 1].idx) if j + 1 < len(self.doc) else None
            if town is None or town.resolution is None or town.resolution.place.feature != "city":
                continue
            m.resolution = replace(town.resolution, score=round(town.resolution.score * _FALLBACK_FACTOR, 3))

    def fall_back(self) -> None:
        resolved = [m for m in self.mentions if m.resolution is not None and not m.resolution.demonym
                    and m.source != "noun" and m.resolution.score >= _CONTEXT_SCORE]
        # Sites lie in the countries the article is about, not in a stray namesake abroad.
        shares = Counter(m.resolution.place.country for m in resolved if m.resolution)
        total = sum(shares.values())
        resolved = [m for m in resolved if m.resolution and shares[m.resolution.place.country] >= 0.2 * total]
        towns = Counter(m.key for m in resolved if m.resolution and m.resolution.place.feature == "city")
        main_town = next((m for m in resolved if towns and m.key == towns.most_common(1)[0][0]), None)
        for m in self.mentions:
            if m.resolution is not None or not m.fallback:
                continue
            r = self.site_place(m, resolved, main_town)
            if r is not None:
                m.resolution = replace(r, score=round(r.score * _FALLBACK_FACTOR, 3), demonym=False)

    def site_place(self, m: _Mention, resolved: list[_Mention], main_town: _Mention | None) -> Resolution | None:
        """The place a site or place noun sits in: a town in its own name, else the nearest fitting one."""
        after = self.written_in(m, resolved)
        if after is not None and after.resolution is not None:
            return after.resolution  # "Miami Valley Hospital in Dayton", "avenue Jean-Jaurès à Toulouse"
        inner = sorted(m.inner, key=lambda r: -_RANK.get(r.place.feature or "", 0))
        if inner and inner[0].place.feature == "city":
            return inner[0]
        target = self.nearest(m, resolved, main_town) if resolved else None
        near = target.resolution if target is not None else None
        if inner:
            # "University of Texas" in an article about Austin: the town, when it lies in the named place.
            outer = inner[0]
            if near is not None and near.place.feature == "city" and _within(near, outer):
                return near
            return outer
        return near

    def written_in(self, m: _Mention, resolved: list[_Mention]) -> _Mention | None:
        """The town a site or street is said to lie in, right after it: "Main St. in Springfield",
        "rue Pierre-Bérard, à Saint-Étienne" (only a comma, place prepositions and articles between)."""
        if (m.level or "point") != "point":
            return None
        for o in resolved:
            if o.start < m.end or o.start - m.end > 20 or o.resolution is None or o.resolution.place.feature != "city":
                continue
            between = self.text[m.end:o.start].replace(",", " ").split()
            if between and fold(between[0]) in self.words.place_prepositions and all(
                    fold(w) in self.words.place_prepositions or fold(w) in self.words.articles for w in between):
                return o
        return None

    def nearest(self, m: _Mention, resolved: list[_Mention], main_town: _Mention | None) -> _Mention | None:
        """The resolved mention whose place `m` most likely lies in (see the module docstring)."""
        para_start = self.text.rfind("\n\n", 0, m.start) + 1
        para_end = self.text.find("\n\n", m.end)
        para_end = len(self.text) if para_end < 0 else para_end
        wanted = m.level or "point"

        def fits(o: _Mention) -> bool:
            feature = o.resolution.place.feature if o.resolution else None
            if wanted == "country":
                return feature == "country"
            if wanted == "region":
                return feature == "region"
            return feature == "city"

        def distance(o: _Mention) -> tuple[int, int]:
            # Before the mention first: "à Almaty … le quartier de la mairie".
            return (0, m.start - o.end) if o.end <= m.start else (1, o.start - m.end)

        if wanted == "country":
            # "the country" is the one the article is about, more often than the last one named.
            weight = Counter(o.resolution.place.country for o in resolved if o.resolution)
            countries = sorted((o for o in resolved if fits(o)),
                               key=lambda o: (-weight[o.resolution.place.country if o.resolution else None],
                                              distance(o)))
            return countries[0] if countries else None
        same_para = sorted((o for o in resolved if para_start <= o.start < para_end and fits(o)), key=distance)
        if same_para:
            return same_para[0]
        if wanted in ("point", "city") and main_town is not None:
            return main_town
        if wanted == "point":
            wanted = "region"
        ordered = sorted(resolved, key=distance)
        return next((o for o in ordered if fits(o)), None) or (
            next((o for o in ordered if o.resolution and o.resolution.place.feature == "country"), None)
            if wanted != "city" else None)

    def results(self) -> list[PlaceMention]:
        out = []
        for m in sorted(self.mentions, key=lambda m: m.start):
            r = m.resolution
            if r is None and not m.keep:
                continue
            out.append(PlaceMention(
                start=m.start, end=m.end, text=self.text[m.start:m.end], place=r.place if r else None,
                score=r.score if r else None, demonym=bool(r and r.demonym)))
        return out


_RANK = {"country": 1, "region": 2, "city": 3, "point": 4}


def _within(inner: Resolution, outer: Resolution) -> bool:
    """Whether a resolved place lies in another: same country, and same division for a region."""
    if inner.place.country != outer.place.country or outer.place.country is None:
        return False
    if outer.place.feature == "region":
        return bool(outer.admin1) and inner.admin1 == outer.admin1
    return outer.place.feature == "country"


@cache
def _abbreviation_pattern(forms: tuple[str, ...]) -> re.Pattern[str] | None:
    if not forms:
        return None
    # A form ending in a dot may end a sentence, so it needs no word boundary after it.
    alternatives = "|".join(re.escape(f) + ("" if f.endswith(".") else r"\b") for f in forms)
    return re.compile(rf"(?<![\w.])({alternatives})")


def find_places(doc: Doc, lang: str, geocoder: Geocoder) -> list[PlaceMention]:
    """Every place mention in `doc` (toponyms, demonyms, place nouns), resolved in context, in text order."""
    finder = _Finder(doc, lang, geocoder)
    finder.streets()
    finder.datelines()
    finder.entities()
    finder.scan()
    finder.abbreviations()
    finder.demonyms()
    finder.nouns()
    finder.resolve_all()
    finder.split_unknown()
    finder.districts()
    finder.fall_back()
    return finder.results()


__all__ = ["find_places"]
