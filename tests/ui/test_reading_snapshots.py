"""SVG snapshots of reading inside an answer: an inline citation marker stepped to (marker
and card highlighted) and a code block selected. Fixed clock, scripted stand-in answers.

Update with `pytest tests/ui/test_reading_snapshots.py --snapshot-update`, then look at the
SVGs in tests/ui/__snapshots__/ before committing.
"""

from __future__ import annotations

from .helpers import make_app
from .test_reading_keys import CODED, MARKED
from .test_snapshots import SIZE, ask_and_finish, open_agent, settle, still_server  # noqa: F401


def test_inline_marker_stepped_to_with_its_card(snap_compare, still_server) -> None:  # noqa: F811
    still_server.state.script_answer(MARKED, (9001, 9003))

    async def run_before(pilot) -> None:
        chat = await open_agent(pilot)
        transcript = await ask_and_finish(pilot, chat, "Where do I start?")
        await pilot.press("escape", "right_square_bracket", "right_square_bracket")
        assert (transcript.marker_cursor, transcript.card_cursor) == (1, 1)
        await settle(pilot)

    app = make_app(still_server, demo=True)
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_code_block_selected(snap_compare, still_server) -> None:  # noqa: F811
    still_server.state.script_answer(CODED)

    async def run_before(pilot) -> None:
        chat = await open_agent(pilot)
        transcript = await ask_and_finish(pilot, chat, "How do I install the CLI?")
        await pilot.press("escape", "b", "b")
        assert transcript.code_cursor == 1
        await settle(pilot)

    app = make_app(still_server, demo=True)
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)
