import codecs
import zoneinfo

from csp.constants import SELF
from csp.middleware import CSPMiddleware
from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler, WSGIRequest
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import parse_header_parameters

TIME_ZONE_SESSION_KEY = "staff_time_zone"


class StaffTimeZoneMiddleware:
    """Show times in each signed-in user's own time zone; visitors see the site's.

    The zone is put in the session at login (see recruiting.apps), so this costs no query.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        name = request.session.get(TIME_ZONE_SESSION_KEY) if hasattr(request, "session") else None
        if name:
            try:
                timezone.activate(zoneinfo.ZoneInfo(name))
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                timezone.deactivate()
        else:
            timezone.deactivate()
        return self.get_response(request)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, plus the one exception the policy in settings needs.

    A response that our own pages may frame (X-Frame-Options: SAMEORIGIN, set by
    ``xframe_options_sameorigin``: the résumé preview on the candidate page) gets
    ``frame-ancestors 'self'``; everything else keeps ``frame-ancestors 'none'``, so the two
    headers always say the same thing.
    """

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if response.get("X-Frame-Options", "").upper() == "SAMEORIGIN":
            parts.replace = {**(parts.replace or {}), "frame-ancestors": [SELF]}
        return parts


class PermissionsPolicyMiddleware:
    """Deny the browser features the app never uses (settings.PERMISSIONS_POLICY), on every response."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = ", ".join(
            f"{feature}=({' '.join(allow)})" for feature, allow in settings.PERMISSIONS_POLICY.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.header)
        return response


# Charsets a request body (or the query string it comes with) may declare. Django reads form posts only
# as UTF-8; ASCII is a subset of it.
READABLE_CHARSETS = frozenset({"utf-8", "ascii"})


def _charset_is_readable(charset: str) -> bool:
    try:
        return codecs.lookup(charset).name in READABLE_CHARSETS
    except (LookupError, ValueError):  # ValueError: a name with a NUL in it
        return False


class RequestCharsetMiddleware:
    """Answer 400 to a request that declares a charset other than UTF-8 (or ASCII).

    Django decodes the query string and the form with the declared charset. For a form post in
    any other charset (``charset=utf-7``) ``request.POST`` raises BadRequest without remembering
    it; the CSRF check reads ``request.POST`` again inside the 400 and 500 error views, so the
    client got a 500. Browsers send no charset on forms, so nobody real is refused. Sits before
    anything that reads ``request.POST`` or ``request.GET`` (the CSRF middleware first), after
    LocaleMiddleware so the page is in the visitor's language.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        charset = request.content_params.get("charset") if hasattr(request, "content_params") else None
        if charset is not None:
            if not _charset_is_readable(charset):
                # The page's language switch posts a form: it needs the visitor's CSRF cookie (read from the
                # cookies only, never from the body this request declared unreadable).
                csrf = CsrfViewMiddleware(self.get_response)
                csrf.process_request(request)
                return csrf.process_response(request, render(request, "400.html", status=400))
            # "utf8", "UTF8", "us-ascii": what Django's UTF-8-only form check expects.
            request.encoding = "utf-8"
        return self.get_response(request)


class TextCharsetWSGIRequest(WSGIRequest):
    """A request that takes its declared charset only when it is one we read (UTF-8 or ASCII).

    Django's own request adopts any charset Python knows and decodes the query string with it while
    the request is being built, before any middleware runs: ``charset=zlib`` fails with LookupError,
    ``charset=punycode`` with UnicodeError, each a 500 no middleware can catch. Ignored here, the
    charset stays in ``content_params`` and RequestCharsetMiddleware refuses it with a 400.
    """

    def _set_content_type_params(self, meta):
        self.content_type, self.content_params = parse_header_parameters(meta.get("CONTENT_TYPE", ""))
        charset = self.content_params.get("charset")
        if charset is not None and _charset_is_readable(charset):
            self.encoding = charset


class TextCharsetWSGIHandler(WSGIHandler):
    """The WSGI application (recruiting/wsgi.py), building TextCharsetWSGIRequest requests."""

    request_class = TextCharsetWSGIRequest
