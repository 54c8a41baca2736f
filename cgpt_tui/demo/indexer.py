"""The background indexer: reads sitemaps, crawls pages, extracts uploaded files.

One thread works through `state.jobs` in order. A sitemap job reads the sitemap and queues
a page job per URL (a sitemap it cannot read gets one page, its own URL, that fails with the
reason). A page job waits half the pace, crawls (sets `crawl_status`), waits the other half,
indexes (sets `index_status` and the text the agent answers from). `pace` (seconds a page,
read before each page) 0 means at once, still through the queue. Network and file work run
outside the state's lock.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable
from pathlib import Path

import httpx

from cgpt_tui.demo import crawler
from cgpt_tui.demo.content import (
    PAGE_JOB,
    SITEMAP_JOB,
    add_crawled_page,
    forget_file,
    job_done,
    queue_page,
)
from cgpt_tui.demo.documents import Document
from cgpt_tui.demo.extract import (
    Extracted,
    ExtractError,
    file_text,
    readable,
    unreadable_reason,
)
from cgpt_tui.demo.pages import CRAWLED, SEEDED, UPLOADED, Page, Source
from cgpt_tui.demo.state import AgentData, DemoState

log = logging.getLogger(__name__)
STOP_JOB = "stop"
NOT_KEPT = "The file was not kept after indexing, so it cannot be read again"


class _LazyClient:
    """The crawler's httpx client, made when first needed (making one takes ~20 ms, and
    most servers never crawl)."""

    def __init__(self) -> None:
        self._client: httpx.Client | None = None

    def get(self) -> httpx.Client:
        if self._client is None:
            self._client = crawler.client()
        return self._client

    def __enter__(self) -> _LazyClient:
        return self

    def __exit__(self, *_: object) -> None:
        if self._client is not None:
            self._client.close()


class Indexer:
    def __init__(self, state: DemoState, pace: Callable[[], float]) -> None:
        self.state = state
        self.pace = pace
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="demo-indexer", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout: float = 3.0) -> None:
        self._stop.set()
        self.state.jobs.put((STOP_JOB, 0, 0))  # wakes the thread now, not at its next poll
        if self._thread.is_alive():
            self._thread.join(timeout)

    def _run(self) -> None:
        with _LazyClient() as http:
            while not self._stop.is_set():
                try:
                    kind, agent_id, item_id = self.state.jobs.get(timeout=0.1)
                except queue.Empty:
                    continue
                if kind == STOP_JOB:
                    break
                agent = self.state.agent(agent_id)
                if agent is None:
                    continue
                finished = False
                try:
                    if kind == SITEMAP_JOB:
                        finished = self._sitemap(http, agent, item_id)
                    elif kind == PAGE_JOB:
                        finished = self._page(http, agent, item_id)
                except Exception as problem:  # one bad page must not stop the indexer
                    log.exception("indexing %s %s of agent %s failed", kind, item_id, agent_id)
                    self._broken(agent, kind, item_id, problem)
                finally:
                    if not finished and not self._stop.is_set():
                        job_done(self.state, agent)
                    self.state.changed.set()

    def _broken(self, agent: AgentData, kind: str, page_id: int, problem: Exception) -> None:
        """A page whose job raised ends failed (never queued for ever), saying so."""
        if kind != PAGE_JOB:
            return
        with self.state.lock:
            page = self.state.content(agent).pages.get(page_id)
            if page is not None and page.queued:
                reason = f"The stand-in could not index this page: {type(problem).__name__}"
                for status in ("crawl_status", "index_status"):
                    if page.row[status] == "queued":
                        page.row[status] = "failed"
                page.row["failure_reason"] = reason

    def _started(self, agent: AgentData) -> None:
        """A new agent's null `is_chat_active` turns false while its pages index."""
        if agent.row["is_chat_active"] is None:
            agent.row["is_chat_active"] = False

    # ------------------------------------------------------------------ sitemaps

    def _sitemap(self, http: _LazyClient, agent: AgentData, source_id: int) -> bool:
        """Read the sitemap; True when the job is finished (its results and `job_done`
        in one hold of the lock, so no one sees the agent idle in between)."""
        state = self.state
        with state.lock:
            source = state.content(agent).sources.get(source_id)
            if source is None or not source.sitemap:
                return False
            url = source.sitemap
        failure = None
        try:
            urls = crawler.sitemap_urls(http.get(), url)
        except crawler.CrawlError as problem:
            urls, failure = [url], str(problem)
        with state.lock:
            if source_id in state.content(agent).sources:
                self._apply_sitemap(agent, source, urls, failure)
            job_done(state, agent)
        return True

    def _apply_sitemap(
        self, agent: AgentData, source: Source, urls: list[str], failure: str | None
    ) -> None:
        """New URLs become pages; on a sync, existing ones and gone ones per the settings."""
        state, content = self.state, self.state.content(agent)
        settings = source.row["settings"] or {}
        refresh = settings.get("refresh_existing_pages") not in (None, "never")
        first = not source.crawled
        if first and not urls and source.sitemap:  # the agent would never be done
            urls, failure = [source.sitemap], f"The sitemap {source.sitemap} lists no pages"
        known = {page.url: page for page in content.pages_of(source.id)}
        for url in urls:
            page = known.get(url)
            if page is None and (first or settings.get("create_new_pages", True)):
                add_crawled_page(state, agent, source, url, failure=failure)
            elif page is not None and (failure or refresh):
                page.preset_failure = failure
                queue_page(state, agent, page)
        if not first and not failure and settings.get("remove_unexist_pages"):
            wanted = set(urls)
            for page in list(known.values()):
                if page.url not in wanted:
                    content.pages.pop(page.id, None)
        if content.pages:
            self._started(agent)  # false only once there are pages: queued ones, or done
        source.crawled = True
        source.synced_at = time.monotonic()
        source.row["updated_at"] = state.now()

    # ------------------------------------------------------------------ pages

    def _page(self, http: _LazyClient, agent: AgentData, page_id: int) -> bool:
        """Crawl and index the page; True when the job is finished (see _sitemap)."""
        state = self.state
        with state.lock:
            page = state.content(agent).pages.get(page_id)
            if page is None:
                return False
            self._started(agent)
        pace = max(0.0, self.pace())
        if self._stop.wait(pace / 2):
            return False
        extracted, reason, crawled = self._crawl(http, page)
        with state.lock:
            page.row["crawl_status"] = "ok" if crawled else "failed"
            page.row["updated_at"] = state.now()
            if not crawled:
                page.row["failure_reason"] = reason
        state.changed.set()
        if self._stop.wait(pace / 2):
            return False
        if crawled and page.origin == UPLOADED and not page.reuse_document:
            extracted, reason = self._read_file(page)
        with state.lock:
            self._indexed(page, extracted, reason)
            job_done(state, agent)
        return True

    def _crawl(self, http: _LazyClient, page: Page) -> tuple[Extracted | None, str | None, bool]:
        """(what the page says, why it failed, whether crawling succeeded)."""
        if page.preset_failure:
            return None, page.preset_failure, False
        if page.reuse_document or page.origin not in (CRAWLED, UPLOADED):
            return None, None, True
        if page.origin == UPLOADED:
            filename = page.row["filename"] or ""
            if not readable(filename):
                return None, unreadable_reason(filename), False
            if not page.file_path or not Path(page.file_path).exists():
                return None, NOT_KEPT, False
            return None, None, True
        try:
            return crawler.fetch_page(http.get(), page.url), None, True
        except crawler.CrawlError as problem:
            return None, str(problem), False
        except ExtractError as problem:
            return None, str(problem), True

    def _read_file(self, page: Page) -> tuple[Extracted | None, str | None]:
        try:
            return file_text(Path(page.file_path or ""), page.row["filename"] or ""), None
        except ExtractError as problem:
            return None, str(problem)
        except OSError as problem:
            return None, f"The file could not be read: {problem.strerror or problem}"

    def _indexed(self, page: Page, extracted: Extracted | None, reason: str | None) -> None:
        row = page.row
        row["updated_at"] = self.state.now()
        if page.reuse_document or page.origin == SEEDED:
            ok = row["crawl_status"] == "ok" and page.document is not None
            page.reuse_document = False
        elif extracted is not None:
            page.document = _document(page, extracted)
            ok = True
            if not page.metadata_edited:
                page.metadata.update(
                    title=extracted.title,
                    description=extracted.description,
                    image=extracted.image,
                    url=extracted.url or (None if row["is_file"] else page.url),
                    updated_at=row["updated_at"],
                )
                page.site_name = extracted.site_name
        else:
            ok = False
        row["index_status"] = "ok" if ok else "failed"
        row["failure_reason"] = None if ok else (reason or "The page has no text to index")
        if row["is_file"] and not row["is_file_kept"] and page.origin == UPLOADED:
            forget_file(page)


def _document(page: Page, extracted: Extracted) -> Document:
    filename = page.row["filename"]
    return Document(
        citation_id=page.id,
        title=extracted.title or filename,
        description=extracted.description,
        url=None if page.row["is_file"] else page.url,
        image=extracted.image,
        site_name=extracted.site_name,
        file_id=None,
        filename=filename,
        content_type=page.content_type or "text/html; charset=utf-8",
        text=extracted.text,
        sections=extracted.sections,
    )
