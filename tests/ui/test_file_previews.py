"""Previews of the files a file-based agent cites: a PDF page by page, a Word document, a
Markdown file rendered, and `v` handing the file to the system viewer."""

from __future__ import annotations

import stat
import tempfile
from pathlib import Path

from textual.widgets import Static, TextArea

from cgpt_tui.api import FilePreview
from cgpt_tui.services.previews import DOCX
from cgpt_tui.ui.screens.preview_screen import PreviewScreen
from cgpt_tui.ui.widgets.markdown_page import MarkdownPage

from .helpers import make_app, wait_until
from .test_answer_keys import answered
from .test_chat_flow import open_first_agent

LUMEN_FILES = Path(__file__).resolve().parents[2] / "cgpt_tui" / "demo" / "documents" / "lumen"


async def open_lumen(pilot):
    agents, _, chat = await open_first_agent(pilot)
    agents.options.focus()
    agents.options.highlighted = 1
    await pilot.press("enter")
    await wait_until(
        pilot, lambda: chat.agent is not None and chat.agent.id == 102, what="the Lumen agent"
    )
    return chat


async def preview_of_answer(pilot, chat, question: str, title: str) -> PreviewScreen:
    """Ask, open the answer's source card titled `title` (wherever the answer lists it), and
    wait until the preview has read the file."""
    transcript = await answered(pilot, chat, question)
    titles = [card.citation.title for card in transcript.entries[-1].cards]
    assert title in titles, titles
    for _ in range(titles.index(title) + 1):  # the first press selects the first card
        await pilot.press("l")
    await pilot.press("o")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, PreviewScreen), what="preview")
    screen = pilot.app.screen
    assert isinstance(screen, PreviewScreen)
    await wait_until(pilot, lambda: screen.document is not None, what="the file read")
    return screen


MANUAL = "Lumen X100 manual: "
WARRANTY = f"{MANUAL}warranty and service"


def shown_text(screen: PreviewScreen) -> str:
    return screen.query_one("#preview-text", TextArea).text


def static_text(screen: PreviewScreen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


async def test_a_pdf_citation_previews_its_text_a_page_at_a_time(demo_server) -> None:
    app = make_app(demo_server)
    async with app.run_test(size=(160, 48)) as pilot:
        chat = await open_lumen(pilot)
        screen = await preview_of_answer(pilot, chat, "What does the warranty cover?", WARRANTY)
        await wait_until(pilot, lambda: shown_text(screen).startswith("Warranty coverage\n"))
        assert "two-year limited warranty" in shown_text(screen)
        assert static_text(screen, "#preview-facts") == (
            "lumen-x100-warranty.pdf · PDF document · 2.6 KB"
        )
        footer = static_text(screen, "#preview-footer")
        assert footer.startswith("page 1 of 3  ·  ] next page  ·  [ previous page  ·  v open")

        pages = [
            ("right_square_bracket", "What the warranty does not cover\n", 2),
            ("n", "Sending the camera for service\n", 3),
            ("right_square_bracket", "Sending the camera for service\n", 3),  # the last page
            ("left_square_bracket", "What the warranty does not cover\n", 2),
            ("p", "Warranty coverage\n", 1),
            ("p", "Warranty coverage\n", 1),  # the first page
        ]
        for key, start, number in pages:
            await pilot.press(key)
            await wait_until(pilot, lambda s=start: shown_text(screen).startswith(s), what=start)
            assert static_text(screen, "#preview-footer").startswith(f"page {number} of 3")
        assert screen.query_one("#preview-text").has_focus  # PageUp/PageDown scroll the page
        await pilot.press("escape")
        assert not isinstance(app.screen, PreviewScreen)


async def test_a_word_document_shows_its_paragraphs_and_table(demo_server) -> None:
    app = make_app(demo_server)
    async with app.run_test(size=(160, 48)) as pilot:
        chat = await open_lumen(pilot)
        screen = await preview_of_answer(
            pilot, chat, "How often should I clean the viewfinder?", f"{MANUAL}care and cleaning"
        )
        await wait_until(pilot, lambda: shown_text(screen).startswith("Care and cleaning\n"))
        assert "Viewfinder eyepiece | Dry cotton swab | Monthly\n" in shown_text(screen)
        assert static_text(screen, "#preview-facts").startswith(
            "lumen-x100-care.docx · Word document · "
        )
        assert "page 1 of" not in static_text(screen, "#preview-footer")  # one page: no pager


async def test_a_markdown_file_is_rendered_not_shown_as_source(demo_server) -> None:
    app = make_app(demo_server)
    async with app.run_test(size=(160, 48)) as pilot:
        chat = await open_lumen(pilot)
        screen = await preview_of_answer(
            pilot, chat, "How long does the battery last?", f"{MANUAL}battery and charging"
        )
        page = screen.query_one("#preview-markdown", MarkdownPage)
        await wait_until(pilot, lambda: page.plain_lines(), what="rendered Markdown")
        lines = page.plain_lines()
        assert page.text.startswith("## Charging the battery\n")  # the source, as served
        assert lines[0].strip() == "Charging the battery"  # shown as a heading, no "##"
        assert [line.strip() for line in lines if line.strip().startswith(("Battery", "Stor"))]
        assert not any(line.lstrip().startswith("#") for line in lines)
        assert page.display and page.has_focus
        assert not screen.query_one("#preview-text").display


async def test_v_saves_a_private_copy_and_hands_it_to_the_opener(
    demo_server, tmp_path, monkeypatch
) -> None:
    opener = tmp_path / "bin" / "xdg-open"
    opener.parent.mkdir()
    opener.write_text("#!/bin/sh\nexit 1\n")  # found on PATH; never run (the app records it)
    opener.chmod(0o700)
    monkeypatch.setenv("PATH", str(opener.parent))
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr(tempfile, "tempdir", None)
    app = make_app(demo_server)
    async with app.run_test(size=(160, 48)) as pilot:
        chat = await open_lumen(pilot)
        screen = await preview_of_answer(pilot, chat, "What does the warranty cover?", WARRANTY)
        await pilot.press("v")
        await wait_until(pilot, lambda: app.viewer_commands, what="the opener")
        saved = screen.saved_path
        assert saved is not None and saved.name == "lumen-x100-warranty.pdf"
        assert app.viewer_commands == [[str(opener), str(saved)]]
        assert saved.read_bytes() == (LUMEN_FILES / "warranty.pdf").read_bytes()
        assert stat.S_IMODE(saved.stat().st_mode) == 0o600
        assert stat.S_IMODE(saved.parent.stat().st_mode) == 0o700
        assert saved.parent.parent == tmp_path
        said = f"Saved to {saved} and opened in the system viewer."
        assert static_text(screen, "#preview-saved") == said
        assert any(n.message == said for n in app._notifications)
        assert "v open in the system viewer" in static_text(screen, "#preview-footer")
        assert app.opened_urls == []


async def test_without_an_opener_the_saved_path_is_still_shown(
    demo_server, tmp_path, monkeypatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr(tempfile, "tempdir", None)
    app = make_app(demo_server)
    async with app.run_test(size=(160, 48)) as pilot:
        chat = await open_lumen(pilot)
        screen = await preview_of_answer(
            pilot, chat, "How do I update the firmware?", "Lumen X100 manual: updating the firmware"
        )
        await pilot.press("v")
        await wait_until(pilot, lambda: screen.saved_path is not None, what="the saved copy")
        saved = screen.saved_path
        assert saved is not None and saved.name == "lumen-x100-firmware.txt"
        assert saved.read_text() == shown_text(screen)
        said = f"Saved to {saved}. No system viewer (xdg-open) could open it."
        assert static_text(screen, "#preview-saved") == said
        assert any(n.message == said and n.severity == "warning" for n in app._notifications)
        assert app.viewer_commands == []


async def show_preview(pilot, preview: FilePreview) -> PreviewScreen:
    """The preview of a file the server sent (pushed as the card would push it)."""
    screen = PreviewScreen("A file", preview)
    pilot.app.push_screen(screen)
    await wait_until(pilot, lambda: screen.document is not None, what="the file read")
    await pilot.pause(0.05)
    return screen


async def test_files_that_cannot_be_shown_say_why_and_offer_the_viewer(demo_server) -> None:
    app = make_app(demo_server)
    async with app.run_test(size=(160, 48)) as pilot:
        await open_first_agent(pilot)
        cases = [
            (FilePreview(b"%PDF-1.7 broken", "application/pdf", "q3.pdf"), "This PDF is damaged"),
            (FilePreview(b"PK\x03\x04junk", DOCX, "notes.docx"), "This Word document is damaged"),
            (FilePreview(bytes(3000), "image/png", "photo.png"), "It is an image, not text."),
        ]
        for preview, reason in cases:
            screen = await show_preview(pilot, preview)
            message = static_text(screen, "#preview-message")
            assert message.startswith(reason) and message.endswith(
                "Press v to open it in the system viewer."
            )
            assert not screen.query_one("#preview-text").display
            assert not screen.query_one("#preview-loading").display
            await pilot.press("n")  # no pages: nothing happens
            assert static_text(screen, "#preview-footer") == (
                "v open in the system viewer  ·  esc closes"
            )
            await pilot.press("escape")
            await wait_until(pilot, lambda: not isinstance(app.screen, PreviewScreen))


async def test_hostile_file_text_and_names_reach_the_screen_clean(demo_server) -> None:
    app = make_app(demo_server)
    async with app.run_test(size=(160, 48)) as pilot:
        await open_first_agent(pilot)
        text = "Pay \x1b]52;c;ZXZpbA==\x07now [b]bold?[/b] [@click=app.quit]x[/] \u202eexe.txt\n"
        name = "\u202e[red]evil\x1b[31m.txt"
        screen = await show_preview(pilot, FilePreview(text.encode(), "text/plain", name))
        await wait_until(pilot, lambda: shown_text(screen))
        assert shown_text(screen) == "Pay now [b]bold?[/b] [@click=app.quit]x[/] exe.txt\n"
        size = len(text.encode())  # the size of what was sent
        assert static_text(screen, "#preview-facts") == f"[red]evil.txt · text · {size} bytes"
        assert app.is_running  # the click markup did nothing
