"""`tocsin batch` with the local engine: the lines of `tocsin extract`, a summary, and clear usage errors."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from tocsin.cli import main
from tocsin.runners.testing import article_variants, to_jsonl


@pytest.fixture(scope="module")
def small_corpus(tmp_path_factory: pytest.TempPathFactory):
    path = tmp_path_factory.mktemp("small") / "small.jsonl"
    path.write_text(to_jsonl(article_variants(30)), encoding="utf-8")
    return path


@pytest.mark.slow
def test_cli_batch_local_writes_the_lines_extract_writes(small_corpus):
    extract = CliRunner().invoke(main, ["extract", str(small_corpus), "--no-progress"])
    batch = CliRunner().invoke(main, ["batch", str(small_corpus), "--no-progress", "--batch-size", "7"])
    # Exit status 1 for both: the corpus holds one line that is not JSON (its line says so, as extract's does).
    assert extract.exit_code == 1 and batch.exit_code == 1, batch.output
    assert batch.stdout == extract.stdout
    assert len(batch.stdout.splitlines()) == 30
    assert all(json.loads(line)["contract"] == 1 for line in batch.stdout.splitlines())
    assert "30 articles" in batch.stderr and "engine local, 1 worker" in batch.stderr
    assert "not processed (bad_record: 1" in batch.stderr


@pytest.mark.parametrize(("args", "message"), [
    (["--workers", "2"], "--workers needs --engine ray"),
    (["--address", "auto"], "--address needs --engine ray"),
], ids=["workers", "address"])
def test_cli_batch_ray_options_need_the_ray_engine(small_corpus, args, message):
    done = CliRunner().invoke(main, ["batch", str(small_corpus), "--engine", "local", *args])
    assert done.exit_code == 2 and message in done.output


def test_cli_batch_unknown_engine_names_the_known_ones(small_corpus):
    done = CliRunner().invoke(main, ["batch", str(small_corpus), "--engine", "spark"])
    assert done.exit_code == 2 and "unknown engine 'spark'" in done.output and "local, ray" in done.output
