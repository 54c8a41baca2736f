"""The user's story in the chat: pick an agent, open a conversation, ask, react."""

from __future__ import annotations

from cgpt_tui.api import CustomGPTClient, Reaction
from cgpt_tui.services.naming import conversation_name
from cgpt_tui.ui.transcript.entry import EntryStatus
from cgpt_tui.ui.transcript.transcript import Transcript
from cgpt_tui.ui.widgets.agent_list import AgentList
from cgpt_tui.ui.widgets.chat_pane import ChatPane
from cgpt_tui.ui.widgets.conversation_list import ConversationList

from .helpers import make_app, wait_for_thread, wait_until


async def open_first_agent(pilot) -> tuple[AgentList, ConversationList, ChatPane]:
    screen = pilot.app.screen
    agents = screen.query_one(AgentList)
    await wait_until(pilot, lambda: agents.agents, what="agents to load")
    agents.options.focus()
    await pilot.press("enter")
    conversations = screen.query_one(ConversationList)
    chat = screen.query_one(ChatPane)
    await wait_until(
        pilot,
        lambda: chat.agent is not None and conversations.conversations,
        what="conversations to load",
    )
    return agents, conversations, chat


async def test_agents_show_inactive_badge(demo_server) -> None:
    app = make_app(demo_server)
    async with app.run_test(size=(160, 48)) as pilot:
        agents = app.screen.query_one(AgentList)
        await wait_until(pilot, lambda: agents.agents, what="agents")
        inactive = [a for a in agents.agents if not a.is_active]
        assert inactive, "the seed has an inactive agent"
        index = agents.agents.index(inactive[0])
        prompt = agents.options.get_option_at_index(index).prompt
        assert "inactive" in str(prompt)


async def test_conversations_newest_first_and_paged_on_scroll(demo_server) -> None:
    demo_server.state.add_bulk_conversations(103, 120)
    app = make_app(demo_server)
    async with app.run_test(size=(160, 48)) as pilot:
        _, conversations, _ = await open_first_agent(pilot)
        await pilot.pause(0.3)
        first_page = len(conversations.conversations)
        assert first_page < 148, "not everything is loaded up front"
        times = [c.updated_at for c in conversations.conversations]
        assert times == sorted(times, reverse=True)
        conversations.options.focus()
        await pilot.press("end")
        await wait_until(
            pilot,
            lambda: len(conversations.conversations) > first_page,
            what="the next page of conversations",
        )
        assert len({c.session_id for c in conversations.conversations}) == len(
            conversations.conversations
        )


async def test_asking_in_a_new_conversation_names_it_and_streams_with_citations(
    demo_server,
) -> None:
    app = make_app(demo_server)
    async with app.run_test(size=(160, 48)) as pilot:
        _, conversations, chat = await open_first_agent(pilot)
        await pilot.press("ctrl+n")
        question = "How do I reset my password?"
        chat.composer.focus()
        await pilot.press(*question)
        await pilot.press("enter")
        transcript = chat.query_one(Transcript)
        await wait_until(
            pilot,
            lambda: transcript.entries and transcript.entries[-1].status is EntryStatus.DONE,
            what="answer",
        )
        entry = transcript.entries[-1]
        assert entry.answer_text.strip()
        assert conversations.conversations[0].name == conversation_name(question)
        assert chat.conversation is not None
        assert chat.conversation.session_id == conversations.conversations[0].session_id
        await wait_until(
            pilot, lambda: all(c.citation or c.error for c in entry.cards), what="citation cards"
        )
        async with CustomGPTClient(demo_server.base_url, demo_server.api_key) as client:
            stored = await client.get_message(
                chat.agent.id, chat.conversation.session_id, entry.message_id
            )
        assert stored.answer == entry.answer_text


async def test_like_reaches_the_server(demo_server) -> None:
    app = make_app(demo_server)
    async with app.run_test(size=(160, 48)) as pilot:
        _, conversations, chat = await open_first_agent(pilot)
        conversations.options.focus()
        await pilot.press("enter")
        transcript = chat.query_one(Transcript)
        await wait_until(pilot, lambda: transcript.entries, what="history")
        chat.composer.focus()
        await pilot.press("escape")
        assert transcript.has_focus
        entry = transcript.selected_entry
        assert entry is transcript.entries[-1]
        target = Reaction.DISLIKED if entry.reaction is Reaction.LIKED else Reaction.LIKED
        await pilot.press("plus" if target is Reaction.LIKED else "minus")
        assert entry.reaction is target

        async def stored() -> Reaction | None:
            async with CustomGPTClient(demo_server.base_url, demo_server.api_key) as client:
                message = await client.get_message(
                    chat.agent.id, chat.conversation.session_id, entry.message_id
                )
            return message.reaction

        await wait_until(pilot, lambda: not app.workers._workers or True)
        assert await wait_for_thread(lambda: True)
        for _ in range(50):
            if await stored() is target:
                break
            await pilot.pause(0.05)
        assert await stored() is target


async def test_f6_goes_round_the_panes_even_from_the_composer(demo_server) -> None:
    app = make_app(demo_server)
    async with app.run_test(size=(160, 48)) as pilot:
        agents, conversations, chat = await open_first_agent(pilot)
        chat.composer.focus()
        visited = []
        for _ in range(3):
            await pilot.press("f6")
            visited.append(app.focused)
        assert visited == [agents.options, conversations.options, chat.composer]
