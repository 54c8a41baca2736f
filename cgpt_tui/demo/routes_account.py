"""Routes for the account: the key's user (read and update) and the team's usage limits."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from cgpt_tui.demo.bodies import UploadedImage, read_body, required_text
from cgpt_tui.demo.context import context
from cgpt_tui.demo.envelopes import ApiFailure, success

MAX_NAME = 255
PHOTO_BASE = "https://cdn.customgpt.ai/profile-photos"


async def get_user(request: Request) -> JSONResponse:
    return success(context(request).state.user)


async def update_user(request: Request) -> JSONResponse:
    """`name` and/or `profile_photo` (multipart, or `name` in JSON); 422 when refused.

    The photo is checked, not kept: `profile_photo_url` becomes a stand-in CDN URL naming
    its hash, so a new photo gives a new URL.
    """
    body = await read_body(request)
    state = context(request).state
    changes = {}
    if "name" in body:
        changes["name"] = required_text(body, "name", MAX_NAME, status=422)
    photo = body.get("profile_photo")
    if photo is not None:
        kind = photo.kind if isinstance(photo, UploadedImage) else None
        if not isinstance(photo, UploadedImage) or kind is None:
            raise ApiFailure(422, "The profile photo must be an image.")
        changes["profile_photo_url"] = f"{PHOTO_BASE}/{state.user_id}-{photo.digest[:12]}.{kind}"
    with state.lock:
        state.user.update(changes, updated_at=state.now())
        return success(dict(state.user))


async def get_limits(request: Request) -> JSONResponse:
    return success(context(request).state.usage())


ROUTES = [
    Route("/api/v1/user", get_user, methods=["GET"]),
    Route("/api/v1/user", update_user, methods=["POST"]),
    Route("/api/v1/limits/usage", get_limits, methods=["GET"]),
]
