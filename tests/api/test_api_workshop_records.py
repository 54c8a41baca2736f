"""The workshop's records read the API's answers with its quirks (customgpt-api-notes.md,
"Building and tending agents"): string ids, 0/1/null booleans, `[]` for an empty object,
float strings, unknown fields, missing fields.

Pure parsing: no server, no network (the end-to-end tests are test_api_workshop_*.py).
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from cgpt_tui.api import (
    PAGE_STATUSES,
    Agent,
    AgentPage,
    AgentPages,
    AgentSettings,
    AgentSources,
    License,
    NewLicense,
    PageMetadata,
    Plugin,
    ProtocolError,
    RefreshTime,
    Source,
    SourceSettings,
)
from cgpt_tui.api.coerce import as_optional_bool
from cgpt_tui.api.endpoint import form_fields

WHEN = "2023-09-29T11:29:14.000000Z"
AT = datetime(2023, 9, 29, 11, 29, 14, tzinfo=UTC)

CRAWLED_PAGE = {
    "id": 11,
    "page_url": "https://example.com/docs/start",
    "page_url_hash": "0f3c",
    "project_id": "3",
    "s3_path": None,
    "crawl_status": "ok",
    "index_status": "ok",
    "is_file": False,
    "is_refreshable": 1,
    "is_file_kept": 0,
    "filename": None,
    "filesize": None,
    "created_at": WHEN,
    "updated_at": WHEN,
}

UPLOADED_PAGE = {
    "id": "12",
    "page_url": "http://127.0.0.1:8000/api/v1/preview/12",
    "page_url_hash": "9a1b",
    "project_id": 3,
    "crawl_status": "failed",
    "index_status": "FAILED",
    "is_file": "true",
    "is_refreshable": None,
    "is_file_kept": True,
    "filename": "handbook.pdf",
    "filesize": "1048576.0",
    "failure_reason": "Not a PDF this reader can open",
    "some_new_field": {"nested": [1, 2]},
    "created_at": "2023-04-30 16:43:53",
    "updated_at": None,
}


def test_a_crawled_page_is_read_with_its_string_ids_and_number_booleans() -> None:
    page = AgentPage.from_api(CRAWLED_PAGE)
    assert page == AgentPage(
        id=11,
        url="https://example.com/docs/start",
        url_hash="0f3c",
        agent_id=3,
        crawl_status="ok",
        index_status="ok",
        is_file=False,
        is_refreshable=True,
        is_file_kept=False,
        filename=None,
        filesize=None,
        failure_reason=None,
        created_at=AT,
        updated_at=AT,
    )


def test_an_uploaded_page_reads_its_file_fields_and_why_it_failed() -> None:
    page = AgentPage.from_api(UPLOADED_PAGE)
    assert (page.id, page.agent_id, page.is_file, page.is_file_kept) == (12, 3, True, True)
    assert (page.filename, page.filesize) == ("handbook.pdf", 1_048_576)
    assert (page.crawl_status, page.index_status) == ("failed", "failed")
    assert page.failure_reason == "Not a PDF this reader can open"
    assert page.is_refreshable is False
    assert page.created_at == datetime(2023, 4, 30, 16, 43, 53, tzinfo=UTC)
    assert page.updated_at is None


@pytest.mark.parametrize(
    ("sent", "read"),
    [
        ("queued", "queued"),
        ("limited", "limited"),
        ("n/a", "n/a"),
        (" OK ", "ok"),
        (None, "n/a"),
        ("crawling", "n/a"),  # a status this client does not know
        (3, "n/a"),
    ],
)
def test_a_page_status_is_one_of_the_known_five(sent: object, read: str) -> None:
    page = AgentPage.from_api({"id": 1, "crawl_status": sent, "index_status": sent})
    assert page.crawl_status == page.index_status == read
    assert read in PAGE_STATUSES


def test_a_page_with_only_an_id_has_every_other_field_empty() -> None:
    page = AgentPage.from_api({"id": 7})
    assert page.url is None and page.filename is None and page.failure_reason is None
    assert (page.crawl_status, page.index_status) == ("n/a", "n/a")
    assert not (page.is_file or page.is_refreshable or page.is_file_kept)


@pytest.mark.parametrize("value", [{"page_url": "no id"}, [], None, "page", {"id": "x"}])
def test_a_page_without_an_id_is_a_protocol_error(value: object) -> None:
    with pytest.raises(ProtocolError):
        AgentPage.from_api(value)


def test_the_pages_answer_has_the_agent_and_a_laravel_page_of_pages() -> None:
    answer = {
        "project": {"id": "3", "project_name": "Docs", "is_chat_active": 0},
        "pages": {
            "current_page": 2,
            "data": [CRAWLED_PAGE, {"no": "id"}, UPLOADED_PAGE],
            "last_page": 3,
            "next_page_url": "http://x/api/v1/projects/3/pages?page=3",
            "per_page": 20,
            "total": "47",
            "from": 21,
            "to": 40,
        },
    }
    found = AgentPages.from_api(answer)
    assert found.agent is not None and found.agent.id == 3 and found.agent.name == "Docs"
    assert found.agent.chat_ready is False  # indexing: not ready
    assert [page.id for page in found.pages.items] == [11, 12]  # the unreadable row left out
    assert (found.pages.page, found.pages.total, found.pages.has_next) == (2, 47, True)


def test_a_pages_answer_without_a_readable_project_still_has_its_pages() -> None:
    found = AgentPages.from_api({"project": [], "pages": {"data": [CRAWLED_PAGE]}})
    assert found.agent is None and [page.id for page in found.pages.items] == [11]
    with pytest.raises(ProtocolError):
        AgentPages.from_api({"project": None, "pages": None})


@pytest.mark.parametrize(("sent", "ready"), [(None, None), (0, False), (1, True), (True, True)])
def test_a_new_agent_is_not_ready_while_chat_is_null(sent: object, ready: bool | None) -> None:
    agent = Agent.from_api({"id": 1, "is_chat_active": sent})
    assert agent.chat_ready is ready
    assert as_optional_bool("maybe") is None and as_optional_bool("0") is False


def test_page_metadata_keeps_its_own_id_apart_from_the_page_id() -> None:
    metadata = PageMetadata.from_api(
        {
            "id": "501",
            "page_id": 12,
            "url": "https://example.com/a",
            "title": "A page",
            "description": None,
            "image": "https://example.com/a.png",
            "created_at": WHEN,
            "updated_at": WHEN,
            "extra": True,
        }
    )
    assert (metadata.id, metadata.page_id) == (501, 12)
    assert (metadata.title, metadata.description) == ("A page", None)
    assert metadata.created_at == AT
    assert PageMetadata.from_api({}).page_id is None


SITEMAP_SOURCE = {
    "id": "21",
    "type": "sitemap",
    "settings": {
        "executive_js": "1",
        "data_refresh_frequency": "weekly",
        "create_new_pages": True,
        "remove_unexist_pages": 0,
        "refresh_existing_pages": "if_updated",
        "sitemap_path": "http://127.0.0.1:8123/sitemap.xml",
    },
    "pages": [CRAWLED_PAGE, {"broken": 1}],
    "created_at": WHEN,
    "updated_at": WHEN,
}


def test_a_sitemap_source_with_its_settings_and_pages() -> None:
    source = Source.from_api(SITEMAP_SOURCE)
    assert (source.id, source.type) == (21, "sitemap")
    assert source.settings == SourceSettings(
        executive_js=True,
        data_refresh_frequency="weekly",
        create_new_pages=True,
        remove_unexist_pages=False,
        refresh_existing_pages="if_updated",
        sitemap_path="http://127.0.0.1:8123/sitemap.xml",
    )
    assert [page.id for page in source.pages] == [11]


def test_settings_sent_as_php_empty_array_read_as_all_none() -> None:
    source = Source.from_api({"id": 22, "type": "UPLOAD", "settings": [], "pages": None})
    assert source.type == "upload" and source.pages == ()
    assert source.settings == SourceSettings(None, None, None, None, None, None)


def test_the_sources_answer_has_a_list_of_sitemaps_and_one_uploads_object() -> None:
    uploads = {"id": 22, "type": "upload", "settings": [], "pages": [UPLOADED_PAGE]}
    sources = AgentSources.from_api(
        {"sitemaps": [SITEMAP_SOURCE, {"no": "id"}], "uploads": uploads}
    )
    assert [s.id for s in sources.sitemaps] == [21]
    assert sources.uploads is not None and sources.uploads.id == 22
    assert sources.uploads.pages[0].filename == "handbook.pdf"


@pytest.mark.parametrize("uploads", [None, [], {}, {"type": "upload"}])
def test_no_uploads_reads_as_none(uploads: object) -> None:
    sources = AgentSources.from_api({"sitemaps": [], "uploads": uploads})
    assert sources.uploads is None and sources.sitemaps == ()
    assert AgentSources.from_api([]).sitemaps == ()


def test_a_refresh_time_is_sent_as_days_and_hours() -> None:
    entry = RefreshTime(days=(0, 6), hours=("08:00", "20:30"))
    assert entry.to_api() == {"days": [0, 6], "hours": ["08:00", "20:30"]}


def test_a_plugin_with_a_number_boolean() -> None:
    plugin = Plugin.from_api(
        {
            "model_name": "docs",
            "human_name": "Docs",
            "keywords": "help",
            "description": "Answers",
            "logo": None,
            "is_active": "0",
        }
    )
    assert (plugin.model_name, plugin.logo, plugin.is_active) == ("docs", None, False)
    assert Plugin.from_api({"is_active": 1}).is_active is True
    with pytest.raises(ProtocolError):
        Plugin.from_api([])


def test_licences_and_a_new_licence_with_its_key() -> None:
    row = {
        "id": "4",
        "name": "Reseller",
        "key": "0b2f1a8c-0000-4000-8000-1234567890ab",
        "project_id": "3",
        "created_at": WHEN,
        "updated_at": WHEN,
    }
    assert License.from_api(row) == License(4, "Reseller", row["key"], 3, AT, AT)
    created = NewLicense.from_api({"license": row, "licenseKey": row["key"]})
    assert created.license.id == 4 and created.key == row["key"]
    with pytest.raises(ProtocolError):
        NewLicense.from_api({"license": None, "licenseKey": "k"})


def test_settings_read_the_capability_and_inline_citations() -> None:
    settings = AgentSettings.from_api(
        {"agent_capability": "optimal-choice", "enable_inline_citations_api": "true"}
    )
    assert settings.agent_capability == "optimal-choice" and settings.inline_citations is True
    empty = AgentSettings.from_api([])
    assert empty.agent_capability is None and empty.inline_citations is False


def test_multipart_fields_number_the_questions_and_spell_out_booleans() -> None:
    fields = form_fields(
        {
            "example_questions": ["One?", "Two?"],
            "markdown_enabled": False,
            "enable_inline_citations_api": True,
            "enable_citations": 2,
            "persona_instructions": None,
        }
    )
    assert fields == {
        "example_questions[0]": "One?",
        "example_questions[1]": "Two?",
        "markdown_enabled": "false",
        "enable_inline_citations_api": "true",
        "enable_citations": "2",
        "persona_instructions": "",
    }
