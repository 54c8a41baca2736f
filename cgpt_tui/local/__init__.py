"""A user's local files: `config` (the settings file and the app's directories) and
`config_write` (changing one setting), `credentials` (where the key lives), `state` (where
the user left off), `drafts`, `error_log`, and `files` (writing a file atomically).
Knows nothing of the UI, of HTTP or of the history cache."""
