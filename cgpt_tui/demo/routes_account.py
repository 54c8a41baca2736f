"""Routes for the account (user, usage limits), the OpenAI-compatible endpoint, and faults."""

from __future__ import annotations

import time
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from cgpt_tui.demo.context import agent_of, context, json_body
from cgpt_tui.demo.envelopes import ApiFailure, success
from cgpt_tui.demo.retrieval import tokenize
from cgpt_tui.demo.routes_agents import PROJECT
from cgpt_tui.demo.sse import StreamRecord, frame, paced


async def get_user(request: Request) -> JSONResponse:
    return success(context(request).state.user)


async def get_limits(request: Request) -> JSONResponse:
    return success(context(request).state.limits)


def _question(body: dict[str, Any]) -> str:
    messages = body.get("messages")
    if not isinstance(messages, list) or not messages:
        raise ApiFailure(400, "The messages field is required.")
    for message in reversed(messages):
        if isinstance(message, dict) and message.get("role") == "user":
            content = message.get("content")
            if isinstance(content, str) and content.strip():
                return content
    raise ApiFailure(400, "The messages must include a user message.")


async def chat_completions(request: Request) -> Response:
    demo = context(request)
    agent = agent_of(request)
    body = await json_body(request)
    answer = agent.library.answer(_question(body), agent.settings["no_answer_message"])
    with demo.state.lock:
        demo.state.limits["current_queries"] = demo.state.limits.get("current_queries", 0) + 1
        agent.queries += 1
        completion_id = f"chatcmpl-{agent.row['id']}-{agent.queries}"
    created = int(time.time())
    model = agent.settings.get("chatbot_model") or "gpt-4-o"
    if not body.get("stream"):
        return JSONResponse(
            {
                "id": completion_id,
                "object": "chat.completion",
                "created": created,
                "model": model,
                "choices": [
                    {
                        "index": 0,
                        "message": {"role": "assistant", "content": answer.text},
                        "finish_reason": "stop",
                    }
                ],
                "usage": {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0},
            }
        )

    def chunk(delta: dict[str, Any], finish: str | None = None) -> bytes:
        return frame(
            None,
            {
                "id": completion_id,
                "object": "chat.completion.chunk",
                "created": created,
                "model": model,
                "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
            },
        )

    events = [chunk({"role": "assistant", "content": ""})]
    events += [chunk({"content": piece}) for piece in tokenize(answer.text)]
    events += [chunk({}, "stop"), frame(None, "[DONE]")]
    plan = demo.faults.take_stream_plan()
    record = StreamRecord(path=request.url.path)
    demo.stream_log.append(record)
    error = frame(None, {"status": "error", "message": plan.error_message})
    stream = paced(events, plan, demo.pace(), record, error_frame=error)
    return StreamingResponse(
        stream, media_type="text/event-stream", headers={"Cache-Control": "no-cache"}
    )


async def set_faults(request: Request) -> JSONResponse:
    try:
        context(request).faults.apply(await json_body(request))
    except (TypeError, ValueError) as problem:
        raise ApiFailure(422, str(problem)) from None
    return success({"ok": True})


async def clear_faults(request: Request) -> JSONResponse:
    context(request).faults.clear()
    return success({"ok": True})


ROUTES = [
    Route("/api/v1/user", get_user, methods=["GET"]),
    Route("/api/v1/limits/usage", get_limits, methods=["GET"]),
    Route(f"{PROJECT}/chat/completions", chat_completions, methods=["POST"]),
    Route("/__demo__/faults", set_faults, methods=["POST"]),
    Route("/__demo__/faults", clear_faults, methods=["DELETE"]),
]
