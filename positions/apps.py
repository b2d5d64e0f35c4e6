from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PositionsConfig(AppConfig):
    name = "positions"
    verbose_name = _("Positions")

    def ready(self):
        from . import search

        search.connect()  # UNACCENT() for the job-board search on SQLite
