from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PositionsConfig(AppConfig):
    name = "positions"
    verbose_name = _("Positions")

    def ready(self):
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from . import public_cache, search

        search.connect()  # UNACCENT() for the job-board search on SQLite
        # Any change to a position or its parts makes the cached public pages out of date.
        for signal in (post_save, post_delete, m2m_changed):
            signal.connect(public_cache.on_change, dispatch_uid=f"public-pages-{signal}")
