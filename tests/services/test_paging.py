"""The one reconciler of the paged lists: whatever the cache painted, the rows end as the
server lists them, and a list that applies each `Change` shows exactly the rows."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from cgpt_tui.services.paging import Change, PagedRows
from cgpt_tui.services.reading import Origin

PER_PAGE = 3


def apply(shown: list[int], change: Change[int]) -> list[int]:
    """What a list widget does with a change: truncate, then add."""
    return shown[: change.keep] + list(change.added)


def pages(rows: list[int]) -> list[list[int]]:
    return [rows[i : i + PER_PAGE] for i in range(0, len(rows), PER_PAGE)] or [[]]


@given(
    server=st.lists(st.integers(0, 40), unique=True, max_size=12),
    cached=st.lists(st.integers(0, 40), unique=True, max_size=12),
)
def test_any_painted_rows_end_as_the_servers_list(server: list[int], cached: list[int]) -> None:
    rows: PagedRows[int] = PagedRows(key=lambda n: n)
    shown = apply([], rows.paint(cached))
    split = pages(server)
    for number, items in enumerate(split, start=1):
        change = rows.take(items, number=number, has_more=number < len(split), origin=Origin.SERVER)
        shown = apply(shown, change)
        assert shown == rows.rows
        # What the server has shown so far comes first, as it listed it.
        seen = [n for page in split[:number] for n in page]
        assert rows.rows[: len(seen)] == seen
    assert rows.rows == server
    assert not rows.has_more and rows.page == len(split)


def test_rows_the_cache_painted_right_are_not_painted_again() -> None:
    rows: PagedRows[int] = PagedRows(key=lambda n: n)
    rows.paint([1, 2, 3, 4, 5, 6])
    first = rows.take([1, 2, 3], number=1, has_more=True, origin=Origin.SERVER)
    assert (first.keep, first.added) == (6, ())  # nothing changes on screen
    second = rows.take([4, 5, 9], number=2, has_more=False, origin=Origin.SERVER)
    assert (second.keep, second.added) == (3, (4, 5, 9))  # the page's rows replace the rest
    assert rows.rows == [1, 2, 3, 4, 5, 9]


def test_a_row_made_here_shifts_the_servers_pages_and_is_not_listed_twice() -> None:
    rows: PagedRows[int] = PagedRows(key=lambda n: n)
    rows.take([5, 4, 3], number=1, has_more=True, origin=Origin.SERVER)
    rows.insert_first(6)  # created here: the server's page 2 now starts with 3
    change = rows.take([3, 2, 1], number=2, has_more=False, origin=Origin.SERVER)
    assert change.added == (2, 1)
    assert rows.rows == [6, 5, 4, 3, 2, 1]


def test_moving_and_removing_rows_keeps_the_count_the_server_confirmed() -> None:
    rows: PagedRows[int] = PagedRows(key=lambda n: n)
    rows.take([3, 2, 1], number=1, has_more=True, origin=Origin.SERVER)
    rows.insert_first(2)  # touched: to the top, no new row
    assert rows.rows == [2, 3, 1] and rows.confirmed == 3
    rows.remove(3)
    assert rows.rows == [2, 1] and rows.confirmed == 2


def test_a_custom_sameness_decides_what_is_painted_again() -> None:
    rows: PagedRows[str] = PagedRows(
        key=lambda s: s.lower(), same=lambda a, b: [x.lower() for x in a] == [y.lower() for y in b]
    )
    rows.paint(["a", "b"])
    change = rows.take(["A", "B"], number=1, has_more=False, origin=Origin.SERVER)
    assert change.keep == 2 and change.added == ()


def test_a_page_longer_than_what_the_cache_painted_adds_only_the_rest() -> None:
    rows: PagedRows[int] = PagedRows(key=lambda n: n)
    rows.paint([1, 2])
    change = rows.take([1, 2, 3, 4], number=1, has_more=False, origin=Origin.SERVER)
    assert (change.keep, change.added) == (2, (3, 4))
