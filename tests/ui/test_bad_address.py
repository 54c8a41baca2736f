"""The app pointed at an address httpx cannot use (a port past 65535, a port that is not a
number): it goes offline saying why, and nothing is reported as an unexpected error."""

from __future__ import annotations

import pytest
from textual.widgets import Static

from cgpt_tui.ui.app import CgptApp
from cgpt_tui.ui.session import Session

from .helpers import wait_until


@pytest.mark.parametrize(
    ("base_url", "why"),
    [
        ("http://localhost:99999", "port must be 0-65535"),
        ("http://127.0.0.1:abc", "Invalid port: 'abc'"),
    ],
)
async def test_starting_against_a_port_past_65535_goes_offline_and_says_why(
    base_url: str, why: str
) -> None:
    app = CgptApp(Session(base_url=base_url, api_key="sk-bad-address-key"))
    async with app.run_test(size=(200, 40)) as pilot:
        await wait_until(pilot, lambda: app.offline, what="offline")
        banner = app.screen.query_one("#offline-banner", Static)
        await wait_until(pilot, lambda: why in str(banner.render()), what="the reason")
        status = app.screen.query_one("#agent-status", Static)
        await wait_until(
            pilot, lambda: "Loading agents" not in str(status.render()), what="agents settle"
        )
        await pilot.pause(0.3)
        assert [n.title for n in app._notifications if n.title == "Unexpected error"] == []
