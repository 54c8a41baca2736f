"""Every stand-in response of the client's operations validates against the vendor's schemas.

The description lives in ../shared (beside the repository), which a user's clone lacks: then
these tests skip and say so. The checks are stricter than the description in one way: every
property a response schema lists is required, so a field the stand-in forgets fails here.

Description bugs interpreted here (customgpt-api-notes.md wins where it speaks):
- enums written as a nested list (`[["neutral", "disliked", "liked"]]` for the reaction,
  `[["image", "color"]]` for chatbot_background_type) are flattened;
- `nullable` (OpenAPI 3.0) becomes a JSON-schema null alternative;
- Conversation.project_id and created_by are typed string with integer examples; the notes
  say ids are ints: integer is accepted. created_by is null for anonymous visitors, and
  Conversation.deleted_at is null while a conversation lives, though neither is nullable;
- pagination `from`/`to`/`next_page_url`/`prev_page_url` are typed plain integer/string but
  are null at the ends and on an empty page (the notes, and Laravel);
- PromptHistory.response_feedback is null until someone reacts and metadata.external_id is
  null when none was sent (neither is nullable in the description);
- error `code` enums list 400, 401, 403, 404, 500, 503 only, while the same responses show
  429 and 501 in their examples: 422, 429 and 501 are accepted too;
- error messages are enums with placeholders (`Agent with id {projectId} not found`): the
  placeholder matches any text;
- the conversation and message routes reuse ProjectNotFoundErrorResponse for every 404, whose
  message enum knows only agents: an unknown conversation is checked without that enum;
- `GET /preview/{id}` documents no success response at all (it returns file bytes), and
  streamed replies are not described: neither is checked here;
- date fields say `format: date-time` with examples in other forms; formats are not checked
  (test_records.py checks the stand-in's own date form).
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import httpx
import jsonschema
import pytest

from .conftest import ACME, LUMEN, NORTHWIND

SPEC_PATH = Path(__file__).resolve().parents[2] / ".." / "shared" / "customgpt-openapi.json"
PAGE_NULLABLE = ("from", "to", "next_page_url", "prev_page_url")
EXTRA_ERROR_CODES = (422, 429, 501)

P = "/api/v1/projects"
A = f"{P}/{{projectId}}"
C = f"{A}/conversations"
S = f"{C}/{{sessionId}}"
M = f"{S}/messages"


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    if not SPEC_PATH.exists():
        pytest.skip(
            f"the vendor's API description is not here ({SPEC_PATH}); it lives in ../shared"
        )
    raw = json.loads(SPEC_PATH.read_text(encoding="utf-8"))
    _patch_components(raw["components"]["schemas"])
    return raw


def _patch_components(schemas: dict[str, Any]) -> None:
    conversation = schemas["Conversation"]["properties"]
    conversation["project_id"]["type"] = ["integer", "string"]
    conversation["created_by"]["type"] = ["integer", "string", "null"]
    conversation["deleted_at"]["nullable"] = True
    prompt = schemas["PromptHistory"]["properties"]
    prompt["response_feedback"]["nullable"] = True
    prompt["metadata"]["properties"]["external_id"]["nullable"] = True


def _template_pattern(value: str) -> str:
    """'Agent with id {projectId} not found' -> ^Agent with id .+ not found$"""
    parts = re.split(r"\{[^}]*\}", value)
    return "^" + ".+".join(re.escape(part) for part in parts) + "$"


def resolve(spec: dict[str, Any], node: Any) -> Any:
    """Inline $refs and translate the description into strict JSON schema."""
    if isinstance(node, list):
        return [resolve(spec, item) for item in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        target: Any = spec
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        return resolve(spec, target)
    out = {key: resolve(spec, value) for key, value in node.items() if key != "example"}
    enum = out.get("enum")
    if enum and all(isinstance(value, list) for value in enum):
        out["enum"] = enum = [value for values in enum for value in values]
    if enum and all(isinstance(value, int) for value in enum) and 404 in enum:
        out["enum"] = [*enum, *EXTRA_ERROR_CODES]
    if enum and any(isinstance(value, str) and "{" in value for value in enum):
        out["anyOf"] = [{"pattern": _template_pattern(value)} for value in out.pop("enum")]
    properties = out.get("properties")
    if isinstance(properties, dict):
        out["required"] = list(properties)  # the stand-in sends every field listed
        if "current_page" in properties:
            for name in PAGE_NULLABLE:
                properties[name] = {"anyOf": [properties[name], {"type": "null"}]}
    if out.pop("nullable", False):
        out = {"anyOf": [out, {"type": "null"}]}
    return out


class Checker:
    def __init__(self, spec: dict[str, Any]) -> None:
        self.spec = spec
        self.checked: set[tuple[str, str, int]] = set()

    def __call__(
        self, method: str, path: str, response: httpx.Response, *, any_message: bool = False
    ) -> dict[str, Any]:
        operation = self.spec["paths"][path][method]
        documented = operation["responses"]
        assert str(response.status_code) in documented, (method, path, response.status_code)
        schema = resolve(self.spec, copy.deepcopy(documented[str(response.status_code)]))
        schema = schema["content"]["application/json"]["schema"]
        if any_message:
            schema["properties"]["data"]["properties"]["message"] = {"type": "string"}
        body = response.json()
        jsonschema.validate(body, schema)
        self.checked.add((method, path, response.status_code))
        return body


@pytest.fixture
def check(spec: dict[str, Any]) -> Checker:
    return Checker(spec)


def test_every_success_response_matches_its_schema(demo_server, check: Checker) -> None:
    headers = {"Authorization": f"Bearer {demo_server.api_key}"}
    with httpx.Client(base_url=demo_server.base_url, headers=headers) as http:
        check("get", P, http.get(P))
        check("get", P, http.get(P, params={"page": 2}))  # empty: from/to null
        check("get", P, http.get(P, params={"name": "lumen", "order": "asc", "duration": 90}))
        for agent in (NORTHWIND, LUMEN, ACME):
            check("get", A, http.get(f"{P}/{agent}"))
            check("get", f"{A}/settings", http.get(f"{P}/{agent}/settings"))
            check("get", f"{A}/stats", http.get(f"{P}/{agent}/stats"))
            for page in (1, 2, 3):
                listing = check("get", C, http.get(f"{P}/{agent}/conversations?page={page}"))
                for conversation in listing["data"]["data"]:
                    session = conversation["session_id"]
                    check("get", M, http.get(f"{P}/{agent}/conversations/{session}/messages"))
            for citation in sorted(demo_server.state.agents[agent].library.by_citation):
                check(
                    "get",
                    f"{A}/citations/{{citationId}}",
                    http.get(f"{P}/{agent}/citations/{citation}"),
                )
        for user_filter in ("me", "team_member", "anonymous"):
            params = {"userFilter": user_filter, "name": "a"}
            check("get", C, http.get(f"{P}/{NORTHWIND}/conversations", params=params))

        created = http.post(f"{P}/{NORTHWIND}/conversations", json={"name": "Spec"})
        assert created.status_code == 201
        session = check("post", C, created)["data"]["session_id"]
        conversation = f"{P}/{NORTHWIND}/conversations/{session}"
        check("put", S, http.put(conversation, json={"name": "Spec, renamed"}))
        check("get", M, http.get(f"{conversation}/messages"))  # empty conversation
        sent = http.post(
            f"{conversation}/messages",
            params={"external_id": "spec-1"},
            json={"prompt": "What plans do you offer?"},
        )
        message_id = check("post", M, sent)["data"]["id"]
        check("post", M, http.post(f"{conversation}/messages", json={"prompt": "zzz"}))
        check("get", M, http.get(f"{conversation}/messages"))
        check("get", f"{M}/{{promptId}}", http.get(f"{conversation}/messages/{message_id}"))
        for reaction in ("liked", "disliked", "neutral"):
            feedback = http.put(
                f"{conversation}/messages/{message_id}/feedback", json={"reaction": reaction}
            )
            body = check("put", f"{M}/{{promptId}}/feedback", feedback)
            assert body["data"]["response_feedback"]["reaction"] == reaction
        check("get", "/api/v1/user", http.get("/api/v1/user"))
        check("get", "/api/v1/limits/usage", http.get("/api/v1/limits/usage"))
        completion = http.post(
            f"{P}/{NORTHWIND}/chat/completions",
            json={"messages": [{"role": "user", "content": "What plans do you offer?"}]},
        )
        check("post", f"{A}/chat/completions", completion)
        check("delete", S, http.delete(conversation))
    assert len({(method, path) for method, path, _ in check.checked}) == 16  # all but preview


def test_error_responses_match_their_schemas(demo_server, check: Checker) -> None:
    headers = {"Authorization": f"Bearer {demo_server.api_key}"}
    with httpx.Client(base_url=demo_server.base_url, headers=headers) as http:
        session = http.post(f"{P}/{NORTHWIND}/conversations").json()["data"]["session_id"]
        conversation = f"{P}/{NORTHWIND}/conversations/{session}"
        for path, url in (
            (P, P),
            (A, f"{P}/{NORTHWIND}"),
            (M, f"{conversation}/messages"),
            ("/api/v1/user", "/api/v1/user"),
            ("/api/v1/limits/usage", "/api/v1/limits/usage"),
        ):
            unauthorized = httpx.get(f"{demo_server.base_url}{url}")
            assert unauthorized.status_code == 401
            check("get", path, unauthorized)
        for path, url in (
            (A, f"{P}/4242"),
            (f"{A}/settings", f"{P}/4242/settings"),
            (f"{A}/stats", f"{P}/4242/stats"),
            (C, f"{P}/4242/conversations"),
        ):
            assert check("get", path, http.get(url))["data"]["code"] == 404
        check("get", A, http.get(f"{P}/abc"))  # 400
        check("get", f"{A}/citations/{{citationId}}", http.get(f"{P}/{NORTHWIND}/citations/1"))
        check("get", f"{M}/{{promptId}}", http.get(f"{conversation}/messages/999999"))
        check("post", C, http.post(f"{P}/4242/conversations"))
        check("post", f"{A}/chat/completions", http.post(f"{P}/{NORTHWIND}/chat/completions"))
        check("post", M, http.post(f"{conversation}/messages", json={}))  # 400
        missing = http.get(f"{P}/{NORTHWIND}/conversations/nope/messages")
        check("get", M, missing, any_message=True)
        demo_server.faults.fail_next(status=429, message="You have exhausted your credits")
        check("post", M, http.post(f"{conversation}/messages", json={"prompt": "hi"}))
        demo_server.faults.fail_next(status=500, message="Internal Server Error")
        check("get", "/api/v1/user", http.get("/api/v1/user"))
        demo_server.faults.fail_next(status=501, message="audio is not yet supported.")
        check("post", f"{A}/chat/completions", http.post(f"{P}/{NORTHWIND}/chat/completions"))
    statuses = {status for _, _, status in check.checked}
    assert statuses == {400, 401, 404, 429, 500, 501}


def test_the_schemas_would_catch_a_missing_field(spec: dict[str, Any]) -> None:
    """The strictness is real: a record without one of its listed fields fails."""
    schema = resolve(spec, copy.deepcopy(spec["components"]["schemas"]["Limits"]))
    limits = dict.fromkeys(schema["properties"], 1)
    jsonschema.validate(limits, schema)
    del limits["current_queries"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(limits, schema)
