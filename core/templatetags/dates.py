from django import template

from core.dates import date_with_article as _date_with_article

register = template.Library()


@register.filter(expects_localtime=True)
def date_with_article(value, arg="DATE_FORMAT"):
    """``{{ day|date_with_article }}`` → "l'11 gennaio 2027" in Italian, "11 January 2027" in English.

    The argument is a format name, optionally followed by an Italian preposition:
    ``{{ when|date_with_article:"DATETIME_FORMAT di" }}`` → "dell'11 gennaio 2027, 10:00".
    """
    format_name, _, preposition = str(arg).partition(" ")
    return _date_with_article(value, format_name or "DATE_FORMAT", preposition.strip())
