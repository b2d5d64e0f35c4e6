"""Every CSV and data export the app produces, cell by cell, on the known world of csvworld.py.

A spreadsheet reads what these tests read: UTF-8 after a byte-order mark, commas in English and
semicolons in Italian, numbers with the reader's decimal mark, text that would run as a formula
defused with a leading apostrophe (phone numbers left as typed), and masked people by number only.
"""

import csv
import io
import json
import zipfile

import pytest
from django.urls import reverse

from candidates import blind
from candidates.models import ResumeAccess
from core.models import profile_for
from recruiting.tests import csvworld
from recruiting.tests.csvworld import FRONT_TITLE, HOSTILE, LEDGER_TITLE

FRONT = "'" + FRONT_TITLE  # defused
DAY = "20261016"  # NOW's date in Rome, in the file names


@pytest.fixture
def world(reference_data, hr, interviewer, monkeypatch):
    csvworld.freeze(monkeypatch)
    return csvworld.build(hr=hr, interviewer=interviewer)


def read_csv(response, filename: str, delimiter: str) -> list[list[str]]:
    """The download as a spreadsheet opens it; the headers every CSV download carries."""
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:], newline=""), delimiter=delimiter))


def italian(**extra):
    return {"HTTP_ACCEPT_LANGUAGE": "it", **extra}


# ---------------------------------------------------------------------------
# Reports: one CSV per report, every row
# ---------------------------------------------------------------------------
REPORTS = {
    ("funnel", "en"): [
        ["Stage", "Applications", "Conversion from the stage before (%)"],
        ["Applied", "6", ""],
        ["Screening", "3", "50.0"],
        ["Interview", "3", "100.0"],
        ["Offer", "1", "33.3"],
        ["Hired", "1", "100.0"],
    ],
    ("funnel", "it"): [
        ["Fase", "Candidature", "Conversione dalla fase precedente (%)"],
        ["Candidatura", "6", ""],
        ["Preselezione", "3", "50,0"],
        ["Colloquio", "3", "100,0"],
        ["Offerta", "1", "33,3"],
        ["Assunto/a", "1", "100,0"],
    ],
    ("positions", "en"): [
        ["Position", "Applied", "Screening", "Interview", "Offer", "Hired"],
        [FRONT, "2", "0", "1", "0", "0"],
        [LEDGER_TITLE, "4", "3", "2", "1", "1"],
    ],
    ("positions", "it"): [
        ["Posizione", "Candidatura", "Preselezione", "Colloquio", "Offerta", "Assunto/a"],
        [FRONT, "2", "0", "1", "0", "0"],
        [LEDGER_TITLE, "4", "3", "2", "1", "1"],
    ],
    ("speed", "en"): [
        ["Stage", "Median days", "Stays"],
        ["Applied", "2.5", "6"],
        ["Screening", "4.0", "3"],
        ["Interview", "6.0", "3"],
        ["Offer", "2.0", "1"],
        ["Time to hire (median days)", "14.0", "1"],
    ],
    ("speed", "it"): [
        ["Fase", "Giorni (mediana)", "Permanenze"],
        ["Candidatura", "2,5", "6"],
        ["Preselezione", "4,0", "3"],
        ["Colloquio", "6,0", "3"],
        ["Offerta", "2,0", "1"],
        ["Tempo di assunzione (giorni, mediana)", "14,0", "1"],
    ],
    ("sources", "en"): [
        ["Source", "Applications", "Hires"],
        ["Our careers page", "2", "0"],
        ["LinkedIn", "1", "0"],
        ["Indeed", "1", "0"],
        ["Referral", "1", "1"],
        ["University or school", "1", "0"],
        ["Other", "0", "0"],
    ],
    ("sources", "it"): [
        ["Provenienza", "Candidature", "Assunzioni"],
        ["Il nostro sito «Lavora con noi»", "2", "0"],
        ["LinkedIn", "1", "0"],
        ["Indeed", "1", "0"],
        ["Segnalazione", "1", "1"],
        ["Università o scuola", "1", "0"],
        ["Altro", "0", "0"],
    ],
    ("scorecards", "en"): [
        ["Interviewer", "On time", "Late", "Missing"],
        ["'@Niccolò Ferrà", "0", "1", "0"],
        ["Marco Conti", "1", "0", "1"],
    ],
    ("scorecards", "it"): [
        ["Intervistatore", "In tempo", "In ritardo", "Mancanti"],
        ["'@Niccolò Ferrà", "0", "1", "0"],
        ["Marco Conti", "1", "0", "1"],
    ],
    ("calibration", "en"): [
        ["Interviewer", "Mean rating", "Ratings", "Panel mean", "Difference"],
        ["'@Niccolò Ferrà", "2.0", "5", "3.0", "-1.0"],
        ["Marco Conti", "4.0", "5", "3.0", "1.0"],
    ],
    ("calibration", "it"): [
        ["Intervistatore", "Valutazione media", "Valutazioni", "Media della commissione", "Differenza"],
        ["'@Niccolò Ferrà", "2,0", "5", "3,0", "-1,0"],
        ["Marco Conti", "4,0", "5", "3,0", "1,0"],
    ],
}


@pytest.mark.parametrize("name, language", list(REPORTS), ids=[f"{n}-{lang}" for n, lang in REPORTS])
def test_each_report_csv_has_exactly_these_rows_in_each_language(hr_client, world, name, language):
    headers = {"HTTP_ACCEPT_LANGUAGE": language}
    response = hr_client.get(reverse("staff:reports"), {"export": name}, **headers)
    delimiter = ";" if language == "it" else ","
    assert read_csv(response, f"report-{name}-{DAY}.csv", delimiter) == REPORTS[name, language]


def test_every_report_export_name_is_covered_here():
    from recruiting.views import REPORT_EXPORTS

    assert sorted(REPORT_EXPORTS) == sorted({name for name, _language in REPORTS})


def test_report_csvs_follow_the_position_filter(hr_client, world):
    response = hr_client.get(reverse("staff:reports"), {"export": "funnel", "position": world.ledger.pk}, **italian())
    assert read_csv(response, f"report-funnel-{DAY}.csv", ";") == [
        ["Fase", "Candidature", "Conversione dalla fase precedente (%)"],
        ["Candidatura", "4", ""],
        ["Preselezione", "3", "75,0"],
        ["Colloquio", "2", "66,7"],
        ["Offerta", "1", "50,0"],
        ["Assunto/a", "1", "100,0"],
    ]


def test_an_unknown_report_name_answers_the_page_not_a_file(hr_client, world):
    response = hr_client.get(reverse("staff:reports"), {"export": "everything"})
    assert response.status_code == 200 and response["Content-Type"] == "text/html; charset=utf-8"


def test_report_csvs_are_for_hr_only(interviewer_client, world):
    assert interviewer_client.get(reverse("staff:reports"), {"export": "funnel"}).status_code == 404


# ---------------------------------------------------------------------------
# The applications table: all applications, one position, filters, the bulk export
# ---------------------------------------------------------------------------
APPLICATION_HEADER = {
    "en": ["First name", "Last name", "E-mail", "Phone", "Town", "Position", "Stage", "Meets requirements",
           "Highest education", "Years in a similar role", "Source", "Applied"],
    "it": ["Nome", "Cognome", "E-mail", "Telefono", "Comune", "Posizione", "Fase", "Soddisfa i requisiti",
           "Titolo di studio più alto", "Anni in un ruolo simile", "Provenienza", "Candidatura"],
}


def application_rows(world, language: str) -> dict[str, list[str]]:
    """Each application's row (the erased person has left the pipeline, so has no row)."""
    if language == "en":
        return {
            "masked": ["", f"Candidate #{world.masked.pk}", "", "", "", FRONT, "Applied", "yes", "Bachelor's degree",
                       "2", "Indeed", "2026-10-12 12:00"],
            "unmasked": ["Bruno", "Abate", "bruno@example.invalid", "+39 02 1234 5678", "Pavia", FRONT, "Interview",
                         "yes", "Upper-secondary diploma", "4", "University or school", "2026-10-08 12:00"],
            "hostile": ["'" + HOSTILE, "Bianchi", "hostile@example.invalid", "+39 (02) 555-0101", "Como",
                        LEDGER_TITLE, "Interview", "yes", "Upper-secondary diploma", "3", "Our careers page",
                        "2026-09-16 12:00"],
            "hired": ["Zoë", "Ñúñez", "zoe.nunez@example.invalid", "+39 02 1234 5678", "Cantù", LEDGER_TITLE, "Hired",
                      "yes", "Bachelor's degree", "5", "Referral", "2026-08-17 12:00"],
            "rejected": ["Ilaria", "D'Ambrosio", "ilaria@example.invalid", "+39 02 1234 5678", "Lecco", LEDGER_TITLE,
                         "Rejected", "no", "Upper-secondary diploma", "1", "Our careers page", "2026-01-15 10:05"],
        }
    secondary = "Diploma di scuola secondaria superiore"
    return {
        "masked": ["", f"Candidato n. {world.masked.pk}", "", "", "", FRONT, "Candidatura", "sì", "Laurea triennale",
                   "2", "Indeed", "2026-10-12 12:00"],
        "unmasked": ["Bruno", "Abate", "bruno@example.invalid", "+39 02 1234 5678", "Pavia", FRONT, "Colloquio", "sì",
                     secondary, "4", "Università o scuola", "2026-10-08 12:00"],
        "hostile": ["'" + HOSTILE, "Bianchi", "hostile@example.invalid", "+39 (02) 555-0101", "Como", LEDGER_TITLE,
                    "Colloquio", "sì", secondary, "3", "Il nostro sito «Lavora con noi»", "2026-09-16 12:00"],
        "hired": ["Zoë", "Ñúñez", "zoe.nunez@example.invalid", "+39 02 1234 5678", "Cantù", LEDGER_TITLE, "Assunto/a",
                  "sì", "Laurea triennale", "5", "Segnalazione", "2026-08-17 12:00"],
        "rejected": ["Ilaria", "D'Ambrosio", "ilaria@example.invalid", "+39 02 1234 5678", "Lecco", LEDGER_TITLE,
                     "Escluso/a", "no", secondary, "1", "Il nostro sito «Lavora con noi»", "2026-01-15 10:05"],
    }


@pytest.mark.parametrize("language", ["en", "it"])
def test_all_applications_csv_newest_first_masked_defused_and_without_the_erased_person(hr_client, world, language):
    response = hr_client.get(reverse("candidates:all"), {"export": "csv"}, HTTP_ACCEPT_LANGUAGE=language)
    rows = application_rows(world, language)
    assert read_csv(response, f"applications-all-{DAY}.csv", ";" if language == "it" else ",") == [
        APPLICATION_HEADER[language], rows["masked"], rows["unmasked"], rows["hostile"], rows["hired"], rows["rejected"],
    ]


def test_one_position_csv_has_only_its_applications(hr_client, world):
    response = hr_client.get(reverse("candidates:table", kwargs={"pk": world.ledger.pk}), {"export": "csv"})
    rows = application_rows(world, "en")
    assert read_csv(response, f"applications-contabile-fornitori-{DAY}.csv", ",") == [
        APPLICATION_HEADER["en"], rows["hostile"], rows["hired"], rows["rejected"],
    ]


def test_applications_csv_follows_the_table_filters(hr_client, world):
    response = hr_client.get(reverse("candidates:all"), {"export": "csv", "stage": "interview", "sort": "name"})
    rows = application_rows(world, "en")
    assert read_csv(response, f"applications-all-{DAY}.csv", ",") == [
        APPLICATION_HEADER["en"], rows["unmasked"], rows["hostile"],  # Abate, Bianchi
    ]


def test_applications_csv_writes_the_times_in_the_staff_members_time_zone(client, world):
    profile = profile_for(world.hr)
    profile.time_zone = "America/New_York"
    profile.save()
    client.force_login(world.hr)  # the zone goes into the session at sign-in
    response = client.get(reverse("candidates:all"), {"export": "csv"})
    assert [row[11] for row in read_csv(response, f"applications-all-{DAY}.csv", ",")] == [
        "Applied", "2026-10-12 06:00", "2026-10-08 06:00", "2026-09-16 06:00", "2026-08-17 06:00", "2026-01-15 04:05",
    ]


@pytest.mark.parametrize("language", ["en", "it"])
def test_bulk_export_has_exactly_the_ticked_applications(hr_client, world, language):
    url = reverse("candidates:bulk", kwargs={"pk": world.ledger.pk})
    response = hr_client.post(url, {"action": "export", "applications": [world.rejected.pk, world.hostile.pk]},
                              HTTP_ACCEPT_LANGUAGE=language)
    rows = application_rows(world, language)
    assert read_csv(response, f"applications-contabile-fornitori-{DAY}.csv", ";" if language == "it" else ",") == [
        APPLICATION_HEADER[language], rows["hostile"], rows["rejected"],
    ]


def test_bulk_export_of_a_masked_application_names_no_one(hr_client, world):
    response = hr_client.post(reverse("candidates:bulk", kwargs={"pk": world.front.pk}),
                              {"action": "export", "applications": [world.masked.pk]})
    assert read_csv(response, f"applications-receptionist-{DAY}.csv", ",") == [
        APPLICATION_HEADER["en"], application_rows(world, "en")["masked"],
    ]


# ---------------------------------------------------------------------------
# The ranking
# ---------------------------------------------------------------------------
RANKING_HEADER = {
    "en": ["Rank", "Candidate", "Stage", "Meets requirements", "Skills", "Education and experience", "Interpersonal",
           "Total", "Partial", "Explanation"],
    "it": ["N.", "Candidato", "Fase", "Soddisfa i requisiti", "Competenze", "Istruzione ed esperienza", "Relazionale",
           "Totale", "Parziale", "Spiegazione"],
}


def test_ledger_ranking_csv_in_english(hr_client, world):
    response = hr_client.get(reverse("evaluations:ranking", kwargs={"position_pk": world.ledger.pk}), {"export": "csv"})
    assert read_csv(response, "ranking-contabile-fornitori.csv", ",") == [['Rank',
          'Candidate',
          'Stage',
          'Meets requirements',
          'Skills',
          'Education and experience',
          'Interpersonal',
          'Total',
          'Partial',
          'Explanation'],
         ['1',
          'Zoë Ñúñez',
          'Hired',
          'yes',
          '50.0',
          '95.0',
          '',
          '69.29',
          'yes',
          'Skills: 50.00 × 40/70 = 28.57 points | Accounts payable: found in the résumé → 25.00 points to the part, '
          '14.29 to the total | SAP: found in the résumé → 25.00 points to the part, 14.28 to the total | Education '
          "and experience: 95.00 × 30/70 = 40.72 points | Bachelor's degree (minimum Upper-secondary diploma, "
          "preferred Bachelor's degree): 50/50 → 50.00 points to the part, 21.43 to the total | 5 years vs 3 years "
          'required, 5 years preferred: 45/50 → 45.00 points to the part, 19.29 to the total | Interpersonal: not '
          'yet assessed | Total: 28.57 + 40.72 = 69.29, over the parts known: their weights add up to 70 of 100, so '
          'each counts as its weight out of 70'],
         ['2',
          '\'=HYPERLINK("x") Bianchi',
          'Interview',
          'yes',
          '66.67',
          '68.33',
          '66.67',
          '67.17',
          'no',
          'Skills: 66.67 × 40 % = 26.67 points | Accounts payable: rated 3.0/4 by 2 interviewers → 33.34 points to '
          'the part, 13.34 to the total | SAP: rated 3.0/4 by 2 interviewers → 33.33 points to the part, 13.33 to '
          'the total | Education and experience: 68.33 × 30 % = 20.50 points | Upper-secondary diploma (minimum '
          "Upper-secondary diploma, preferred Bachelor's degree): 35/50 → 17.50 points to the part, 5.25 to the "
          'total | 3 years vs 3 years required, 5 years preferred: 35/50 → 17.50 points to the part, 5.25 to the '
          'total | Relevance of education rated 3.0/4 by 2 interviewers → 16.67 points to the part, 5.00 to the '
          'total | Relevance of experience rated 3.0/4 by 2 interviewers → 16.66 points to the part, 5.00 to the '
          'total | Interpersonal: 66.67 × 30 % = 20.00 points | Communication: rated 3.0/4 by 2 interviewers → 66.67 '
          'points to the part, 20.00 to the total | @Niccolò Ferrà has given 5 ratings so far: ratings are '
          'calibrated from 20 ratings on, until then theirs are used as given | Marco Conti has given 5 ratings so '
          'far: ratings are calibrated from 20 ratings on, until then theirs are used as given | Total: 26.67 + '
          '20.50 + 20.00 = 67.17'],
         ['3',
          "Ilaria D'Ambrosio",
          'Rejected',
          'no',
          '0.0',
          '45.0',
          '',
          '19.29',
          'yes',
          'Skills: 0.00 × 40/70 = 0.00 points | Accounts payable (required): no evidence → 0.00 points to the part, '
          '0.00 to the total | SAP (required): no evidence → 0.00 points to the part, 0.00 to the total | Education '
          'and experience: 45.00 × 30/70 = 19.29 points | Upper-secondary diploma (minimum Upper-secondary diploma, '
          "preferred Bachelor's degree): 35/50 → 35.00 points to the part, 15.00 to the total | 1 year vs 3 years "
          'required, 5 years preferred: 10/50 → 10.00 points to the part, 4.29 to the total | Interpersonal: not yet '
          'assessed | Total: 0.00 + 19.29 = 19.29, over the parts known: their weights add up to 70 of 100, so each '
          'counts as its weight out of 70']]


def test_ledger_ranking_csv_in_italian(hr_client, world):
    response = hr_client.get(reverse("evaluations:ranking", kwargs={"position_pk": world.ledger.pk}), {"export": "csv"},
                             **italian())
    assert read_csv(response, "ranking-contabile-fornitori.csv", ";") == [['N.',
          'Candidato',
          'Fase',
          'Soddisfa i requisiti',
          'Competenze',
          'Istruzione ed esperienza',
          'Relazionale',
          'Totale',
          'Parziale',
          'Spiegazione'],
         ['1',
          'Zoë Ñúñez',
          'Assunto/a',
          'sì',
          '50,0',
          '95,0',
          '',
          '69,29',
          'sì',
          'Competenze: 50,00 × 40/70 = 28,57 punti | Accounts payable: presente nel curriculum → 25,00 punti alla '
          'parte, 14,29 al totale | SAP: presente nel curriculum → 25,00 punti alla parte, 14,28 al totale | '
          'Istruzione ed esperienza: 95,00 × 30/70 = 40,72 punti | Laurea triennale (minimo: Diploma di scuola '
          'secondaria superiore; preferito: Laurea triennale): 50/50 → 50,00 punti alla parte, 21,43 al totale | 5 '
          'anni (richiesti: 3 anni; preferiti: 5 anni): 45/50 → 45,00 punti alla parte, 19,29 al totale | '
          'Relazionale: non ancora valutato | Totale: 28,57 + 40,72 = 69,29, sulle parti note: i loro pesi sommano '
          '70 su 100, quindi ciascuna conta per il suo peso su 70'],
         ['2',
          '\'=HYPERLINK("x") Bianchi',
          'Colloquio',
          'sì',
          '66,67',
          '68,33',
          '66,67',
          '67,17',
          'no',
          'Competenze: 66,67 × 40 % = 26,67 punti | Accounts payable: valutata 3,0/4 da 2 intervistatori → 33,34 '
          'punti alla parte, 13,34 al totale | SAP: valutata 3,0/4 da 2 intervistatori → 33,33 punti alla parte, '
          '13,33 al totale | Istruzione ed esperienza: 68,33 × 30 % = 20,50 punti | Diploma di scuola secondaria '
          'superiore (minimo: Diploma di scuola secondaria superiore; preferito: Laurea triennale): 35/50 → 17,50 '
          'punti alla parte, 5,25 al totale | 3 anni (richiesti: 3 anni; preferiti: 5 anni): 35/50 → 17,50 punti '
          'alla parte, 5,25 al totale | Pertinenza della formazione valutata 3,0/4 da 2 intervistatori → 16,67 punti '
          "alla parte, 5,00 al totale | Pertinenza dell'esperienza valutata 3,0/4 da 2 intervistatori → 16,66 punti "
          'alla parte, 5,00 al totale | Relazionale: 66,67 × 30 % = 20,00 punti | Comunicazione: valutata 3,0/4 da 2 '
          'intervistatori → 66,67 punti alla parte, 20,00 al totale | @Niccolò Ferrà ha dato finora 5 valutazioni: '
          'le valutazioni sono calibrate da 20 valutazioni in su, fino ad allora le sue sono usate così come sono | '
          'Marco Conti ha dato finora 5 valutazioni: le valutazioni sono calibrate da 20 valutazioni in su, fino ad '
          'allora le sue sono usate così come sono | Totale: 26,67 + 20,50 + 20,00 = 67,17'],
         ['3',
          "Ilaria D'Ambrosio",
          'Escluso/a',
          'no',
          '0,0',
          '45,0',
          '',
          '19,29',
          'sì',
          'Competenze: 0,00 × 40/70 = 0,00 punti | Accounts payable (richiesta): nessuna evidenza → 0,00 punti alla '
          'parte, 0,00 al totale | SAP (richiesta): nessuna evidenza → 0,00 punti alla parte, 0,00 al totale | '
          'Istruzione ed esperienza: 45,00 × 30/70 = 19,29 punti | Diploma di scuola secondaria superiore (minimo: '
          'Diploma di scuola secondaria superiore; preferito: Laurea triennale): 35/50 → 35,00 punti alla parte, '
          '15,00 al totale | 1 anno (richiesti: 3 anni; preferiti: 5 anni): 10/50 → 10,00 punti alla parte, 4,29 al '
          'totale | Relazionale: non ancora valutato | Totale: 0,00 + 19,29 = 19,29, sulle parti note: i loro pesi '
          'sommano 70 su 100, quindi ciascuna conta per il suo peso su 70']]


def test_blind_ranking_csv_names_the_masked_applicant_by_number_only(hr_client, world):
    response = hr_client.get(reverse("evaluations:ranking", kwargs={"position_pk": world.front.pk}), {"export": "csv"})
    assert read_csv(response, "ranking-receptionist.csv", ",") == [['Rank',
          'Candidate',
          'Stage',
          'Meets requirements',
          'Skills',
          'Education and experience',
          'Interpersonal',
          'Total',
          'Partial',
          'Explanation'],
         ['1',
          f'Candidate #{world.masked.pk}',
          'Applied',
          'yes',
          '50.0',
          '85.0',
          '',
          '65.0',
          'yes',
          'Skills: 50.00 × 40/70 = 28.57 points | Accounts payable: found in the résumé → 25.00 points to the part, '
          '14.29 to the total | SAP: found in the résumé → 25.00 points to the part, 14.28 to the total | Education '
          "and experience: 85.00 × 30/70 = 36.43 points | Bachelor's degree (minimum Upper-secondary diploma, "
          "preferred Bachelor's degree): 50/50 → 50.00 points to the part, 21.43 to the total | 2 years vs 3 years "
          'required, 5 years preferred: 35/50 → 35.00 points to the part, 15.00 to the total | Interpersonal: not '
          'yet assessed | Total: 28.57 + 36.43 = 65.00, over the parts known: their weights add up to 70 of 100, so '
          'each counts as its weight out of 70'],
         ['2',
          'Bruno Abate',
          'Interview',
          'yes',
          '50.0',
          '75.0',
          '',
          '60.71',
          'yes',
          'Skills: 50.00 × 40/70 = 28.57 points | Accounts payable: found in the résumé → 25.00 points to the part, '
          '14.29 to the total | SAP: found in the résumé → 25.00 points to the part, 14.28 to the total | Education '
          'and experience: 75.00 × 30/70 = 32.14 points | Upper-secondary diploma (minimum Upper-secondary diploma, '
          "preferred Bachelor's degree): 35/50 → 35.00 points to the part, 15.00 to the total | 4 years vs 3 years "
          'required, 5 years preferred: 40/50 → 40.00 points to the part, 17.14 to the total | Interpersonal: not '
          'yet assessed | Total: 28.57 + 32.14 = 60.71, over the parts known: their weights add up to 70 of 100, so '
          'each counts as its weight out of 70']]


def test_ranking_csv_follows_the_stage_filter(hr_client, world):
    response = hr_client.get(reverse("evaluations:ranking", kwargs={"position_pk": world.ledger.pk}),
                             {"export": "csv", "stage": "rejected"})
    assert [row[:4] for row in read_csv(response, "ranking-contabile-fornitori.csv", ",")] == [
        RANKING_HEADER["en"][:4], ["1", "Ilaria D'Ambrosio", "Rejected", "no"],
    ]


# ---------------------------------------------------------------------------
# The data-protection export of a person (a ZIP: data.json and the résumés)
# ---------------------------------------------------------------------------
def _ratings(score: int) -> list[dict]:
    labels = ["Accounts payable", "SAP", "Relevance of education", "Relevance of experience to the duties",
              "Communication"]
    return [{"criterion": label, "score": score, "note": ""} for label in labels]


def hostile_data(world) -> dict:
    """Everything held about the person with the hostile name, as data.json must say it."""
    cards = sorted([(world.on_time.pk, 4), (world.late.pk, 2)])
    return {
        "exported_at": "2026-10-16T10:00:00Z",
        "candidate": {
            "first_name": HOSTILE, "last_name": "Bianchi", "email": "hostile@example.invalid",
            "phone": "+39 (02) 555-0101", "town": "Como", "language": "it", "created_at": "2026-09-16T10:00:00Z",
        },
        "erasure_requests": [],
        "applications": [{
            "position": LEDGER_TITLE,
            "applied_at": "2026-09-16T10:00:00Z",
            "stage": "interview",
            "education_level": "Upper-secondary diploma",
            "field_of_study": "",
            "years_experience": 3,
            "skills_declared": [],
            "other_skills": "",
            "cover_letter": "",
            "source": "job_board",
            "privacy_notice": {"version": "2026-11", "acknowledged_at": "2026-09-16T10:00:00Z"},
            "future_roles_consent": False,
            "answers": [],
            "stage_changes": [
                {"from": "", "to": "applied", "at": "2026-09-16T10:00:00Z", "note": "", "reason": ""},
                {"from": "applied", "to": "screening", "at": "2026-09-17T10:00:00Z", "note": "", "reason": ""},
                {"from": "screening", "to": "interview", "at": "2026-09-20T10:00:00Z", "note": "", "reason": ""},
            ],
            "notes": [{"at": "2026-10-16T10:00:00Z", "text": "Colloquio già fissato — ok"}],
            "emails": [],
            "interviews": [{"kind": "competency", "starts_at": "2026-10-13T10:00:00Z", "duration_minutes": 60,
                            "location": "Sala riunioni 2, via Roma 1, Milano", "status": "scheduled",
                            "reschedule_request": "", "reschedule_requested_at": None}],
            "scorecards": [
                {"recommendation": "yes", "takeaways": "Solid.", "ratings": _ratings(score)} for _pk, score in cards
            ],
            "offers": [],
            "slot_offers": [],
            "assessments": [],
            "references": [],
            "resume_file": f"files/{world.hostile.pk}-cv.pdf",
            "resume_text": "Accounts payable, SAP, reconciliations",
        }],
    }


def _export(client, url):
    response = client.post(url, {"action": "export"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Cache-Control"] == "private, no-store"
    return response, zipfile.ZipFile(io.BytesIO(response.content))


def test_privacy_export_holds_exactly_the_persons_data_and_resume(admin_client, world):
    url = reverse("staff:candidate_privacy", kwargs={"pk": world.hostile.candidate_id})
    response, archive = _export(admin_client, url)
    assert response["Content-Disposition"] == f'attachment; filename="candidate-{world.hostile.candidate_id}-data.zip"'
    assert archive.namelist() == [f"files/{world.hostile.pk}-cv.pdf", "data.json"]
    with world.hostile.resume.open("rb") as handle:
        assert archive.read(f"files/{world.hostile.pk}-cv.pdf") == handle.read()
    text = archive.read("data.json").decode("utf-8")
    assert json.loads(text) == hostile_data(world)
    assert '"text": "Colloquio già fissato — ok"' in text  # written as read, not as \u escapes
    assert list(ResumeAccess.objects.values_list("application", "action")) == [(world.hostile.pk, "export")]


def test_hr_and_an_administrator_export_the_same_data_of_a_person_with_nothing_masked(hr_client, admin_client, world):
    url = reverse("staff:candidate_privacy", kwargs={"pk": world.hostile.candidate_id})
    _response, by_admin = _export(admin_client, url)
    _response, by_hr = _export(hr_client, blind.privacy_page_url(world.hostile.candidate_id))
    assert json.loads(by_hr.read("data.json")) == json.loads(by_admin.read("data.json")) == hostile_data(world)


def test_privacy_export_of_an_erased_person_holds_only_what_anonymisation_keeps(admin_client, world):
    url = reverse("staff:candidate_privacy", kwargs={"pk": world.erased.candidate_id})
    _response, archive = _export(admin_client, url)
    assert archive.namelist() == ["data.json"]  # the résumé file went with the erasure
    data = json.loads(archive.read("data.json"))
    candidate = data["candidate"]
    assert candidate["email"].endswith("@anonymised.invalid")
    del candidate["email"]  # a random token
    assert data["candidate"] == {"first_name": "—", "last_name": "", "phone": "", "town": "", "language": "it",
                                 "created_at": "2026-10-06T10:00:00Z"}
    [application] = data["applications"]
    assert {key: application[key] for key in ("stage", "resume_file", "resume_text", "notes", "source")} == {
        "stage": "screening", "resume_file": "", "resume_text": "", "notes": [], "source": "linkedin",
    }


# ---------------------------------------------------------------------------
# The admin's "Export selected as CSV": its content is pinned in test_admin_csv_localized.py
# ---------------------------------------------------------------------------
def test_an_hr_manager_who_is_staff_is_sent_to_the_admin_sign_in_instead_of_a_csv(client, world):
    # Blind screening holds for HR everywhere (candidates/blind.py); the admin is "outside" it for administrators only.
    world.hr.is_staff = True
    world.hr.save()
    client.force_login(world.hr)
    response = client.post(reverse("admin:candidates_candidate_changelist"),
                           {"action": "export_csv", "index": "0", "_selected_action": [world.masked.candidate_id]})
    assert (response.status_code, response["Location"].split("?")[0]) == (302, reverse("admin:login"))
    text = response.content.decode("utf-8")
    assert [secret for secret in ("Chiara", "Nicolò", "chiara@example.invalid", "Monza") if secret in text] == []
