"""Following the indexing of the agents listed (the agent list owns one).

One worker per agent still indexing follows `Workshop.watch` (which polls with backoff, at
most every 5 s, until the agent is done); each progress goes to `on_change`. The workers
are the list's: they stop when their agent is done, when the list goes, and when the app
goes offline; back online, the agents still indexing are followed again.

Only the agents in sight are polled (`view`: the rows on screen and the open agent), and
those made here: a look is six requests, and an account of 10,000 agents has ~1,400 not
active. An agent scrolled out of sight is followed again when it comes back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from textual.widget import Widget
from textual.worker import Worker, get_current_worker

from cgpt_tui.api import Agent, CustomGPTError, NotFound
from cgpt_tui.services.workshop import IndexProgress
from cgpt_tui.ui.app_services import AppServices
from cgpt_tui.ui.widgets.index_progress import Indexing


class IndexWatcher:
    """Per agent, its indexing as last seen (`indexing`) and the worker following it."""

    def __init__(
        self,
        owner: Widget,
        app: Callable[[], AppServices],
        on_change: Callable[[int, Indexing], None],
    ) -> None:
        self._owner = owner
        self._app_of = app
        self._on_change = on_change
        self.indexing: dict[int, Indexing] = {}
        self._workers: dict[int, Worker[None]] = {}
        self._wanted: set[int] = set()  # agents to follow again when back online
        self._patient: set[int] = set()  # made here: followed until done, whatever it says
        self._view: frozenset[int] = frozenset()  # the agents in sight (`view`)

    def _app(self) -> AppServices:
        return self._app_of()

    def get(self, agent_id: int) -> Indexing | None:
        return self.indexing.get(agent_id)

    @property
    def followed(self) -> set[int]:
        """The agents whose progress is being polled now."""
        return set(self._workers)

    def follow(
        self, agents: Iterable[Agent], *, always: bool = False, patient: bool | None = None
    ) -> None:
        """Follow these agents' indexing: those not active, or last seen still indexing.

        `always`: any of them (one just made here, whose first record may say active, or
        one whose content just changed); `patient` (by default as `always`): followed
        through a moment with nothing queued yet, as a new agent has before its crawl."""
        for agent in agents:
            known = self.indexing.get(agent.id)
            wanted = always or (not agent.is_active if known is None else known.running)
            if wanted:
                self._start(agent.id, patient=always if patient is None else patient)

    def _start(self, agent_id: int, *, patient: bool = False) -> None:
        if patient:
            self._patient.add(agent_id)
        self._wanted.add(agent_id)
        if agent_id in self._workers or self._app().offline:
            return
        if agent_id not in self._view and agent_id not in self._patient:
            return  # followed when it comes into sight
        self._workers[agent_id] = self._owner.run_worker(
            self._follow(agent_id, patient=agent_id in self._patient),
            group="indexing",
            exit_on_error=False,
        )

    def view(self, agent_ids: Iterable[int]) -> None:
        """The agents in sight now: those wanted among them are followed; the others stop
        being polled (and are followed again when back in sight), except those made here."""
        self._view = frozenset(agent_ids)
        for agent_id, worker in list(self._workers.items()):
            if agent_id not in self._view and agent_id not in self._patient:
                del self._workers[agent_id]
                worker.cancel()
        for agent_id in sorted(self._wanted & self._view):
            self._start(agent_id)

    def forget(self, agent_id: int) -> None:
        """The agent is gone: stop following it."""
        self._wanted.discard(agent_id)
        self._patient.discard(agent_id)
        self.indexing.pop(agent_id, None)
        if worker := self._workers.pop(agent_id, None):
            worker.cancel()

    def offline_changed(self, offline: bool) -> None:
        """Offline: polling pauses. Back online: it resumes for those still indexing."""
        if offline:
            workers, self._workers = self._workers, {}
            for worker in workers.values():
                worker.cancel()
            return
        for agent_id in sorted(self._wanted):
            self._start(agent_id)

    async def _follow(self, agent_id: int, *, patient: bool) -> None:
        """Each progress of the agent until it is done (with why, if it failed).

        A listed agent with nothing queued that is not active was switched off (or has no
        content): it is not indexing, and is not polled. Only one made here (`patient`)
        is followed through a moment with nothing queued yet."""
        workshop = self._app().data.workshop
        last: IndexProgress | None = None
        try:
            async for progress in workshop.watch(agent_id):
                last = progress
                if not patient and not progress.done and progress.queued == 0:
                    self._seen(agent_id, Indexing(progress, held=True))
                    break
                if progress.done and not progress.active:
                    break  # shown once, with why (never a failure line without its reason)
                self._seen(agent_id, Indexing(progress))
            if last is not None and last.done and not last.active:
                self._seen(agent_id, Indexing(last, await self._failure_reason(agent_id)))
        except NotFound:
            self._wanted.discard(agent_id)  # deleted elsewhere: the list finds out on reload
            return
        except CustomGPTError:
            return  # offline, or the server failed: followed again when back online
        finally:
            if self._workers.get(agent_id) is get_current_worker():
                del self._workers[agent_id]
        self._wanted.discard(agent_id)

    async def _failure_reason(self, agent_id: int) -> str | None:
        """Why indexing failed, in the server's words: the first failed page's reason."""
        pages = await self._app().data.workshop.all_pages(agent_id)
        return next((p.failure_reason for p in pages if p.failure_reason), None)

    def _seen(self, agent_id: int, indexing: Indexing) -> None:
        self.indexing[agent_id] = indexing
        self._on_change(agent_id, indexing)
