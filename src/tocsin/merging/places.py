"""Where a place lies: the gazetteer's divisions of a GeoNames id, for telling a town within its county."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from ..geocode.index import Gazetteer, index_path
from ..settings import Settings


class AdminCodes:
    """GeoNames id → the division codes it lies in, its own first when it is a division ("US.OH.113").

    Reads the gazetteer index when it is built and never builds it (a store must open without it): with
    no index, places are compared by name, coordinates and precision only.
    """

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self._gazetteer: Gazetteer | None = None
        self._opened = False
        self.lookup = lru_cache(maxsize=65536)(self._lookup)

    @classmethod
    def of(cls, settings: Settings) -> AdminCodes:
        return cls(index_path(settings))

    def _open(self) -> Gazetteer | None:
        if not self._opened:
            self._opened = True
            if self.path is not None and self.path.is_file():
                self._gazetteer = Gazetteer(self.path)
        return self._gazetteer

    def _lookup(self, geonames_id: int) -> tuple[str, ...]:
        gazetteer = self._open()
        if gazetteer is None:
            return ()
        entry = gazetteer.by_code(f"geonames:{geonames_id}")
        if entry is None:
            return ()
        own = entry.code if entry.code and entry.code.count(".") >= 1 else ""
        inside = tuple(dict.fromkeys(c for c in (entry.admin2, entry.admin1) if c and c != own))
        return (own, *inside) if (own or inside) else ()

    def __call__(self, geonames_id: int) -> tuple[str, ...]:
        return self.lookup(geonames_id)

    def close(self) -> None:
        if self._gazetteer is not None:
            self._gazetteer.close()
            self._gazetteer = None
        self._opened = False
