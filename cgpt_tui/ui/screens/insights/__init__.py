"""The insights screen of one agent: totals, charts, the most asked and the unanswered
questions (its charts import plotext only when it is built)."""

from cgpt_tui.ui.screens.insights.insights_screen import InsightsScreen

__all__ = ["InsightsScreen"]
