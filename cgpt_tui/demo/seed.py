"""The demo world: three agents, their settings, conversations and answered questions.

- Northwind Help Center (id 103, listed first): the help center of a fictional project
  tool. Example questions and a default prompt; 28 conversations, one of them
  ("Onboarding the support team") with 46 messages; answers cite web pages. Questions came
  from several request sources (web most), and a few were not covered by the documents
  (the no_answer_message: failed queries in the reports).
- Lumen X100 Manual (id 102): a camera manual built from uploaded files, whose citations
  point at /api/v1/preview/{file_id} (three Markdown files, one plain-text file, a PDF
  and a DOCX).
- Acme Intranet (archived) (id 101): an HR and finance intranet, chat inactive.

Who started a conversation (`created_by`), for the API's `userFilter`: the signed-in user
(id 1, "Dana Demo") is "me"; other members of the team (ids 2 and 3) are "team_member";
visitors of the public chat have no user account, `created_by` null (0 counts the same),
and are "anonymous".

Timestamps are fixed (October and November 2026) so screenshots and tests are stable; every
seeded answer comes from the same retrieval that answers live questions.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from cgpt_tui.demo.state import AgentData, DemoState, stamp

USER_ID = 1
TEAM_IDS = (2, 3)
EPOCH = datetime(2026, 10, 1, 9, 0, tzinfo=UTC)
NORTHWIND_ID, LUMEN_ID, ACME_ID = 103, 102, 101
ONBOARDING = "Onboarding the support team"

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
# Asked by visitors, answered with the no_answer_message (failed queries in the reports):
# follow-ups in these Northwind conversations, six minutes after they start.
UNCOVERED = {
    16: "Can I pay with PayPal?",
    19: "Do you have a student discount?",
    22: "Do you integrate with Slack?",
    24: "Where is your office located?",
}
# Where the Northwind questions came from (request_source), per conversation in turn: the
# web chat most, then the API, the embedded widget, an iframe, Slack and the live chat.
# The onboarding conversation was held in the web chat.
# Over the 40 messages: web 16 (62 with the onboarding), api 10, embed 5, iframe 4, slack 3,
# livechat 2.
SOURCES = (
    *("web", "web", "web", "iframe", "slack", "embed"),
    *("api", "web", "api", "api", "embed", "livechat"),
)
LUMEN_QUESTIONS = [
    "How long does the battery last?",
    "Which autofocus mode is best for sport?",
    "How do I update the firmware?",
    "How do I take sharp photos at night?",
]
ACME_QUESTIONS = [
    "How many vacation days do I get?",
    "What is the hotel limit for expenses?",
    "Can I work from home on Fridays?",
]
BROWSERS = (
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/18.0 Safari/605.1.15",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/130.0.0.0 Safari/537.36",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Mobile/15E148",
)


def seed(state: DemoState) -> None:
    state.user = {
        "id": USER_ID,
        "name": "Dana Demo",
        "email": "dana@northwind.example",
        "current_team_id": 1,
        "profile_photo_url": "https://ui-avatars.com/api/?name=Dana+Demo",
        "created_at": stamp(EPOCH),
        "updated_at": stamp(EPOCH + timedelta(days=40)),
    }
    state.limits.update(current_total_storage_credits=1_284_311, current_queries=1_600)
    state.reserve_ids("conversation", 5001)
    # The uncovered questions came later: the ids of the messages after them (and of the
    # first live one) stay where they were before, as the screenshots show them.
    state.reserve_ids("message", 70001 - len(UNCOVERED))
    acme = state.add_agent(
        "Acme Intranet (archived)",
        folder="acme",
        active=False,
        agent_id=ACME_ID,
        site="intranet.acme.example",
        when=EPOCH + timedelta(hours=1),
        chatbot_title="Acme HR Bot",
        default_prompt="Ask about HR and finance policies",
        no_answer_message="That is not covered by the intranet.",
        enable_feedbacks=False,
        citations_view_type="hide",
    )
    lumen = state.add_agent(
        "Lumen X100 Manual",
        folder="lumen",
        agent_id=LUMEN_ID,
        kind="URL",
        site="lumen-cameras.example",
        when=EPOCH + timedelta(days=1),
        chatbot_model="claude-3.5-sonnet",
        default_prompt="Ask the Lumen X100 manual…",
        chatbot_title="Lumen Camera Guide",
        citations_view_type="user",
        persona_instructions="You are a patient camera expert who explains settings simply.",
        no_answer_message="The X100 manual does not cover that.",
    )
    northwind = state.add_agent(
        "Northwind Help Center",
        folder="northwind",
        agent_id=NORTHWIND_ID,
        site="help.northwind.example",
        when=EPOCH + timedelta(days=2),
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
    _seed_northwind(state, northwind)
    _seed_single_questions(state, lumen, LUMEN_QUESTIONS, EPOCH + timedelta(days=10), USER_ID, 9)
    _seed_single_questions(state, acme, ACME_QUESTIONS, EPOCH + timedelta(days=1), TEAM_IDS[0], 2)
    state.limits["current_queries"] = 1_742


def _ask(
    state: DemoState,
    agent: AgentData,
    conversation: dict,
    question: str,
    when: datetime,
    *,
    reaction: str | None = None,
    visitor: int = 0,
    source: str = "web",
) -> None:
    """A question asked in the agent's web chat, or through `source` (`visitor` picks a
    browser and address)."""
    state.add_message(
        agent,
        conversation,
        question,
        agent.answer(question),
        when=when,
        reaction=reaction,
        request_source=source,
        user_agent=BROWSERS[visitor % len(BROWSERS)],
        user_ip=f"203.0.113.{17 + visitor % 200}",
    )


def _owner(n: int) -> int | None:
    """Who started the n-th Northwind conversation: me, visitors, and two team members."""
    return (USER_ID, None, TEAM_IDS[0], None, TEAM_IDS[1])[n % 5]


def _seed_northwind(state: DemoState, agent: AgentData) -> None:
    questions = NORTHWIND_QUESTIONS
    start = EPOCH + timedelta(days=3)
    onboarding = state.add_conversation(agent, ONBOARDING, created_by=USER_ID, when=start)
    reactions = {3: "liked", 7: "disliked", 12: "liked", 30: "neutral", 45: "liked"}
    for n in range(46):
        when = start + timedelta(minutes=n * 91)  # over three days, before the rest
        question = questions[n % len(questions)]
        _ask(state, agent, onboarding, question, when, reaction=reactions.get(n))
    for n in range(27):
        question = questions[(n * 5 + 1) % len(questions)]
        when = EPOCH + timedelta(days=6 + n * 1.6, hours=n % 9)
        owner = _owner(n)
        name = question.rstrip("?") if owner is not None else f"Visitor: {question.rstrip('?')}"
        conversation = state.add_conversation(agent, name, created_by=owner, when=when)
        reaction = ("liked", None, "disliked", None)[n % 4]
        asked = when + timedelta(minutes=1)
        source = SOURCES[n % len(SOURCES)]
        _ask(
            state, agent, conversation, question, asked, reaction=reaction, visitor=n, source=source
        )
        follow_ups = [(4, questions[(n * 5 + 4) % len(questions)])] if n % 3 == 0 else []
        if n in UNCOVERED:
            follow_ups.append((6, UNCOVERED[n]))
        for minutes, follow_up in follow_ups:
            later = when + timedelta(minutes=minutes)
            _ask(state, agent, conversation, follow_up, later, visitor=n, source=source)


def _seed_single_questions(
    state: DemoState,
    agent: AgentData,
    questions: list[str],
    start: datetime,
    owner: int,
    days_apart: int,
) -> None:
    """One short conversation per question, `days_apart` apart; the first answer liked."""
    for n, question in enumerate(questions):
        when = start + timedelta(days=n * days_apart, hours=n)
        conversation = state.add_conversation(
            agent, question.rstrip("?"), created_by=owner, when=when
        )
        reaction = "liked" if n == 0 else None
        _ask(state, agent, conversation, question, when + timedelta(minutes=1), reaction=reaction)
