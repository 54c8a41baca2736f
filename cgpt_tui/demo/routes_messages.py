"""Routes for messages (plain and streamed), reactions, citations and file previews."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Route

from cgpt_tui.demo.context import (
    AskRecord,
    absolute,
    agent_of,
    context,
    conversation_of,
    int_param,
    json_body,
    message_of,
    no_cache,
    open_stream,
    query_choice,
    truthy,
)
from cgpt_tui.demo.envelopes import ApiFailure, paginate, success
from cgpt_tui.demo.pages import UPLOADED, Page
from cgpt_tui.demo.retrieval import tokenize
from cgpt_tui.demo.routes_agents import CONVERSATION, PROJECT
from cgpt_tui.demo.sse import EventStream, frame
from cgpt_tui.demo.state import DemoState

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
    persona = body.get("custom_persona")
    # No answer cache here to bypass: each answer is retrieved anew. What was asked is noted.
    demo.ask_log.append(AskRecord(conversation["session_id"], prompt, no_cache(request)))
    answer = demo.state.answer(agent, prompt, persona=persona).with_text_inserted(
        demo.faults.take_injection()
    )
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
    """A cited page's card: its metadata (as edited); an uploaded file's `url` its preview."""
    agent = agent_of(request)
    citation_id = int_param(request, "citation_id", "Citation")
    state = context(request).state
    with state.lock:
        page = state.content(agent).pages.get(citation_id)
        card = page.citation() if page is not None else None
    if card is None:
        raise ApiFailure(404, f"Page with id {citation_id} not found")
    card["url"] = absolute(request, card["url"])
    return success(card)


async def preview(request: Request) -> Response:
    """The stored bytes of an uploaded file, with its type and file name.

    Uploaded pages are found by page id and sent as attachments, streamed from disk; the
    seeded files (the Lumen manual) by their file id, as before.
    """
    file_id = int_param(request, "file_id", "File")
    state = context(request).state
    page = uploaded_page(state, file_id)
    if page is not None and page.file_path and Path(page.file_path).exists():
        return FileResponse(
            page.file_path,
            media_type=page.content_type or "application/octet-stream",
            headers={"Content-Disposition": attachment(page.row["filename"] or "file")},
        )
    document = state.file(file_id)
    if document is None:
        raise ApiFailure(404, f"Page with id {file_id} not found")
    return Response(
        document.file_bytes(),
        media_type=document.content_type,
        headers={"Content-Disposition": f'inline; filename="{document.filename}"'},
    )


def attachment(filename: str) -> str:
    """`attachment; filename="..."`; a name beyond ASCII also as RFC 5987 `filename*` (HTTP
    headers are Latin-1), quotes and control characters left out (no header injection)."""
    clean = "".join(c for c in filename if c.isprintable() and c not in '"\\')
    fallback = "".join(c if c.isascii() else "_" for c in clean)
    value = f'attachment; filename="{fallback}"'
    if fallback != clean:
        value += f"; filename*=UTF-8''{quote(clean, safe='')}"
    return value


def uploaded_page(state: DemoState, page_id: int) -> Page | None:
    """The uploaded page with this id, of any agent whose content is in use."""
    with state.lock:
        for agent in state.agents.values():
            if agent.content is not None and page_id in agent.content.pages:
                page = agent.content.pages[page_id]
                if page.origin == UPLOADED:
                    return page
    return None


MESSAGES = f"{CONVERSATION}/messages"
ROUTES = [
    Route(MESSAGES, list_messages, methods=["GET"]),
    Route(MESSAGES, send_message, methods=["POST"]),
    Route(f"{MESSAGES}/{{message_id}}", get_message, methods=["GET"]),
    Route(f"{MESSAGES}/{{message_id}}/feedback", set_feedback, methods=["PUT"]),
    Route(f"{PROJECT}/citations/{{citation_id}}", get_citation, methods=["GET"]),
    Route("/api/v1/preview/{file_id}", preview, methods=["GET"], name="preview"),
]
