"""Blind screening: the one rule for who is masked, and what a masked application may be found or sorted by.

While a position screens blind, nobody working its pipeline learns who applied: every list, search, sort,
export, page title, link and preview reads the rule from here, so no path can undo it.

- **Masked** means: the position has blind screening and the application has never reached the interview
  stage (now or in its history). The mask lifts for good at the interview stage, because the panel must
  know whom they meet; someone rejected or withdrawn before that stays masked in every view of the position,
  since they were never unmasked.
- A masked application is known only by its number ("Candidate #12") and what its page shows (education,
  years, skills, other skills, field of study, answers). Name, e-mail, phone, town, résumé file and text,
  cover letter, other applications and the e-mails sent to the person stay hidden, and search and sorting
  never use them: a search for a surname must not return, and so confirm, the one masked row.
- Data-protection requests still reach the person: by their exact e-mail address on the data-protection
  page, or from one of their unmasked applications, both handing out a signed reference; without one, HR
  cannot open a person's page at all (the same answer for everyone, so probing ids confirms nothing). While
  any of a person's applications is masked, HR's page only counts those ("1 further application is under
  blind screening": no position, date or number), and the export and the erasure are for an administrator
  (a superuser, outside blind screening, as in the Django admin): either would hand HR, or show HR by its
  effect, which masked row is this person.
- Blind screening is switched on or off through positions.services.blind_screening_problem, which asks
  `switch_problem` below (through positions.hooks): never off while a masked application exists, never on while an application that
  would be masked has an interview scheduled (its panel already knows the name).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from copy import copy
from urllib.parse import urlencode

from django.core import signing
from django.db.models import BooleanField, Case, Exists, F, OuterRef, Q, QuerySet, Value, When
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import hooks
from .models import Stage, StageChange

# From these stages on, reviewers see who the person is; having been in one lifts the mask for good.
REVEALING_STAGES = (Stage.INTERVIEW, Stage.OFFER, Stage.HIRED)
# The annotation lists carry, so a page of rows costs no query per row.
ATTRIBUTE = "blind_masked"
# What a masked application's page shows anyway, so searching it reveals nothing new.
OPEN_SEARCH_FIELDS = ("other_skills", "field_of_study")
# What identifies the person: searched only where the application is not masked.
IDENTIFYING_SEARCH_FIELDS = (
    "candidate__first_name", "candidate__last_name", "candidate__email", "candidate__phone", "candidate__town",
    "resume_text",
)
NAME_PLACEHOLDER = "{candidate_name}"
_NUMBER = re.compile(r"(?:#|\bn\.)\s*(\d{1,18})\b", re.IGNORECASE)  # "Candidate #12", "Candidato n. 12"
_PRIVACY_SALT = "candidates.blind.privacy"
PRIVACY_REFERENCE_MAX_AGE = 12 * 3600  # seconds: a lookup is good for a working day


def masked(path: str = "") -> Q:
    """The rule as a database condition, on applications or on rows reaching them through `path` ("application__")."""
    return Q(**{f"{path}position__blind_screening": True}) & before_interview(path)


def before_interview(path: str = "") -> Q:
    """Applications that have never reached the interview stage: masked as soon as their position screens blind."""
    reached_interview = StageChange.objects.filter(application=OuterRef(f"{path}pk"), to_stage__in=REVEALING_STAGES)
    return ~Q(**{f"{path}stage__in": REVEALING_STAGES}) & ~Q(Exists(reached_interview))


def with_mask(queryset: QuerySet, path: str = "") -> QuerySet:
    """Each row carries `blind_masked`, computed in the same query."""
    return queryset.annotate(
        **{ATTRIBUTE: Case(When(masked(path), then=Value(True)), default=Value(False), output_field=BooleanField())}
    )


def shown_name(pk: int, is_masked: bool, full_name: Callable[[], str]) -> str:
    """What an application is called on staff pages: its number while masked, else the person's name."""
    return _("Candidate #%(number)s") % {"number": pk} if is_masked else full_name()


def is_masked(application) -> bool:
    """The rule for one application (Application.is_blind): from the list's annotation when it has one."""
    if not application.position.blind_screening or application.stage in REVEALING_STAGES:
        return False
    known = application.__dict__.get(ATTRIBUTE)
    if known is not None:
        return known
    cache = getattr(application, "_prefetched_objects_cache", {})
    if "stage_changes" in cache:
        return not any(change.to_stage in REVEALING_STAGES for change in cache["stage_changes"])
    # Remembered on the object, as lists do with their annotation: a page reads is_blind and display_name
    # several times. (Reaching a revealing stage still lifts the mask at once: that is checked first.)
    masked_now = not application.stage_changes.filter(to_stage__in=REVEALING_STAGES).exists()
    application.__dict__[ATTRIBUTE] = masked_now
    return masked_now


def mark(applications):
    """Settle the mask of a page of applications in at most one query (only blind positions need one).

    Cheaper than with_mask for showing rows: a database-wide condition costs every row of a long list,
    this costs the rows shown. Returns the applications, so it wraps a page or a chunk.
    """
    applications = list(applications)
    pending = [
        a for a in applications
        if ATTRIBUTE not in a.__dict__ and a.position.blind_screening and a.stage not in REVEALING_STAGES
    ]
    revealed = _revealed([a.pk for a in pending])
    for application in pending:
        application.__dict__[ATTRIBUTE] = application.pk not in revealed
    return applications


def marked(rows, *, application=lambda row: row, chunk: int = 500):
    """mark() over a long iterable (exports), one query per chunk; `application` finds it in a row (a score)."""
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) == chunk:
            mark(application(r) for r in batch)
            yield from batch
            batch = []
    mark(application(r) for r in batch)
    yield from batch


def masked_ids(position, rows: Iterable[tuple[int, str]]) -> set[int]:
    """Which of the position's applications, given as (id, stage), are masked: mark() for plain values (at most
    one query, none when the position does not screen blind)."""
    if not position.blind_screening:
        return set()
    pending = [pk for pk, stage in rows if stage not in REVEALING_STAGES]
    return set(pending) - _revealed(pending)


def _revealed(ids: list[int]) -> set[int]:
    """Those of ``ids`` that have been at a revealing stage (one query; none for no ids)."""
    return set(
        StageChange.objects.filter(application__in=ids, to_stage__in=REVEALING_STAGES)
        .values_list("application_id", flat=True)
    ) if ids else set()


def unmasked_only(condition: Q) -> Q:
    """`condition`, restricted to rows that are not masked (needs with_mask on the queryset)."""
    return condition & Q(**{ATTRIBUTE: False})


def display_number(query: str) -> int | None:
    """The application number in a search such as "#12", "Candidate #12" or "Candidato n. 12" (masked rows' name)."""
    match = _NUMBER.search(query)
    return int(match.group(1)) if match else None


def name_order() -> list:
    """Sorting by name: people by last and first name, then masked applications by number, never by their name."""
    hidden = Q(**{ATTRIBUTE: True})
    return [
        ATTRIBUTE,
        Case(When(hidden, then=Value("")), default=F("candidate__last_name")),
        Case(When(hidden, then=Value("")), default=F("candidate__first_name")),
        "pk",
    ]


# ---------------------------------------------------------------------------
# E-mail previews: the reviewer reads the text without the name, the person gets it with the name
# ---------------------------------------------------------------------------
def preview_stand_in(application):
    """What to render an e-mail preview from: for a masked application, a copy whose person is the placeholder."""
    if not application.is_blind:
        return application
    stand_in, person = copy(application), copy(application.candidate)
    person.first_name, person.last_name, person.email, person.phone, person.town = NAME_PLACEHOLDER, "", "", "", ""
    stand_in.candidate = person
    return stand_in


def fill_in_name(text: str, application) -> str:
    """Put the name back into a text previewed while masked (the placeholder is all the reviewer saw).

    Always, masked or not when it is sent: the mask may have lifted since the preview (the application reached
    the interview stage in another tab), and the person must never read the placeholder itself.
    """
    return text.replace(NAME_PLACEHOLDER, application.candidate.first_name)


# ---------------------------------------------------------------------------
# Data protection: a person's page, reached from their e-mail address, never from a masked application
# ---------------------------------------------------------------------------
def outside_blind_screening(user) -> bool:
    """Administrators see who applied (as in the Django admin), so a masked person's request goes to them."""
    return user.is_superuser


def privacy_applications(candidate, user) -> tuple[list, int]:
    """What the person's data-protection page names for `user`, newest first, and how many masked ones it only counts.

    HR may act on the person's data (export, erase) only when that count is 0.
    """
    applications = mark(candidate.applications.select_related("position").order_by("-applied_at", "-pk"))
    if outside_blind_screening(user):
        return applications, 0
    named = [application for application in applications if not application.is_blind]
    return named, len(applications) - len(named)


def privacy_reference(candidate_pk: int) -> str:
    """What the e-mail lookup hands out: proof that whoever opens the page already knew who the person is."""
    return signing.dumps(candidate_pk, salt=_PRIVACY_SALT, compress=True)


def privacy_page_url(candidate_pk: int) -> str:
    """The person's data-protection page with its reference; only for pages that already show who they are."""
    query = urlencode({"ref": privacy_reference(candidate_pk)})
    return f"{reverse('staff:candidate_privacy', kwargs={'pk': candidate_pk})}?{query}"


def privacy_reference_is_valid(reference: str, candidate_pk: int) -> bool:
    try:
        return signing.loads(reference, salt=_PRIVACY_SALT, max_age=PRIVACY_REFERENCE_MAX_AGE) == candidate_pk
    except signing.BadSignature:  # also covers an expired reference
        return False


def switch_problem(position, *, blind_screening: bool) -> str | None:
    """Why blind screening cannot be switched to `blind_screening` on this position now (positions.hooks).

    On is refused while an application that would be masked has an interview scheduled (its panel knows the
    name, and "My interviews" and the reminders would keep naming it). Off is refused while any application
    is masked: it would show the names of people reviewed without them.
    """
    applications = position.applications.all()
    if blind_screening:
        count = applications.filter(before_interview(), hooks.with_scheduled_interview()).count()
        if count:
            return ngettext(
                "Blind screening cannot be switched on yet: %(count)d application that has not reached the "
                "interview stage has an interview scheduled, so its interviewers already know the name. Cancel "
                "that interview, or move the application to the interview stage, first.",
                "Blind screening cannot be switched on yet: %(count)d applications that have not reached the "
                "interview stage have interviews scheduled, so their interviewers already know the names. Cancel "
                "those interviews, or move the applications to the interview stage, first.",
                count,
            ) % {"count": count}
        return None
    count = applications.filter(masked()).count()
    if count:
        return ngettext(
            "Blind screening cannot be switched off: %(count)d application was reviewed without the person's "
            "name and has not reached the interview stage, so it stays masked.",
            "Blind screening cannot be switched off: %(count)d applications were reviewed without the people's "
            "names and have not reached the interview stage, so they stay masked.",
            count,
        ) % {"count": count}
    return None
