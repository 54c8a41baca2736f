"""The history cache's schema: each migration takes the file one version up (`user_version`).

Never edit a migration that has shipped: add the next one.
"""

from __future__ import annotations

from collections.abc import Sequence

MIGRATIONS: Sequence[str] = (
    # 1: the first schema
    """
    CREATE TABLE agents (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        is_active INTEGER NOT NULL,
        type TEXT,
        created_at TEXT,
        updated_at TEXT,
        is_shared INTEGER NOT NULL,
        shareable_link TEXT,
        position INTEGER NOT NULL  -- where the API listed it
    );
    CREATE TABLE conversations (
        session_id TEXT PRIMARY KEY,
        agent_id INTEGER NOT NULL,
        id INTEGER NOT NULL,
        name TEXT NOT NULL,
        created_by INTEGER,
        created_at TEXT,
        updated_at TEXT
    );
    CREATE INDEX conversations_by_agent ON conversations (agent_id, updated_at DESC);
    CREATE TABLE messages (
        id INTEGER PRIMARY KEY,
        session_id TEXT NOT NULL REFERENCES conversations (session_id) ON DELETE CASCADE,
        question TEXT NOT NULL,
        answer TEXT NOT NULL,
        citation_ids TEXT NOT NULL,
        created_at TEXT,
        updated_at TEXT,
        reaction TEXT,
        request_source TEXT,
        external_id TEXT
    );
    CREATE INDEX messages_by_conversation ON messages (session_id, id);
    CREATE TABLE citations (
        agent_id INTEGER NOT NULL,
        id INTEGER NOT NULL,
        url TEXT,
        title TEXT,
        description TEXT,
        image TEXT,
        PRIMARY KEY (agent_id, id)
    );
    CREATE VIRTUAL TABLE messages_fts USING fts5 (
        question, answer, content='messages', content_rowid='id', tokenize='unicode61'
    );
    CREATE TRIGGER messages_ai AFTER INSERT ON messages BEGIN
        INSERT INTO messages_fts (rowid, question, answer)
        VALUES (new.id, new.question, new.answer);
    END;
    CREATE TRIGGER messages_ad AFTER DELETE ON messages BEGIN
        INSERT INTO messages_fts (messages_fts, rowid, question, answer)
        VALUES ('delete', old.id, old.question, old.answer);
    END;
    CREATE TRIGGER messages_au AFTER UPDATE ON messages BEGIN
        INSERT INTO messages_fts (messages_fts, rowid, question, answer)
        VALUES ('delete', old.id, old.question, old.answer);
        INSERT INTO messages_fts (rowid, question, answer)
        VALUES (new.id, new.question, new.answer);
    END;
    """,
    # 2: conversations listed as the API lists them (newest id first), a page at a time
    """
    CREATE INDEX conversations_by_agent_id ON conversations (agent_id, id DESC);
    """,
    # 3: each agent's settings (title, prompt, example questions), for offline use
    """
    CREATE TABLE agent_settings (
        agent_id INTEGER PRIMARY KEY,
        settings TEXT NOT NULL  -- JSON of the AgentSettings fields, text cleaned
    );
    """,
    # 4: reports over an agent's messages in a date range (history/reports.py): the counts by
    # day, source and reaction and the top questions read this index alone; the answer's
    # length picks the few answers worth comparing with the no-answer message
    """
    CREATE INDEX messages_for_reports ON messages
        (session_id, created_at, request_source, reaction, length(answer), question);
    """,
)
