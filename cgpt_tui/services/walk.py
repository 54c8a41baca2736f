"""Every page of a paged list, fetched a few at a time: the first page says how many there
are, the rest are asked for up to `at_once` concurrently (in order, whatever order they
arrive in). For reports, which need every row, unlike the lists on screen (paging.py).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TypeVar

from cgpt_tui.api import Page

T = TypeVar("T")

AT_ONCE = 4  # pages asked for at a time: a busy server is not flooded
MAX_PAGES = 10_000  # a server that claims more is not believed past this


def _nothing(done: int, total: int | None) -> None:
    pass


async def every_page(
    fetch: Callable[[int], Awaitable[Page[T]]],
    *,
    at_once: int = AT_ONCE,
    progress: Callable[[int, int | None], None] = _nothing,
) -> list[T]:
    """The items of every page, in page order. `progress(pages done, pages in all)` after
    each page (in all: None while unknown). A server that does not say how many pages there
    are (no last_page) is walked one page after another until it says there is no next one.
    The first error raised by a page is raised (the pages still being fetched are cancelled).
    """
    first = await fetch(1)
    items = list(first.items)
    last = min(first.last_page, MAX_PAGES)
    if not first.has_next or not first.items:
        progress(1, 1)
        return items
    if last <= 1:  # a next page but no count: one after another
        return items + await _one_by_one(fetch, progress)
    progress(1, last)
    pages: dict[int, tuple[T, ...]] = {}
    gate = asyncio.Semaphore(max(at_once, 1))

    async def one(number: int) -> None:
        async with gate:
            page = await fetch(number)
        pages[number] = page.items if page.page == number else ()
        progress(len(pages) + 1, last)

    try:
        async with asyncio.TaskGroup() as group:
            for number in range(2, last + 1):
                group.create_task(one(number))
    except ExceptionGroup as failed:  # the first page's error, as a plain walk raises it
        raise _first(failed) from None
    for number in range(2, last + 1):
        items.extend(pages[number])
    return items


async def _one_by_one(
    fetch: Callable[[int], Awaitable[Page[T]]], progress: Callable[[int, int | None], None]
) -> list[T]:
    items: list[T] = []
    number = 2
    progress(1, None)
    while number <= MAX_PAGES:
        page = await fetch(number)
        if page.page != number:
            break
        items.extend(page.items)
        progress(number, None if page.has_next else number)
        if not page.has_next or not page.items:
            break
        number += 1
    return items


def _first(group: BaseExceptionGroup) -> BaseException:
    error: BaseException = group
    while isinstance(error, BaseExceptionGroup) and error.exceptions:
        error = error.exceptions[0]
    return error
