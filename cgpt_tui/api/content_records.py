"""Records of an agent's content and extras: pages, their metadata, sources, plugins and
licences (customgpt-api-notes.md, "Building and tending agents").

As tolerant as records.py: ids as strings, booleans as 0/1/null/"true", `[]` for an empty
object, unknown fields ignored, missing ones None.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from cgpt_tui.api.coerce import as_bool, as_datetime, as_dict, as_int, as_optional_bool, as_str
from cgpt_tui.api.errors import ProtocolError
from cgpt_tui.api.frozen import record
from cgpt_tui.api.pages import Page
from cgpt_tui.api.records import Agent

PageStatus = Literal["ok", "failed", "queued", "n/a", "limited"]
PAGE_STATUSES: tuple[str, ...] = ("ok", "failed", "queued", "n/a", "limited")


def page_status(value: Any) -> str:
    """One of PAGE_STATUSES; "n/a" for a missing or unknown status."""
    text = (as_str(value) or "").strip().lower()
    return text if text in PAGE_STATUSES else "n/a"


def _id(data: dict[str, Any], kind: str) -> int:
    value = as_int(data.get("id"))
    if value is None:
        raise ProtocolError(f"{kind} without a usable 'id'")
    return value


def _object(value: Any, kind: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ProtocolError(f"expected a {kind} object, got {type(value).__name__}")
    return value


@record
class AgentPage:
    """One page (a crawled URL or an uploaded file) of an agent's content."""

    id: int
    url: str | None
    url_hash: str | None
    agent_id: int | None
    crawl_status: str
    index_status: str
    is_file: bool
    is_refreshable: bool
    is_file_kept: bool
    filename: str | None
    filesize: int | None
    failure_reason: str | None
    created_at: datetime | None
    updated_at: datetime | None

    @classmethod
    def from_api(cls, value: Any) -> AgentPage:
        data = _object(value, "page")
        return cls(
            id=_id(data, "page"),
            url=as_str(data.get("page_url")),
            url_hash=as_str(data.get("page_url_hash")),
            agent_id=as_int(data.get("project_id")),
            crawl_status=page_status(data.get("crawl_status")),
            index_status=page_status(data.get("index_status")),
            is_file=as_bool(data.get("is_file")),
            is_refreshable=as_bool(data.get("is_refreshable")),
            is_file_kept=as_bool(data.get("is_file_kept")),
            filename=as_str(data.get("filename")),
            filesize=as_int(data.get("filesize")),
            failure_reason=as_str(data.get("failure_reason")),
            created_at=as_datetime(data.get("created_at")),
            updated_at=as_datetime(data.get("updated_at")),
        )


@record
class AgentPages:
    """`GET /projects/{id}/pages`: the agent, and one page of its pages."""

    agent: Agent | None
    pages: Page[AgentPage]

    @classmethod
    def from_api(cls, value: Any) -> AgentPages:
        data = _object(value, "pages answer")
        try:
            agent: Agent | None = Agent.from_api(data.get("project"))
        except ProtocolError:
            agent = None
        return cls(agent=agent, pages=Page.from_api(data.get("pages"), AgentPage.from_api))


@record
class PageMetadata:
    """A page's title, URL, description and image; `id` is the metadata's own id."""

    id: int | None
    page_id: int | None
    url: str | None
    title: str | None
    description: str | None
    image: str | None
    created_at: datetime | None
    updated_at: datetime | None

    @classmethod
    def from_api(cls, value: Any) -> PageMetadata:
        data = _object(value, "page metadata")
        return cls(
            id=as_int(data.get("id")),
            page_id=as_int(data.get("page_id")),
            url=as_str(data.get("url")),
            title=as_str(data.get("title")),
            description=as_str(data.get("description")),
            image=as_str(data.get("image")),
            created_at=as_datetime(data.get("created_at")),
            updated_at=as_datetime(data.get("updated_at")),
        )


@record
class SourceSettings:
    executive_js: bool | None
    data_refresh_frequency: str | None  # never|daily|weekly|monthly|advanced
    create_new_pages: bool | None
    remove_unexist_pages: bool | None
    refresh_existing_pages: str | None  # never|always|if_updated
    sitemap_path: str | None

    @classmethod
    def from_api(cls, value: Any) -> SourceSettings:
        data = as_dict(value)  # `[]` (PHP's empty object) reads as all-None
        return cls(
            executive_js=as_optional_bool(data.get("executive_js")),
            data_refresh_frequency=as_str(data.get("data_refresh_frequency")),
            create_new_pages=as_optional_bool(data.get("create_new_pages")),
            remove_unexist_pages=as_optional_bool(data.get("remove_unexist_pages")),
            refresh_existing_pages=as_str(data.get("refresh_existing_pages")),
            sitemap_path=as_str(data.get("sitemap_path")),
        )


@record
class Source:
    """A sitemap or the uploads of an agent, with the pages that came from it."""

    id: int
    type: str
    settings: SourceSettings
    pages: tuple[AgentPage, ...]
    created_at: datetime | None
    updated_at: datetime | None

    @classmethod
    def from_api(cls, value: Any) -> Source:
        data = _object(value, "source")
        rows = data.get("pages")
        return cls(
            id=_id(data, "source"),
            type=(as_str(data.get("type")) or "").strip().lower(),
            settings=SourceSettings.from_api(data.get("settings")),
            pages=tuple(_readable_pages(rows if isinstance(rows, list) else [])),
            created_at=as_datetime(data.get("created_at")),
            updated_at=as_datetime(data.get("updated_at")),
        )


def _readable_pages(rows: list[Any]) -> list[AgentPage]:
    pages = []
    for row in rows:
        try:
            pages.append(AgentPage.from_api(row))
        except ProtocolError:
            continue
    return pages


@record
class AgentSources:
    """`GET /projects/{id}/sources`: the sitemaps (a list) and the uploads (one source)."""

    sitemaps: tuple[Source, ...]
    uploads: Source | None

    @classmethod
    def from_api(cls, value: Any) -> AgentSources:
        data = as_dict(value)
        rows = data.get("sitemaps")
        sitemaps = []
        for row in rows if isinstance(rows, list) else []:
            try:
                sitemaps.append(Source.from_api(row))
            except ProtocolError:
                continue
        try:
            uploads: Source | None = Source.from_api(data.get("uploads"))
        except ProtocolError:  # null, `[]`, or an object without an id: no uploads
            uploads = None
        return cls(sitemaps=tuple(sitemaps), uploads=uploads)


@record
class RefreshTime:
    """One entry of a source's `refresh_schedule`: on these weekdays, at these times."""

    days: tuple[int, ...]  # 0-6
    hours: tuple[str, ...]  # "HH:MM"

    def to_api(self) -> dict[str, Any]:
        return {"days": list(self.days), "hours": list(self.hours)}


@record
class Plugin:
    model_name: str | None
    human_name: str | None
    keywords: str | None
    description: str | None
    logo: str | None
    is_active: bool

    @classmethod
    def from_api(cls, value: Any) -> Plugin:
        data = _object(value, "plugin")
        return cls(
            model_name=as_str(data.get("model_name")),
            human_name=as_str(data.get("human_name")),
            keywords=as_str(data.get("keywords")),
            description=as_str(data.get("description")),
            logo=as_str(data.get("logo")),
            is_active=as_bool(data.get("is_active")),
        )


@record
class License:
    id: int | None
    name: str | None
    key: str | None
    agent_id: int | None
    created_at: datetime | None
    updated_at: datetime | None

    @classmethod
    def from_api(cls, value: Any) -> License:
        data = _object(value, "licence")
        return cls(
            id=as_int(data.get("id")),
            name=as_str(data.get("name")),
            key=as_str(data.get("key")),
            agent_id=as_int(data.get("project_id")),
            created_at=as_datetime(data.get("created_at")),
            updated_at=as_datetime(data.get("updated_at")),
        )


@record
class NewLicense:
    """A created licence and its key (`{"license": ..., "licenseKey": ...}`)."""

    license: License
    key: str | None

    @classmethod
    def from_api(cls, value: Any) -> NewLicense:
        data = _object(value, "new licence")
        return cls(
            license=License.from_api(data.get("license")), key=as_str(data.get("licenseKey"))
        )
