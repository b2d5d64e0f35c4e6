"""The development outbox: the e-mails `make run` wrote to EMAIL_FILE_PATH, for HR to read (DEBUG only).

With DEBUG on, settings pick Django's file-based mail backend, which appends every message it sends to a
``.log`` file in EMAIL_FILE_PATH (``var/outbox/``), followed by a line of 79 dashes. This page reads those
files back: subject, recipients, date, text and the names of the attachments, newest first. With DEBUG off
the page does not exist (404) for anyone, so it can never show a real mailbox in production.
"""

import email
import email.policy
import logging
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from core.roles import is_hr_manager

logger = logging.getLogger(__name__)

FILE_BASED_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
# What the file-based backend writes after each message (django/core/mail/backends/filebased.py).
SEPARATOR = b"\n" + b"-" * 79 + b"\n"
MAX_FILES = 200  # the newest files only: a development folder can grow for months
MAX_FILE_BYTES = 10 * 1024 * 1024


@dataclass
class OutboxEmail:
    subject: str
    to: str
    sent_at: datetime | None
    body: str
    attachments: list[str] = field(default_factory=list)
    file_name: str = ""


def enabled() -> bool:
    return bool(settings.DEBUG)


def menu(request) -> dict:
    """Context processor: the Outbox link's address while the page exists (DEBUG), else ""."""
    return {"OUTBOX_URL": reverse("staff:outbox") if enabled() else ""}


def read_outbox(folder: Path, *, limit: int = MAX_FILES) -> list[OutboxEmail]:
    """The messages in the newest `limit` files of `folder`, newest first (by their Date header)."""
    if not folder.is_dir():
        return []
    files = sorted(
        (path for path in folder.iterdir() if path.is_file() and path.suffix == ".log"),
        key=lambda path: path.stat().st_mtime,
        reverse=True,
    )[:limit]
    found = []
    for order, path in enumerate(files):
        for message in _messages(path):
            found.append((message.sent_at.timestamp() if message.sent_at else path.stat().st_mtime, -order, message))
    found.sort(key=lambda item: item[:2], reverse=True)
    return [message for _when, _order, message in found]


def _messages(path: Path) -> list[OutboxEmail]:
    try:
        with path.open("rb") as stream:
            data = stream.read(MAX_FILE_BYTES)
    except OSError:
        logger.warning("outbox: cannot read %s", path, exc_info=True)
        return []
    return [_parse(chunk, path.name) for chunk in data.split(SEPARATOR) if chunk.strip()]


def _parse(raw: bytes, file_name: str) -> OutboxEmail:
    message = email.message_from_bytes(raw, policy=email.policy.default)
    try:
        sent_at = message["Date"].datetime if message["Date"] else None
    except (AttributeError, TypeError, ValueError):  # a missing or malformed Date header
        sent_at = None
    body_part = message.get_body(preferencelist=("plain", "html"))
    try:
        body = body_part.get_content() if body_part is not None else ""
    except (LookupError, ValueError):  # an unknown charset or a broken encoding: show what is there
        body = body_part.get_payload(decode=True).decode("utf-8", "replace") if body_part is not None else ""
    attachments = [part.get_filename() or part.get_content_type() for part in message.iter_attachments()]
    return OutboxEmail(
        subject=_one_line(message["Subject"]),
        to=_one_line(message["To"]),
        sent_at=sent_at,
        body=body,
        attachments=attachments,
        file_name=file_name,
    )


def _one_line(header) -> str:
    """A header as read: a long one is folded over several lines (and may start with one) when written."""
    return " ".join(str(header or "").split())


@require_GET
def outbox_view(request):
    """HR's view of the development outbox (404 unless DEBUG; sign-in, then HR only)."""
    if not enabled():
        raise Http404
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not is_hr_manager(request.user):
        raise Http404
    folder = Path(settings.EMAIL_FILE_PATH)
    return render(
        request,
        "recruiting/outbox.html",
        {
            "emails": read_outbox(folder),
            "folder": folder,
            "writes_files": settings.EMAIL_BACKEND == FILE_BASED_BACKEND,
        },
    )
