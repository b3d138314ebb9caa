"""JSONL input: one article per line, texts unchanged, a bad line rejected alone."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from tocsin.model import Article, DateRange, Rejected
from tocsin.readers import content_id, parse_published, read_inputs
from tocsin.settings import Settings

SHARED_SEED = Path(__file__).resolve().parents[3] / "shared" / "eval" / "data" / "seed" / "input.jsonl"


@pytest.fixture
def items(data_dir: Path, settings: Settings) -> list[Article | Rejected]:
    return list(read_inputs([data_dir / "articles.jsonl"], published="2020-02", lang="de", settings=settings))


def test_jsonl_one_item_per_non_blank_line(items: list[Article | Rejected]) -> None:
    assert [item.origin.rsplit(":", 1)[1] for item in items if item.origin] == [
        "1", "2", "4", "5", "6", "7", "8", "9"]


def test_jsonl_text_kept_unchanged(items: list[Article | Rejected]) -> None:
    first = items[0]
    assert isinstance(first, Article)
    assert first.text == "  Texte avec espaces en tête.\r\nEt une fin de ligne Windows gardée.  "
    assert (first.id, first.title, first.url, first.source, first.lang) == (
        "a1", "Premier", "https://example.org/a1", "Exemple", "fr")
    assert first.published == DateRange.month(2022, 1)


def test_jsonl_missing_id_is_content_hash_and_arguments_fill_in(items: list[Article | Rejected]) -> None:
    second = items[1]
    assert isinstance(second, Article)
    assert second.id == content_id("Un article sans identifiant ni date.")
    assert len(second.id) == 16
    assert second.published == DateRange.month(2020, 2)  # from the argument: the record states none
    assert second.lang == "de"


@pytest.mark.parametrize(
    ("index", "id", "says"),
    [
        (2, "a3", "'06/01/2022': expected YYYY, YYYY-MM or YYYY-MM-DD"),
        (3, "articles:5", "not valid JSON (Expecting value at column 1); each line must be a JSON object such"),
        (4, "a5", "no 'text'; each line must be a JSON object"),
        (6, "articles:8", "not a JSON object but list"),
    ],
    ids=["bad-published", "not-json", "no-text", "array"],
)
def test_jsonl_bad_line_rejected_alone(items: list[Article | Rejected], index: int, id: str, says: str) -> None:
    item = items[index]
    assert isinstance(item, Rejected)
    assert item.error.code == "bad_record"
    assert item.id == id
    assert says in item.error.message  # says what is wrong and what a good record looks like


def test_jsonl_bad_published_keeps_text(items: list[Article | Rejected]) -> None:
    item = items[2]
    assert isinstance(item, Rejected)
    assert item.text == "Date mal formée."


def test_jsonl_record_values(items: list[Article | Rejected]) -> None:
    a6, a7 = items[5], items[7]
    assert isinstance(a6, Article) and isinstance(a7, Article)
    assert a6.published == DateRange.day(date(2022, 1, 6))
    assert a6.lang == "en"  # "en-GB": primary subtag
    assert a7.id == "7"
    assert a7.published == DateRange.month(2022, 1)  # the output contract's own form, read back


@pytest.mark.parametrize(
    ("record", "code", "says"),
    [
        ({"text": 3}, "bad_record", "'text' must be a string"),
        ({"text": "x", "title": 3}, "bad_record", "'title' must be a string"),
        ({"text": "x", "id": ["a"]}, "bad_record", "'id' must be"),
        ({"text": "x", "published": 2022}, "bad_record", "'published' must be"),
        ({"text": "x", "published": {"start": "2022-02-01", "end": "2022-01-01", "precision": "month"}},
         "bad_record", "'published' must be"),
        ({"text": "x", "published": {"start": "hier"}}, "bad_record", "'published' must be"),
        ({"text": "   \n"}, "empty", "text is empty"),
    ],
    ids=["text-number", "title-number", "id-list", "published-number", "published-reversed", "published-garbage",
         "blank-text"],
)
def test_jsonl_invalid_fields(tmp_path: Path, settings: Settings, record: dict[str, object], code: str,
                              says: str) -> None:
    path = tmp_path / "in.jsonl"
    good = {"id": "ok", "text": "Un bon article."}
    path.write_text(f"{json.dumps(record)}\n{json.dumps(good)}\n", encoding="utf-8")
    bad, ok = list(read_inputs([path], settings=settings))
    assert isinstance(bad, Rejected) and isinstance(ok, Article)
    assert bad.error.code == code
    assert says in bad.error.message
    assert ok.id == "ok"


def test_jsonl_limit_is_per_line_not_per_file(tmp_path: Path, limited: Callable[..., Settings]) -> None:
    path = tmp_path / "big.jsonl"
    lines = [json.dumps({"id": f"n{i}", "text": f"Article numéro {i}."}) for i in range(50)]
    long_line = json.dumps({"id": "long", "text": "x" * 500})
    path.write_text("\n".join([*lines[:10], long_line, *lines[10:]]) + "\n", encoding="utf-8")
    items = list(read_inputs([path], settings=limited(200)))
    assert path.stat().st_size > 200
    assert len(items) == 51
    too_long = items[10]
    assert isinstance(too_long, Rejected)
    assert too_long.error.code == "too_large"
    assert too_long.origin == f"{path}:11"
    assert [item.id for item in items if isinstance(item, Article)] == [f"n{i}" for i in range(50)]


def test_jsonl_last_line_without_newline_and_crlf(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "crlf.jsonl"
    path.write_bytes(b'{"id": "a", "text": "A"}\r\n{"id": "b", "text": "B"}')
    assert [(i.id, isinstance(i, Article)) for i in read_inputs([path], settings=settings)] == [
        ("a", True), ("b", True)]


def test_jsonl_line_in_fallback_encoding(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "latin.jsonl"
    path.write_bytes('{"id": "a", "text": "Émeutes à Almaty"}\n'.encode("cp1252"))
    [article] = list(read_inputs([path], settings=settings))
    assert isinstance(article, Article)
    assert article.text == "Émeutes à Almaty"


@pytest.mark.parametrize(
    ("fixture", "expected"),
    [
        ("document.json", [("document", "Le texte d'un article unique.")]),
        ("array.json", [("x1", "Premier article du tableau."), ("x2", "Second article du tableau."), ("x3", None)]),
    ],
    ids=["single-object", "array"],
)
def test_json_document(data_dir: Path, settings: Settings, fixture: str,
                       expected: list[tuple[str, str | None]]) -> None:
    items = list(read_inputs([data_dir / fixture], settings=settings))
    assert [(i.id, i.text if isinstance(i, Article) else None) for i in items] == expected


def test_json_file_holding_jsonl_lines(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "lines.json"
    path.write_text('{"id": "a", "text": "A"}\n{"id": "b", "text": "B"}\n', encoding="utf-8")
    assert [i.id for i in read_inputs([path], settings=settings)] == ["a", "b"]


@pytest.mark.skipif(not SHARED_SEED.is_file(), reason="the shared evaluation kit is not beside the project")
def test_shared_seed_input_texts_unchanged(settings: Settings) -> None:
    records = [json.loads(line) for line in SHARED_SEED.read_text(encoding="utf-8").splitlines() if line.strip()]
    items = list(read_inputs([SHARED_SEED], settings=settings))
    assert [i.id for i in items] == [r["id"] for r in records]
    for item, record in zip(items, records, strict=True):
        assert isinstance(item, Article)
        assert item.text == record["text"]
        assert item.title == record["title"]
        assert item.published == (parse_published(record["published"]) if record["published"] else None)


def test_large_jsonl_with_broken_first_line_is_still_streamed(tmp_path: Path,
                                                              limited: Callable[..., Settings]) -> None:
    path = tmp_path / "broken.jsonl"
    lines = ['{"id": "first", "text": "unterminated', *(json.dumps({"id": f"n{i}", "text": "Texte."})
                                                       for i in range(40))]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = list(read_inputs([path], settings=limited(200)))
    assert path.stat().st_size > 200
    assert isinstance(items[0], Rejected) and items[0].error.code == "bad_record"
    assert [i.id for i in items[1:]] == [f"n{i}" for i in range(40)]
