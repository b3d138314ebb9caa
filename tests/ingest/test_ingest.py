"""Ingest: idempotent, resumable after SIGKILL, copies linked and counted once, rejected inputs kept with why."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from tocsin.ingest import ingest
from tocsin.settings import IngestSettings, Settings
from tocsin.store import EventFilter, Store, open_store
from tocsin.store.testing import FILLER, ScriptedRunner, script_article

CITIES = ["Lyon/FR/45.75/4.85/2996944", "Paris/FR/48.85/2.35/2988507", "Almaty/KZ/43.25/76.91/1526384",
          "Nantes/FR/47.22/-1.55/2990969"]
TYPES = ["PROTEST", "ARREST", "ATTACK", "RIOT"]
OTHER = ("Le ministère a publié un communiqué détaillant les mesures prises, alors que les associations "
         "réclament une enquête indépendante et que l'opposition dénonce une gestion chaotique de la crise "
         "depuis plusieurs semaines dans la région concernée par ces troubles.")


def dated(published: str, title: str, lines: list[str], filler: str) -> str:
    """A dated article file (the format of the bundled samples) holding script lines."""
    body = script_article(lines, title="", filler=filler).lstrip("\n")
    return f"date {published} {title} . {body}"


def corpus(folder: Path, n: int = 60) -> Path:
    """`n` scripted articles: events told by 1–3 articles each, some wire copies, one unreadable file."""
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        real = i // 2  # two consecutive articles tell the same real event…
        day = 1 + real % 27
        city = CITIES[real % len(CITIES)]
        etype = TYPES[real % len(TYPES)]
        count = {"PROTEST": "participants", "ARREST": "arrested", "ATTACK": "killed", "RIOT": "injured"}[etype]
        figure = 10 + real + (i % 2)  # …with slightly different figures
        lines = [f"{etype} 2024-03-{day:02d} {city} {count}={figure}"]
        if i % 5 == 0:
            lines.append(f"DEPLOYMENT 2024-03-{day:02d} {city} agent=police:state_forces")
        filler = FILLER if i % 2 else OTHER
        published = f"2024-03-{min(28, day + 1):02d}"
        (folder / f"a{i:03d}.txt").write_text(dated(published, f"Dépêche {i}", lines, filler), encoding="utf-8")
        if i % 7 == 3:  # a wire copy: same story, another headline
            (folder / f"a{i:03d}-copy.txt").write_text(dated(published, f"Reprise {i}", lines, filler),
                                                       encoding="utf-8")
    (folder / "broken.txt").write_bytes(b"\x00\x01\x02binary\x00" * 50)
    return folder


def test_ingest_twice_changes_nothing(store: Store, settings: Settings, tmp_path: Path) -> None:
    folder = corpus(tmp_path / "in", 30)
    first = ingest([folder], store, settings, runner=ScriptedRunner())
    before = store.snapshot()  # type: ignore[attr-defined]
    assert first.stats["stored"] > 0 and first.stats["rejected"] == 1
    runner = ScriptedRunner()
    second = ingest([folder], store, settings, runner=runner)
    assert store.snapshot() == before  # type: ignore[attr-defined]
    assert runner.calls == 0
    assert second.stats["stored"] == second.stats["copies"] == 0
    assert second.stats["already"] == first.stats["read"]
    assert [r.status for r in store.list_runs()] == ["done", "done"]


def test_ingest_links_copies_and_counts_them_once(store: Store, settings: Settings, tmp_path: Path) -> None:
    story = script_article(["ATTACK 2024-03-07 Lyon/FR/45.75/4.85/2996944 killed=5"], title="Attaque à Lyon",
                           filler=f"{FILLER} {OTHER}")
    copy = story.replace("Attaque à Lyon", "Lyon : une attaque fait cinq morts", 1).replace("soirée", "nuit", 1)
    other = script_article(["ATTACK 2024-03-07 Lyon/FR/45.75/4.85/2996944 killed=6"], title="Lyon", filler=OTHER)
    lines = [{"id": "wire", "text": story, "published": "2024-03-08"},
             {"id": "copy", "text": copy, "published": "2024-03-08"},
             {"id": "own", "text": other, "published": "2024-03-08"}]
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(json.dumps(line, ensure_ascii=False) for line in lines), encoding="utf-8")
    runner = ScriptedRunner()
    report = ingest([path], store, settings, runner=runner)
    assert report.stats["copies"] == 1 and runner.calls == 2  # the copy is not even analysed
    (event,) = store.list_events().items
    assert len(event.article_ids) == 2  # the wire story and the independent report, not the copy
    wire = next(a for a in event.articles if a.copies)
    copy_id = wire.copies[0]
    stored = store.get_article(copy_id)
    assert stored is not None and stored.ext_id == "copy" and stored.duplicate_of == wire.id
    assert stored.similarity is not None and stored.similarity >= 0.8


def test_ingest_copy_detection_can_be_turned_off(store: Store, tmp_path: Path) -> None:
    story = script_article(["ATTACK 2024-03-07 Lyon/FR/45.75/4.85/2996944 killed=5"], title="A")
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(json.dumps({"id": t, "text": story.replace("A\n", f"{t}\n", 1)}) for t in "BC"))
    report = ingest([path], store, Settings(ingest=IngestSettings(near_duplicate=0)), runner=ScriptedRunner())
    assert report.stats["copies"] == 0 and report.stats["stored"] == 2


def test_ingest_failed_and_rejected_inputs_are_kept_with_why(store: Store, settings: Settings,
                                                             tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "ok.txt").write_text(script_article(["FIRE 2024-03-07 -"]), encoding="utf-8")
    (folder / "fails.txt").write_text("FAIL " + OTHER, encoding="utf-8")
    (folder / "empty.txt").write_text("   ", encoding="utf-8")
    report = ingest([folder], store, settings, runner=ScriptedRunner())
    assert (report.stats["stored"], report.stats["failed"], report.stats["rejected"]) == (2, 1, 1)
    (rejected,) = store.list_rejected().items
    assert rejected.code == "empty" and rejected.origin and rejected.origin.endswith("empty.txt")
    failed = next(a for a in store.list_articles().items if a.error)
    assert failed.error == ("internal_error", "scripted failure")


def _cli(args: list[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "tocsin.cli", *args], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def test_ingest_killed_midway_then_rerun_equals_uninterrupted(new_url: Callable[[], str], settings: Settings,
                                                               tmp_path: Path) -> None:
    folder = corpus(tmp_path / "in", 60)
    env = {**os.environ, "TOCSIN_CONFIG": str(tmp_path / "none.yaml"), "TOCSIN_NLP__BATCH_SIZE": "2",
           "TOCSIN_TEST_DELAY": "0.03"}
    args = ["ingest", str(folder), "--no-progress", "--runner", "tocsin.store.testing:ScriptedRunner"]
    killed_url, whole_url = new_url(), new_url()
    proc = _cli([*args, "--db", killed_url], env)
    store = open_store(killed_url, settings=settings)
    try:
        deadline = time.monotonic() + 60
        while store.totals()["articles"] < 20:
            assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else ""
            assert time.monotonic() < deadline, "the ingest did not get going"
            time.sleep(0.05)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        partial = store.totals()["articles"]
        assert 20 <= partial < 67, "killed too late to test anything"
        assert [r.status for r in store.list_runs()] == ["running"]
        env["TOCSIN_TEST_DELAY"] = "0"
        # Exit status 1: the corpus holds one unreadable file, rejected (and reported) on every run.
        rerun = _cli([*args, "--db", killed_url], env)
        assert rerun.wait(timeout=120) == 1, rerun.stderr.read().decode() if rerun.stderr else ""
        whole = _cli([*args, "--db", whole_url], env)
        assert whole.wait(timeout=120) == 1, whole.stderr.read().decode() if whole.stderr else ""
        reference = open_store(whole_url, settings=settings)
        try:
            assert store.snapshot() == reference.snapshot()  # type: ignore[attr-defined]
            assert store.totals() | {"runs": 0} == reference.totals() | {"runs": 0}
            assert reference.totals()["merged_events"] > 0 and reference.totals()["copies"] > 0
        finally:
            reference.close()
        assert [r.status for r in store.list_runs()] == ["done", "interrupted"]
    finally:
        if proc.poll() is None:
            proc.kill()
        store.close()


def test_ingest_merges_one_event_per_real_event(store: Store, settings: Settings, tmp_path: Path) -> None:
    ingest([corpus(tmp_path / "in", 24)], store, settings, runner=ScriptedRunner())
    events = store.list_events(EventFilter(types=("PROTEST", "ARREST", "ATTACK", "RIOT")), limit=100)
    assert events.total == 12  # 24 articles, two per real event
    assert all(len(e.article_ids) == 2 for e in events.items)
