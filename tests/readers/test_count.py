"""Counting the articles of inputs before reading them (progress bar totals), and JSON error messages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tocsin.readers import count_articles, read_inputs


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text("Un texte.", encoding="utf-8")
    (folder / "sub" / "b.html").write_text("<html><body><p>Un autre.</p></body></html>", encoding="utf-8")
    lines = [json.dumps({"id": f"r{i}", "text": f"texte {i}"}) for i in range(5)]
    (folder / "records.jsonl").write_text("\n".join(lines), encoding="utf-8")  # no final newline
    (folder / "records2.ndjson").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "one.json").write_text(json.dumps({"id": "x", "text": "seul"}, indent=2), encoding="utf-8")
    (folder / ".hidden.txt").write_text("caché", encoding="utf-8")
    return folder


def test_count_matches_what_is_read(inputs: Path) -> None:
    assert count_articles([inputs]) == 1 + 1 + 5 + 5 + 1
    assert count_articles([inputs]) == sum(1 for _ in read_inputs([inputs]))
    assert count_articles([inputs / "records.jsonl", inputs / "a.txt"]) == 6


def test_count_is_unknown_for_standard_input(inputs: Path) -> None:
    assert count_articles(["-", inputs]) is None


def test_count_includes_inputs_that_cannot_be_read(tmp_path: Path) -> None:
    assert count_articles([tmp_path / "nosuch.txt"]) == 1  # it gets a Rejected line of its own


def test_json_error_message_reads_once(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "a", "text": "unterminated\n', encoding="utf-8")
    (rejected,) = read_inputs([path])
    message = rejected.error.message  # type: ignore[union-attr]
    assert "Unterminated string starting at column" in message and "at at" not in message
