"""The rules of structured references that need no database: reminder timing and the signals HR sees.

- Reminders: a referee who has not answered gets the first reminder ``REMINDER_AFTER[0]`` (3 days) after the
  invitation and the second ``REMINDER_AFTER[1]`` (7 days) after it; never more than two. A scan that comes
  late sends only the latest reminder due (a referee 8 days in with none sent gets the second one, not two
  e-mails a minute apart).
- Signals are prompts to check, never conclusions, and are worded without accusing anyone:
  ``same_email`` the referee's address is the candidate's own; ``free_mail_manager`` named as a manager with
  an address on a personal e-mail service (``FREE_MAIL_DOMAINS``, or any domain of a ``FREE_MAIL_BRANDS``
  provider such as hotmail.it or yahoo.co.uk); ``shared_address`` two or more referees of one application
  answered from the same network address (compared as keyed hashes); ``fast_answer`` the form was sent
  fewer than ``fast_seconds`` after it was opened (exactly ``fast_seconds`` is not flagged).
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

REMINDER_AFTER = (datetime.timedelta(days=3), datetime.timedelta(days=7))
MAX_REMINDERS = len(REMINDER_AFTER)

FREE_MAIL_DOMAINS = frozenset({
    "gmail.com", "googlemail.com", "icloud.com", "me.com", "mac.com", "libero.it", "virgilio.it", "alice.it",
    "tiscali.it", "tin.it", "email.it", "inwind.it", "iol.it", "fastwebnet.it", "aol.com", "protonmail.com",
    "proton.me", "gmx.com", "gmx.net", "mail.com", "yandex.com", "zoho.com",
})
# Providers whose addresses come under many country domains (hotmail.it, outlook.fr, yahoo.co.uk, …).
FREE_MAIL_BRANDS = frozenset({"hotmail", "outlook", "live", "msn", "yahoo", "ymail", "gmx"})

SAME_EMAIL, FREE_MAIL_MANAGER, SHARED_ADDRESS, FAST_ANSWER = "same_email", "free_mail_manager", "shared_address", "fast_answer"


def reminder_due(*, invited_at: datetime.datetime, reminders_sent: int, now: datetime.datetime) -> int | None:
    """The number (1 or 2) of the reminder to send now, or None; only the latest one due when a scan was late."""
    passed = sum(now >= invited_at + after for after in REMINDER_AFTER)
    return passed if passed > reminders_sent else None


def email_domain(email: str) -> str:
    return email.strip().lower().rpartition("@")[2]


def is_free_mail(email: str) -> bool:
    domain = email_domain(email)
    return domain in FREE_MAIL_DOMAINS or domain.split(".")[0] in FREE_MAIL_BRANDS


@dataclass(frozen=True)
class RefereeFacts:
    """What the signals read about one referee."""

    key: int
    email: str
    relationship: str
    responded: bool  # answered or declined: only then is there an address and a time
    address_hash: str = ""
    answer_seconds: int | None = None


@dataclass(frozen=True)
class Signal:
    code: str
    text: str


def signals(referees: Sequence[RefereeFacts], *, candidate_email: str, fast_seconds: int) -> dict[int, list[Signal]]:
    """Each referee's signals (by key), in a fixed order; referees with none are left out."""
    candidate = candidate_email.strip().lower()
    shared = Counter(r.address_hash for r in referees if r.responded and r.address_hash)
    out: dict[int, list[Signal]] = {}
    for referee in referees:
        found = []
        if candidate and referee.email.strip().lower() == candidate:
            found.append(Signal(SAME_EMAIL, _("The referee's e-mail address is the same as the candidate's.")))
        if referee.relationship == "manager" and is_free_mail(referee.email):
            found.append(Signal(FREE_MAIL_MANAGER, _(
                "Named as a manager, with an address on a personal e-mail service (%(domain)s): you may want to "
                "confirm the role.") % {"domain": email_domain(referee.email)}))
        if referee.responded and referee.address_hash and shared[referee.address_hash] > 1:
            count = shared[referee.address_hash]
            found.append(Signal(SHARED_ADDRESS, ngettext(
                "Answered from the same network address as %(count)d other referee of this candidate.",
                "Answered from the same network address as %(count)d other referees of this candidate.",
                count - 1) % {"count": count - 1}))
        if referee.responded and referee.answer_seconds is not None and referee.answer_seconds < fast_seconds:
            found.append(Signal(FAST_ANSWER, ngettext(
                "The form was completed in %(seconds)d second.", "The form was completed in %(seconds)d seconds.",
                referee.answer_seconds) % {"seconds": referee.answer_seconds}))
        if found:
            out[referee.key] = found
    return out
