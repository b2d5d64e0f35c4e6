"""What every anonymous visitor sees on the public pages (job board, job page, XML feed, sitemap), cached.

A page is kept under a key of the public version, the language, the organisation's calendar day (closing
dates) and the address; saving or deleting anything of the positions app (a position published, closed or
edited, its duties, skills or questions) bumps the version, so the next visitor gets a fresh page. Each
response carries an ETag and Last-Modified, and a conditional GET that matches gets 304 with no body.

Only anonymous GETs are cached, and only addresses without a free-text search (a search renders each time,
so random searches cannot fill the cache). The page's CSRF token (the language switcher's form) is kept out
of the cached copy and each visitor's own token is put back. With the cache down the pages render as before.
On by default only with a shared cache (CACHE_URL): settings.PUBLIC_PAGE_CACHE.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import re
import time
from functools import wraps

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.utils.translation import get_language

logger = logging.getLogger(__name__)

VERSION_KEY = "public-pages:version"
TIMEOUT = 600  # seconds: a page also changes when its day does (in the key), so this only bounds memory
CACHED_PARAMETERS = {"page", "function", "location", "work_mode"}
CSRF_PLACEHOLDER = b"\x00csrf\x00"
CSRF_FIELD = re.compile(rb'name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"')


def version() -> int:
    """The public pages' current version; a new one (the clock in ms) when the cache has none."""
    value = cache.get(VERSION_KEY)
    if value is None:
        cache.add(VERSION_KEY, int(time.time() * 1000), None)
        value = cache.get(VERSION_KEY)
    return int(value)


def bump() -> None:
    """Every cached public page is out of date (the next visitor renders it again)."""
    try:
        with contextlib.suppress(ValueError):  # no version yet: the first page to be cached starts one
            cache.incr(VERSION_KEY)
    except Exception:  # the cache is down: its pages are gone or expire within TIMEOUT
        logger.warning("Could not bump the public pages' cache version", exc_info=True)


def on_change(sender, **kwargs) -> None:
    """Signal receiver (positions/apps.py): any row of the positions app saved, deleted or relinked."""
    if sender._meta.app_label == "positions":
        bump()


def _cacheable(request) -> bool:
    return (
        settings.PUBLIC_PAGE_CACHE
        and request.method in ("GET", "HEAD")
        and not request.user.is_authenticated
        and set(request.GET) <= CACHED_PARAMETERS
        and not len(get_messages(request))  # a flash message is for this visitor only
    )


def _key(request) -> str:
    address = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:40]
    return f"public-page:{version()}:{get_language()}:{timezone.localdate():%Y%m%d}:{address}"


def _response(request, entry: dict) -> HttpResponse:
    def fresh():
        content = entry["content"]
        if CSRF_PLACEHOLDER in content:
            content = content.replace(CSRF_PLACEHOLDER, get_token(request).encode())
        response = HttpResponse(content, content_type=entry["content_type"])
        response["ETag"], response["Last-Modified"] = entry["etag"], http_date(entry["built_at"])
        return response

    unchanged = get_conditional_response(request, etag=entry["etag"], last_modified=entry["built_at"])
    if unchanged is not None:  # 304 (or 412): no body, no token
        return unchanged
    return fresh()


def _entry(request, response) -> dict | None:
    """What to keep of a rendered page, or None when it is this visitor's alone."""
    if response.status_code != 200 or response.streaming or response.cookies:
        return None
    content = response.content
    for token in set(CSRF_FIELD.findall(content)):
        content = content.replace(token, CSRF_PLACEHOLDER)
    return {
        "content": content,
        "content_type": response["Content-Type"],
        "etag": f'W/"{hashlib.sha256(content).hexdigest()[:32]}"',
        "built_at": int(time.time()),
    }


def cached_public_page(view):
    """Serve `view` from the cache to anonymous visitors (see the module's docstring)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not _cacheable(request):
            return view(request, *args, **kwargs)
        try:
            key = _key(request)
            entry = cache.get(key)
        except Exception:
            logger.warning("Public page cache unavailable; rendering", exc_info=True)
            return view(request, *args, **kwargs)
        if entry is None:
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            entry = _entry(request, response)
            if entry is None:
                return response
            try:
                cache.set(key, entry, TIMEOUT)
            except Exception:
                logger.warning("Could not keep a public page in the cache", exc_info=True)
        return _response(request, entry)

    return wrapper
