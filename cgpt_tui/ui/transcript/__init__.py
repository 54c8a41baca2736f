"""The chat view: `transcript.Transcript` (a line-based scroll view), `entry` (one question
and its answer), `painter` and `layout` (painting entries into cached lines, in slices),
`streaming` (the pace of an answer being streamed), `answer_keys` (the answers' cursor and
keys), `packed` (lines kept out of the garbage collector's way)."""
