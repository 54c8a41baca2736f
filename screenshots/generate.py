"""Make the README's screenshots from the demo data: `python screenshots/generate.py`.

Each picture is the real app against the stand-in server with a fixed clock, driven the way
the SVG snapshot tests drive it, so running this twice gives the same files
(`tests/ui/test_screenshots.py` checks that the committed ones are current).
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from textual.pilot import Pilot  # noqa: E402

from cgpt_tui.demo.server import DemoServer  # noqa: E402
from cgpt_tui.ui.screens.agent_details_screen import AgentDetailsScreen  # noqa: E402
from cgpt_tui.ui.transcript.transcript import Transcript  # noqa: E402
from tests.ui.helpers import FIXED_NOW, ask_in_new_conversation, make_app, wait_until  # noqa: E402
from tests.ui.test_snapshots import open_agent, open_history, settle  # noqa: E402

SIZE = (150, 44)
Scene = Callable[[Pilot, DemoServer], Awaitable[None]]


async def main_screen(pilot: Pilot, server: DemoServer) -> None:
    await open_history(pilot)


async def streaming(pilot: Pilot, server: DemoServer) -> None:
    server.faults.stall(60, after_events=40)
    chat = await open_agent(pilot)
    chat.composer.cursor_blink = False
    await ask_in_new_conversation(pilot, chat, "How do I reset my password?")
    transcript = chat.query_one(Transcript)
    await wait_until(
        pilot, lambda: transcript.entries[-1].answer_text.count(" ") >= 30, what="the text"
    )
    await settle(pilot)


async def citations(pilot: Pilot, server: DemoServer) -> None:
    await open_history(pilot)
    transcript = pilot.app.screen.query_one(Transcript)
    transcript.focus()
    await pilot.press("up", "right")  # the last answer's first source card, selected
    await pilot.pause(0.3)


async def agent_details(pilot: Pilot, server: DemoServer) -> None:
    await open_agent(pilot)
    await pilot.press("f3")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, AgentDetailsScreen))
    screen = pilot.app.screen
    await wait_until(pilot, lambda: not screen.query(".-loading"), what="every section")
    await pilot.pause(0.2)


async def light_theme(pilot: Pilot, server: DemoServer) -> None:
    pilot.app.theme = "customgpt-light"
    await open_history(pilot)


SCENES: dict[str, Scene] = {
    "main-screen": main_screen,
    "streaming": streaming,
    "citations": citations,
    "agent-details": agent_details,
    "light-theme": light_theme,
}


async def shoot(name: str, scene: Scene) -> str:
    with DemoServer(api_key="screenshot-key", clock=lambda: FIXED_NOW) as server:
        app = make_app(server, demo=True)
        async with app.run_test(size=SIZE) as pilot:
            await scene(pilot, server)
            return app.export_screenshot(title=f"cgpt-tui — {name.replace('-', ' ')}")


def generate(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, scene in SCENES.items():
        path = folder / f"{name}.svg"
        path.write_text(asyncio.run(shoot(name, scene)), encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    for path in generate(HERE):
        print(path.relative_to(HERE.parent))
