"""CSV downloads as spreadsheets expect them, and safe to open."""

from __future__ import annotations

import csv
import datetime
import decimal
import re

from django.http import HttpResponse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PHONE_OR_NUMBER = re.compile(r"^[+-][\d\s().-]*$")


def safe_cell(value):
    """Numbers with a fraction in the reader's format (66,67 in Italian), yes or no in words, times in the
    reader's time zone to the minute; text that would run as a formula is defused.

    Phone numbers such as +39 02 … are left as they are.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, (float, decimal.Decimal)):
        return number_format(value)
    if isinstance(value, datetime.datetime):
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        return f"{local:%Y-%m-%d %H:%M}"
    if isinstance(value, datetime.date):
        return f"{value:%Y-%m-%d}"
    text = str(value)
    if text.startswith(_FORMULA_START) and not _PHONE_OR_NUMBER.match(text):
        return "'" + text
    return text


class SpreadsheetWriter:
    """The app's CSV downloads and the admin's: in the language of the request that asks."""

    def __init__(self, response):
        italian = (get_language() or "").startswith("it")
        # Spreadsheets set to Italian expect semicolons between fields (the comma is their decimal mark).
        self._writer = csv.writer(response, delimiter=";" if italian else ",")

    def writerow(self, row):
        self._writer.writerow([safe_cell(value) for value in row])

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


def csv_response(filename: str) -> tuple[HttpResponse, SpreadsheetWriter]:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")  # so spreadsheet programs read the accents right
    return response, SpreadsheetWriter(response)
