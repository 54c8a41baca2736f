"""Laravel-style pages, and a pager that walks them lazily."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from cgpt_tui.api.coerce import as_int
from cgpt_tui.api.errors import ProtocolError
from cgpt_tui.api.records import Conversation

T = TypeVar("T")


@dataclass(frozen=True)
class Page(Generic[T]):
    items: tuple[T, ...]
    page: int
    last_page: int
    per_page: int | None
    total: int | None
    has_next: bool

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @classmethod
    def from_api(cls, value: Any, parse: Callable[[Any], T]) -> Page[T]:
        if not isinstance(value, dict) or not isinstance(value.get("data"), list):
            raise ProtocolError("expected a page with a 'data' list")
        page = as_int(value.get("current_page")) or 1
        last_page = as_int(value.get("last_page")) or page
        next_url = value.get("next_page_url")
        has_next = bool(next_url) if "next_page_url" in value else page < last_page
        return cls(
            items=tuple(parse(item) for item in value["data"]),
            page=page,
            last_page=last_page,
            per_page=as_int(value.get("per_page")),
            total=as_int(value.get("total")),
            has_next=has_next,
        )


@dataclass(frozen=True)
class MessagePage(Generic[T]):
    """A page of a conversation's messages, with the conversation itself."""

    conversation: Conversation | None
    page: Page[T]


async def walk_pages(fetch: Callable[[int], Awaitable[Page[T]]]) -> AsyncIterator[T]:
    """Yield items page by page; page N+1 is fetched only when page N is used up."""
    number = 1
    while True:
        page = await fetch(number)
        for item in page.items:
            yield item
        if not page.has_next or not page.items:
            return
        number = page.page + 1
