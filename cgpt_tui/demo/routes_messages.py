"""Routes for messages (plain and streamed), reactions, citations and file previews."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from cgpt_tui.demo.context import DemoContext, agent_of, context, int_param, json_body
from cgpt_tui.demo.envelopes import ApiFailure, paginate, success
from cgpt_tui.demo.retrieval import Answer, Document, tokenize
from cgpt_tui.demo.routes_agents import PROJECT, conversation_of
from cgpt_tui.demo.sse import StreamRecord, frame, paced
from cgpt_tui.demo.state import AgentData

MESSAGES_PER_PAGE = 20
REACTIONS = ("liked", "disliked", "neutral")
SSE_HEADERS = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}


def truthy(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes", "on")
    return bool(value)


async def list_messages(request: Request) -> JSONResponse:
    conversation = conversation_of(request)
    agent = agent_of(request)
    order = request.query_params.get("order", "desc").lower()
    if order not in ("asc", "desc"):
        raise ApiFailure(400, "The order must be asc or desc.")
    with context(request).state.lock:
        rows = list(agent.messages[conversation["session_id"]])
    rows.sort(key=lambda row: row["id"], reverse=order == "desc")
    messages = paginate(request, rows, MESSAGES_PER_PAGE)
    return success({"conversation": conversation, "messages": messages})


def _inject(answer: Answer, text: str | None) -> Answer:
    if not text:
        return answer
    middle = len(answer.text) // 2
    return Answer(answer.text[:middle] + text + answer.text[middle:], answer.citation_ids)


async def send_message(request: Request) -> Response:
    demo = context(request)
    agent = agent_of(request)
    conversation = conversation_of(request)
    body = await json_body(request)
    prompt = body.get("prompt")
    if not isinstance(prompt, str) or not prompt.strip():
        raise ApiFailure(400, "The prompt field is required.")
    external_id = request.query_params.get("external_id")
    if external_id is not None and len(external_id) > 128:
        raise ApiFailure(422, "The external_id may not be greater than 128 characters.")
    stream = truthy(request.query_params.get("stream", False)) or truthy(body.get("stream"))
    plan = demo.faults.take_stream_plan() if stream else None
    answer = agent.library.answer(prompt, agent.settings["no_answer_message"])
    answer = _inject(answer, plan.inject if plan else None)
    message = demo.state.add_message(
        agent,
        conversation,
        prompt,
        answer,
        external_id=external_id,
        user_agent=request.headers.get("user-agent", ""),
        request_source="api",
    )
    if not stream or plan is None:
        return success(message)
    return _stream(request, demo, conversation, message, answer, plan)


def _stream(
    request: Request,
    demo: DemoContext,
    conversation: dict[str, Any],
    message: dict[str, Any],
    answer: Answer,
    plan: Any,
) -> StreamingResponse:
    events = [
        frame("start", {"status": "start", "prompt": message["user_query"]}),
        frame("progress", {"status": "progress", "message": ""}),
    ]
    events += [
        frame("progress", {"status": "progress", "message": piece})
        for piece in tokenize(answer.text)
    ]
    events.append(
        frame(
            "finish",
            {
                "status": "finish",
                "id": message["id"],
                "created_at": message["created_at"],
                "session_id": conversation["session_id"],
                "citations": list(answer.citation_ids),
            },
        )
    )
    record = StreamRecord(path=request.url.path)
    demo.stream_log.append(record)
    error_frame = frame("error", {"status": "error", "message": plan.error_message})
    body = paced(events, plan, demo.pace(), record, error_frame=error_frame)
    return StreamingResponse(body, media_type="text/event-stream", headers=SSE_HEADERS)


def message_of(request: Request) -> tuple[AgentData, dict[str, Any]]:
    conversation = conversation_of(request)
    agent = agent_of(request)
    message_id = int_param(request, "message_id", "message")
    for row in agent.messages[conversation["session_id"]]:
        if row["id"] == message_id:
            return agent, row
    raise ApiFailure(404, f"Message with id {message_id} not found")


async def get_message(request: Request) -> JSONResponse:
    return success(message_of(request)[1])


async def set_feedback(request: Request) -> JSONResponse:
    _, message = message_of(request)
    reaction = (await json_body(request)).get("reaction")
    if reaction not in REACTIONS:
        raise ApiFailure(422, "The selected reaction is invalid.")
    context(request).state.set_reaction(message, reaction)
    return success(message)


def citation_record(request: Request, document: Document) -> dict[str, Any]:
    url = document.url
    if document.file_id is not None:
        url = str(request.url_for("preview", file_id=document.file_id))
    return {
        "id": document.citation_id,
        "url": url,
        "title": document.title,
        "description": document.description,
        "image": document.image,
    }


async def get_citation(request: Request) -> JSONResponse:
    agent = agent_of(request)
    citation_id = int_param(request, "citation_id", "citation")
    document = agent.documents_by_citation().get(citation_id)
    if document is None:
        raise ApiFailure(404, f"Page with id {citation_id} not found")
    return success(citation_record(request, document))


async def preview(request: Request) -> Response:
    file_id = int_param(request, "file_id", "file")
    document = context(request).state.file(file_id)
    if document is None:
        raise ApiFailure(404, f"File with id {file_id} not found")
    filename = document.filename or f"source-{file_id}.md"
    return Response(
        document.text.encode(),
        media_type="text/markdown; charset=utf-8",
        headers={"Content-Disposition": f'inline; filename="{filename}"'},
    )


MESSAGES = f"{PROJECT}/conversations/{{session_id}}/messages"
ROUTES = [
    Route(MESSAGES, list_messages, methods=["GET"]),
    Route(MESSAGES, send_message, methods=["POST"]),
    Route(f"{MESSAGES}/{{message_id}}", get_message, methods=["GET"]),
    Route(f"{MESSAGES}/{{message_id}}/feedback", set_feedback, methods=["PUT"]),
    Route(f"{PROJECT}/citations/{{citation_id}}", get_citation, methods=["GET"]),
    Route("/api/v1/preview/{file_id}", preview, methods=["GET"], name="preview"),
]
