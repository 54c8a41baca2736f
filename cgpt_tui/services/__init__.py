"""Between the screens and the wire. Knows nothing of Textual.

`data.DataService` is the one thing the screens ask for data: it reads the server first and
the history cache when the network fails (`reading`), goes offline and back online
(`connection`), hands the three lists their pages reconciled with what they show (`feeds`,
`paging`), and records what the server sent. Beside it: `account` (checking a key,
describing the account), `citations` (sources fetched once), `export` (a conversation as
Markdown or JSON), `naming` (a new conversation's name).
"""
