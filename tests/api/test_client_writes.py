"""Creating, renaming, deleting, asking and reacting: the client changes the stand-in."""

from __future__ import annotations

from cgpt_tui.api import (
    ChatMessage,
    CustomGPTClient,
    Reaction,
    StreamFinished,
    StreamStarted,
    TextDelta,
)

NORTHWIND = 103


def client_for(server) -> CustomGPTClient:
    return CustomGPTClient(server.base_url, server.api_key, timeout=5)


async def test_create_rename_delete_conversation(demo_server) -> None:
    async with client_for(demo_server) as client:
        created = await client.create_conversation(NORTHWIND, "Billing questions")
        assert created.name == "Billing questions" and created.agent_id == NORTHWIND
        assert created.session_id in demo_server.state.agents[NORTHWIND].conversations
        listed = await client.list_conversations(NORTHWIND)
        assert listed.items[0].session_id == created.session_id, "newest first"
        renamed = await client.rename_conversation(NORTHWIND, created.session_id, "Invoices")
        assert renamed.name == "Invoices" and renamed.session_id == created.session_id
        await client.delete_conversation(NORTHWIND, created.session_id)
        assert created.session_id not in demo_server.state.agents[NORTHWIND].conversations


async def test_send_message_returns_the_answer_with_citations(demo_server) -> None:
    async with client_for(demo_server) as client:
        conversation = await client.create_conversation(NORTHWIND, "Passwords")
        message = await client.send_message(
            NORTHWIND, conversation.session_id, "How do I reset my password?", external_id="t-1"
        )
        assert message.question == "How do I reset my password?"
        assert "Forgot password?" in message.answer
        assert message.citation_ids[0] == 9001
        assert message.metadata.external_id == "t-1"
        again = await client.send_message(
            NORTHWIND, conversation.session_id, "How do I reset my password?", fresh=True
        )
        assert again.answer == message.answer, "retrieval is deterministic"
        assert again.id != message.id


async def test_stream_message_events_match_the_stored_message(demo_server) -> None:
    async with client_for(demo_server) as client:
        conversation = await client.create_conversation(NORTHWIND, "Plans")
        events = [
            event
            async for event in client.stream_message(
                NORTHWIND, conversation.session_id, "What plans do you offer?"
            )
        ]
        assert isinstance(events[0], StreamStarted)
        assert events[0].prompt == "What plans do you offer?"
        deltas = [event.text for event in events if isinstance(event, TextDelta)]
        assert len(deltas) > 20
        finish = events[-1]
        assert isinstance(finish, StreamFinished)
        assert finish.session_id == conversation.session_id and finish.created_at
        assert 9003 in finish.citation_ids
        stored = await client.get_message(NORTHWIND, conversation.session_id, finish.message_id)
        assert stored.answer == "".join(deltas)
        assert "| Team | $9 / month |" in stored.answer
        for citation_id in finish.citation_ids:
            assert (await client.get_citation(NORTHWIND, citation_id)).id == citation_id


async def test_nonsense_gets_the_no_answer_message(demo_server) -> None:
    async with client_for(demo_server) as client:
        conversation = await client.create_conversation(NORTHWIND, "Nonsense")
        message = await client.send_message(NORTHWIND, conversation.session_id, "zebra quasar")
        assert message.answer == "Sorry, I could not find that in the Northwind Help Center."
        assert message.citation_ids == ()


async def test_reactions_are_stored_on_the_server(demo_server) -> None:
    async with client_for(demo_server) as client:
        conversation = await client.create_conversation(NORTHWIND, "Reactions")
        message = await client.send_message(NORTHWIND, conversation.session_id, "Export data")
        assert message.reaction is None
        for reaction in (Reaction.LIKED, Reaction.DISLIKED, Reaction.NEUTRAL):
            updated = await client.set_reaction(
                NORTHWIND, conversation.session_id, message.id, reaction
            )
            assert updated.reaction is reaction
            stored = demo_server.state.agents[NORTHWIND].messages[conversation.session_id][0]
            assert stored["response_feedback"]["reaction"] == reaction.value


async def test_openai_compatible_completion_plain_and_streamed(demo_server) -> None:
    question = [ChatMessage("user", "How do I create an API token?")]
    async with client_for(demo_server) as client:
        completion = await client.chat_completion(NORTHWIND, question)
        assert completion.id and "API tokens" in completion.content
        async with client.stream_chat_completion(NORTHWIND, question) as stream:
            pieces = [chunk.content async for chunk in stream]
        assert "".join(pieces) == completion.content
