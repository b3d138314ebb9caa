"""Near-duplicate articles (wire copies): MinHash signatures of word shingles, banded for lookup in the store."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

PERMUTATIONS = 120
BANDS = 20  # 20 bands of 6 rows: pairs at Jaccard 0.8 share a band 99.8% of the time, at 0.5 only 27%
ROWS = PERMUTATIONS // BANDS
MIN_WORDS = 30  # shorter texts (briefs, headlines) look alike by chance: only exact copies are caught
SEED = 1
# Named, not left to the library's default: signatures kept in a store must stay comparable across upgrades.
SCHEME = "affine32"

_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """An article's MinHash signature (uint32 values, little-endian) and its band keys."""

    signature: bytes
    bands: tuple[int, ...]


def bands_of(signature: bytes) -> tuple[int, ...]:
    """The band keys of a signature: a signed 64-bit hash of each band's rows (the store indexes them)."""
    step = ROWS * 4
    return tuple(
        int.from_bytes(hashlib.blake2b(bytes([band]) + signature[band * step:(band + 1) * step],
                                       digest_size=8).digest(), "big", signed=True)
        for band in range(BANDS))


def similarity(a: bytes, b: bytes) -> float:
    """Estimated Jaccard similarity of the shingle sets behind two signatures."""
    x, y = np.frombuffer(a, dtype="<u4"), np.frombuffer(b, dtype="<u4")
    if len(x) != len(y) or not len(x):
        return 0.0
    return float(np.count_nonzero(x == y)) / len(x)


class Deduplicator:
    """Finds the earlier article a new one copies, among stored articles and those read in this run."""

    def __init__(self, threshold: float = 0.8, shingle_words: int = 4) -> None:
        self.threshold = threshold
        self.shingle_words = shingle_words
        self._pending: dict[int, list[tuple[str, bytes]]] = {}
        self._band_cache: dict[bytes, tuple[int, ...]] = {}
        self._permutations: Any = None

    def _bands(self, signature: bytes) -> tuple[int, ...]:
        bands = self._band_cache.get(signature)
        if bands is None:
            if len(self._band_cache) > 100_000:
                self._band_cache.clear()
            bands = self._band_cache[signature] = bands_of(signature)
        return bands

    @property
    def enabled(self) -> bool:
        return self.threshold > 0

    def fingerprint(self, text: str) -> Fingerprint | None:
        """The fingerprint of a text, or None when it is too short to judge."""
        from datasketch import MinHash

        words = _WORD.findall(text.casefold())
        if len(words) < MIN_WORDS:
            return None
        k = self.shingle_words
        shingles = {" ".join(words[i:i + k]).encode("utf-8") for i in range(len(words) - k + 1)}
        if self._permutations is None:
            # Drawing the permutations costs more than hashing an article: drawn once, reused.
            self._permutations = MinHash(num_perm=PERMUTATIONS, seed=SEED, scheme=SCHEME).permutations
        mh = MinHash(num_perm=PERMUTATIONS, seed=SEED, permutations=self._permutations, scheme=SCHEME)
        mh.update_batch(sorted(shingles))
        signature = np.asarray(mh.hashvalues, dtype=np.uint64).astype("<u4").tobytes()
        return Fingerprint(signature, bands_of(signature))

    def best(self, fp: Fingerprint, stored: Sequence[tuple[str, bytes]]) -> tuple[str, float] | None:
        """The most similar earlier article sharing a band, at or above the threshold (ties: the smallest id)."""
        # `stored` may hold articles sharing no band with this one: they are left out, so that one store
        # query serves a whole batch with the outcome of one query per article (resumed runs agree).
        mine = set(fp.bands)
        candidates = [(aid, sig) for aid, sig in stored if mine.intersection(self._bands(sig))]
        for band in fp.bands:
            candidates.extend(self._pending.get(band, ()))
        best: tuple[str, float] | None = None
        for article_id, signature in candidates:
            score = similarity(fp.signature, signature)
            if score < self.threshold:
                continue
            if best is None or score > best[1] or (score == best[1] and article_id < best[0]):
                best = (article_id, score)
        return best

    def remember(self, article_id: str, fp: Fingerprint) -> None:
        """Make an article read in this run findable before it reaches the store."""
        for band in fp.bands:
            self._pending.setdefault(band, []).append((article_id, fp.signature))
