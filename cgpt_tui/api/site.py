"""The site's address, as the client and its transport both show it."""


def site_url(base_url: str) -> str:
    """The address as given, without a trailing slash ("http://" stays itself: it must not
    become "http:" in what the user reads)."""
    stripped = base_url.rstrip("/")
    return base_url if stripped.endswith(":") else stripped
