"""Routes for messages (plain and streamed), reactions, citations and file previews."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from cgpt_tui.demo.context import (
    agent_of,
    context,
    conversation_of,
    int_param,
    json_body,
    message_of,
    open_stream,
    query_choice,
    truthy,
)
from cgpt_tui.demo.envelopes import ApiFailure, paginate, success
from cgpt_tui.demo.retrieval import tokenize
from cgpt_tui.demo.routes_agents import CONVERSATION, PROJECT
from cgpt_tui.demo.sse import EventStream, frame

MESSAGES_PER_PAGE = 20
REACTIONS = ("liked", "disliked", "neutral")
RESPONSE_SOURCES = ("default", "own_content", "openai_content")
MAX_EXTERNAL_ID = 128
MALFORMED_PROGRESS = b'event: progress\ndata: {"status": "progress", "message": \n\n'


async def list_messages(request: Request) -> JSONResponse:
    agent, conversation = conversation_of(request)
    order = query_choice(request, "order", ("asc", "desc"), "desc")
    with context(request).state.lock:
        rows = list(agent.messages[conversation["session_id"]])
    rows.sort(key=lambda row: row["id"], reverse=order == "desc")
    messages = paginate(request, rows, MESSAGES_PER_PAGE)
    return success({"conversation": conversation, "messages": messages})


def _check_send_options(request: Request, body: dict[str, Any]) -> None:
    external_id = request.query_params.get("external_id")
    if external_id is not None and len(external_id) > MAX_EXTERNAL_ID:
        raise ApiFailure(400, f"The external id may not be greater than {MAX_EXTERNAL_ID}.")
    source = body.get("response_source")
    if source is not None and source not in RESPONSE_SOURCES:
        raise ApiFailure(400, f"The response source must be one of: {', '.join(RESPONSE_SOURCES)}.")
    persona = body.get("custom_persona")
    if persona is not None and not isinstance(persona, str):
        raise ApiFailure(400, "The custom persona must be a string.")


async def send_message(request: Request) -> Response | EventStream:
    """Answer a prompt; streamed when the query or the JSON body has a truthy `stream`."""
    demo = context(request)
    agent, conversation = conversation_of(request)
    body = await json_body(request)
    prompt = body.get("prompt")
    if not isinstance(prompt, str) or not prompt.strip():
        raise ApiFailure(400, "The prompt field is required.")
    _check_send_options(request, body)
    stream = truthy(request.query_params.get("stream", "")) or truthy(body.get("stream"))
    answer = demo.state.answer(agent, prompt).with_text_inserted(demo.faults.take_injection())
    message = demo.state.add_message(
        agent,
        conversation,
        prompt,
        answer,
        external_id=request.query_params.get("external_id"),
        user_agent=request.headers.get("user-agent", ""),
        user_ip=request.client.host if request.client else "127.0.0.1",
        request_source="api",
    )
    if not stream:
        return success(message)
    events = [
        frame("start", {"status": "start", "prompt": prompt}),
        frame("progress", {"status": "progress", "message": ""}),
        *(frame("progress", {"status": "progress", "message": p}) for p in tokenize(answer.text)),
        frame(
            "finish",
            {
                "status": "finish",
                "id": message["id"],
                "created_at": message["created_at"],
                "session_id": conversation["session_id"],
                "citations": list(answer.citation_ids),
            },
        ),
    ]
    return open_stream(
        request,
        events,
        kind="message",
        error=lambda text: frame("error", {"status": "error", "message": text}),
        malformed=MALFORMED_PROGRESS,
        unpaced=2,  # start, and the first (empty) progress
    )


async def get_message(request: Request) -> JSONResponse:
    return success(message_of(request)[2])


async def set_feedback(request: Request) -> JSONResponse:
    _, _, message = message_of(request)
    reaction = (await json_body(request)).get("reaction")
    if reaction not in REACTIONS:
        raise ApiFailure(422, "The selected reaction is invalid.")
    context(request).state.set_reaction(message, reaction)
    return success(message)


async def get_citation(request: Request) -> JSONResponse:
    """A cited source's Open Graph data; an uploaded file's `url` is its preview."""
    agent = agent_of(request)
    citation_id = int_param(request, "citation_id", "Citation")
    document = agent.library.by_citation.get(citation_id)
    if document is None:
        raise ApiFailure(404, f"Page with id {citation_id} not found")
    url = document.url
    if document.file_id is not None:
        url = str(request.url_for("preview", file_id=str(document.file_id)))
    return success(
        {
            "id": document.citation_id,
            "url": url,
            "title": document.title,
            "description": document.description,
            "image": document.image,
        }
    )


async def preview(request: Request) -> Response:
    """The stored bytes of an uploaded source file, with its type and file name."""
    file_id = int_param(request, "file_id", "File")
    document = context(request).state.file(file_id)
    if document is None:
        raise ApiFailure(404, f"Page with id {file_id} not found")
    return Response(
        document.text.encode(),
        media_type=document.content_type,
        headers={"Content-Disposition": f'inline; filename="{document.filename}"'},
    )


MESSAGES = f"{CONVERSATION}/messages"
ROUTES = [
    Route(MESSAGES, list_messages, methods=["GET"]),
    Route(MESSAGES, send_message, methods=["POST"]),
    Route(f"{MESSAGES}/{{message_id}}", get_message, methods=["GET"]),
    Route(f"{MESSAGES}/{{message_id}}/feedback", set_feedback, methods=["PUT"]),
    Route(f"{PROJECT}/citations/{{citation_id}}", get_citation, methods=["GET"]),
    Route("/api/v1/preview/{file_id}", preview, methods=["GET"], name="preview"),
]
