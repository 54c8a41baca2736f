"""An agent's content: its pages (list, delete, reindex, metadata) and its sources
(sitemaps and uploads: list, add, update, delete, instant sync)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cgpt_tui.api.endpoint import Endpoint, Order, params, request_body, seg
from cgpt_tui.api.lazy import lazy_module
from cgpt_tui.api.pages import Page, walk_pages

if TYPE_CHECKING:
    from cgpt_tui.api import content_records as records
    from cgpt_tui.api.content_records import (
        AgentPage,
        AgentPages,
        AgentSources,
        PageMetadata,
        RefreshTime,
        Source,
    )
else:
    records = lazy_module("cgpt_tui.api.content_records")  # built when first used


def _pages(agent_id: int, page_id: int | None = None) -> str:
    path = f"/projects/{seg(agent_id)}/pages"
    return f"{path}/{seg(page_id)}" if page_id is not None else path


def _sources(agent_id: int, source_id: int | None = None) -> str:
    path = f"/projects/{seg(agent_id)}/sources"
    return f"{path}/{seg(source_id)}" if source_id is not None else path


class ContentEndpoints(Endpoint):
    """What an agent knows, and where it came from."""

    async def list_pages(
        self,
        agent_id: int,
        page: int = 1,
        *,
        limit: int | None = None,
        order: Order = "desc",
        crawl_status: str | None = None,
        index_status: str | None = None,
    ) -> AgentPages:
        """One page of the agent's pages (20 by default; `limit` asks for more), filtered
        by crawl or index status (ok, failed, queued, n/a, limited; "all": no filter)."""
        query = params(
            page=page,
            limit=limit,
            order=order,
            crawl_status=crawl_status,
            index_status=index_status,
        )
        return records.AgentPages.from_api(
            await self._wire.data("GET", _pages(agent_id), params=query)
        )

    def iter_pages(
        self,
        agent_id: int,
        *,
        crawl_status: str | None = None,
        index_status: str | None = None,
        limit: int | None = None,
    ) -> AsyncIterator[AgentPage]:
        """Every page of the agent, fetching each page of them only when needed."""

        async def fetch(number: int) -> Page[AgentPage]:
            found = await self.list_pages(
                agent_id,
                number,
                limit=limit,
                crawl_status=crawl_status,
                index_status=index_status,
            )
            return found.pages

        return walk_pages(fetch)

    async def delete_page(self, agent_id: int, page_id: int) -> None:
        await self._wire.data("DELETE", _pages(agent_id, page_id))

    async def reindex_page(self, agent_id: int, page_id: int) -> None:
        """Queue the page to be crawled and indexed again (403 when it cannot be)."""
        await self._wire.data("POST", f"{_pages(agent_id, page_id)}/reindex")

    async def get_page_metadata(self, agent_id: int, page_id: int) -> PageMetadata:
        data = await self._wire.data("GET", f"{_pages(agent_id, page_id)}/metadata")
        return records.PageMetadata.from_api(data)

    async def update_page_metadata(
        self,
        agent_id: int,
        page_id: int,
        *,
        title: str | None = None,
        url: str | None = None,
        description: str | None = None,
        image: str | None = None,
    ) -> PageMetadata:
        """Change the given fields (title ≤ 255, url ≤ 2000, description ≤ 500, image ≤
        2000 characters: the server says so in a 400 otherwise)."""
        body = params(title=title, url=url, description=description, image=image)
        path = f"{_pages(agent_id, page_id)}/metadata"
        return records.PageMetadata.from_api(await self._wire.data("PUT", path, json=body))

    async def list_sources(self, agent_id: int) -> AgentSources:
        return records.AgentSources.from_api(await self._wire.data("GET", _sources(agent_id)))

    async def add_source(
        self,
        agent_id: int,
        *,
        sitemap: str | None = None,
        file: Path | None = None,
        settings: Mapping[str, Any] | None = None,
    ) -> Source:
        """A new source (201) from a sitemap URL (JSON) or a file (streamed, multipart).
        `settings`: more fields of the request, by their API names (file_data_retension,
        is_ocr_enabled, is_anonymized)."""
        if (sitemap is None) == (file is None):
            raise ValueError("add_source takes exactly one of sitemap= and file=")
        values = params(sitemap_path=sitemap) | dict(settings or {})
        with request_body(values, {"file": file}) as body:
            return records.Source.from_api(
                await self._wire.data("POST", _sources(agent_id), **body)
            )

    async def update_source(
        self,
        agent_id: int,
        source_id: int,
        *,
        settings: Mapping[str, Any] | None = None,
        refresh_schedule: Sequence[RefreshTime] | None = None,
    ) -> Source:
        """Change a source's settings (executive_js, data_refresh_frequency,
        create_new_pages, remove_unexist_pages, refresh_existing_pages) and schedule."""
        body: dict[str, Any] = dict(settings or {})
        if refresh_schedule is not None:
            body["refresh_schedule"] = [entry.to_api() for entry in refresh_schedule]
        path = _sources(agent_id, source_id)
        return records.Source.from_api(await self._wire.data("PUT", path, json=body))

    async def delete_source(self, agent_id: int, source_id: int) -> None:
        """The source and the pages that came from it are gone."""
        await self._wire.data("DELETE", _sources(agent_id, source_id))

    async def sync_source(self, agent_id: int, source_id: int) -> Source:
        """Crawl the source again now (instant sync; 403 when the plan or the pause since
        the last one does not allow it, with the server's reason)."""
        path = f"{_sources(agent_id, source_id)}/instant-sync"
        return records.Source.from_api(await self._wire.data("PUT", path))
