"""The parser of `cgpt-tui report`: an agent's insights (totals, traffic, the series, the top
questions) from the server's reports, or from the history cache when offline.

Free of heavy imports, so `cgpt-tui --help` stays fast; the command is cli/report.py.
"""

from __future__ import annotations

import argparse
import re
from datetime import date

INTERVALS = ("daily", "weekly")
DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def day(text: str) -> date:
    """A `--since` / `--until` value: a calendar day written YYYY-MM-DD."""
    try:
        if not DAY.fullmatch(text):  # fromisoformat also takes 20261101 and 2026-W44-1
            raise ValueError(text)
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a date; write it YYYY-MM-DD (e.g. 2026-11-01)"
        ) from None


def add_report_command(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    report = commands.add_parser(
        "report",
        parents=[common],
        help="an agent's insights: queries, conversations, answered, reactions, traffic",
        description="Totals of an agent's queries and conversations (answered and not, liked "
        "and disliked), its traffic by request source, queries per day or week and its most "
        "frequent questions, from the server's reports; from the history cache when the "
        "server cannot be reached (said so). Dates are UTC days, both ends included.",
    )
    report.add_argument("--agent", type=int, metavar="ID", required=True, help="the agent")
    report.add_argument(
        "--since",
        type=day,
        metavar="YYYY-MM-DD",
        help="from this day on (default: the first query)",
    )
    report.add_argument(
        "--until", type=day, metavar="YYYY-MM-DD", help="up to this day (default: today)"
    )
    report.add_argument(
        "--interval", choices=INTERVALS, default="weekly", help="of the series (default weekly)"
    )
    report.add_argument("--json", action="store_true", help="print the report as JSON")
