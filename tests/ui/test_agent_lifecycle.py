"""Creating, replicating and deleting agents from the agent list, and watching them index,
against a real stand-in (its index pace > 0 where the progress must be seen moving)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from textual.widgets import Button, Input, ProgressBar, RadioButton, TextArea

from cgpt_tui.api import CustomGPTClient, NotFound
from cgpt_tui.demo.server import DemoServer
from cgpt_tui.ui.screens.confirm_screen import ConfirmScreen
from cgpt_tui.ui.screens.create_agent_screen import CreateAgentScreen
from cgpt_tui.ui.screens.delete_agent_screen import DeleteAgentScreen
from cgpt_tui.ui.screens.file_picker_screen import FilePickerScreen
from cgpt_tui.ui.screens.main_screen import MainScreen
from cgpt_tui.ui.widgets.agent_list import AgentList

from .helpers import make_app, open_screen, wait_until
from .test_search import synced_store

KEY = "lifecycle-key"
PAGES = 4


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def site(tmp_path: Path) -> Iterator[str]:
    """A site on loopback (`python -m http.server`'s handler): a sitemap of PAGES pages,
    and one listing a page on a host the stand-in never contacts. Yields its base URL."""
    root = tmp_path / "site"
    root.mkdir()
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(root)))
    base = f"http://127.0.0.1:{server.server_address[1]}"
    for n in range(1, PAGES + 1):
        (root / f"page{n}.html").write_text(
            f"<html><head><title>Page {n}</title></head><body><p>Fact {n}: the "
            f"lighthouse keeper counts {n * 7} gulls.</p></body></html>"
        )
    (root / "sitemap.xml").write_text(sitemap(f"{base}/page{n}.html" for n in range(1, PAGES + 1)))
    (root / "elsewhere.xml").write_text(sitemap(["https://example.com/about.html"]))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield base
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def sitemap(urls) -> str:
    entries = "".join(f"<url><loc>{url}</loc></url>" for url in urls)
    return f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</urlset>'


@pytest.fixture
def paced_server() -> Iterator[DemoServer]:
    """Pages take 0.6 s each to index: the progress is seen moving."""
    with DemoServer(api_key=KEY, index_pace=0.6) as server:
        yield server


@pytest.fixture
def quick_server() -> Iterator[DemoServer]:
    with DemoServer(api_key=KEY, index_pace=0.0) as server:
        yield server


def at_the_limit(server: DemoServer) -> None:
    """The account may have no more agents than it has: the next create is refused."""
    with server.state.lock:
        server.state.limits["max_projects_num"] = len(server.state.agents)


def row_text(agents: AgentList, index: int) -> str:
    """The row as shown ("" while the list reloads)."""
    if index >= agents.options.option_count:
        return ""
    return str(agents.options.get_option_at_index(index).prompt)


async def main_screen(pilot) -> MainScreen:
    screen = pilot.app.screen
    assert isinstance(screen, MainScreen)
    await wait_until(pilot, lambda: screen.agents.agents, what="the agents")
    screen.agents.options.focus()
    await pilot.pause()
    return screen


async def fill_create_form(pilot, name: str, *, sitemap_url: str | None = None, files=()):
    form = await open_screen(pilot, "n", CreateAgentScreen)
    form.query_one("#agent-name", Input).value = name
    if sitemap_url is not None:
        form.query_one("#agent-sitemap", Input).value = sitemap_url
    else:
        form.query_one("#from-files", RadioButton).value = True
        form.query_one("#agent-files", TextArea).text = "\n".join(str(f) for f in files)
    await pilot.pause()
    return form


async def test_an_agent_created_from_a_sitemap_shows_its_indexing_until_it_answers(
    paced_server, site
) -> None:
    app = make_app(paced_server)
    async with app.run_test(size=(160, 45)) as pilot:
        screen = await main_screen(pilot)
        before = len(screen.agents.agents)
        await fill_create_form(pilot, "Lighthouse facts", sitemap_url=f"{site}/sitemap.xml")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.screen is screen, what="the form to close")
        # At once on top of the list, chosen, and open in the chat.
        agents = screen.agents
        created = agents.agents[0]
        assert created.name == "Lighthouse facts" and len(agents.agents) == before + 1
        assert agents.options.highlighted == 0 and agents.selected_id == created.id
        await wait_until(pilot, lambda: screen.chat.agent and screen.chat.agent.id == created.id)
        panel = screen.chat.index_panel
        bar = panel.query_one(ProgressBar)
        labels: list[str] = []
        progress: list[float] = []

        def seen(condition=lambda: True):
            """`condition`, noting each label and bar position on the way."""

            def check() -> bool:
                text = row_text(agents, 0)
                if not labels or labels[-1] != text:
                    labels.append(text)
                shown = panel.display and bar.display and bar.total
                if shown and (not progress or progress[-1] != bar.progress):
                    progress.append(bar.progress)
                return bool(condition())

            return check

        await wait_until(pilot, seen(lambda: "indexing" in row_text(agents, 0)), what="label")
        # While it indexes, the composer says so instead of sending into a 400.
        screen.chat.composer.text = "How many gulls?"
        screen.chat.composer.focus()
        await pilot.press("enter")
        await wait_until(
            pilot,
            seen(lambda: any("still indexing" in n.message for n in app._notifications)),
            what="the still-indexing notice",
        )
        assert screen.chat.composer.text == "How many gulls?"
        assert not screen.chat.transcript.entries
        await wait_until(
            pilot, seen(lambda: "indexing" not in row_text(agents, 0)), timeout=30, what="done"
        )
        # The label moved through the counts, and the bar with it, up to done.
        counts = [label.split("indexing ")[1] for label in labels if "indexing " in label]
        assert f"0/{PAGES}" in counts or f"1/{PAGES}" in counts, labels
        assert len(set(counts)) >= 2, labels
        assert progress == sorted(progress) and len(progress) >= 2, progress
        assert labels[-1] == "Lighthouse facts"
        await wait_until(pilot, lambda: not panel.display, what="the bar to go")
        assert agents.agents[0].is_active and screen.chat.agent.is_active
        # Now it answers from its pages.
        await pilot.press("enter")
        await wait_until(pilot, lambda: screen.chat.transcript.entries, what="the question")


async def test_an_agent_created_from_files_picked_and_typed(quick_server, tmp_path) -> None:
    notes = tmp_path / "notes.md"
    notes.write_text("# Tides\n\nThe harbour floods at the spring tide, twice a month.\n")
    extra = tmp_path / "extra.txt"
    extra.write_text("Boats leave at dawn.\n")
    app = make_app(quick_server)
    async with app.run_test(size=(160, 45)) as pilot:
        screen = await main_screen(pilot)
        form = await fill_create_form(pilot, "Harbour notes", files=[notes])
        # The picker adds to what was typed.
        picker = await open_screen(pilot, "ctrl+o", FilePickerScreen)
        picker.query_one("#picker-path", Input).value = str(extra)
        picker.query_one("#picker-path", Input).focus()
        await pilot.press("enter")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.screen is form, what="back in the form")
        assert form.query_one("#agent-files", TextArea).text == f"{notes}\n{extra}"
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.screen is screen, what="the form to close")
        agents = screen.agents
        assert agents.agents[0].name == "Harbour notes"
        await wait_until(
            pilot,
            lambda: row_text(agents, 0) == "Harbour notes" and agents.agents[0].is_active,
            timeout=30,
            what="indexing done",
        )
        assert not screen.chat.index_panel.display
        async with CustomGPTClient(quick_server.base_url, KEY) as client:
            pages = await client.list_pages(agents.agents[0].id)
        assert sorted(p.filename or "" for p in pages.pages.items) == ["extra.txt", "notes.md"]


async def test_failed_indexing_shows_the_reason_and_where_to_look(quick_server, site) -> None:
    app = make_app(quick_server)
    async with app.run_test(size=(160, 45)) as pilot:
        screen = await main_screen(pilot)
        await fill_create_form(pilot, "Far away", sitemap_url=f"{site}/elsewhere.xml")
        await pilot.press("ctrl+s")
        agents = screen.agents
        # Polls back off up to 5 s apart: a loaded machine may take a few of them.
        await wait_until(
            pilot,
            lambda: row_text(agents, 0) == "Far away indexing failed",
            timeout=30,
            what="the failure",
        )
        panel = screen.chat.index_panel
        await wait_until(pilot, lambda: panel.has_class("-failed"), what="the failure line")
        caption = str(panel.query_one("#index-caption").render())
        assert "example.com" in caption and "Pages tab" in caption
        assert not panel.query_one(ProgressBar).display
        screen.chat.composer.text = "Anyone?"
        screen.chat.composer.focus()
        await pilot.press("enter")
        await wait_until(
            pilot,
            lambda: any("no indexed pages" in n.message for n in app._notifications),
            what="the refusal",
        )


async def test_the_servers_refusal_shows_in_the_form_which_keeps_what_was_typed(
    quick_server, site
) -> None:
    app = make_app(quick_server)
    async with app.run_test(size=(160, 45)) as pilot:
        screen = await main_screen(pilot)
        before = [a.id for a in screen.agents.agents]
        form = await fill_create_form(pilot, "   ", sitemap_url="ftp://nowhere")
        await pilot.press("ctrl+s")
        error = form.query_one("#create-error")
        assert "needs a name" in str(error.render())
        form.query_one("#agent-name", Input).value = "One too many"
        await pilot.press("ctrl+s")
        assert "http://" in str(error.render())
        form.query_one("#agent-sitemap", Input).value = f"{site}/sitemap.xml"
        at_the_limit(quick_server)
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: "agent limit" in str(error.render()), what="the refusal")
        assert app.screen is form
        assert form.query_one("#agent-name", Input).value == "One too many"
        assert form.query_one("#agent-sitemap", Input).value == f"{site}/sitemap.xml"
        assert not form.query_one("#create", Button).disabled
        await pilot.press("escape")
        assert [a.id for a in screen.agents.agents] == before


async def test_replicate_puts_the_copy_on_top_and_opens_it(quick_server) -> None:
    app = make_app(quick_server)
    async with app.run_test(size=(160, 45)) as pilot:
        screen = await main_screen(pilot)
        original = screen.agents.agents[0]
        await open_screen(pilot, "ctrl+d", ConfirmScreen)
        await pilot.press("y")
        agents = screen.agents
        await wait_until(pilot, lambda: agents.agents[0].id != original.id, what="the copy")
        copy = agents.agents[0]
        assert agents.agents[1].id == original.id
        assert agents.selected_id == copy.id
        await wait_until(pilot, lambda: screen.chat.agent and screen.chat.agent.id == copy.id)
        async with CustomGPTClient(quick_server.base_url, KEY) as client:
            assert (await client.get_agent(copy.id)).id == copy.id


async def test_delete_needs_the_exact_name_and_takes_the_conversations(
    quick_server, tmp_path
) -> None:
    store = await synced_store(quick_server, tmp_path / "h.sqlite3")
    app = make_app(quick_server, history=store)
    async with app.run_test(size=(160, 45)) as pilot:
        screen = await main_screen(pilot)
        agents = screen.agents
        await pilot.press("down")
        victim, neighbour = agents.agents[1], agents.agents[2]
        await pilot.press("enter")  # open it: the chat shows it
        await wait_until(pilot, lambda: screen.chat.agent and screen.chat.agent.id == victim.id)
        async with CustomGPTClient(quick_server.base_url, KEY) as client:
            sessions = (await client.list_conversations(victim.id, 1)).items
        assert store.agent(victim.id) is not None
        assert all(store.conversation(s.session_id) is not None for s in sessions)
        agents.options.focus()
        modal = await open_screen(pilot, "delete", DeleteAgentScreen)
        assert "conversation" in str(modal.query_one("#delete-warning").render())
        name = modal.query_one("#delete-name", Input)
        delete = modal.query_one("#confirm", Button)
        await pilot.press(*victim.name[:-1])
        assert delete.disabled
        await pilot.press("enter")  # not the name yet: nothing happens
        assert app.screen is modal
        await pilot.press(victim.name[-1], "x")
        assert delete.disabled
        await pilot.press("backspace")
        assert name.value == victim.name and not delete.disabled
        await pilot.press("enter")
        await wait_until(
            pilot, lambda: victim.id not in [a.id for a in agents.agents], what="the row to go"
        )
        assert agents.agents[1].id == neighbour.id and agents.options.highlighted == 1
        await wait_until(pilot, lambda: screen.chat.agent and screen.chat.agent.id == neighbour.id)
        assert screen.conversations.agent is not None
        assert screen.conversations.agent.id == neighbour.id
        async with CustomGPTClient(quick_server.base_url, KEY) as client:
            with pytest.raises(NotFound):
                await client.get_agent(victim.id)
            for session in sessions:
                with pytest.raises(NotFound):
                    await client.list_messages(victim.id, session.session_id, 1)
        # The history cache forgot it and its conversations (offline it would show them).
        assert sessions and store.agent(victim.id) is None
        assert all(store.conversation(s.session_id) is None for s in sessions)
        assert store.agent(neighbour.id) is not None


async def test_offline_creating_replicating_and_deleting_say_they_need_the_server(
    tmp_path,
) -> None:
    server = DemoServer(api_key=KEY).start()
    app = make_app(server)
    async with app.run_test(size=(160, 45)) as pilot:
        screen = await main_screen(pilot)
        count = len(screen.agents.agents)
        server.stop()
        await pilot.press("enter")  # opening an agent finds the server gone
        await wait_until(pilot, lambda: app.offline, what="offline")
        screen.agents.options.focus()
        for key in ("n", "ctrl+d", "delete"):
            await pilot.press(key)
            await pilot.pause(0.1)
            assert app.screen is screen, key
        needs = [n.message for n in app._notifications if "needs the server" in n.message]
        assert len(needs) == 3, needs
        assert len(screen.agents.agents) == count


async def test_polling_pauses_offline_and_resumes_when_the_server_is_back(tmp_path) -> None:
    notes = tmp_path / "notes.md"
    notes.write_text("# Tides\n\nThe harbour floods at the spring tide.\n")
    more = tmp_path / "more.txt"
    more.write_text("Boats leave at dawn.\n")
    data = tmp_path / "data"
    first = DemoServer(api_key=KEY, index_pace=30, data_dir=data).start()
    app = make_app(first)
    try:
        async with app.run_test(size=(160, 45)) as pilot:
            screen = await main_screen(pilot)
            await fill_create_form(pilot, "Harbour notes", files=[notes, more])
            await pilot.press("ctrl+s")
            agents = screen.agents
            await wait_until(pilot, lambda: row_text(agents, 0) == "Harbour notes indexing 0/2")
            created = agents.agents[0]
            assert agents.watcher.followed == {created.id}
            first.stop()  # the next look at the progress finds no server
            await wait_until(pilot, lambda: app.offline, timeout=15, what="offline")
            await wait_until(pilot, lambda: not agents.watcher.followed, what="polling paused")
            assert row_text(agents, 0) == "Harbour notes indexing 0/2"  # as last seen
            # The same state, served again on the same port, a page a second.
            second = DemoServer(api_key=KEY, port=first.port, index_pace=1.0, data_dir=data)
            with second:
                await wait_until(pilot, lambda: not app.offline, timeout=20, what="online")
                await wait_until(
                    pilot, lambda: agents.watcher.followed == {created.id}, what="resumed"
                )
                await wait_until(
                    pilot,
                    lambda: row_text(agents, 0) == "Harbour notes",
                    timeout=20,
                    what="indexing followed to its end",
                )
                assert agents.agents[0].is_active and not agents.watcher.followed
    finally:
        first.stop()


async def test_content_added_in_the_workshop_is_followed_and_the_agent_still_answers(
    paced_server, tmp_path
) -> None:
    from cgpt_tui.ui.screens.workshop.workshop_screen import WorkshopScreen

    extra = tmp_path / "extra.md"
    extra.write_text("# Ferries\n\nThe ferry leaves at nine.\n")
    app = make_app(paced_server)
    async with app.run_test(size=(160, 45)) as pilot:
        screen = await main_screen(pilot)
        agents = screen.agents
        agent = agents.agents[0]
        await pilot.press("enter")
        await wait_until(pilot, lambda: screen.chat.agent and screen.chat.agent.id == agent.id)
        assert row_text(agents, 0) == agent.name and not screen.chat.index_panel.display
        await open_screen(pilot, "f5", WorkshopScreen)
        async with CustomGPTClient(paced_server.base_url, KEY) as client:
            await client.add_source(agent.id, file=extra)  # as its Sources tab does
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is screen, what="the workshop to close")
        await wait_until(pilot, lambda: "indexing" in row_text(agents, 0), what="the label")
        panel = screen.chat.index_panel
        await wait_until(pilot, lambda: panel.display, what="the bar")
        assert "answers from those indexed so far" in str(
            panel.query_one("#index-caption").render()
        )
        assert panel.refusal() is None  # active: it still answers meanwhile
        await wait_until(
            pilot, lambda: row_text(agents, 0) == agent.name, timeout=20, what="indexed"
        )
        await wait_until(pilot, lambda: not panel.display, what="the bar to go")


async def test_a_hostile_name_is_shown_clean_and_typed_as_shown_to_delete(
    quick_server, tmp_path
) -> None:
    notes = tmp_path / "notes.md"
    notes.write_text("# Notes\n\nNothing much.\n")
    hostile = "[b]Ops[/b] \x1b[31mred\u202e gpj.exe"
    async with CustomGPTClient(quick_server.base_url, KEY) as client:
        made = await client.create_agent(hostile, file=notes)
    app = make_app(quick_server)
    async with app.run_test(size=(160, 45)) as pilot:
        screen = await main_screen(pilot)
        agents = screen.agents
        assert agents.agents[0].id == made.id
        shown = row_text(agents, 0)
        assert shown.startswith("[b]Ops[/b] red gpj.exe"), shown  # markup as text, no controls
        modal = await open_screen(pilot, "delete", DeleteAgentScreen)
        assert modal.expected == "[b]Ops[/b] red gpj.exe"
        await pilot.press(*modal.expected)
        assert not modal.query_one("#confirm", Button).disabled
        await pilot.press("enter")
        await wait_until(pilot, lambda: made.id not in [a.id for a in agents.agents])


async def test_a_created_agent_stays_on_top_once_the_list_reloads(quick_server, tmp_path) -> None:
    notes = tmp_path / "notes.md"
    notes.write_text("# Notes\n\nNothing much.\n")
    app = make_app(quick_server)
    async with app.run_test(size=(160, 45)) as pilot:
        screen = await main_screen(pilot)
        agents = screen.agents
        before = [a.id for a in agents.agents]
        await fill_create_form(pilot, "Notes", files=[notes])
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: len(agents.agents) == len(before) + 1, what="the row")
        made = agents.agents[0].id
        agents.options.focus()
        await pilot.press("ctrl+r")
        await wait_until(
            pilot, lambda: [a.id for a in agents.agents] == [made, *before], what="the reload"
        )
        assert agents.options.option_count == len(before) + 1  # no row twice


async def test_the_palette_creates_replicates_and_deletes_the_open_agent(quick_server) -> None:
    from .test_palette_and_layout import _choose

    app = make_app(quick_server)
    async with app.run_test(size=(160, 45)) as pilot:
        screen = await main_screen(pilot)
        agents = screen.agents
        second = agents.agents[1]
        await pilot.press("down", "enter")  # open the second agent
        await wait_until(pilot, lambda: screen.chat.agent and screen.chat.agent.id == second.id)
        screen.chat.composer.focus()  # the palette acts on the open agent from anywhere
        for command, modal in (
            ("new agent", CreateAgentScreen),
            ("replicate agent", ConfirmScreen),
            ("delete agent", DeleteAgentScreen),
        ):
            await _choose(pilot, command, command.capitalize())
            await wait_until(pilot, lambda m=modal: isinstance(app.screen, m), what=command)
            if isinstance(app.screen, DeleteAgentScreen):  # the copy, open since replicated
                assert app.screen.agent.id == agents.agents[0].id == screen.chat.agent.id
                assert app.screen.agent.id != second.id
            if isinstance(app.screen, ConfirmScreen):
                await pilot.press("y")  # replicate the open agent
                await wait_until(
                    pilot, lambda: agents.agents[0].name == f"{second.name} (copy)", what="copy"
                )
                continue
            await pilot.press("escape")
            await wait_until(pilot, lambda: app.screen is screen, what="back")


async def test_the_bar_follows_the_open_agent_while_the_filter_hides_its_row(
    paced_server, site
) -> None:
    app = make_app(paced_server)
    async with app.run_test(size=(160, 45)) as pilot:
        screen = await main_screen(pilot)
        await fill_create_form(pilot, "Lighthouse facts", sitemap_url=f"{site}/sitemap.xml")
        await pilot.press("ctrl+s")
        agents = screen.agents
        panel = screen.chat.index_panel
        await wait_until(pilot, lambda: panel.display, what="the bar")
        made = agents.agents[0].id
        screen.query_one("#agent-filter", Input).value = "Northwind"
        await wait_until(pilot, lambda: agents.agents and made not in [a.id for a in agents.agents])
        assert screen.chat.agent is not None and screen.chat.agent.id == made
        await wait_until(pilot, lambda: not panel.display, timeout=30, what="the bar to go")
        assert panel.indexing is not None and panel.indexing.progress.indexed == PAGES
        assert panel.refusal() is None  # it answers now
