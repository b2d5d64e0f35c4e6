"""The admin's "Export selected as CSV" writes like the app's downloads: in the admin's language, choices by
their labels, local times to the minute, yes/no in words, and the separators of a spreadsheet in that language
(";" between fields and "," in numbers in Italian)."""

import csv
import io

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from candidates.models import Candidate
from core.models import profile_for
from recruiting.tests import csvworld
from recruiting.tests.csvworld import HOSTILE

DAY = "20261016"  # csvworld.NOW's date in Rome, in the file names
DELIMITER = {"en": ",", "it": ";"}


@pytest.fixture
def world(reference_data, hr, interviewer, monkeypatch):
    csvworld.freeze(monkeypatch)
    return csvworld.build(hr=hr, interviewer=interviewer)


@pytest.fixture
def root(client, db):
    user = get_user_model().objects.create_superuser("root", "root@example.invalid", "a-long-test-password")
    client.force_login(user)
    return user


def _export(client, model: str, selected: list[int], language: str):
    return client.post(reverse(f"admin:{model}_changelist"),
                       {"action": "export_csv", "index": "0", "_selected_action": selected},
                       HTTP_ACCEPT_LANGUAGE=language)


def read_csv(response, filename: str, delimiter: str) -> list[list[str]]:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:], newline=""), delimiter=delimiter))


CANDIDATE_HEADER = {
    "en": ["ID", "First name", "Last name", "E-mail", "Normalised e-mail", "Phone", "Town", "Language", "Created",
           "Updated"],
    "it": ["ID", "Nome", "Cognome", "E-mail", "E-mail normalizzata", "Telefono", "Comune", "Lingua", "Creata",
           "Aggiornata"],
}
ITALIAN = {"en": "Italian", "it": "Italiano"}  # the candidates' language, by its label


@pytest.mark.parametrize("language", ["en", "it"])
def test_admin_csv_of_candidates_in_each_language(client, root, world, language):
    response = _export(client, "candidates_candidate", [world.hired.candidate_id, world.hostile.candidate_id],
                       language)
    rows = read_csv(response, f"candidate-{DAY}.csv", DELIMITER[language])
    assert rows[0] == CANDIDATE_HEADER[language]
    # Created 30 and 60 days before NOW (10:00 UTC), updated at NOW: 12:00 in Rome, summer time.
    assert sorted(rows[1:]) == [
        [str(world.hired.candidate_id), "Zoë", "Ñúñez", "zoe.nunez@example.invalid", "zoe.nunez@example.invalid",
         "+39 02 1234 5678", "Cantù", ITALIAN[language], "2026-08-17 12:00", "2026-10-16 12:00"],
        [str(world.hostile.candidate_id), "'" + HOSTILE, "Bianchi", "hostile@example.invalid",
         "hostile@example.invalid", "+39 (02) 555-0101", "Como", ITALIAN[language], "2026-09-16 12:00",
         "2026-10-16 12:00"],
    ]


SCORE = {
    "en": {
        "header": ["Application", "Position", "Skills", "Education and experience", "Interpersonal",
                   "Interpersonal (sort key)", "Total", "Partial", "Scorecards", "Computed"],
        "hostile": ["66.67", "68.33", "66.67", "66.67", "67.17", "no", "2", "2026-10-16 12:00"],
        "erased": ["0.0", "70.0", "", "-1.0", "30.0", "yes", "0", "2026-10-16 12:00"],
    },
    "it": {
        "header": ["Candidatura", "Posizione", "Competenze", "Istruzione ed esperienza", "Relazionale",
                   "Relazionale (chiave di ordinamento)", "Totale", "Parziale", "Schede di valutazione", "Calcolato"],
        "hostile": ["66,67", "68,33", "66,67", "66,67", "67,17", "no", "2", "2026-10-16 12:00"],
        "erased": ["0,0", "70,0", "", "-1,0", "30,0", "sì", "0", "2026-10-16 12:00"],
    },
}


@pytest.mark.parametrize("language", ["en", "it"])
def test_admin_csv_of_scores_writes_numbers_and_yes_no_as_the_language_does(client, root, world, language):
    response = _export(client, "evaluations_applicationscore", [world.hostile.pk, world.erased.pk], language)
    rows = read_csv(response, f"applicationscore-{DAY}.csv", DELIMITER[language])
    expected = SCORE[language]
    ledger = str(world.ledger.pk)
    assert rows[0] == expected["header"]
    assert sorted(rows[1:]) == sorted([
        [str(world.hostile.pk), ledger, *expected["hostile"]],
        [str(world.erased.pk), ledger, *expected["erased"]],
    ])


APPLICATION = {
    "en": {
        "header": ["ID", "Candidate", "Position", "Stage", "Highest education", "Field of study",
                   "Years in a similar role", "Other skills", "Résumé file name", "Résumé text", "Source",
                   "Privacy notice acknowledged", "Privacy notice version", "May be considered for future roles",
                   "Meets requirements", "Rejection reason", "Submission token", "Applied", "Updated",
                   "Last activity", "Anonymised", "Re-scoring requested"],
        "hired": ["Hired", "Bachelor's degree", "Text extracted", "Referral", "no", "yes"],
        "rejected": ["Rejected", "Upper-secondary diploma", "Text extracted", "Our careers page", "no", "no"],
    },
    "it": {
        "header": ["ID", "Candidato", "Posizione", "Fase", "Titolo di studio più alto", "Indirizzo di studio",
                   "Anni in un ruolo simile", "Altre competenze", "Nome del file del curriculum",
                   "Testo del curriculum", "Provenienza", "Informativa privacy letta",
                   "Versione dell'informativa privacy", "Può essere considerato/a per posizioni future",
                   "Soddisfa i requisiti", "Motivo di esclusione", "Codice di invio", "Candidatura", "Aggiornata",
                   "Ultima attività", "Anonimizzata", "Nuovo punteggio richiesto"],
        "hired": ["Assunto/a", "Laurea triennale", "Testo estratto", "Segnalazione", "no", "sì"],
        "rejected": ["Escluso/a", "Diploma di scuola secondaria superiore", "Testo estratto",
                     "Il nostro sito «Lavora con noi»", "no", "no"],
    },
}


def _application_row(application, labels, *, years, applied):
    stage, education, text_status, source, future_roles, meets = labels
    return [
        str(application.pk), str(application.candidate_id), str(application.position_id), stage, education, "",
        years, "", "cv.pdf", text_status, source, applied, application.privacy_notice_version, future_roles, meets,
        str(application.rejection_reason_id or ""), str(application.submission_token), applied,
        "2026-10-16 12:00", "2026-10-16 12:00", "", "",
    ]


@pytest.mark.parametrize("language", ["en", "it"])
def test_admin_csv_of_applications_writes_choice_labels_and_local_times(client, root, world, language):
    response = _export(client, "candidates_application", [world.hired.pk, world.rejected.pk], language)
    rows = read_csv(response, f"application-{DAY}.csv", DELIMITER[language])
    expected = APPLICATION[language]
    assert rows[0] == expected["header"]
    assert world.rejected.rejection_reason_id is not None  # the reason appears by its id, like other links
    assert sorted(rows[1:]) == sorted([
        # Applied 60 days before NOW (summer time, UTC+2) and on WINTER_DAY, 09:05 UTC (winter time, UTC+1).
        _application_row(world.hired, expected["hired"], years="5", applied="2026-08-17 12:00"),
        _application_row(world.rejected, expected["rejected"], years="1", applied="2026-01-15 10:05"),
    ])


def test_admin_csv_writes_the_times_in_the_administrators_time_zone(client, root, world):
    profile = profile_for(root)
    profile.time_zone = "America/New_York"
    profile.save()
    client.force_login(root)  # the zone goes into the session at sign-in
    response = _export(client, "candidates_candidate", [world.hired.candidate_id, world.hostile.candidate_id], "en")
    rows = read_csv(response, f"candidate-{DAY}.csv", ",")
    assert sorted((row[8], row[9]) for row in rows[1:]) == [
        ("2026-08-17 06:00", "2026-10-16 06:00"), ("2026-09-16 06:00", "2026-10-16 06:00"),
    ]


def test_admin_csv_quotes_a_value_holding_the_italian_separator(client, root, world):
    Candidate.objects.filter(pk=world.hostile.candidate_id).update(town="Como; Lecco")
    response = _export(client, "candidates_candidate", [world.hostile.candidate_id], "it")
    text = response.content.decode("utf-8")
    assert ';"Como; Lecco";' in text
    assert read_csv(response, f"candidate-{DAY}.csv", ";")[1][6] == "Como; Lecco"
