"""Every stand-in response of the client's operations validates against the vendor's schemas.

The description lives in ../shared (next to the repository), which a user's clone lacks: then
these tests skip and say so. Description bugs tolerated here, each an interpretation:
- enums written as a nested list (`[["liked", "disliked", "neutral"]]`) are flattened;
- `nullable` (OpenAPI 3.0) becomes a JSON-schema null type;
- Conversation.project_id and created_by are typed string, but the notes say the stand-in
  sends int ids: integer is accepted too; created_by is null for anonymous visitors and
  deleted_at is null for live conversations;
- pagination's next_page_url / prev_page_url / from / to are null at the ends and on an
  empty page (the notes say so; the description types them as plain strings / integers);
- a message's response_feedback is null until someone reacts (the notes say so), and its
  metadata.external_id is null when the question was sent without one;
- error messages are enums with placeholders (`Agent with id {projectId} not found`): the
  placeholder matches any text;
- date fields carry `format: date-time` with examples in other formats: formats are not
  checked (the notes list the formats the client must read).
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

SPEC_PATH = Path(__file__).resolve().parents[3] / "shared" / "customgpt-openapi.json"
NORTHWIND = 103
ID_FIELDS = {"project_id", "created_by"}
NULLABLE_FIELDS = {
    "created_by",
    "deleted_at",
    "next_page_url",
    "prev_page_url",
    "from",
    "to",
    "response_feedback",
    "external_id",
}


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    if not SPEC_PATH.exists():
        pytest.skip(f"the API description is not here ({SPEC_PATH}); it lives in ../shared")
    return json.loads(SPEC_PATH.read_text(encoding="utf-8"))


def resolve(spec: dict[str, Any], node: Any) -> Any:
    """Inline $refs and translate OpenAPI 3.0 quirks into plain JSON schema."""
    if isinstance(node, list):
        return [resolve(spec, item) for item in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        target: Any = spec
        for part in node["$ref"].lstrip("#/").split("/"):
            target = target[part]
        return resolve(spec, target)
    out = {key: resolve(spec, value) for key, value in node.items() if key != "example"}
    if "enum" in out and out["enum"] and all(isinstance(v, list) for v in out["enum"]):
        out["enum"] = [value for values in out["enum"] for value in values]
    if "enum" in out and any(isinstance(v, str) and "{" in v for v in out["enum"]):
        out["anyOf"] = [{"pattern": _template_pattern(value)} for value in out.pop("enum")]
    if out.pop("nullable", False):
        out = {"anyOf": [out, {"type": "null"}]}
    out.pop("format", None)
    if isinstance(out.get("properties"), dict):
        for name, schema in out["properties"].items():
            if name in ID_FIELDS and schema.get("type") == "string":
                schema["type"] = ["string", "integer"]
            if name in NULLABLE_FIELDS and "type" in schema:
                types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
                schema["type"] = [*types, "null"]
    return out


def _template_pattern(value: str) -> str:
    """'Agent with id {projectId} not found' -> ^Agent with id .+ not found$"""
    parts = re.split(r"\{[^}]*\}", str(value))
    return "^" + ".+".join(re.escape(part) for part in parts) + "$"


def response_schema(spec: dict[str, Any], method: str, path: str, status: int) -> dict:
    operation = spec["paths"][path][method]
    response = resolve(spec, copy.deepcopy(operation["responses"][str(status)]))
    return response["content"]["application/json"]["schema"]


def check(spec: dict, method: str, path: str, response: httpx.Response) -> None:
    schema = response_schema(spec, method, path, response.status_code)
    jsonschema.validate(response.json(), schema)


def test_every_operation_matches_its_schema(demo_server, spec: dict[str, Any]) -> None:
    headers = {"Authorization": f"Bearer {demo_server.api_key}"}
    with httpx.Client(base_url=demo_server.base_url + "/api/v1", headers=headers) as http:
        p = "/api/v1/projects"
        a = f"{p}/{{projectId}}"
        c = f"{a}/conversations"
        m = f"{c}/{{sessionId}}/messages"
        check(spec, "get", p, http.get("/projects"))
        check(spec, "get", a, http.get(f"/projects/{NORTHWIND}"))
        check(spec, "get", f"{a}/settings", http.get(f"/projects/{NORTHWIND}/settings"))
        check(spec, "get", f"{a}/stats", http.get(f"/projects/{NORTHWIND}/stats"))
        check(spec, "get", c, http.get(f"/projects/{NORTHWIND}/conversations"))
        created = http.post(f"/projects/{NORTHWIND}/conversations", json={"name": "Spec"})
        assert created.status_code == 201
        check(spec, "post", c, created)
        session = created.json()["data"]["session_id"]
        renamed = http.put(f"/projects/{NORTHWIND}/conversations/{session}", json={"name": "S"})
        check(spec, "put", f"{c}/{{sessionId}}", renamed)
        sent = http.post(
            f"/projects/{NORTHWIND}/conversations/{session}/messages",
            json={"prompt": "What plans do you offer?"},
        )
        check(spec, "post", m, sent)
        message_id = sent.json()["data"]["id"]
        check(spec, "get", m, http.get(f"/projects/{NORTHWIND}/conversations/{session}/messages"))
        one = http.get(f"/projects/{NORTHWIND}/conversations/{session}/messages/{message_id}")
        check(spec, "get", f"{m}/{{promptId}}", one)
        feedback = http.put(
            f"/projects/{NORTHWIND}/conversations/{session}/messages/{message_id}/feedback",
            json={"reaction": "liked"},
        )
        check(spec, "put", f"{m}/{{promptId}}/feedback", feedback)
        check(
            spec,
            "get",
            f"{a}/citations/{{citationId}}",
            http.get(f"/projects/{NORTHWIND}/citations/9003"),
        )
        check(spec, "get", "/api/v1/user", http.get("/user"))
        check(spec, "get", "/api/v1/limits/usage", http.get("/limits/usage"))
        check(
            spec,
            "post",
            f"{a}/chat/completions",
            http.post(
                f"/projects/{NORTHWIND}/chat/completions",
                json={"messages": [{"role": "user", "content": "plans"}]},
            ),
        )
        deleted = http.delete(f"/projects/{NORTHWIND}/conversations/{session}")
        check(spec, "delete", f"{c}/{{sessionId}}", deleted)


def test_errors_match_their_schemas(demo_server, spec: dict[str, Any]) -> None:
    with httpx.Client(base_url=demo_server.base_url + "/api/v1") as http:
        unauthorized = http.get("/projects")
        assert unauthorized.status_code == 401
        check(spec, "get", "/api/v1/projects", unauthorized)
        missing = http.get("/projects/4242", headers={"Authorization": "Bearer test-key"})
        assert missing.status_code == 404
        check(spec, "get", "/api/v1/projects/{projectId}", missing)
