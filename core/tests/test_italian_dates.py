"""Dates follow each language's usage: "l'11 gennaio 2027" and "il 28 novembre 2026", "11 January 2027"."""

import datetime

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import formats, translation

from core.dates import date_with_article, italian_article
from positions.tests.factories import OpenPositionFactory

UTC = datetime.timezone.utc

DAYS = [
    # (date, Italian, English) with DATE_FORMAT
    (datetime.date(2027, 1, 1), "il 1° gennaio 2027", "1 January 2027"),
    (datetime.date(2027, 1, 2), "il 2 gennaio 2027", "2 January 2027"),
    (datetime.date(2027, 3, 8), "l'8 marzo 2027", "8 March 2027"),
    (datetime.date(2027, 1, 11), "l'11 gennaio 2027", "11 January 2027"),
    (datetime.date(2026, 11, 28), "il 28 novembre 2026", "28 November 2026"),
    (datetime.date(2027, 8, 18), "il 18 agosto 2027", "18 August 2027"),  # diciotto: a consonant
    (datetime.date(2027, 5, 31), "il 31 maggio 2027", "31 May 2027"),
]


@pytest.mark.parametrize("day, italian, english", DAYS, ids=[d.isoformat() for d, _, _ in DAYS])
def test_date_with_article_in_both_languages(day, italian, english):
    with translation.override("it"):
        in_italian = date_with_article(day)
    with translation.override("en"):
        in_english = date_with_article(day)
    assert (in_italian, in_english) == (italian, english)


@pytest.mark.parametrize(
    "when, format_name, preposition, italian, english",
    [
        (datetime.datetime(2027, 1, 11, 9, 30, tzinfo=UTC), "DATETIME_FORMAT", "", "l'11 gennaio 2027, 10:30",
         "11 January 2027, 10:30"),
        (datetime.datetime(2026, 11, 28, 14, 0, tzinfo=UTC), "DATETIME_FORMAT", "di", "del 28 novembre 2026, 15:00",
         "28 November 2026, 15:00"),
        (datetime.datetime(2027, 3, 8, 7, 5, tzinfo=UTC), "DATETIME_FORMAT", "di", "dell'8 marzo 2027, 08:05",
         "8 March 2027, 08:05"),
        (datetime.datetime(2027, 8, 1, 6, 0, tzinfo=UTC), "DATETIME_FORMAT", "da", "dal 1° agosto 2027, 08:00",
         "1 August 2027, 08:00"),  # summer time: UTC+2
        (datetime.datetime(2027, 1, 2, 8, 0, tzinfo=UTC), "DATETIME_FORMAT", "a", "al 2 gennaio 2027, 09:00",
         "2 January 2027, 09:00"),
        (datetime.datetime(2027, 1, 11, 8, 0, tzinfo=UTC), "DATETIME_FORMAT", "su", "sull'11 gennaio 2027, 09:00",
         "11 January 2027, 09:00"),
        (datetime.datetime(2026, 12, 31, 23, 30, tzinfo=UTC), "DATE_FORMAT", "", "il 1° gennaio 2027",
         "1 January 2027"),  # already the 1st in Rome
        (datetime.date(2027, 1, 11), "SHORT_DATE_FORMAT", "", "l'11/01/2027", "11/01/2027"),
        (datetime.date(2027, 3, 8), "SHORT_DATE_FORMAT", "", "l'08/03/2027", "08/03/2027"),
        (datetime.date(2027, 1, 1), "SHORT_DATE_FORMAT", "", "il 01/01/2027", "01/01/2027"),
        (datetime.date(2026, 11, 28), "SHORT_DATE_FORMAT", "di", "del 28/11/2026", "28/11/2026"),
    ],
    ids=["datetime", "di-28", "di-8", "da-1", "a-2", "su-11", "utc-new-year", "short-11", "short-8", "short-1",
         "short-di-28"],
)
def test_date_with_article_formats_and_prepositions(settings, when, format_name, preposition, italian, english):
    settings.TIME_ZONE = "Europe/Rome"
    with translation.override("it"):
        in_italian = date_with_article(when, format_name, preposition)
    with translation.override("en"):
        in_english = date_with_article(when, format_name, preposition)
    assert (in_italian, in_english) == (italian, english)


@pytest.mark.parametrize(
    "day, preposition, expected",
    [(1, "", "il "), (2, "", "il "), (8, "", "l'"), (11, "", "l'"), (28, "", "il "), (8, "di", "dell'"),
     (28, "di", "del "), (11, "a", "all'"), (1, "a", "al "), (8, "da", "dall'"), (2, "da", "dal "), (11, "su", "sull'"),
     (18, "su", "sul ")],
    ids=lambda value: repr(value),
)
def test_italian_article(day, preposition, expected):
    assert italian_article(day, preposition) == expected


@pytest.mark.parametrize("empty", [None, ""], ids=["none", "empty"])
def test_date_with_article_of_nothing_is_empty(empty):
    with translation.override("it"):
        assert date_with_article(empty) == ""


MONTHS = [
    (1, "gennaio", "January"), (2, "febbraio", "February"), (3, "marzo", "March"), (4, "aprile", "April"),
    (5, "maggio", "May"), (6, "giugno", "June"), (7, "luglio", "July"), (8, "agosto", "August"),
    (9, "settembre", "September"), (10, "ottobre", "October"), (11, "novembre", "November"),
    (12, "dicembre", "December"),
]


@pytest.mark.parametrize("month, italian, english", MONTHS, ids=[english for _, _, english in MONTHS])
def test_month_names_in_dates_are_lower_case_in_italian(month, italian, english):
    day = datetime.date(2027, month, 15)
    results = {}
    for language in ("it", "en"):
        with translation.override(language):
            results[language] = (formats.date_format(day, "DATE_FORMAT"), formats.date_format(day, "j F Y"),
                                 formats.date_format(datetime.datetime(2027, month, 15, 9, 5), "DATETIME_FORMAT"))
    assert results == {
        "it": (f"15 {italian} 2027", f"15 {italian} 2027", f"15 {italian} 2027, 09:05"),
        "en": (f"15 {english} 2027", f"15 {english} 2027", f"15 {english} 2027, 09:05"),
    }


WEEKDAYS = [
    (datetime.date(2027, 1, 11), "lunedì 11 gennaio 2027", "Monday 11 January 2027"),
    (datetime.date(2027, 1, 12), "martedì 12 gennaio 2027", "Tuesday 12 January 2027"),
    (datetime.date(2027, 1, 13), "mercoledì 13 gennaio 2027", "Wednesday 13 January 2027"),
    (datetime.date(2027, 1, 14), "giovedì 14 gennaio 2027", "Thursday 14 January 2027"),
    (datetime.date(2027, 1, 1), "venerdì 1 gennaio 2027", "Friday 1 January 2027"),
    (datetime.date(2027, 1, 2), "sabato 2 gennaio 2027", "Saturday 2 January 2027"),
    (datetime.date(2026, 11, 29), "domenica 29 novembre 2026", "Sunday 29 November 2026"),
]


@pytest.mark.parametrize("day, italian, english", WEEKDAYS, ids=[e.split()[0] for _, _, e in WEEKDAYS])
def test_weekday_and_month_as_the_interview_pages_write_them(day, italian, english):
    # The format of the interview page, the scorecard and the reminders: "l j F Y".
    rendered = {}
    for language in ("it", "en"):
        with translation.override(language):
            rendered[language] = Template('{{ day|date:"l j F Y" }}').render(Context({"day": day}))
    assert rendered == {"it": italian, "en": english}


@pytest.mark.parametrize(
    "template, italian, english",
    [
        ("{{ when|date_with_article }}", "l'11 gennaio 2027", "11 January 2027"),
        ('{{ when|date_with_article:"DATETIME_FORMAT" }}', "l'11 gennaio 2027, 00:30",
         "11 January 2027, 00:30"),
        ('{{ when|date_with_article:"DATETIME_FORMAT di" }}', "dell'11 gennaio 2027, 00:30",
         "11 January 2027, 00:30"),
        ('{{ when|date_with_article:"SHORT_DATE_FORMAT" }}', "l'11/01/2027", "11/01/2027"),
    ],
    ids=["default", "datetime", "preposition", "short"],
)
def test_template_filter_uses_the_local_day_and_time(settings, template, italian, english):
    settings.TIME_ZONE = "Europe/Rome"
    when = datetime.datetime(2027, 1, 10, 23, 30, tzinfo=UTC)  # already the 11th in Rome
    rendered = {}
    for language in ("it", "en"):
        with translation.override(language):
            # Plain text, as in the e-mails: nothing is HTML-escaped.
            text = Template("{% load dates %}{% autoescape off %}" + template + "{% endautoescape %}")
            rendered[language] = text.render(Context({"when": when}))
    assert rendered == {"it": italian, "en": english}


def test_template_filter_output_is_escaped_in_html():
    # The apostrophe of "l'11" is HTML-escaped where it is printed in HTML (&#x27;), as any text is.
    with translation.override("it"):
        html = Template("{% load dates %}<b>{{ day|date_with_article }}</b>").render(
            Context({"day": datetime.date(2027, 1, 11)}))
    assert html == "<b>l&#x27;11 gennaio 2027</b>"


@pytest.mark.parametrize(
    "language, expected",
    [("it", "Candidature entro l'11 gennaio 2099"), ("en", "Apply by 11 January 2099")],
)
def test_job_board_closing_date_reads_as_each_language_writes_it(client, db, language, expected):
    OpenPositionFactory(closing_date=datetime.date(2099, 1, 11))
    html = client.get(reverse("jobs:board"), HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert expected.replace("'", "&#x27;") in html
