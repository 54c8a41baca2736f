"""The workshop's Settings tab against the stand-in: load, save, validation, unsaved guard."""

from __future__ import annotations

from textual.widgets import Input, OptionList, Select, Switch, TextArea

from cgpt_tui.api import CustomGPTClient
from cgpt_tui.demo.server import DemoServer
from cgpt_tui.ui.screens.main_screen import MainScreen
from cgpt_tui.ui.screens.workshop import WorkshopScreen
from cgpt_tui.ui.screens.workshop.leave_screen import LeaveScreen
from cgpt_tui.ui.screens.workshop.settings_fields import (
    changes,
    client_errors,
    field_of_message,
)

from .helpers import make_app, wait_until
from .workshop_helpers import NORTHWIND, open_workshop, shown, wait_status


async def loaded(pilot, screen: WorkshopScreen) -> None:
    await wait_until(pilot, lambda: screen.settings.original is not None, what="settings")
    await pilot.pause()


def test_only_changed_fields_are_sent_and_limits_are_checked_first() -> None:
    original = {"project_name": "A", "persona_instructions": "p", "markdown_enabled": True}
    current = {"project_name": "A", "persona_instructions": "q", "markdown_enabled": False}
    assert changes(original, current) == {"persona_instructions": "q", "markdown_enabled": False}
    errors = client_errors(
        {
            "project_name": "  ",
            "persona_instructions": "x" * 12001,
            "example_questions": ("ok", "y" * 256),
        }
    )
    assert errors["project_name"] == "A name cannot be empty."
    assert "12,000" in errors["persona_instructions"]
    assert "line 2" in errors["example_questions"]
    assert field_of_message("The selected chatbot msg lang is invalid.") == "chatbot_msg_lang"
    assert field_of_message("The persona instructions may not be greater than 12000") == (
        "persona_instructions"
    )
    assert field_of_message("Something else broke") is None


async def test_saved_settings_read_back_and_show_in_a_new_conversation(demo_server) -> None:
    app = make_app(demo_server)
    async with app.run_test(size=(120, 48)) as pilot:
        screen = await open_workshop(pilot)
        await loaded(pilot, screen)
        tab = screen.settings
        assert tab.query_one("#field-project_name", Input).value == "Northwind Help Center"
        assert tab.query_one("#field-chatbot_model", Select).value == "gpt-4-o"
        tab.query_one("#field-project_name", Input).value = "Northwind Desk"
        tab.query_one("#field-persona_instructions", TextArea).text = "You are terse."
        tab.query_one(
            "#field-example_questions", TextArea
        ).text = "How do I reset?\n\nWhere is my order?"
        tab.query_one("#field-chatbot_model", Select).value = "gpt-4-1"
        tab.query_one("#field-citations_view_type", Select).value = "hide"
        tab.query_one("#field-enable_inline_citations_api", Switch).value = True
        assert set(tab.pending()) == {
            "project_name",
            "persona_instructions",
            "example_questions",
            "chatbot_model",
            "citations_view_type",
            "enable_inline_citations_api",
        }
        await pilot.press("ctrl+s")
        await wait_status(pilot, screen, "Saved.")
        assert tab.pending() == {}
        async with CustomGPTClient(demo_server.base_url, demo_server.api_key) as client:
            settings = await client.get_agent_settings(NORTHWIND)
            agent = await client.get_agent(NORTHWIND)
        assert agent.name == "Northwind Desk"
        assert settings.persona_instructions == "You are terse."
        assert settings.example_questions == ("How do I reset?", "Where is my order?")
        assert settings.chatbot_model == "gpt-4-1"
        assert settings.citations_view_type == "hide"
        assert settings.inline_citations is True
        await pilot.press("escape")  # nothing unsaved: straight out
        main = app.screen
        assert isinstance(main, MainScreen)
        assert any(a.name == "Northwind Desk" for a in main.agents.agents)
        await wait_until(
            pilot, lambda: "Northwind Desk" in str(main.chat.query_one("#chat-title").render())
        )
        await pilot.press("ctrl+n")
        examples = main.chat.query_one("#example-questions", OptionList)
        await wait_until(pilot, lambda: examples.display and examples.option_count == 2, what="qs")
        assert str(examples.get_option_at_index(0).prompt) == "How do I reset?"


async def test_a_refused_value_shows_by_its_field_and_the_form_keeps_it(demo_server) -> None:
    app = make_app(demo_server)
    async with app.run_test(size=(120, 48)) as pilot:
        screen = await open_workshop(pilot)
        await loaded(pilot, screen)
        tab = screen.settings
        tab.query_one("#field-chatbot_msg_lang", Input).value = "xx"
        tab.query_one("#field-persona_instructions", TextArea).text = "Kept persona"
        await pilot.press("ctrl+s")
        await wait_status(pilot, screen, "Not saved")
        assert "msg lang" in shown(tab, "#error-chatbot_msg_lang")  # the server's words
        assert tab.query_one("#field-chatbot_msg_lang", Input).value == "xx"
        assert tab.query_one("#field-persona_instructions", TextArea).text == "Kept persona"
        async with CustomGPTClient(demo_server.base_url, demo_server.api_key) as client:
            settings = await client.get_agent_settings(NORTHWIND)
        assert settings.persona_instructions != "Kept persona"  # refused as a whole


async def test_an_empty_name_is_refused_before_sending(demo_server) -> None:
    app = make_app(demo_server)
    async with app.run_test(size=(120, 48)) as pilot:
        screen = await open_workshop(pilot)
        await loaded(pilot, screen)
        tab = screen.settings
        tab.query_one("#field-project_name", Input).value = "   "
        await pilot.press("ctrl+s")
        await wait_status(pilot, screen, "see the marked fields")
        assert shown(tab, "#error-project_name") == "A name cannot be empty."
        async with CustomGPTClient(demo_server.base_url, demo_server.api_key) as client:
            agent = await client.get_agent(NORTHWIND)
        assert agent.name == "Northwind Help Center"


async def test_leaving_with_unsaved_changes_asks_stay_discard_or_save(demo_server) -> None:
    app = make_app(demo_server)
    async with app.run_test(size=(120, 48)) as pilot:
        screen = await open_workshop(pilot)
        await loaded(pilot, screen)
        tab = screen.settings
        tab.query_one("#field-no_answer_message", Input).value = "Ask a human."
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, LeaveScreen), what="question")
        await pilot.press("escape")  # stay
        await wait_until(pilot, lambda: app.screen is screen, what="back in the workshop")
        assert tab.query_one("#field-no_answer_message", Input).value == "Ask a human."
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, LeaveScreen), what="question")
        await pilot.press("s")  # save, then leave
        await wait_until(pilot, lambda: isinstance(app.screen, MainScreen), what="left")
        async with CustomGPTClient(demo_server.base_url, demo_server.api_key) as client:
            settings = await client.get_agent_settings(NORTHWIND)
        assert settings.no_answer_message == "Ask a human."
        screen = await open_workshop(pilot)
        await loaded(pilot, screen)
        screen.settings.query_one("#field-no_answer_message", Input).value = "Thrown away"
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, LeaveScreen), what="question")
        await pilot.press("d")
        await wait_until(pilot, lambda: isinstance(app.screen, MainScreen), what="left")
        async with CustomGPTClient(demo_server.base_url, demo_server.api_key) as client:
            settings = await client.get_agent_settings(NORTHWIND)
        assert settings.no_answer_message == "Ask a human."


async def test_offline_the_tab_says_the_workshop_needs_the_server(demo_server) -> None:
    app = make_app(demo_server)
    async with app.run_test(size=(120, 48)) as pilot:
        main = app.screen
        assert isinstance(main, MainScreen)
        await wait_until(pilot, lambda: main.agents.agents, what="agents")
        demo_server.stop()
        screen = await open_workshop(pilot)
        await wait_status(pilot, screen, "needs the server")


async def test_offline_typed_settings_stay_and_save_once_the_server_is_back(demo_server) -> None:
    app = make_app(demo_server)
    async with app.run_test(size=(120, 48)) as pilot:
        screen = await open_workshop(pilot)
        await loaded(pilot, screen)
        persona = screen.settings.query_one("#field-persona_instructions", TextArea)
        persona.text = "Typed while the server was away."
        demo_server.stop()
        await pilot.press("ctrl+s")
        await wait_status(pilot, screen, "Not saved")
        await pilot.press("ctrl+s")  # offline now: refused at once, nothing queued
        await wait_status(pilot, screen, "needs the server")
        assert persona.text == "Typed while the server was away."
        with DemoServer(port=demo_server.port, api_key=demo_server.api_key, pace=0) as back:
            await pilot.press("ctrl+r")  # asks the server; the tabs reload when it answers
            await wait_until(pilot, lambda: not app.offline, what="back online")
            await wait_status(pilot, screen, "Unsaved changes kept")
            assert persona.text == "Typed while the server was away."
            await pilot.press("ctrl+s")
            await wait_status(pilot, screen, "Saved.")
            async with CustomGPTClient(back.base_url, back.api_key) as client:
                settings = await client.get_agent_settings(NORTHWIND)
            assert settings.persona_instructions == "Typed while the server was away."


HOSTILE_NAME = "[bold]x[/bold] \x1b[31mRed\x1b[0m agent"
HOSTILE_PERSONA = "You are [@click=app.quit]evil[/] \x1b]0;pwned\x07and \u202eloud."


async def test_hostile_server_text_is_cleaned_and_shown_as_typed(demo_server) -> None:
    async with CustomGPTClient(demo_server.base_url, demo_server.api_key) as client:
        await client.update_agent(NORTHWIND, name=HOSTILE_NAME)
        await client.update_agent_settings(
            NORTHWIND,
            {"persona_instructions": HOSTILE_PERSONA, "example_questions": ["[b]Q\x1b[2J"]},
        )
    app = make_app(demo_server)
    async with app.run_test(size=(120, 48)) as pilot:
        screen = await open_workshop(pilot)
        await loaded(pilot, screen)
        title = shown(screen, "#workshop-title")
        assert "\x1b" not in title and "[bold]x[/bold]" in title
        tab = screen.settings
        persona = tab.query_one("#field-persona_instructions", TextArea).text
        assert persona == "You are [@click=app.quit]evil[/] and loud."
        assert tab.query_one("#field-example_questions", TextArea).text == "[b]Q"
        assert tab.query_one("#field-project_name", Input).value == "[bold]x[/bold] Red agent"
        assert tab.pending() == {}  # cleaning is not a change: nothing is sent back unasked


async def test_ctrl_q_with_unsaved_settings_asks_and_saves_before_quitting(demo_server) -> None:
    app = make_app(demo_server)
    async with app.run_test(size=(120, 48)) as pilot:
        screen = await open_workshop(pilot)
        await loaded(pilot, screen)
        screen.settings.query_one("#field-no_answer_message", Input).value = "Kept at quit."
        await pilot.press("ctrl+q")
        await wait_until(pilot, lambda: isinstance(app.screen, LeaveScreen), what="question")
        await pilot.press("ctrl+q")  # asked already: still one question, still running
        await pilot.pause()
        assert len([s for s in app.screen_stack if isinstance(s, LeaveScreen)]) == 1
        await pilot.press("escape")  # stay
        await wait_until(pilot, lambda: app.screen is screen, what="back in the workshop")
        assert app.return_code is None
        await pilot.press("ctrl+q")
        await wait_until(pilot, lambda: isinstance(app.screen, LeaveScreen), what="question")
        await pilot.press("s")  # save, then quit
        await wait_until(pilot, lambda: app.return_code is not None, what="the quit")
    async with CustomGPTClient(demo_server.base_url, demo_server.api_key) as client:
        settings = await client.get_agent_settings(NORTHWIND)
    assert settings.no_answer_message == "Kept at quit."


async def test_ctrl_q_without_changes_in_the_workshop_quits_at_once(demo_server) -> None:
    app = make_app(demo_server)
    async with app.run_test(size=(120, 48)) as pilot:
        screen = await open_workshop(pilot)
        await loaded(pilot, screen)
        await pilot.press("ctrl+q")
        await wait_until(pilot, lambda: app.return_code is not None, what="the quit")
