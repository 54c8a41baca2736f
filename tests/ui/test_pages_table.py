"""The pages table on its own: hostile server text, columns in words, cursor keys, filters."""

from __future__ import annotations

from textual.app import App, ComposeResult

from cgpt_tui.api import AgentPage
from cgpt_tui.ui.widgets.pages_table import PagesTable, fit_middle, page_status, status_words

HOSTILE_URL = "https://evil.example/\x1b]52;c;cGF3bmVk\x07[bold]x[/bold]\u202egpj.exe"
HOSTILE_REASON = "Refused: \x1b[2J[@click=app.quit]quit[/]"


def page(n: int, crawl: str = "ok", index: str = "ok", **extra) -> AgentPage:
    record = {
        "id": n,
        "page_url": f"https://docs.example.com/page-{n}",
        "crawl_status": crawl,
        "index_status": index,
        "is_file": False,
        "filesize": None,
        "failure_reason": None,
    }
    record.update(extra)
    return AgentPage.from_api(record)


class TableApp(App[None]):
    def compose(self) -> ComposeResult:
        yield PagesTable(id="table")


def test_one_status_word_for_both_stages_and_the_stage_named() -> None:
    assert page_status(page(1)) == "ok"
    failed = page(2, crawl="ok", index="failed")
    assert page_status(failed) == "failed" and status_words(failed, "failed") == "failed (index)"
    queued = page(3, crawl="queued", index="n/a")
    assert status_words(queued, page_status(queued)) == "queued (crawl)"
    assert page_status(page(4, crawl="limited", index="queued")) == "limited"
    assert page_status(page(5, crawl="ok", index="n/a")) == "n/a"


def test_a_long_url_keeps_its_host_and_its_end() -> None:
    text = "help.example.com/a/very/long/path/to/the/last-part"
    cut = fit_middle(text, 24)
    assert len(cut) == 24 and cut.startswith("help.exa") and cut.endswith("last-part")
    assert "…" in cut


async def test_hostile_urls_and_reasons_are_drawn_clean_and_never_as_markup() -> None:
    app = TableApp()
    async with app.run_test(size=(140, 10)) as pilot:
        table = app.query_one(PagesTable)
        table.set_pages(
            [
                page(
                    1,
                    crawl="failed",
                    index="n/a",
                    page_url=HOSTILE_URL,
                    failure_reason=HOSTILE_REASON,
                )
            ]
        )
        await pilot.pause()
        line = table.render_line(0).text
        for bad in ("\x1b", "\x07", "\u202e", "52;c"):
            assert bad not in line
        assert "[bold]x[/bold]" in line  # shown as typed, not applied
        assert "[@click=app.quit]quit[/]" in line
        assert "failed (crawl)" in line


async def test_cursor_keys_and_filters_keep_the_page_under_the_cursor() -> None:
    app = TableApp()
    async with app.run_test(size=(120, 12)) as pilot:
        table = app.query_one(PagesTable)
        pages = [page(n, crawl="failed" if n % 3 == 0 else "ok") for n in range(1, 101)]
        table.set_pages(pages)
        table.focus()
        await pilot.press("end")
        await pilot.pause()
        assert table.current_page is not None and table.current_page.id == 100
        assert table.scroll_offset.y > 0  # the cursor row was scrolled into view
        await pilot.press("up", "up")
        assert table.current_page.id == 98
        table.filter(status="failed")
        assert [table.pages[n].id for n in table.shown][:3] == [3, 6, 9]
        assert table.current_page is not None and table.current_page.crawl_status == "failed"
        table.filter(status="all", search="page-42")
        assert [table.pages[n].id for n in table.shown] == [42]
        await pilot.press("home")
        assert table.current_page.id == 42
        table.filter(search="")
        assert table.current_page.id == 42  # still the same page, now among all of them
        assert table.counts()["failed"] == 33
