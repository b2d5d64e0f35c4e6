from django import template

from candidates import selectors
from candidates.models import Stage

register = template.Library()


@register.simple_tag
def applicant_counts(positions):
    """Per-position counts by stage for a page of positions, in one query."""
    counts = selectors.position_applicant_counts([p.pk for p in positions])
    return {
        p.pk: {"total": sum(counts.get(p.pk, {}).values()), "stages": [(s.value, s.label, counts.get(p.pk, {}).get(s.value, 0)) for s in Stage]}
        for p in positions
    }


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None
