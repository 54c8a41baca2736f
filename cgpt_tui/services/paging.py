"""One reconciler for the paged lists (agents, conversations, a conversation's messages).

A list shows rows in the server's order. Rows painted from the history cache ahead of the
server are kept while the server's pages confirm them (the same rows, so nothing is painted
again; a page longer than what was painted adds its rest); where a page disagrees, the rows
from there on are replaced by the page's. Rows the
list already shows are never shown twice (a row created meanwhile shifts the server's pages).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from typing import Generic, TypeVar

from cgpt_tui.api.frozen import record
from cgpt_tui.services.reading import Origin

T = TypeVar("T")


@record
class Change(Generic[T]):
    """What a list does after a page: keep its first `keep` rows (the rest go), then show
    `added` after them."""

    keep: int
    added: tuple[T, ...]
    origin: Origin
    has_more: bool = False

    def replaces(self, shown: int) -> bool:
        """Whether rows shown so far go (`shown`: how many the list showed before)."""
        return self.keep < shown


def _equal(painted: Sequence[T], fresh: Sequence[T]) -> bool:
    return list(painted) == list(fresh)


class PagedRows(Generic[T]):
    """The rows of one list: first those the server's pages have shown (`confirmed`), then
    any painted from the cache ahead of them.

    `key` names a row (its id); `same(painted, fresh)` says whether rows painted from the
    cache show what the server's page does (by default: equal records)."""

    def __init__(
        self,
        key: Callable[[T], Hashable],
        same: Callable[[Sequence[T], Sequence[T]], bool] = _equal,
    ) -> None:
        self._key = key
        self._same = same
        self.rows: list[T] = []
        self.confirmed = 0
        self.page = 0  # the number of the last page taken (0: none yet)
        self.has_more = False

    def __len__(self) -> int:
        return len(self.rows)

    def paint(self, items: Iterable[T]) -> Change[T]:
        """Rows from the cache, shown while the server is asked (not confirmed)."""
        added = self._new(items)
        self.rows.extend(added)
        return Change(len(self.rows) - len(added), tuple(added), Origin.CACHE, self.has_more)

    def take(self, items: Sequence[T], *, number: int, has_more: bool, origin: Origin) -> Change[T]:
        """A page read from the server (or, offline, the cache), after those taken so far."""
        start, fresh = self.confirmed, list(items)
        painted = self.rows[start:]
        keep = len(self.rows)
        overlap = min(len(painted), len(fresh))
        if painted and (
            not self._same(painted[:overlap], fresh[:overlap])
            or (not has_more and len(painted) > len(fresh))
        ):
            del self.rows[start:]
            keep = start
        added = self._new(fresh)
        self.rows.extend(added)
        self.confirmed = min(start + len(fresh), len(self.rows))
        self.page, self.has_more = number, has_more
        return Change(keep, tuple(added), origin, has_more)

    def _new(self, items: Iterable[T]) -> list[T]:
        known = {self._key(row) for row in self.rows}
        fresh: list[T] = []
        for row in items:
            if (key := self._key(row)) not in known:
                known.add(key)
                fresh.append(row)
        return fresh

    # ------------------------------------------------------------ changes made here

    def index_of(self, key: Hashable) -> int | None:
        return next((n for n, row in enumerate(self.rows) if self._key(row) == key), None)

    def insert_first(self, row: T) -> None:
        """A row made here (a new conversation, an answer): first, and counted as shown by
        the server (its pages after this one are shifted by it)."""
        self.remove(self._key(row))
        self.rows.insert(0, row)
        self.confirmed = min(self.confirmed + 1, len(self.rows))

    def replace(self, row: T) -> None:
        """A row changed here (renamed): in place."""
        if (index := self.index_of(self._key(row))) is not None:
            self.rows[index] = row

    def remove(self, key: Hashable) -> None:
        if (index := self.index_of(key)) is not None:
            del self.rows[index]
            if index < self.confirmed:
                self.confirmed -= 1
