"""The development outbox: e-mails written by Django's file-based backend, listed for HR while DEBUG is on."""

import re
from html import unescape

import pytest
from django.core.mail import EmailMessage, EmailMultiAlternatives, get_connection

OUTBOX = "/staff/outbox/"
FILE_BACKEND = "django.core.mail.backends.filebased.EmailBackend"


@pytest.fixture
def folder(settings, tmp_path):
    settings.DEBUG = True
    settings.EMAIL_BACKEND = FILE_BACKEND
    settings.EMAIL_FILE_PATH = str(tmp_path / "outbox")
    return tmp_path / "outbox"


def _send(subject, to, date, body="Gentile candidata,\nla ringraziamo.", attachments=(), html=None):
    """One message through the real file-based backend, one connection (one file) each, as core.mail sends."""
    message_class = EmailMultiAlternatives if html else EmailMessage
    message = message_class(subject, body, "jobs@example.invalid", [to], headers={"Date": date})
    if html:
        message.attach_alternative(html, "text/html")
    for name, content, mimetype in attachments:
        message.attach(name, content, mimetype)
    with get_connection(backend=FILE_BACKEND) as connection:
        assert connection.send_messages([message]) == 1


def _summaries(html):
    """Each listed e-mail's summary line, as a person reads it."""
    return [" ".join(unescape(re.sub(r"<[^>]+>", " ", s)).split()) for s in re.findall(r"<summary>(.*?)</summary>", html, re.S)]


def test_hr_reads_the_emails_the_backend_wrote_newest_first(hr_client, folder):
    _send("Conferma: la tua candidatura è arrivata", "ada@example.invalid", "Mon, 11 Jan 2027 09:00:00 +0100")
    _send("Invito al colloquio", "bea@example.invalid", "Tue, 12 Jan 2027 15:30:00 +0100",
          attachments=[("invito.ics", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar")],
          html="<p>Invito</p>")
    _send("Esito", "carla@example.invalid", "Sun, 10 Jan 2027 08:00:00 +0100",
          attachments=[("lettera.pdf", b"%PDF-1.4", "application/pdf"), ("note.txt", "ok", "text/plain")])
    response = hr_client.get(OUTBOX)
    assert response.status_code == 200
    assert _summaries(response.content.decode()) == [
        "Invito al colloquio · bea@example.invalid · 12/01/2027 15:30 invito.ics",
        "Conferma: la tua candidatura è arrivata · ada@example.invalid · 11/01/2027 09:00",
        "Esito · carla@example.invalid · 10/01/2027 08:00 lettera.pdf, note.txt",
    ]
    assert [m.body for m in response.context["emails"]] == ["Gentile candidata,\nla ringraziamo."] * 3


def test_the_page_escapes_what_the_emails_contain(hr_client, folder):
    _send('<script>alert("s")</script>', "x@example.invalid", "Mon, 11 Jan 2027 09:00:00 +0100",
          body="<img src=x onerror=alert(1)>", attachments=[("<b>.ics", "x", "text/calendar")])
    html = hr_client.get(OUTBOX).content.decode()
    assert ["<script>alert" in html, "<img src=x" in html, "<b>.ics" in html] == [False, False, False]
    assert "&lt;script&gt;alert(&quot;s&quot;)&lt;/script&gt;" in html and "&lt;img src=x onerror=alert(1)&gt;" in html


@pytest.mark.parametrize(
    "persona, status",
    [("anonymous", 404), ("interviewer", 404), ("hr", 404), ("admin", 404)],
    ids=["anonymous", "interviewer", "hr", "admin"],
)
def test_with_debug_off_the_page_does_not_exist_for_anyone(settings, request, reference_data, persona, status):
    settings.DEBUG = False
    client = request.getfixturevalue("client" if persona == "anonymous" else f"{persona}_client")
    assert (client.get(OUTBOX).status_code, client.post(OUTBOX).status_code) == (status, 405)


@pytest.mark.parametrize(
    "persona, status",
    [("interviewer", 404), ("hr", 200), ("admin", 200)],
    ids=["interviewer", "hr", "admin"],
)
def test_with_debug_on_only_hr_and_admins_read_it(folder, request, reference_data, persona, status):
    assert request.getfixturevalue(f"{persona}_client").get(OUTBOX).status_code == status


def test_with_debug_on_visitors_are_sent_to_sign_in(folder, client):
    response = client.get(OUTBOX)
    assert response.status_code == 302 and response["Location"] == "/accounts/login/?next=/staff/outbox/"


@pytest.mark.parametrize(
    "debug, persona, linked",
    [(True, "hr", True), (True, "interviewer", False), (False, "hr", False)],
    ids=["debug-hr", "debug-interviewer", "no-debug-hr"],
)
def test_the_menu_links_the_outbox_for_hr_while_debug_is_on(settings, request, reference_data, debug, persona, linked):
    settings.DEBUG = debug
    client = request.getfixturevalue(f"{persona}_client")
    assert (f'href="{OUTBOX}"' in client.get("/staff/").content.decode()) is linked


@pytest.mark.parametrize(
    "files, shown",
    [
        ({}, "No e-mails have been written yet."),
        ({"20270111-090000-1.log": b"\x00\xff not a message at all"}, "(no subject)"),
        ({"notes.txt": b"Subject: not from the backend\n\nhello"}, "No e-mails have been written yet."),
    ],
    ids=["empty-folder", "garbage-file", "other-files-ignored"],
)
def test_odd_folders_do_not_fail(hr_client, folder, files, shown):
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        (folder / name).write_bytes(content)
    response = hr_client.get(OUTBOX)
    assert response.status_code == 200 and shown in response.content.decode()


def test_a_missing_folder_is_an_empty_outbox(hr_client, settings, tmp_path):
    settings.DEBUG = True
    settings.EMAIL_FILE_PATH = str(tmp_path / "never-created")
    assert "No e-mails have been written yet." in hr_client.get(OUTBOX).content.decode()


@pytest.mark.parametrize("count", [2, 10], ids=["2-emails", "10-emails"])
def test_the_outbox_costs_the_same_queries_at_2_and_10_emails(hr_client, folder, django_assert_num_queries, count):
    for n in range(count):
        _send(f"Messaggio {n}", f"p{n}@example.invalid", f"Mon, 11 Jan 2027 09:{n:02d}:00 +0100")
    # session, user, groups (the role), the user's and the groups' permissions (the menu); no query per e-mail
    with django_assert_num_queries(5):
        response = hr_client.get(OUTBOX)
    assert len(response.context["emails"]) == count


def test_the_confirmation_of_a_real_application_reaches_the_outbox(client, hr, folder, django_capture_on_commit_callbacks):
    from candidates.models import CandidateEmail
    from candidates.tests.test_apply import form_data
    from positions.tests.factories import OpenPositionFactory

    position = OpenPositionFactory(title="Addetta contabilità")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/jobs/{position.slug}/apply/", form_data(position, email="giulia@example.invalid"),
                               HTTP_ACCEPT_LANGUAGE="it")
    assert response.status_code == 302
    sent = CandidateEmail.objects.get()
    client.force_login(hr)
    listed = client.get(OUTBOX).context["emails"]
    assert sent.status == CandidateEmail.Status.SENT
    # The stored text, then the status-page link added when it is sent.
    assert [(m.subject, m.to, m.body.strip().rsplit("\n\n", 1)[0]) for m in listed] == [
        (sent.subject, sent.to, sent.body.strip())]
    assert listed[0].body.strip().rsplit("\n\n", 1)[1].startswith("Segui la tua candidatura, o ritirala, qui")
