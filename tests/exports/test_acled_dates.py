"""ACLED export: every row has an event_date and a time_precision, and the columns of ACLED's CSV."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

import tocsin
from tocsin.cli import main
from tocsin.exports import ACLED_COLUMNS, export
from tocsin.model import Article, DateRange
from tocsin.store import ArticleMeta, Store
from tocsin.store.testing import script_article, script_result

SAMPLES = Path(tocsin.__file__).parent / "samples"
LYON = "Lyon/FR/45.75/4.85/2996944"
# ACLED's export columns, in order (codebook of 2023, unchanged since; inter1/inter2/interaction as names).
ACLED_CSV = ("event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,"
             "assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,iso,region,country,"
             "admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,source_scale,notes,fatalities,"
             "tags,timestamp")


def add(store: Store, article_id: str, published: DateRange, when: DateRange | None) -> None:
    text = script_article([f"PROTEST 2024-03-07 {LYON} participants=300"], title=f"Titre {article_id}")
    article = Article(id=article_id, text=text, title=f"Titre {article_id}", published=published, source="AFP")
    result = script_result(article)
    result = replace(result, events=tuple(replace(e, date=when) for e in result.events))
    store.add_article(article_id, result, ArticleMeta())


@pytest.mark.parametrize(("published", "when", "expected"), [
    (DateRange.day(date(2024, 3, 8)), DateRange.day(date(2024, 3, 7)), ("2024-03-07", "1")),
    (DateRange.day(date(2024, 3, 12)), DateRange(date(2024, 3, 4), date(2024, 3, 10), "week"), ("2024-03-07", "2")),
    (DateRange.day(date(2024, 3, 31)), DateRange.month(2024, 3), ("2024-03-16", "3")),
    (DateRange.day(date(2024, 3, 9)), DateRange.month(2024, 3), ("2024-03-09", "3")),  # not after its report
    (DateRange.day(date(2024, 3, 8)), None, ("2024-03-08", "3")),  # undated: the publication date
    (DateRange.month(2022, 1), None, ("2022-01-16", "3")),  # undated, published in a month
], ids=["day", "week", "month", "month-reported-early", "undated", "undated-month-publication"])
def test_acled_event_date_and_precision(store: Store, published: DateRange, when: DateRange | None,
                                        expected: tuple[str, str]) -> None:
    add(store, "a1", published, when)
    out = io.StringIO()
    assert export(store, "acled", out) == 1
    (row,) = csv.DictReader(io.StringIO(out.getvalue()))
    assert (row["event_date"], row["time_precision"]) == expected
    assert row["year"] == expected[0][:4]


def test_acled_columns_are_acleds() -> None:
    assert ",".join(ACLED_COLUMNS) == ACLED_CSV


@pytest.mark.slow
def test_acled_export_of_the_samples_dates_every_row(tmp_path: Path) -> None:
    db = tmp_path / "samples.db"
    runner = CliRunner()
    done = runner.invoke(main, ["ingest", str(SAMPLES), "--db", str(db), "--no-progress"])
    assert done.exit_code == 0, done.output
    exported = runner.invoke(main, ["export", "--db", str(db), "--format", "acled"])
    assert exported.exit_code == 0, exported.output
    rows = list(csv.DictReader(io.StringIO(exported.stdout)))
    assert len(rows) > 10
    assert all(r["event_date"] and r["time_precision"] in {"1", "2", "3"} for r in rows)
    assert exported.stdout.splitlines()[0] == ACLED_CSV
