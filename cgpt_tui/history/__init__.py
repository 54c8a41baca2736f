"""The local history cache and its search. Knows nothing of the UI or of HTTP."""
