"""Reads on positions, with the joins each page needs so its query count is fixed."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from . import search
from .models import Duty, Position, PositionSkill


def job_board_positions(*, q: str = "", function: str = "", location: str = "", work_mode: str = "") -> QuerySet:
    """Open positions still taking applications, newest first."""
    positions = Position.objects.accepting_applications().order_by("-published_at", "-pk")
    # Accents and case do not matter: "contabilita" finds "Contabilità" (positions/search.py).
    for word in search.search_words(q):
        # Subqueries rather than joins: joined words would multiply rows with every word.
        positions = positions.filter(
            Q(title__unaccent__icontains=word)
            | Q(summary__unaccent__icontains=word)
            | Q(department__unaccent__icontains=word)
            | Q(location__unaccent__icontains=word)
            | Exists(Duty.objects.filter(position=OuterRef("pk"), description__unaccent__icontains=word))
            | Exists(PositionSkill.objects.filter(position=OuterRef("pk"), skill__name__unaccent__icontains=word))
        )
    if function:
        positions = positions.filter(function=function)
    if location:
        positions = positions.filter(location__iexact=location)
    if work_mode:
        positions = positions.filter(work_mode=work_mode)
    return positions


def job_board_locations() -> list[str]:
    return list(
        Position.objects.accepting_applications().order_by("location").values_list("location", flat=True).distinct()
    )


def _with_content(positions: QuerySet) -> QuerySet:
    return positions.prefetch_related(
        Prefetch("duties", queryset=Duty.objects.order_by("order", "id")),
        Prefetch("position_skills", queryset=PositionSkill.objects.select_related("skill").order_by("order", "id")),
        "competencies",
        "screening_questions",
    )


def public_position(slug: str) -> Position:
    """A position as the public job page shows it; drafts do not exist for visitors."""
    return _with_content(Position.objects.published()).get(slug=slug)


def apply_position(slug: str) -> Position:
    """A published position with what its apply form needs (skills and questions), not the rest of its page."""
    return Position.objects.published().prefetch_related(
        Prefetch("position_skills", queryset=PositionSkill.objects.select_related("skill").order_by("order", "id")),
        "screening_questions",
    ).get(slug=slug)


def staff_position(pk: int) -> Position:
    return _with_content(Position.objects.select_related("hiring_manager")).prefetch_related("panel").get(pk=pk)


def staff_positions(*, q: str = "", status: str = "", function: str = "") -> QuerySet:
    positions = Position.objects.select_related("hiring_manager").order_by("-updated_at", "-pk")
    if q:
        positions = positions.filter(
            Q(title__icontains=q) | Q(department__icontains=q) | Q(location__icontains=q) | Q(slug__icontains=q)
        )
    if status:
        positions = positions.filter(status=status)
    if function:
        positions = positions.filter(function=function)
    return positions


def feed_positions() -> QuerySet:
    """Every open position with its duties: the feed is as long as the board."""
    return (
        Position.objects.accepting_applications()
        .prefetch_related(Prefetch("duties", queryset=Duty.objects.order_by("order", "id")))
        .order_by("-published_at", "-pk")
    )
