"""Publication dates and the dated article format (`date YYYY[-MM[-DD]] Title . Body`)."""

from __future__ import annotations

from datetime import date
from importlib import resources
from pathlib import Path

import pytest

from tocsin.errors import BadHeaderError, EmptyArticleError
from tocsin.model import Article, DateRange
from tocsin.readers import parse_published, read_inputs
from tocsin.readers.dated import looks_dated, parse_dated, read_dated
from tocsin.settings import Settings

SEED = Path(str(resources.files("tocsin").joinpath("samples", "kazakhstan-2022-01.txt")))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2022", DateRange(date(2022, 1, 1), date(2022, 12, 31), "year")),
        ("2022-01", DateRange(date(2022, 1, 1), date(2022, 1, 31), "month")),
        ("2024-02", DateRange(date(2024, 2, 1), date(2024, 2, 29), "month")),
        ("2022-01-06", DateRange(date(2022, 1, 6), date(2022, 1, 6), "day", "thursday")),
        (" 2022-01-06\n", DateRange(date(2022, 1, 6), date(2022, 1, 6), "day", "thursday")),
        ("2022-01-06T23:30:00+01:00", DateRange(date(2022, 1, 6), date(2022, 1, 6), "day", "thursday")),
        ("2022-01-06 08:00", DateRange(date(2022, 1, 6), date(2022, 1, 6), "day", "thursday")),
    ],
    ids=["year", "month", "leap-month", "day", "spaces", "timestamp", "space-timestamp"],
)
def test_parse_published_valid(value: str, expected: DateRange) -> None:
    assert parse_published(value) == expected


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ("2022-13", "month 13"),
        ("2022-00", "month 00"),
        ("2022-02-30", "no such day"),
        ("0000", "year 0000"),
        ("06/01/2022", "expected YYYY"),
        ("2022-1-6", "expected YYYY"),
        ("janvier 2022", "expected YYYY"),
        ("", "expected YYYY"),
    ],
    ids=["month-13", "month-0", "feb-30", "year-0", "slashes", "one-digit", "words", "empty"],
)
def test_parse_published_invalid_says_why(value: str, says: str) -> None:
    with pytest.raises(BadHeaderError) as info:
        parse_published(value)
    assert says in info.value.message
    assert info.value.code == "bad_header"


@pytest.mark.parametrize(
    ("text", "dated"),
    [
        ("date 2022-01 T . B", True),
        ("  \n\tdate 2022 T . B", True),
        ("date hier T . B", True),  # a header, malformed: rejected rather than read as plain text
        ("Date 2022-01 T . B", True),
        ("DATE 2022 T . B", True),
        ("Date palms grow in oases.", False),
        ("dated 2022 T . B", False),
        ("La date 2022 . B", False),
        ("", False),
    ],
    ids=["plain-header", "leading-space", "lowercase-bad-date", "capital-digit", "upper-digit", "capital-word",
         "dated-word", "not-first", "empty"],
)
def test_looks_dated(text: str, dated: bool) -> None:
    assert looks_dated(text) is dated


@pytest.mark.parametrize(
    ("text", "title", "body"),
    [
        ("date 2022-01 Titre . Corps.", "Titre", "Corps."),
        ("date 2022-01 Titre .\n\nCorps.\n\nSuite.\n", "Titre", "Corps.\n\nSuite."),
        ("date 2022-01 M. Dupont élu . Corps.", "M. Dupont élu", "Corps."),
        ("date 2022-01 . Corps sans titre.", None, "Corps sans titre."),
        ("date 2022-01 Titre seul .", "Titre seul", ""),
        ("date 2022-01 Titre\tà tab .\tCorps 3 . 5.", "Titre\tà tab", "Corps 3 . 5."),
    ],
    ids=["one-line", "paragraphs", "abbreviation-dot", "no-title", "no-body", "first-separator-wins"],
)
def test_parse_dated_splits_title_and_body(text: str, title: str | None, body: str) -> None:
    dated = parse_dated(text)
    assert (dated.title, dated.body) == (title, body)
    assert dated.published == DateRange.month(2022, 1)


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("date", "no date follows"),
        ("date 2022-13 T . B", "month 13"),
        ("date 2022-01 Titre sans séparateur. Corps.", "no lone ` . `"),
        ("date 2022-01 Titre\n\nCorps 3 . 5", "before the first blank line"),
    ],
    ids=["no-date", "bad-month", "no-separator", "separator-too-far"],
)
def test_parse_dated_malformed_raises_bad_header(text: str, says: str) -> None:
    with pytest.raises(BadHeaderError) as info:
        parse_dated(text)
    assert says in info.value.message
    assert "date YYYY" in info.value.message  # the message shows the expected format


def test_read_dated_needs_title_or_body() -> None:
    with pytest.raises(EmptyArticleError):
        read_dated("date 2022 . ", id="x")


def test_read_dated_normalizes_windows_newlines() -> None:
    article = read_dated("date 2022-01 Titre . Un.\r\n\r\nDeux.\r\n", id="x")
    assert article.text == "Titre\nUn.\n\nDeux."


def test_seed_read_exactly(settings: Settings) -> None:
    [article] = list(read_inputs([SEED], settings=settings))
    assert isinstance(article, Article)
    assert article.id == "kazakhstan-2022-01"
    assert article.title == "La crise est majeure au Kazakhstan"
    assert article.published == DateRange(date(2022, 1, 1), date(2022, 1, 31), "month")
    assert article.text.startswith("La crise est majeure au Kazakhstan\nLa police locale a annoncé jeudi")
    assert article.text.endswith("au cœur des émeutes.")
    # Body paragraphs are kept as they are in the file.
    assert "\n\nLa France condamne \"les violences qui ont eu lieu\"\n\n" in article.text
    raw = SEED.read_text(encoding="utf-8")
    assert article.text == raw.split(" . ", 1)[0].split(" ", 3)[3] + "\n" + raw.split(" . ", 1)[1]
    assert article.origin == str(SEED)


def test_seed_month_header_ignores_published_argument(settings: Settings) -> None:
    [article] = list(read_inputs([SEED], published="2022-01-06", settings=settings))
    assert isinstance(article, Article)
    assert article.published == DateRange.month(2022, 1)


def test_dated_file_with_leading_blank_lines(data_dir: Path, settings: Settings) -> None:
    [article] = list(read_inputs([data_dir / "dated-day.txt"], settings=settings))
    assert isinstance(article, Article)
    assert article.title == "Grève des contrôleurs aériens à Marseille"
    assert article.text == (
        "Grève des contrôleurs aériens à Marseille\n"
        "Les contrôleurs aériens de Marseille ont cessé le travail mardi matin.\n\n"
        "Une centaine de vols ont été annulés, selon la direction de l'aéroport."
    )
    assert article.published == DateRange.day(date(2023, 5, 2))
