"""Swappable parts (geocoders, runners, stores): built-ins and entry-point plugins, looked up alike."""

from __future__ import annotations

from collections.abc import Mapping
from importlib import metadata
from typing import TypeVar

F = TypeVar("F")


def names(group: str, builtins: Mapping[str, object]) -> list[str]:
    """Every name a part of this group may take: the built-ins and the installed plugins."""
    return sorted({*builtins, *(ep.name for ep in metadata.entry_points(group=group))})


def factory(group: str, name: str, builtins: Mapping[str, F]) -> F | None:
    """The factory registered as `name`: an installed plugin wins over a built-in; None if neither."""
    for ep in metadata.entry_points(group=group):
        if ep.name == name:
            loaded: F = ep.load()
            return loaded
    return builtins.get(name)
