from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    """`mapping[key]` in a template, or None (the scorecard pages look up each criterion's guide)."""
    return mapping.get(key) if mapping else None
