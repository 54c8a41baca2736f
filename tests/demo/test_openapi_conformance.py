"""Every stand-in response of the chat operations validates against the vendor's schemas.

How the description is read (and its bugs interpreted) is in openapi_checker.py; the
workshop operations and the reports are in test_openapi_conformance_workshop.py.
"""

from __future__ import annotations

import copy
from typing import Any

import httpx
import jsonschema
import pytest

from .conftest import ACME, LUMEN, NORTHWIND
from .openapi_checker import REPORTS, Checker, operations, resolve
from .test_openapi_conformance_workshop import WORKSHOP_OPERATIONS

P = "/api/v1/projects"
A = f"{P}/{{projectId}}"
C = f"{A}/conversations"
S = f"{C}/{{sessionId}}"
M = f"{S}/messages"
PREVIEW = "/api/v1/preview/{id}"
CHAT_OPERATIONS = frozenset(
    {
        ("get", P),
        ("get", A),
        ("get", f"{A}/settings"),
        ("get", f"{A}/stats"),
        ("get", C),
        ("post", C),
        ("put", S),
        ("delete", S),
        ("get", M),
        ("post", M),
        ("get", f"{M}/{{promptId}}"),
        ("put", f"{M}/{{promptId}}/feedback"),
        ("get", f"{A}/citations/{{citationId}}"),
        ("post", f"{A}/chat/completions"),
        ("get", "/api/v1/user"),
        ("get", "/api/v1/limits/usage"),
    }
)


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
    assert check.operations == CHAT_OPERATIONS


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
        check("get", PREVIEW, http.get("/api/v1/preview/999999"))  # 404
        check("get", PREVIEW, http.get("/api/v1/preview/abc"))  # 400
        check("get", PREVIEW, httpx.get(f"{demo_server.base_url}/api/v1/preview/1"))  # 401
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
    assert ("get", PREVIEW) in check.operations
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


def test_the_conformance_tests_cover_every_operation(spec: dict) -> None:
    """Each test asserts the operations it checked; together they are all documented ones."""
    documented = operations(spec)
    assert documented >= REPORTS and len(REPORTS) == 5
    covered = CHAT_OPERATIONS | WORKSHOP_OPERATIONS | REPORTS | {("get", PREVIEW)}
    assert not covered - documented, "a covered operation the description lacks"
    assert documented == covered
