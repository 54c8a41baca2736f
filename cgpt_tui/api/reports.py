"""Reports: traffic by request source, queries (success / failed), conversations (with the
average queries per conversation), the analysis series and customer intelligence.

Array parameters are sent in PHP's form (`filters[]=a&filters[]=b`, what the API reads);
date ranges as `start_date` / `end_date` (`YYYY-MM-DD`, both inclusive, UTC days).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cgpt_tui.api.endpoint import Endpoint, seg
from cgpt_tui.api.lazy import lazy_module
from cgpt_tui.api.pages import Page

if TYPE_CHECKING:
    from cgpt_tui.api import report_records as records
    from cgpt_tui.api.report_records import (
        AnalysisReport,
        ConversationReport,
        DateRange,
        IntelligenceRow,
        Interval,
        QueryReport,
        TrafficReport,
    )
else:
    records = lazy_module("cgpt_tui.api.report_records")  # built when first used

ANALYSIS_FILTERS = ("queries", "conversations", "queries_per_conversation")
INTELLIGENCE_LIMIT = 100  # the most the API sends a page


def _query(dates: DateRange | None, *filters: str, **extra: Any) -> dict[str, Any]:
    """`dates`: None for every date."""
    values: dict[str, Any] = dict((records.ALL_DATES if dates is None else dates).query())
    if filters:
        values["filters[]"] = list(filters)
    values.update({key: value for key, value in extra.items() if value is not None})
    return values


class ReportEndpoints(Endpoint):
    """The agent's reports (the dashboard's numbers)."""

    @staticmethod
    def _reports(agent_id: int, report: str) -> str:
        return f"/projects/{seg(agent_id)}/reports/{report}"

    async def _report(self, agent_id: int, report: str, params: dict[str, Any]) -> Any:
        return await self._wire.data("GET", self._reports(agent_id, report), params=params)

    async def traffic_report(
        self, agent_id: int, *, dates: DateRange | None = None
    ) -> TrafficReport:
        """Queries per request source (web, api, embed, …), biggest first."""
        data = await self._report(agent_id, "traffic", _query(dates, "sources"))
        return records.TrafficReport.from_api(data)

    async def query_report(self, agent_id: int, *, dates: DateRange | None = None) -> QueryReport:
        """How many queries, and how many the agent answered (success) or not (failed)."""
        data = await self._report(agent_id, "queries", _query(dates, "total", "query_status"))
        return records.QueryReport.from_api(data)

    async def conversation_report(
        self, agent_id: int, *, dates: DateRange | None = None
    ) -> ConversationReport:
        """Conversations with a query in the range, and queries per conversation."""
        query = _query(dates, "total", "average_queries_per_conversation")
        return records.ConversationReport.from_api(
            await self._report(agent_id, "conversations", query)
        )

    async def analysis_report(
        self, agent_id: int, *, interval: Interval = "weekly", dates: DateRange | None = None
    ) -> AnalysisReport:
        """Queries, conversations and queries per conversation for each day or week."""
        if interval not in records.INTERVALS:
            raise ValueError(f"interval must be daily or weekly, not {interval!r}")
        query = _query(dates, *ANALYSIS_FILTERS, interval=interval)
        return records.AnalysisReport.from_api(
            await self._report(agent_id, "analysis", query), interval
        )

    async def intelligence_page(
        self,
        agent_id: int,
        page: int = 1,
        *,
        limit: int = INTELLIGENCE_LIMIT,
        dates: DateRange | None = None,
    ) -> Page[IntelligenceRow]:
        """A page of customer intelligence: each message with its reaction, source, browser
        and guessed intent, newest first."""
        query = _query(dates, page=page, limit=limit)
        data = await self._report(agent_id, "intelligence", query)
        return Page.from_api(data, records.IntelligenceRow.from_api)
