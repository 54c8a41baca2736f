"""An agent's content as the stand-in keeps it: pages, their metadata, and their sources.

A page is one crawled URL or one uploaded file. Its wire record (`row`) is the API's Page
plus `failure_reason` (why crawling or indexing failed, in words; null otherwise). What the
agent answers from is the page's `document`, set once the page is indexed; the agent's
`retrieval.Library` is rebuilt from the documents of its indexed pages (see indexer.py), so
citation ids are page ids. Sources group pages: any number of sitemaps and one uploads source.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from cgpt_tui.demo.documents import Document

PAGE_STATUSES = ("ok", "failed", "queued", "n/a", "limited")
REFRESH_FREQUENCIES = ("never", "daily", "weekly", "monthly", "advanced")
REFRESH_EXISTING = ("never", "always", "if_updated")
SEEDED, CRAWLED, UPLOADED = "seed", "crawl", "file"


def url_hash(url: str) -> str:
    """The page's `page_url_hash`: the md5 of its URL, as the description's format says."""
    return hashlib.md5(url.encode(), usedforsecurity=False).hexdigest()


def page_row(
    page_id: int,
    url: str,
    *,
    agent_id: int,
    now: str,
    is_file: bool,
    filename: str | None = None,
    filesize: int | None = None,
    kept: bool = True,
) -> dict[str, Any]:
    """A queued page's wire record."""
    return {
        "id": page_id,
        "page_url": url,
        "page_url_hash": url_hash(url),
        "project_id": agent_id,
        "s3_path": f"project-{agent_id}/page-{page_id}/{filename}" if is_file else None,
        "crawl_status": "queued",
        "index_status": "queued",
        "is_file": is_file,
        "is_refreshable": not is_file,
        "is_file_kept": kept if is_file else False,
        "filename": filename,
        "filesize": filesize,
        "failure_reason": None,
        "created_at": now,
        "updated_at": now,
        "deleted_at": None,
    }


def metadata_row(metadata_id: int, page_id: int, now: str, **values: str | None) -> dict:
    """A page's PageMetadata record (its own id, not the page's)."""
    return {
        "id": metadata_id,
        "page_id": page_id,
        "url": values.get("url"),
        "title": values.get("title"),
        "description": values.get("description"),
        "image": values.get("image"),
        "created_at": now,
        "updated_at": now,
    }


def source_settings(sitemap_path: str | None, **overrides: Any) -> dict[str, Any]:
    """A ProjectSource's settings with the description's defaults, then `overrides`."""
    return {
        "executive_js": True,
        "data_refresh_frequency": "never",
        "create_new_pages": True,
        "remove_unexist_pages": False,
        "refresh_existing_pages": "never",
        "sitemap_path": sitemap_path,
        **overrides,
    }


def source_row(source_id: int, kind: str, now: str, sitemap_path: str | None) -> dict[str, Any]:
    return {
        "id": source_id,
        "type": kind,
        "settings": source_settings(sitemap_path),
        "refresh_schedule": [],
        "created_at": now,
        "updated_at": now,
    }


@dataclass
class Page:
    """One page: its record, metadata, where its text comes from, and the indexed text."""

    row: dict[str, Any]
    metadata: dict[str, Any]
    source_id: int
    origin: str  # SEEDED (a shipped document), CRAWLED (a URL) or UPLOADED (a stored file)
    document: Document | None = None  # set once indexed
    file_path: str | None = None  # an upload's stored bytes
    content_type: str | None = None  # an upload's type, for /preview
    site_name: str | None = None
    preset_failure: str | None = None  # fails with this reason, uncrawled (see crawler.py)
    metadata_edited: bool = False  # edited metadata is kept when the page is crawled again
    reuse_document: bool = False  # a copied page: indexed from its copied text, not fetched

    @property
    def id(self) -> int:
        return self.row["id"]

    @property
    def url(self) -> str:
        return self.row["page_url"]

    @property
    def queued(self) -> bool:
        return "queued" in (self.row["crawl_status"], self.row["index_status"])

    @property
    def indexed(self) -> bool:
        return self.row["index_status"] == "ok" and self.document is not None

    def citation(self) -> dict[str, Any]:
        """The citation card: the page's (editable) metadata."""
        meta = self.metadata
        return {
            "id": self.id,
            "url": meta["url"] or self.url,
            "title": meta["title"],
            "description": meta["description"],
            "image": meta["image"],
        }


@dataclass
class Source:
    row: dict[str, Any]
    synced_at: float | None = None  # time.monotonic() of the last crawl (instant-sync limit)
    crawled: bool = False  # its sitemap has been read at least once

    @property
    def id(self) -> int:
        return self.row["id"]

    @property
    def sitemap(self) -> str | None:
        return self.row["settings"].get("sitemap_path")


@dataclass
class Content:
    """Every page and source of one agent, in the order they were added."""

    pages: dict[int, Page] = field(default_factory=dict)
    sources: dict[int, Source] = field(default_factory=dict)

    def uploads(self) -> Source | None:
        return next((s for s in self.sources.values() if s.row["type"] == "upload"), None)

    def pages_of(self, source_id: int) -> list[Page]:
        return [page for page in self.pages.values() if page.source_id == source_id]

    def source_record(self, source: Source) -> dict[str, Any]:
        return {**source.row, "pages": [page.row for page in self.pages_of(source.id)]}

    def documents(self) -> tuple[Document, ...]:
        pages = self.pages.values()
        return tuple(page.document for page in pages if page.document and page.indexed)

    def busy(self) -> bool:
        return any(page.queued for page in self.pages.values())

    def counts(self) -> dict[str, int]:
        rows = [page.row for page in self.pages.values()]
        return {
            "found": len(rows),
            "crawled": sum(1 for row in rows if row["crawl_status"] == "ok"),
            "indexed": sum(1 for row in rows if row["index_status"] == "ok"),
            "words": sum(doc.words for doc in self.documents()),
        }


def seeded_content(
    agent_id: int,
    documents: tuple[Document, ...],
    *,
    sitemap: str,
    created: str,
    next_id: Callable[[str], int],
) -> Content:
    """A seeded agent's content: a sitemap source (its web pages), the uploads source (its
    files), and an indexed page per document whose id is the document's citation id."""
    content = Content()
    sources = {}
    for kind, path in (("sitemap", sitemap), ("upload", None)):
        source = Source(source_row(next_id("source"), kind, created, path), crawled=True)
        content.sources[source.id] = sources[kind] = source
    for document in documents:
        is_file = document.file_id is not None
        url = f"/api/v1/preview/{document.file_id}" if is_file else document.url or ""
        row = page_row(
            document.citation_id,
            url,
            agent_id=agent_id,
            now=created,
            is_file=is_file,
            filename=document.filename,
            filesize=len(document.file_bytes()) if is_file else None,
        )
        row.update(crawl_status="ok", index_status="ok")
        metadata = metadata_row(
            next_id("metadata"),
            document.citation_id,
            created,
            url=None if is_file else document.url,
            title=document.title,
            description=document.description,
            image=document.image,
        )
        source = sources["upload" if is_file else "sitemap"]
        page = Page(row, metadata, source.id, SEEDED, document, site_name=document.site_name)
        content.pages[page.id] = page
    return content
