"""The store's commands as a user runs them: problems reported per input, `rejected`, read-only refusals."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tocsin.cli import ExitCode, main
from tocsin.store import Store
from tocsin.store.testing import script_article

LYON = "Lyon/FR/45.75/4.85/2996944"
RUNNER = ["--no-progress", "--runner", "tocsin.store.testing:ScriptedRunner"]


def folder_of(tmp_path: Path, name: str, files: dict[str, str | bytes]) -> Path:
    folder = tmp_path / name
    folder.mkdir()
    for file, content in files.items():
        if isinstance(content, bytes):
            (folder / file).write_bytes(content)
        else:
            (folder / file).write_text(content, encoding="utf-8")
    return folder


def ingest(store: Store, *inputs: Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["ingest", *map(str, inputs), "--db", store.url, *RUNNER])
    return result.exit_code, result.stderr


def test_ingest_exit_status_and_one_line_per_bad_input(store: Store, tmp_path: Path) -> None:
    good = folder_of(tmp_path, "good", {"a.txt": script_article([f"FIRE 2024-03-07 {LYON}"])})
    code, err = ingest(store, good)
    assert code == ExitCode.OK, err
    mixed = folder_of(tmp_path, "mixed", {"b.txt": script_article([f"RIOT 2024-03-08 {LYON}"]),
                                          "empty.txt": "   ", "fails.txt": "FAIL " + "texte " * 20,
                                          "binary.txt": b"\x00\x01\x02" * 40})
    code, err = ingest(store, mixed)
    assert code == ExitCode.PARTIAL, err
    lines = [line for line in err.splitlines() if line.startswith(("rejected ", "failed "))]
    assert len(lines) == 3
    assert any(line.startswith("rejected [empty]") and "empty.txt" in line for line in lines)
    assert any(line.startswith("rejected [binary]") and "binary.txt" in line for line in lines)
    assert any(line.startswith("failed [internal_error]") and "fails.txt" in line for line in lines)
    only_bad = folder_of(tmp_path, "bad", {"empty.txt": "", "binary.txt": b"\x00" * 64})
    code, err = ingest(store, only_bad)
    assert code == ExitCode.FATAL and "2 rejected" in err


def test_ingest_missing_path_is_a_usage_error(store: Store, tmp_path: Path) -> None:
    code, err = ingest(store, tmp_path / "nosuch")
    assert code == ExitCode.FATAL and "no such file or folder" in err
    assert store.list_runs() == []  # nothing was started


def test_rejected_lists_rejected_and_failed_inputs(store: Store, tmp_path: Path) -> None:
    first = folder_of(tmp_path, "first", {"empty.txt": "", "ok.txt": script_article([f"FIRE 2024-03-07 {LYON}"])})
    second = folder_of(tmp_path, "second", {"fails.txt": "FAIL " + "mot " * 30, "blank.txt": "\n\n"})
    ingest(store, first)
    ingest(store, second)
    runner = CliRunner()
    listed = runner.invoke(main, ["rejected", "--db", store.url, "--format", "json"])
    assert listed.exit_code == 0, listed.output
    rows = json.loads(listed.stdout)
    assert sorted((r["kind"], r["code"], r["run"]) for r in rows) == [
        ("failed", "internal_error", 2), ("rejected", "empty", 1), ("rejected", "empty", 2)]
    assert all(r["message"] and r["origin"] for r in rows)
    since = runner.invoke(main, ["rejected", "--db", store.url, "--since", "2", "--format", "json"])
    assert {r["run"] for r in json.loads(since.stdout)} == {2}
    last = runner.invoke(main, ["rejected", "--db", store.url, "--since", "last"])
    assert last.exit_code == 0
    table = last.stdout.splitlines()
    assert table[0].split() == ["run", "kind", "code", "input:", "message"]
    assert any("fails.txt" in line and "internal_error" in line for line in table)
    assert table[-1] == "(2 inputs)"
    bad = runner.invoke(main, ["rejected", "--db", store.url, "--since", "yesterday"])
    assert bad.exit_code == ExitCode.FATAL and "not a run number" in bad.stderr


@pytest.mark.parametrize("command", [["events"], ["events", "--format", "json"], ["export", "--format", "acled"],
                                     ["rejected"], ["db", "info"]],
                         ids=["events", "events-json", "export", "rejected", "db-info"])
def test_read_only_commands_refuse_a_missing_database(tmp_path: Path, command: list[str]) -> None:
    target = tmp_path / "nonexistent" / "dir" / "x.db"
    result = CliRunner().invoke(main, [*command, "--db", str(target)])
    assert result.exit_code == ExitCode.FATAL
    assert "there is no database at" in result.stderr and "tocsin ingest" in result.stderr
    assert not (tmp_path / "nonexistent").exists()  # neither the file nor its folders were made


def test_events_table_has_a_header(store: Store, tmp_path: Path) -> None:
    ingest(store, folder_of(tmp_path, "in", {"a.txt": script_article([f"FIRE 2024-03-07 {LYON}"])}))
    result = CliRunner().invoke(main, ["events", "--db", store.url])
    assert result.exit_code == 0, result.output
    header, row, footer = result.stdout.splitlines()
    assert header.split() == ["id", "type", "date", "place", "articles", "counts"]
    assert "FIRE" in row and "2024-03-07" in row and "Lyon (FR)" in row
    assert footer == "(1–1 of 1 events)"
