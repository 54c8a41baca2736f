"""Walking every page of a list: the first page says how many, the rest come a few at a time
and in order; a server that does not say how many is walked one page after another."""

from __future__ import annotations

import asyncio

import pytest

from cgpt_tui.api import Page, ServerError
from cgpt_tui.services.walk import every_page


def pages_of(items: list[int], per_page: int, *, counted: bool = True):
    asked: list[int] = []
    running = [0, 0]  # now, most at once

    async def fetch(number: int) -> Page[int]:
        asked.append(number)
        running[0] += 1
        running[1] = max(running)
        await asyncio.sleep(0.01 * (number % 3))  # answers arrive out of order
        running[0] -= 1
        chunk = items[(number - 1) * per_page : number * per_page]
        last = -(-len(items) // per_page) if counted else number
        has_next = number * per_page < len(items)
        return Page(tuple(chunk), number, max(last, 1), per_page, None, has_next)

    return fetch, asked, running


async def test_every_page_in_order_four_at_a_time() -> None:
    items = list(range(95))
    fetch, asked, running = pages_of(items, 10)
    told: list[tuple[int, int | None]] = []
    assert await every_page(fetch, progress=lambda *step: told.append(step)) == items
    assert sorted(asked) == list(range(1, 11)) and asked[0] == 1
    assert running[1] == 4
    assert told[0] == (1, 10) and told[-1] == (10, 10) and len(told) == 10


async def test_without_a_page_count_pages_come_one_after_another() -> None:
    items = list(range(25))
    fetch, asked, running = pages_of(items, 10, counted=False)
    told: list[tuple[int, int | None]] = []
    assert await every_page(fetch, progress=lambda *step: told.append(step)) == items
    assert asked == [1, 2, 3] and running[1] == 1
    assert told == [(1, None), (2, None), (3, 3)]


async def test_one_page_and_no_pages() -> None:
    fetch, asked, _ = pages_of([1, 2], 10)
    assert await every_page(fetch) == [1, 2] and asked == [1]
    fetch, asked, _ = pages_of([], 10)
    assert await every_page(fetch) == [] and asked == [1]


async def test_a_failing_page_raises_its_own_error() -> None:
    fetch, _, _ = pages_of(list(range(50)), 10)

    async def failing(number: int) -> Page[int]:
        if number == 3:
            raise ServerError("page three is gone", status=500)
        return await fetch(number)

    with pytest.raises(ServerError, match="page three is gone"):
        await every_page(failing)
