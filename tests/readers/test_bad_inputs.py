"""Bad input never stops a batch: each case becomes a Rejected with a code and a message saying what to do."""

from __future__ import annotations

import codecs
import io
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tocsin.errors import ConfigError
from tocsin.model import Article, Rejected
from tocsin.readers import read_bytes, read_inputs
from tocsin.settings import Settings

Limited = Callable[..., Settings]


def _one(path: Path, settings: Settings) -> Article | Rejected:
    [item] = list(read_inputs([path], settings=settings))
    return item


def _rejected(path: Path, settings: Settings) -> Rejected:
    item = _one(path, settings)
    assert isinstance(item, Rejected), item
    assert item.origin == str(path)
    assert item.error.message.startswith(f"{path}: ")  # says which input
    return item


@pytest.mark.parametrize(
    ("content", "code", "hint"),
    [
        (b"", "empty", "give it"),
        (b"  \n\n\t \r\n", "empty", "give it"),
        (b"\xef\xbb\xbf\n", "empty", "give it"),
        (b"%PDF-1.7\n\x00\x00\x01binary", "binary", "convert PDF"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary", "convert"),
        (bytes(range(1, 9)) * 20 + b"un peu de texte", "binary", "control bytes"),
        (b"date 2022-13 Titre . Corps.", "bad_header", "date YYYY"),
    ],
    ids=["empty", "white-space", "bom-only", "pdf", "png", "control-bytes", "bad-header"],
)
def test_bad_file_rejected_with_hint(tmp_path: Path, settings: Settings, content: bytes, code: str,
                                     hint: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    item = _rejected(path, settings)
    assert (item.id, item.error.code) == ("bad", code)
    assert hint in item.error.message


def test_mostly_non_text_after_fallback_decoding_is_binary(tmp_path: Path, limited: Limited) -> None:
    path = tmp_path / "c1.txt"
    # Bytes cp1252 leaves undefined, so latin-1 decodes them, as C1 control characters.
    path.write_bytes(bytes([0x81, 0x8D, 0x8F, 0x90, 0x9D]) * 100)
    item = _rejected(path, limited(fallbacks=["cp1252", "latin-1"]))
    assert item.error.code == "binary"
    assert "non-text characters" in item.error.message


def test_too_large_file_rejected(tmp_path: Path, limited: Limited) -> None:
    path = tmp_path / "long.txt"
    path.write_text("Un article bien trop long. " * 100, encoding="utf-8")
    item = _rejected(path, limited(max_bytes=1000))
    assert item.error.code == "too_large"
    assert "more than input.max_bytes (1000)" in item.error.message
    assert "TOCSIN_INPUT__MAX_BYTES" in item.error.message


def test_too_large_file_is_not_read(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.write(b"Du texte ordinaire. " * 4000)
        handle.truncate(8 * 2**30)  # a sparse 8 GiB file: reading it whole would exhaust memory
    item = _rejected(path, settings)
    assert item.error.code == "too_large"
    assert str(8 * 2**30) in item.error.message


def test_exactly_max_bytes_is_accepted(tmp_path: Path, limited: Limited) -> None:
    path = tmp_path / "edge.txt"
    path.write_bytes(b"x" * 100)
    assert isinstance(_one(path, limited(max_bytes=100)), Article)
    path.write_bytes(b"x" * 101)
    assert _rejected(path, limited(max_bytes=100)).error.code == "too_large"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("Émeutes à Almaty : « modération »".encode("cp1252"), "Émeutes à Almaty : « modération »"),
        ("Œuvre d’art — 20 €".encode("cp1252"), "Œuvre d’art — 20 €"),
        (codecs.BOM_UTF8 + "Déjà vu".encode(), "Déjà vu"),
        (codecs.BOM_UTF16_LE + "Émeutes, UTF-16".encode("utf-16-le"), "Émeutes, UTF-16"),
        (codecs.BOM_UTF16_BE + "Émeutes, UTF-16 BE".encode("utf-16-be"), "Émeutes, UTF-16 BE"),
    ],
    ids=["cp1252", "cp1252-specials", "utf8-bom", "utf16-le", "utf16-be"],
)
def test_other_encodings_decoded(tmp_path: Path, settings: Settings, content: bytes, expected: str) -> None:
    path = tmp_path / "enc.txt"
    path.write_bytes(content)
    item = _one(path, settings)
    assert isinstance(item, Article), item
    assert item.text == expected


def test_undecodable_file_rejected_as_encoding(tmp_path: Path, limited: Limited) -> None:
    path = tmp_path / "mixed.txt"
    # Not UTF-8 (a lone 0xE9) and not cp1252 (0x81 is undefined there).
    path.write_bytes(b"Caf\xe9 et \x81 inconnu, dans un texte par ailleurs ordinaire.")
    item = _rejected(path, limited(fallbacks=["cp1252"]))
    assert item.error.code == "encoding"
    assert "tried utf-8, cp1252" in item.error.message
    assert "convert it to UTF-8" in item.error.message


def test_no_fallback_means_utf8_only(tmp_path: Path, limited: Limited) -> None:
    path = tmp_path / "latin.txt"
    path.write_bytes("Émeutes".encode("latin-1"))
    assert _rejected(path, limited(fallbacks=[])).error.code == "encoding"


def test_unknown_fallback_encoding_is_a_config_error(tmp_path: Path, limited: Limited) -> None:
    path = tmp_path / "a.txt"
    path.write_text("x", encoding="utf-8")
    with pytest.raises(ConfigError, match="no-such-codec"):
        list(read_inputs([path], settings=limited(fallbacks=["no-such-codec"])))


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs file permissions that apply (not root)")
def test_permission_denied_rejected_as_unreadable(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "secret.txt"
    path.write_text("x", encoding="utf-8")
    path.chmod(0)
    try:
        item = _rejected(path, settings)
    finally:
        path.chmod(0o600)
    assert item.error.code == "unreadable"
    assert "permission denied" in item.error.message


def test_missing_path_rejected_as_unreadable(tmp_path: Path, settings: Settings) -> None:
    item = _rejected(tmp_path / "absent.txt", settings)
    assert (item.id, item.error.code) == ("absent", "unreadable")
    assert "check the path" in item.error.message


def test_broken_link_and_fifo_in_folder_rejected(tmp_path: Path, settings: Settings) -> None:
    (tmp_path / "a.txt").write_text("Un.", encoding="utf-8")
    (tmp_path / "b-broken.txt").symlink_to(tmp_path / "nowhere.txt")
    os.mkfifo(tmp_path / "c-pipe")
    (tmp_path / "d.txt").write_text("Deux.", encoding="utf-8")
    items = list(read_inputs([tmp_path], settings=settings))
    assert [(i.id, i.error.code if isinstance(i, Rejected) else "ok") for i in items] == [
        ("a", "ok"), ("b-broken", "unreadable"), ("c-pipe", "unreadable"), ("d", "ok")]


def test_batch_of_bad_inputs_loses_nothing(tmp_path: Path, limited: Limited) -> None:
    files: dict[str, bytes] = {
        "01-ok.txt": b"Un article ordinaire.",
        "02-empty.txt": b"",
        "03-binary.bin": b"\x00\x01\x02\x03" * 10,
        "04-large.txt": b"x" * 3000,
        "05-encoding.txt": b"\xe9\x81",
        "06-header.txt": b"date 2022-02-30 T . B",
        "07-records.jsonl": b'{"id": "r1", "text": "Bon."}\nnot json\n{"id": "r3", "text": "Bon aussi."}\n',
        "08-ok.txt": b"date 2022-01 Titre . Corps.",
    }
    for name, content in files.items():
        (tmp_path / name).write_bytes(content)
    items = list(read_inputs([tmp_path], settings=limited(max_bytes=2000, fallbacks=["cp1252"])))
    summary = [(i.id, i.error.code if isinstance(i, Rejected) else "ok") for i in items]
    assert summary == [
        ("01-ok", "ok"), ("02-empty", "empty"), ("03-binary", "binary"), ("04-large", "too_large"),
        ("05-encoding", "encoding"), ("06-header", "bad_header"), ("r1", "ok"), ("07-records:2", "bad_record"),
        ("r3", "ok"), ("08-ok", "ok"),
    ]


def _stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"date 2022-01 Titre . Corps.", [("stdin", "ok")]),
        (b"Du texte brut.", [("stdin", "ok")]),
        (b'{"id": "s1", "text": "A"}\n{"text": 1}\n', [("s1", "ok"), ("stdin:2", "bad_record")]),
        (b"", [("stdin", "empty")]),
        (b"x" * 3000, [("stdin", "too_large")]),
    ],
    ids=["dated", "plain", "jsonl", "empty", "too-large"],
)
def test_stdin(monkeypatch: pytest.MonkeyPatch, limited: Limited, data: bytes,
               expected: list[tuple[str, str]]) -> None:
    _stdin(monkeypatch, data)
    items = list(read_inputs(["-"], settings=limited(max_bytes=2000)))
    assert [(i.id, i.error.code if isinstance(i, Rejected) else "ok") for i in items] == expected
    assert all(i.origin and i.origin.startswith("<stdin>") for i in items)


def test_read_bytes_like_a_file(settings: Settings) -> None:
    items = list(read_bytes(json.dumps({"text": "Téléversé."}).encode() + b"\n", name="upload.jsonl",
                            settings=settings))
    assert [(type(i).__name__, i.origin) for i in items] == [("Article", "upload.jsonl:1")]
    [item] = list(read_bytes(b"\x00\x00", name="scan.pdf", settings=settings))
    assert isinstance(item, Rejected) and (item.id, item.error.code) == ("scan", "binary")


def test_permission_error_message_when_running_as_root(tmp_path: Path, settings: Settings,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    # Root reads any file, so the OS's refusal is stood in for where the reader opens the file.
    path = tmp_path / "secret.txt"
    path.write_text("x", encoding="utf-8")

    def refuse(self: Path, *args: object, **kwargs: object) -> object:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "open", refuse)
    item = _rejected(path, settings)
    assert item.error.code == "unreadable"
    assert "permission denied" in item.error.message and "chmod" in item.error.message


def test_stdin_too_large_says_larger(monkeypatch: pytest.MonkeyPatch, limited: Limited) -> None:
    _stdin(monkeypatch, b"y" * 5000)
    [item] = list(read_inputs(["-"], settings=limited(max_bytes=2000)))
    assert isinstance(item, Rejected)
    assert "the input is larger than input.max_bytes (2000)" in item.error.message
