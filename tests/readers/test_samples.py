"""The bundled samples: every one reads as a dated article; the seed is the shared file, byte for byte."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest

from tocsin.model import Article
from tocsin.readers import read_inputs
from tocsin.settings import Settings

# A data folder, not a package: `tocsin extract --sample` and the benchmarks read every file in it.
SAMPLES = Path(str(resources.files("tocsin").joinpath("samples")))
SAMPLE_FILES = sorted(SAMPLES.glob("*.txt"))
SHARED_SEED = Path(__file__).resolve().parents[3] / "shared" / "seed" / "kazakhstan-2022-01.txt"


def test_samples_folder_holds_only_articles() -> None:
    names = sorted(p.name for p in SAMPLES.iterdir() if not p.name.startswith("."))
    assert names == [p.name for p in SAMPLE_FILES]
    assert "kazakhstan-2022-01.txt" in names
    assert len(names) >= 4


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.stem)
def test_sample_reads_as_dated_article(path: Path, settings: Settings) -> None:
    [article] = list(read_inputs([path], settings=settings))
    assert isinstance(article, Article)
    assert article.id == path.stem
    assert article.title and article.text.startswith(article.title + "\n")
    assert article.published is not None


def test_samples_folder_reads_in_name_order(settings: Settings) -> None:
    items = list(read_inputs([SAMPLES], settings=settings))
    assert [i.id for i in items] == [p.stem for p in SAMPLE_FILES]
    assert all(isinstance(i, Article) for i in items)


@pytest.mark.skipif(not SHARED_SEED.is_file(), reason="the shared seed is not beside the project")
def test_seed_sample_is_the_shared_file() -> None:
    assert (SAMPLES / "kazakhstan-2022-01.txt").read_bytes() == SHARED_SEED.read_bytes()
