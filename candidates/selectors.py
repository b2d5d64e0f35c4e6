"""Reads on applications. Access is enforced here: what a user may not see does not exist for them."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass

from django.db import connection
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from positions.models import PositionSkill

from . import blind, hooks
from .models import Application, CandidateEmail, Note, Stage, StageChange

SORTS = {
    "-applied": ["-applied_at", "-pk"],
    "applied": ["applied_at", "pk"],
    "name": blind.name_order(),
    "-years": ["-years_experience", "-applied_at", "-pk"],
    "-education": ["-education_level", "-applied_at", "-pk"],
}


def visible_applications(user) -> QuerySet:
    """HR managers see every application; interviewers only those whose interview they are on."""
    applications = Application.objects.all()
    if not user.is_authenticated:
        return applications.none()
    if user.has_perm("candidates.view_application"):
        return applications
    # Interviews live in the evaluations app, which builds on this one: it answers through candidates.hooks.
    return applications.filter(hooks.with_scheduled_interview(user=user))


def may_open(user, application: Application) -> bool:
    """Whether the application's page opens for `user`: the rule above, for one row (for links to it)."""
    return visible_applications(user).filter(pk=application.pk).exists()


# The list's filters, each as the condition it adds; skipped when empty (for the numbers, 0 is a value).
FILTERS = {
    "stage": lambda stage: Q(stage=stage),
    "meets": lambda meets: Q(meets_requirements=(meets == "yes")),
    "education": lambda level: Q(education_level__gte=level),
    "min_years": lambda years: Q(years_experience__gte=years),
    "skill": lambda skill: Q(declared_skills=skill),
    "source": lambda source: Q(source=source),
    "applied_from": lambda day: Q(applied_at__gte=_start_of(day)),
    "applied_to": lambda day: Q(applied_at__lt=_start_of(day + datetime.timedelta(days=1))),
}
NUMBER_FILTERS = {"education", "min_years"}


def application_list(user, *, position=None, filters: dict | None = None) -> QuerySet:
    """The active pipeline (board, table, bulk actions): anonymised people have left it.

    Searching and sorting by name go by blind screening's mask (candidates/blind.py), computed in the query.
    """
    filters = filters or {}
    applications = visible_applications(user).filter(anonymised_at__isnull=True).select_related("candidate", "position")
    if filters.get("q") or filters.get("sort") == "name":
        applications = blind.with_mask(applications)
    if position is not None:
        applications = applications.filter(position=position)
    for key, condition in FILTERS.items():
        value = filters.get(key)
        if value is not None if key in NUMBER_FILTERS else value:
            applications = applications.filter(condition(value))
    if q := filters.get("q"):
        applications = _search(applications, q)
    return applications.order_by(*SORTS.get(filters.get("sort") or "-applied", SORTS["-applied"]))


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _search(applications: QuerySet, q: str) -> QuerySet:
    """Search by number ("#12"), other skills and field of study; by name, e-mail, phone, town and résumé text
    only where blind screening does not mask the row (full text on PostgreSQL, a plain match elsewhere)."""
    q = q.strip()
    found = Q(pk=number) if (number := blind.display_number(q)) else Q(pk__in=[])
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchVector

        query = SearchQuery(q, search_type="websearch", config="simple")
        applications = applications.annotate(
            open_search=SearchVector(*blind.OPEN_SEARCH_FIELDS, config="simple"),
            identifying_search=SearchVector(*blind.IDENTIFYING_SEARCH_FIELDS, config="simple"),
        )
        identifying = Q(identifying_search=query) | Q(candidate__email__iexact=q)
        if " " not in q and ("@" in q or "." in q):
            identifying |= Q(candidate__email__icontains=q)  # a piece of an address: "rossi@", "m.rossi"
        return applications.filter(found | Q(open_search=query) | blind.unmasked_only(identifying))
    words = q.split()[:8]
    open_match, identifying = Q(), Q()
    for word in words:
        open_match &= _any_contains(blind.OPEN_SEARCH_FIELDS, word)
        identifying &= _any_contains(blind.OPEN_SEARCH_FIELDS + blind.IDENTIFYING_SEARCH_FIELDS, word)
    return applications.filter(found | open_match | blind.unmasked_only(identifying)) if words else applications


def _any_contains(fields, word: str) -> Q:
    condition = Q(pk__in=[])
    for field in fields:
        condition |= Q(**{f"{field}__icontains": word})
    return condition


# The board shows a bounded number of cards per column, whatever the number of applications: the most relevant
# first (those who meet the requirements, then the newest), with the column's count and "show more".
BOARD_CARDS = 25
BOARD_MAX_CARDS = 200  # beyond this, a column links to the table filtered by its stage
BOARD_ORDER = ["-meets_requirements", "-applied_at", "-pk"]


def board_limit(value) -> int:
    """How many cards a column shows, from the address ("n_applied=50"): BOARD_CARDS to BOARD_MAX_CARDS."""
    try:
        wanted = int(value)
    except (TypeError, ValueError):
        return BOARD_CARDS
    return min(max(wanted, BOARD_CARDS), BOARD_MAX_CARDS)


@dataclass(frozen=True)
class BoardStage:
    stage: str
    label: str
    count: int  # every application in the column (matching the search)
    applications: list[Application]  # the first ones, at most the column's limit


def board_columns(user, position, *, q: str = "", limits: Mapping[str, object] | None = None) -> list[BoardStage]:
    """A position's applications by stage, in pipeline order: each column's count and its first cards.

    One query counts every column and one more fetches each non-empty column's cards (an index on position,
    stage, meets_requirements and applied_at serves them), so the page costs the same at 100 or 100,000.
    """
    limits = limits or {}
    applications = application_list(user, position=position, filters={"q": q} if q else None)
    counts = dict(applications.order_by().values_list("stage").annotate(n=Count("pk")))
    columns, shown = [], []
    for stage in Stage:
        count = counts.get(stage.value, 0)
        cards = list(
            applications.filter(stage=stage.value).order_by(*BOARD_ORDER)[: board_limit(limits.get(stage.value))]
        ) if count else []
        shown.extend(cards)
        columns.append(BoardStage(stage.value, stage.label, count, cards))
    blind.mark(shown)
    return columns


def stage_counts(user, position) -> dict[str, int]:
    counts = {stage: 0 for stage in Stage.values}
    rows = visible_applications(user).filter(position=position, anonymised_at__isnull=True).values("stage").order_by().annotate(n=Count("pk"))
    for row in rows:
        counts[row["stage"]] = row["n"]
    return counts


def application_detail(user, pk: int) -> Application:
    """One application with what its page shows; raises Application.DoesNotExist if not visible."""
    return (
        visible_applications(user)
        .select_related("candidate", "position", "rejection_reason")
        .prefetch_related(
            "declared_skills",
            "answers",
            Prefetch("position__position_skills", queryset=PositionSkill.objects.select_related("skill")),
            Prefetch("stage_changes", queryset=StageChange.objects.select_related("changed_by", "rejection_reason")),
            Prefetch("emails", queryset=CandidateEmail.objects.order_by("created_at")),
            Prefetch("notes", queryset=Note.objects.select_related("author")),
        )
        .get(pk=pk)
    )


def other_applications(user, application: Application) -> list[Application]:
    """The person's other applications, for HR only; none on a masked page, and never a masked one.

    Interviewers see what they are assigned, not the rest of the person's history.
    """
    if not user.has_perm("candidates.view_application") or application.is_blind:
        return []
    others = (
        visible_applications(user)
        .filter(candidate=application.candidate)
        .exclude(pk=application.pk)
        .select_related("position")
        .order_by("-applied_at")
    )
    return [other for other in blind.mark(others) if not other.is_blind]


def neighbours(queryset: QuerySet, pk: int) -> tuple[int | None, int | None, int, int]:
    """Previous and next ids around pk in a filtered list, with its position and length."""
    ids = list(queryset.values_list("pk", flat=True)[:5000])
    if pk not in ids:
        return None, None, 0, len(ids)
    index = ids.index(pk)
    previous = ids[index - 1] if index > 0 else None
    following = ids[index + 1] if index + 1 < len(ids) else None
    return previous, following, index + 1, len(ids)


def timeline(application: Application, *, user) -> list[dict]:
    """Stage changes, and for HR the e-mails sent to the person, oldest first."""
    events = [
        {"at": change.changed_at, "kind": "stage", "change": change} for change in application.stage_changes.all()
    ]
    if user.has_perm("candidates.view_candidateemail"):
        events += [{"at": email.created_at, "kind": "email", "email": email} for email in application.emails.all()]
    return sorted(events, key=lambda event: event["at"])


def position_applicant_counts(position_ids) -> dict[int, dict[str, int]]:
    counts: dict[int, dict[str, int]] = {}
    rows = (
        Application.objects.filter(position_id__in=position_ids, anonymised_at__isnull=True)  # as the pipeline counts
        .values("position_id", "stage")
        .order_by()
        .annotate(n=Count("pk"))
    )
    for row in rows:
        counts.setdefault(row["position_id"], {})[row["stage"]] = row["n"]
    return counts

