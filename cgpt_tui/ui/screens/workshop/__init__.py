"""The agent workshop: settings, sources and pages of one agent."""

from cgpt_tui.ui.screens.workshop.workshop_screen import WorkshopScreen

__all__ = ["WorkshopScreen"]
