"""Response headers (Content-Security-Policy, Permissions-Policy, the HTTPS redirect) and request charsets."""

import collections
import encodings.aliases
import json
import os
import pkgutil
import subprocess
import sys
from wsgiref.util import setup_testing_defaults

import pytest
from django.conf import settings
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client
from django.urls import reverse

from candidates.models import Note
from candidates.tests.factories import ApplicationFactory
from positions.tests.factories import OpenPositionFactory

POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "frame-src": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
    "base-uri": "'none'",
    "object-src": "'none'",
}
PERMISSIONS = (
    "accelerometer=(), autoplay=(), browsing-topics=(), camera=(), clipboard-read=(), display-capture=(), "
    "encrypted-media=(), fullscreen=(self), geolocation=(), gyroscope=(), hid=(), idle-detection=(), "
    "interest-cohort=(), local-fonts=(), magnetometer=(), microphone=(), midi=(), payment=(), "
    "publickey-credentials-get=(), screen-wake-lock=(), serial=(), usb=(), xr-spatial-tracking=()"
)


def _policy(response) -> dict:
    """The header as {directive: sources}; django-csp does not keep the directives in a fixed order."""
    assert "Content-Security-Policy" in response, "no Content-Security-Policy header"
    directives = (part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))
    return {name: value for name, value in directives}


# --- Content-Security-Policy and Permissions-Policy ---------------------------------------------------------


def test_public_page_carries_the_strict_policy_and_the_permissions_policy(client, db):
    response = client.get("/jobs/")
    assert response.status_code == 200
    assert _policy(response) == POLICY
    assert response["Permissions-Policy"] == PERMISSIONS
    assert response["X-Frame-Options"] == "DENY"


def test_staff_page_carries_the_strict_policy_and_the_permissions_policy(hr_client):
    response = hr_client.get(reverse("staff:dashboard"))
    assert response.status_code == 200
    assert _policy(response) == POLICY
    assert response["Permissions-Policy"] == PERMISSIONS


def test_admin_page_carries_the_same_policy_without_exceptions(client, django_user_model, db):
    client.force_login(django_user_model.objects.create_superuser("root", "root@example.invalid", "x"))
    response = client.get("/admin/")
    assert response.status_code == 200
    assert _policy(response) == POLICY


def test_resume_preview_may_be_framed_by_our_own_pages_only(hr_client):
    application = ApplicationFactory()
    response = hr_client.get(reverse("candidates:resume", args=[application.pk]))
    assert response.status_code == 200
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert _policy(response) == {**POLICY, "frame-ancestors": "'self'"}


@pytest.mark.parametrize(
    ("address", "status"),
    [("/jobs/no-such-job/", 404), ("/staff/", 302), ("/healthz", 200)],
    ids=["not found", "redirect to login", "health"],
)
def test_other_responses_carry_both_policies(client, db, address, status):
    response = client.get(address)
    assert response.status_code == status
    assert _policy(response) == POLICY
    assert response["Permissions-Policy"] == PERMISSIONS


def test_every_inline_script_in_the_templates_is_a_json_data_block():
    # The policy runs no inline script: a <script> without src may only carry data (JSON, JSON-LD).
    import re

    offenders = []
    for path in (settings.BASE_DIR / "templates").rglob("*.html"):
        for tag in re.findall(r"<script\b[^>]*>", path.read_text(encoding="utf-8")):
            if "src=" not in tag and not re.search(r'type="application/(ld\+)?json"', tag):
                offenders.append(f"{path.name}: {tag}")
    assert offenders == []


# --- /healthz over plain HTTP when HTTPS_ONLY is on ----------------------------------------------------------


def test_with_https_only_healthz_answers_plain_http_while_pages_redirect(tmp_path):
    # Settings are read from the environment once: start a fresh process configured for production.
    script = (
        "import django; django.setup();"
        "from django.test import Client; c = Client();"
        "h = c.get('/healthz'); j = c.get('/jobs/');"
        "print(h.status_code, j.status_code, j.headers.get('Location'))"
    )
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "recruiting.settings",
        "HTTPS_ONLY": "true",
        "DEBUG": "false",
        "ENV_FILE": "/nonexistent",
        "ALLOWED_HOSTS": "testserver",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'probe.sqlite3'}",
        "REDIS_URL": "",
        "CELERY_BROKER_URL": "",
        "CACHE_URL": "",
    }
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["200", "301", "https://testserver/jobs/"]


# --- Request charsets and content types: a 400-class answer or a normal one, never a 500 ---------------------

FORM = "application/x-www-form-urlencoded"
BOUNDARY = "----formboundary7MA4YWxkTrZu0gW"


def _multipart(fields: dict) -> bytes:
    parts = [
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n' for name, value in fields.items()
    ]
    return ("".join(parts) + f"--{BOUNDARY}--\r\n").encode()


# The cases whose body is read as a form: the note is added.
READ_AS_FORMS = {"utf-8", "UTF8 spelt without the dash", "us-ascii", "no charset", "multipart"}

# (case, Content-Type, how the body is built, status on the apply form, status on the note form)
# The apply form's fields are incomplete on purpose: a form read normally is shown again with its errors (200);
# the note form adds the note and goes back to the candidate (302), or says the note was empty (302, nothing added).
CASES = [
    ("utf-8", f"{FORM}; charset=utf-8", "form", 200, 302),
    ("UTF8 spelt without the dash", f"{FORM}; charset=UTF8", "form", 200, 302),
    ("us-ascii", f"{FORM}; charset=us-ascii", "form", 200, 302),
    ("no charset", FORM, "form", 200, 302),
    ("utf-7", f"{FORM}; charset=utf-7", "form", 400, 400),
    ("utf-16", f"{FORM}; charset=utf-16", "form", 400, 400),
    ("utf-32", f"{FORM}; charset=utf-32", "form", 400, 400),
    ("latin-1", f"{FORM}; charset=latin-1", "form", 400, 400),
    ("a charset Python cannot decode text with", f"{FORM}; charset=zlib", "form", 400, 400),
    ("bogus charset", f"{FORM}; charset=bogus", "form", 400, 400),
    ("empty charset", f"{FORM}; charset=", "form", 400, 400),
    ("multipart", f"multipart/form-data; boundary={BOUNDARY}", "multipart", 200, 302),
    ("multipart in utf-16", f"multipart/form-data; boundary={BOUNDARY}; charset=utf-16", "multipart", 400, 400),
    ("multipart with no boundary", "multipart/form-data", "multipart", 400, 400),
    ("multipart with an empty boundary", "multipart/form-data; boundary=", "multipart", 400, 400),
    ("multipart with a boundary too long", f"multipart/form-data; boundary={'x' * 300}", "multipart", 400, 400),
    ("multipart whose body has another boundary", "multipart/form-data; boundary=other", "multipart", 200, 302),
    ("text/plain", "text/plain", "form", 200, 302),
    ("text/plain in utf-7", "text/plain; charset=utf-7", "form", 400, 400),
    ("application/json", "application/json", "json", 200, 302),
]


def _send(client, page, address, content_type, body_kind, fields):
    client.get(page)  # sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    fields = {**fields, "csrfmiddlewaretoken": token}
    if body_kind == "form":
        body = "&".join(f"{name}={value}" for name, value in fields.items()).encode()
    elif body_kind == "multipart":
        body = _multipart(fields)
    else:
        body = json.dumps(fields).encode()
    # The token also goes in the header, so the CSRF check passes whatever the body: what is tested is the body.
    return client.generic("POST", address, body, content_type=content_type, headers={"X-CSRFToken": token})


@pytest.mark.parametrize(("case", "content_type", "body", "apply_status", "note_status"), CASES, ids=[c[0] for c in CASES])
def test_apply_form_answers_each_charset_and_content_type_without_a_500(
    db, case, content_type, body, apply_status, note_status
):
    position = OpenPositionFactory()
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    address = reverse("jobs:apply", args=[position.slug])
    response = _send(client, address, address, content_type, body, {"first_name": "Irene"})
    assert response.status_code == apply_status
    if apply_status == 200:
        assert "is-invalid" in response.content.decode()  # the form came back with what to fix


@pytest.mark.parametrize(("case", "content_type", "body", "apply_status", "note_status"), CASES, ids=[c[0] for c in CASES])
def test_staff_note_form_answers_each_charset_and_content_type_without_a_500(
    hr, case, content_type, body, apply_status, note_status
):
    application = ApplicationFactory()
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    client.force_login(hr)
    address = reverse("candidates:add_note", args=[application.pk])
    response = _send(client, application.get_absolute_url(), address, content_type, body, {"body": "Called back"})
    assert response.status_code == note_status
    added = Note.objects.filter(application=application, body="Called back").count()
    assert added == (1 if case in READ_AS_FORMS else 0)


def _wsgi_get(application, path, query, content_type):
    environ = {"REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": query, "CONTENT_TYPE": content_type}
    setup_testing_defaults(environ)
    started = []
    # As Django's test client does: the test's database transaction must outlive the request.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        body = b"".join(application(environ, lambda status, headers, exc_info=None: started.append(status)))
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return started[0], body


# The names Python reads as UTF-8 or ASCII, among every codec name it knows (see _every_codec_name).
READABLE_CODEC_NAMES = {
    "utf_8", "utf8", "u8", "utf", "utf8_ucs2", "utf8_ucs4", "cp65001",
    "ascii", "646", "ansi_x3.4_1968", "ansi_x3_4_1968", "ansi_x3.4_1986", "cp367", "csascii", "ibm367", "iso646_us",
    "iso_646.irv_1991", "iso_ir_6", "us", "us_ascii",
}


def _every_codec_name() -> list[str]:
    """Every alias and codec in encodings.aliases, and the codecs with no alias (punycode, idna, undefined…)."""
    modules = {module.name for module in pkgutil.iter_modules(encodings.__path__)} - {"aliases"}
    return sorted(set(encodings.aliases.aliases) | set(encodings.aliases.aliases.values()) | modules)


def test_a_query_string_with_any_codec_name_as_charset_answers_200_for_utf_8_or_ascii_and_400_otherwise(db):
    # Through the real WSGI application: Django's own request decodes the query string with the declared charset
    # while it is built, before any middleware (zlib: LookupError, punycode: UnicodeError), a 500 from gunicorn.
    from recruiting.wsgi import application

    names = _every_codec_name()
    answers = {}
    for name in names:
        try:
            status, _body = _wsgi_get(application, "/jobs/", "q=clerk", f"text/plain; charset={name}")
        except Exception as error:  # what gunicorn answers with a 500
            status = f"500 ({error!r})"
        answers[name] = status
    print(f"\n[charsets] {len(names)} codec names: {collections.Counter(answers.values())}")
    assert answers == {name: "200 OK" if name in READABLE_CODEC_NAMES else "400 Bad Request" for name in names}
    assert len(names) == 445


def test_the_refusal_is_a_page_in_the_visitors_language(db):
    position = OpenPositionFactory()
    client = Client(raise_request_exception=False, headers={"Accept-Language": "it"})
    response = client.generic(
        "POST", reverse("jobs:apply", args=[position.slug]), b"first_name=Irene", content_type=f"{FORM}; charset=utf-7"
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert '<html lang="it">' in html
    assert "Non riusciamo a leggere la richiesta" in html
    assert _policy(response) == POLICY
