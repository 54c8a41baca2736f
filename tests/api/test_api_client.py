"""Every client method against the stand-in server over real HTTP on loopback."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path

import pytest

from cgpt_tui.api import (
    ChatCompletion,
    ChatMessage,
    CustomGPTClient,
    NotFound,
    Reaction,
    ServerError,
    StreamFinished,
    StreamStarted,
    TextDelta,
)
from cgpt_tui.demo.server import DemoServer

NORTHWIND, LUMEN, ACME = 103, 102, 101
ONBOARDING = "Onboarding the support team"  # Northwind's conversation with 46 messages
QUESTION = "How do I reset my password?"


@pytest.fixture
async def client(demo_server: DemoServer) -> AsyncIterator[CustomGPTClient]:
    async with CustomGPTClient(demo_server.base_url, demo_server.api_key) as client:
        yield client


async def session_of(client: CustomGPTClient, agent_id: int, name: str) -> str:
    async for conversation in client.iter_conversations(agent_id, name=name):
        if conversation.name == name:
            return conversation.session_id
    raise AssertionError(f"no conversation named {name!r}")


# ---------------------------------------------------------------------- agents


async def test_list_agents_reads_the_seeded_agents(client: CustomGPTClient) -> None:
    page = await client.list_agents()
    assert [agent.id for agent in page.items] == [NORTHWIND, LUMEN, ACME]  # id desc
    assert (page.page, page.last_page, page.total, page.has_next, page.has_prev) == (
        1,
        1,
        3,
        False,
        False,
    )
    northwind = page.items[0]
    assert northwind.name == "Northwind Help Center"
    assert northwind.is_active and northwind.is_shared
    assert isinstance(northwind.created_at, datetime) and northwind.created_at.tzinfo is not None
    assert northwind.shareable_link and northwind.type == "SITEMAP"
    assert not page.items[2].is_active  # Acme is archived


async def test_list_agents_filters_and_orders(client: CustomGPTClient) -> None:
    page = await client.list_agents(name="lumen")
    assert [agent.name for agent in page.items] == ["Lumen X100 Manual"]
    ascending = await client.list_agents(order="asc", order_by="created_at")
    assert [agent.id for agent in ascending.items] == [ACME, LUMEN, NORTHWIND]


async def test_iter_agents_walks_every_page(client: CustomGPTClient, demo_server) -> None:
    demo_server.state.add_bulk_agents(25)  # 28 agents: pages of 10, 10 and 8
    agents = [agent async for agent in client.iter_agents()]
    assert len(agents) == 28
    assert len({agent.id for agent in agents}) == 28
    assert (await client.list_agents(3)).items == tuple(agents[20:])


async def test_iter_agents_fetches_a_page_only_when_the_previous_one_is_used_up(
    client: CustomGPTClient, demo_server: DemoServer
) -> None:
    demo_server.state.add_bulk_agents(25)
    agents = client.iter_agents()
    first_page = [await anext(agents) for _ in range(10)]
    # Had page 2 been fetched already, this fault would never be met.
    demo_server.faults.fail_next(status=503, message="page two asked for", path="/api/v1/projects")
    with pytest.raises(ServerError, match="page two asked for"):
        await anext(agents)
    assert len({agent.id for agent in first_page}) == 10


async def test_iterating_nothing_requests_nothing(
    client: CustomGPTClient, demo_server: DemoServer
) -> None:
    client.iter_agents()  # never iterated
    demo_server.faults.fail_next(status=500, message="first request", path="/api/v1/projects")
    with pytest.raises(ServerError, match="first request"):
        await client.list_agents()  # the fault was still waiting for the first request


async def test_get_agent_settings_and_stats(client: CustomGPTClient) -> None:
    agent = await client.get_agent(LUMEN)
    assert (agent.id, agent.name, agent.type) == (LUMEN, "Lumen X100 Manual", "URL")

    settings = await client.get_agent_settings(NORTHWIND)
    assert settings.chatbot_title == "Northwind Assistant"
    assert "How do I reset my password?" in settings.example_questions
    assert settings.language == "en"
    assert settings.enable_citations == 3 and settings.citations_view_type == "show"
    assert settings.error_message and settings.no_answer_message
    lumen = await client.get_agent_settings(LUMEN)
    assert lumen.example_questions == () and lumen.chatbot_model == "claude-3.5-sonnet"

    stats = await client.get_agent_stats(LUMEN)
    assert stats.pages_found == 6 and stats.pages_indexed == 6
    assert stats.total_words_indexed and stats.total_words_indexed > 0


# ---------------------------------------------------------------------- conversations


async def test_list_conversations_pages_and_filters(client: CustomGPTClient) -> None:
    first = await client.list_conversations(NORTHWIND)
    assert (first.total, first.last_page, len(first.items), first.has_next) == (28, 2, 20, True)
    second = await client.list_conversations(NORTHWIND, 2)
    assert len(second.items) == 8 and not second.has_next and second.has_prev
    assert all(c.agent_id == NORTHWIND for c in first.items + second.items)

    mine = [c async for c in client.iter_conversations(NORTHWIND, user_filter="me")]
    anonymous = [c async for c in client.iter_conversations(NORTHWIND, user_filter="anonymous")]
    team = [c async for c in client.iter_conversations(NORTHWIND, user_filter="team_member")]
    assert mine and anonymous and team
    assert {c.created_by for c in mine} == {1}
    assert {c.created_by for c in anonymous} == {None}
    assert len(mine) + len(anonymous) + len(team) == 28

    named = await client.list_conversations(NORTHWIND, name="onboarding")
    assert [c.name for c in named.items] == [ONBOARDING]
    oldest = await client.list_conversations(NORTHWIND, order="asc", order_by="created_at")
    assert oldest.items[0].name == ONBOARDING


async def test_create_rename_and_delete_a_conversation(client: CustomGPTClient) -> None:
    created = await client.create_conversation(LUMEN, "Night photos")
    assert created.name == "Night photos" and created.agent_id == LUMEN
    assert re.fullmatch(r"[0-9a-f-]{36}", created.session_id)

    renamed = await client.rename_conversation(LUMEN, created.session_id, "Low light")
    assert (renamed.session_id, renamed.name) == (created.session_id, "Low light")
    listed = await client.list_conversations(LUMEN, name="Low light")
    assert [c.session_id for c in listed.items] == [created.session_id]

    assert await client.delete_conversation(LUMEN, created.session_id) is None
    with pytest.raises(NotFound):
        await client.list_messages(LUMEN, created.session_id)


# ---------------------------------------------------------------------- messages


async def test_list_messages_with_its_conversation(client: CustomGPTClient) -> None:
    session_id = await session_of(client, NORTHWIND, ONBOARDING)
    result = await client.list_messages(NORTHWIND, session_id)
    assert result.conversation.session_id == session_id
    assert result.conversation.name == ONBOARDING
    page = result.page
    assert (page.total, page.last_page, len(page.items), page.has_next) == (46, 3, 20, True)
    ids = [message.id for message in page.items]
    assert ids == sorted(ids, reverse=True)  # newest first by default
    assert all(m.question and m.answer for m in page.items)
    assert all(m.conversation_id == result.conversation.id for m in page.items)
    assert any(m.reaction is Reaction.LIKED for m in page.items)
    assert page.items[0].metadata.request_source == "web"

    oldest = await client.list_messages(NORTHWIND, session_id, order="asc")
    assert oldest.page.items[0].id == min(ids) - 26


async def test_iter_messages_walks_all_pages_in_order(client: CustomGPTClient) -> None:
    session_id = await session_of(client, NORTHWIND, ONBOARDING)
    messages = [m async for m in client.iter_messages(NORTHWIND, session_id, order="asc")]
    assert len(messages) == 46
    assert [m.id for m in messages] == sorted(m.id for m in messages)


async def test_send_message_answers_with_citations(client: CustomGPTClient) -> None:
    conversation = await client.create_conversation(NORTHWIND, "Passwords")
    message = await client.send_message(
        NORTHWIND,
        conversation.session_id,
        QUESTION,
        lang="en",
        external_id="ticket-42",
        fresh=True,
    )
    assert message.question == QUESTION
    assert "password" in message.answer.lower()
    assert message.citation_ids
    assert message.conversation_id == conversation.id
    assert message.metadata.external_id == "ticket-42"
    assert message.reaction is None
    assert await client.get_message(NORTHWIND, conversation.session_id, message.id) == message


async def test_fresh_asks_send_cache_control_no_cache_plain_and_streamed(
    client: CustomGPTClient, demo_server: DemoServer
) -> None:
    session_id = (await client.create_conversation(NORTHWIND, "Again")).session_id
    await client.send_message(NORTHWIND, session_id, QUESTION)
    await client.send_message(NORTHWIND, session_id, QUESTION, fresh=True)
    async with client.stream_message(NORTHWIND, session_id, QUESTION, fresh=True) as stream:
        _ = [event async for event in stream]
    async with client.stream_message(NORTHWIND, session_id, QUESTION) as stream:
        _ = [event async for event in stream]
    asked = [r for r in demo_server.ask_log if r.session_id == session_id]
    assert [(r.prompt, r.no_cache) for r in asked] == [
        (QUESTION, False),
        (QUESTION, True),
        (QUESTION, True),
        (QUESTION, False),
    ]


async def test_stream_message_then_the_same_answer_by_id(client: CustomGPTClient) -> None:
    conversation = await client.create_conversation(NORTHWIND, "Streamed")
    async with client.stream_message(NORTHWIND, conversation.session_id, QUESTION) as stream:
        events = [event async for event in stream]
    assert events[0] == StreamStarted(QUESTION)
    finish = events[-1]
    assert isinstance(finish, StreamFinished)
    assert finish.session_id == conversation.session_id
    assert finish.citation_ids and finish.created_at is not None
    text = "".join(e.text for e in events if isinstance(e, TextDelta))
    stored = await client.get_message(NORTHWIND, conversation.session_id, finish.message_id)
    assert stored.answer == text
    assert stored.citation_ids == finish.citation_ids


async def test_set_reaction_and_clear_it(client: CustomGPTClient) -> None:
    conversation = await client.create_conversation(NORTHWIND, "Reactions")
    message = await client.send_message(NORTHWIND, conversation.session_id, QUESTION)
    liked = await client.set_reaction(
        NORTHWIND, conversation.session_id, message.id, Reaction.LIKED
    )
    assert (liked.id, liked.reaction) == (message.id, Reaction.LIKED)
    disliked = await client.set_reaction(
        NORTHWIND, conversation.session_id, message.id, Reaction.DISLIKED
    )
    assert disliked.reaction is Reaction.DISLIKED
    await client.set_reaction(NORTHWIND, conversation.session_id, message.id, Reaction.NEUTRAL)
    stored = await client.get_message(NORTHWIND, conversation.session_id, message.id)
    assert stored.reaction is Reaction.NEUTRAL


# ---------------------------------------------------------------------- sources


async def test_get_citation_of_an_answer(client: CustomGPTClient) -> None:
    conversation = await client.create_conversation(NORTHWIND, "Citations")
    message = await client.send_message(NORTHWIND, conversation.session_id, QUESTION)
    citation = await client.get_citation(NORTHWIND, message.citation_ids[0])
    assert citation.id == message.citation_ids[0]
    assert citation.title and citation.url and citation.url.startswith("http")
    with pytest.raises(NotFound, match="Page with id 424242 not found"):
        await client.get_citation(NORTHWIND, 424242)


async def test_preview_file_of_an_uploaded_source(client: CustomGPTClient) -> None:
    conversation = await client.create_conversation(LUMEN, "Battery")
    message = await client.send_message(
        LUMEN, conversation.session_id, "How long does the battery last?"
    )
    citation = await client.get_citation(LUMEN, message.citation_ids[0])
    match = re.search(r"/api/v1/preview/(\d+)$", citation.url or "")
    assert match, citation.url
    preview = await client.preview_file(int(match.group(1)))
    assert preview.content_type.startswith("text/markdown")
    assert preview.filename and preview.filename.endswith(".md")
    assert b"battery" in preview.content.lower()
    with pytest.raises(NotFound):
        await client.preview_file(999999)


LUMEN_FILES = Path(__file__).resolve().parents[2] / "cgpt_tui" / "demo" / "documents" / "lumen"


@pytest.mark.parametrize(
    ("question", "filename", "content_type", "shipped"),
    [
        (
            "What does the warranty cover?",
            "lumen-x100-warranty.pdf",
            "application/pdf",
            "warranty.pdf",
        ),
        (
            "How often should I clean the viewfinder?",
            "lumen-x100-care.docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "care.docx",
        ),
    ],
)
async def test_pdf_and_docx_sources_are_cited_and_previewed_as_the_files_themselves(
    client: CustomGPTClient, question: str, filename: str, content_type: str, shipped: str
) -> None:
    conversation = await client.create_conversation(LUMEN, "Manual files")
    message = await client.send_message(LUMEN, conversation.session_id, question)
    previews = {}
    for citation_id in message.citation_ids:  # the file, wherever the answer cites it
        citation = await client.get_citation(LUMEN, citation_id)
        match = re.search(r"/api/v1/preview/(\d+)$", citation.url or "")
        assert match, citation.url
        preview = await client.preview_file(int(match.group(1)))
        previews[preview.filename] = preview
    preview = previews[filename]
    assert preview.content_type == content_type
    assert preview.content == (LUMEN_FILES / shipped).read_bytes()


# ---------------------------------------------------------------------- account


async def test_get_user_and_usage_limits(client: CustomGPTClient) -> None:
    user = await client.get_user()
    assert (user.id, user.name, user.email) == (1, "Dana Demo", "dana@northwind.example")
    assert user.current_team_id == 1 and user.created_at is not None
    before = await client.get_usage_limits()
    assert (before.max_projects, before.current_projects, before.max_queries) == (10, 3, 5000)
    conversation = await client.create_conversation(NORTHWIND, "Counting")
    await client.send_message(NORTHWIND, conversation.session_id, QUESTION)
    after = await client.get_usage_limits()
    assert after.current_queries == (before.current_queries or 0) + 1


# ---------------------------------------------------------------------- OpenAI-compatible


async def test_chat_completion(client: CustomGPTClient) -> None:
    completion = await client.chat_completion(
        NORTHWIND,
        [ChatMessage("system", "Be brief."), {"role": "user", "content": QUESTION}],
        lang="en",
    )
    assert isinstance(completion, ChatCompletion)
    assert completion.id.startswith("chatcmpl-") and completion.created
    assert "password" in completion.content.lower()
    assert completion.finish_reason == "stop"
    assert completion.choices[0].role == "assistant"


async def test_stream_chat_completion_adds_up_to_the_whole_answer(
    client: CustomGPTClient,
) -> None:
    whole = await client.chat_completion(NORTHWIND, [ChatMessage("user", QUESTION)])
    async with client.stream_chat_completion(NORTHWIND, [ChatMessage("user", QUESTION)]) as stream:
        chunks = [chunk async for chunk in stream]
    assert "".join(chunk.content for chunk in chunks) == whole.content
    assert chunks[-1].finish_reason == "stop"
    assert {chunk.id for chunk in chunks} == {chunks[0].id}
