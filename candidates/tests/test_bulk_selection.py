"""A bulk action on the applications table that HR sent with nothing ticked, or with a choice missing."""

import pytest
from django.urls import reverse

from candidates.models import Application, RejectionReason, Stage
from candidates.tests.factories import ApplicationFactory
from positions.tests.factories import OpenPositionFactory


@pytest.fixture
def position(reference_data):
    position = OpenPositionFactory()
    ApplicationFactory.create_batch(2, position=position)
    return position


def _bulk(client, position, data, language="en"):
    return client.post(
        reverse("candidates:bulk", kwargs={"pk": position.pk}), data, HTTP_ACCEPT_LANGUAGE=language, follow=True
    )


def _bulk_fields(html: str) -> str:
    """The bulk action's fieldset (the filter form above it has selects of its own)."""
    return html[html.index('<fieldset class="border rounded'):html.index("</fieldset>")]


def _reason():
    return RejectionReason.objects.filter(active=True, kind=RejectionReason.Kind.WE_REJECTED).order_by("pk").first()


@pytest.mark.parametrize(
    "language, message",
    [
        ("en", 'Nothing was changed:<ul class="mb-0"><li>Select at least one application.</li></ul>'),
        ("it", 'Non è stato cambiato nulla:<ul class="mb-0"><li>Seleziona almeno una candidatura.</li></ul>'),
    ],
    ids=["english", "italian"],
)
def test_nothing_selected_says_to_select_an_application(hr_client, position, language, message):
    response = _bulk(hr_client, position, {"action": "move", "to_stage": "screening"}, language)
    assert [str(m) for m in response.context["messages"]] == [message]
    assert set(Application.objects.values_list("stage", flat=True)) == {Stage.APPLIED}


@pytest.mark.parametrize(
    "action, stage, expected",
    [
        ("reject", "interview", ['<option value="reject" selected>', '<option value="interview" selected>']),
        ("move", "screening", ['<option value="move" selected>', '<option value="screening" selected>']),
        ("export", "applied", ['<option value="export" selected>', '<option value="applied" selected>']),
    ],
    ids=["reject", "move", "export"],
)
def test_nothing_selected_keeps_the_chosen_action_stage_and_reason(hr_client, position, action, stage, expected):
    reason = _reason()
    response = _bulk(hr_client, position, {"action": action, "to_stage": stage, "reason": reason.pk})
    html = _bulk_fields(response.content.decode())
    assert response.redirect_chain[-1][0].startswith(reverse("candidates:table", kwargs={"pk": position.pk}))
    assert [snippet in html for snippet in expected] == [True, True]
    assert f'<option value="{reason.pk}" selected>' in html
    assert html.count(" selected>") == 3  # action, stage, reason: nothing else preselected


def test_the_kept_choices_are_shown_once(hr_client, position):
    _bulk(hr_client, position, {"action": "reject", "to_stage": "interview", "reason": _reason().pk})
    again = hr_client.get(reverse("candidates:table", kwargs={"pk": position.pk})).content.decode()
    assert _bulk_fields(again).count(" selected>") == 0


def test_a_missing_reason_keeps_the_ticked_applications(hr_client, position):
    first, second = Application.objects.order_by("pk")
    response = _bulk(hr_client, position, {"action": "reject", "applications": [second.pk]})
    html = response.content.decode()
    assert [str(m) for m in response.context["messages"]] == [
        'Nothing was changed:<ul class="mb-0"><li>Choose the reason for the rejection.</li></ul>'
    ]
    assert (f'id="select-{first.pk}" checked' in html, f'id="select-{second.pk}" checked' in html) == (False, True)
    assert '<option value="reject" selected>' in html
    second.refresh_from_db()
    assert second.stage == Stage.APPLIED


@pytest.mark.parametrize(
    "applications",
    [["abc"], ["-1"], ["999999999"], ["1e3", ""]],
    ids=["letters", "negative", "unknown-id", "garbage"],
)
def test_tampered_selections_change_nothing_and_do_not_fail(hr_client, position, applications):
    response = _bulk(hr_client, position, {"action": "move", "to_stage": "screening", "applications": applications})
    assert response.status_code == 200
    assert str(next(iter(response.context["messages"]))).startswith("Nothing was changed:")
    assert set(Application.objects.values_list("stage", flat=True)) == {Stage.APPLIED}


def test_the_kept_choices_belong_to_the_position_they_were_made_on(hr_client, position):
    elsewhere = ApplicationFactory()
    hr_client.post(
        reverse("candidates:bulk", kwargs={"pk": position.pk}),
        {"action": "reject", "to_stage": "interview", "applications": [elsewhere.pk]},
    )
    other_table = hr_client.get(reverse("candidates:table", kwargs={"pk": elsewhere.position.pk}))
    assert other_table.context["bulk"] == {}
    assert _bulk_fields(other_table.content.decode()).count(" selected>") == 0


def test_interviewers_get_404_and_keep_nothing(interviewer_client, position):
    response = interviewer_client.post(reverse("candidates:bulk", kwargs={"pk": position.pk}), {"action": "move"})
    assert response.status_code == 404
    assert "bulk_kept" not in interviewer_client.session


@pytest.fixture
def viewer_client(client, django_user_model):
    """Staff who may view applications but not change them (an admin can grant just that)."""
    from django.contrib.auth.models import Permission

    viewer = django_user_model.objects.create_user("viewer", "viewer@example.invalid", "x", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_application"))
    client.force_login(viewer)
    return client


@pytest.mark.parametrize("action", ["move", "reject"])
def test_who_may_only_view_cannot_move_or_reject(viewer_client, position, action):
    ids = list(position.applications.values_list("pk", flat=True))
    response = _bulk(viewer_client, position, {"action": action, "to_stage": "screening", "reason": _reason().pk,
                                               "applications": ids})
    assert [str(m) for m in response.context["messages"]] == [
        'Nothing was changed:<ul class="mb-0"><li>Select a valid choice. '
        f'{action} is not one of the available choices.</li></ul>'
    ]
    assert set(Application.objects.values_list("stage", flat=True)) == {Stage.APPLIED}


def test_who_may_only_view_is_offered_the_export_alone(viewer_client, position):
    html = _bulk_fields(viewer_client.get(reverse("candidates:table", kwargs={"pk": position.pk})).content.decode())
    assert html.count("<option") == 1
    assert '<option value="export"' in html
    assert 'name="to_stage"' not in html


def test_who_may_only_view_may_export(viewer_client, position):
    ids = list(position.applications.values_list("pk", flat=True))
    response = viewer_client.post(reverse("candidates:bulk", kwargs={"pk": position.pk}),
                                  {"action": "export", "applications": ids})
    assert response["Content-Type"].startswith("text/csv")
    assert len(response.content.decode().strip().splitlines()) == 3
