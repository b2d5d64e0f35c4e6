"""Blind screening holds on every path: search, sorting, exports, ranking, links, previews and data protection."""

import csv
import datetime
import io
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from candidates import blind, services
from candidates.models import Application, CandidateEmail, RejectionReason, Stage, StageChange
from candidates.tests.factories import ApplicationFactory, CandidateFactory
from evaluations import ranking
from positions.tests.factories import OpenPositionFactory

# Who they are; résumé text repeats it, as real résumés do. Each has a word only their résumé holds.
PEOPLE = {
    "zanetti": dict(first_name="Ottavia", last_name="Zanetti", email="ottavia.zanetti@example.invalid",
                    phone="+39 333 000111", town="Cremona", resume_word="Brambilla"),
    "abate": dict(first_name="Bruno", last_name="Abate", email="bruno.abate@example.invalid",
                  phone="+39 333 000222", town="Pavia", resume_word="Oleificio"),
    "bassi": dict(first_name="Carla", last_name="Bassi", email="carla.bassi@example.invalid",
                  phone="+39 333 000333", town="Lodi", resume_word="Cartiera"),
    "conte": dict(first_name="Dario", last_name="Conte", email="dario.conte@example.invalid",
                  phone="+39 333 000444", town="Varese", resume_word="Tessitura"),
}
MASKED = ("zanetti", "abate")  # applied; rejected at screening (never interviewed)
UNMASKED = ("bassi", "conte")  # at the interview stage; rejected after the interview
CREATED = ("zanetti", "abate", "bassi", "conte")  # the order the fixture creates them in


def _apply(position, key, **kwargs):
    person = PEOPLE[key]
    return ApplicationFactory(
        position=position,
        candidate=CandidateFactory(**{k: v for k, v in person.items() if k != "resume_word"}),
        other_skills="Excel avanzato",
        resume_text=(
            f"{person['first_name']} {person['last_name']} — {person['town']} — tel. {person['phone']} — "
            f"{person['email']}. Contabilità fornitori presso {person['resume_word']} S.p.A."
        ),
        **kwargs,
    )


@pytest.fixture
def pool(reference_data, hr):
    position = OpenPositionFactory(blind_screening=True)
    rejected = RejectionReason.objects.filter(kind="we_rejected").first()
    apps = {
        "zanetti": _apply(position, "zanetti"),
        "abate": _apply(position, "abate", stage=Stage.REJECTED, rejection_reason=rejected),
        "bassi": _apply(position, "bassi", stage=Stage.INTERVIEW),
        "conte": _apply(position, "conte", stage=Stage.INTERVIEW),
    }
    services.application_reject(application=apps["conte"], reason=rejected, user=hr)
    for application in apps.values():
        application.refresh_from_db()
    ranking.rescore(position_id=position.pk)
    return position, apps


def _shown(application) -> str:
    return f"Candidate #{application.pk}"


def _expected_name(key, apps) -> str:
    person = PEOPLE[key]
    return _shown(apps[key]) if key in MASKED else f"{person['first_name']} {person['last_name']}"


def _secrets(keys):
    for key in keys:
        person = PEOPLE[key]
        yield from (person["first_name"], person["last_name"], person["email"], person["phone"].split(" ", 1)[1],
                    person["town"], person["resume_word"])


# ---------------------------------------------------------------------------
# The rule
# ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    "blind_position, history, masked",
    [
        (False, [Stage.APPLIED], False),
        (True, [Stage.APPLIED], True),
        (True, [Stage.APPLIED, Stage.SCREENING], True),
        (True, [Stage.APPLIED, Stage.INTERVIEW], False),
        (True, [Stage.APPLIED, Stage.INTERVIEW, Stage.OFFER], False),
        (True, [Stage.APPLIED, Stage.INTERVIEW, Stage.OFFER, Stage.HIRED], False),
        (True, [Stage.APPLIED, Stage.SCREENING, Stage.REJECTED], True),
        (True, [Stage.APPLIED, Stage.WITHDRAWN], True),
        (True, [Stage.APPLIED, Stage.INTERVIEW, Stage.REJECTED], False),
        (True, [Stage.APPLIED, Stage.INTERVIEW, Stage.SCREENING], False),
    ],
    ids=["open-position", "applied", "screening", "interview", "offer", "hired", "rejected-at-screening",
         "withdrawn-before-interview", "rejected-after-interview", "back-to-screening-after-interview"],
)
def test_who_is_masked_one_by_one_and_in_lists(reference_data, blind_position, history, masked):
    application = ApplicationFactory(position=OpenPositionFactory(blind_screening=blind_position))
    reasons = {Stage.REJECTED: "we_rejected", Stage.WITHDRAWN: "they_withdrew"}
    for before, after in zip(history, history[1:], strict=False):
        StageChange.objects.create(application=application, from_stage=before, to_stage=after)
    final = history[-1]
    reason = RejectionReason.objects.filter(kind=reasons[final]).first() if final in reasons else None
    Application.objects.filter(pk=application.pk).update(stage=final, rejection_reason=reason)
    fresh = Application.objects.select_related("position").get(pk=application.pk)
    assert fresh.is_blind is masked
    listed = blind.with_mask(Application.objects.select_related("position")).get(pk=application.pk)
    assert getattr(listed, blind.ATTRIBUTE) is masked and listed.is_blind is masked


@pytest.mark.parametrize("key, status", [("zanetti", 404), ("abate", 404), ("bassi", 200), ("conte", 200)])
def test_resume_files_are_served_only_for_unmasked_applications(hr_client, pool, key, status):
    _position, apps = pool
    assert hr_client.get(reverse("candidates:resume", kwargs={"pk": apps[key].pk})).status_code == status


# ---------------------------------------------------------------------------
# Search, sorting, CSV: exact rows
# ---------------------------------------------------------------------------
IDENTIFYING = {
    "surname": lambda p: p["last_name"],
    "whole-email": lambda p: p["email"],
    "email-fragment": lambda p: p["email"].split("@")[0],
    "city": lambda p: p["town"],
    "phone": lambda p: p["phone"].split(" ", 1)[1],
    "resume-text": lambda p: p["resume_word"],
}


def _table_urls(position):
    return {"position-table": reverse("candidates:table", kwargs={"pk": position.pk}), "all-applications": reverse("candidates:all")}


@pytest.mark.parametrize("where", ["position-table", "all-applications"])
@pytest.mark.parametrize("field", list(IDENTIFYING))
def test_search_by_identifying_fields_never_finds_a_masked_row(hr_client, pool, where, field):
    position, apps = pool
    url = _table_urls(position)[where]
    found = {
        key: [a.pk for a in hr_client.get(url, {"q": IDENTIFYING[field](PEOPLE[key])}).context["applications"]]
        for key in CREATED
    }
    assert found == {"zanetti": [], "abate": [], "bassi": [apps["bassi"].pk], "conte": [apps["conte"].pk]}


@pytest.mark.parametrize("where", ["position-table", "all-applications"])
def test_masked_rows_are_found_by_number_and_by_what_their_page_shows(hr_client, pool, where):
    position, apps = pool
    url = _table_urls(position)[where]
    rows = lambda q: [a.pk for a in hr_client.get(url, {"q": q}).context["applications"]]  # noqa: E731
    assert rows(f"#{apps['zanetti'].pk}") == [apps["zanetti"].pk]
    assert rows(_shown(apps["abate"])) == [apps["abate"].pk]
    assert rows(f"Candidato n. {apps['abate'].pk}") == [apps["abate"].pk]  # as the Italian pages call it
    assert rows("excel") == [apps[key].pk for key in reversed(CREATED)]  # newest first


def test_sorting_by_name_never_places_masked_rows_by_their_name(hr_client, pool):
    position, apps = pool
    response = hr_client.get(reverse("candidates:table", kwargs={"pk": position.pk}), {"sort": "name"})
    assert [a.display_name for a in response.context["applications"]] == [
        "Carla Bassi", "Dario Conte", _shown(apps["zanetti"]), _shown(apps["abate"]),
    ]


@pytest.mark.parametrize("how", ["table-export", "bulk-export"])
def test_csv_writes_masked_values(hr_client, pool, how):
    position, apps = pool
    if how == "table-export":
        response = hr_client.get(reverse("candidates:table", kwargs={"pk": position.pk}), {"export": "csv"})
    else:
        response = hr_client.post(reverse("candidates:bulk", kwargs={"pk": position.pk}),
                                  {"action": "export", "applications": [a.pk for a in apps.values()]})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    masked = lambda key: ["", _shown(apps[key]), "", "", ""]  # noqa: E731
    person = lambda key: [PEOPLE[key][f] for f in ("first_name", "last_name", "email", "phone", "town")]  # noqa: E731
    assert [row[:5] + [row[6]] for row in rows[1:]] == [
        person("conte") + ["Rejected"], person("bassi") + ["Interview"],
        masked("abate") + ["Rejected"], masked("zanetti") + ["Applied"],
    ]


def test_previous_and_next_do_not_confirm_a_search_or_a_name_order(hr_client, pool):
    position, apps = pool
    url = reverse("candidates:detail", kwargs={"pk": apps["zanetti"].pk})
    by_surname = hr_client.get(url, {"list": "q=Zanetti"}).context
    assert (by_surname["index"], by_surname["total"]) == (0, 0)
    by_name = hr_client.get(url, {"list": "sort=name"}).context
    assert (by_name["previous"], by_name["following"], by_name["index"]) == (apps["conte"].pk, apps["abate"].pk, 3)


# ---------------------------------------------------------------------------
# Ranking, compare, why
# ---------------------------------------------------------------------------
def test_ranking_compare_why_and_their_csv_show_masked_names_only(hr_client, pool):
    position, apps = pool
    expected = {apps[key].pk: _expected_name(key, apps) for key in CREATED}
    page = hr_client.get(reverse("evaluations:ranking", kwargs={"position_pk": position.pk}))
    assert {row.pk: row.name for row in page.context["rows"]} == expected
    compare = hr_client.get(reverse("evaluations:compare", kwargs={"position_pk": position.pk}),
                            {"ids": [apps["zanetti"].pk, apps["abate"].pk, apps["conte"].pk]})
    assert {row["application"].pk: row["application"].display_name for row in compare.context["rows"]} == {
        apps[key].pk: expected[apps[key].pk] for key in ("zanetti", "abate", "conte")
    }
    export = hr_client.get(reverse("evaluations:ranking", kwargs={"position_pk": position.pk}), {"export": "csv"})
    names = [row[1] for row in csv.reader(io.StringIO(export.content.decode("utf-8-sig")))][1:]
    assert sorted(names) == sorted(expected.values())
    why = hr_client.get(reverse("evaluations:why", kwargs={"position_pk": position.pk, "application_pk": apps["abate"].pk}))
    assert why.context["application"].display_name == _shown(apps["abate"])


# ---------------------------------------------------------------------------
# Every page reachable from the position
# ---------------------------------------------------------------------------
def test_no_page_reachable_from_a_blind_position_names_a_masked_person(hr_client, pool):
    position, apps = pool
    table = reverse("candidates:table", kwargs={"pk": position.pk})
    ranking_url = reverse("evaluations:ranking", kwargs={"position_pk": position.pk})
    pages = [
        reverse("staff:dashboard"), reverse("positions:list"), position.get_absolute_url(),
        reverse("candidates:board", kwargs={"pk": position.pk}), table, table + "?sort=name",
        table + "?q=excel", table + "?export=csv", reverse("candidates:all"), reverse("candidates:all") + "?export=csv",
        ranking_url, ranking_url + "?export=csv",
        reverse("evaluations:compare", kwargs={"position_pk": position.pk}) + f"?ids={apps['zanetti'].pk}&ids={apps['abate'].pk}",
    ]
    for key in CREATED:
        pk = apps[key].pk
        pages += [
            reverse("candidates:detail", kwargs={"pk": pk}), reverse("candidates:reject", kwargs={"pk": pk}),
            reverse("candidates:confirm_hire", kwargs={"pk": pk}),
            reverse("evaluations:application_scorecards", kwargs={"application_pk": pk}),
            reverse("evaluations:why", kwargs={"position_pk": position.pk, "application_pk": pk}),
        ]
    pages += [reverse("evaluations:schedule", kwargs={"application_pk": apps[key].pk}) for key in MASKED]
    leaks = []
    for url in pages:
        response = hr_client.get(url, follow=True)
        assert response.status_code == 200, url
        source = response.content.decode("utf-8-sig")
        leaks += [(url, secret) for secret in _secrets(MASKED) if secret in source]
    assert leaks == []


def test_scheduling_from_a_masked_page_is_refused_before_the_form_names_anyone(hr_client, pool):
    _position, apps = pool
    response = hr_client.get(reverse("evaluations:schedule", kwargs={"application_pk": apps["zanetti"].pk}))
    assert response.status_code == 302 and response["Location"] == apps["zanetti"].get_absolute_url()
    page = hr_client.get(apps["zanetti"].get_absolute_url()).content.decode()
    assert reverse("evaluations:schedule", kwargs={"application_pk": apps["zanetti"].pk}) not in page
    assert "move the application to the interview stage before scheduling" in page


def test_other_applications_never_join_a_person_to_a_masked_row(hr_client, pool):
    _position, apps = pool
    elsewhere = ApplicationFactory(candidate=apps["zanetti"].candidate)  # an ordinary position: she is named there
    masked_page = hr_client.get(apps["zanetti"].get_absolute_url())
    assert "Other applications" not in masked_page.content.decode()
    assert list(masked_page.context["other_applications"]) == []
    open_page = hr_client.get(elsewhere.get_absolute_url())
    assert "Ottavia Zanetti" in open_page.content.decode()
    assert list(open_page.context["other_applications"]) == []
    assert apps["zanetti"].get_absolute_url() not in open_page.content.decode()


def test_emails_on_a_masked_page_show_their_kind_not_their_subject(hr_client, pool):
    _position, apps = pool
    CandidateEmail.objects.create(
        application=apps["zanetti"], kind="confirmation", key="confirmation:test", to=PEOPLE["zanetti"]["email"],
        language="it", subject="Ottavia, abbiamo ricevuto la tua candidatura", body="Gentile Ottavia, …",
    )
    html = hr_client.get(apps["zanetti"].get_absolute_url()).content.decode()
    assert "Ottavia" not in html and "Application received" in html


def test_rejection_preview_keeps_the_name_out_and_the_email_puts_it_back(hr_client, pool, django_capture_on_commit_callbacks):
    _position, apps = pool
    url = reverse("candidates:reject", kwargs={"pk": apps["zanetti"].pk})
    page = hr_client.get(url)
    form = page.context["form"]
    assert "Ottavia" not in page.content.decode()
    assert form.initial["email_body"].startswith("Gentile {candidate_name},")
    reason = RejectionReason.objects.filter(kind="we_rejected").first()
    with django_capture_on_commit_callbacks(execute=True):
        hr_client.post(url, {"reason": reason.pk, "send_email": "on", "email_subject": form.initial["email_subject"],
                             "email_body": form.initial["email_body"]})
    email = CandidateEmail.objects.get(application=apps["zanetti"], kind="rejection")
    assert email.body.startswith("Gentile Ottavia,") and "{candidate_name}" not in email.body
    assert email.to == PEOPLE["zanetti"]["email"]


def test_a_rejection_previewed_while_masked_is_sent_with_the_name_when_the_mask_lifted_before_sending(
    hr_client, hr, pool, django_capture_on_commit_callbacks
):
    _position, apps = pool
    url = reverse("candidates:reject", kwargs={"pk": apps["zanetti"].pk})
    form = hr_client.get(url).context["form"]
    assert form.initial["email_body"].startswith("Gentile {candidate_name},")
    # Meanwhile, in another tab, she is moved to the interview stage: the mask lifts before the rejection is sent.
    services.application_move(application=apps["zanetti"], to_stage=Stage.INTERVIEW, user=hr)
    reason = RejectionReason.objects.filter(kind="we_rejected").first()
    with django_capture_on_commit_callbacks(execute=True):
        hr_client.post(url, {"reason": reason.pk, "send_email": "on", "email_subject": form.initial["email_subject"],
                             "email_body": form.initial["email_body"]})
    email = CandidateEmail.objects.get(application=apps["zanetti"], kind="rejection")
    assert email.body.startswith("Gentile Ottavia,")
    assert (email.subject + email.body).count("{candidate_name}") == 0


def test_my_interviews_names_an_interview_made_before_blind_screening_by_its_number(client, interviewer, hr, reference_data):
    from evaluations.tests.factories import schedule

    # Scheduled at the screening stage of an ordinary position; blind screening switched on afterwards, as the
    # position form allowed before it checked for such interviews.
    interview = schedule(interviewers=[interviewer], hr=hr, stage=Stage.SCREENING,
                         candidate=CandidateFactory(first_name="Ottavia", last_name="Zanetti"))
    application = interview.application
    type(application.position).objects.filter(pk=application.position_id).update(blind_screening=True)
    client.force_login(interviewer)
    page = client.get(reverse("evaluations:mine"))
    assert [card.interview.application.display_name for card in page.context["upcoming"]] == [_shown(application)]
    html = page.content.decode()
    assert _shown(application) in html and "Ottavia" not in html and "Zanetti" not in html


def test_masked_lists_cost_the_same_queries_at_every_size(hr_client, pool, django_assert_max_num_queries):
    position, _apps = pool
    reason = RejectionReason.objects.filter(kind="we_rejected").first()
    urls = [reverse("candidates:table", kwargs={"pk": position.pk}), reverse("candidates:board", kwargs={"pk": position.pk}),
            reverse("evaluations:ranking", kwargs={"position_pk": position.pk})]

    def counts():
        result = []
        for url in urls:
            with django_assert_max_num_queries(15) as captured:
                response = hr_client.get(url)
            assert "Bruno" not in response.content.decode()
            result.append(len(captured.captured_queries))
        return result

    few = counts()
    ApplicationFactory.create_batch(30, position=position, stage=Stage.REJECTED, rejection_reason=reason)
    ranking.rescore(position_id=position.pk)
    assert counts() == few


# ---------------------------------------------------------------------------
# Data protection: reached from the person's e-mail address, never from a masked application
# ---------------------------------------------------------------------------
def test_a_masked_page_does_not_lead_to_the_persons_data_protection_page(hr_client, pool):
    _position, apps = pool
    for key in MASKED:
        html = hr_client.get(apps[key].get_absolute_url()).content.decode()
        assert reverse("staff:candidate_privacy", kwargs={"pk": apps[key].candidate_id}) not in html
        assert f'handled on the <a href="{reverse("staff:privacy")}">Data protection page</a>' in html
        by_id = reverse("staff:candidate_privacy", kwargs={"pk": apps[key].candidate_id})
        assert hr_client.get(by_id).status_code == 404
        forged = hr_client.get(by_id, {"ref": "forged"})  # or expired: the way back is the e-mail lookup
        assert forged.status_code == 302 and forged["Location"] == reverse("staff:privacy")
        assert hr_client.post(by_id, {"action": "export"}).status_code == 404
    # Unmasked people: the page links there as before, with its reference (by id alone it opens for no one).
    page = hr_client.get(apps["bassi"].get_absolute_url())
    assert reverse("staff:candidate_privacy", kwargs={"pk": apps["bassi"].candidate_id}) + "?ref=" in page.content.decode()
    assert hr_client.get(page.context["privacy_url"]).status_code == 200
    assert hr_client.get(reverse("staff:candidate_privacy", kwargs={"pk": apps["bassi"].candidate_id})).status_code == 404


def test_a_request_by_email_reaches_a_masked_person_and_an_administrator_erases_them(hr_client, admin_client, pool):
    position, apps = pool
    overview = reverse("staff:privacy")
    link = hr_client.get(overview, {"email": "  OTTAVIA.Zanetti@example.invalid "}).context["search"]["url"]
    page = hr_client.get(link)
    html = page.content.decode()
    assert page.status_code == 200 and "Ottavia Zanetti" in html
    assert "1 application is under blind screening." in html and position.title not in html
    assert list(page.context["applications"]) == []
    refused = hr_client.post(link, {"action": "erase", "confirm": "yes"}, follow=True)
    assert "an administrator handles their export and erasure" in unescape(refused.content.decode())
    apps["zanetti"].refresh_from_db()
    assert apps["zanetti"].anonymised_at is None
    admin_client.post(link, {"action": "erase", "confirm": "yes"})
    apps["zanetti"].refresh_from_db()
    assert apps["zanetti"].anonymised_at is not None


@pytest.mark.parametrize(
    "typed, message",
    [("zanetti", "Enter the person's whole e-mail address"), ("nobody@example.invalid", "No one has applied with this e-mail address")],
)
def test_the_email_lookup_answers_in_words(hr_client, pool, typed, message):
    response = hr_client.get(reverse("staff:privacy"), {"email": typed})
    assert response.status_code == 200 and message in unescape(response.content.decode())


def test_the_expiring_list_shows_a_masked_application_by_its_number(hr_client, pool):
    _position, apps = pool
    for key, days in (("zanetti", 351), ("bassi", 350)):
        Application.objects.filter(pk=apps[key].pk).update(last_activity_at=timezone.now() - datetime.timedelta(days=days))
    response = hr_client.get(reverse("staff:privacy"))
    html = response.content.decode()
    assert _shown(apps["zanetti"]) in html and "Ottavia" not in html and "Carla Bassi" in html
    assert [(a.pk, url is None) for a, _expires, url in response.context["expiring"]] == [
        (apps["zanetti"].pk, True), (apps["bassi"].pk, False),
    ]
