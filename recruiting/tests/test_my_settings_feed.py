"""My settings: the calendar address (make, copy, revoke) and how new applications are told."""

import pytest
from django.urls import reverse

from core.models import StaffProfile
from positions.tests.factories import OpenPositionFactory

URL = "/staff/settings/"


def _token(user):
    return StaffProfile.objects.get(user=user).calendar_feed_token


def test_making_the_address_shows_it_and_it_opens_the_feed(client, interviewer):
    client.force_login(interviewer)
    assert "Make my calendar address" in client.get(URL).content.decode()
    response = client.post(URL, {"action": "feed_new"})
    assert response.status_code == 302
    token = _token(interviewer)
    profile = StaffProfile.objects.get(user=interviewer)
    address = f"http://testserver/staff/interviews/calendar/{profile.pk}/{token}.ics"
    assert f'value="{address}"' in client.get(URL).content.decode()
    client.logout()
    assert client.get(address).status_code == 200


def test_revoke_and_make_a_new_one_gives_404_on_the_old_address(client, interviewer):
    client.force_login(interviewer)
    client.post(URL, {"action": "feed_new"})
    profile = StaffProfile.objects.get(user=interviewer)
    old = reverse("evaluations:calendar_feed", kwargs={"profile_pk": profile.pk, "token": profile.calendar_feed_token})
    client.post(URL, {"action": "feed_new"})
    new = reverse("evaluations:calendar_feed", kwargs={"profile_pk": profile.pk, "token": _token(interviewer)})
    assert (client.get(old).status_code, client.get(new).status_code) == (404, 200)


def test_turning_the_address_off_gives_404(client, interviewer):
    client.force_login(interviewer)
    client.post(URL, {"action": "feed_new"})
    profile = StaffProfile.objects.get(user=interviewer)
    old = reverse("evaluations:calendar_feed", kwargs={"profile_pk": profile.pk, "token": profile.calendar_feed_token})
    client.post(URL, {"action": "feed_off"})
    assert (_token(interviewer), client.get(old).status_code) == ("", 404)


def test_the_address_is_changed_only_by_its_owner(client, hr, interviewer):
    client.force_login(interviewer)
    client.post(URL, {"action": "feed_new"})
    token = _token(interviewer)
    client.force_login(hr)
    client.post(URL, {"action": "feed_new"})
    assert _token(interviewer) == token


@pytest.mark.parametrize(
    ("persona", "manages", "offered"),
    [("hr", False, True), ("interviewer", False, False), ("interviewer", True, True)],
    ids=["hr", "interviewer", "interviewer-managing-a-position"],
)
def test_the_new_applications_choice_is_offered_to_those_who_follow_applications(client, request, persona, manages, offered):
    user = request.getfixturevalue(persona)
    if manages:
        OpenPositionFactory(hiring_manager=user)
    client.force_login(user)
    assert ('name="new_applications"' in client.get(URL).content.decode()) is offered


@pytest.mark.parametrize(
    ("choice", "saved"),
    [("instant", "instant"), ("none", "none"), ("digest", "digest"), ("hourly", "digest"), ("", "digest")],
    ids=["instant", "none", "digest", "unknown-refused", "empty-refused"],
)
def test_saving_the_new_applications_choice(client, hr, choice, saved):
    client.force_login(hr)
    response = client.post(URL, {"language": "en", "time_zone": "Europe/Rome", "new_applications": choice})
    assert StaffProfile.objects.get(user=hr).new_applications == saved
    assert response.status_code == (302 if choice == saved else 200)


def test_the_settings_page_requires_sign_in(client):
    assert client.get(URL)["Location"].startswith("/accounts/login/")
