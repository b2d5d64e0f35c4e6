"""Staff pipeline screens: the permission matrix, escaping, query counts and actions."""

import csv
import io

import pytest
from django.urls import reverse

from candidates.models import Application, Note, RejectionReason, Stage
from candidates.tests.factories import ApplicationFactory, CandidateFactory
from positions.tests.factories import OpenPositionFactory


@pytest.fixture
def application(reference_data):
    return ApplicationFactory(candidate=CandidateFactory(first_name="Anna", last_name="Neri"))


def staff_urls(application):
    position = application.position.pk
    return [
        ("get", reverse("candidates:all")),
        ("get", reverse("candidates:board", kwargs={"pk": position})),
        ("get", reverse("candidates:table", kwargs={"pk": position})),
        ("get", reverse("candidates:detail", kwargs={"pk": application.pk})),
        ("get", reverse("candidates:reject", kwargs={"pk": application.pk})),
        ("get", reverse("candidates:resume", kwargs={"pk": application.pk})),
        ("post", reverse("candidates:move", kwargs={"pk": application.pk})),
        ("post", reverse("candidates:add_note", kwargs={"pk": application.pk})),
        ("post", reverse("candidates:bulk", kwargs={"pk": position})),
    ]


def test_hr_can_open_every_staff_page(hr_client, application):
    for method, url in staff_urls(application):
        response = getattr(hr_client, method)(url)
        assert response.status_code in (200, 302), url
        if method == "get":
            assert response.status_code == 200, url


def test_anonymous_visitors_are_sent_to_login(client, application):
    for method, url in staff_urls(application):
        response = getattr(client, method)(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login")), url


def test_interviewers_see_no_candidates_yet(interviewer_client, application):
    for method, url in staff_urls(application):
        assert getattr(interviewer_client, method)(url).status_code == 404, url
    assert Note.objects.count() == 0
    application.refresh_from_db()
    assert application.stage == Stage.APPLIED


def test_tampered_ids_answer_404(hr_client, application):
    for name in ("candidates:detail", "candidates:resume", "candidates:reject"):
        assert hr_client.get(reverse(name, kwargs={"pk": 999999})).status_code == 404
    assert hr_client.get(reverse("candidates:board", kwargs={"pk": 999999})).status_code == 404


def test_candidate_text_is_escaped_on_every_staff_page(hr_client, reference_data):
    evil = "<script>alert('x')</script>"
    application = ApplicationFactory(
        candidate=CandidateFactory(first_name=evil, last_name=evil, town=evil),
        other_skills=evil, cover_letter=evil, resume_name=evil + ".pdf", resume_text=evil,
    )
    application.answers.create(question_text="Q", value=evil)
    application.notes.create(body=evil)
    for url in [
        reverse("candidates:all"),
        reverse("candidates:board", kwargs={"pk": application.position.pk}),
        reverse("candidates:table", kwargs={"pk": application.position.pk}),
        reverse("candidates:detail", kwargs={"pk": application.pk}),
        reverse("candidates:reject", kwargs={"pk": application.pk}),
    ]:
        html = hr_client.get(url).content.decode()
        assert "<script>alert" not in html, url
        assert "&lt;script&gt;" in html, url


def test_detail_shows_profile_answers_reason_resume_timeline_and_other_applications(hr_client, application):
    ApplicationFactory(candidate=application.candidate, position=OpenPositionFactory(title="Bookkeeper"))
    application.answers.create(question_text="Driving licence?", value="yes")
    html = hr_client.get(reverse("candidates:detail", kwargs={"pk": application.pk})).content.decode()
    assert "Anna Neri" in html
    assert "Driving licence?" in html
    assert "Upper-secondary diploma + 3 years: meets the Upper-secondary diploma requirement" in html
    assert "missing required skill: Accounts payable" in html
    assert reverse("candidates:resume", kwargs={"pk": application.pk}) in html
    assert "Bookkeeper" in html
    assert "Timeline" in html


def test_resume_is_served_only_through_the_checked_view(hr_client, application, settings):
    response = hr_client.get(reverse("candidates:resume", kwargs={"pk": application.pk}))
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "private" in response["Cache-Control"]
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    download = hr_client.get(reverse("candidates:resume", kwargs={"pk": application.pk}) + "?download=1")
    assert download["Content-Disposition"].startswith("attachment")
    with pytest.raises(ValueError):
        _ = application.resume.url  # no public URL exists
    assert settings.PRIVATE_MEDIA_ROOT not in (settings.MEDIA_ROOT, settings.STATIC_ROOT)


def test_move_from_the_page_and_from_the_board(hr_client, application):
    url = reverse("candidates:move", kwargs={"pk": application.pk})
    response = hr_client.post(url, {"to_stage": "screening", "note": "Good fit"})
    assert response["Location"] == application.get_absolute_url()
    response = hr_client.post(url, {"to_stage": "interview"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert 'id="board"' in response.content.decode()
    application.refresh_from_db()
    assert application.stage == Stage.INTERVIEW
    response = hr_client.post(url, {"to_stage": "rejected"}, follow=True)
    assert "Choose a stage to move to." in response.content.decode()
    response = hr_client.post(url, {"to_stage": "offer", "next": "https://evil.example/"})
    assert response["Location"] == application.get_absolute_url()


def test_reject_page_previews_the_email_and_requires_a_reason(hr_client, application):
    url = reverse("candidates:reject", kwargs={"pk": application.pk})
    html = hr_client.get(url).content.decode()
    assert "La tua candidatura per" in html  # the candidate's language, before anything is sent
    response = hr_client.post(url, {"send_email": "on", "email_subject": "", "email_body": ""})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    reason = RejectionReason.objects.filter(kind="we_rejected").first()
    response = hr_client.post(url, {"reason": reason.pk, "note": "Not enough experience"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.stage == Stage.REJECTED and application.rejection_reason == reason


def test_notes(hr_client, application, hr):
    hr_client.post(reverse("candidates:add_note", kwargs={"pk": application.pk}), {"body": "Called her, very clear."})
    note = Note.objects.get()
    assert note.author == hr and note.application == application
    response = hr_client.post(reverse("candidates:add_note", kwargs={"pk": application.pk}), {"body": "  "}, follow=True)
    assert "nothing was added" in response.content.decode()


def test_table_filters_search_sort_and_csv(hr_client, reference_data):
    position = OpenPositionFactory()
    anna = ApplicationFactory(position=position, candidate=CandidateFactory(first_name="Anna"), resume_text="Riconciliazioni bancarie con Zucchetti", years_experience=1)
    luca = ApplicationFactory(position=position, candidate=CandidateFactory(first_name="Luca"), resume_text="Payroll", years_experience=6, stage=Stage.SCREENING, meets_requirements=False, source="referral")
    url = reverse("candidates:table", kwargs={"pk": position.pk})
    names = lambda r: [a.candidate.first_name for a in r.context["applications"]]  # noqa: E731
    assert names(hr_client.get(url, {"q": "zucchetti"})) == ["Anna"]
    assert names(hr_client.get(url, {"stage": "screening"})) == ["Luca"]
    assert names(hr_client.get(url, {"meets": "yes"})) == ["Anna"]
    assert names(hr_client.get(url, {"min_years": "5"})) == ["Luca"]
    assert names(hr_client.get(url, {"source": "referral"})) == ["Luca"]
    assert names(hr_client.get(url, {"sort": "-years"})) == ["Luca", "Anna"]
    assert hr_client.get(url, {"stage": "bogus", "page": "zz", "min_years": "x", "applied_from": "yesterday"}).status_code == 200
    response = hr_client.get(url, {"export": "csv", "sort": "name"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "First name" and len(rows) == 3
    assert {anna.candidate.email, luca.candidate.email} == {rows[1][2], rows[2][2]}


def test_csv_neutralises_formulas(hr_client, reference_data):
    application = ApplicationFactory(candidate=CandidateFactory(first_name="=HYPERLINK(\"http://x\")"))
    response = hr_client.get(reverse("candidates:table", kwargs={"pk": application.position.pk}), {"export": "csv"})
    assert "'=HYPERLINK" in response.content.decode("utf-8-sig")


@pytest.mark.parametrize("count, language, message", [
    (1, "en", "1 application updated."), (2, "en", "2 applications updated."),
    (1, "it", "1 candidatura aggiornata."), (2, "it", "2 candidature aggiornate."),
])
def test_a_bulk_move_says_how_many_applications_were_updated_in_the_right_number(
    hr_client, reference_data, count, language, message
):
    position = OpenPositionFactory()
    applications = ApplicationFactory.create_batch(count, position=position)
    response = hr_client.post(
        reverse("candidates:bulk", kwargs={"pk": position.pk}),
        {"action": "move", "to_stage": "screening", "applications": [a.pk for a in applications]},
        HTTP_ACCEPT_LANGUAGE=language, follow=True,
    )
    assert [str(m) for m in response.context["messages"]] == [message]


def test_bulk_move_and_reject_only_touch_this_positions_applications(hr_client, reference_data):
    position = OpenPositionFactory()
    mine = ApplicationFactory.create_batch(2, position=position)
    elsewhere = ApplicationFactory()
    url = reverse("candidates:bulk", kwargs={"pk": position.pk})
    hr_client.post(url, {"action": "move", "to_stage": "screening", "applications": [a.pk for a in mine]})
    assert set(Application.objects.filter(position=position).values_list("stage", flat=True)) == {"screening"}
    response = hr_client.post(url, {"action": "reject", "applications": [mine[0].pk, elsewhere.pk]}, follow=True)
    assert "Nothing was changed" in response.content.decode()
    reason = RejectionReason.objects.filter(kind="we_rejected").first()
    hr_client.post(url, {"action": "reject", "reason": reason.pk, "applications": [mine[0].pk]})
    mine[0].refresh_from_db()
    elsewhere.refresh_from_db()
    assert mine[0].stage == Stage.REJECTED and elsewhere.stage == Stage.APPLIED


def test_next_and_previous_follow_the_filtered_list(hr_client, reference_data):
    position = OpenPositionFactory()
    first, second, third = (ApplicationFactory(position=position, years_experience=y) for y in (9, 5, 1))
    url = reverse("candidates:detail", kwargs={"pk": second.pk})
    response = hr_client.get(url, {"list": "sort=-years"})
    assert response.context["previous"] == first.pk and response.context["following"] == third.pk
    assert response.context["index"] == 2 and response.context["total"] == 3


@pytest.mark.parametrize("name", ["candidates:board", "candidates:table"])
def test_query_counts_are_the_same_at_20_and_200_applications(hr_client, reference_data, django_assert_max_num_queries, name):
    position = OpenPositionFactory()
    ApplicationFactory.create_batch(20, position=position)
    url = reverse(name, kwargs={"pk": position.pk})
    with django_assert_max_num_queries(12) as at_20:
        hr_client.get(url)
    ApplicationFactory.create_batch(180, position=position)
    with django_assert_max_num_queries(12) as at_200:
        response = hr_client.get(url)
    assert len(at_20.captured_queries) == len(at_200.captured_queries)
    assert response.status_code == 200


def test_position_list_shows_counts_per_stage(hr_client, reference_data):
    position = OpenPositionFactory(title="Records clerk")
    ApplicationFactory.create_batch(2, position=position)
    ApplicationFactory(position=position, stage=Stage.SCREENING)
    html = hr_client.get(reverse("positions:list")).content.decode()
    assert "Applied: 2" in html and "Screening: 1" in html
