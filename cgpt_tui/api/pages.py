"""Laravel-style pages, and a pager that walks them lazily."""

from __future__ import annotations

from collections.abc import AsyncGenerator, Awaitable, Callable
from typing import Any, Generic, TypeVar

from cgpt_tui.api.coerce import as_int
from cgpt_tui.api.errors import ProtocolError
from cgpt_tui.api.frozen import record
from cgpt_tui.api.records import Conversation, Message

T = TypeVar("T")


@record
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
        """Parse `{"current_page", "data": [...], "last_page", "next_page_url", ...}`.

        `has_next` follows `next_page_url`, or `page < last_page` when that is absent. An
        item that cannot be read (say, one without an id) is left out rather than failing
        the whole page; a body that is not a page at all raises ProtocolError. A bare list
        is taken as the only page.
        """
        if isinstance(value, list):
            value = {"data": value, "current_page": 1, "last_page": 1, "next_page_url": None}
        if not isinstance(value, dict) or not isinstance(value.get("data"), list):
            raise ProtocolError("expected a page with a 'data' list")
        page = as_int(value.get("current_page")) or 1
        last_page = max(as_int(value.get("last_page")) or page, 1)
        has_next = bool(value["next_page_url"]) if "next_page_url" in value else page < last_page
        return cls(
            items=tuple(_readable(value["data"], parse)),
            page=page,
            last_page=last_page,
            per_page=as_int(value.get("per_page")),
            total=as_int(value.get("total")),
            has_next=has_next,
        )


def _readable(rows: list[Any], parse: Callable[[Any], T]) -> list[T]:
    items = []
    for row in rows:
        try:
            items.append(parse(row))
        except ProtocolError:
            continue
    return items


@record
class MessagePage:
    """A page of a conversation's messages, with the conversation itself."""

    conversation: Conversation
    page: Page[Message]

    @classmethod
    def from_api(cls, value: Any) -> MessagePage:
        if not isinstance(value, dict):
            raise ProtocolError("expected {'conversation': ..., 'messages': ...}")
        return cls(
            conversation=Conversation.from_api(value.get("conversation")),
            page=Page.from_api(value.get("messages"), Message.from_api),
        )


async def walk_pages(fetch: Callable[[int], Awaitable[Page[T]]]) -> AsyncGenerator[T, None]:
    """Yield items page by page; page N+1 is fetched only when page N is used up.

    Stops at the last page, at an empty page, or when the server answers a page other
    than the one asked for (it would otherwise repeat itself forever).
    """
    number = 1
    while True:
        page = await fetch(number)
        if page.page != number:
            return
        for item in page.items:
            yield item
        if not page.has_next or not page.items:
            return
        number += 1
