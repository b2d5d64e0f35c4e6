"""Where a request comes from, and what a count per client is keyed by: the one definition the application
rate limit, the résumé stash and the sign-in throttle use."""

import ipaddress

from django.conf import settings


def client_address(request) -> str:
    """The client's address as our own proxy saw it (``BEHIND_PROXY``), else the socket's; "unknown" if neither."""
    if settings.SECURE_PROXY_SSL_HEADER and request.META.get("HTTP_X_FORWARDED_FOR"):
        # The right-most entry is the one our own proxy added; the rest is what the client claims.
        return request.META["HTTP_X_FORWARDED_FOR"].split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "unknown")


def counted_address(address: str) -> str:
    """What a per-client count (kept files, rate limits) is keyed by: the IPv4 address, or the IPv6 address's /64.

    One home line or phone gets a whole /64 and may pick any address in it for each request:
    counted one by one, a single client could take the whole stash or escape a rate limit.
    """
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:  # "unknown", or whatever a misconfigured proxy sends
        return address
    if ip.version == 4:
        return str(ip)
    if ip.ipv4_mapped is not None:  # ::ffff:192.0.2.1 is 192.0.2.1
        return str(ip.ipv4_mapped)
    return str(ipaddress.IPv6Network((int(ip) >> 64 << 64, 64)))
