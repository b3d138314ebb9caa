"""The `tocsin` command: thin wrappers around the library, one module per group of commands.

    extract.py    extract                      articles in, contract JSONL out
    batch.py      batch                        the same over many articles, locally or on Ray
    store.py      ingest, events, export, rejected, db
    serve.py      serve                        REST API and dashboard
    gazetteer.py  geocode, gazetteer build
    info.py       config, schema, languages

A command joins the group in `COMMANDS` below; shared options and exit codes are in common.py.
"""

from __future__ import annotations

import click

from .. import __version__
from .batch import batch
from .common import EXIT_CODES_HELP, ExitCode, show_messages
from .extract import extract, format_table
from .gazetteer import gazetteer_group, geocode
from .info import config, languages, schema
from .serve import serve
from .store import COMMANDS as STORE_COMMANDS

__all__ = ["COMMANDS", "ExitCode", "format_table", "main"]


@click.group(context_settings={"help_option_names": ["-h", "--help"]}, epilog=EXIT_CODES_HELP)
@click.version_option(__version__, prog_name="tocsin")
def main() -> None:
    """tocsin: turn news reports into event data (what, who, where, when, how many, per whom).

    \b
    First steps:
      tocsin extract --sample --format table     the bundled sample articles
      tocsin languages                           which languages can be read here
      tocsin ingest articles/ && tocsin events   keep what is read, merged across articles
    """
    show_messages()


COMMANDS: tuple[click.Command, ...] = (extract, batch, *STORE_COMMANDS, serve, geocode, gazetteer_group, config,
                                       schema, languages)
for _command in COMMANDS:
    main.add_command(_command)
