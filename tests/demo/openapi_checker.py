"""Check stand-in responses against the vendor's API description (customgpt-openapi.json).

The description lives in ../shared (beside the repository), which a user's clone lacks: then
the conformance tests skip and say so. The checks are stricter than the description in one
way: every property a response schema lists is required, so a field the stand-in forgets
fails. Extra fields are allowed (the notes: unknown fields appear over time).

Description bugs interpreted here (customgpt-api-notes.md wins where it speaks):
- enums written as a nested list (`[["neutral", "disliked", "liked"]]` for the reaction,
  `[["image", "color"]]` for chatbot_background_type, the chatbot_msg_lang codes, a
  source's data_refresh_frequency and refresh_existing_pages) are flattened;
- `nullable` (OpenAPI 3.0) becomes a JSON-schema null alternative;
- Conversation.project_id and created_by are typed string with integer examples; the notes
  say ids are ints: integer is accepted. created_by is null for anonymous visitors, and
  Conversation.deleted_at is null while a conversation lives, though neither is nullable;
- pagination `from`/`to`/`next_page_url`/`prev_page_url` are typed plain integer/string but
  are null at the ends and on an empty page (the notes, and Laravel);
- PromptHistory.response_feedback is null until someone reacts and metadata.external_id is
  null when none was sent (neither is nullable in the description);
- error `code` enums list 400, 401, 403, 404, 500, 503 only, while the same responses show
  429 and 501 in their examples: 422, 429 and 501 are accepted too (the licence routes
  document 422 under an enum without it);
- error messages are enums with placeholders (`Agent with id {projectId} not found`): the
  placeholder matches any text (`\\{seconds\\}`, escaped in the instant-sync 403, too);
- several routes reuse ProjectNotFoundErrorResponse for every 404 (conversations, messages,
  a page's or a source's DELETE), whose message enum knows only agents: an unknown
  conversation, page or source is checked without that enum;
- `GET /preview/{id}` documents no success response at all (it returns file bytes), and
  streamed replies are not described: neither is checked; the preview's errors are;
- date fields say `format: date-time` with examples in other forms; formats are not checked
  (test_records.py checks the stand-in's own date form).
For the workshop operations (the notes' "Building and tending agents"):
- Project.is_chat_active is null for a just-created agent and Project.sitemap_path null
  even for sitemap agents (the notes), though neither is nullable;
- ProjectSettings.example_questions is null for a new agent (the notes), though not nullable;
- Page.deleted_at is null while a page lives (as Conversation.deleted_at);
- ProjectSource.settings was once seen as `[]` (PHP's empty object): `[]` is accepted there;
  its `sitemap_path` is null for the uploads source, which has no sitemap;
  `pages` is optional in a source (the notes write `pages?`), so it is not required;
- `PUT /sources/{sourceId}` documents 201 only, the notes say 200 or 201: a 200 is checked
  against the 201 schema;
- some operations document no 404 for an unknown agent (settings update, replicate, the
  sources and licences lists, licence creation) or no 422 for a refused user update; the
  notes: unknown ids are 404. Those answers are checked against the responses the other
  routes use for them (ProjectNotFoundErrorResponse, BadArgumentErrorResponse);
- `GET|PUT /licenses/{licenseId}` answer `{"status", "license"}` with no `data` (the notes
  and the description agree; only the envelope is unusual, nothing is patched);
- ProjectLicense lists no `id`, PageMetadata no `page_id` or dates, ProjectSettings no
  `agent_capability`, Page no `failure_reason`: the notes (and the contract) add them, and
  extra fields are allowed.
For the five reports (the notes' "Reports"):
- ProjectAnalyticsConversation.average_queries_per_conversation and the analysis'
  queries_per_conversation points are typed integer with float examples (1.2, 1.5); the
  notes: a float. A number is accepted;
- CustomerIntelligence.feedback is null until someone reacts (as PromptHistory's
  response_feedback), user_location null where no location is known, and browser null
  for a request without a user agent: each is nullable here;
- the intelligence report documents no 404 for an unknown agent: ProjectNotFoundErrorResponse
  as elsewhere;
- the summaries send only the keys their filters ask for; every key is required here, so
  the checks ask for every filter.
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

SPEC_PATH = Path(__file__).resolve().parents[2] / ".." / "shared" / "customgpt-openapi.json"
PAGE_NULLABLE = ("from", "to", "next_page_url", "prev_page_url")
EXTRA_ERROR_CODES = (422, 429, 501)
STATUS_STAND_INS = {("put", "/api/v1/projects/{projectId}/sources/{sourceId}", 200): 201}
AGENT_404 = "ProjectNotFoundErrorResponse"
UNDOCUMENTED = {  # (method, path, status): the shared response that answer has
    ("post", "/api/v1/projects/{projectId}/settings", 404): AGENT_404,
    ("post", "/api/v1/projects/{projectId}/replicate", 404): AGENT_404,
    ("get", "/api/v1/projects/{projectId}/sources", 404): AGENT_404,
    ("get", "/api/v1/projects/{projectId}/licenses", 404): AGENT_404,
    ("post", "/api/v1/projects/{projectId}/licenses", 404): AGENT_404,
    ("post", "/api/v1/user", 422): "BadArgumentErrorResponse",
    ("get", "/api/v1/projects/{projectId}/reports/intelligence", 404): AGENT_404,
}
REPORTS = frozenset(
    ("get", f"/api/v1/projects/{{projectId}}/reports/{name}")
    for name in ("traffic", "queries", "conversations", "analysis", "intelligence")
)


def load_spec() -> dict[str, Any]:
    if not SPEC_PATH.exists():
        pytest.skip(
            f"the vendor's API description is not here ({SPEC_PATH}); it lives in ../shared"
        )
    raw = json.loads(SPEC_PATH.read_text(encoding="utf-8"))
    _patch_components(raw["components"]["schemas"])
    return raw


def operations(spec: dict[str, Any]) -> set[tuple[str, str]]:
    """Every (method, path) the description documents."""
    methods = ("get", "post", "put", "delete", "patch")
    return {(m, path) for path, item in spec["paths"].items() for m in item if m in methods}


def _patch_components(schemas: dict[str, Any]) -> None:
    conversation = schemas["Conversation"]["properties"]
    conversation["project_id"]["type"] = ["integer", "string"]
    conversation["created_by"]["type"] = ["integer", "string", "null"]
    conversation["deleted_at"]["nullable"] = True
    prompt = schemas["PromptHistory"]["properties"]
    prompt["response_feedback"]["nullable"] = True
    prompt["metadata"]["properties"]["external_id"]["nullable"] = True
    project = schemas["Project"]["properties"]
    project["is_chat_active"]["nullable"] = True
    project["sitemap_path"]["nullable"] = True
    schemas["ProjectSettings"]["properties"]["example_questions"]["nullable"] = True
    schemas["Page"]["properties"]["deleted_at"]["nullable"] = True
    source = schemas["ProjectSource"]
    source["x-optional"] = ["pages"]
    settings = source["properties"]["settings"]
    settings["properties"]["sitemap_path"]["nullable"] = True
    source["properties"]["settings"] = {"anyOf": [settings, {"type": "array", "maxItems": 0}]}
    average = schemas["ProjectAnalyticsConversation"]["properties"]
    average["average_queries_per_conversation"]["type"] = "number"
    series = schemas["ProjectAnalyticsAnalysis"]["properties"]["queries_per_conversation"]
    series["items"]["properties"]["queries_number"]["type"] = "number"
    intelligence = schemas["CustomerIntelligence"]["properties"]
    for name in ("feedback", "user_location", "browser"):
        intelligence[name]["nullable"] = True


def _template_pattern(value: str) -> str:
    """'Agent with id {projectId} not found' -> ^Agent with id .+ not found$"""
    parts = re.split(r"\\?\{[^}]*\\?\}", value)
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
        optional = out.pop("x-optional", [])
        out["required"] = [name for name in properties if name not in optional]
        if "current_page" in properties:
            for name in PAGE_NULLABLE:
                properties[name] = {"anyOf": [properties[name], {"type": "null"}]}
    if out.pop("nullable", False):
        out = {"anyOf": [out, {"type": "null"}]}
    return out


class Checker:
    """Validates one response against its operation's documented response, and records it."""

    def __init__(self, spec: dict[str, Any]) -> None:
        self.spec = spec
        self.checked: set[tuple[str, str, int]] = set()

    @property
    def operations(self) -> set[tuple[str, str]]:
        return {(method, path) for method, path, _ in self.checked}

    def __call__(
        self, method: str, path: str, response: httpx.Response, *, any_message: bool = False
    ) -> dict[str, Any]:
        operation = self.spec["paths"][path][method]
        documented = operation["responses"]
        status = STATUS_STAND_INS.get((method, path, response.status_code), response.status_code)
        shared = UNDOCUMENTED.get((method, path, status))
        if shared is not None:
            documented = {str(status): {"$ref": f"#/components/responses/{shared}"}}
        assert str(status) in documented, (method, path, response.status_code, response.text)
        schema = resolve(self.spec, copy.deepcopy(documented[str(status)]))
        schema = schema["content"]["application/json"]["schema"]
        if any_message:
            schema["properties"]["data"]["properties"]["message"] = {"type": "string"}
        body = response.json()
        jsonschema.validate(body, schema)
        self.checked.add((method, path, response.status_code))
        return body
