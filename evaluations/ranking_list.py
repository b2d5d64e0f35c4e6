"""The ranking's list page, built for speed: it reads only what it shows and prints each row in one step.

Explanations and evidence load when a row is opened (views.ranking_why); a row is a tuple of the values it shows
(blind screening's mask settled for the page in at most one query, by its rule); the row markup is one format string filled in Python, where the template engine would
resolve, escape and localise some thirty nodes per row (the page's costliest part). Every value still goes
through format_html's escaping.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from candidates import blind
from candidates.models import Candidate, Stage

# What a row shows, and no more, as plain values: model objects would cost more than the rest of the row.
FIELDS = (
    "application_id", "skills", "background", "interpersonal", "total", "partial", "application__stage",
    "application__meets_requirements", "application__candidate__first_name", "application__candidate__last_name",
)

# The ranking reads from the top: it counts and pages through its first thousand (filters narrow it), where the
# other staff lists go to core.paging's 5,000. Counting costs a look-up per row counted.
CAP = 1000

ROW = (
    '<tr class="ranking-row"><td><input class="form-check-input" type="checkbox" name="applications" value="{pk}" '
    'form="bulk-form" id="select-{pk}" aria-label="{label}"{checked}></td><td>{rank}</td>'
    '<td><a href="{url}">{name}</a><div>{meets}</div></td><td>{stage}</td><td class="text-end">{skills}</td>'
    '<td class="text-end">{background}</td><td class="text-end">{interpersonal}</td>'
    '<td class="text-end fw-semibold">{total}{partial}</td></tr>\n'
    '<tr class="ranking-details"><td colspan="8" class="pt-0 border-top-0"><details hx-get="{why}" '
    'hx-trigger="toggle once" hx-target="find .why" hx-swap="innerHTML"><summary class="small">{why_label}</summary>'
    '<div class="why"><a class="small" href="{why}">{why_label}</a></div></details></td></tr>\n'
)


def shown(scores: QuerySet) -> QuerySet:
    """The ranking's rows as the values a row shows."""
    return scores.select_related(None).values_list(*FIELDS)


def whole(value: float) -> str:
    """A 0–100 figure as the list shows it: to the unit, halves up, as floatformat:0 does (no language groups
    the digits of a number below 1,000)."""
    return str(math.floor(value + 0.5))


def url_for_each(name: str, key: str, **kwargs) -> Callable[[int], str]:
    """reverse() once for a list: a function giving the address for each id."""
    head, _sep, tail = reverse(name, kwargs={**kwargs, key: 0}).rpartition("/0/")
    return lambda pk: f"{head}/{pk}/{tail}"


@dataclass(frozen=True)
class Row:
    """One row: its application's id and shown name, and its markup (what the template prints)."""

    pk: int
    name: str
    html: SafeString

    def __html__(self) -> str:
        return self.html

    def __str__(self) -> str:
        return self.html


def rows(position, page, *, picked: set[str]) -> list[Row]:
    """The page's rows as HTML; ``picked`` holds the ids to show ticked (a refused bulk action's)."""
    detail = url_for_each("candidates:detail", "pk")
    why = url_for_each("evaluations:why", "application_pk", position_pk=position.pk)
    stages = {value: str(label) for value, label in Stage.choices}
    meets = format_html('<span class="badge text-bg-success">{}</span>', _("Meets requirements"))
    not_meets = format_html('<span class="badge text-bg-warning">{}</span>', _("Does not meet"))
    not_assessed = format_html('<span class="text-muted small">{}</span>', _("not yet assessed"))
    partial = format_html(' <span class="badge text-bg-light border" title="{}">{}</span>',
                          _("Interpersonal skills not yet assessed: ranked on what is known."), _("partial"))
    why_label = _("Why this score")
    values = list(page.object_list)
    masked = blind.masked_ids(position, ((pk, stage) for pk, *_figures, stage, _meets, _first, _last in values))
    out = []
    for rank, (pk, skills, background, interpersonal, total, is_partial, stage, meets_requirements, first_name,
               last_name) in enumerate(values, start=page.start_index()):
        name = blind.shown_name(pk, pk in masked, lambda first=first_name, last=last_name: Candidate.join_name(first, last))
        out.append(Row(pk, name, format_html(
            ROW, pk=pk, label=_("Select %(name)s") % {"name": name},
            checked=mark_safe(" checked") if str(pk) in picked else "", rank=rank, url=detail(pk), name=name,
            meets=meets if meets_requirements else not_meets, stage=stages[stage], skills=whole(skills),
            background=whole(background), interpersonal=not_assessed if interpersonal is None else whole(interpersonal),
            total=whole(total), partial=partial if is_partial else "", why=why(pk), why_label=why_label,
        )))
    return out
