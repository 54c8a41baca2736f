"""A user's local files: settings, credentials, where they left off, drafts, the error log.
Knows nothing of the UI, of HTTP or of the history cache."""
