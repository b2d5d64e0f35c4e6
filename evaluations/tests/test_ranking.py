"""Stored scores, the ranking page, comparison, CSV and blind screening."""

import csv
import datetime
import io

import pytest
from django.urls import reverse

from candidates.models import Stage
from candidates.tests.factories import ApplicationFactory, CandidateFactory
from evaluations import ranking
from evaluations.models import ApplicationScore
from evaluations.tests.factories import rate_everything, schedule
from positions.tests.factories import OpenPositionFactory


@pytest.fixture
def position(reference_data):
    return OpenPositionFactory(title="Bookkeeper", skills=["SAP", "Excel"])


def _scores(position):
    return {s.application_id: s for s in ApplicationScore.objects.filter(position=position)}


def test_scores_are_stored_and_follow_their_inputs_after_commit(
    position, hr, interviewer, django_capture_on_commit_callbacks
):
    application = ApplicationFactory(position=position, resume_text="Uso SAP ogni giorno")
    ranking.rescore(position_id=position.pk)
    before = _scores(position)[application.pk]
    assert before.partial and before.interpersonal is None
    assert ["skill_text", "SAP"] in [[code, params.get("skill")] for code, params in before.lines]
    with django_capture_on_commit_callbacks(execute=True):
        interview = schedule(application=application, interviewers=[interviewer], hr=hr, starts_in=-datetime.timedelta(hours=2))
    with django_capture_on_commit_callbacks(execute=True):
        rate_everything(interview.scorecards.get(), score=4, recommendation="strong_yes")
    after = ApplicationScore.objects.get(pk=application.pk)
    assert after.partial is False and after.interpersonal == 100.0 and after.scorecards == 1
    assert after.total > before.total
    # The position's weights are an input too.
    from positions import services as position_services

    position.score_weight_skills, position.score_weight_background, position.score_weight_interpersonal = 10, 10, 80
    with django_capture_on_commit_callbacks(execute=True):
        position_services.position_save(
            position=position, duties=[position_services.DutyData("Post invoices")],
            skills=[position_services.SkillData("SAP"), position_services.SkillData("Excel")],
            competencies=position.competencies.all(), panel=[interviewer], user=hr,
        )
    reweighted = ApplicationScore.objects.get(pk=application.pk)
    expected = round((after.skills * 10 + after.background * 10 + after.interpersonal * 80) / 100, 2)
    assert abs(reweighted.total - expected) < 0.02


def test_a_new_application_is_scored_after_commit(position, django_capture_on_commit_callbacks):
    import uuid

    from candidates import services
    from candidates.tests import files

    with django_capture_on_commit_callbacks(execute=True):
        application, _ = services.application_submit(
            position=position,
            data=services.ApplicationData(first_name="A", last_name="B", email="ab@example.invalid", education_level=4, years_experience=6),
            resume=services.ResumeUpload(name="cv.pdf", data=files.pdf(["SAP e Excel"]), kind="pdf"),
            language="it", token=uuid.uuid4(),
        )
    assert ApplicationScore.objects.filter(pk=application.pk).exists()


def test_ranking_page_sorts_filters_and_explains(hr_client, position, django_assert_max_num_queries):
    strong = ApplicationFactory(position=position, education_level=5, years_experience=8, resume_text="SAP, Excel")
    weak = ApplicationFactory(position=position, education_level=1, years_experience=0, resume_text="", meets_requirements=False)
    ranking.rescore(position_id=position.pk)
    url = reverse("evaluations:ranking", kwargs={"position_pk": position.pk})
    response = hr_client.get(url)
    rows = response.context["rows"]
    assert [r.pk for r in rows] == [strong.pk, weak.pk]
    html = response.content.decode()
    assert "Why this score" in html and "not yet assessed" in html
    why = hr_client.get(reverse("evaluations:why", kwargs={"position_pk": position.pk, "application_pk": strong.pk}))
    assert "SAP: found in the résumé" in why.content.decode()
    assert hr_client.get(reverse("evaluations:why", kwargs={"position_pk": position.pk, "application_pk": 999999})).status_code == 404
    assert [r.pk for r in hr_client.get(url, {"meets": "no"}).context["rows"]] == [weak.pk]
    assert [r.pk for r in hr_client.get(url, {"sort": "skills", "stage": "applied"}).context["rows"]][0] == strong.pk
    assert hr_client.get(url, {"sort": "bogus", "page": "x", "assessed": "maybe"}).status_code == 200


@pytest.mark.parametrize(("blind", "queries"), [(False, 9), (True, 10)], ids=["open", "blind"])
def test_ranking_query_count_for_five_rows_and_for_sixty_five(hr_client, position, django_assert_num_queries, blind,
                                                              queries):
    position.blind_screening = blind
    position.save()
    ApplicationFactory.create_batch(5, position=position)
    ranking.rescore(position_id=position.pk)
    url = reverse("evaluations:ranking", kwargs={"position_pk": position.pk})
    # Session, user, its two permission sets, position, count, rows, the menu's roles, rejection reasons: 9 for 5
    # rows and for 65 (50 shown); a blind position adds one for the page's masks. A row reads nothing more.
    with django_assert_num_queries(queries):
        hr_client.get(url)
    ApplicationFactory.create_batch(60, position=position)
    ranking.rescore(position_id=position.pk)
    with django_assert_num_queries(queries):
        rows = hr_client.get(url).context["rows"]
    assert (len(rows), {row.name for row in rows} <= {f"Candidate #{row.pk}" for row in rows}) == (50, blind)


def test_compare_and_csv(hr_client, position):
    first, second = ApplicationFactory.create_batch(2, position=position)
    ranking.rescore(position_id=position.pk)
    compare = reverse("evaluations:compare", kwargs={"position_pk": position.pk})
    html = hr_client.get(compare, {"ids": [first.pk, second.pk]}).content.decode()
    assert "Criterion by criterion" in html and first.candidate.full_name in html
    response = hr_client.get(compare, {"ids": ["x"]}, follow=True)
    assert "Tick two or three candidates" in response.content.decode()
    export = hr_client.get(reverse("evaluations:ranking", kwargs={"position_pk": position.pk}), {"export": "csv"})
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
    assert rows[0][:2] == ["Rank", "Candidate"] and len(rows) == 3


def test_ranking_csv_defuses_formulas_and_follows_the_language(hr_client, reference_data):
    position = OpenPositionFactory()
    ApplicationFactory(position=position, candidate=CandidateFactory(first_name="=HYPERLINK(1)", last_name="x"))
    ranking.rescore(position_id=position.pk)
    url = reverse("evaluations:ranking", kwargs={"position_pk": position.pk})
    english = hr_client.get(url, {"export": "csv"}).content.decode("utf-8-sig")
    assert "'=HYPERLINK(1) x" in english
    italian = hr_client.get(url, {"export": "csv"}, HTTP_ACCEPT_LANGUAGE="it").content.decode("utf-8-sig")
    header, row = italian.splitlines()[:2]
    assert header.startswith("N.;") and ";" in row and "," in row.split(";")[7]  # decimal comma in the total


def test_ranking_is_for_hr_only(client, interviewer, position):
    url = reverse("evaluations:ranking", kwargs={"position_pk": position.pk})
    assert client.get(url).status_code == 302
    client.force_login(interviewer)
    assert client.get(url).status_code == 404


def test_a_bulk_move_from_the_ranking_is_an_hr_action_and_returns_to_the_ranking(hr_client, hr, position):
    first, second, left = ApplicationFactory.create_batch(3, position=position)
    ranking.rescore(position_id=position.pk)
    response = hr_client.post(reverse("candidates:bulk", args=[position.pk]), {
        "action": "move", "to_stage": "screening", "applications": [first.pk, second.pk], "return_to": "ranking",
        "list_query": "meets=yes&sort=total",
    }, follow=True)
    url = reverse("evaluations:ranking", kwargs={"position_pk": position.pk})
    assert (response.redirect_chain, [str(m) for m in response.context["messages"]]) == (
        [(f"{url}?meets=yes&sort=total", 302)], ["2 applications updated."]
    )
    for application in (first, second, left):
        application.refresh_from_db()
    assert [(a.pk, a.stage, a.stage_changes.last().changed_by) for a in (first, second)] == [
        (first.pk, "screening", hr), (second.pk, "screening", hr)
    ]
    assert left.stage == "applied"


def test_a_refused_bulk_action_shows_the_ranking_again_with_its_ticks_and_choices(hr_client, position):
    first, second = ApplicationFactory.create_batch(2, position=position)
    ranking.rescore(position_id=position.pk)
    response = hr_client.post(reverse("candidates:bulk", args=[position.pk]), {
        "action": "reject", "to_stage": "interview", "applications": [second.pk], "return_to": "ranking",
        "list_query": "",
    }, follow=True)
    html = response.content.decode()
    assert (
        "Choose the reason for the rejection." in html,
        f'id="select-{first.pk}" aria-label="Select {first.candidate.full_name}">' in html,
        f'id="select-{second.pk}" aria-label="Select {second.candidate.full_name}" checked>' in html,
        '<option value="reject" selected>' in html, '<option value="interview" selected>' in html,
    ) == (True, True, True, True, True)


def test_compare_from_the_ranking_form_goes_to_the_comparison_of_the_first_three_ticked(hr_client, position):
    apps = ApplicationFactory.create_batch(4, position=position)
    ranking.rescore(position_id=position.pk)
    compare = reverse("evaluations:compare", kwargs={"position_pk": position.pk})
    response = hr_client.post(compare, {"applications": [a.pk for a in apps] + ["x"], "action": "move"})
    assert response.url == f"{compare}?ids={apps[0].pk}&ids={apps[1].pk}&ids={apps[2].pk}"
    assert len(hr_client.get(response.url).context["rows"]) == 3


def test_the_ranking_escapes_candidate_text_in_its_rows(hr_client, position):
    ApplicationFactory(position=position, candidate=CandidateFactory(first_name='<script>alert(1)</script>', last_name='"><b>x'))
    ranking.rescore(position_id=position.pk)
    html = hr_client.get(reverse("evaluations:ranking", kwargs={"position_pk": position.pk})).content.decode()
    assert ("<script>alert(1)" in html, '"><b>x' in html, "&lt;script&gt;alert(1)&lt;/script&gt; &quot;&gt;&lt;b&gt;x" in html) == (
        False, False, True
    )


@pytest.mark.parametrize(("value", "shown"), [
    (0.0, "0"), (0.49, "0"), (0.5, "1"), (72.45, "72"), (72.5, "73"), (99.49, "99"), (99.5, "100"), (100.0, "100"),
])
def test_the_list_shows_figures_to_the_unit_with_halves_up(value, shown):
    from django.template import Context, Template

    from evaluations.ranking_list import whole

    assert (whole(value), Template("{{ v|floatformat:0 }}").render(Context({"v": value}))) == (shown, shown)


def test_blind_screening_hides_personal_data_in_every_reviewer_page(hr_client, reference_data):
    position = OpenPositionFactory(blind_screening=True)
    application = ApplicationFactory(
        position=position, candidate=CandidateFactory(first_name="Ottavia", last_name="Zanetti", email="ottavia.z@example.invalid", phone="+39 333 000111", town="Cremona"),
        resume_name="CV Ottavia Zanetti.pdf",
    )
    ranking.rescore(position_id=position.pk)
    pages = [
        reverse("candidates:board", kwargs={"pk": position.pk}),
        reverse("candidates:table", kwargs={"pk": position.pk}),
        reverse("candidates:detail", kwargs={"pk": application.pk}),
        reverse("evaluations:ranking", kwargs={"position_pk": position.pk}),
        reverse("candidates:table", kwargs={"pk": position.pk}) + "?export=csv",
    ]
    for url in pages:
        source = hr_client.get(url).content.decode("utf-8-sig")
        for secret in ("Ottavia", "Zanetti", "ottavia.z@", "333 000111", "Cremona"):
            assert secret not in source, (url, secret)
        assert f"#{application.pk}" in source
    assert hr_client.get(reverse("candidates:resume", kwargs={"pk": application.pk})).status_code == 404
    # From the interview stage on, reviewers see who the person is.
    application.stage = Stage.INTERVIEW
    application.save()
    assert "Ottavia" in hr_client.get(reverse("candidates:detail", kwargs={"pk": application.pk})).content.decode()


def _ratings_given(interviewer):
    from evaluations.models import Rating, Scorecard

    return Rating.objects.filter(scorecard__interviewer=interviewer, scorecard__status=Scorecard.Status.SUBMITTED,
                                 score__isnull=False)


def _history(scorecard, *, count, score):
    """Ratings on other criteria of a submitted scorecard, so its interviewer has `count` ratings in all."""
    from evaluations.models import Rating

    missing = count - _ratings_given(scorecard.interviewer).count()
    Rating.objects.bulk_create(
        Rating(scorecard=scorecard, group=Rating.Group.INTERPERSONAL, criterion=f"history:{i}", label="History", score=score)
        for i in range(missing)
    )


@pytest.mark.parametrize(
    "marco_ratings, interpersonal, english",
    [
        # 19 ratings: no offset yet, Marco's 4s stay 4.
        pytest.param(19, 100.0, "Marco Conti has given 19 ratings so far: ratings are calibrated from 20 ratings on, "
                                "until then theirs are used as given", id="19-ratings"),
        # 20 ratings of 4 against Sara's 20 of 2: overall mean 3, Marco's offset +1, his 4s count as 3 → (3 - 1) / 3.
        pytest.param(20, 66.67, "Marco Conti rates 1.00 above the average of all interviewers over 20 ratings: "
                                "their ratings are lowered by 1.00", id="20-ratings"),
    ],
)
def test_calibration_is_stored_raw_and_explained_on_the_why_page(
    hr_client, hr, interviewer, other_interviewer, position, django_capture_on_commit_callbacks,
    marco_ratings, interpersonal, english,
):
    application = ApplicationFactory(position=position, resume_text="SAP")
    other = ApplicationFactory(position=position)
    past = -datetime.timedelta(hours=2)
    with django_capture_on_commit_callbacks(execute=True):
        rated = schedule(application=application, interviewers=[interviewer], hr=hr, starts_in=past)
        history = schedule(application=other, interviewers=[interviewer, other_interviewer], hr=hr, starts_in=past)
        rate_everything(rated.scorecards.get(), score=4)
        rate_everything(history.scorecards.get(interviewer=interviewer), score=4)
        rate_everything(history.scorecards.get(interviewer=other_interviewer), score=2)
    _history(history.scorecards.get(interviewer=interviewer), count=marco_ratings, score=4)
    _history(history.scorecards.get(interviewer=other_interviewer), count=20, score=2)
    ranking.rescore(position_id=position.pk)
    stored = ApplicationScore.objects.get(pk=application.pk)
    assert stored.interpersonal == interpersonal
    assert ["calibration", {"interviewer": "Marco Conti", "offset": 1.0 if marco_ratings == 20 else 0.0,
                            "ratings": marco_ratings}] in stored.lines
    page = hr_client.get(reverse("evaluations:why", kwargs={"position_pk": position.pk, "application_pk": application.pk}))
    html = page.content.decode()
    assert english in html and "Calibration of the interviewers' ratings" in html
    parts = [params["points"] for code, params in stored.lines if code == "part"]
    assert f"Total: {' + '.join(f'{p:.2f}' for p in parts)} = {stored.total:.2f}" in html
    if marco_ratings == 20:
        assert "rated 4.0/4 by 1 interviewer, 3.0/4 after calibration" in html
    else:
        assert "after calibration" not in html


def test_a_score_stored_before_contributions_still_renders(hr_client, position):
    application = ApplicationFactory(position=position, resume_text="SAP")
    ranking.rescore(position_id=position.pk)
    ApplicationScore.objects.filter(pk=application.pk).update(
        lines=[["skill_text", {"skill": "SAP"}], ["skill_missing", {"skill": "Excel"}], ["interpersonal_none", {}]]
    )
    url = reverse("evaluations:why", kwargs={"position_pk": position.pk, "application_pk": application.pk})
    fragment = hr_client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "<li>SAP: found in the résumé</li><li>Excel (required): no evidence</li><li>Interpersonal: not yet assessed</li>" in fragment
    assert "Total:" not in fragment and "Calibration" not in fragment
