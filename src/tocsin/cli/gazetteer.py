"""Commands about places: `geocode` a text, and `gazetteer build` (the offline index, built once)."""

from __future__ import annotations

import json

import click

from ..errors import TocsinError
from ..settings import load_settings
from .common import check_lang, fail


@click.command()
@click.argument("text")
@click.option("--lang", help="Language of the text (default: detected).")
def geocode(text: str, lang: str | None) -> None:
    """Find and resolve the places in TEXT (a quick check of the offline gazetteer).

    \b
    Example:
      tocsin geocode "Des heurts à Alma-Ata et à Paris"
    """
    from ..geocode import geocode_text
    from ..nlp import identify_language

    try:
        settings = load_settings()
        code = check_lang(lang, settings)
        if code is None:
            found = identify_language(text, settings.nlp)
            if found.fallback:
                click.echo(f"warning: the text is too short to tell its language (best guess {found.guess!r} at "
                           f"{found.score:.2f}): read as {found.lang!r}; give it with --lang", err=True)
            code = found.lang
        places = geocode_text(text, code)
    except TocsinError as err:
        fail(err)
    for p in places:
        click.echo(json.dumps(p.to_dict(), ensure_ascii=False))


@click.group("gazetteer")
def gazetteer_group() -> None:
    """The offline gazetteer: built once from installed packages (GeoNames, CLDR), then reused."""


@gazetteer_group.command("build")
@click.option("--force", is_flag=True, help="Build it again even when it is up to date.")
def gazetteer_build(force: bool) -> None:
    """Build the gazetteer index now (otherwise the first command that needs it does, for about 30 s).

    \b
    Example:
      tocsin gazetteer build
    """
    from ..geocode import build_index, index_path, needs_build

    try:
        path = index_path(load_settings())
        if not force and not needs_build(path):
            click.echo(f"the gazetteer is up to date: {path}")
            return
        info = build_index(path)
    except TocsinError as err:
        fail(err)
    click.echo(f"gazetteer built in {info.seconds:.0f} s: {info.places:,} places, {info.names:,} names, "
               f"{info.size_bytes / 1e6:.0f} MB at {info.path}")
