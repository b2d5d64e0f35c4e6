"""HR's page of every e-mail the product sends (recruiting/email_previews.py): each kind in both languages,
built by the sending code on sample rows that are rolled back — nothing saved, queued, sent or written."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.apps import apps
from django.core import mail
from django.urls import reverse

from candidates.models import EmailTemplate
from recruiting import email_previews

URL = reverse("staff:email_previews")

# slug: (English subject, Italian subject) of the sample: position "Accounts payable clerk", candidate Anna Bianchi.
SUBJECTS = {
    "confirmation": ("We have received your application for Accounts payable clerk",
                     "Abbiamo ricevuto la tua candidatura per Addetto/a contabilità fornitori"),
    "invitation": ("Interview for Accounts payable clerk", "Colloquio per Addetto/a contabilità fornitori"),
    "invitation-updated": ("Updated: interview for Accounts payable clerk",
                           "Aggiornamento: colloquio per Addetto/a contabilità fornitori"),
    "interview-reminder": ("Reminder: interview for Accounts payable clerk",
                           "Promemoria: colloquio per Addetto/a contabilità fornitori"),
    "invitation-cancelled": ("Cancelled: interview for Accounts payable clerk",
                             "Annullato: colloquio per Addetto/a contabilità fornitori"),
    "slot-offer": ("Choose a time for your interview: Accounts payable clerk",
                   "Scegli l’orario del tuo colloquio: Addetto/a contabilità fornitori"),
    "assessment": ("Your online assessment: Accounts payable clerk",
                   "Il tuo test online: Addetto/a contabilità fornitori"),
    "offer": ("Our offer for the position of Accounts payable clerk",
              "La nostra offerta per la posizione di Addetto/a contabilità fornitori"),
    "references-asked": ("References for your application: Accounts payable clerk",
                         "Referenze per la tua candidatura: Addetto/a contabilità fornitori"),
    "reference-invitation": ("A reference for Anna Bianchi", "Una referenza per Anna Bianchi"),
    "reference-reminder": ("Reminder: a reference for Anna Bianchi", "Promemoria: una referenza per Anna Bianchi"),
    "rejection": ("Your application for Accounts payable clerk", "La tua candidatura per Addetto/a contabilità fornitori"),
    "status-links": ("Your links to follow your applications", "I link per seguire le tue candidature"),
    "erasure": ("Please confirm: erase your data", "Conferma: cancellazione dei tuoi dati"),
    "staff-invitation": ("Interview for Accounts payable clerk", "Colloquio per Addetto/a contabilità fornitori"),
    "staff-invitation-updated": ("Updated: interview for Accounts payable clerk",
                                 "Aggiornamento: colloquio per Addetto/a contabilità fornitori"),
    "staff-removed": ("No longer on the panel: interview for Accounts payable clerk",
                      "Non fai più parte della commissione: colloquio per Addetto/a contabilità fornitori"),
    "staff-cancelled": ("Cancelled: interview for Accounts payable clerk",
                        "Annullato: colloquio per Addetto/a contabilità fornitori"),
    "staff-reminder": ("Reminder: interview for Accounts payable clerk",
                       "Promemoria: colloquio per Addetto/a contabilità fornitori"),
    "overdue": ("Scorecard due: Anna Bianchi", "Scheda di valutazione da compilare: Anna Bianchi"),
    "scorecard-digest": ("Scorecards still missing after several reminders",
                         "Schede ancora mancanti dopo diversi promemoria"),
    "new-application": ("New application: Anna Bianchi for Accounts payable clerk",
                        "Nuova candidatura: Anna Bianchi per Addetto/a contabilità fornitori"),
    "application-digest": ("1 new application", "1 nuova candidatura"),
    "slot-request": ("Anna Bianchi asks for other interview times (Accounts payable clerk)",
                     "Anna Bianchi chiede altri orari per il colloquio (Addetto/a contabilità fornitori)"),
    "offer-approval": ("Offer to approve: Anna Bianchi for Accounts payable clerk",
                       "Offerta da approvare: Anna Bianchi per Addetto/a contabilità fornitori"),
    "reschedule-request": ("Anna Bianchi asks for another interview time (Accounts payable clerk)",
                           "Anna Bianchi chiede un altro orario per il colloquio (Addetto/a contabilità fornitori)"),
}
ICS = [("invite.ics", "text/calendar")]
ATTACHMENTS = {"invitation": ICS, "invitation-updated": ICS, "invitation-cancelled": ICS, "staff-invitation": ICS,
               "staff-invitation-updated": ICS, "staff-removed": ICS, "staff-cancelled": ICS}


def _counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "it"])
def test_every_kind_is_previewed_with_its_subject_and_attachments_in_each_language(reference_data, language):
    previews = email_previews.previews(language)
    column = 0 if language == "en" else 1
    assert [p.slug for p in previews] == list(SUBJECTS)
    assert {p.slug: p.subject for p in previews} == {slug: subjects[column] for slug, subjects in SUBJECTS.items()}
    attachments = {p.slug: p.attachments for p in previews}
    offer_pdf = attachments.pop("offer")
    assert len(offer_pdf) == 1 and offer_pdf[0][1] == "application/pdf" and offer_pdf[0][0].endswith(".pdf")
    assert attachments == {slug: ATTACHMENTS.get(slug, []) for slug in SUBJECTS if slug != "offer"}
    assert [p.audience for p in previews] == ["candidate"] * 14 + ["staff"] * 12


@pytest.mark.django_db
def test_the_bodies_say_what_changed_who_is_on_the_panel_and_how_to_ask_for_another_time(reference_data):
    bodies = {p.slug: p.body for p in email_previews.previews("en")}
    assert "Dear Anna,\n\nwe have changed your interview for the position of Accounts payable clerk.\n\nWhat has changed:\nWhen: " in bodies["invitation-updated"]
    assert "\nWith: Luca Ferri, Giulia Conti\n" in bodies["invitation"]
    assert "\nWith: Luca Ferri\n" in bodies["interview-reminder"]
    assert "If you cannot make it, ask us for another time on your application page:\nhttp" in bodies["interview-reminder"]
    assert "Open the attached calendar file to remove it from your calendar." in bodies["invitation-cancelled"]
    assert "adds" not in bodies["invitation-cancelled"]
    assert bodies["staff-removed"].startswith(
        "Dear Giulia,\n\nyou are no longer on the panel of the interview with Anna Bianchi for Accounts payable clerk on ")
    it = {p.slug: p.body for p in email_previews.previews("it")}
    assert "\nCon: Luca Ferri, Giulia Conti\n" in it["invitation"]
    assert "Cosa è cambiato:\nQuando: " in it["invitation-updated"]
    assert "colloquio del " in it["overdue"] or "colloquio dell'" in it["overdue"]
    assert " di " not in it["invitation-cancelled"].split("\n")[2]


@pytest.mark.django_db
def test_previewing_saves_queues_sends_and_writes_nothing(reference_data, settings, monkeypatch):
    enqueued = []
    monkeypatch.setattr("core.tasking.enqueue", lambda *args: enqueued.append(args))
    before = _counts()
    email_previews.previews("it")
    email_previews.previews("en")
    assert _counts() == before
    assert enqueued == []
    assert mail.outbox == []
    assert [p for p in Path(settings.PRIVATE_MEDIA_ROOT).rglob("*") if p.is_file()] == []


@pytest.mark.django_db
def test_hr_sees_the_page_in_the_language_asked_for_and_the_edited_template_text_escaped(hr_client):
    template = EmailTemplate.objects.get(kind="confirmation", language="it")
    template.subject = "Grazie <b>{candidate_name}</b>"
    template.save()
    response = hr_client.get(URL, {"language": "it"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Grazie &lt;b&gt;Anna&lt;/b&gt;" in html
    assert f'href="{reverse("admin:candidates_emailtemplate_change", args=[template.pk])}"' in html
    assert html.count("data-email=") == len(SUBJECTS)
    english = hr_client.get(URL, {"language": "en"}).content.decode()
    assert "We have received your application for Accounts payable clerk" in english


@pytest.mark.django_db
@pytest.mark.parametrize("asked, shown", [("", "en"), ("xx", "en"), ("it", "it"), ("en", "en")])
def test_an_unknown_language_falls_back_to_the_pages_language(hr_client, asked, shown):
    response = hr_client.get(URL, {"language": asked} if asked else {})
    assert response.status_code == 200
    assert response.context["language"] == shown


@pytest.mark.django_db
def test_the_menu_links_the_page_for_hr_only(client, hr, interviewer):
    client.force_login(hr)
    assert f'href="{URL}"' in client.get(reverse("staff:dashboard")).content.decode()
    client.force_login(interviewer)
    assert f'href="{URL}"' not in client.get(reverse("staff:dashboard")).content.decode()
    assert client.get(URL).status_code == 404


@pytest.mark.django_db
def test_no_preview_shows_a_signed_link(reference_data):
    bodies = [p.body for language in ("en", "it") for p in email_previews.previews(language)]
    links = [link for body in bodies for link in re.findall(r"https?://\S+", body)]
    assert {link.split("/")[3] for link in links} == {"status", "offer", "staff", "reference"}
    assert [link for link in links if re.search(r"/(status|offer|reference)/", link) and "/…/" not in link] == []
    assert sum("/status/…/" in body for body in bodies) >= 12  # every candidate e-mail but the erasure one


def test_unsigned_replaces_only_the_token():
    text = "a http://x/status/MQ:1x:ab_c/ b http://x/status/erasure/eyJ:1x:zz/ c http://x/offer/Mg:1x:q-q/ d /staff/emails/"
    assert email_previews.unsigned(text) == "a http://x/status/…/ b http://x/status/erasure/…/ c http://x/offer/…/ d /staff/emails/"

