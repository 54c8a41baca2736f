"""The stand-in CustomGPT server: a real HTTP server with demo agents and fault switches.

It shares no code with `cgpt_tui.api`: it is the other side of the wire. Start with
`server.DemoServer`; the rest, from the wire inwards:

- `app` (bearer key, request faults, error envelopes) and the `routes_*` modules;
- `envelopes` (success, error, Laravel pages), `sse` (event framing, paced streams);
- `faults` (the switches), `context` (what every route needs);
- `state` (the data), `records` (the API's record shapes), `seed` (the world),
  `persist` (the data kept in a folder across restarts);
- `pages` (an agent's pages and sources), `content` (changes to them), `forms` (JSON or
  multipart bodies, stored uploads);
- `indexer` (the background worker) with `crawler` (loopback-only fetching) and `extract`
  (text of HTML pages and uploaded files);
- `retrieval` (BM25 answers and citations) over `documents` (the files in documents/, and
  what indexing made of pages).
"""
