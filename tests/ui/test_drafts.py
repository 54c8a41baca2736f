"""Nothing typed is lost: drafts follow their conversation, failed sends and quitting."""

from __future__ import annotations

from pathlib import Path

from cgpt_tui.local.drafts import Drafts
from cgpt_tui.local.state import AppState
from cgpt_tui.ui.widgets.chat_pane import ChatPane

from .helpers import RecordingApp, make_app, wait_until
from .test_chat_flow import open_first_agent


async def open_conversation(pilot, conversations, index: int):
    conversations.options.focus()
    conversations.options.highlighted = index
    await pilot.press("enter")
    return conversations.conversations[index]


async def test_a_draft_stays_with_its_conversation(demo_server) -> None:
    app = make_app(demo_server)
    async with app.run_test(size=(150, 44)) as pilot:
        _, conversations, chat = await open_first_agent(pilot)
        await open_conversation(pilot, conversations, 0)
        chat.composer.text = "half a question about invoices"
        await open_conversation(pilot, conversations, 1)
        assert chat.composer.text == ""
        chat.composer.text = "another thought"
        await open_conversation(pilot, conversations, 0)
        assert chat.composer.text == "half a question about invoices"
        await open_conversation(pilot, conversations, 1)
        assert chat.composer.text == "another thought"


async def test_a_failed_send_gives_the_question_back(demo_server) -> None:
    app = make_app(demo_server)
    async with app.run_test(size=(150, 44)) as pilot:
        _, conversations, chat = await open_first_agent(pilot)
        await open_conversation(pilot, conversations, 0)
        await wait_until(pilot, lambda: chat.transcript.entries, what="history")
        demo_server.faults.fail_next(status=503, message="maintenance", path="/messages")
        chat.composer.text = "What plans do you offer?"
        chat.composer.focus()
        await pilot.press("enter")
        await wait_until(
            pilot,
            lambda: chat.composer.text == "What plans do you offer?",
            what="the question back in the composer",
        )
        assert any("maintenance" in n.message for n in app._notifications)


async def test_drafts_survive_quitting(demo_server, tmp_path: Path) -> None:
    path = tmp_path / "drafts.json"
    app = make_app(demo_server, drafts=Drafts(path, "default"))
    async with app.run_test(size=(150, 44)) as pilot:
        _, conversations, chat = await open_first_agent(pilot)
        opened = await open_conversation(pilot, conversations, 0)
        chat.composer.text = "unsent words"
        await pilot.press("ctrl+q")
    assert oct(path.stat().st_mode)[-3:] == "600"
    assert Drafts(path, "default").get(opened.session_id) == "unsent words"

    again = make_app(demo_server, drafts=Drafts(path, "default"))
    async with again.run_test(size=(150, 44)) as pilot:
        _, conversations, chat = await open_first_agent(pilot)
        await open_conversation(pilot, conversations, 0)
        assert chat.composer.text == "unsent words"


async def open_agent(pilot, agents, index: int) -> None:
    agents.options.focus()
    agents.options.highlighted = index
    await pilot.press("enter")
    chat = pilot.app.screen.query_one(ChatPane)
    wanted = agents.agents[index].id
    await wait_until(pilot, lambda: chat.agent and chat.agent.id == wanted, what="the agent")


async def test_a_new_conversations_draft_survives_switching_agent_and_restarting(
    demo_server, tmp_path: Path
) -> None:
    drafts_path, state_path = tmp_path / "drafts.json", tmp_path / "state.json"

    def app() -> RecordingApp:
        return make_app(
            demo_server, drafts=Drafts(drafts_path), app_state=AppState.load(state_path)
        )

    first = app()
    async with first.run_test(size=(150, 44)) as pilot:
        agents, _, chat = await open_first_agent(pilot)
        assert chat.conversation is None  # an agent opens on a new conversation
        chat.composer.text = "a question for a conversation not started yet"
        await open_agent(pilot, agents, 1)
        assert chat.composer.text == ""
        await open_agent(pilot, agents, 0)
        assert chat.composer.text == "a question for a conversation not started yet"
        await pilot.press("ctrl+q")

    again = app()
    async with again.run_test(size=(150, 44)) as pilot:
        chat = again.screen.query_one(ChatPane)
        await wait_until(pilot, lambda: chat.agent is not None, what="the agent restored")
        await pilot.pause(0.3)
        assert chat.conversation is None
        assert chat.composer.text == "a question for a conversation not started yet"
        await pilot.press("ctrl+q")
    assert Drafts(drafts_path).get(f"new:{chat.agent.id}") == (
        "a question for a conversation not started yet"
    )


async def test_typing_when_drafts_cannot_be_written_says_so(demo_server, tmp_path: Path) -> None:
    # Tests run as root, which chmod does not stop: a regular file where the folder
    # should be fails for anyone (NotADirectoryError / FileExistsError).
    (tmp_path / "data").write_text("a file, not a folder")
    path = tmp_path / "data" / "drafts.json"
    state = AppState(tmp_path / "data" / "state.json")
    app = make_app(demo_server, drafts=Drafts(path), app_state=state)
    async with app.run_test(size=(150, 44)) as pilot:
        _, _, chat = await open_first_agent(pilot)
        chat.composer.focus()
        await pilot.press(*"words")
        await wait_until(
            pilot,
            lambda: any(str(path) in n.message for n in app._notifications),
            what="a notice naming the drafts file",
        )
        notices = [n.message for n in app._notifications if str(path) in n.message]
        assert len(notices) == 1 and "Drafts could not be saved" in notices[0]
        assert "Not a directory" in notices[0] or "File exists" in notices[0]
        assert any(str(state.path) in n.message for n in app._notifications)
        await pilot.press(*" more")
        await pilot.pause(1.0)  # saved again after the pause, failing again: told once
        assert len([n for n in app._notifications if str(path) in n.message]) == 1
        assert app.drafts.get(f"new:{chat.agent.id}") == "words more"  # kept in memory
        await pilot.press("ctrl+q")
    problems = app.unsaved.problems()
    assert any(str(path) in problem for problem in problems)


async def test_asking_in_a_conversation_deleted_elsewhere_keeps_the_question(
    demo_server, tmp_path: Path
) -> None:
    app = make_app(demo_server, drafts=Drafts(tmp_path / "drafts.json"))
    async with app.run_test(size=(150, 44)) as pilot:
        _, conversations, chat = await open_first_agent(pilot)
        gone = await open_conversation(pilot, conversations, 0)
        await wait_until(pilot, lambda: chat.transcript.entries, what="history")
        demo_server.state.delete_conversation(demo_server.state.agents[103], gone.session_id)
        chat.composer.text = "Is this still here after the conversation went?"
        chat.composer.focus()
        await pilot.press("enter")
        await wait_until(
            pilot,
            lambda: any("deleted elsewhere" in n.message for n in app._notifications),
            what="the notice",
        )
        await pilot.pause(0.2)
        assert chat.conversation is None  # on a new conversation now
        assert chat.composer.text == "Is this still here after the conversation went?"
        await pilot.press("ctrl+q")
    drafts = Drafts(tmp_path / "drafts.json")
    assert drafts.get("new:103") == ("Is this still here after the conversation went?")
    assert drafts.get(gone.session_id) == ""  # nothing left under the deleted conversation
