"""CSV downloads as spreadsheets expect them, and safe to open."""

from __future__ import annotations

import csv
import re

from django.http import HttpResponse
from django.utils.formats import number_format
from django.utils.translation import get_language

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PHONE_OR_NUMBER = re.compile(r"^[+-][\d\s().-]*$")


def safe_cell(value, *, localized: bool = True):
    """Floats in the reader's number format; text that would run as a formula is defused.

    Phone numbers such as +39 02 … are left as they are.
    """
    if isinstance(value, float):
        return number_format(value) if localized else repr(value)
    if value is None:
        return ""
    text = str(value)
    if text.startswith(_FORMULA_START) and not _PHONE_OR_NUMBER.match(text):
        return "'" + text
    return text


class SpreadsheetWriter:
    def __init__(self, response, *, localized: bool = True):
        self.localized = localized
        italian = localized and (get_language() or "").startswith("it")
        # Spreadsheets set to Italian expect semicolons between fields.
        self._writer = csv.writer(response, delimiter=";" if italian else ",")

    def writerow(self, row):
        self._writer.writerow([safe_cell(value, localized=self.localized) for value in row])

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


def csv_response(filename: str, *, localized: bool = True) -> tuple[HttpResponse, SpreadsheetWriter]:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")  # so spreadsheet programs read the accents right
    return response, SpreadsheetWriter(response, localized=localized)
