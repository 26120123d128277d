"""A big import: rows checked once and kept in a temporary file, gadgets found by worker processes.

What is stored must not depend on how the import went about it: the real reply set imported with
workers, with the rows spilling to disk in small blocks, stores exactly what one process storing
everything in memory stores, and the gadgets are those the matcher finds in each text.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from tipqueue.config.errors import InputError
from tipqueue.replies import extraction, importer
from tipqueue.replies.evaluate import load_labelled
from tipqueue.replies.gadgets import GadgetMatcher
from tipqueue.replies.import_rows import SeenIds
from tipqueue.replies.lexicon import bundled_lexicon
from tipqueue.scheduler.store import Store

REALSET = Path(__file__).parent / "realset"


def _thread_file(path: Path) -> Path:
    """The real set as one file of comments (Instagram-style ids), each excerpt answering the
    comment it follows on from, when it has one."""
    start = datetime(2025, 3, 1, tzinfo=UTC)
    rows: list[dict[str, Any]] = []
    for item in [i for f in sorted(REALSET.glob("*.jsonl")) for i in load_labelled(f)]:
        parent = None
        if item.parent:
            parent = str(17900000000000000 + len(rows))
            rows.append({"id": parent, "text": item.parent, "username": "parent"})
        rows.append({"id": str(17900000000000000 + len(rows)), "text": item.text, "parent_id": parent})
        rows[-1]["username"] = item.source.split("/")[2]
    for n, row in enumerate(rows):
        row["created_at"] = (start + timedelta(minutes=n)).isoformat()
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def _stored(store: Store) -> list[tuple[Any, ...]]:
    return [(r.platform_id, r.parent_id, r.text, r.created_at, r.mentions) for r in store.list_replies()]


def test_workers_and_a_spilled_spool_store_what_one_process_finds(
    tmp_path: Path, now: datetime, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = _thread_file(tmp_path / "realset.jsonl")
    with Store.open(f"sqlite:///{tmp_path / 'one.db'}") as store:
        importer.import_replies(store, source, now=now, workers=0)
        alone = _stored(store)

    started: list[int] = []
    start = extraction.Extractor.start

    def spy(self: extraction.Extractor, workers: int) -> None:
        start(self, workers)
        started.append(len(self._workers))

    monkeypatch.setattr(extraction.Extractor, "start", spy)
    # tiny blocks, few ahead, a spool that moves to disk at once, workers from the first rows
    monkeypatch.setattr(importer, "BLOCK", 37)
    monkeypatch.setattr(importer, "AHEAD", 3)
    monkeypatch.setattr(importer, "BATCH", 100)
    monkeypatch.setattr(importer, "SPOOL_MEMORY", 1000)
    monkeypatch.setattr(importer, "PARALLEL_ROWS", 40)
    with Store.open(f"sqlite:///{tmp_path / 'two.db'}") as store:
        report = importer.import_replies(store, source, now=now, workers=2)
        together = _stored(store)
    assert started == [2]
    assert report.added == len(alone) > 500
    assert together == alone

    matcher = GadgetMatcher(bundled_lexicon())
    named = [(text, mentions) for _, _, text, _, mentions in alone if not any(m.inferred for m in mentions)]
    # what a reply names itself; a reply that names nothing alone may still name its thread's
    # device in words the thread explains ("the Prestige version"), which are in its text
    alone_found = [matcher.find(text) for text, _ in named]
    assert [m for (_, m), f in zip(named, alone_found, strict=True) if f] == [f for f in alone_found if f]
    assert all(
        m.matched in text for (text, ms), f in zip(named, alone_found, strict=True) if not f for m in ms
    )
    inferred = [mentions for *_, mentions in alone if any(m.inferred for m in mentions)]
    assert len(inferred) >= 10  # "mine broke", "the roller": the comment answered said which


def test_a_bad_row_after_blocks_were_handed_to_the_workers_stores_nothing(
    store: Store, tmp_path: Path, now: datetime, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(importer, "BLOCK", 10)
    monkeypatch.setattr(importer, "PARALLEL_ROWS", 20)
    rows = [json.dumps({"text": f"my NuFace, day {n}"}) for n in range(200)]
    rows.append(json.dumps({"text": "my Foreo", "created_at": "last tuesday"}))
    path = tmp_path / "late.jsonl"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match="line 201: created_at 'last tuesday' is not a time"):
        importer.import_replies(store, path, now=now, workers=1)
    assert store.list_replies() == []


def test_repeats_of_one_row_are_numbered_however_many_ids_the_file_holds() -> None:
    seen = SeenIds()
    ids = [f"imp:{n:024x}" for n in range(20_000)]  # enough to grow the table several times
    assert [seen.count(pid) for pid in ids] == [1] * len(ids)
    assert [seen.count(ids[7]), seen.count(ids[7]), seen.count(ids[19_999])] == [2, 3, 2]
    assert seen.count("imp:new") == 1
