"""The cache's SQLite connection: every error of it a `CacheError` naming the file, writes
that wait out another process's lock, files private to the user, and a lock file that tells
`cgpt-tui cache clear` the cache is in use.

The one place sqlite3 errors are caught: the store and search go through `Database`, so a
damaged page found at any query (SQLite reads pages as they are needed: a file whose header
is fine can fail at any later read) reaches the app and the commands as a CacheError.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar

from cgpt_tui.history.files import companions, lock_path

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no advisory locks, clear does not ask
    HAS_FLOCK = False
else:
    HAS_FLOCK = True

T = TypeVar("T")
SqlValue = str | bytes | int | float | None  # what SQLite hands a function, and takes back
FIX_HINT = "`cgpt-tui cache clear` (or moving the file away) fixes it"
LOCK_RETRY = 0.05  # seconds between tries of the lock file
CLEARING_WAIT = 1.0  # how long an open waits for a `cache clear` to finish


class CacheError(Exception):
    """The cache file cannot be used (damaged, unreadable, newer than this app)."""

    def __init__(self, path: Path, detail: str, hint: str = FIX_HINT) -> None:
        super().__init__(f"{path}: {detail}")
        self.path = path
        self.detail = detail
        self.hint = hint

    def advice(self) -> str:
        """One line for the user: which file, what is wrong, what fixes it."""
        return f"The history cache {self.path} cannot be used ({self.detail}); {self.hint}."


class CacheBusy(CacheError):
    """Another process holds the cache's write lock (longer than this one may wait). Not a
    broken cache: the next write may well go through."""

    def advice(self) -> str:
        return (
            f"The history cache {self.path} is locked by another process ({self.detail}); "
            "writes wait and go on once it is free."
        )


class CacheInUse(CacheError):
    """A running cgpt-tui holds the cache (see `exclusive`)."""


def _is_busy(error: sqlite3.Error) -> bool:
    return isinstance(error, sqlite3.OperationalError) and (
        "locked" in str(error) or "busy" in str(error)
    )


class Rows(list[Any]):
    """A query's rows, read in full (so a damaged page is found inside the guard)."""

    def fetchone(self) -> Any:
        return self[0] if self else None

    def fetchall(self) -> list[Any]:
        return list(self)


class Database:
    """A sqlite3 connection to `path` (or ":memory:").

    `busy_timeout` is how long SQLite itself waits for another process's write lock;
    `lock_wait` how long, in all, a write goes on trying after that (0: once). `on_wait`
    is told once when a write starts waiting beyond `busy_timeout`. `hint`: what fixes a
    damaged file, for the user.
    """

    def __init__(
        self,
        path: Path,
        *,
        busy_timeout: float = 5.0,
        lock_wait: float = 0.0,
        on_wait: Callable[[CacheBusy], None] | None = None,
        hint: str = FIX_HINT,
    ) -> None:
        self.path = path
        self.hint = hint
        self.lock_wait = lock_wait
        self.on_wait = on_wait
        self._lock: int | None = None
        memory = str(path) == ":memory:"
        try:
            if not memory:
                path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
                self._lock = _hold_shared(path)
                _create_private(path)
            self._db = sqlite3.connect(str(path), isolation_level=None, timeout=busy_timeout)
        except OSError as error:
            self.close()
            raise CacheError(path, os_detail(error), folder_hint(path)) from None
        except sqlite3.Error as error:
            self.close()
            raise self.error(error) from None

    def error(self, error: sqlite3.Error) -> CacheError:
        if _is_busy(error):
            return CacheBusy(self.path, str(error))
        return CacheError(self.path, str(error), self.hint)

    def guarded(self, call: Callable[[], T]) -> T:
        try:
            return call()
        except sqlite3.Error as error:
            raise self.error(error) from None

    def execute(self, sql: str, params: Sequence[object] = ()) -> Rows:
        return self.guarded(lambda: Rows(self._db.execute(sql, params).fetchall()))

    def executemany(self, sql: str, rows: Sequence[Sequence[object]]) -> None:
        self.guarded(lambda: self._db.executemany(sql, rows))

    def create_function(self, name: str, arguments: int, function: Callable[..., SqlValue]) -> None:
        db = self._db
        self.guarded(lambda: db.create_function(name, arguments, function, deterministic=True))

    def script(self, sql: str) -> None:
        """A script that opens its own transaction (a migration), tried as writes are."""

        def run() -> None:
            try:
                self._db.executescript(sql)
            except sqlite3.Error:
                if self._db.in_transaction:
                    self._db.execute("ROLLBACK")
                raise

        self.retrying(run)

    def retrying(self, call: Callable[[], T]) -> T:
        """`call()`, tried again while another process holds the lock, up to `lock_wait`."""
        deadline = time.monotonic() + self.lock_wait
        told = False
        while True:
            try:
                return self.guarded(call)
            except CacheBusy as busy:
                if time.monotonic() >= deadline:
                    raise
                if not told and self.on_wait is not None:
                    self.on_wait(busy)
                told = True
                time.sleep(min(0.2, max(0.0, deadline - time.monotonic())))

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """A write: the lock taken first (BEGIN IMMEDIATE), so what is read inside is what
        is written over, and waiting happens before anything is done."""
        self.retrying(lambda: self._db.execute("BEGIN IMMEDIATE"))
        try:
            yield
            self._db.execute("COMMIT")
        except BaseException as error:
            with contextlib.suppress(sqlite3.Error):  # never left open for the next write
                self._db.execute("ROLLBACK")
            if isinstance(error, sqlite3.Error):
                raise self.error(error) from None
            raise

    def make_private(self) -> None:
        """The database and SQLite's files beside it readable by the user alone (an older
        version made them 0644)."""
        if str(self.path) == ":memory:":
            return
        for path in companions(self.path):
            with contextlib.suppress(OSError):  # gone, someone else's, a read-only disk
                if path.stat().st_mode & 0o077:
                    path.chmod(0o600)

    def close(self) -> None:
        db = getattr(self, "_db", None)
        try:
            if db is not None:
                self.guarded(db.close)
        finally:
            lock, self._lock = self._lock, None
            if lock is not None:
                os.close(lock)  # the shared lock goes with the descriptor


def folder_hint(path: Path) -> str:
    return f"every folder on the way to {path.parent} must be one you can read and write"


def os_detail(error: OSError) -> str:
    """What went wrong and where (the folder in the way, not only the cache's path)."""
    what = error.strerror or str(error)
    return f"{what}: {error.filename}" if error.filename else what


def _create_private(path: Path) -> None:
    """Create the file 0600 before SQLite does: its -wal and -shm take the file's mode."""
    with contextlib.suppress(FileExistsError):  # an existing file is opened as it is
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))


def _hold_shared(path: Path) -> int | None:
    """A shared lock on the cache's lock file, held while it is open: every user of the
    cache holds one, `exclusive` (cache clear) needs none to be held."""
    if not HAS_FLOCK:
        return None
    fd = os.open(lock_path(path), os.O_CREAT | os.O_RDWR, 0o600)
    deadline = time.monotonic() + CLEARING_WAIT
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
            return fd
        except BlockingIOError:
            if time.monotonic() >= deadline:
                os.close(fd)
                raise CacheError(
                    path, "being removed by `cgpt-tui cache clear`", "start again to make a new one"
                ) from None
            time.sleep(LOCK_RETRY)


@contextlib.contextmanager
def exclusive(path: Path) -> Iterator[None]:
    """Held while the cache's files are removed; raises CacheInUse when a running app (or
    sync, or export) has the cache open."""
    if not HAS_FLOCK:
        yield
        return
    try:
        fd = os.open(lock_path(path), os.O_CREAT | os.O_RDWR, 0o600)
    except FileNotFoundError:  # no folder: nothing to clear, nobody holds it
        yield
        return
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise CacheInUse(path, "open in a running cgpt-tui", "quit it first") from None
        yield
    finally:
        os.close(fd)
