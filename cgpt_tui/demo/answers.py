"""What the demo agent says to a question, and which documents it cites.

In turn: small talk (small_talk.py) is answered in the agent's persona, "what can you help
me with" with the topics of its documents; a question about the product as a whole (only
words like "product", "start", "overview" or the agent's own name) with their overview
sections; anything else with an answer composed from the sections retrieval finds
(compose.py). When the documents do not cover a question the answer is the agent's
`no_answer_message`, citing nothing: a failed query for the reports. Deterministic: the
same question to the same documents always gets the same answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cgpt_tui.demo import compose, small_talk
from cgpt_tui.demo.retrieval import Answer, Library, stem, terms

# Words of a question about the product as a whole (stemmed like the documents' words).
GENERIC_WORDS = """
    product products service app application tool platform software system overview summary
    summarize introduction intro basics basic start started starting begin beginning tell
    explain describe description feature features general work works offer thing things
    everything anything idea main new beginner information info topic topics cover covers
    covered learn first step steps documentation docs doc
"""
GENERIC = frozenset(stem(word) for word in GENERIC_WORDS.split())


@dataclass(frozen=True)
class AgentProfile:
    """What an answer needs to know of the agent besides its documents."""

    library: Library
    project: str
    settings: dict[str, Any]

    @property
    def no_answer(self) -> Answer:
        return Answer(self.settings.get("no_answer_message") or "", (), answered=False)

    def persona(self, custom: str | None = None) -> small_talk.Persona:
        instructions = custom if custom and custom.strip() else None
        return small_talk.Persona.of(
            self.settings.get("chatbot_title"),
            self.project,
            instructions or self.settings.get("persona_instructions"),
        )

    def names(self) -> tuple[str, ...]:
        return tuple(name for name in (self.settings.get("chatbot_title"), self.project) if name)


def respond(
    agent: AgentProfile, question: str, *, inline: bool, persona: str | None = None
) -> Answer:
    """The agent's answer to `question` (`inline`: with `[n]` citation markers; `persona`:
    the request's custom persona, instead of the agent's instructions)."""
    talk = small_talk.read(question, agent.names())
    speaker = agent.persona(persona)
    if talk.small:
        return _small_talk(agent, talk, speaker, inline=inline)
    found = _about_the_product(agent, talk.rest, inline=inline)
    if found is None:
        found = compose.answer_from(agent.library, talk.rest, inline=inline)
    return found if found is not None else agent.no_answer


def _small_talk(
    agent: AgentProfile, talk: small_talk.Talk, speaker: small_talk.Persona, *, inline: bool
) -> Answer:
    greeted = small_talk.GREETING in talk.pleasantries
    if talk.subject == small_talk.HELP:
        lead = f"Here is what I can help you with, from the documents of {agent.project}:"
        if greeted:
            lead = f"{small_talk.hello(speaker, talk)} {lead}"
        topics = compose.topics_answer(agent.library, lead, _closing(agent), inline=inline)
        return topics if topics is not None else agent.no_answer
    if talk.subject == small_talk.IDENTITY:
        text = small_talk.identity_reply(speaker, len(agent.library.documents))
    elif talk.subject == small_talk.WELLBEING:
        text = small_talk.wellbeing_reply(talk)
    elif set(talk.pleasantries) <= {small_talk.GREETING}:
        text = small_talk.greeting_reply(speaker, talk)
    else:
        text = small_talk.closing_reply(talk)
    return Answer(text, ())


def _closing(agent: AgentProfile) -> str:
    examples = agent.settings.get("example_questions") or []
    if examples and isinstance(examples[0], str):
        return f"Ask me about any of these, for example: “{examples[0]}”"
    return "Ask me about any of these."


def _about_the_product(agent: AgentProfile, question: str, *, inline: bool) -> Answer | None:
    """The overview answer when the question names nothing but the product itself."""
    asked = set(terms(question))
    own = {term for name in agent.names() for term in terms(name)}
    if not asked or not asked <= GENERIC | own:
        return None
    lead = f"Here is an overview from the documents of {agent.project}:"
    return compose.product_overview(agent.library, lead, inline=inline)
