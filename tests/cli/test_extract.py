"""`tocsin extract` on real files: every input gets its line, bad ones with a clear error and exit status 1."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import tocsin
from tocsin.cli import main

SEED = Path(tocsin.__file__).parent / "samples" / "kazakhstan-2022-01.txt"


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("batch")
    (folder / "a-good.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "b-empty.txt").write_text("", encoding="utf-8")
    (folder / "c-binary.txt").write_bytes(bytes(range(256)) * 40)
    (folder / "d-latin1.txt").write_bytes(
        "date 2023-03-18 Manifestation à Nantes . La police a interpellé quatorze manifestants à Nantes samedi.".encode(
            "cp1252"
        )
    )
    (folder / "e-badheader.txt").write_text("date 2023-13-45 Titre . Corps du texte.", encoding="utf-8")
    (folder / "f-german.txt").write_text(
        "Die Polizei hat am Donnerstag in der Innenstadt zweitausend Demonstranten festgenommen.", encoding="utf-8"
    )
    with (folder / "g-huge.txt").open("w", encoding="utf-8") as f:
        f.write("La police a arrêté des manifestants. " * 290_000)  # about 10 MB
    return folder


@pytest.fixture(scope="module")
def batch_output(batch: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[list[dict], str]:
    out = tmp_path_factory.mktemp("out") / "events.jsonl"
    result = CliRunner().invoke(main, ["extract", str(batch), "-o", str(out), "--no-progress"])
    assert result.exit_code == 1, result.output  # some inputs were not processed; the others are written
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    return rows, result.stderr


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("a-good", None),
        ("b-empty", "empty"),
        ("c-binary", "binary"),
        ("d-latin1", None),
        ("e-badheader", "bad_header"),
        ("f-german", "unsupported_language"),
        ("g-huge", "too_large"),
    ],
)
def test_cli_extract_reports_each_article(batch_output, name, code):
    rows, _ = batch_output
    row = next(r for r in rows if r["id"].endswith(name))
    if code is None:
        assert row["error"] is None
        assert row["events"], "a good article yields events"
    else:
        assert row["error"]["code"] == code
        assert row["error"]["message"]
        assert row["events"] == []


def test_cli_extract_keeps_input_order_and_counts(batch_output):
    rows, output = batch_output
    assert [r["id"].rsplit("/", 1)[-1] for r in rows] == [
        "a-good",
        "b-empty",
        "c-binary",
        "d-latin1",
        "e-badheader",
        "f-german",
        "g-huge",
    ]
    assert "7 articles" in output and "not processed" in output


def test_cli_extract_reports_each_input_not_processed_on_stderr(batch_output):
    _, stderr = batch_output
    lines = [line for line in stderr.splitlines() if line.startswith("not processed:")]
    assert len(lines) == 5
    assert any("[binary]" in line and "c-binary.txt" in line for line in lines)
    assert any("[unsupported_language]" in line and "f-german" in line for line in lines)


def test_cli_extract_latin1_text_is_decoded(batch_output):
    rows, _ = batch_output
    row = next(r for r in rows if r["id"].endswith("d-latin1"))
    assert "Manifestation à Nantes" in row["text"]
    assert any(e["type"] == "ARREST" for e in row["events"])


def test_cli_extract_table_format_on_samples():
    result = CliRunner().invoke(main, ["extract", "--sample", "--format", "table", "--no-progress"])
    assert result.exit_code == 0, result.output
    assert "ARREST" in result.output and "kazakhstan-2022-01" in result.output


def test_cli_extract_without_inputs_says_what_to_do():
    result = CliRunner().invoke(main, ["extract"])
    assert result.exit_code != 0
    assert "--sample" in result.output


def test_cli_extract_summary_is_grammatical(tmp_path):
    one = tmp_path / "one.txt"
    one.write_text("La police a arrêté 300 manifestants jeudi à Lyon, selon la préfecture du Rhône.",
                   encoding="utf-8")
    result = CliRunner().invoke(main, ["extract", str(one), "--no-progress", "--published", "2024-03-08"])
    assert result.exit_code == 0, result.output
    assert "1 article, " in result.stderr and "1 articles" not in result.stderr


def test_cli_config_prints_settings(monkeypatch):
    monkeypatch.setenv("TOCSIN_NLP__BATCH_SIZE", "7")
    result = CliRunner().invoke(main, ["config"])
    assert result.exit_code == 0
    assert json.loads(result.output)["nlp"]["batch_size"] == 7
