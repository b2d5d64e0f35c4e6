"""Staff position screens, for each persona: it works, it requires login, it checks access."""

import pytest
from django.urls import reverse

from positions.models import Competency, Position
from positions.tests.factories import OpenPositionFactory, PositionFactory


def _formset_data(prefix, rows):
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"{prefix}-{i}-{key}"] = value
    return data


def position_post(**overrides):
    data = {
        "title": "Payroll assistant",
        "slug": "",
        "language": "en",
        "function": "personnel",
        "department": "HR",
        "location": "Torino",
        "country": "it",
        "work_mode": "hybrid",
        "employment_type": "FULL_TIME",
        "openings": "1",
        "summary": "Monthly payroll for 300 people.",
        "education_min": "2",
        "education_preferred": "4",
        "field_of_study": "",
        "experience_min_years": "1",
        "experience_preferred_years": "3",
        "substitution": "experience",
        "years_per_level": "2",
        "pay_min": "25000",
        "pay_max": "32000",
        "pay_currency": "EUR",
        "pay_period": "YEAR",
        "closing_date": "",
        "score_weight_skills": "40",
        "score_weight_background": "30",
        "score_weight_interpersonal": "30",
        "hiring_manager": "",
        "competencies": [str(c.pk) for c in Competency.objects.filter(slug__in=["teamwork", "confidentiality"])],
    }
    data.update(
        _formset_data(
            "duties",
            [
                {"description": "Answer payslip questions", "time_share": "20", "essential": "on", "ORDER": "2"},
                {"description": "Prepare monthly payslips", "time_share": "50", "essential": "on", "ORDER": "1"},
                {"description": "Old duty to drop", "ORDER": "3", "DELETE": "on"},
            ],
        )
    )
    data.update(
        _formset_data(
            "skills",
            [
                {"name": "Payroll processing", "importance": "required", "weight": "5", "ORDER": "1"},
                {"name": "Zucchetti", "importance": "preferred", "weight": "2", "ORDER": "2"},
            ],
        )
    )
    data.update(
        _formset_data(
            "questions",
            [{"text": "Do you have a driving licence?", "kind": "yes_no", "knockout": "No", "required": "on", "ORDER": "1"}],
        )
    )
    data.update(overrides)
    return data


STAFF_URLS = [
    ("positions:list", False),
    ("positions:templates", False),
    ("positions:create", False),
    ("positions:detail", True),
    ("positions:edit", True),
]


@pytest.mark.parametrize("name, needs_pk", STAFF_URLS)
def test_staff_pages_work_for_hr(hr_client, name, needs_pk):
    position = PositionFactory()
    url = reverse(name, kwargs={"pk": position.pk} if needs_pk else None)
    response = hr_client.get(url)
    assert response.status_code == 200


@pytest.mark.parametrize("name, needs_pk", STAFF_URLS)
def test_staff_pages_require_login(client, db, name, needs_pk):
    position = PositionFactory()
    url = reverse(name, kwargs={"pk": position.pk} if needs_pk else None)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("name, needs_pk", STAFF_URLS)
def test_staff_pages_refuse_interviewers(interviewer_client, name, needs_pk):
    position = PositionFactory()
    url = reverse(name, kwargs={"pk": position.pk} if needs_pk else None)
    response = interviewer_client.get(url)
    assert response.status_code == 403
    assert "have access to this page" in response.content.decode()


@pytest.mark.parametrize("name", ["positions:change_status", "positions:duplicate"])
def test_actions_refuse_interviewers_and_anonymous(client, interviewer, name):
    position = PositionFactory()
    url = reverse(name, kwargs={"pk": position.pk})
    assert client.post(url, {"status": "open"}).status_code == 302  # to the login page
    client.force_login(interviewer)
    assert client.post(url, {"status": "open"}).status_code == 403
    position.refresh_from_db()
    assert position.status == Position.Status.DRAFT
    assert Position.objects.count() == 1


def test_hr_creates_a_position_with_ordered_duties_and_skills(hr_client, hr):
    response = hr_client.post(reverse("positions:create"), position_post())
    position = Position.objects.get()
    assert response.status_code == 302 and response["Location"] == position.get_absolute_url()
    assert position.status == Position.Status.DRAFT
    assert position.country == "IT"
    assert [d.description for d in position.duties.all()] == ["Prepare monthly payslips", "Answer payslip questions"]
    assert [s.skill.name for s in position.position_skills.all()] == ["Payroll processing", "Zucchetti"]
    assert position.competencies.count() == 2
    assert position.created_by == hr


@pytest.mark.parametrize(
    "overrides, field, message",
    [
        ({"pay_min": "40000", "pay_max": "30000"}, "pay_max", "The maximum pay must be at least the minimum pay."),
        ({"experience_min_years": "-1"}, "experience_min_years", "Ensure this value is greater than or equal to 0."),
        ({"education_min": "4", "education_preferred": "2"}, "education_preferred", "cannot be below the minimum"),
        ({"experience_min_years": "5", "experience_preferred_years": "2"}, "experience_preferred_years", "fewer than the minimum"),
        ({"years_per_level": ""}, "years_per_level", "stand in for one education level"),
        ({"closing_date": "2001-01-01"}, "closing_date", "cannot be in the past"),
        ({"country": "I1"}, "country", "two-letter country code"),
    ],
)
def test_invalid_position_keeps_what_was_typed(hr_client, overrides, field, message):
    response = hr_client.post(reverse("positions:create"), position_post(**overrides))
    assert response.status_code == 200
    assert Position.objects.count() == 0
    form = response.context["form"]
    assert any(message in error for error in form.errors[field])
    html = response.content.decode()
    assert "Nothing was saved yet" in html
    assert 'value="Prepare monthly payslips"' in html  # the duties typed are still there
    assert 'value="Zucchetti"' in html


def test_duplicate_skills_and_overfull_time_are_explained(hr_client):
    data = position_post(**{"skills-1-name": "payroll PROCESSING", "duties-0-time_share": "90"})
    response = hr_client.post(reverse("positions:create"), data)
    html = response.content.decode()
    assert "is listed more than once" in html
    assert "cannot exceed 100%" in html


def test_errors_are_in_italian_for_italian_users(hr_client):
    response = hr_client.post(
        reverse("positions:create"), position_post(pay_min="40000", pay_max="30000"), HTTP_ACCEPT_LANGUAGE="it"
    )
    assert "La retribuzione massima deve essere almeno pari a quella minima." in response.content.decode()


def test_template_prefills_the_form(hr_client):
    response = hr_client.get(reverse("positions:create") + "?template=accounts-payable-clerk&lang=it")
    html = response.content.decode()
    assert 'value="Addetto/a contabilità fornitori"' in html
    assert "Registrare e verificare le fatture passive" in html
    assert 'value="Contabilità fornitori"' in html
    form = response.context["form"]
    assert form.initial["pay_min"] == 24000
    assert set(Competency.objects.filter(pk__in=form.initial["competencies"]).values_list("slug", flat=True)) == {
        "reliability", "communication", "teamwork", "professionalism",
    }


def test_unknown_template_starts_blank_with_a_warning(hr_client):
    response = hr_client.get(reverse("positions:create") + "?template=astronaut", follow=True)
    assert "That role template does not exist" in response.content.decode()


def test_edit_shows_current_rows_and_saves(hr_client):
    position = PositionFactory()
    response = hr_client.get(reverse("positions:edit", kwargs={"pk": position.pk}))
    assert 'value="Record supplier invoices"' in response.content.decode()
    response = hr_client.post(reverse("positions:edit", kwargs={"pk": position.pk}), position_post(slug=position.slug))
    assert response.status_code == 302
    position.refresh_from_db()
    assert position.title == "Payroll assistant"
    assert position.duties.count() == 2


def test_editing_an_open_position_into_an_unpublishable_one_is_refused(hr_client):
    position = OpenPositionFactory()
    data = position_post(
        slug=position.slug, **{"duties-0-DELETE": "on", "duties-1-DELETE": "on"}
    )
    response = hr_client.post(reverse("positions:edit", kwargs={"pk": position.pk}), data)
    assert response.status_code == 200
    assert "Add at least one duty" in response.content.decode()
    assert position.duties.count() == 2


def test_publish_refusal_lists_every_missing_piece_in_one_message(hr_client):
    position = PositionFactory(duties=[], skills=[], pay_min=None, pay_max=None)
    response = hr_client.post(
        reverse("positions:change_status", kwargs={"pk": position.pk}), {"status": "open"}, follow=True
    )
    messages = [str(m) for m in response.context["messages"]]
    assert len(messages) == 1
    assert "cannot be published yet" in messages[0]
    for expected in ["Add at least one duty", "Add at least one skill", "pay range"]:
        assert expected in messages[0]
    position.refresh_from_db()
    assert position.status == Position.Status.DRAFT


def test_publish_close_reopen_and_duplicate_are_one_click_each(hr_client):
    position = PositionFactory()
    url = reverse("positions:change_status", kwargs={"pk": position.pk})
    hr_client.post(url, {"status": "open"})
    position.refresh_from_db()
    assert position.status == Position.Status.OPEN
    hr_client.post(url, {"status": "closed"})
    position.refresh_from_db()
    assert position.status == Position.Status.CLOSED
    hr_client.post(url, {"status": "open"})
    position.refresh_from_db()
    assert position.status == Position.Status.OPEN
    response = hr_client.post(reverse("positions:duplicate", kwargs={"pk": position.pk}))
    copy = Position.objects.exclude(pk=position.pk).get()
    assert response["Location"] == reverse("positions:edit", kwargs={"pk": copy.pk})


def test_tampered_ids_and_statuses_are_handled(hr_client):
    assert hr_client.get(reverse("positions:detail", kwargs={"pk": 999999})).status_code == 404
    assert hr_client.post(reverse("positions:change_status", kwargs={"pk": 999999}), {"status": "open"}).status_code == 404
    position = PositionFactory()
    response = hr_client.post(
        reverse("positions:change_status", kwargs={"pk": position.pk}), {"status": "deleted"}, follow=True
    )
    assert "Unknown status" in response.content.decode()


def test_list_filters_and_searches(hr_client):
    PositionFactory(title="Bookkeeper", function="accounting")
    OpenPositionFactory(title="Records clerk", function="records")
    response = hr_client.get(reverse("positions:list"), {"status": "open"})
    assert [p.title for p in response.context["positions"]] == ["Records clerk"]
    response = hr_client.get(reverse("positions:list"), {"q": "book"})
    assert [p.title for p in response.context["positions"]] == ["Bookkeeper"]
    response = hr_client.get(reverse("positions:list"), {"function": "nonsense", "page": "x"})
    assert response.status_code == 200


def test_list_query_count_is_flat(hr_client, django_assert_max_num_queries):
    PositionFactory.create_batch(3, hiring_manager=None)
    with django_assert_max_num_queries(8) as few:
        hr_client.get(reverse("positions:list"))
    PositionFactory.create_batch(22)
    with django_assert_max_num_queries(8) as many:
        hr_client.get(reverse("positions:list"))
    assert len(few.captured_queries) == len(many.captured_queries)


def test_published_slug_cannot_change(hr_client):
    position = OpenPositionFactory(slug="keep-me")
    hr_client.post(reverse("positions:edit", kwargs={"pk": position.pk}), position_post(slug="changed"))
    position.refresh_from_db()
    assert position.slug == "keep-me"


@pytest.mark.parametrize(
    "tamper",
    [{"duties-TOTAL_FORMS": "abc"}, {"skills-TOTAL_FORMS": ""}, {"questions-INITIAL_FORMS": "x"}],
)
def test_tampered_formset_management_data_is_a_message_not_a_500(hr_client, tamper):
    response = hr_client.post(reverse("positions:create"), position_post(**tamper))
    assert response.status_code == 200
    assert "Nothing was saved yet" in response.content.decode()
    assert Position.objects.count() == 0


def test_an_empty_post_is_a_message_not_a_500(hr_client):
    response = hr_client.post(reverse("positions:create"), {})
    assert response.status_code == 200


def test_a_blank_row_that_was_only_renumbered_is_ignored(hr_client):
    data = position_post(**{"duties-TOTAL_FORMS": "4", "duties-3-ORDER": "4", "duties-3-essential": "on"})
    response = hr_client.post(reverse("positions:create"), data)
    assert response.status_code == 302
    assert Position.objects.get().duties.count() == 2


def test_skills_keep_their_rows_and_match_any_letter_case(hr_client):
    position = OpenPositionFactory(skills=["SAP"])
    row = position.position_skills.get()
    data = position_post(slug=position.slug, **{"skills-0-name": "sap", "skills-TOTAL_FORMS": "1"})
    hr_client.post(reverse("positions:edit", kwargs={"pk": position.pk}), data)
    assert list(position.position_skills.values_list("pk", "skill__name")) == [(row.pk, "SAP")]
    data = position_post(slug=position.slug, **{"skills-0-name": "ÉLITE software", "skills-TOTAL_FORMS": "1"})
    for _ in range(2):
        assert hr_client.post(reverse("positions:edit", kwargs={"pk": position.pk}), data).status_code == 302
    assert position.position_skills.get().skill.name == "ÉLITE software"


def test_ranking_weights_must_add_up_to_100(hr_client):
    response = hr_client.post(reverse("positions:create"), position_post(score_weight_skills="50"))
    assert "add up to 110; make them add up to 100" in response.content.decode()
    assert Position.objects.count() == 0


# ---------------------------------------------------------------------------
# Blind screening: switched off only while nobody is masked, on only while no one to be masked has an
# interview scheduled; the HR form and the Django admin ask the same rule (positions.services)
# ---------------------------------------------------------------------------
OFF_REFUSED = (
    "Blind screening cannot be switched off: 2 applications were reviewed without the people's names and have "
    "not reached the interview stage, so they stay masked."
)
ON_REFUSED = (
    "Blind screening cannot be switched on yet: 1 application that has not reached the interview stage has an "
    "interview scheduled, so its interviewers already know the name. Cancel that interview, or move the "
    "application to the interview stage, first."
)


def _switch_blind_screening(via, request, position, *, on: bool):
    """Save the position unchanged but for the blind-screening box; the form's errors, or {} once saved."""
    if via == "hr-form":
        client = request.getfixturevalue("hr_client")
        url = reverse("positions:edit", kwargs={"pk": position.pk})
        data = position_post(slug=position.slug, **({"blind_screening": "on"} if on else {}))
    else:
        from recruiting.tests.test_recompute import _admin_form_data

        client = request.getfixturevalue("admin_client")
        url = reverse("admin:positions_position_change", args=[position.pk])
        page = client.get(url)
        data = _admin_form_data(page.context["adminform"].form, page.context["inline_admin_formsets"])
        assert data.pop("blind_screening", None) == ("on" if position.blind_screening else None)
        if on:
            data["blind_screening"] = "on"
    response = client.post(url, data)
    if response.status_code == 302:
        return {}
    form = response.context["form"] if via == "hr-form" else response.context["adminform"].form
    return {field: list(errors) for field, errors in form.errors.items()}


@pytest.fixture
def masking_position(reference_data):
    """A blind position: one application waiting, one rejected at screening (both masked), one interviewed."""
    from candidates.models import RejectionReason, Stage
    from candidates.tests.factories import ApplicationFactory

    position = OpenPositionFactory(blind_screening=True)
    ApplicationFactory(position=position)
    ApplicationFactory(position=position, stage=Stage.REJECTED,
                       rejection_reason=RejectionReason.objects.filter(kind="we_rejected").first())
    ApplicationFactory(position=position, stage=Stage.INTERVIEW)
    return position


@pytest.mark.parametrize("via", ["hr-form", "admin"])
def test_blind_screening_cannot_be_switched_off_while_applications_are_masked(request, masking_position, via):
    assert _switch_blind_screening(via, request, masking_position, on=False) == {"blind_screening": [OFF_REFUSED]}
    masking_position.refresh_from_db()
    assert masking_position.blind_screening is True
    assert _switch_blind_screening(via, request, masking_position, on=True) == {}  # the rest still saves


@pytest.mark.parametrize("via", ["hr-form", "admin"])
def test_blind_screening_is_switched_off_once_no_application_is_masked(request, reference_data, via):
    from candidates.models import Stage
    from candidates.tests.factories import ApplicationFactory

    position = OpenPositionFactory(blind_screening=True)
    ApplicationFactory(position=position, stage=Stage.INTERVIEW)
    assert _switch_blind_screening(via, request, position, on=False) == {}
    position.refresh_from_db()
    assert position.blind_screening is False


@pytest.mark.parametrize("via", ["hr-form", "admin"])
def test_blind_screening_cannot_be_switched_on_while_an_application_before_the_interview_has_one_scheduled(
    request, hr, interviewer, via
):
    import datetime

    from candidates.models import Stage
    from evaluations.scheduling import interview_cancel
    from evaluations.tests.factories import schedule

    position = OpenPositionFactory()
    days = datetime.timedelta(days=1)
    screening = schedule(interviewers=[interviewer], hr=hr, position=position, stage=Stage.SCREENING, starts_in=2 * days)
    # Not counted: one that reached the interview stage (unmasked anyway), and a cancelled interview.
    schedule(interviewers=[interviewer], hr=hr, position=position, stage=Stage.INTERVIEW, starts_in=3 * days)
    interview_cancel(interview=schedule(interviewers=[interviewer], hr=hr, position=position, starts_in=4 * days), user=hr)
    assert _switch_blind_screening(via, request, position, on=True) == {"blind_screening": [ON_REFUSED]}
    position.refresh_from_db()
    assert position.blind_screening is False
    interview_cancel(interview=screening, user=hr)
    assert _switch_blind_screening(via, request, position, on=True) == {}
    position.refresh_from_db()
    assert position.blind_screening is True
