"""Admin actions available on every model."""

import csv

from django.contrib import admin
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@admin.action(description=_("Export selected as CSV"))
def export_csv(modeladmin, request, queryset):
    """The selected rows with their concrete fields (long texts and files left out)."""
    meta = modeladmin.model._meta
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{meta.model_name}-{timezone.localdate():%Y%m%d}.csv"'
    response.write("\ufeff")
    fields = [f for f in meta.concrete_fields if f.get_internal_type() not in ("TextField", "FileField", "JSONField")]
    writer = csv.writer(response)
    writer.writerow([str(f.verbose_name) for f in fields])
    for obj in queryset.iterator(chunk_size=500):
        row = ["" if f.value_from_object(obj) is None else str(f.value_from_object(obj)) for f in fields]
        # A cell starting like a formula would run in a spreadsheet.
        writer.writerow(["'" + value if value.startswith(_FORMULA_START) else value for value in row])
    return response
