"""Where a request comes from: the one definition the application rate limit, the résumé stash and the
sign-in throttle all count by."""

from django.conf import settings


def client_address(request) -> str:
    """The client's address as our own proxy saw it (``BEHIND_PROXY``), else the socket's; "unknown" if neither."""
    if settings.SECURE_PROXY_SSL_HEADER and request.META.get("HTTP_X_FORWARDED_FOR"):
        # The right-most entry is the one our own proxy added; the rest is what the client claims.
        return request.META["HTTP_X_FORWARDED_FOR"].split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "unknown")
