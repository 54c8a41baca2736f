"""Changes to an agent's content: sources and pages added, queued, removed, copied.

Every function takes the state's lock. Pages to index are queued as jobs on `state.jobs`
(the indexer's queue); `agent.pending` counts the agent's unfinished jobs, and the last one
to finish rebuilds the agent's Library from its indexed pages (`job_done`).
"""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path
from typing import Any

from cgpt_tui.demo.pages import (
    CRAWLED,
    UPLOADED,
    Content,
    Page,
    Source,
    metadata_row,
    page_row,
    source_row,
)
from cgpt_tui.demo.records import project_row
from cgpt_tui.demo.retrieval import Library
from cgpt_tui.demo.state import AgentData, DemoState

SITEMAP_JOB, PAGE_JOB = "sitemap", "page"


def preview_path(file_id: int) -> str:
    """An uploaded page's `page_url`, kept relative: the routes put the server's address
    before it (so it stays right when a saved state is served on another port)."""
    return f"/api/v1/preview/{file_id}"


def _new_page(
    state: DemoState,
    agent: AgentData,
    source: Source,
    url: str,
    origin: str,
    *,
    page_id: int | None = None,
    **row: Any,
) -> Page:
    now = state.now()
    page_id = page_id if page_id is not None else state.next_id("page")
    page = Page(
        row=page_row(page_id, url, agent_id=agent.id, now=now, is_file=origin == UPLOADED, **row),
        # an upload's metadata has no URL of its own: its card links the preview
        metadata=metadata_row(
            state.next_id("metadata"), page_id, now, url=None if origin == UPLOADED else url
        ),
        source_id=source.id,
        origin=origin,
    )
    state.content(agent).pages[page_id] = page
    return page


def _new_source(state: DemoState, content: Content, kind: str, sitemap: str | None) -> Source:
    source = Source(source_row(state.next_id("source"), kind, state.now(), sitemap))
    content.sources[source.id] = source
    return source


def queue_page(state: DemoState, agent: AgentData, page: Page) -> None:
    with state.lock:
        page.row.update(crawl_status="queued", index_status="queued", failure_reason=None)
        page.row["updated_at"] = state.now()
        _queue(state, agent, (PAGE_JOB, agent.id, page.id))


def _queue(state: DemoState, agent: AgentData, job: tuple[str, int, int]) -> None:
    agent.pending += 1
    state.jobs.put(job)


def add_sitemap(state: DemoState, agent: AgentData, url: str) -> Source:
    """A new sitemap source; its sitemap is read (and its pages queued) by the indexer."""
    with state.lock:
        source = _new_source(state, state.content(agent), "sitemap", url)
        _queue(state, agent, (SITEMAP_JOB, agent.id, source.id))
        return source


def sync_sitemap(state: DemoState, agent: AgentData, source: Source) -> None:
    with state.lock:
        _queue(state, agent, (SITEMAP_JOB, agent.id, source.id))


def uploads_source(state: DemoState, agent: AgentData) -> Source:
    with state.lock:
        content = state.content(agent)
        return content.uploads() or _new_source(state, content, "upload", None)


def add_crawled_page(
    state: DemoState, agent: AgentData, source: Source, url: str, *, failure: str | None = None
) -> Page:
    """A page of a sitemap, queued; `failure`: it will fail with that reason, uncrawled."""
    with state.lock:
        page = _new_page(state, agent, source, url, CRAWLED)
        page.preset_failure = failure
        queue_page(state, agent, page)
        return page


def add_upload(
    state: DemoState,
    agent: AgentData,
    stored: Path,
    filename: str,
    *,
    kept: bool,
    content_type: str,
) -> Page:
    """An uploaded file (already stored at `stored`) as a queued page of the uploads source."""
    with state.lock:
        page_id = state.next_id("page")
        final = state.files_dir / f"{page_id}{Path(filename).suffix.lower()}"
        stored.replace(final)
        page = _new_page(
            state,
            agent,
            uploads_source(state, agent),
            preview_path(page_id),
            UPLOADED,
            page_id=page_id,
            filename=filename,
            filesize=final.stat().st_size,
            kept=kept,
        )
        page.file_path = str(final)
        page.content_type = content_type
        queue_page(state, agent, page)
        return page


def forget_file(page: Page) -> None:
    if page.file_path:
        Path(page.file_path).unlink(missing_ok=True)
        page.file_path = None


def delete_page(state: DemoState, agent: AgentData, page_id: int) -> None:
    with state.lock:
        page = state.content(agent).pages.pop(page_id, None)
        if page is not None:
            forget_file(page)
            rebuild_library(agent)


def delete_source(state: DemoState, agent: AgentData, source_id: int) -> None:
    with state.lock:
        content = state.content(agent)
        for page in content.pages_of(source_id):
            content.pages.pop(page.id, None)
            forget_file(page)
        content.sources.pop(source_id, None)
        rebuild_library(agent)


def delete_agent(state: DemoState, agent: AgentData) -> None:
    """The agent, its conversations, messages, pages and stored files."""
    with state.lock:
        for page in state.content(agent).pages.values():
            forget_file(page)
        state.agents.pop(agent.id, None)


def rebuild_library(agent: AgentData) -> None:
    if agent.content is not None:
        agent.library = Library(agent.content.documents())


def job_done(state: DemoState, agent: AgentData) -> None:
    """One job of the agent finished; after the last, its Library and chat state."""
    with state.lock:
        agent.pending = max(0, agent.pending - 1)
        if agent.pending:
            return
        rebuild_library(agent)
        if not agent.held_inactive:
            agent.row["is_chat_active"] = bool(agent.library.documents)
        agent.row["updated_at"] = state.now()


def new_agent(state: DemoState, name: str, settings: dict[str, Any]) -> AgentData:
    """An agent with no content yet: `is_chat_active` null, `sitemap_path` null (the notes)."""
    from cgpt_tui.demo.records import settings_row

    with state.lock:
        agent_id = state.next_id("agent")
        row = project_row(
            agent_id,
            name,
            site="",
            active=False,
            kind="SITEMAP",
            created=state.now(),
            user_id=state.user_id,
            team_id=state.user.get("current_team_id") or 1,
        )
        row.update(sitemap_path=None, is_chat_active=None, is_shared=False)
        row.update(shareable_slug=None, shareable_link=None)  # filled when shared
        content = Content()
        agent = AgentData(row, settings_row(**settings), Library(()), content=content)
        _new_source(state, content, "upload", None)
        state.agents[agent_id] = agent
        return agent


def replicate(state: DemoState, agent: AgentData) -> AgentData:
    """A copy with the same settings and pages (new ids, indexed anew), no conversations."""
    with state.lock:
        copy = new_agent(state, f"{agent.row['project_name']} (copy)", {})
        copy.settings = dict(agent.settings)
        content, target = state.content(agent), state.content(copy)
        target.sources.clear()
        source_ids: dict[int, int] = {}
        for source in content.sources.values():
            twin = _new_source(state, target, source.row["type"], source.sitemap)
            twin.row["settings"] = dict(source.row["settings"])
            twin.row["refresh_schedule"] = list(source.row["refresh_schedule"])
            source_ids[source.id] = twin.id
        for page in list(content.pages.values()):
            _copy_page(state, copy, page, source_ids[page.source_id])
        if not copy.pending:
            copy.row["is_chat_active"] = False
        return copy


def _copy_page(state: DemoState, copy: AgentData, page: Page, source_id: int) -> None:
    page_id = state.next_id("page")
    row = {**page.row, "id": page_id, "project_id": copy.id, "created_at": state.now()}
    twin = Page(
        row=row,
        metadata={**page.metadata, "id": state.next_id("metadata"), "page_id": page_id},
        source_id=source_id,
        origin=page.origin,
        content_type=page.content_type,
        site_name=page.site_name,
        metadata_edited=page.metadata_edited,
    )
    if page.origin == UPLOADED:
        row["page_url"] = preview_path(page_id)
        row["s3_path"] = f"project-{copy.id}/page-{page_id}/{row['filename']}"
    if page.file_path and Path(page.file_path).exists():
        target = state.files_dir / f"{page_id}{Path(page.file_path).suffix}"
        shutil.copyfile(page.file_path, target)
        twin.file_path = str(target)
    if page.document is not None:
        twin.document = dataclasses.replace(page.document, citation_id=page_id)
        twin.reuse_document = True  # indexed from the copied text, not fetched again
    state.content(copy).pages[page_id] = twin
    queue_page(state, copy, twin)
