"""Sending a recorded message at most once, for candidate e-mails and interview reminders alike.

Every outgoing message is first a row (``CandidateEmail``, ``Reminder``) with a unique key and a
status. A send goes through three steps, each its own transaction, so a worker killed at any
point never causes a second copy:

1. ``claim``: lock the row, check it is still pending, mark it ``sending`` and commit.
2. ``send_claimed``: build the message and hand it to the mail server, outside any transaction.
3. Record the outcome: ``sent``; back to ``pending`` when the server clearly did not take it
   (``failed`` after ``MAX_ATTEMPTS``); ``failed`` when it cannot be built; ``uncertain`` when
   the connection broke while the server may have taken it.

A row left ``sending`` by a worker that died stays there; the periodic scans call
``mark_stale_uncertain`` and it becomes ``uncertain``, which nothing resends automatically: an
admin decides (``send_again``). Every message carries a Message-ID derived from its key, so a
manual resend is recognisably the same message.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
import smtplib
from collections.abc import Callable
from email.utils import parseaddr

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.mail.message import sanitize_address
from django.db import models, transaction
from django.template import Context, engines
from django.utils import timezone

logger = logging.getLogger(__name__)

# The shared status values of CandidateEmail.Status and Reminder.Status.
PENDING, SENDING, SENT, UNCERTAIN, FAILED = "pending", "sending", "sent", "uncertain", "failed"
MAX_ATTEMPTS = 5
# Longer than any send task's time limit (60 s) plus the SMTP timeout: a row 'sending' for longer
# belongs to a worker that died. Settable for a test run with SENDING_STALE_AFTER_SECONDS.
STALE_AFTER = datetime.timedelta(minutes=10)
SMTP_TIMEOUT = 30

# Errors that mean the server did not accept the message (it answered "no" before taking
# responsibility for it), so sending it again cannot make a second copy.
NOT_ACCEPTED = (
    smtplib.SMTPRecipientsRefused,
    smtplib.SMTPSenderRefused,
    smtplib.SMTPDataError,
    smtplib.SMTPHeloError,
    smtplib.SMTPNotSupportedError,
)


def render_text(template_name: str, context: dict) -> str:
    """A plain-text e-mail part from a template, with nothing HTML-escaped.

    Django escapes every template by default, which is right for pages and wrong for text/plain:
    "O'Brien & <Sons>" must arrive as typed, not as "O&#x27;Brien &amp; &lt;Sons&gt;". Every text
    e-mail is rendered here; an HTML part, if one is ever added, goes through render_to_string.
    """
    template = engines["django"].get_template(template_name).template
    return template.render(Context(context, autoescape=False))


def subject_line(text: str) -> str:
    """A subject on one line: CR, LF and runs of spaces become one space, so no header can be injected."""
    return " ".join(str(text).split())


class NotDelivered(OSError):
    """The mail server did not take the message: safe to try again."""


class DeliveryUnknown(OSError):
    """The connection broke while the server may have taken the message."""


def message_id(key: str) -> str:
    """A stable Message-ID for a message key: the same key always gives the same id."""
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    _, at, domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")
    return f"<{digest}@{domain if at and domain else 'recruiting.invalid'}>"


RETRY_LATER = "not delivered: retry later"
OUTCOMES = ("sent", "skipped", "retry later", "failed", "uncertain")


def summary(outcomes) -> str:
    """One line for a cron log: how many of each outcome ("2 sent, 0 skipped, …")."""
    counts = dict.fromkeys(OUTCOMES, 0)
    for outcome in outcomes:
        key = "retry later" if outcome == RETRY_LATER else outcome
        counts[key if key in counts else "skipped"] += 1
    return ", ".join(f"{count} {name}" for name, count in counts.items())


def retry_wait(attempts: int) -> datetime.timedelta:
    """How long after its last attempt a message not taken by the mail server is tried again."""
    return datetime.timedelta(minutes=2**attempts) if attempts else datetime.timedelta(0)


def retry_due(now: datetime.datetime) -> models.Q:
    """Pending rows whose next attempt is due: never tried, or tried long enough ago (2, 4, 8, 16 minutes).

    So the fifth and last attempt comes about half an hour after the first failure.
    """
    # Never tried, or pushed by an admin's "Send again" (which clears the time of the last attempt;
    # rows from before this rule have none either).
    due = models.Q(attempts=0) | models.Q(attempts__lt=MAX_ATTEMPTS, sending_since__isnull=True)
    for attempts in range(1, MAX_ATTEMPTS):
        due |= models.Q(attempts=attempts, sending_since__lte=now - retry_wait(attempts))
    return models.Q(status=PENDING) & due


def stale_after() -> datetime.timedelta:
    seconds = getattr(settings, "SENDING_STALE_AFTER_SECONDS", None)
    return datetime.timedelta(seconds=seconds) if seconds else STALE_AFTER


def mark_stale_uncertain(model: type[models.Model], *, now: datetime.datetime | None = None) -> int:
    """Rows 'sending' for longer than a send can last belong to a dead worker: mark them uncertain."""
    now = now or timezone.now()
    stale = model.objects.filter(status=SENDING, sending_since__lt=now - stale_after())
    keys = list(stale.values_list("key", flat=True)[:1000])
    count = stale.filter(key__in=keys).update(status=UNCERTAIN)
    if count:
        logger.warning(
            "%d %s left 'sending' by a stopped worker are now uncertain (not resent automatically): %s",
            count, model._meta.verbose_name_plural, ", ".join(keys[:20]),
        )
    return count


def claim(queryset: models.QuerySet, pk: int, *, now: datetime.datetime, obsolete: Callable | None = None):
    """Mark one pending row as being sent and commit; returns (row, "") when the caller may send it.

    Otherwise returns (row or None, why): "skipped" when it is not pending (sent, being sent by
    someone else, uncertain, failed), "obsolete: <reason>" when it no longer makes sense (then failed).
    """
    with transaction.atomic():
        row = queryset.select_for_update(of=("self",)).filter(pk=pk).first()
        if row is None or row.status != PENDING:
            return row, "skipped"
        if not type(row).objects.filter(retry_due(now), pk=pk).exists():
            # A second task for the same row (a backlog, twin schedulers) must not bring a retry forward.
            return row, "skipped"
        reason = obsolete(row) if obsolete else ""
        if reason:
            row.status = FAILED
            fields = ["status"]
            if hasattr(row, "payload"):
                row.payload = {**row.payload, "skipped": reason}
                fields.append("payload")
            row.save(update_fields=fields)
            return row, f"obsolete: {reason}"
        row.status, row.sending_since, row.attempts = SENDING, now, row.attempts + 1
        row.save(update_fields=["status", "sending_since", "attempts"])
    return row, ""


def send_claimed(row: models.Model, build: Callable[[], EmailMessage], *, now: datetime.datetime) -> str:
    """Build and send a claimed row, then record the outcome; raises NotDelivered when worth retrying."""
    model = type(row)
    # Only our own claim: a late finish never overwrites an admin's later resend.
    ours = model.objects.filter(pk=row.pk, sending_since=row.sending_since, status__in=[SENDING, UNCERTAIN])
    try:
        message = build()
        message.extra_headers["Message-ID"] = message_id(row.key)
        _check_buildable(message)
    except Exception:  # a broken template, header or address: retrying would not help
        logger.exception("%s %s cannot be built", model._meta.verbose_name, row.pk)
        ours.update(status=FAILED)
        return "failed"
    try:
        transmit(message)
    except NotDelivered as error:
        status = FAILED if row.attempts >= MAX_ATTEMPTS else PENDING
        ours.update(status=status)
        logger.warning("%s %s not accepted by the mail server (attempt %d): %s",
                       model._meta.verbose_name, row.pk, row.attempts, error)
        # The periodic scans own the retries, spaced out (see retry_due): an outage of the mail
        # server for a few minutes must not use up every attempt.
        return RETRY_LATER if status == PENDING else "failed"
    except DeliveryUnknown as error:
        ours.update(status=UNCERTAIN)
        logger.warning("%s %s may or may not have been sent (%s); an admin can send it again",
                       model._meta.verbose_name, row.pk, error)
        return "uncertain"
    ours.update(status=SENT, sent_at=now)
    return "sent"


def _check_buildable(message: EmailMessage) -> None:
    # Header and encoding errors surface here, before any connection is opened.
    message.message()
    encoding = message.encoding or settings.DEFAULT_CHARSET
    for address in message.recipients():
        sanitize_address(address, encoding)
    if not message.recipients():
        raise ValueError("no recipient")


def transmit(message: EmailMessage) -> None:
    """Hand one message to the mail backend, telling 'not taken' apart from 'maybe taken'."""
    connection = get_connection(fail_silently=False, timeout=getattr(settings, "EMAIL_TIMEOUT", None) or SMTP_TIMEOUT)
    try:
        connection.open()
    except Exception as error:  # no connection, TLS or login refused: nothing was handed over
        raise NotDelivered(f"{type(error).__name__}: {error}") from error
    try:
        sent = connection.send_messages([message])
    except NOT_ACCEPTED as error:
        raise NotDelivered(f"{type(error).__name__}: {error}") from error
    except Exception as error:  # the connection broke mid-way: it may have been taken
        raise DeliveryUnknown(f"{type(error).__name__}: {error}") from error
    finally:
        try:
            connection.close()
        except Exception:  # the message was already accepted or refused; closing does not change that
            logger.warning("closing the mail connection failed", exc_info=True)
    if not sent:
        raise NotDelivered("the mail backend took no message")


def send_again(queryset: models.QuerySet, *, user, now: datetime.datetime | None = None) -> tuple[list[int], int]:
    """An admin's resend: uncertain or failed rows go back to pending; pending rows are pushed again.

    Returns (ids to enqueue once this commits, how many were left alone because sent or being sent).
    Nothing already sent is sent twice from here: only the admin's decision on an uncertain row can.
    """
    now = now or timezone.now()
    ids, left = [], 0
    with transaction.atomic():
        for row in queryset.select_for_update(of=("self",)).order_by("pk"):
            if row.status == PENDING:
                # Tried again now, not at the next spaced-out retry: the admin asked.
                if row.sending_since is not None:
                    row.sending_since = None
                    row.save(update_fields=["sending_since"])
                ids.append(row.pk)
                continue
            if row.status not in (UNCERTAIN, FAILED):
                left += 1
                continue
            fields = ["status", "attempts", "sending_since"]
            if hasattr(row, "payload"):
                asked = {"by": user.get_username(), "at": now.isoformat(), "was": row.status}
                payload = {key: value for key, value in row.payload.items() if key != "skipped"}
                row.payload = payload | {"resent": [*payload.get("resent", []), asked]}
                fields.append("payload")
            logger.info("%s %s (%s, was %s) sent again at the request of %s",
                        row._meta.verbose_name, row.pk, row.key, row.status, user.get_username())
            row.status, row.attempts, row.sending_since = PENDING, 0, None
            row.save(update_fields=fields)
            ids.append(row.pk)
    return ids, left
