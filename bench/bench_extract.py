"""Throughput and peak memory of `tocsin extract` against spaCy parsing alone, on the same texts.

    python bench/bench_extract.py [--articles 400] [--corpus PATH.jsonl]

Each mode runs in its own process (so peak memory is its own), one after the other in one run,
and the ratio between them is what to compare across machines: absolute figures are noisy.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_CORPUS = HERE.parent.parent / "shared" / "eval" / "data" / "popcorn-train" / "input.jsonl"


def load_texts(corpus: Path | None, n: int) -> list[str]:
    """`n` French news-like texts: the corpus given, else the bundled samples, repeated to `n`."""
    if corpus is not None and corpus.is_file():
        texts = [json.loads(line)["text"] for line in corpus.read_text(encoding="utf-8").splitlines() if line.strip()]
    else:
        from tocsin.readers import read_inputs

        samples = Path(__file__).resolve().parent.parent / "src" / "tocsin" / "samples"
        texts = [
            a.text
            for a in read_inputs([samples])
            if hasattr(a, "text") and a.text and getattr(a, "lang", "fr") in (None, "fr")
        ]
    return [texts[i % len(texts)] for i in range(n)]


def run_mode(mode: str, texts: list[str]) -> dict[str, float]:
    """Process the texts in one mode; returns seconds and peak resident memory in MB."""
    from tocsin.model import Article
    from tocsin.pipeline import Extractor, prepared
    from tocsin.settings import default_settings

    settings = default_settings()
    model = settings.nlp.models["fr"]
    nlp = prepared(model)
    extractor = Extractor(settings)
    # Warm-up outside the timing: model, language data and gazetteer loading are one-off costs.
    list(extractor.run([Article(id="warm", text=texts[0], lang="fr")]))
    start = time.perf_counter()
    if mode == "parse":
        for _ in nlp.pipe(texts, batch_size=settings.nlp.batch_size):
            pass
    else:
        articles = [Article(id=str(i), text=t, lang="fr") for i, t in enumerate(texts)]
        for _ in extractor.run(articles):
            pass
    seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"seconds": seconds, "articles_per_s": len(texts) / seconds, "peak_mb": peak_mb}


def stage_times(texts: list[str]) -> dict[str, float]:
    """Milliseconds per article spent in each stage after parsing, on texts parsed once beforehand."""
    from tocsin.events import extract_events, lexicon
    from tocsin.mentions.places import find_places
    from tocsin.mentions.quantities import find_quantities
    from tocsin.mentions.times import find_times
    from tocsin.pipeline import Extractor, prepared
    from tocsin.settings import default_settings

    settings = default_settings()
    model = settings.nlp.models["fr"]
    docs = list(prepared(model).pipe(texts))
    geocoder, lex = Extractor(settings).geocoder, lexicon("fr", model)
    find_places(docs[0], "fr", geocoder)  # warm-up: opens the gazetteer
    spent = dict.fromkeys(("times", "quantities", "places", "events"), 0.0)
    for text, doc in zip(texts, docs, strict=True):
        t0 = time.perf_counter()
        times = find_times(text, "fr", None)
        t1 = time.perf_counter()
        quantities = find_quantities(text, "fr")
        t2 = time.perf_counter()
        places = find_places(doc, "fr", geocoder)
        t3 = time.perf_counter()
        extract_events(doc, lex, times=times, quantities=quantities, places=places)
        t4 = time.perf_counter()
        for key, dt in zip(spent, (t1 - t0, t2 - t1, t3 - t2, t4 - t3), strict=True):
            spent[key] += dt
    return {key: 1000 * total / len(texts) for key, total in spent.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=400)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--mode", choices=["parse", "extract"], help=argparse.SUPPRESS)
    parser.add_argument("--stages", action="store_true", help="also time each stage after parsing")
    args = parser.parse_args()
    texts = load_texts(args.corpus, args.articles)
    if args.mode:
        print(json.dumps(run_mode(args.mode, texts)))
        return
    results = {}
    for mode in ("parse", "extract"):
        done = subprocess.run(
            [sys.executable, __file__, "--mode", mode, "--articles", str(args.articles), "--corpus", str(args.corpus)],
            capture_output=True,
            text=True,
            check=True,
        )
        results[mode] = json.loads(done.stdout.strip().splitlines()[-1])
    ratio = results["extract"]["articles_per_s"] / results["parse"]["articles_per_s"]
    chars = sum(len(t) for t in texts)
    print(f"{len(texts)} articles, {chars / len(texts):.0f} characters on average")
    for mode, r in results.items():
        print(f"  {mode:<8} {r['articles_per_s']:8.1f} articles/s   peak {r['peak_mb']:7.0f} MB")
    print(f"  extract / parse-only throughput ratio: {ratio:.2f}")
    if args.stages:
        per_stage = stage_times(texts)
        print("  per article after parsing: " + ", ".join(f"{k} {v:.1f} ms" for k, v in per_stage.items()))


if __name__ == "__main__":
    main()
