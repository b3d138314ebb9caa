"""`read_text`: a string from the Python API, kept unchanged so that offsets point into it."""

from __future__ import annotations

from datetime import date

import pytest

from tocsin.errors import BadHeaderError, EmptyArticleError
from tocsin.model import DateRange
from tocsin.readers import content_id, read_text


@pytest.mark.parametrize(
    ("published", "expected"),
    [
        (None, None),
        (DateRange.month(2022, 1), DateRange.month(2022, 1)),
        ("2022-01-06", DateRange.day(date(2022, 1, 6))),
        (date(2022, 1, 6), DateRange.day(date(2022, 1, 6))),
    ],
    ids=["none", "range", "string", "date"],
)
def test_read_text_published_forms(published: DateRange | date | str | None, expected: DateRange | None) -> None:
    assert read_text("Un texte.", published=published).published == expected


def test_read_text_keeps_text_unchanged() -> None:
    text = "\n  La police a arrêté 20 personnes.\r\n\r\nSuite.  "
    article = read_text(text, id="a1", title="Titre", lang="FR")
    assert article.text == text
    assert (article.id, article.title, article.lang) == ("a1", "Titre", "fr")


def test_read_text_without_id_hashes_content() -> None:
    assert read_text("Un texte.").id == content_id("Un texte.") == read_text("Un texte.").id
    assert read_text("Un texte.").id != read_text("Un autre texte.").id


def test_read_text_parses_dated_header() -> None:
    article = read_text(" date 2022-01 Titre . Corps.", published="2023-05-05", title="Autre")
    assert (article.text, article.title) == ("Titre\nCorps.", "Titre")
    assert article.published == DateRange.month(2022, 1)  # what the text states wins


@pytest.mark.parametrize(("text", "error"), [("", EmptyArticleError), (" \n ", EmptyArticleError),
                                             ("date 2022-14 T . B", BadHeaderError)],
                         ids=["empty", "blank", "bad-header"])
def test_read_text_errors(text: str, error: type[Exception]) -> None:
    with pytest.raises(error):
        read_text(text)


def test_read_text_invalid_published_string() -> None:
    with pytest.raises(BadHeaderError, match="expected YYYY"):
        read_text("Un texte.", published="06/01/2022")
