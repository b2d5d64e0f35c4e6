"""Admin actions available on every model, and the "Send again" action of the message logs."""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext
from django.views.decorators.http import require_POST

from .spreadsheets import csv_response


@admin.action(description=_("Export selected as CSV"))
def export_csv(modeladmin, request, queryset):
    """The selected rows with their concrete fields (long texts and files left out), written like the app's
    downloads: in the admin's language, choices by their labels, local times to the minute, and the
    separators a spreadsheet in that language expects. Related rows appear by their id. A model admin names
    in ``csv_exclude`` the bookkeeping columns that mean nothing in a spreadsheet."""
    meta = modeladmin.model._meta
    left_out = set(getattr(modeladmin, "csv_exclude", ()))
    response, writer = csv_response(f"{meta.model_name}-{timezone.localdate():%Y%m%d}.csv")
    fields = [
        f for f in meta.concrete_fields
        if f.name not in left_out and f.get_internal_type() not in ("TextField", "FileField", "JSONField")
    ]
    labels = {f.name: dict(f.flatchoices) for f in fields if f.choices}
    writer.writerow([capfirst(str(f.verbose_name)) for f in fields])
    for obj in queryset.iterator(chunk_size=500):
        writer.writerow([_cell(f, obj, labels.get(f.name)) for f in fields])
    return response


def _cell(field, obj, labels):
    value = field.value_from_object(obj)
    if labels is not None and value not in (None, ""):
        return str(labels.get(value, value))
    return value


class SendAgainMixin:
    """For a log of messages sent at most once (CandidateEmail, Reminder): a status badge, and a
    "Send again" action and button that put uncertain or failed messages back in the queue.

    The subclass implements ``queue_again(request, queryset) -> (queued ids, left alone)``.
    """

    class Media:
        css = {"all": ["css/admin.css"]}  # the badge colours: the CSP allows no inline style

    change_form_template = "admin/send_again_change_form.html"
    resend_statuses = ("uncertain", "failed", "pending")

    def queue_again(self, request, queryset):
        raise NotImplementedError

    @admin.display(description=_("status"), ordering="status")
    def status_badge(self, obj):
        # The long "Uncertain: may not have been sent" would push the list's columns past a 1280 px screen:
        # the badge says "⚠ Uncertain" and the full status is its tooltip.
        label = f"⚠ {pgettext('send status', 'Uncertain')}" if obj.status == "uncertain" else obj.get_status_display()
        return format_html(
            '<span class="send-status send-status-{}" title="{}">{}</span>', obj.status, obj.get_status_display(), label
        )

    @admin.action(description=_("Send again"), permissions=["change"])
    def resend(self, request, queryset):
        self._send_again(request, queryset)

    def _send_again(self, request, queryset):
        ids, left = self.queue_again(request, queryset)
        for obj in self.model.objects.filter(pk__in=ids):
            self.log_change(request, obj, f"Send again requested by {request.user.get_username()}")
        self.message_user(
            request,
            ngettext(
                "%(count)d message queued to be sent again (same Message-ID).",
                "%(count)d messages queued to be sent again (same Message-ID).",
                len(ids),
            ) % {"count": len(ids)},
            messages.SUCCESS if ids else messages.WARNING,
        )
        if left:
            self.message_user(
                request,
                ngettext(
                    "%(count)d message left alone: it was sent or is being sent.",
                    "%(count)d messages left alone: they were sent or are being sent.",
                    left,
                ) % {"count": left},
                messages.WARNING,
            )

    def get_urls(self):
        meta = self.model._meta
        return [
            path(
                "<path:object_id>/send-again/",
                self.admin_site.admin_view(require_POST(self.send_again_view)),
                name=f"{meta.app_label}_{meta.model_name}_send_again",
            ),
            *super().get_urls(),
        ]

    def send_again_view(self, request, object_id):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        self._send_again(request, self.model.objects.filter(pk=obj.pk))
        meta = self.model._meta
        return redirect(reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk]))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = dict(extra_context or {})
        obj = self.get_object(request, unquote(object_id))
        if obj is not None and obj.status in self.resend_statuses and self.has_change_permission(request, obj):
            meta = self.model._meta
            extra_context["send_again_url"] = reverse(f"admin:{meta.app_label}_{meta.model_name}_send_again", args=[obj.pk])
            extra_context["send_again_uncertain"] = obj.status == "uncertain"
        return super().change_view(request, object_id, form_url, extra_context)
