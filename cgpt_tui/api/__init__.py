"""Async client for the CustomGPT.ai API (httpx + httpx-sse). Knows nothing of the UI."""

import importlib
from typing import TYPE_CHECKING

from cgpt_tui.api.client import CustomGPTClient
from cgpt_tui.api.errors import (
    ApiError,
    AuthError,
    CustomGPTError,
    LocalFileError,
    NetworkError,
    NotFound,
    PermissionDenied,
    ProtocolError,
    RateLimited,
    RequestFailed,
    ServerError,
    StreamInterrupted,
)
from cgpt_tui.api.pages import MessagePage, Page
from cgpt_tui.api.records import (
    Agent,
    AgentSettings,
    AgentStats,
    Citation,
    Conversation,
    FilePreview,
    Message,
    MessageMetadata,
    Reaction,
    UsageLimits,
    User,
)
from cgpt_tui.api.stream_events import (
    StreamEvent,
    StreamFailed,
    StreamFinished,
    StreamStarted,
    TextDelta,
)

if TYPE_CHECKING:
    from cgpt_tui.api.completions import (
        ChatCompletion,
        ChatCompletionChunk,
        ChatCompletionStream,
        ChatMessage,
        CompletionChoice,
    )
    from cgpt_tui.api.content_records import (
        PAGE_STATUSES,
        AgentPage,
        AgentPages,
        AgentSources,
        License,
        NewLicense,
        PageMetadata,
        PageStatus,
        Plugin,
        RefreshTime,
        Source,
        SourceSettings,
    )
    from cgpt_tui.api.report_records import (
        AnalysisReport,
        ConversationReport,
        DateRange,
        IntelligenceRow,
        Interval,
        QueryReport,
        SeriesPoint,
        SourceCount,
        TrafficReport,
    )
    from cgpt_tui.api.streaming import EventStream, MessageStream


# Imported when one of their names is first asked for (see lazy.py): not needed at start.
# The stream reader imports httpx, which the app's start leaves until after its first frame
# (see prefetch.py); the client imports it at its first request.
_LAZY_NAMES = {
    "cgpt_tui.api.streaming": "EventStream MessageStream",
    "cgpt_tui.api.completions": (
        "ChatCompletion ChatCompletionChunk ChatCompletionStream ChatMessage CompletionChoice"
    ),
    "cgpt_tui.api.content_records": (
        "PAGE_STATUSES AgentPage AgentPages AgentSources License NewLicense PageMetadata "
        "PageStatus Plugin RefreshTime Source SourceSettings"
    ),
    "cgpt_tui.api.report_records": (
        "AnalysisReport ConversationReport DateRange IntelligenceRow Interval QueryReport "
        "SeriesPoint SourceCount TrafficReport"
    ),
}
_LAZY = {name: module for module, names in _LAZY_NAMES.items() for name in names.split()}


def __getattr__(name: str) -> object:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


__all__ = [
    "PAGE_STATUSES",
    "Agent",
    "AgentPage",
    "AgentPages",
    "AgentSettings",
    "AgentSources",
    "AgentStats",
    "AnalysisReport",
    "ApiError",
    "AuthError",
    "ChatCompletion",
    "ChatCompletionChunk",
    "ChatCompletionStream",
    "ChatMessage",
    "Citation",
    "CompletionChoice",
    "Conversation",
    "ConversationReport",
    "CustomGPTClient",
    "CustomGPTError",
    "DateRange",
    "EventStream",
    "FilePreview",
    "IntelligenceRow",
    "Interval",
    "License",
    "LocalFileError",
    "Message",
    "MessageMetadata",
    "MessagePage",
    "MessageStream",
    "NetworkError",
    "NewLicense",
    "NotFound",
    "Page",
    "PageMetadata",
    "PageStatus",
    "PermissionDenied",
    "Plugin",
    "ProtocolError",
    "QueryReport",
    "RateLimited",
    "Reaction",
    "RefreshTime",
    "RequestFailed",
    "SeriesPoint",
    "ServerError",
    "Source",
    "SourceCount",
    "SourceSettings",
    "StreamEvent",
    "StreamFailed",
    "StreamFinished",
    "StreamInterrupted",
    "StreamStarted",
    "TextDelta",
    "TrafficReport",
    "UsageLimits",
    "User",
]
