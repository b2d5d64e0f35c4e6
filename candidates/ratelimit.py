"""How many complete applications, and how many résumé uploads, one client may send per window.

The counts live in the cache (Redis in production, its own database or the broker's): counters
that start with the first application and expire after ``APPLY_RATE_WINDOW`` seconds. Applications
are counted twice: per client address *and e-mail address* together, of which ``APPLY_RATE_LIMIT``
(5) pass, and per client address alone, of which ``APPLY_RATE_ADDRESS_LIMIT`` (60) pass; past either
the next ones are refused until the counter expires. So one person sending in a loop is stopped at
the sixth, while the sixth (up to the sixtieth) candidate behind one company or university network
still gets through; a bot varying the e-mail meets the address ceiling. The e-mail is kept in the
cache only as a keyed hash (``salted_hmac``), never in clear. Résumé uploads are counted the same way, whether the form is complete or not, up to
``RESUME_CHECK_RATE_LIMIT``: each one is opened in a limited child process (candidates/resume.py), so a
client posting files in a loop would otherwise cost a web worker up to ``RESUME_CHECK_TIMEOUT`` each.
A client is its IPv4 address or its IPv6 /64 (core.addresses.counted_address).

Applying never depends on Redis. When the cache cannot be reached (any Redis or socket error;
settings make it fail within about half a second), the limiter *allows* the application and logs
a warning at most once a minute per process. It does not count in the database instead: no table
stores the client address (deliberately, for data protection), so there is nothing to count, and
storing addresses only for this would be new personal data. While Redis is down the limit is
therefore off and the honeypot field is the only brake on bots; no application is lost.
"""

import logging
import threading
from time import monotonic

import redis.exceptions
from django.conf import settings
from django.core.cache import cache
from django.utils.crypto import salted_hmac

from core.addresses import counted_address

from .models import Candidate

logger = logging.getLogger(__name__)

KEY_PREFIX = "apply-rate:"
PERSON_KEY_PREFIX = "apply-rate-person:"
UPLOAD_KEY_PREFIX = "resume-check-rate:"
WARNING_INTERVAL = 60.0  # seconds between two "cache down" warnings from one process

# What a cache that is down or silent raises (redis-py's errors, or the socket's own).
CACHE_ERRORS = (redis.exceptions.RedisError, OSError)

_warning_lock = threading.Lock()
_last_warning = None


def over_limit(address: str, email: str = "") -> bool:
    """Count one complete application from `address` for `email`; True if it goes over either limit.

    Both counters move on every complete application, refused or not; with the cache down the
    first call fails, nothing more is tried and the application is allowed.
    """
    client = counted_address(address)
    person = salted_hmac("apply-rate", Candidate.normalize_email(email)).hexdigest()[:32]
    try:
        per_person = _count(f"{PERSON_KEY_PREFIX}{client}:{person}")
        per_address = _count(KEY_PREFIX + client)
    except CACHE_ERRORS as error:
        _warn_cache_down(error)
        return False
    return per_person > settings.APPLY_RATE_LIMIT or per_address > settings.APPLY_RATE_ADDRESS_LIMIT


def network_is_busy(address: str) -> bool:
    """Whether `address` is past the per-address ceiling (read only): which refusal to explain."""
    try:
        return (cache.get(KEY_PREFIX + counted_address(address)) or 0) > settings.APPLY_RATE_ADDRESS_LIMIT
    except CACHE_ERRORS:  # it answered a moment ago; the message matters less than the answer
        return False


def over_upload_limit(address: str) -> bool:
    """Count one résumé upload from `address`, before the file is opened; True if it goes over the limit."""
    return _over(UPLOAD_KEY_PREFIX, address, settings.RESUME_CHECK_RATE_LIMIT)


def _over(prefix: str, address: str, limit: int) -> bool:
    try:
        attempts = _count(prefix + counted_address(address))
    except CACHE_ERRORS as error:
        _warn_cache_down(error)
        return False
    return attempts > limit


def _count(key: str) -> int:
    window = settings.APPLY_RATE_WINDOW
    cache.add(key, 0, timeout=window)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        return 1


def _warn_cache_down(error: Exception) -> None:
    global _last_warning
    now = monotonic()
    with _warning_lock:
        if _last_warning is not None and now - _last_warning < WARNING_INTERVAL:
            return
        _last_warning = now
    logger.warning("apply rate limit is off: the cache cannot be reached (%s); applications are allowed", error)
