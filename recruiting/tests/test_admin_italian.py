"""The admin in Italian: titled with the product's name, every column heading and criterion in Italian,
dates with lower-case months."""

import re
from html import unescape

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.urls import reverse

from evaluations.models import Scorecard
from recruiting.tests import world as hiring_world


@pytest.fixture
def root(client, db):
    user = get_user_model().objects.create_superuser("root", "root@example.invalid", "a-long-test-password")
    client.force_login(user)
    return user


@pytest.fixture
def world(root, reference_data, hr, interviewer, other_interviewer, django_capture_on_commit_callbacks):
    return hiring_world.build(hr=hr, interviewer=interviewer, other_interviewer=other_interviewer,
                              capture=django_capture_on_commit_callbacks)


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html))).strip()


def _headers(html: str) -> list[str]:
    """The changelist's column headings, as a person reads them (the sort-order digits left out)."""
    table = re.search(r'<table id="result_list">.*?</thead>', html, re.S)
    assert table, "no result list: the changelist shows no rows"
    cells = re.findall(r'<th scope="col"[^>]*>.*?<div class="text">(.*?)</div>', table.group(0), re.S)
    return [text for text in (_text(cell) for cell in cells) if text]


def _changelist(model) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


@pytest.mark.parametrize(
    "language, title, header",
    [
        ("en", "Records and settings | Recruiting administration", "Studio Rossi & Figli · recruiting administration"),
        ("it", "Dati e impostazioni | Amministrazione della selezione",
         "Studio Rossi & Figli · amministrazione della selezione"),
    ],
)
def test_admin_is_titled_with_the_product_in_each_language(client, root, settings, language, title, header):
    settings.ORGANIZATION_NAME = "Studio Rossi & Figli"
    html = client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert _text(re.search(r"<title>(.*?)</title>", html, re.S).group(1)) == title
    assert _text(re.search(r'<div id="site-name">(.*?)</div>', html, re.S).group(1)) == header
    assert "Django" not in _text(html)


ITALIAN_HEADERS = {
    "auth.user": ["Nome utente", "Indirizzo email", "Nome", "Cognome", "Privilegi di staff"],
    "candidates.application": ["Candidato", "Posizione", "Fase", "Soddisfa i requisiti", "Provenienza",
                               "Testo del curriculum", "Candidatura"],
    "candidates.candidate": ["Nome", "E-mail", "Telefono", "Comune", "Lingua", "Creata"],
    "candidates.candidateemail": ["Oggetto", "A", "Tipo", "Stato", "Tentativi", "Creata", "Inviata", "Candidatura"],
    "candidates.emailtemplate": ["Tipo", "Lingua", "Oggetto"],
    "candidates.erasurerecord": ["Quando", "Motivo", "Candidature anonimizzate", "Da"],
    "candidates.note": ["Candidatura", "Autore", "Scritta"],
    "candidates.rejectionreason": ["Nome (inglese)", "Nome (italiano)", "Tipo", "Attiva", "Ordine"],
    "candidates.resumeaccess": ["Quando", "Utente", "Azione", "Candidatura"],
    "candidates.stagechange": ["Candidatura", "Fase di partenza", "Fase di arrivo", "Spostata da", "Quando"],
    "core.staffprofile": ["Utente", "Lingua", "Fuso orario"],
    "evaluations.applicationscore": ["Candidatura", "Posizione", "Totale", "Competenze", "Istruzione ed esperienza",
                                     "Relazionale", "Parziale", "Calcolato"],
    "evaluations.reminder": ["Chiave di unicità", "Tipo", "A", "Destinatario", "Stato", "Tentativi", "Creata",
                             "Inviata"],
    "evaluations.scorecard": ["Colloquio", "Intervistatore", "Stato", "Raccomandazione complessiva", "Inviata"],
    "positions.competency": ["Nome (inglese)", "Nome (italiano)", "Codice", "Attiva", "Ordine"],
    "positions.position": ["Titolo", "Area di back office", "Sede", "Modalità di lavoro", "Stato",
                           "Prima pubblicazione", "Data di chiusura", "Responsabile dell'assunzione"],
    "positions.screeningquestion": ["Domanda", "Posizione", "Tipo di risposta", "Risposta obbligatoria",
                                    "Risposta esclusiva"],
    "positions.skill": ["Nome", "Posizioni"],
    "recruiting.signin": ["Nome utente", "Indirizzo", "Entrata", "Uscita", "Pagina"],
    "recruiting.signinlock": ["Nome utente", "Indirizzo", "Errori (15 min)", "Blocca l'accesso", "Ultimo tentativo"],
}


def test_admin_changelist_headings_in_italian(client, world):
    models = {model._meta.label_lower: model for model in admin.site._registry}
    headings = {
        label: _headers(client.get(_changelist(models[label]), HTTP_ACCEPT_LANGUAGE="it").content.decode())
        for label in ITALIAN_HEADERS
    }
    assert headings == ITALIAN_HEADERS


# Headings that read the same in both languages.
SAME_IN_BOTH = {"E-mail", "ID", "Browser"}


def test_no_admin_changelist_keeps_an_english_heading_in_italian(client, world):
    """Every registered list (new ones too): a heading that reads as in English was left untranslated."""
    left_in_english = {}
    for model in admin.site._registry:
        if not model._default_manager.exists():
            continue  # no rows, no headings
        url = _changelist(model)
        english = _headers(client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode())
        italian = _headers(client.get(url, HTTP_ACCEPT_LANGUAGE="it").content.decode())
        same = [h for h, i in zip(english, italian, strict=True) if h == i and h not in SAME_IN_BOTH]
        if same:
            left_in_english[model._meta.label_lower] = same
    assert left_in_english == {}


def test_stage_change_filters_and_inline_say_which_stage_and_who(client, world):
    html = client.get(_changelist(world.applications["hired"].stage_changes.model),
                      HTTP_ACCEPT_LANGUAGE="it").content.decode()
    filters = [_text(t) for t in re.findall(r"<summary>(.*?)</summary>", html, re.S)]
    assert filters == ["Per fase di arrivo", "Per fase di partenza"]
    page = client.get(reverse("admin:candidates_application_change", args=[world.applications["hired"].pk]),
                      HTTP_ACCEPT_LANGUAGE="it").content.decode()
    inline = re.search(r'id="stage_changes-group".*?</thead>', page, re.S)
    assert [t for t in (_text(h) for h in re.findall(r"<th[^>]*>(.*?)</th>", inline.group(0), re.S)) if t] == [
        "Quando", "Fase di partenza", "Fase di arrivo", "Spostata da", "Motivo", "Nota",
    ]


@pytest.mark.parametrize(
    "language, criteria",
    [
        ("it", ["Accounts payable", "SAP", "Pertinenza della formazione",
                "Pertinenza dell'esperienza rispetto alle mansioni", "Comunicazione", "Lavoro di squadra"]),
        ("en", ["Accounts payable", "SAP", "Relevance of education", "Relevance of experience to the duties",
                "Communication", "Teamwork"]),
    ],
)
def test_scorecard_ratings_name_each_criterion_in_the_pages_language(client, world, language, criteria):
    # The interview was scheduled in English: the stored labels are English, the page follows its language.
    scorecard = Scorecard.objects.get(pk=world.submitted.pk)
    assert [r.label for r in scorecard.ratings.order_by("order")] == [
        "Accounts payable", "SAP", "Relevance of education", "Relevance of experience to the duties",
        "Communication", "Teamwork",
    ]
    page = client.get(reverse("admin:evaluations_scorecard_change", args=[scorecard.pk]),
                      HTTP_ACCEPT_LANGUAGE=language).content.decode()
    cells = re.findall(r'<td class="field-criterion_label">(.*?)</td>', page, re.S)
    assert [_text(cell) for cell in cells] == criteria


ITALIAN_MONTHS = "gennaio|febbraio|marzo|aprile|maggio|giugno|luglio|agosto|settembre|ottobre|novembre|dicembre"


def test_admin_dates_have_lower_case_months_in_italian(client, world):
    months = []
    for url in (
        reverse("admin:evaluations_scorecard_change", args=[world.submitted.pk]),
        reverse("admin:evaluations_interview_change", args=[world.past.pk]),
        reverse("admin:positions_position_change", args=[world.position.pk]),
    ):
        text = _text(client.get(url, HTTP_ACCEPT_LANGUAGE="it").content.decode())
        months += re.findall(rf"\b\d{{1,2}} ({ITALIAN_MONTHS}) \d{{4}}", text, re.IGNORECASE)
    assert len(months) >= 3  # each page shows dates
    assert [month for month in months if month != month.lower()] == []
