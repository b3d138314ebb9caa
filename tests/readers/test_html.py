"""HTML pages: main text, title, date, language, URL and site name from the markup."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from tocsin.model import Article, DateRange, Rejected
from tocsin.readers import read_inputs
from tocsin.settings import Settings


def test_html_page_text_and_metadata(data_dir: Path, settings: Settings) -> None:
    [article] = list(read_inputs([data_dir / "page.html"], published="2020", lang="en", settings=settings))
    assert isinstance(article, Article)
    assert article.id == "page"
    assert article.title == "Inondations dans le Gard : deux disparus"
    # The title opens the text once (trafilatura keeps the <h1>), then the paragraphs.
    assert article.text.startswith("Inondations dans le Gard : deux disparus\nDe fortes pluies ont provoqué samedi")
    assert article.text.count("Inondations dans le Gard") == 1
    assert "écoles de douze communes" in article.text
    assert "Mentions légales" not in article.text and "Accueil" not in article.text
    assert article.published == DateRange.day(date(2023, 10, 14))  # the page's date wins over the argument
    assert article.lang == "fr"  # <html lang="fr-FR"> wins over the argument
    assert article.url == "https://example.org/gard-inondations"
    assert article.source == "Le Quotidien du Sud"


def test_html_without_date_or_lang_takes_arguments(data_dir: Path, settings: Settings) -> None:
    [article] = list(read_inputs([data_dir / "page-no-date.htm"], published="2021-03", lang="fr",
                                 settings=settings))
    assert isinstance(article, Article)
    assert article.title == "Panne géante"
    assert article.text.startswith("Panne géante\nUne panne d'électricité")
    assert article.published == DateRange.month(2021, 3)
    assert article.lang == "fr"


def test_html_without_main_text_is_rejected_as_empty(data_dir: Path, settings: Settings) -> None:
    [item] = list(read_inputs([data_dir / "page-empty.html"], settings=settings))
    assert isinstance(item, Rejected)
    assert item.error.code == "empty"
    assert "no main text found" in item.error.message
