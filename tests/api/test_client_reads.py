"""Every read operation of the client against the stand-in, over real HTTP."""

from __future__ import annotations

from cgpt_tui.api import (
    Agent,
    CustomGPTClient,
    Reaction,
)

NORTHWIND, LUMEN, ACME = 103, 102, 101


def client_for(server) -> CustomGPTClient:
    return CustomGPTClient(server.base_url, server.api_key, timeout=5)


async def test_list_agents_pages_filters_and_orders(demo_server) -> None:
    demo_server.state.add_bulk_agents(22)
    async with client_for(demo_server) as client:
        first = await client.list_agents()
        assert first.page == 1 and first.per_page == 10 and first.total == 25
        assert first.has_next and not first.has_prev and first.last_page == 3
        ids = [agent.id for agent in first.items]
        assert ids == sorted(ids, reverse=True)
        ascending = await client.list_agents(order="asc")
        assert [a.id for a in ascending.items][:3] == [ACME, LUMEN, NORTHWIND]
        named = await client.list_agents(name="lumen")
        assert [a.name for a in named.items] == ["Lumen X100 Manual"]
        last = await client.list_agents(3)
        assert not last.has_next and len(last.items) == 5


async def test_iter_agents_walks_pages_lazily(demo_server) -> None:
    demo_server.state.add_bulk_agents(22)
    async with client_for(demo_server) as client:
        requests: list[int] = []
        original = client.list_agents

        async def counting(page: int = 1, **kwargs) -> object:
            requests.append(page)
            return await original(page, **kwargs)

        client.list_agents = counting  # type: ignore[method-assign]
        iterator = client.iter_agents()
        firsts = [await anext(iterator) for _ in range(10)]
        assert requests == [1], "the second page is not fetched before it is needed"
        await anext(iterator)
        assert requests == [1, 2]
        rest = [agent async for agent in iterator]
        assert len(firsts) + 1 + len(rest) == 25
        assert requests == [1, 2, 3]


async def test_get_agent_settings_and_stats(demo_server) -> None:
    async with client_for(demo_server) as client:
        agent = await client.get_agent(NORTHWIND)
        assert isinstance(agent, Agent) and agent.name == "Northwind Help Center"
        assert agent.is_active and agent.created_at is not None
        assert not (await client.get_agent(ACME)).is_active
        settings = await client.get_agent_settings(NORTHWIND)
        assert settings.example_questions[0] == "How do I reset my password?"
        assert settings.default_prompt and settings.chatbot_title == "Northwind Assistant"
        assert (await client.get_agent_settings(LUMEN)).example_questions == ()
        stats = await client.get_agent_stats(NORTHWIND)
        assert stats.pages_indexed == 6 and stats.total_queries and stats.total_queries > 46


async def test_conversations_paging_and_filters(demo_server) -> None:
    async with client_for(demo_server) as client:
        first = await client.list_conversations(NORTHWIND)
        assert len(first.items) == 20 and first.total == 28 and first.has_next
        everyone = [c async for c in client.iter_conversations(NORTHWIND)]
        assert len(everyone) == 28 and len({c.session_id for c in everyone}) == 28
        mine = [c async for c in client.iter_conversations(NORTHWIND, user_filter="me")]
        visitors = [c async for c in client.iter_conversations(NORTHWIND, user_filter="anonymous")]
        team = [c async for c in client.iter_conversations(NORTHWIND, user_filter="team_member")]
        assert mine and visitors and team
        assert len(mine) + len(visitors) + len(team) == 28
        assert all(c.created_by is None for c in visitors)
        assert all(c.created_by == 1 for c in mine)
        named = await client.list_conversations(NORTHWIND, name="onboarding")
        assert [c.name for c in named.items] == ["Onboarding the support team"]


async def test_messages_of_the_long_conversation(demo_server) -> None:
    async with client_for(demo_server) as client:
        named = await client.list_conversations(NORTHWIND, name="onboarding")
        session = named.items[0].session_id
        first = await client.list_messages(NORTHWIND, session)
        assert first.conversation is not None and first.conversation.session_id == session
        assert first.page.total == 46 and len(first.page.items) == 20 and first.page.has_next
        newest_first = [m.id for m in first.page.items]
        assert newest_first == sorted(newest_first, reverse=True)
        everything = [m async for m in client.iter_messages(NORTHWIND, session)]
        assert len(everything) == 46
        reactions = {m.reaction for m in everything}
        assert {Reaction.LIKED, Reaction.DISLIKED} <= reactions
        cited = next(m for m in everything if m.citation_ids)
        assert cited.answer and cited.question and cited.metadata.request_source
        one = await client.get_message(NORTHWIND, session, cited.id)
        assert one == cited


async def test_citations_and_file_preview(demo_server) -> None:
    async with client_for(demo_server) as client:
        citation = await client.get_citation(NORTHWIND, 9001)
        assert citation.title == "Reset your password"
        assert citation.url and citation.url.startswith("https://help.northwind.example/")
        bare = await client.get_citation(NORTHWIND, 9006)
        assert bare.title is None and bare.description is None and bare.url
        uploaded = await client.get_citation(LUMEN, 9101)
        assert uploaded.url and uploaded.url.endswith("/api/v1/preview/7001")
        preview = await client.preview_file(7001)
        assert preview.content.startswith(b"## Charging the battery")
        assert preview.content_type.startswith("text/markdown")
        assert preview.filename == "lumen-x100-battery.md"


async def test_user_and_usage_limits(demo_server) -> None:
    async with client_for(demo_server) as client:
        user = await client.get_user()
        assert user.name == "Dana Demo" and user.email == "dana@northwind.example"
        limits = await client.get_usage_limits()
        assert limits.max_queries == 5000 and limits.current_queries
        assert limits.current_projects == 3
