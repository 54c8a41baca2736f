"""The demo world: three agents, their settings, conversations and answered questions.

- Northwind Help Center (id 103, listed first): a SaaS help center with example questions,
  28 conversations, one of them ("Onboarding the support team") with 46 messages.
- Lumen X100 Manual (id 102): built from uploaded files, whose citations preview as text
  through /api/v1/preview/{file_id}.
- Acme Intranet (id 101): archived, chat inactive.

Who started a conversation (`created_by`), for the API's `userFilter`: the signed-in user
(id 1) is "me"; other members of the team (ids 2 and 3) are "team_member"; visitors of the
public chat have no user, `created_by` null, and are "anonymous".

Timestamps are fixed (October and November 2026) so screenshots and tests are stable; every
answer comes from the same retrieval that answers live questions.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from cgpt_tui.demo.retrieval import Library, load_documents
from cgpt_tui.demo.state import AgentData, DemoState, stamp

USER_ID = 1
TEAM_IDS = (2, 3)
EPOCH = datetime(2026, 10, 1, 9, 0, tzinfo=UTC)

NORTHWIND_QUESTIONS = [
    "How do I reset my password?",
    "How do I turn on two-factor authentication?",
    "I lost my phone, how do I get into my account?",
    "What plans do you offer?",
    "Can I get a refund on an annual plan?",
    "Where can I download invoices?",
    "How do I export my data?",
    "Can I automate exports with the API?",
    "How do I create an API token?",
    "What are the API rate limits?",
    "The mobile app does not sync",
    "How do I change my password while signed in?",
    "What happens when I downgrade my plan?",
    "Do you have a dark mode?",
]
LUMEN_QUESTIONS = [
    "How long does the battery last?",
    "Which autofocus mode is best for sport?",
    "How do I update the firmware?",
    "How do I take sharp photos at night?",
]
ACME_QUESTIONS = ["How many vacation days do I get?", "What is the hotel limit for expenses?"]


def settings_row(**overrides: Any) -> dict[str, Any]:
    """Every ProjectSettings field, with the values a fresh agent has."""
    row: dict[str, Any] = {
        "chatbot_avatar": "https://cdn.customgpt.ai/avatars/default.png",
        "chatbot_background_type": "color",
        "chatbot_background": "https://cdn.customgpt.ai/backgrounds/default.png",
        "chatbot_background_color": "#F5F5F5",
        "default_prompt": "How can I help you?",
        "example_questions": [],
        "response_source": "own_content",
        "chatbot_msg_lang": "en",
        "chatbot_color": "#4F46E5",
        "chatbot_toolbar_color": "#1E1B4B",
        "persona_instructions": None,
        "citations_answer_source_label_msg": "Where did this answer come from?",
        "citations_sources_label_msg": "Sources",
        "hang_in_there_msg": "Hang in there! I'm thinking..",
        "chatbot_siesta_msg": "Oops! The agent is taking a siesta. Please try again soon.",
        "is_loading_indicator_enabled": True,
        "enable_citations": 3,
        "enable_feedbacks": True,
        "citations_view_type": "show",
        "image_citation_display": "default",
        "no_answer_message": "Sorry, I don't have an answer for that.",
        "ending_message": "Please email us for further support",
        "try_asking_questions_msg": "Try asking these questions...",
        "view_more_msg": "View more",
        "view_less_msg": "View less",
        "remove_branding": False,
        "private_deployment": False,
        "enable_recaptcha_for_public_chatbots": False,
        "chatbot_model": "gpt-4-o",
        "is_selling_enabled": False,
        "license_slug": None,
        "selling_url": None,
        "can_share_conversation": True,
        "can_export_conversation": True,
        "hide_sources_from_responses": False,
        "input_field_addendum": None,
        "user_avatar_enabled": False,
        "user_avatar": "avatar.png",
        "spotlight_avatar_enabled": False,
        "spotlight_avatar": "spotlight_avatar.png",
        "spotlight_avatar_shape": "rectangle",
        "spotlight_avatar_type": "default",
        "user_avatar_orientation": "agent-left-user-right",
        "chatbot_title": None,
        "chatbot_title_color": None,
        "enable_inline_citations_api": False,
        "conversation_time_window": False,
        "conversation_retention_period": "year",
        "conversation_retention_days": 365,
        "use_context_aware_starter_question": False,
        "enable_agent_knowledge_base_awareness": True,
        "markdown_enabled": True,
    }
    row.update(overrides)
    return row


def make_agent(
    state: DemoState,
    name: str,
    *,
    folder: str,
    active: bool = True,
    kind: str = "SITEMAP",
    when: datetime = EPOCH,
    agent_id: int | None = None,
    **settings: Any,
) -> AgentData:
    agent_id = agent_id if agent_id is not None else state.next_id("agent")
    slug = f"{agent_id:08x}" * 4
    row = {
        "id": agent_id,
        "project_name": name,
        "sitemap_path": f"https://{folder}.example/sitemap.xml",
        "is_chat_active": active,
        "user_id": USER_ID,
        "team_id": 1,
        "created_at": stamp(when),
        "updated_at": stamp(when),
        "deleted_at": None,
        "type": kind,
        "is_shared": active,
        "shareable_slug": slug,
        "shareable_link": f"https://app.customgpt.ai/projects/{agent_id}/ask?embed=1&shareable_slug={slug}",
        "embed_code": None,
        "live_chat_code": None,
        "are_licenses_allowed": False,
        "subdomain_slug": None,
    }
    agent = AgentData(row, settings_row(**settings), Library(load_documents(folder)))
    state.agents[agent_id] = agent
    return agent


def _conversation_owner(n: int) -> int | None:
    return (USER_ID, None, TEAM_IDS[0], None, TEAM_IDS[1])[n % 5]


def _ask(
    state: DemoState,
    agent: AgentData,
    conversation: dict,
    question: str,
    when: datetime,
    reaction: str | None = None,
    source: str = "web",
) -> None:
    answer = agent.library.answer(question, agent.settings["no_answer_message"])
    state.add_message(
        agent, conversation, question, answer, when=when, reaction=reaction, request_source=source
    )


def seed(state: DemoState) -> None:
    state.user = {
        "id": USER_ID,
        "name": "Dana Demo",
        "email": "dana@northwind.example",
        "current_team_id": 1,
        "profile_photo_url": "https://ui-avatars.com/api/?name=Dana+Demo",
        "created_at": stamp(EPOCH - timedelta(days=400)),
        "updated_at": stamp(EPOCH - timedelta(days=3)),
    }
    state.limits = {
        "max_projects_num": 10,
        "current_projects_num": 3,
        "max_total_storage_credits": 50_000_000,
        "current_total_storage_credits": 1_284_311,
        "max_queries": 5_000,
        "current_queries": 0,
    }
    state.reserve_ids("conversation", 5001)
    state.reserve_ids("message", 70001)
    make_agent(
        state,
        "Acme Intranet (archived)",
        folder="acme",
        active=False,
        agent_id=101,
        when=EPOCH - timedelta(days=300),
        chatbot_title="Acme HR Bot",
        default_prompt="Ask about HR and finance policies",
        no_answer_message="That is not covered by the intranet.",
    )
    lumen = make_agent(
        state,
        "Lumen X100 Manual",
        folder="lumen",
        agent_id=102,
        kind="URL",
        when=EPOCH - timedelta(days=40),
        chatbot_model="claude-3.5-sonnet",
        default_prompt="Ask the Lumen X100 manual…",
        example_questions=None,
        chatbot_title="Lumen Camera Guide",
        citations_view_type="user",
        persona_instructions="You are a patient camera expert who explains settings simply.",
        no_answer_message="The X100 manual does not cover that.",
    )
    northwind = make_agent(
        state,
        "Northwind Help Center",
        folder="northwind",
        agent_id=103,
        when=EPOCH - timedelta(days=20),
        chatbot_title="Northwind Assistant",
        default_prompt="Ask about your Northwind account, billing or the API…",
        example_questions=[
            "How do I reset my password?",
            "What plans do you offer?",
            "How do I export my data?",
            "What are the API rate limits?",
        ],
        persona_instructions="You are Northwind's friendly support assistant.",
        no_answer_message="Sorry, I could not find that in the Northwind Help Center.",
    )
    state.reserve_ids("agent", 104)
    _seed_northwind(state, northwind)
    for n, question in enumerate(LUMEN_QUESTIONS):
        when = EPOCH + timedelta(days=10 + n * 9, hours=n)
        conversation = state.add_conversation(
            lumen, question.rstrip("?"), created_by=USER_ID, when=when
        )
        _ask(
            state,
            lumen,
            conversation,
            question,
            when + timedelta(minutes=1),
            reaction="liked" if n == 0 else None,
            source="api",
        )
    acme = state.agents[101]
    for n, question in enumerate(ACME_QUESTIONS):
        when = EPOCH - timedelta(days=200 - n * 30)
        conversation = state.add_conversation(
            acme, question.rstrip("?"), created_by=TEAM_IDS[0], when=when
        )
        _ask(state, acme, conversation, question, when + timedelta(minutes=2))
    state.limits["current_queries"] = 1_742


def _seed_northwind(state: DemoState, agent: AgentData) -> None:
    questions = NORTHWIND_QUESTIONS
    onboarding = state.add_conversation(
        agent, "Onboarding the support team", created_by=USER_ID, when=EPOCH
    )
    for n in range(46):
        reaction = {3: "liked", 7: "disliked", 12: "liked", 45: "liked"}.get(n)
        when = EPOCH + timedelta(hours=n * 3, minutes=n)
        _ask(state, agent, onboarding, questions[n % len(questions)], when, reaction)
    for n in range(27):
        question = questions[(n * 5 + 1) % len(questions)]
        when = EPOCH + timedelta(days=6 + n * 1.6, hours=n % 9)
        owner = _conversation_owner(n)
        name = question.rstrip("?") if owner is not None else f"Visitor: {question.rstrip('?')}"
        conversation = state.add_conversation(agent, name, created_by=owner, when=when)
        _ask(
            state,
            agent,
            conversation,
            question,
            when + timedelta(minutes=1),
            reaction=("liked", None, "disliked", None)[n % 4],
        )
        if n % 3 == 0:
            follow_up = questions[(n * 5 + 4) % len(questions)]
            _ask(state, agent, conversation, follow_up, when + timedelta(minutes=4))
