"""The vendor's own SDK (`customgpt-client` on PyPI, a test-only dependency) parses every
answer of the stand-in's workshop operations, and of the chat ones it has.

The SDK is synchronous (requests); the stand-in runs on its own thread (DemoServer), so the
calls are plain. Each call asserts the status and that `parsed` is the SDK's own success
model carrying what was sent. What the SDK cannot do, and why, is said where it matters:
- it has no licence operations at all (1.2.8): they are not reachable through it;
- its four report calls send `filters` as repeated `filters=a` and no dates (it has no
  customer intelligence call);
- its settings update always sends its own defaults for six fields (no_answer_message
  "I'm sorry, I don't know the answer", is_loading_indicator_enabled, enable_feedbacks,
  remove_branding, enable_recaptcha_for_public_chatbots, is_selling_enabled), so a settings
  update through it changes those too;
- its pages list sends only `page`, `order` and `duration` (no limit, no status filters);
- its source update parses a 201 only (a 200 would leave `parsed` None) and sends the
  refresh schedule as JSON keys `refresh_schedule[0]`, `refresh_schedule[1]`…;
- it parses dates with dateutil's isoparse and nested records with `.get`, so a missing or
  null date, or a `[]` where an object belongs, raises instead of parsing.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from http import HTTPStatus
from pathlib import Path
from typing import Any

import customgpt_client
import pytest
from customgpt_client.api.citations import get_citation
from customgpt_client.api.conversations import (
    create_conversation,
    delete_conversation,
    get_conversations,
    messages_conversation,
    send_message,
    update_conversation,
)
from customgpt_client.api.limits import get_api_v1_limits_usage
from customgpt_client.api.page_metadata import get_metadata, update_metadata
from customgpt_client.api.pages import delete_page, get_pages, reindex_page
from customgpt_client.api.project_plugins import (
    create_plugin,
    get_plugin,
    update_plugin,
)
from customgpt_client.api.project_settings import (
    get_project_settings,
    update_project_settings,
)
from customgpt_client.api.projects import (
    create_project,
    delete_project,
    get_project,
    list_projects,
    replicate_project,
    stats_project,
    update_project,
)
from customgpt_client.api.reports_analytics import (
    analysis_reports,
    conversations_reports,
    queries_reports,
    traffic_reports,
)
from customgpt_client.api.sources import (
    create_source,
    delete_source,
    list_sources,
    synchronize_source,
    update_source,
)
from customgpt_client.api.users import get_user, update_user
from customgpt_client.client import CustomGPT
from customgpt_client.models import (
    AnalysisReportsFiltersItem,
    AnalysisReportsInterval,
    ConversationsReportsFiltersItem,
    CreateConversationJsonBody,
    CreatePluginJsonBody,
    CreateProjectMultipartData,
    CreateSourceMultipartData,
    QueriesReportsFiltersItem,
    SendMessageJsonBody,
    TrafficReportsFiltersItem,
    UpdateConversationJsonBody,
    UpdateMetadataJsonBody,
    UpdatePluginJsonBody,
    UpdateProjectMultipartData,
    UpdateProjectSettingsMultipartData,
    UpdateSourceJsonBody,
    UpdateSourceJsonBodyRefreshScheduleItem,
    UpdateUserMultipartData,
)
from customgpt_client.types import File

from .conftest import NORTHWIND
from .sites import serve_site, wait_indexed

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
NOTES = b"# Field notes\n\nThe heron nests by the north pond from March to June.\n"


@pytest.fixture
def sdk(demo_server) -> Iterator[CustomGPT]:
    yield CustomGPT(api_key=demo_server.api_key, base_url=demo_server.base_url, timeout=10.0)


def parsed(response: Any, status: int, model: str) -> Any:
    """`response.parsed`, asserted to be the SDK's model named `model` for `status`."""
    assert response.status_code == HTTPStatus(status), response.content[:300]
    assert type(response.parsed).__name__ == model, (type(response.parsed), response.content)
    return response.parsed


def test_settings_update_and_read_back(sdk: CustomGPT) -> None:
    changes = UpdateProjectSettingsMultipartData(
        default_prompt="Ask the SDK",
        example_questions=["First?", "Second?", "Third?"],
        persona_instructions="You answer through the SDK.",
        chatbot_model="gpt-4-1",
        citations_view_type="hide",
        enable_citations="2",
        remove_branding=True,
        chat_bot_avatar=File(io.BytesIO(PNG), "me.png", "image/png"),
    )
    result = update_project_settings.sync_detailed(NORTHWIND, client=sdk, multipart_data=changes)
    assert parsed(result, 200, "UpdateProjectSettingsResponse200").data.updated is True
    read = get_project_settings.sync_detailed(NORTHWIND, client=sdk)
    data = parsed(read, 200, "GetProjectSettingsResponse200").data
    assert data.default_prompt == "Ask the SDK"
    assert data.example_questions == ["First?", "Second?", "Third?"]
    assert data.persona_instructions == "You answer through the SDK."
    assert (data.chatbot_model, data.citations_view_type) == ("gpt-4-1", "hide")
    assert (data.enable_citations, data.remove_branding) == (2, True)
    assert data.chatbot_avatar == f"https://cdn.customgpt.ai/avatars/{NORTHWIND}-chatbot_avatar.png"
    assert data.no_answer_message == "I'm sorry, I don't know the answer"  # the SDK's default
    refused = UpdateProjectSettingsMultipartData(response_source="everything")
    wrong = update_project_settings.sync_detailed(NORTHWIND, client=sdk, multipart_data=refused)
    error = parsed(wrong, 400, "UpdateProjectSettingsResponse400").data
    assert error.message == "The selected response source is invalid."


def test_plugins_from_404_to_created_to_updated(sdk: CustomGPT) -> None:
    missing = parsed(get_plugin.sync_detailed(NORTHWIND, client=sdk), 404, "GetPluginResponse404")
    assert missing.data.message == f"Plugin for agent with id {NORTHWIND} not found"
    body = CreatePluginJsonBody(
        model_name="Northwind", human_name="Northwind Help", keywords="help", description="Help"
    )
    created = create_plugin.sync_detailed(NORTHWIND, client=sdk, json_body=body)
    plugin = parsed(created, 201, "CreatePluginResponse201").data
    assert (plugin.model_name, plugin.human_name, plugin.is_active) == (
        "Northwind",
        "Northwind Help",
        False,
    )
    assert plugin.logo
    shown = parsed(get_plugin.sync_detailed(NORTHWIND, client=sdk), 200, "GetPluginResponse200")
    assert shown.data.keywords == "help"
    change = UpdatePluginJsonBody(human_name="Northwind", is_active=True)
    updated = update_plugin.sync_detailed(NORTHWIND, client=sdk, json_body=change)
    data = parsed(updated, 200, "UpdatePluginResponse200").data
    assert (data.human_name, data.is_active, data.model_name) == ("Northwind", True, "Northwind")


def test_the_user_update(sdk: CustomGPT) -> None:
    photo = File(io.BytesIO(PNG), "me.png", "image/png")
    body = UpdateUserMultipartData(name="Dana through the SDK", profile_photo=photo)
    user = parsed(
        update_user.sync_detailed(client=sdk, multipart_data=body), 200, "UpdateUserResponse200"
    )
    assert user.data.name == "Dana through the SDK"
    assert user.data.profile_photo_url.endswith(".png")
    again = parsed(get_user.sync_detailed(client=sdk), 200, "GetUserResponse200").data
    assert (again.name, again.profile_photo_url) == (user.data.name, user.data.profile_photo_url)


def test_chat_answers_parse(sdk: CustomGPT) -> None:
    agents = parsed(list_projects.sync_detailed(client=sdk), 200, "ListProjectsResponse200")
    assert NORTHWIND in [agent.id for agent in agents.data.data]
    listed = get_conversations.sync_detailed(NORTHWIND, client=sdk)
    assert parsed(listed, 200, "GetConversationsResponse200").data.total >= 1
    made = create_conversation.sync_detailed(
        NORTHWIND, client=sdk, json_body=CreateConversationJsonBody(name="SDK")
    )
    session = parsed(made, 201, "CreateConversationResponse201").data.session_id
    body = SendMessageJsonBody(prompt="What plans do you offer?")
    sent = send_message.sync_detailed(NORTHWIND, session, client=sdk, json_body=body)
    message = parsed(sent, 200, "SendMessageResponse200").data
    assert message.user_query == "What plans do you offer?" and message.openai_response
    listing = messages_conversation.sync_detailed(NORTHWIND, session, client=sdk)
    messages = parsed(listing, 200, "MessagesConversationResponse200").data.messages.data
    assert [m.id for m in messages] == [message.id]
    cited = get_citation.sync_detailed(NORTHWIND, message.citations[0], client=sdk)
    assert parsed(cited, 200, "GetCitationResponse200").data.id == message.citations[0]
    renamed = update_conversation.sync_detailed(
        NORTHWIND, session, client=sdk, json_body=UpdateConversationJsonBody(name="SDK, renamed")
    )
    assert parsed(renamed, 200, "UpdateConversationResponse200").data.name == "SDK, renamed"
    gone = delete_conversation.sync_detailed(NORTHWIND, session, client=sdk)
    assert parsed(gone, 200, "DeleteConversationResponse200").data.deleted is True
    usage = get_api_v1_limits_usage.sync_detailed(client=sdk)
    assert parsed(usage, 200, "GetApiV1LimitsUsageResponse200").data.max_queries > 0


def test_the_sdk_has_no_licence_operations() -> None:
    """Licences cannot be reached through the SDK (1.2.8): no module of it names them, so
    the licence envelopes are checked by raw HTTP only (test_settings_and_extras.py and the
    conformance tests). A newer SDK that adds them fails here, asking for its test."""
    package = Path(customgpt_client.__file__).parent
    sources = [path.read_text(encoding="utf-8") for path in (package / "api").rglob("*.py")]
    assert sources and not any("licen" in text.lower() for text in sources)


def _new_agent(sdk: CustomGPT, name: str, **fields: Any) -> Any:
    body = CreateProjectMultipartData(project_name=name, **fields)
    created = create_project.sync_detailed(client=sdk, multipart_data=body)
    agent = parsed(created, 201, "CreateProjectResponse201").data
    assert agent.project_name == name and agent.id
    return agent


def test_agents_create_update_replicate_delete_and_stats(sdk: CustomGPT) -> None:
    notes = File(io.BytesIO(NOTES), "notes.md", "text/markdown")
    agent = _new_agent(sdk, "SDK file agent", file=notes, file_data_retension=True)
    _new_agent(sdk, "SDK sitemap agent", sitemap_path="https://example.com/sitemap.xml")
    shown = parsed(get_project.sync_detailed(agent.id, client=sdk), 200, "GetProjectResponse200")
    assert shown.data.id == agent.id
    stats = parsed(
        stats_project.sync_detailed(agent.id, client=sdk), 200, "StatsProjectResponse200"
    )
    assert stats.data.pages_found == 1
    change = UpdateProjectMultipartData(project_name="SDK, renamed", is_shared=True)
    updated = update_project.sync_detailed(agent.id, client=sdk, multipart_data=change)
    data = parsed(updated, 200, "UpdateProjectResponse200").data
    assert (data.project_name, data.is_shared) == ("SDK, renamed", True)
    replica = replicate_project.sync_detailed(agent.id, client=sdk)
    copy = parsed(replica, 201, "ReplicateProjectResponse201").data
    assert copy.id != agent.id
    gone = parsed(
        delete_project.sync_detailed(copy.id, client=sdk), 200, "DeleteProjectResponse200"
    )
    assert gone.data.deleted is True
    missing = delete_project.sync_detailed(copy.id, client=sdk)
    assert parsed(missing, 404, "DeleteProjectResponse404").data.code == 404


def test_a_crawled_agent_its_new_settings_pages_and_metadata(
    sdk: CustomGPT, http, tmp_path
) -> None:
    with serve_site(tmp_path) as site:
        heron = site.page("heron.html", "Herons", "<p>The heron nests by the north pond.</p>")
        sitemap = site.sitemap([heron, site.url("missing.html")])
        agent = _new_agent(sdk, "SDK crawled agent", sitemap_path=sitemap)
        fresh = get_project_settings.sync_detailed(agent.id, client=sdk)
        settings = parsed(fresh, 200, "GetProjectSettingsResponse200").data
        assert settings.example_questions is None  # a new agent's (the notes)
        assert settings.default_prompt.startswith("Ask Me Anything")
        wait_indexed(http, agent.id)
    listing = parsed(get_pages.sync_detailed(agent.id, client=sdk), 200, "GetPagesResponse200")
    pages = {page.page_url: page for page in listing.data.pages.data}
    assert set(pages) == {heron, site.url("missing.html")}
    assert (pages[heron].crawl_status, pages[heron].index_status) == ("ok", "ok")
    assert pages[site.url("missing.html")].index_status == "failed"
    meta = get_metadata.sync_detailed(agent.id, str(pages[heron].id), client=sdk)
    assert parsed(meta, 200, "GetMetadataResponse200").data.title == "Herons"
    shown = parsed(get_project.sync_detailed(agent.id, client=sdk), 200, "GetProjectResponse200")
    assert shown.data.is_chat_active is True


def test_pages_and_metadata(sdk: CustomGPT) -> None:
    listing = parsed(get_pages.sync_detailed(NORTHWIND, client=sdk), 200, "GetPagesResponse200")
    assert listing.data.project.id == NORTHWIND
    pages = listing.data.pages.data
    assert pages and all(page.project_id == NORTHWIND for page in pages)
    page_id = pages[0].id
    meta = get_metadata.sync_detailed(NORTHWIND, str(page_id), client=sdk)
    assert parsed(meta, 200, "GetMetadataResponse200").data.id
    change = UpdateMetadataJsonBody(title="SDK title", description="Set by the SDK")
    updated = update_metadata.sync_detailed(NORTHWIND, page_id, client=sdk, json_body=change)
    data = parsed(updated, 200, "UpdateMetadataResponse200").data
    assert (data.title, data.description) == ("SDK title", "Set by the SDK")
    reindexed = reindex_page.sync_detailed(NORTHWIND, page_id, client=sdk)
    assert parsed(reindexed, 200, "ReindexPageResponse200").data.updated is True
    deleted = delete_page.sync_detailed(NORTHWIND, page_id, client=sdk)
    assert parsed(deleted, 200, "DeletePageResponse200").data.deleted is True


def test_sources(sdk: CustomGPT) -> None:
    listing = parsed(
        list_sources.sync_detailed(NORTHWIND, client=sdk), 200, "ListSourcesResponse200"
    )
    assert isinstance(listing.data.sitemaps, list)
    body = CreateSourceMultipartData(sitemap_path="https://example.com/more.xml")
    created = create_source.sync_detailed(NORTHWIND, client=sdk, multipart_data=body)
    source = parsed(created, 201, "CreateSourceResponse201").data
    assert source.type == "sitemap" and source.id
    upload = CreateSourceMultipartData(file=File(io.BytesIO(NOTES), "notes.md", "text/markdown"))
    added = create_source.sync_detailed(NORTHWIND, client=sdk, multipart_data=upload)
    assert parsed(added, 201, "CreateSourceResponse201").data.type == "upload"
    schedule = [UpdateSourceJsonBodyRefreshScheduleItem(days=[1], hours=["08:00"])]
    change = UpdateSourceJsonBody(
        data_refresh_frequency="weekly", refresh_existing_pages="always", refresh_schedule=schedule
    )
    updated = update_source.sync_detailed(NORTHWIND, source.id, client=sdk, json_body=change)
    settings = parsed(updated, 201, "UpdateSourceResponse201").data.settings
    assert str(settings.data_refresh_frequency) == "weekly"
    # The SDK sends the schedule as JSON keys "refresh_schedule[0]"; JSON has no bracket
    # convention (PHP reads brackets in forms only), so the schedule is not taken.
    assert updated.parsed.data["refresh_schedule"] == []
    synced = synchronize_source.sync_detailed(NORTHWIND, source.id, client=sdk)
    if synced.status_code == HTTPStatus.FORBIDDEN:
        assert parsed(synced, 403, "SynchronizeSourceResponse403").data.message
    else:
        assert parsed(synced, 201, "SynchronizeSourceResponse201").data.id == source.id
    deleted = delete_source.sync_detailed(NORTHWIND, source.id, client=sdk)
    assert parsed(deleted, 200, "DeleteSourceResponse200").data.deleted is True


def test_the_four_reports_parse(sdk: CustomGPT, http) -> None:
    """The SDK's report calls (repeated `filters=a`) against what the routes show."""
    session = http.post(f"/api/v1/projects/{NORTHWIND}/conversations", json={"name": "SDK"})
    path = f"/api/v1/projects/{NORTHWIND}/conversations/{session.json()['data']['session_id']}"
    http.post(f"{path}/messages", json={"prompt": "Can I pay with bitcoin?"})  # a failed one
    conversations = http.get(f"/api/v1/projects/{NORTHWIND}/conversations").json()["data"]
    asked = 0
    for page in range(1, conversations["last_page"] + 1):
        listing = http.get(f"/api/v1/projects/{NORTHWIND}/conversations", params={"page": page})
        for conversation in listing.json()["data"]["data"]:
            messages = http.get(
                f"/api/v1/projects/{NORTHWIND}/conversations/{conversation['session_id']}/messages"
            )
            asked += messages.json()["data"]["messages"]["total"]
    talks = conversations["total"]

    traffic = traffic_reports.sync_detailed(
        NORTHWIND, client=sdk, filters=[TrafficReportsFiltersItem.SOURCES]
    )
    sources = parsed(traffic, 200, "TrafficReportsResponse200").data.sources
    assert sum(source.request_source_number for source in sources) == asked
    assert sources[0].request_source == "web"
    assert "api" in {source.request_source for source in sources}

    every_query = list(QueriesReportsFiltersItem)
    queries = queries_reports.sync_detailed(NORTHWIND, client=sdk, filters=every_query)
    data = parsed(queries, 200, "QueriesReportsResponse200").data
    assert data.total == asked
    counts = {item.status: item.count for item in data.query_status}
    assert counts["success"] + counts["failed"] == asked and counts["failed"] >= 1

    every_conversation = list(ConversationsReportsFiltersItem)
    made = conversations_reports.sync_detailed(NORTHWIND, client=sdk, filters=every_conversation)
    data = parsed(made, 200, "ConversationsReportsResponse200").data
    assert data.total == talks
    assert data.average_queries_per_conversation == round(asked / talks, 2)

    series = analysis_reports.sync_detailed(
        NORTHWIND,
        client=sdk,
        filters=list(AnalysisReportsFiltersItem),
        interval=AnalysisReportsInterval.WEEKLY,  # to today: daily would end at 400 days
    )
    data = parsed(series, 200, "AnalysisReportsResponse200").data
    assert sum(point.queries_number for point in data.queries) == asked
    assert len(data.queries) == len(data.conversations) == len(data.queries_per_conversation)
    assert data.queries[0].created_at_interval == "2026-09-28"  # the first question's week
    refused = traffic_reports.sync_detailed(NORTHWIND, client=sdk, filters=[])
    assert parsed(refused, 400, "TrafficReportsResponse400").data.message == (
        "The filters field is required."
    )
    unknown = queries_reports.sync_detailed(4242, client=sdk, filters=every_query)
    assert parsed(unknown, 404, "QueriesReportsResponse404").data.code == 404
