"""Commands about the installation: `config`, `schema` and `languages`."""

from __future__ import annotations

import json
from typing import Any

import click

from ..errors import TocsinError
from ..settings import load_settings
from .common import fail


@click.command()
def config() -> None:
    """Print the settings in force (defaults, user file, TOCSIN_* variables)."""
    try:
        settings = load_settings()
    except TocsinError as err:
        fail(err)
    click.echo(json.dumps(settings.model_dump(), indent=2, ensure_ascii=False))


@click.command()
@click.option("--indent", type=click.IntRange(min=0), default=2, show_default=True,
              help="Spaces per indentation level; 0 prints one line.")
def schema(indent: int) -> None:
    """Print the JSON Schema (draft 2020-12) of one output line (see docs/contract.md).

    \b
    Example:
      tocsin schema > tocsin-contract.schema.json
    """
    from ..schema import contract_schema

    click.echo(json.dumps(contract_schema(), indent=indent or None, ensure_ascii=False))


@click.command()
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True,
              help="A readable table, or JSON (a list of objects: code, model, installed, version, enabled, status).")
def languages(fmt: str) -> None:
    """List the languages that have data, the spaCy model of each, and whether it is installed.

    A language is read only when it is enabled (nlp.languages) and its model installed; the last
    column says how to install a missing model.
    """
    from .. import lang as langdata
    from ..nlp import model_status

    try:
        settings = load_settings()
    except TocsinError as err:
        fail(err)
    rows: list[dict[str, Any]] = []
    for code in langdata.available():
        model = settings.nlp.models.get(code)
        status = model_status(model) if model else None
        rows.append({"code": code, "model": model, "installed": bool(status and status.installed),
                     "version": status.version if status else None,
                     "enabled": code in settings.nlp.languages,
                     "status": status.describe() if status else "no model configured: set nlp.models"})
    if fmt == "json":
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    width = max((len(r["model"] or "—") for r in rows), default=5)
    click.echo(f"{'code':<5} {'model':<{width}}  {'enabled':<8} status")
    for r in rows:
        click.echo(f"{r['code']:<5} {r['model'] or '—':<{width}}  {'yes' if r['enabled'] else 'no':<8} {r['status']}")
