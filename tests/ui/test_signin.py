"""The sign-in screen against the stand-in: good key, wrong key, server down, server error."""

from __future__ import annotations

import socket
import stat
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail
from textual.widgets import Checkbox, Input, Static

from cgpt_tui.local.credentials import SERVICE, CredentialStore
from cgpt_tui.ui.screens.main_screen import MainScreen
from cgpt_tui.ui.screens.signin_screen import SignInScreen
from tests.support.file_keyring import FILE_ENV, FileKeyring

from .helpers import RecordingApp, wait_until


@pytest.fixture
def file_keyring(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv(FILE_ENV, str(tmp_path / "keyring.json"))
    previous = keyring.get_keyring()
    keyring.set_keyring(FileKeyring())
    yield
    keyring.set_keyring(previous)


@pytest.fixture
def no_keyring() -> Iterator[None]:
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(previous)


def signin_app(base_url: str, tmp_path: Path) -> RecordingApp:
    store = CredentialStore("default", plaintext_path=tmp_path / "creds.json", environ={})
    return RecordingApp(base_url=base_url, api_key=None, store=store)


async def submit(pilot, key: str) -> Static:
    screen = pilot.app.screen
    assert isinstance(screen, SignInScreen)
    status = screen.query_one("#signin-status", Static)
    screen.query_one("#signin-key", Input).value = key
    screen.query_one("#signin-key", Input).focus()
    await pilot.press("enter")
    return status


async def test_the_right_key_is_stored_in_the_keyring(demo_server, file_keyring, tmp_path):
    app = signin_app(demo_server.base_url, tmp_path)
    async with app.run_test(size=(140, 40)) as pilot:
        await submit(pilot, demo_server.api_key)
        await wait_until(pilot, lambda: isinstance(app.screen, MainScreen), what="main screen")
        assert keyring.get_password(SERVICE, "default") == demo_server.api_key
        assert "Dana Demo" in app.title and "queries" in app.title
        assert any("Signed in as Dana Demo" in n.message for n in app._notifications)


async def test_a_wrong_key_is_refused_with_a_clear_message(demo_server, file_keyring, tmp_path):
    app = signin_app(demo_server.base_url, tmp_path)
    async with app.run_test(size=(140, 40)) as pilot:
        status = await submit(pilot, "wrong-key")
        await wait_until(pilot, lambda: "refused" in str(status.render()), what="refusal")
        assert isinstance(app.screen, SignInScreen)
        assert keyring.get_password(SERVICE, "default") is None
        assert "wrong-key" not in str(status.render())


async def test_an_unreachable_server_is_named(file_keyring, tmp_path):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    app = signin_app(f"http://127.0.0.1:{port}", tmp_path)
    async with app.run_test(size=(140, 40)) as pilot:
        status = await submit(pilot, "any-key")
        await wait_until(pilot, lambda: "Cannot reach" in str(status.render()), what="message")


async def test_a_server_error_is_its_own_message(demo_server, file_keyring, tmp_path):
    demo_server.faults.fail_next(status=500, message="database on fire", path="/user")
    app = signin_app(demo_server.base_url, tmp_path)
    async with app.run_test(size=(140, 40)) as pilot:
        status = await submit(pilot, demo_server.api_key)
        await wait_until(pilot, lambda: "HTTP 500" in str(status.render()), what="message")
        assert "database on fire" in str(status.render())
        await submit(pilot, demo_server.api_key)
        await wait_until(pilot, lambda: isinstance(app.screen, MainScreen), what="retry works")


async def test_without_a_keyring_the_plaintext_store_is_opt_in(demo_server, no_keyring, tmp_path):
    app = signin_app(demo_server.base_url, tmp_path)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = app.screen
        explanation = str(screen.query_one("#signin-no-keyring", Static).render())
        assert "No system keyring" in explanation and "CUSTOMGPT_API_KEY" in explanation
        screen.query_one("#signin-insecure", Checkbox).value = True
        await submit(pilot, demo_server.api_key)
        await wait_until(pilot, lambda: isinstance(app.screen, MainScreen), what="main screen")
    path = tmp_path / "creds.json"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert demo_server.api_key in path.read_text()


async def test_without_a_keyring_and_no_opt_in_nothing_is_written(
    demo_server, no_keyring, tmp_path
):
    app = signin_app(demo_server.base_url, tmp_path)
    async with app.run_test(size=(140, 40)) as pilot:
        await submit(pilot, demo_server.api_key)
        await wait_until(pilot, lambda: isinstance(app.screen, MainScreen), what="main screen")
    assert not (tmp_path / "creds.json").exists()


async def test_a_key_refused_mid_session_asks_again_and_resumes(
    demo_server, file_keyring, tmp_path
):
    store = CredentialStore("default", plaintext_path=tmp_path / "creds.json", environ={})
    app = RecordingApp(base_url=demo_server.base_url, api_key=demo_server.api_key, store=store)
    async with app.run_test(size=(140, 40)) as pilot:
        main = app.screen
        chat = main.query_one("ChatPane")
        agents = main.query_one("AgentList")
        # Everything the start asks for is in (the account line, and the first look at the
        # indexing of the agents not active), so that the agent opened below makes the first
        # request the server refuses.
        await wait_until(pilot, lambda: agents.agents and app.account, what="agents, account")
        inactive = {agent.id for agent in agents.agents if not agent.is_active}
        watcher = agents.watcher
        await wait_until(
            pilot,
            lambda: inactive <= set(watcher.indexing) and not watcher.followed,
            what="the first look at the agents not active",
        )
        demo_server.context.api_key = "rotated-key"  # the key is revoked on the server
        agents.options.focus()
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, SignInScreen), what="sign-in")
        assert any("sign in again" in n.message for n in app._notifications)
        await submit(pilot, "rotated-key")
        await wait_until(pilot, lambda: app.screen is main, what="back on the main screen")
        conversations = main.query_one("ConversationList")
        await wait_until(pilot, lambda: conversations.conversations, what="resumed loading")
        assert chat.agent is not None
        assert keyring.get_password(SERVICE, "default") == "rotated-key"


async def test_a_hostile_error_message_is_cleaned(demo_server, file_keyring, tmp_path):
    demo_server.faults.fail_next(
        status=500, message="bad\x1b]0;PWNED\x07 [@click=app.quit]x[/]", path="/user"
    )
    app = signin_app(demo_server.base_url, tmp_path)
    async with app.run_test(size=(140, 40)) as pilot:
        status = await submit(pilot, demo_server.api_key)
        await wait_until(pilot, lambda: "HTTP 500" in str(status.render()), what="message")
        shown = str(status.render())
        assert "\x1b" not in shown and "PWNED" not in shown
        assert "[@click=app.quit]x[/]" in shown and app.is_running


async def test_no_key_and_no_key_store_ends_the_app_with_status_2(demo_server) -> None:
    app = RecordingApp(base_url=demo_server.base_url, api_key=None, store=None)
    async with app.run_test() as pilot:
        await wait_until(pilot, lambda: app._exit, what="the app to exit")
    assert app.return_code == 2
