"""Big and strange content renders without a crash or a freeze."""

from __future__ import annotations

import time

from cgpt_tui.demo.retrieval import Answer
from cgpt_tui.ui.transcript.transcript import Transcript

from .helpers import make_app, wait_until
from .test_chat_flow import open_first_agent

PARAGRAPH = "Northwind keeps your data safe and easy to export. " * 8
STRANGE = [
    ("A megabyte", "\n\n".join([PARAGRAPH] * 2_600)),
    ("One long line", "x" * 10_000),
    ("Wide text", "全角の文字と絵文字 🎉👩‍👩‍👧 " * 200),
    ("Right to left", "שלום עולם, مرحبا بالعالم " * 100),
    ("Empty", ""),
    ("Whitespace", "   \n\t \n"),
    ("Broken markdown", "```\nunclosed fence\n| a |\n|---\n# \n> > >\n- [ ] \n"),
]


async def test_strange_answers_render_and_the_app_stays_responsive(demo_server) -> None:
    state = demo_server.state
    agent = state.agents[103]
    conversation = state.add_conversation(agent, "Strange things", created_by=1)
    for question, text in STRANGE:
        state.add_message(agent, conversation, question, Answer(text, ()))
    state.add_message(agent, conversation, "q" * 100_000, Answer("A big question.", ()))
    state.add_message(
        agent,
        conversation,
        "Many sources",
        Answer("Cited a lot.", tuple([9001, 9002, 9003, 9004, 9005, 9006] * 34)),
    )
    app = make_app(demo_server)
    async with app.run_test(size=(150, 44)) as pilot:
        _, conversations, chat = await open_first_agent(pilot)
        conversations.options.focus()
        conversations.options.highlighted = 0
        await pilot.press("enter")
        transcript = chat.query_one(Transcript)
        started = time.monotonic()
        await wait_until(
            pilot,
            lambda: len(transcript.entries) == len(STRANGE) + 2,
            timeout=60,
            what="every strange message",
        )
        await wait_until(
            pilot,
            lambda: all(card.citation for card in transcript.entries[-1].cards),
            timeout=60,
            what="204 citation cards",
        )
        opened_in = time.monotonic() - started
        assert len(transcript.entries[-1].cards) == 204
        assert transcript.virtual_size.height > 1_000
        transcript.scroll_to(y=0, animate=False, immediate=True)
        await pilot.pause(0.1)
        transcript.scroll_end(animate=False, immediate=True)
        await pilot.press("f1")
        assert app.screen.__class__.__name__ == "HelpScreen", "still answering keys"
        assert opened_in < 30


async def test_nulls_in_every_nullable_field_render(demo_server) -> None:
    state = demo_server.state
    agent = state.agents[103]
    conversation = state.add_conversation(agent, "Nulls", created_by=None)
    message = state.add_message(agent, conversation, "Anything?", Answer("x", (9001,)))
    with state.lock:
        conversation.update(name=None, created_by=None)
        message.update(
            user_query=None,
            openai_response=None,
            citations=None,
            metadata=[],
            response_feedback=[],
            updated_at=None,
            conversation_id=None,
        )
        state.agents[102].row.update(
            project_name=None, is_chat_active=None, type=None, created_at=None, shareable_link=None
        )
    app = make_app(demo_server)
    async with app.run_test(size=(150, 44)) as pilot:
        agents, conversations, chat = await open_first_agent(pilot)
        assert any(a.name == "" for a in agents.agents)
        conversations.options.focus()
        conversations.options.highlighted = 0
        await pilot.press("enter")
        transcript = chat.query_one(Transcript)
        await wait_until(pilot, lambda: transcript.entries, what="the null message")
        entry = transcript.entries[0]
        assert entry.answer_text == "" and entry.cards == []
        assert "Untitled conversation" in str(chat.query_one("#chat-title").render())
        lines = "\n".join(transcript.painted_text(0))
        assert "(empty question)" in lines and "(no answer text)" in lines


async def test_invisible_and_reversing_names_show_as_placeholders_and_plain_text(
    demo_server,
) -> None:
    """A name of zero-width spaces was a blank row; a right-to-left override made
    "invoice gpj.exe" read as "invoice exe.jpg"."""
    state = demo_server.state
    agent = state.agents[103]
    blank = state.add_conversation(agent, "\u200b\u200b\u200b", created_by=1)
    state.add_message(agent, blank, "Anything?", Answer("Something.", ()))
    state.add_conversation(agent, "invoice \u202egpj.exe\u202c done", created_by=1)
    with state.lock:
        state.agents[102].row.update(project_name="\u200b\ufeff\u3164")
    app = make_app(demo_server)
    async with app.run_test(size=(150, 44)) as pilot:
        agents, conversations, chat = await open_first_agent(pilot)

        def row(paged_list, index: int) -> tuple[str, set[str]]:
            prompt = paged_list.get_option_at_index(index).prompt
            return str(prompt).split("\n")[0], {str(span.style) for span in prompt.spans}

        index = next(n for n, a in enumerate(agents.agents) if a.id == 102)
        text, styles = row(agents.options, index)
        assert text == "Agent 102" and "$text-muted italic" in styles
        names = [row(conversations.options, n)[0] for n in range(2)]
        assert names == ["invoice gpj.exe done", "Untitled conversation"]
        assert "$text-muted italic" in row(conversations.options, 1)[1]
        conversations.options.focus()
        conversations.options.highlighted = 1
        await pilot.press("enter")
        title = chat.query_one("#chat-title")
        await wait_until(
            pilot, lambda: "Untitled conversation" in str(title.render()), what="the title"
        )
