"""Dates as each language writes them in running text: "l'11 gennaio 2027", "il 28 novembre 2026".

Italian writes month and weekday names in lower case. Django's own Italian catalogue capitalises them
("11 Gennaio 2027"); ours (locale/it, which takes precedence) translates the msgids below in lower case,
and they are listed here so that makemessages keeps them. The formats are in recruiting/formats/.

Italian also puts an article before a day of the month, elided before a vowel sound: "l'8", "l'11",
"il 2", "il 28", and for the first of the month the ordinal "il 1°" (read "il primo"). A sentence that
reads "on {date}" in English reads "{date with article}" in Italian: ``date_with_article`` gives the
date with its article in Italian and the plain date in other languages, and with a preposition
("di", "a", "da", "su") the articulated form: "dell'11 gennaio", "dal 1° marzo", "al 28 novembre".
"""

from __future__ import annotations

import datetime

from django.utils import formats, timezone
from django.utils.translation import get_language, gettext_lazy, pgettext_lazy

LOWER_CASE_NAMES = (
    # The months in dates ("j E Y", the DATE_FORMAT of recruiting/formats/it): "11 gennaio 2027".
    pgettext_lazy("alt. month", "January"),
    pgettext_lazy("alt. month", "February"),
    pgettext_lazy("alt. month", "March"),
    pgettext_lazy("alt. month", "April"),
    pgettext_lazy("alt. month", "May"),
    pgettext_lazy("alt. month", "June"),
    pgettext_lazy("alt. month", "July"),
    pgettext_lazy("alt. month", "August"),
    pgettext_lazy("alt. month", "September"),
    pgettext_lazy("alt. month", "October"),
    pgettext_lazy("alt. month", "November"),
    pgettext_lazy("alt. month", "December"),
    # The months alone ("F"), as in "lunedì 11 gennaio" and the admin's date drill-down.
    gettext_lazy("January"),
    gettext_lazy("February"),
    gettext_lazy("March"),
    gettext_lazy("April"),
    gettext_lazy("May"),
    gettext_lazy("June"),
    gettext_lazy("July"),
    gettext_lazy("August"),
    gettext_lazy("September"),
    gettext_lazy("October"),
    gettext_lazy("November"),
    gettext_lazy("December"),
    # The weekdays ("l").
    gettext_lazy("Monday"),
    gettext_lazy("Tuesday"),
    gettext_lazy("Wednesday"),
    gettext_lazy("Thursday"),
    gettext_lazy("Friday"),
    gettext_lazy("Saturday"),
    gettext_lazy("Sunday"),
)

# (before a consonant sound, before a vowel sound) for each preposition.
_ITALIAN_ARTICLES = {
    "": ("il ", "l'"),
    "di": ("del ", "dell'"),
    "a": ("al ", "all'"),
    "da": ("dal ", "dall'"),
    "su": ("sul ", "sull'"),
}
_VOWEL_SOUND_DAYS = (8, 11)  # otto, undici


def italian_article(day: int, preposition: str = "") -> str:
    """The article (or articulated preposition) before a day of the month: "l'", "il ", "dell'", "del "."""
    consonant, vowel = _ITALIAN_ARTICLES[preposition]
    return vowel if day in _VOWEL_SOUND_DAYS else consonant


def date_with_article(
    value: datetime.date | datetime.datetime | None, format_name: str = "DATE_FORMAT", preposition: str = ""
) -> str:
    """"l'11 gennaio 2027" in Italian, "11 January 2027" in English; local time for a date and time.

    ``format_name`` is one of Django's format names (DATE_FORMAT, DATETIME_FORMAT, SHORT_DATE_FORMAT…).
    """
    if value is None or value == "":
        return ""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    if not (get_language() or "").startswith("it"):
        return formats.date_format(value, format_name)
    layout = formats.get_format(format_name)
    if value.day == 1 and "j" in layout:
        layout = layout.replace("j", "j°", 1)  # "il 1° gennaio", never "l'1 gennaio"
    return italian_article(value.day, preposition) + formats.date_format(value, layout)
