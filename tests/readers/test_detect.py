"""Formats are told apart by content: a file's suffix only breaks ties."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tocsin.model import Article, Rejected
from tocsin.readers import read_inputs
from tocsin.readers.detect import sniff
from tocsin.settings import Settings


@pytest.mark.parametrize(
    ("head", "suffix", "kind"),
    [
        (b" date 2022-01 T . B", ".txt", "dated"),
        (b"\xef\xbb\xbfdate 2022-01 T . B", "", "dated"),
        (b'{"text": "x"}\n', ".txt", "json"),
        (b"\n\n[{}]", "", "json"),
        (b"<!DOCTYPE html><html><body><p>x</p></body></html>", ".txt", "html"),
        (b"<html lang='fr'><p>x</p></html>", "", "html"),
        (b"<p>Un fragment</p>", ".html", "html"),
        (b"<p>Un fragment</p>", ".txt", "plain"),
        (b"<3 les manifestants", "", "plain"),
        (b"Des manifestants...", ".html", "plain"),
        (b"Des manifestants...", ".jsonl", "plain"),
    ],
    ids=["dated", "dated-bom", "jsonl-as-txt", "json-array", "html-as-txt", "html-no-suffix", "fragment-html-suffix",
         "fragment-txt", "heart", "text-named-html", "text-named-jsonl"],
)
def test_sniff_by_content(head: bytes, suffix: str, kind: str) -> None:
    assert sniff(head, suffix) == kind


@pytest.mark.parametrize(
    ("fixture", "name", "title", "count"),
    [
        ("dated-day.txt", "article.dat", "Grève des contrôleurs aériens à Marseille", 1),
        ("articles.jsonl", "articles.txt", "Premier", 8),
        ("page.html", "page.txt", "Inondations dans le Gard : deux disparus", 1),
        ("plain.txt", "plain.html", None, 1),
    ],
    ids=["dated-as-dat", "jsonl-as-txt", "html-as-txt", "plain-as-html"],
)
def test_read_inputs_ignores_misleading_suffix(tmp_path: Path, data_dir: Path, settings: Settings, fixture: str,
                                               name: str, title: str | None, count: int) -> None:
    path = tmp_path / name
    shutil.copy(data_dir / fixture, path)
    items = list(read_inputs([path], settings=settings))
    assert len(items) == count
    first = items[0]
    assert isinstance(first, Article)
    assert first.title == title


def test_plain_text_published_and_lang_from_arguments(data_dir: Path, settings: Settings) -> None:
    [article] = list(read_inputs([data_dir / "plain.txt"], published="2023-06-04", lang="FR", settings=settings))
    assert isinstance(article, Article)
    assert article.text.startswith("Des centaines de personnes")
    assert article.text.endswith("fin d'après-midi.")
    assert "\n\n" in article.text  # paragraphs kept, surrounding blank lines dropped
    assert article.published is not None and article.published.precision == "day"
    assert article.lang == "fr"
    assert article.title is None


def test_plain_text_without_published_has_none(data_dir: Path, settings: Settings) -> None:
    [article] = list(read_inputs(data_dir / "plain.txt", settings=settings))
    assert isinstance(article, Article)
    assert article.published is None
    assert article.id == "plain"


def test_text_starting_with_brace_is_plain(data_dir: Path, settings: Settings) -> None:
    [article] = list(read_inputs([data_dir / "brace.txt"], settings=settings))
    assert isinstance(article, Article)
    assert article.text.startswith("{Édito}")


def _tree(root: Path) -> None:
    (root / "b").mkdir()
    (root / "b" / "deep").mkdir()
    (root / ".hidden").mkdir()
    (root / "a.txt").write_text("Premier.", encoding="utf-8")
    (root / "b" / "c.fr.txt").write_text("Deuxième.", encoding="utf-8")
    (root / "b" / "deep" / "d.html").write_text(
        "<html><body><article><p>Troisième article, assez long pour que son texte principal soit bien "
        "reconnu comme tel par l'extracteur.</p></article></body></html>", encoding="utf-8")
    (root / "b-side.txt").write_text("Quatrième.", encoding="utf-8")
    (root / "noext").write_text("Cinquième.", encoding="utf-8")
    (root / ".secret.txt").write_text("caché", encoding="utf-8")
    (root / ".hidden" / "e.txt").write_text("caché aussi", encoding="utf-8")


def test_folder_walked_sorted_with_relative_ids(tmp_path: Path, settings: Settings) -> None:
    _tree(tmp_path)
    items = list(read_inputs([tmp_path], settings=settings))
    assert [item.id for item in items] == ["a", "b/c.fr", "b/deep/d", "b-side", "noext"]
    assert all(isinstance(item, Article) for item in items)
    assert items[1].origin == str(tmp_path / "b" / "c.fr.txt")


def test_several_paths_keep_their_order(tmp_path: Path, data_dir: Path, settings: Settings) -> None:
    _tree(tmp_path)
    items = list(read_inputs([data_dir / "plain.txt", tmp_path / "b", "-nonexistent-"], settings=settings))
    assert [item.id for item in items] == ["plain", "c.fr", "deep/d", "-nonexistent-"]
    assert isinstance(items[-1], Rejected) and items[-1].error.code == "unreadable"


def test_folder_symlink_loop_is_walked_once(tmp_path: Path, settings: Settings) -> None:
    (tmp_path / "a.txt").write_text("Un.", encoding="utf-8")
    (tmp_path / "loop").symlink_to(tmp_path, target_is_directory=True)
    assert [item.id for item in read_inputs([tmp_path], settings=settings)] == ["a"]


def test_read_inputs_with_default_settings(data_dir: Path) -> None:
    [article] = list(read_inputs(str(data_dir / "plain.txt")))
    assert isinstance(article, Article)
    assert article.id == "plain"
