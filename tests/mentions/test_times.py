"""Tests of the times stage: every language's examples, then behaviour on real text."""

from __future__ import annotations

import itertools
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tocsin.errors import LanguageDataError
from tocsin.lang import available, clear_cache, has_section, section
from tocsin.lang import examples as lang_examples
from tocsin.mentions.times import Example, TimesData, find_times, parse_key
from tocsin.model import DateRange, TimeMention

# From the project's sample report (shared/seed/kazakhstan-2022-01.txt), kept here so the tests stand alone.
SEED_TEXT = (
    "La police locale a annoncé jeudi avoir arrêté environ 2.000 personnes dans les rues d'Almaty, "
    "secouées depuis deux jours par des émeutes. Plusieurs rafales ont été entendues en fin d'après-midi "
    "en provenance du quartier de la mairie, qui avait été prise d'assaut mercredi par des manifestants. "
    "La Russie a envoyé jeudi des forces pour faire face aux émeutes déclenchées dimanche. "
    "Le président a décrété mercredi soir l'état d'urgence."
)


def published(value: str | None) -> DateRange | None:
    """A publication date written YYYY, YYYY-MM or YYYY-MM-DD, as the readers give it."""
    if value is None:
        return None
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 1:
        return DateRange.year(parts[0])
    if len(parts) == 2:
        return DateRange.month(parts[0], parts[1])
    return DateRange.day(date(*parts))


def by_text(mentions: list[TimeMention], text: str) -> TimeMention:
    found = [m for m in mentions if m.text == text]
    assert found, f"no time expression {text!r} among {[m.text for m in mentions]}"
    return found[0]


def examples() -> list[Any]:
    params = []
    for i, (code, ex) in enumerate(lang_examples("times", TimesData)):
        label = (ex.mention or ex.text)[:30].replace(" ", "_")
        params.append(pytest.param(code, ex, id=f"{code}-{i:02d}-{label}@{ex.published}"))
    return params


# --------------------------------------------------------------------------- language data


@pytest.mark.parametrize(("code", "example"), examples())
def test_times_language_examples(code: str, example: Example) -> None:
    mentions = find_times(example.text, code, published(example.published))
    if example.absent:
        assert mentions == []
        return
    m = by_text(mentions, example.mention or example.text)
    assert (m.start_date, m.end_date, m.precision) == (example.start, example.end, example.precision)
    if example.weekday is not None:
        assert m.weekday == example.weekday
    assert m.part_of_day == example.part_of_day


@pytest.mark.parametrize("code", ["fr", "en"])
def test_times_language_has_data_and_examples(code: str) -> None:
    data = section(code, "times", TimesData)
    assert len(data.examples) >= 20
    assert data.tense_cues and data.relative and data.parts_of_day


def test_times_every_language_folder_with_times_has_examples() -> None:
    codes = [c for c in available() if has_section(c, "times")]
    assert {"fr", "en"} <= set(codes)
    for code in codes:
        assert section(code, "times", TimesData).examples, code


def test_times_new_language_needs_no_code(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "es"
    folder.mkdir()
    (folder / "times.yaml").write_text(
        "dateparser: es\n"
        "weekdays: {monday: [lunes], tuesday: [martes], wednesday: [miércoles], thursday: [jueves],"
        " friday: [viernes], saturday: [sábado], sunday: [domingo]}\n"
        "months: {1: [enero], 2: [febrero], 3: [marzo], 4: [abril], 5: [mayo], 6: [junio], 7: [julio],"
        " 8: [agosto], 9: [septiembre], 10: [octubre], 11: [noviembre], 12: [diciembre]}\n"
        "day_month_links: [de]\nmonth_year_links: [de]\npart_links: [por]\narticles: [el, la]\n"
        "parts_of_day: {evening: [noche]}\n"
        "relative: {'1 day ago': [ayer]}\n"
        "units: {day: [día, días]}\n"
        "numbers: {dos: 2}\n"
        "relative_templates: {'{n} {unit} ago': ['hace {n} {unit}']}\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("TOCSIN_LANG_PATH", str(tmp_path))
    clear_cache()
    try:
        pub = DateRange.day(date(2022, 1, 6))
        found = find_times("Ayer por la noche, y hace dos días, el 5 de enero de 2022, el martes.", "es", pub)
        got = {m.text: (m.start_date, m.precision) for m in found}
        assert got["Ayer por la noche"] == (date(2022, 1, 5), "day")
        assert got["hace dos días"] == (date(2022, 1, 4), "day")
        assert got["el 5 de enero de 2022"] == (date(2022, 1, 5), "day")
        assert got["el martes"] == (date(2022, 1, 4), "day")  # not habitual: the data does not say so
    finally:
        monkeypatch.delenv("TOCSIN_LANG_PATH")
        clear_cache()


def test_times_invalid_language_data_is_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "xx").mkdir()
    (tmp_path / "xx" / "times.yaml").write_text("weekdays: {monday: [a]}\nmonths: {1: [b]}\n", encoding="utf-8")
    monkeypatch.setenv("TOCSIN_LANG_PATH", str(tmp_path))
    clear_cache()
    try:
        with pytest.raises(LanguageDataError, match="does not match its schema"):
            find_times("a b", "xx", None)
    finally:
        monkeypatch.delenv("TOCSIN_LANG_PATH")
        clear_cache()


def test_times_unknown_language_is_an_error() -> None:
    with pytest.raises(LanguageDataError):
        find_times("jeudi", "zz", None)


@pytest.mark.parametrize(("key", "direction", "n", "unit", "part"), [
    ("1 day ago", "ago", 1, "day", None),
    ("in 2 week", "in", 2, "week", None),
    ("since {n} {unit}", "since", None, None, None),
    ("0 day night", "now", 0, "day", "night"),
    ("same day", "same", 0, "day", None),
    ("1 day before morning", "before", 1, "day", "morning"),
])
def test_times_parse_key_reads_the_key_grammar(key: str, direction: str, n: int | None, unit: str | None,
                                                part: str | None) -> None:
    k = parse_key(key)
    assert (k.direction, k.n, k.unit, k.part) == (direction, n, unit, part)


@pytest.mark.parametrize("key", ["yesterday", "in 1 day ago", "1 fortnight ago", "2 day ago at noon"])
def test_times_parse_key_rejects_bad_keys(key: str) -> None:
    with pytest.raises(ValueError, match="not a time key"):
        parse_key(key)


# --------------------------------------------------------------------------- offsets


@pytest.mark.parametrize("pub", [None, "2022", "2022-01", "2022-01-06"])
def test_times_offsets_are_exact_sorted_and_disjoint(pub: str | None) -> None:
    text = SEED_TEXT
    mentions = find_times(text, "fr", published(pub))
    assert len(mentions) == 7
    for m in mentions:
        assert text[m.start:m.end] == m.text
    for a, b in itertools.pairwise(mentions):
        assert a.end <= b.start


def test_times_seed_with_day_publication() -> None:
    found = find_times(SEED_TEXT, "fr", published("2022-01-06"))
    assert by_text(found, "jeudi").range == DateRange.day(date(2022, 1, 6))
    evening = by_text(found, "mercredi soir")
    assert (evening.start_date, evening.part_of_day, evening.weekday) == (date(2022, 1, 5), "evening", "wednesday")
    assert by_text(found, "dimanche").start_date == date(2022, 1, 2)
    assert by_text(found, "mercredi").start_date == date(2022, 1, 5)
    since = by_text(found, "depuis deux jours")
    assert (since.start_date, since.end_date, since.precision) == (date(2022, 1, 4), date(2022, 1, 6), "day")
    afternoon = by_text(found, "fin d'après-midi")
    assert (afternoon.start_date, afternoon.part_of_day) == (date(2022, 1, 6), "afternoon")


def test_times_seed_with_month_publication_never_guesses_a_day() -> None:
    found = find_times(SEED_TEXT, "fr", published("2022-01"))
    january = (date(2022, 1, 1), date(2022, 1, 31), "month")
    for m in found:
        assert (m.start_date, m.end_date, m.precision) == january, m
    assert {m.text: m.weekday for m in found if m.weekday} == {
        "jeudi": "thursday", "mercredi": "wednesday", "dimanche": "sunday", "mercredi soir": "wednesday",
        "fin d'après-midi": "thursday",  # counted from the "jeudi" before it
    }


def test_times_year_publication_keeps_the_year() -> None:
    m = by_text(find_times("Il est arrivé hier.", "fr", published("2022")), "hier")
    assert (m.start_date, m.end_date, m.precision) == (date(2022, 1, 1), date(2022, 12, 31), "year")


def test_times_unknown_publication_keeps_spans_and_absolute_dates() -> None:
    text = "Arrêté mardi, il avait été vu le 15 juillet 2021 puis hier, en 2019 et en juillet 2020."
    found = {m.text: m for m in find_times(text, "fr", None)}
    assert set(found) == {"mardi", "le 15 juillet 2021", "hier", "2019", "juillet 2020"}
    assert found["mardi"].range is None and found["mardi"].weekday == "tuesday"
    assert found["hier"].range is None
    assert found["le 15 juillet 2021"].range == DateRange.day(date(2021, 7, 15))
    assert found["2019"].range == DateRange.year(2019)
    assert found["juillet 2020"].range == DateRange.month(2020, 7)


# --------------------------------------------------------------------------- behaviour


def test_times_tense_chooses_between_last_and_next() -> None:
    pub = published("1999-05-18")  # a Tuesday
    found = find_times("LE VILLAGE FERA LA FÊTE DIMANCHE. Les émeutes ont éclaté dimanche.", "fr", pub)
    assert [m.start_date for m in found] == [date(1999, 5, 23), date(1999, 5, 16)]


def test_times_weekday_named_with_its_date_is_reused() -> None:
    text = "Une opération sera menée samedi 29 mai. Rendez-vous est donné samedi à 8 h."
    found = find_times(text, "fr", published("1999-05-26"))
    assert [m.start_date for m in found] == [date(1999, 5, 29), date(1999, 5, 29)]


def test_times_anaphora_count_from_the_day_last_mentioned() -> None:
    text = "Le 24 mars, il a passé la soirée chez un ami. Il a fui le lendemain matin, et la veille il pleuvait."
    found = find_times(text, "fr", published("2002-04-02"))
    assert by_text(found, "la soirée").start_date == date(2002, 3, 24)
    m = by_text(found, "le lendemain matin")
    assert (m.start_date, m.part_of_day) == (date(2002, 3, 25), "morning")
    assert by_text(found, "la veille").start_date == date(2002, 3, 24)


def test_times_shared_month_of_a_range() -> None:
    found = find_times("Les élections auront lieu les 6 et 13 avril prochains.", "fr", published("2003-02-24"))
    assert [(m.text, m.start_date) for m in found] == [
        ("les 6", date(2003, 4, 6)), ("13 avril prochains", date(2003, 4, 13)),
    ]


def test_times_range_end_does_not_precede_its_start() -> None:
    found = find_times("entre le 15 juillet et le 15 août", "fr", published("1999-08-06"))
    assert [m.start_date for m in found] == [date(1999, 7, 15), date(1999, 8, 15)]


def test_times_year_written_in_the_sentence_dates_its_months() -> None:
    found = find_times("deux ruptures en 97 (en janvier rue X, en octobre rue Y)", "fr", published("1999-07-29"))
    assert [(m.text, m.start_date) for m in found] == [
        ("97", date(1997, 1, 1)), ("janvier", date(1997, 1, 1)), ("octobre", date(1997, 10, 1)),
    ]


def test_times_year_context_stops_at_the_next_expression() -> None:
    found = find_times("Né en 1943, il a joué mardi à Paris et le 5 juin à Lyon.", "fr", published("2022-06-10"))
    assert [(m.text, m.start_date) for m in found] == [
        ("1943", date(1943, 1, 1)), ("mardi", date(2022, 6, 7)), ("le 5 juin", date(2022, 6, 5)),
    ]


@pytest.mark.parametrize("text", [
    "La bibliothèque ouvre le mercredi.",  # habitual: every Wednesday
    "l'accord du Vendredi saint",  # a name, not a date
    "Ils étaient sept.",
    "Il a 30 ans et pèse 80 kilos.",
])
def test_times_ignores_what_is_no_date(text: str) -> None:
    assert find_times(text, "fr", published("2022-01-06")) == []


@pytest.mark.parametrize("text", ["", "   \n\t", "12345", "…", "\x00\x01", "é" * 5000, "jeudi" * 50])
def test_times_odd_input_gives_no_error(text: str) -> None:
    found = find_times(text, "fr", published("2022-01-06"))
    assert all(text[m.start:m.end] == m.text for m in found)


def test_times_impossible_date_is_kept_unresolved() -> None:
    found = find_times("le 31 février 2021", "fr", published("2022-01-06"))
    assert len(found) == 1 and found[0].range is None


def test_times_two_digit_years_take_the_publication_century() -> None:
    found = find_times("le 10 novembre 93, et en octobre 05.", "fr", published("2002-01-21"))
    assert [m.start_date for m in found] == [date(1993, 11, 10), date(2005, 10, 1)]


def test_times_english_month_names_are_case_sensitive() -> None:
    found = find_times("Protesters may march on May 5 and in March.", "en", published("2022-06-01"))
    assert [(m.text, m.start_date) for m in found] == [("May 5", date(2022, 5, 5)), ("March", date(2022, 3, 1))]


def test_times_english_news_paragraph() -> None:
    text = ("The company said Thursday it will close the plant on Jan. 30. Last week, shares fell after "
            "the announcement on Dec. 12, 1997. Workers went on strike two days ago.")
    found = {m.text: m for m in find_times(text, "en", published("1998-01-08"))}
    assert found["Thursday"].start_date == date(1998, 1, 8)
    assert found["Jan. 30"].start_date == date(1998, 1, 30)
    assert (found["Last week"].start_date, found["Last week"].precision) == (date(1997, 12, 29), "week")
    assert found["Dec. 12, 1997"].start_date == date(1997, 12, 12)
    assert found["two days ago"].start_date == date(1998, 1, 6)


# --------------------------------------------------------------------------- gates (speed, never results)


def gate_chars() -> list[str]:
    """Every character gates accept in a text."""
    from tocsin.mentions.times import _OUTSIDE_GATE_CHARS

    return [chr(c) for c in range(0x2100) if not _OUTSIDE_GATE_CHARS.match(chr(c))]


def test_times_gate_chars_match_ignoring_case_as_they_lowercase() -> None:
    # What gates rest on: among these characters, two match ignoring case only when they lowercase
    # to the same single character; lowercasing keeps spaces, digits and word characters, and
    # drops an accent from the same letter as before.
    import re

    from tocsin.mentions.times import _bare, _plain

    chars = gate_chars()
    assert {"é", "É", "œ", "ç", "’", "\u202f", "€"} <= set(chars)
    assert not {"ı", "ſ", "İ", "\u212a"} & set(chars)  # dotless i, long s, dotted capital I, the kelvin sign
    for c in chars:
        low = c.lower()
        assert len(low) == 1, c
        assert _bare(low) == _bare(c).lower() and _plain(low) == _plain(c), c
        for category in (r"\s", r"\d", r"\w"):
            assert bool(re.match(category, c)) == bool(re.match(category, low)), (c, category)
    for p in chars:
        pattern = re.compile(f"(?i:{re.escape(p)})")
        matched = [c for c in chars if pattern.fullmatch(c)]
        assert all(c.lower() == p.lower() for c in matched), (p, matched)


GATE_TEXTS = [
    SEED_TEXT, SEED_TEXT.upper(),
    "IL Y A TROIS JOURS, il y a 3 semaines, voilà deux ans, Depuis 15 jours, dans 2 mois, d’ici 10 ans.",
    "Trois jours plus tard, 2 semaines auparavant ; ces 4 derniers mois, les 2 dernières années.",
    "aprèsmidi, apres midi, en début d'après-midi, mi-mars, mimars, débutmars 2020, fin d’année 2021.",
    "Le 1er janvier, le 15 aout 2021, du 19 au 23 juillet, entre le 15 juillet et le 15 août, janv.2020.",
    "en 97 (en janvier), jusqu'en 2005, l'an dernier, l’année 1998, 12/05/2021, 2021-03-04, 3.8.18.",
    "Vendredi saint, le lundi de Pâques, ce mois-ci, à présent, a présent, la nuit dernière, ce soir.",
    "Workers went on strike two days ago, on Monday, MONDAY and monday; in 1998, since 2001, by '97.",
    "The day before yesterday, last week, 3 weeks later, early January 2020, Jan2020, Dec. 12, 1997.",
    "It may rain on MAY 5 or May 6, in march, in MARCH 2003 and in Sept. 2004; Thursday night, THURSDAY.",
    "İL Y A TROİS JOURS; ıl y a troıs jours; \u212a 3 jours plus tard; Ω mardi; ℃ demain",
]


@pytest.mark.parametrize("code", ["fr", "en"])
def test_times_gates_change_no_result(code: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # Gates only spare patterns that would find nothing: without them, every result is the same.
    from tocsin.mentions import times as times_module

    texts = [*GATE_TEXTS, *(ex.text for c, ex in lang_examples("times", TimesData) if c == code)]
    samples = Path(times_module.__file__).parent.parent / "samples"
    texts += [p.read_text(encoding="utf-8") for p in sorted(samples.glob("*.txt"))]
    pub = published("2022-01-06")
    gated = [find_times(t, code, pub) for t in texts]
    monkeypatch.setattr(times_module._Gates, "open", lambda self, gate: True)
    assert [find_times(t, code, pub) for t in texts] == gated
