"""Paths to inputs: files, folders walked in sorted order (hidden entries skipped), and `-` for stdin."""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ..errors import ReadError
from ..model import Article, DateRange, Rejected
from ..settings import Settings
from .common import rejected
from .stream import read_stream

STDIN = "-"


@dataclass(frozen=True, slots=True)
class Source:
    """One input to read: its article id, where it is (for messages) and its path (None: stdin)."""

    id: str
    origin: str
    path: Path | None
    suffix: str = ""


def _why(err: OSError) -> str:
    if isinstance(err, PermissionError):
        return "permission denied: make the file readable by this user (e.g. chmod a+r) or leave it out"
    if isinstance(err, FileNotFoundError):
        return "no such file or folder (or a broken symbolic link): check the path"
    return f"cannot be read ({err.strerror or err}): check the file or leave it out"


def _unreadable(err: OSError, *, id: str, origin: str) -> Rejected:
    return rejected(ReadError(_why(err)), id=id, origin=origin)


def _relative_id(rel: PurePosixPath) -> str:
    # The suffix names the format, not the article: "2022/almaty.txt" is article "2022/almaty".
    return str(rel.with_suffix("")) if rel.suffix else str(rel)


def _walk(folder: Path, rel: PurePosixPath, seen: set[tuple[int, int]]) -> Iterator[Source | Rejected]:
    try:
        with os.scandir(folder) as scan:
            entries = sorted(scan, key=lambda e: e.name)
    except OSError as err:
        name = str(rel) if rel.parts else folder.name
        yield _unreadable(err, id=name, origin=str(folder))
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = folder / entry.name
        child = rel / entry.name
        try:
            info = entry.stat()  # follows symbolic links, as reading the file will
        except OSError as err:
            yield _unreadable(err, id=_relative_id(child), origin=str(path))
            continue
        if stat.S_ISDIR(info.st_mode):
            key = (info.st_dev, info.st_ino)
            if key in seen:  # a symbolic link back to a folder being walked
                continue
            seen.add(key)
            yield from _walk(path, child, seen)
        elif stat.S_ISREG(info.st_mode):
            yield Source(_relative_id(child), str(path), path, path.suffix)
        else:
            odd = OSError(0, "not a regular file (a pipe, socket or device)")
            yield _unreadable(odd, id=_relative_id(child), origin=str(path))


def iter_sources(paths: Iterable[str | Path]) -> Iterator[Source | Rejected]:
    """Every input named by `paths`, in order; a path that cannot be read is Rejected (code unreadable)."""
    for item in paths:
        if str(item) == STDIN:
            yield Source("stdin", "<stdin>", None)
            continue
        path = Path(item)
        try:
            info = path.stat()
        except OSError as err:
            yield _unreadable(err, id=path.stem or str(path), origin=str(path))
            continue
        if stat.S_ISDIR(info.st_mode):
            yield from _walk(path, PurePosixPath(), {(info.st_dev, info.st_ino)})
        else:
            yield Source(path.stem or str(path), str(path), path, path.suffix)


def read_source(source: Source, *, published: DateRange | None, lang: str | None,
                settings: Settings) -> Iterator[Article | Rejected]:
    """The articles in one source; an I/O error ends that source with a Rejected, never the batch."""
    if source.path is None:
        stream = getattr(sys.stdin, "buffer", None)
        if stream is None:
            yield rejected(ReadError("there is no standard input to read: pass file paths instead of -"),
                           id=source.id, origin=source.origin)
            return
        yield from read_stream(stream, size=None, source_id=source.id, origin=source.origin,
                               published=published, lang=lang, settings=settings)
        return
    try:
        handle = source.path.open("rb")
    except OSError as err:
        yield _unreadable(err, id=source.id, origin=source.origin)
        return
    with handle:
        try:
            info = os.fstat(handle.fileno())
            # Pipes (`<(zcat …)`) report size 0: their size is only known by reading, up to the limit.
            size = info.st_size if stat.S_ISREG(info.st_mode) else None
            yield from read_stream(handle, size=size, source_id=source.id, origin=source.origin,
                                   suffix=source.suffix, published=published, lang=lang, settings=settings)
        except OSError as err:
            yield _unreadable(err, id=source.id, origin=source.origin)
