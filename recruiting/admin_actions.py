"""Admin actions available on every model."""

from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .spreadsheets import csv_response


@admin.action(description=_("Export selected as CSV"))
def export_csv(modeladmin, request, queryset):
    """The selected rows with their concrete fields (long texts and files left out)."""
    meta = modeladmin.model._meta
    response, writer = csv_response(f"{meta.model_name}-{timezone.localdate():%Y%m%d}.csv", localized=False)
    fields = [f for f in meta.concrete_fields if f.get_internal_type() not in ("TextField", "FileField", "JSONField")]
    writer.writerow([str(f.verbose_name) for f in fields])
    for obj in queryset.iterator(chunk_size=500):
        writer.writerow([f.value_from_object(obj) for f in fields])
    return response
