from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CandidatesConfig(AppConfig):
    name = "candidates"
    verbose_name = _("Candidates")

    def ready(self):
        from positions import hooks

        from . import blind, offer_views, sections
        from . import hooks as own_hooks
        from .signals import application_anonymised

        hooks.blind_screening_switch.register(blind.switch_problem)
        hooks.position_list_applicants.register(sections.position_list_applicants)
        # The offer panel of the candidate page (HR and the hiring manager only), in the side column.
        own_hooks.application_sections.register(offer_views.offer_panel)
        application_anonymised.connect(_scrub_offers, dispatch_uid="candidates-scrub-offers")
        # An erasure request is done once the person's last application is anonymised (HR's erase action).
        application_anonymised.connect(_close_erasure_requests, dispatch_uid="candidates-close-erasure-requests")


def _scrub_offers(sender, application_id, **kwargs):
    from . import offers

    offers.scrub(application_id)


def _close_erasure_requests(sender, application_id, **kwargs):
    from . import status
    from .models import Application

    status.close_erasure_requests(candidate_id=Application.objects.get(pk=application_id).candidate_id)
