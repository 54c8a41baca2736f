"""The stand-in server in a child process, seeded for one benchmark.

Benchmarks run the server in its own process: in the app's process it would share the GIL
with the app, and at unlimited pace it would take half the time the app is being measured in.

    with StandIn(history=50, answers=[20_000]) as server:
        server.base_url, server.api_key, server.agent_id, server.session_id
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from types import TracebackType

API_KEY = "bench-key"
AGENT_ID = 103  # the seeded help-center agent
HISTORY_ANSWER_TOKENS = 400  # each earlier answer: a few paragraphs, a list, code, a table


@dataclass
class Spec:
    history: int = 0  # earlier answers in the benchmark's conversation
    answers: tuple[int, ...] = ()  # lengths (tokens) of the next answers, in order
    agents: int = 0  # bulk agents added to the seeded ones
    conversations: int = 0  # bulk conversations added to AGENT_ID
    pace: float = 0.0  # tokens a second; 0 streams as fast as possible


class StandIn:
    def __init__(self, **spec: object) -> None:
        self.spec = Spec(**spec)  # type: ignore[arg-type]
        self.api_key = API_KEY
        self.agent_id = AGENT_ID
        self._process: subprocess.Popen[str] | None = None
        self.base_url = ""
        self.session_id = ""

    def __enter__(self) -> StandIn:
        self._process = subprocess.Popen(
            [sys.executable, "-m", "tests.bench.standin", json.dumps(self.spec.__dict__)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self._process.stdout is not None
        ready = json.loads(self._process.stdout.readline())
        self.base_url, self.session_id = ready["base_url"], ready["session_id"]
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._process is not None:
            assert self._process.stdin is not None
            self._process.stdin.close()  # the child stops when its stdin ends
            self._process.wait(10)


def _serve(spec: Spec) -> None:
    from cgpt_tui.demo.server import DemoServer
    from tests.bench.corpus import markdown_answer

    with DemoServer(port=0, api_key=API_KEY, pace=spec.pace, log_level="critical") as server:
        state = server.state
        agent = state.agents[AGENT_ID]
        conversation = state.add_conversation(agent, "Benchmark conversation", created_by=1)
        if spec.history:
            state.add_bulk_messages(
                AGENT_ID,
                conversation["session_id"],
                spec.history,
                answer=markdown_answer(HISTORY_ANSWER_TOKENS),
            )
        for tokens in spec.answers:
            state.script_answer(markdown_answer(tokens))
        if spec.agents:
            state.add_bulk_agents(spec.agents)
        if spec.conversations:
            state.add_bulk_conversations(AGENT_ID, spec.conversations)
        ready = {"base_url": server.base_url, "session_id": conversation["session_id"]}
        print(json.dumps(ready), flush=True)
        sys.stdin.read()


if __name__ == "__main__":
    _serve(Spec(**json.loads(sys.argv[1])))
