"""Synthetic event reports for the merge benchmark: real events, each told by 1–4 articles with noise.

    python bench/synth_events.py --records 100000 -o reports.jsonl     # merging.Record dicts, one per line

Each real event has a type, a country (Zipf-like: a few countries dominate, as in news), a city, a day (about
100 reports a day, so a larger archive covers a longer time), actors and counts; each article that tells it
may blur the date to the month, give only the country, leave out the actors or give another figure. Every
record carries its real event's id (`truth`), so the merge's precision and recall can be measured.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Iterator
from datetime import date, timedelta

from tocsin.merging import Record
from tocsin.model import EVENT_TYPES

COUNTRIES = ["FR", "US", "UA", "RU", "NG", "IN", "PK", "SY", "MX", "BR", "KZ", "CD", "ML", "BF", "SD", "ET", "IQ",
             "AF", "YE", "MM", "CO", "PH", "SO", "LB", "IL", "TR", "IR", "EG", "LY", "VE", "HT", "KE", "CM", "BE",
             "DE", "GB", "ES", "IT", "PL", "RO", "GR", "SN", "TN", "DZ", "MA", "ZA", "BD", "LK", "ID", "TH"]
AGENTS = [("police", "state_forces"), ("army", "state_forces"), ("rebels", "armed_group"),
          ("militia", "armed_group"), ("protesters", "protesters"), ("rioters", "rioters"),
          ("government", "government")]
VICTIMS = [("civilians", "civilians"), ("protesters", "protesters"), ("soldiers", "state_forces"),
           ("journalists", "media")]
COUNT_OF = {"ATTACK": "killed", "BOMBING": "killed", "ARMED_CLASH": "killed", "ARREST": "arrested",
            "PROTEST": "participants", "RIOT": "injured", "ABDUCTION": "kidnapped", "NATURAL_DISASTER": "displaced"}
START = date(2000, 1, 1)


def _cities(rng: random.Random) -> dict[str, list[tuple[str, float, float]]]:
    out = {}
    for country in COUNTRIES:
        lat0, lon0 = rng.uniform(-40, 60), rng.uniform(-120, 140)
        out[country] = [(f"{country}-city{i}", lat0 + rng.uniform(-5, 5), lon0 + rng.uniform(-5, 5))
                        for i in range(40)]
    return out


def generate(n_records: int, seed: int = 7, per_day: float = 100.0) -> Iterator[tuple[str, list[Record]]]:
    """(article id, its records) in publication order, until `n_records` records have been made.

    The days covered grow with the number of records (`per_day` reports a day, as a feed brings them): a
    larger archive covers a longer time, it is not a denser one.
    """
    rng = random.Random(seed)
    cities = _cities(rng)
    weights = [1 / (i + 1) for i in range(len(COUNTRIES))]
    made = 0
    event = 0
    pending: list[tuple[int, Record]] = []  # (publication ordinal, record) for articles not yet out
    day_span = max(30, int(n_records / per_day))
    while made < n_records:
        event += 1
        etype = rng.choice(EVENT_TYPES)
        country = rng.choices(COUNTRIES, weights)[0]
        city, lat, lon = rng.choice(cities[country])
        day = START + timedelta(days=rng.randrange(day_span))
        agent = rng.choice(AGENTS)
        victim = rng.choice(VICTIMS)
        key = COUNT_OF.get(etype)
        figure = float(rng.choice([1, 2, 3, 5, 8, 12, 20, 40, 100, 300, 2000]))
        for _ in range(rng.choice([1, 1, 2, 2, 3, 4])):
            if made >= n_records:
                break
            made += 1
            article = f"a{made}"
            vague_date = rng.random() < 0.15
            vague_place = rng.random() < 0.1
            start, end, precision = day.toordinal(), day.toordinal(), "day"
            if vague_date:
                first = day.replace(day=1)
                last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
                start, end, precision = first.toordinal(), last.toordinal(), "month"
            counts: tuple[tuple[str, float, float, float | None], ...] = ()
            if key and rng.random() < 0.8:
                told = figure * rng.choice([1, 1, 1, 0.8, 1.25, 1.5])
                counts = ((key, told, told, told),)
            record = Record(
                id=f"{article}/e1", article=article, type=etype, modality="asserted", start=start, end=end,
                precision=precision, dated=True, country=country,
                place=f"g{country}" if vague_place else f"g{city}",
                place_precision="country" if vague_place else "city",
                lat=None if vague_place else lat, lon=None if vague_place else lon,
                agents=frozenset({agent[0]}) if rng.random() < 0.7 else frozenset(),
                agent_kinds=frozenset({agent[1]}),
                victims=frozenset({victim[0]}) if rng.random() < 0.5 else frozenset(),
                victim_kinds=frozenset({victim[1]}) if rng.random() < 0.7 else frozenset(),
                counts=counts)
            published = day.toordinal() + rng.randrange(0, 4)
            pending.append((published, _with_truth(record, event)))
    pending.sort(key=lambda p: (p[0], p[1].id))
    for _, record in pending:
        yield record.article, [record]


TRUTH: dict[str, int] = {}


def _with_truth(record: Record, event: int) -> Record:
    TRUTH[record.id] = event
    return record


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--per-day", type=float, default=100.0, help="reports per day of the archive")
    parser.add_argument("-o", "--output", default="-")
    args = parser.parse_args()
    out = sys.stdout if args.output == "-" else open(args.output, "w", encoding="utf-8")  # noqa: SIM115
    try:
        for _, records in generate(args.records, args.seed, args.per_day):
            for r in records:
                out.write(json.dumps({**r.to_dict(), "truth": TRUTH[r.id]}) + "\n")
    finally:
        if out is not sys.stdout:
            out.close()


if __name__ == "__main__":
    main()
