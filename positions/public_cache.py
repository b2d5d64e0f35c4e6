"""What every anonymous visitor sees on the public pages (job board, job page, apply form, XML feed, sitemap),
cached.

A page is kept under a key of the public version, the language, the organisation's calendar day (closing
dates) and the address; saving or deleting anything of the positions app (a position published, closed or
edited, its duties, skills or questions) bumps the version, so the next visitor gets a fresh page. Each
response carries an ETag and Last-Modified, and a conditional GET that matches gets 304 with no body.

Only anonymous GETs are cached, and only addresses without a free-text search (a search renders each time,
so random searches cannot fill the cache). The page's CSRF token (the language switcher's form) and the apply
form's submission token are kept out of the cached copy, and each visitor gets their own (FRESH). With the cache down the pages render as before.
On by default only with a shared cache (CACHE_URL): settings.PUBLIC_PAGE_CACHE.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import re
import time
import uuid
from collections import OrderedDict
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
# A process reads the version at most once a second: a change made through another process shows within a
# second (one made through this one, at once: bump() forgets it).
VERSION_MEMO_SECONDS = 1.0
CACHED_PARAMETERS = {"page", "function", "location", "work_mode", "source"}
# What each visitor gets fresh in a kept page: the language switcher's CSRF token, and on the apply form the
# submission token that makes a double submit count once (one per form shown, never shared).
CSRF_FIELD = re.compile(rb'name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"')
SUBMISSION_FIELD = re.compile(rb'name="submission_token" value="([0-9a-f-]{36})"')
FRESH = [
    (CSRF_FIELD, b"\x00csrf\x00", lambda request: get_token(request)),
    (SUBMISSION_FIELD, b"\x00submission\x00", lambda request: str(uuid.uuid4())),
]
_memo: dict = {"version": None, "until": 0.0}
# The pages this process served last, by key (a key names its version, so a kept page never changes): most
# visits cost no call to the shared cache at all. At most LOCAL_PAGES of them (a few MB).
LOCAL_PAGES = 128
_local: OrderedDict[str, dict] = OrderedDict()


def version() -> int:
    """The public pages' current version; a new one (the clock in ms) when the cache has none."""
    now = time.monotonic()
    if _memo["version"] is not None and now < _memo["until"]:
        return _memo["version"]
    value = cache.get(VERSION_KEY)
    if value is None:
        cache.add(VERSION_KEY, int(time.time() * 1000), None)
        value = cache.get(VERSION_KEY)
    _memo.update(version=int(value), until=now + VERSION_MEMO_SECONDS)
    return int(value)


def forget() -> None:
    """Read the version from the cache next time (this process changed it, or the cache was emptied)."""
    _memo["version"] = None
    _local.clear()


def bump() -> None:
    """Every cached public page is out of date (the next visitor renders it again)."""
    forget()
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
    if not (settings.PUBLIC_PAGE_CACHE and request.method in ("GET", "HEAD") and set(request.GET) <= CACHED_PARAMETERS):
        return False
    if settings.SESSION_COOKIE_NAME not in request.COOKIES and "messages" not in request.COOKIES:
        return True  # no session: not signed in, and no message waiting (both live in the session or a cookie)
    # A flash message is for this visitor only.
    return not request.user.is_authenticated and not len(get_messages(request))


def _remember(key: str, entry: dict) -> None:
    _local[key] = entry
    while len(_local) > LOCAL_PAGES:
        _local.popitem(last=False)


def _key(request) -> str:
    address = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:40]
    return f"public-page:{version()}:{get_language()}:{timezone.localdate():%Y%m%d}:{address}"


def _response(request, entry: dict) -> HttpResponse:
    def fresh():
        content = entry["content"]
        for _field, placeholder, fresh_value in FRESH:
            if placeholder in content:
                content = content.replace(placeholder, fresh_value(request).encode())
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
    for field, placeholder, _fresh_value in FRESH:
        for value in set(field.findall(content)):
            content = content.replace(value, placeholder)
    return {
        "content": content,
        "content_type": response["Content-Type"],
        "etag": f'W/"{hashlib.sha256(content).hexdigest()[:32]}"',
        "built_at": int(time.time()),
    }


def _kept(key: str) -> dict | None:
    """The kept page: this process's copy, else the shared cache's (then remembered here)."""
    entry = _local.get(key)
    if entry is not None:
        _local.move_to_end(key)
        return entry
    entry = cache.get(key)
    if entry is not None:
        _remember(key, entry)
    return entry


def _keep(key: str, entry: dict) -> None:
    try:
        cache.set(key, entry, TIMEOUT)
    except Exception:
        logger.warning("Could not keep a public page in the cache", exc_info=True)
    else:
        _remember(key, entry)


def cached_public_page(view):
    """Serve `view` from the cache to anonymous visitors (see the module's docstring)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not _cacheable(request):
            return view(request, *args, **kwargs)
        try:
            key = _key(request)
            entry = _kept(key)
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
            _keep(key, entry)
        return _response(request, entry)

    return wrapper
