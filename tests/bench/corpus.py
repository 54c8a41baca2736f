"""Realistic Markdown answers of a chosen length, cut into the stand-in's tokens.

An answer cycles through the kinds of block a support agent writes: paragraphs, a heading,
bullet and numbered lists, a fenced code block and a table. The same length always gives the
same text.
"""

from __future__ import annotations

import re

TOKEN = re.compile(r"\s*\S+|\s+$")  # the stand-in's tokens: whitespace rides before a word

SECTIONS = [
    "Exports run in the background, so you can keep working while the archive is built. "
    "Large workspaces can take a few minutes; you get an email with a download link that "
    "stays valid for seven days, and the link only works for the person who asked for it.",
    "### Before you start\n\nCheck that you are an **owner** or an **admin** of the "
    "workspace. Members can export only their own items, and guests cannot export at all.",
    "- Open **Settings → Data** and choose *Export workspace*.\n"
    "- Pick the format: `CSV` for spreadsheets or `JSON` for scripts.\n"
    "- Tick *Include attachments* if you need the files, not just the records.\n"
    "- Press **Start export** and keep the tab open until the progress bar appears.",
    "1. Download the archive from the email.\n"
    "2. Unpack it: every project becomes a folder with a `records.csv` file.\n"
    "3. Import the folders into the new tool, one project at a time.",
    '```python\nimport csv\n\nwith open("records.csv", newline="") as handle:\n'
    "    for row in csv.DictReader(handle):\n"
    '        print(row["id"], row["title"], row["updated_at"])\n```',
    "| Plan | Exports per day | Attachments | Kept for |\n"
    "| --- | --- | --- | --- |\n"
    "| Free | 1 | no | 3 days |\n"
    "| Team | 10 | yes | 7 days |\n"
    "| Business | unlimited | yes | 30 days |",
    "If an export fails, the email says why. The most common cause is an attachment that "
    "was deleted while the export ran; start the export again and it will skip the missing "
    "file. For anything else, reply to the email and our support team will look at the job.",
]


def markdown_answer(tokens: int) -> str:
    """A Markdown answer of exactly `tokens` stand-in tokens."""
    pieces: list[str] = []
    index = 0
    while len(pieces) < tokens:
        block = SECTIONS[index % len(SECTIONS)]
        words = split_tokens(("\n\n" if pieces else "") + block)
        pieces.extend(words[: tokens - len(pieces)])
        index += 1
    return "".join(pieces)


def split_tokens(text: str) -> list[str]:
    return TOKEN.findall(text)
