"""The OpenAI-compatible endpoint: `POST /api/v1/projects/{id}/chat/completions`.

It answers the last user message with the same retrieval as the chat, as a bare
`chat.completion` object (no envelope, a string id, zero usage) or, streamed, as
`data: {chat.completion.chunk}` lines ending with `data: [DONE]`. Errors use the envelope.
Each answer is kept as a message of a new conversation, request source "api-openai".
`is_inline_citation: true` puts `[n]` markers in the answer, n counting the kept message's
`citations` (the agent's `enable_inline_citations_api` setting decides when it is left out).
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from cgpt_tui.demo.context import agent_of, context, json_body, open_stream, truthy
from cgpt_tui.demo.envelopes import ApiFailure
from cgpt_tui.demo.retrieval import Answer, tokenize
from cgpt_tui.demo.routes_agents import PROJECT
from cgpt_tui.demo.sse import EventStream, frame
from cgpt_tui.demo.state import AgentData

ROLES = ("system", "user", "assistant")
USAGE = {
    "prompt_tokens": 0,
    "completion_tokens": 0,
    "total_tokens": 0,
    "completion_tokens_details": {
        "reasoning_tokens": 0,
        "accepted_prediction_tokens": 0,
        "rejected_prediction_tokens": 0,
    },
}
CONVERSATION_NAME = 60  # characters of the question that name its conversation
MALFORMED_CHUNK = b'data: {"id": "chatcmpl-broken", "choices": [\n\n'


def _question(body: dict[str, Any]) -> str:
    messages = body.get("messages")
    if not isinstance(messages, list) or not messages:
        raise ApiFailure(400, "The messages field is required.")
    for message in messages:
        if not isinstance(message, dict) or message.get("role") not in ROLES:
            raise ApiFailure(400, f"Each message needs a role: {', '.join(ROLES)}.")
        if not isinstance(message.get("content"), str):
            raise ApiFailure(400, "Each message needs a string content.")
    for message in reversed(messages):
        if message["role"] == "user" and message["content"].strip():
            return message["content"]
    raise ApiFailure(400, "The messages must include a user message.")


def _inline(body: dict[str, Any]) -> bool | None:
    """`is_inline_citation` when the request has it (default false in the description),
    else None: as the agent's `enable_inline_citations_api` setting says (unverified)."""
    if "is_inline_citation" not in body or body["is_inline_citation"] is None:
        return None
    return truthy(body["is_inline_citation"])


def _record(
    request: Request, agent: AgentData, question: str, answer: Answer, body: dict[str, Any]
) -> dict[str, Any]:
    """The answer kept as a message (request source "api-openai") of a conversation of its
    own, named after the question and started by the key's user (unverified: the notes do
    not say where the service files these), so the reports and the conversations agree."""
    state = context(request).state
    name = " ".join(question.split())[:CONVERSATION_NAME]
    external_id = body.get("external_id")
    with state.lock:
        conversation = state.add_conversation(agent, name, created_by=state.user_id)
        return state.add_message(
            agent,
            conversation,
            question,
            answer,
            external_id=external_id if isinstance(external_id, str) else None,
            user_agent=request.headers.get("user-agent", ""),
            user_ip=request.client.host if request.client else "127.0.0.1",
            request_source="api-openai",
        )


async def chat_completions(request: Request) -> JSONResponse | EventStream:
    demo = context(request)
    agent = agent_of(request)
    body = await json_body(request)
    question = _question(body)
    answer = demo.state.answer(agent, question, inline=_inline(body)).with_text_inserted(
        demo.faults.take_injection()
    )
    message = _record(request, agent, question, answer, body)
    completion_id = f"chatcmpl-{message['id']}"
    created = int(demo.state.clock().timestamp())
    model = agent.settings.get("chatbot_model")
    if not truthy(body.get("stream")):
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
                        "logprobs": None,
                        "finish_reason": "stop",
                    }
                ],
                "usage": USAGE,
            }
        )

    def chunk(delta: dict[str, Any], finish: str | None = None) -> bytes:
        choice = {"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}
        return frame(
            None,
            {
                "id": completion_id,
                "object": "chat.completion.chunk",
                "created": created,
                "model": model,
                "choices": [choice],
            },
        )

    events = [
        chunk({"role": "assistant", "content": ""}),
        *(chunk({"content": piece}) for piece in tokenize(answer.text)),
        chunk({}, "stop"),
        frame(None, "[DONE]"),
    ]
    return open_stream(
        request,
        events,
        kind="completion",
        error=lambda text: frame(None, {"error": {"message": text, "type": "server_error"}}),
        malformed=MALFORMED_CHUNK,
        unpaced=1,  # the chunk that names the role
    )


ROUTES = [Route(f"{PROJECT}/chat/completions", chat_completions, methods=["POST"])]
