"""The Ray engine against the local one: the same contract lines, in input order, whatever fails."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tocsin.cli import main
from tocsin.model import Article
from tocsin.runners.protocol import Item
from tocsin.runners.testing import BAD, FaultyPipeline, to_jsonl

from .conftest import CORPUS_SIZE, runner_settings

pytest.importorskip("ray")
from tocsin.runners.ray import RayRunner  # only once Ray is known to be there

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def corpus_file(corpus: list[Item], tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("corpus") / "corpus.jsonl"
    path.write_text(to_jsonl(corpus), encoding="utf-8")
    return path


def test_ray_batch_writes_the_lines_extract_writes(corpus_file, ray_node, tmp_path):
    local, ray = tmp_path / "local.jsonl", tmp_path / "ray.jsonl"
    done = CliRunner().invoke(main, ["extract", str(corpus_file), "-o", str(local), "--no-progress"])
    assert done.exit_code == 1, done.output  # the corpus holds bad records: exit status 1, lines still written
    # Small units, so that workers finish out of order and the runner has to put results back in order.
    done = CliRunner().invoke(main, ["batch", str(corpus_file), "-o", str(ray), "--engine", "ray", "--workers", "2",
                                     "--batch-size", "16", "--no-progress"])
    assert done.exit_code == 1, done.output
    assert "engine ray, 2 workers" in done.stderr and "bad_record" in done.stderr
    local_lines = local.read_text(encoding="utf-8").splitlines()
    ray_lines = ray.read_text(encoding="utf-8").splitlines()
    assert len(ray_lines) == len(local_lines) == CORPUS_SIZE
    differ = [json.loads(line)["id"] for line, other in zip(ray_lines, local_lines, strict=True) if line != other]
    assert not differ
    rows = [json.loads(line) for line in ray_lines]
    assert sum(len(r["events"]) for r in rows) > CORPUS_SIZE
    assert {"bad_record", "empty", "unsupported_language"} <= {r["error"]["code"] for r in rows if r["error"]}


def test_ray_shares_work_and_keeps_input_order(ray_node):
    items: list[Item] = [Article(id=f"a{i:03d}", text="x") for i in range(100)]
    with RayRunner(runner_settings(workers=2, batch_size=3), pipeline=FaultyPipeline) as runner:
        results = list(runner.run(items))
        stats = runner.worker_stats()
    assert [r.id for r in results] == [i.id for i in items]
    assert len({s.pid for s in stats}) == 2
    assert sorted(s.articles for s in stats)[0] > 0 and sum(s.articles for s in stats) == len(items)
    assert all(s.peak_rss_mb > 0 for s in stats)


def test_ray_worker_crash_costs_only_the_culprit(ray_node):
    # Units of 4 over 2 workers, two units each: the unit queued behind the crashing one fails with it,
    # and its articles, the one that raises among them, must still get their own lines.
    items: list[Item] = [Article(id=f"a{i:02d}", text="x") for i in range(17)]
    items[5] = Article(id="k-crash", text="x")
    items[13] = Article(id="m-raise", text="x")
    items.extend(BAD[:1])
    with RayRunner(runner_settings(workers=2, batch_size=4), pipeline=FaultyPipeline) as runner:
        results = list(runner.run(items))
    assert [r.id for r in results] == [i.id for i in items]
    errors = {r.id: r.error.code for r in results if r.error}
    assert errors == {"k-crash": "worker_crashed", "m-raise": "internal_error", "unreadable": "binary"}
