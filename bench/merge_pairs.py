"""Pairwise precision, recall and F1 of the cross-article merge on a labelled corpus, through the real pipeline.

    python bench/merge_pairs.py                          # tests/merging/corpus (French and English)
    python bench/merge_pairs.py my-corpus/ --db sqlite:///pairs.db --verbose

Every article is extracted by tocsin's pipeline, ingested with its publication date into a fresh SQLite
store (or the one given) and merged; a pair of articles reporting one incident is found when both end in
one merged record. `--verbose` lists the pairs missed and merged wrongly, with the events of each article.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parent / "tests" / "merging" / "corpus"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", nargs="*", default=[str(CORPUS)], help="YAML files or folders (default: %(default)s)")
    parser.add_argument("--db", help="store URL (default: a fresh SQLite file, removed afterwards)")
    parser.add_argument("--verbose", action="store_true", help="list missed and wrong pairs")
    args = parser.parse_args()

    from tocsin.merging.pairs import measure, read_corpus
    from tocsin.settings import load_settings

    settings = load_settings()
    articles = read_corpus(args.corpus)
    langs = sorted({a.lang or "?" for a in articles})
    print(f"{len(articles)} articles, {len({a.incident for a in articles})} incidents ({', '.join(langs)})")
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        url = args.db or f"sqlite:///{folder}/pairs.db"
        scores = measure(articles, url, settings=settings, progress=sys.stderr.isatty())
        if args.verbose:
            from tocsin.store import open_store

            with open_store(url, settings=settings) as store:  # type: ignore[attr-defined]
                def told(article: str) -> str:
                    events = scores.events.get(article, ())
                    out = []
                    for eid in events:
                        ev = store.get_event(eid)
                        if ev is not None:
                            out.append(f"{eid} {ev.type} {ev.date.start if ev.date else '?'} "
                                       f"{ev.location.name if ev.location else '?'} ({len(ev.article_ids)} art.)")
                    return "; ".join(out) or "no events"

                for title, pairs in (("missed", scores.missed), ("merged wrongly", scores.wrong)):
                    print(f"{title}:")
                    for a, b in pairs:
                        print(f"  {a} — {b}\n      {a}: {told(a)}\n      {b}: {told(b)}")
    print(scores.summary())
    print(f"pair precision {scores.precision:.3f}  recall {scores.recall:.3f}  F1 {scores.f1:.3f}  "
          f"({time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()
