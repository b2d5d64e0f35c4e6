from django.contrib import admin

from .admin_actions import export_csv
from .models import StaffProfile

# CSV export on every changelist.
admin.site.add_action(export_csv, "export_csv")


@admin.register(StaffProfile)
class StaffProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "language", "time_zone"]
    list_filter = ["language"]
    list_select_related = ["user"]
    search_fields = ["user__username", "user__email", "user__last_name"]
