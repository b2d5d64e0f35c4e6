"""E-mails to candidates: sent at most once, retried when the mail server did not take them.

- Each e-mail is a recorded ``CandidateEmail`` row; ``deliver`` sends it through core.mail (claimed
  and committed before the mail server sees it; retries spaced out; 'uncertain' when the connection
  broke while the server may have taken it).
- An anonymised application's person is never written to again, whoever asks (a retry, the scan,
  an admin's "Send again"): the e-mail fails as obsolete, without reaching the mail server.
- The periodic scan (``pending_emails``) turns rows left 'sending' by a dead worker into
  'uncertain' (never resent automatically) and returns the pending rows older than
  ``PENDING_AFTER`` whose retry is due: the e-mail task normally sends a new row within that time.
- An admin's "Send again" (``emails_send_again``) re-queues uncertain, failed and stuck pending
  e-mails, with the same Message-ID as before. Its links are signed again then, so they are valid from
  that send (the same content otherwise).
- The stored body holds no signed link (HR, admins and exports read it): candidates.links markers stand
  where links go, and ``message_for`` fills them in, with the status footer and attachments, only while
  building the message, so what is previewed and what is sent are built by the same code.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils import timezone

from core import mail
from core.tasking import enqueue

from . import links, offers, status
from .models import CandidateEmail, EmailTemplate

PENDING_AFTER = datetime.timedelta(minutes=1)


def deliver(email_id: int, *, now: datetime.datetime | None = None) -> str:
    """Send one recorded e-mail at most once; returns the outcome (see core.mail)."""
    now = now or timezone.now()
    email, outcome = mail.claim(
        CandidateEmail.objects.select_related("application"), email_id, now=now, obsolete=_obsolete
    )
    if outcome:
        return outcome
    return mail.send_claimed(email, lambda: message_for(email), now=now)


def message_for(email: CandidateEmail) -> EmailMessage:
    """The complete message for a recorded e-mail, exactly as it is sent: links signed now, the status footer,
    the attachments and the Message-ID. Reads only: sends and writes nothing (an HR preview may call it)."""
    body = links.fill(email.body, _link_maker(email))
    # Each e-mail ends with a fresh link to the candidate's status page (candidates/status.py).
    message = EmailMessage(email.subject, body + status.email_footer(email), settings.DEFAULT_FROM_EMAIL, [email.to])
    for attachment in _attachments(email):
        message.attach(*attachment)
    message.extra_headers["Message-ID"] = mail.message_id(email.key)
    return message


def _link_maker(email: CandidateEmail):
    """The function that signs the link behind each marker of this kind of e-mail (None: the marker stays)."""
    if email.kind == EmailTemplate.Kind.OFFER:
        return lambda application_id: offers.email_link(email) if application_id is None else None
    if email.kind in (EmailTemplate.Kind.STATUS_LINKS, EmailTemplate.Kind.ERASURE):
        return status.email_links(email)
    return lambda application_id: None


def _attachments(email: CandidateEmail) -> list[tuple[str, bytes, str]]:
    if email.kind != EmailTemplate.Kind.OFFER:
        return []
    return offers.email_attachments(email)  # the offer letter's PDF, as recorded when the offer was sent


def _obsolete(email: CandidateEmail) -> str:
    if email.application.anonymised_at is not None:
        return "application anonymised"
    if email.kind == EmailTemplate.Kind.OFFER:
        return offers.email_obsolete(email)
    return ""


def pending_emails(*, now: datetime.datetime | None = None) -> list[int]:
    """Ids of the e-mails the scan sends now (at most 500), after marking abandoned sends uncertain."""
    now = now or timezone.now()
    mail.mark_stale_uncertain(CandidateEmail, now=now)
    cutoff = now - PENDING_AFTER
    return list(
        CandidateEmail.objects.filter(mail.retry_due(now), created_at__lt=cutoff).order_by("pk").values_list("pk", flat=True)[:500]
    )


def emails_send_again(*, emails, user) -> tuple[list[int], int]:
    """An admin's resend of uncertain, failed or stuck pending e-mails (same Message-ID as before).

    Returns (ids queued, how many were left alone: sent or being sent). Commits, then enqueues.
    """
    ids, left = mail.send_again(emails, user=user)
    for pk in ids:
        enqueue("candidates.tasks.send_candidate_email", pk)
    return ids, left
