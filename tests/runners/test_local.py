"""The local runner, and the guard every runner shares: one bad article never costs its neighbours."""

from __future__ import annotations

import pytest

from tocsin.model import Article
from tocsin.runners import LocalRunner, run_unit
from tocsin.runners.testing import BAD, FaultyPipeline

from .conftest import runner_settings


def articles(*ids: str) -> list[Article]:
    return [Article(id=i, text=f"Texte de {i}.") for i in ids]


def test_local_run_unit_isolates_the_article_that_fails_its_batch():
    unit = articles("a", "b-raise", "c")
    results = run_unit(FaultyPipeline(runner_settings()), unit)
    assert [r.id for r in results] == ["a", "b-raise", "c"]
    assert [r.error.code if r.error else None for r in results] == [None, "internal_error", None]
    assert "cannot parse b-raise" in results[1].error.message


@pytest.mark.parametrize("size", [1, 2, 64], ids=lambda n: f"batch{n}")
def test_local_runner_keeps_input_order_whatever_the_batch_size(size):
    items = [*articles(*(f"a{i}" for i in range(7))), *BAD, *articles("x-raise", "y")]
    runner = LocalRunner(runner_settings(batch_size=size), pipeline=FaultyPipeline)
    results = list(runner.run(items))
    assert [r.id for r in results] == [i.id for i in items]
    assert [r.id for r in results if r.error] == ["unreadable", "x-raise"]
