"""Small talk: what a question says besides asking something the documents answer.

`read(question)` peels the pleasantries off the front of a question (greetings, thanks,
goodbyes, "ok"), says which of the agent's own subjects the rest asks about (what it can
help with, who it is, how it is) and leaves the rest to retrieval: "hi, how do I charge the
battery?" is the battery question. The replies speak in the agent's persona: its
`chatbot_title` (else its name) and the role the first sentence of its persona instructions
gives it ("You are a patient camera expert…").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

GREETING, THANKS, GOODBYE, ACK = "greeting", "thanks", "goodbye", "ack"
HELP, IDENTITY, WELLBEING = "help", "identity", "wellbeing"

# Pleasantries that may open a message, longest first (the text is lower case, words only).
OPENERS: tuple[tuple[str, str], ...] = (
    (GREETING, r"good (?:morning|afternoon|evening|day)"),
    (GREETING, r"(?:hi|hello|hey|hiya|heya|howdy|greetings|hallo|yo)(?: there| all| everyone)?"),
    (THANKS, r"thank (?:you|u)(?: so much| very much| a lot| again)?"),
    (THANKS, r"(?:many )?thanks(?: so much| a lot| a bunch| again)?"),
    (THANKS, r"thx|ty|cheers|much appreciated|(?:i )?appreciate it"),
    (GOODBYE, r"(?:good ?)?bye(?: bye)?|see (?:you|ya)(?: later| soon)?|farewell|take care"),
    (GOODBYE, r"have a (?:nice|good|great) (?:day|one|evening|weekend)|good night|cya"),
    (GOODBYE, r"(?:that's|that is|thats) (?:all|it)(?: for now| for today)?|nothing else"),
    (GOODBYE, r"no thanks|no thank you|talk (?:to you )?(?:later|soon)"),
    (ACK, r"ok(?:ay)?|great|cool|perfect|awesome|nice|got it|alright|all right|understood"),
)
# An opener ends where its word does ("hi-res" is no "hi"); an "ok" or "great" only before
# a mark or more thanks ("OK button does not work" is a question).
ENDS = r"(?=[\s,]|$)"
ACK_ENDS = r"(?=\s*,|$|\s+(?:thank|thanks|thx|cheers|bye|goodbye)\b)"
OPENER = [
    (kind, re.compile(rf"({pattern}){ACK_ENDS if kind == ACK else ENDS}[,\s]*"))
    for kind, pattern in OPENERS
]
# The agent's own subjects, asked as the whole (rest of the) message.
SUBJECTS: tuple[tuple[str, str], ...] = (
    (
        HELP,
        r"(?:so )?(?:what|how) (?:else )?(?:can|could) (?:you|u) (?:help|assist|do)"
        r"(?: (?:me|us))?(?: with)?|what (?:do|can) you (?:know|do|cover|help with)(?: about)?"
        r"|what (?:can|could|should|may) i ask(?: you)?(?: about)?"
        r"|what (?:topics|questions|subjects|things) (?:can|do|could) you (?:help|answer|cover)"
        r"(?: me)?(?: with)?|what are you able to (?:do|help with)|what are your capabilities"
        r"|(?:can|could) you help(?: me)?|(?:i need )?help(?: me)?|what do you help with"
        r"|what is this for|what are you for",
    ),
    (
        IDENTITY,
        r"who are (?:you|u)|what are (?:you|u)|what(?:'s| is) your name"
        r"|who (?:am i|is this) (?:talking|speaking|chatting) (?:to|with)"
        r"|are you (?:a |an )?(?:bot|robot|human|person|real person|ai|chatbot|real|machine)"
        r"|introduce yourself|tell me about yourself",
    ),
    (
        WELLBEING,
        r"how are (?:you|u)(?: doing)?|how(?:'s| is) it going|how are things"
        r"|what(?:'s| is) up|whats up|sup",
    ),
)
SUBJECT = [(kind, re.compile(rf"(?:{pattern})")) for kind, pattern in SUBJECTS]
FILLER = re.compile(r"\s*\b(?:today|here|please|for me|exactly|then|now)$")
COME_BACK = "Come back any time you have a question."
ROLE = re.compile(r"^\s*(?:you are|you're|act as|you act as)\s+([^.!?\n]{3,120})(?:[.!\n]|$)", re.I)


@dataclass(frozen=True)
class Talk:
    pleasantries: tuple[str, ...]  # GREETING, THANKS, GOODBYE, ACK, in the order said
    subject: str | None  # HELP, IDENTITY, WELLBEING, or None
    rest: str  # what is left to answer from the documents ("" when nothing)
    greeting: str = "Hello"  # how the user greeted, to greet back alike

    @property
    def small(self) -> bool:
        """Nothing in it for retrieval: answered as small talk alone."""
        return self.subject is not None or not self.rest


def _clean(question: str) -> str:
    """Lower-case words, each run of ",!.;:?" left as one "," (where a phrase ends)."""
    text = question.lower().replace("\u2019", "'")
    text = re.sub(r"[,!.;:?]+", " , ", text)
    text = re.sub(r"[^\w\s',-]+|(?<!\w)-|-(?!\w)", " ", text)
    return " ".join(text.split()).strip(", ")


def _words(text: str) -> str:
    return " ".join(text.replace(",", " ").split())


def read(question: str, names: tuple[str, ...] = ()) -> Talk:
    """What `question` says, peeling pleasantries (and the agent's name after them)."""
    text = _clean(question)
    said: list[str] = []
    greeting = "Hello"
    peeled = True
    while text and peeled:
        peeled = False
        for kind, pattern in OPENER:
            match = pattern.match(text)
            if match:
                if kind == GREETING and match.group(1).startswith("good "):
                    greeting = match.group(1).capitalize()
                said.append(kind)
                text = text[match.end() :]
                peeled = True
                break
        if peeled:
            text = _without_name(text, names)
    rest = FILLER.sub("", _words(text)).strip()
    for kind, pattern in SUBJECT:
        if pattern.fullmatch(rest):
            return Talk(tuple(said), kind, "", greeting)
    return Talk(tuple(said), None, rest if said else question.strip(), greeting)


def _without_name(text: str, names: tuple[str, ...]) -> str:
    """`text` without the agent's name (or "bot", "assistant") at its start."""
    for name in (*sorted(names, key=len, reverse=True), "bot", "assistant"):
        clean = _clean(name)
        if clean and (text == clean or text.startswith((clean + " ", clean + ","))):
            return text[len(clean) :].strip(", ")
    return text


@dataclass(frozen=True)
class Persona:
    name: str  # what the agent calls itself
    role: str | None  # "Northwind's friendly support assistant", from its instructions
    project: str  # the agent's name, whose documents it answers from

    @classmethod
    def of(cls, title: str | None, project: str, instructions: str | None) -> Persona:
        match = ROLE.match(instructions or "")
        role = " ".join(match.group(1).split()) if match else None
        name = " ".join((title or "").split()) or project
        return cls(name, role, project)

    def introduction(self) -> str:
        if self.role:
            return f"I'm **{self.name}**, {self.role}."
        return f"I'm **{self.name}**, the AI assistant of {self.project}."


def hello(persona: Persona, talk: Talk) -> str:
    """A greeting back, introducing the agent."""
    return f"{talk.greeting}! {persona.introduction()}"


def greeting_reply(persona: Persona, talk: Talk) -> str:
    return f"{hello(persona, talk)} How can I assist you today?"


def wellbeing_reply(talk: Talk) -> str:
    opening = f"{talk.greeting}! " if GREETING in talk.pleasantries else ""
    return f"{opening}I'm doing well, thank you for asking! How can I assist you today?"


def identity_reply(persona: Persona, documents: int) -> str:
    if not documents:
        return f"{persona.introduction()} I have no documents to answer from yet."
    plural = "s" if documents != 1 else ""
    return (
        f"{persona.introduction()} I answer questions from the {documents} document{plural} "
        f"of {persona.project} and cite the ones I draw on. Ask me what I can help with to "
        "see the topics they cover."
    )


def closing_reply(talk: Talk) -> str:
    """The reply to pleasantries alone: a goodbye, thanks or an "ok" (the last one said
    decides, a goodbye over all)."""
    said = talk.pleasantries
    if GOODBYE in said:
        thanked = "You're welcome! " if THANKS in said else ""
        return f"{thanked}Goodbye, and thanks for stopping by. {COME_BACK}"
    if THANKS in said:
        return "You're welcome! Is there anything else I can help you with?"
    return "Glad to help! Is there anything else you would like to know?"
