from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CandidatesConfig(AppConfig):
    name = "candidates"
    verbose_name = _("Candidates")

    def ready(self):
        from positions import hooks

        from . import blind, sections

        hooks.blind_screening_switch.register(blind.switch_problem)
        hooks.position_list_applicants.register(sections.position_list_applicants)
