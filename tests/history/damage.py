"""Caches damaged, locked or made unreachable the way a user's can be, for the tests."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


def damage_table(path: Path, table: str) -> None:
    """Overwrite the first page of `table`'s b-tree (never page 1: the header and schema
    stay fine, so the file opens) and check that reading the table now fails as
    "malformed", as a real damaged page does."""
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page_size = db.execute("PRAGMA page_size").fetchone()[0]
        (root,) = db.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)
        ).fetchone()
    db.close()
    assert root > 1
    with open(path, "r+b") as file:
        file.seek((root - 1) * page_size)
        file.write(b"\xff" * page_size)
    db = sqlite3.connect(path)
    try:
        with pytest.raises(sqlite3.DatabaseError, match="malformed"):
            db.execute(f"SELECT * FROM {table}").fetchall()
    finally:
        db.close()


@contextmanager
def write_lock(path: Path) -> Iterator[threading.Event]:
    """Another connection holds the cache's write lock (BEGIN IMMEDIATE) until the event
    it yields is set, or the block ends."""
    taken, release = threading.Event(), threading.Event()

    def hold() -> None:
        db = sqlite3.connect(path, isolation_level=None)
        try:
            db.execute("BEGIN IMMEDIATE")
            taken.set()
            release.wait(60)
            db.execute("COMMIT")
        finally:
            db.close()

    thread = threading.Thread(target=hold, daemon=True)
    thread.start()
    assert taken.wait(10), "the lock was not taken"
    try:
        yield release
    finally:
        release.set()
        thread.join(10)
