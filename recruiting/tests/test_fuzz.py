"""Hypothesis over every public form and query string: never a 500, and what a visitor stores comes
back escaped on the staff pages that show it.

Bounded and deterministic for CI: a fixed number of examples per test, derandomized, no example
database, no deadline (the machine may be busy).
"""

from __future__ import annotations

import itertools
import uuid
from html import escape
from urllib.parse import urlencode

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from candidates.models import Application
from candidates.tests import files
from positions.models import ScreeningQuestion
from positions.tests.factories import OpenPositionFactory

FUZZ = settings(
    max_examples=60, deadline=None, derandomize=True, database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
pytestmark = pytest.mark.django_db

# Strings that have broken web forms somewhere: markup, quotes, NUL and other control characters,
# template and SQL syntax, numbers out of range, right-to-left overrides, very long text.
NASTY = [
    "", " ", "\x00", "a\x00b", "\r\n", "\t", "<script>alert(1)</script>", "\"'><img src=x onerror=alert(1)>",
    "' OR 1=1 --", "{{ 7|add:7 }}", "{% debug %}", "${jndi:ldap://x}", "%s%s%n", "../../etc/passwd", "\u202egnp.exe",
    "Ünïcödé 😀", "ß" * 300, "9" * 40, "-1", "0", "1e999", "NaN", "Infinity", "-0.00", "١٢٣", "0x10", "true",
    "x" * 5001, "javascript:alert(1)", "//evil.example/", "http://evil.example/", "mailto:a@b", "\ufeff",
]
text = st.one_of(st.sampled_from(NASTY), st.text(st.characters(exclude_categories=("Cs",)), max_size=120))
# Raw query strings, including broken percent-escapes and bytes that are not UTF-8.
raw_query = st.text(st.sampled_from("abcqpage=&%;+/?#0123456789ABCDEFZ.-_~ "), max_size=60)


def _tag(name: str) -> str:
    """A marker in each stored field: it must come back escaped, never as markup."""
    return f"<i>{name}</i>"


@pytest.fixture
def fast_passwords(settings, reference_data):
    # A refused sign-in still hashes the password once (against timing attacks): make that cheap here.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def position(reference_data):
    position = OpenPositionFactory(title="Payroll clerk")
    for order, kind in enumerate(ScreeningQuestion.Kind.values):
        ScreeningQuestion.objects.create(position=position, order=order, text=f"Question {kind}", kind=kind,
                                         required=True, knockout="no" if kind == "yes_no" else "")
    return position


def _resume(kind: str):
    data = {"pdf": files.pdf, "docx": files.docx}.get(kind)
    if data is not None:
        return SimpleUploadedFile(f"cv.{kind}", data(), content_type="application/octet-stream")
    if kind == "html":
        return SimpleUploadedFile("cv.pdf", files.HTML, content_type="application/pdf")
    if kind == "empty":
        return SimpleUploadedFile("cv.pdf", b"", content_type="application/pdf")
    return None


_fuzzed = {
    "email_local": st.one_of(st.sampled_from(["anna", "o'brien&co", "a+b", "\x00", "", "a b"]),
                             st.from_regex(r"[a-z0-9.!#$%&'*+/=?^_`{|}~-]{1,30}", fullmatch=True)),
    "education_level": st.one_of(st.sampled_from(["0", "3", "7", "99", "-1", "x", ""]), text),
    "years_experience": st.one_of(st.sampled_from(["0", "4", "50", "51", "-3", "1e3", ""]), text),
    "yes_no": st.one_of(st.sampled_from(["yes", "no", "maybe", ""]), text),
    "number": st.one_of(st.sampled_from(["4", "2.5", "NaN", "1e9", "123456789", "-0.00", ""]), text),
    "privacy": st.sampled_from(["on", "", "off"]),
    "source": st.one_of(st.sampled_from(["linkedin", "job_board", "evil"]), text),
    "resume": st.sampled_from(["pdf", "docx", "html", "empty", "none"]),
    "website": st.sampled_from(["", "", "", "http://bot.example"]),
    "extra": st.dictionaries(text.filter(bool), text, max_size=3),
}
# Half the examples keep every structured field valid, so the free text gets stored and shown to HR.
_valid = {
    "email_local": st.from_regex(r"[a-z0-9.'&+-]{1,20}", fullmatch=True), "education_level": st.just("3"),
    "years_experience": st.just("4"), "yes_no": st.just("yes"), "number": st.sampled_from(["4", "2.5", "-0.00"]),
    "privacy": st.just("on"), "source": st.sampled_from(["linkedin", ""]), "resume": st.sampled_from(["pdf", "docx"]),
    "website": st.just(""), "extra": st.just({}),
}
_free_text = {name: text for name in
              ("first_name", "last_name", "phone", "town", "field_of_study", "other_skills", "cover_letter", "free_text")}
application_fields = st.one_of(st.fixed_dictionaries(_free_text | _valid), st.fixed_dictionaries(_free_text | _fuzzed))
_emails = itertools.count()


@FUZZ
@given(fields=application_fields)
def test_the_application_form_never_answers_500_and_what_it_stores_comes_back_escaped(client, position, hr, fields):
    cache.clear()  # the per-address limit counts complete applications; this is not about it
    questions = {q.kind: q for q in position.screening_questions.all()}
    marked = {name: f"{fields[name]} {_tag(name)}"[-80:] for name in ("first_name", "last_name")}
    marked |= {name: f"{fields[name]} {_tag(name)}" for name in ("town", "field_of_study", "other_skills", "cover_letter")}
    answer = f"{fields['free_text']} {_tag('answer')}"
    data = {
        **fields["extra"], **marked,
        # A new address each time (an address applies once per position).
        "email": f"{fields['email_local']}.{next(_emails)}@example.com", "phone": fields["phone"],
        "education_level": fields["education_level"], "years_experience": fields["years_experience"],
        f"question_{questions['yes_no'].pk}": fields["yes_no"], f"question_{questions['number'].pk}": fields["number"],
        f"question_{questions['text'].pk}": answer, "privacy": fields["privacy"], "source": fields["source"],
        "website": fields["website"], "submission_token": str(uuid.uuid4()),
    }
    resume = _resume(fields["resume"])
    if resume is not None:
        data["resume"] = resume
    response = client.post(reverse("jobs:apply", kwargs={"slug": position.slug}), data)
    # 400: a form field name longer than the multipart parser takes (Django's own limit).
    assert response.status_code in (200, 302, 400)
    event(f"answered {response.status_code} {response.get('Location', '')}")
    if response.status_code == 400:
        return
    if response.status_code == 200:
        for name in ("first_name", "last_name", "town", "cover_letter"):
            assert _tag(name) not in response.content.decode()  # echoed back into the form, escaped
        return
    if response["Location"] != reverse("jobs:applied", kwargs={"slug": position.slug}):
        return  # the honeypot, or already applied with this address
    application = Application.objects.select_related("candidate").get(submission_token=data["submission_token"])
    client.force_login(hr)
    try:
        detail = client.get(reverse("candidates:detail", kwargs={"pk": application.pk})).content.decode()
        table = client.get(reverse("candidates:table", kwargs={"pk": position.pk})).content.decode()
    finally:
        client.logout()
    for name in ("first_name", "last_name", "town", "field_of_study", "other_skills", "cover_letter", "answer"):
        assert _tag(name) not in detail and _tag(name) not in table, name
    for name in ("first_name", "last_name", "town", "other_skills", "answer"):
        assert escape(_tag(name)) in detail, name
    assert escape(application.candidate.full_name) in table
    if set(application.candidate.email) & set("&'"):
        assert application.candidate.email not in detail and escape(application.candidate.email) in detail


PUBLIC_PAGES = ["jobs:board", "jobs:feed", "jobs:detail", "jobs:apply", "jobs:applied", "jobs:already_applied",
                "privacy", "sitemap", "healthz", "login"]
BOARD_PARAMETERS = ["q", "function", "location", "work_mode", "page", "sort", "source", "lang", "format"]


def _public_url(name: str, position) -> str:
    kwargs = {"slug": position.slug} if name.startswith("jobs:") and name not in ("jobs:board", "jobs:feed") else {}
    return reverse(name, kwargs=kwargs)


@FUZZ
@given(parameters=st.dictionaries(st.one_of(st.sampled_from(BOARD_PARAMETERS), text.filter(bool)), text, max_size=5),
       name=st.sampled_from(PUBLIC_PAGES))
def test_public_pages_answer_any_query_string_without_a_500_and_echo_it_escaped(client, position, parameters, name):
    parameters = {key: f"{value}{_tag('query')}" for key, value in parameters.items()}
    response = client.get(_public_url(name, position) + "?" + urlencode(parameters))
    # The job board ignores filter values it does not know; every other page ignores its query string.
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert _tag("query").encode() not in body


@FUZZ
@given(query=raw_query, name=st.sampled_from(PUBLIC_PAGES))
def test_public_pages_answer_a_broken_query_string_without_a_500(client, position, query, name):
    response = client.get(_public_url(name, position), QUERY_STRING=query)
    assert response.status_code == 200


@FUZZ
@given(language=st.one_of(st.sampled_from(["it", "en", "de", "", "it-IT", "EN"]), text),
       target=st.one_of(st.sampled_from(["/jobs/", "//evil.example/", "https://evil.example/", "javascript:alert(1)",
                                         "/\\evil.example", "\\\\evil.example", ""]), text))
def test_the_language_switch_never_answers_500_nor_leaves_the_site(client, language, target):
    response = client.post(reverse("set_language"), {"language": language, "next": target})
    assert response.status_code == 302
    # Back to a page of this site (a relative address is one), never to another host or a scheme.
    assert url_has_allowed_host_and_scheme(response["Location"], allowed_hosts={"testserver"})


@FUZZ
@given(username=text, password=text, page=st.sampled_from(["login", "admin:login"]))
def test_the_sign_in_forms_never_answer_500(client, fast_passwords, username, password, page):
    response = client.post(reverse(page), {"username": username, "password": password})
    # A refused sign-in shows the form again; repeated failures for one name are throttled (429).
    assert response.status_code in (200, 429)


def _post_through_the_wsgi_application(path: str, body: bytes, content_type: str) -> int:
    """POST raw bytes through the application as gunicorn runs it (the test client builds its own request)."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections
    from django.test.client import FakePayload, RequestFactory

    from recruiting.wsgi import application

    environ = RequestFactory()._base_environ(
        PATH_INFO=path, REQUEST_METHOD="POST", CONTENT_TYPE=content_type, CONTENT_LENGTH=str(len(body)),
        **{"wsgi.input": FakePayload(body)},
    )
    status = []
    # As the test client does: the request must not close the test's database connection.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        response = application(environ, lambda code, headers, exc_info=None: status.append(int(code.split()[0])))
        b"".join(response)
        response.close()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return status[0]


@FUZZ
@given(content_type=st.one_of(
    st.sampled_from(["application/x-www-form-urlencoded; charset=utf-7", "multipart/form-data",
                     "multipart/form-data; boundary=", "text/plain; charset=zlib", "application/json",
                     "application/x-www-form-urlencoded; charset=undefined"]),
    st.builds(lambda kind, charset: f"{kind}; charset={charset}",
              st.sampled_from(["application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "text/plain"]),
              st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyz0123456789-_"), max_size=12))),
    body=st.binary(max_size=200), name=st.sampled_from(["jobs:apply", "login", "set_language", "admin:login"]))
def test_public_posts_of_any_content_type_never_answer_500(position, content_type, body, name):
    # Header values with control characters never reach the application: the HTTP server refuses them.
    assert _post_through_the_wsgi_application(_public_url(name, position), body, content_type) < 500
