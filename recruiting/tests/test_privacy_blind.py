"""A person's data-protection page is no way round blind screening, from whichever link HR reaches it."""

import datetime
import io
import json
import re
import zipfile
from html import unescape

import pytest
from django.urls import reverse
from django.utils import formats, timezone

from candidates import blind, privacy
from candidates.models import Application, ResumeAccess
from candidates.tests.factories import ApplicationFactory, CandidateFactory
from positions.tests.factories import OpenPositionFactory

ADMINISTRATOR_HANDLES_IT = (
    "Blind screening is running on an application of this person, so an administrator handles their export "
    "and erasure: ask an administrator to open this page and do it from here."
)


@pytest.fixture
def ottavia(reference_data):
    """Ottavia applied to an ordinary position (named there, expiring in 15 days) and to a blind one (masked)."""
    person = CandidateFactory(first_name="Ottavia", last_name="Zanetti", email="ottavia.zanetti@example.invalid")
    named = ApplicationFactory(candidate=person, position=OpenPositionFactory(title="Records clerk"))
    masked = ApplicationFactory(candidate=person, position=OpenPositionFactory(title="Payroll clerk", blind_screening=True))
    # Noon UTC: the same calendar day wherever the page is read in Europe.
    noon = (timezone.now() - datetime.timedelta(days=350)).replace(hour=12, minute=0, second=0, microsecond=0)
    Application.objects.filter(pk=named.pk).update(last_activity_at=noon)
    named.refresh_from_db()
    masked.refresh_from_db()
    assert (named.is_blind, masked.is_blind) == (False, True)
    return named, masked


def _day(moment) -> str:
    return formats.date_format(timezone.localtime(moment), "SHORT_DATE_FORMAT")


def _main_text(response) -> str:
    html = response.content.decode()
    main = html[html.index("<main"):html.index("</main>")]
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", main)).split())


def _link(route, client, named):
    """The person's page as HR reaches it: from the named application, the expiring list, or the e-mail lookup."""
    if route == "sibling-application-link":
        page = client.get(named.get_absolute_url())
        url = page.context["privacy_url"]
        assert url in unescape(page.content.decode())
        return url
    if route == "expiring-list-link":
        rows = client.get(reverse("staff:privacy")).context["expiring"]
        return {application.pk: url for application, _expires, url in rows}[named.pk]
    return client.get(reverse("staff:privacy"), {"email": "Ottavia.Zanetti@example.invalid"}).context["search"]["url"]


@pytest.mark.parametrize("route", ["sibling-application-link", "expiring-list-link", "email-lookup"])
def test_hr_reaching_the_page_of_a_person_with_a_masked_application_sees_only_a_count_of_it(hr_client, ottavia, route):
    named, masked = ottavia
    page = hr_client.get(_link(route, hr_client, named))
    assert page.status_code == 200
    assert [application.pk for application, _expires in page.context["applications"]] == [named.pk]
    assert _main_text(page) == (
        "Data protection Ottavia Zanetti Ottavia Zanetti ottavia.zanetti@example.invalid "
        f"Applications Position Stage Kept until Records clerk Applied {_day(privacy.expires_at(named))} "
        f"1 further application is under blind screening. {ADMINISTRATOR_HANDLES_IT}"
    )
    html = page.content.decode()
    for secret in ("Payroll clerk", f"#{masked.pk}", _day(privacy.expires_at(masked)), 'value="export"', 'value="erase"'):
        assert secret not in html


def test_hr_is_refused_the_export_and_erasure_of_a_person_with_a_masked_application_and_an_admin_does_both(
    hr_client, admin_client, ottavia
):
    named, masked = ottavia
    url = _link("sibling-application-link", hr_client, named)
    expected_back = reverse("staff:candidate_privacy", kwargs={"pk": named.candidate_id}) + "?ref="
    for action in ({"action": "export"}, {"action": "erase", "confirm": "yes"}):
        response = hr_client.post(url, action)
        assert response.status_code == 302 and response["Location"].startswith(expected_back)
        followed = hr_client.get(response["Location"])
        assert [str(m) for m in followed.context["messages"]] == [ADMINISTRATOR_HANDLES_IT]
    assert ResumeAccess.objects.count() == 0
    assert Application.objects.filter(anonymised_at__isnull=False).count() == 0

    # The administrator (outside blind screening) opens the same page, by the link or by id, sees every
    # application and fulfils the request there.
    by_id = reverse("staff:candidate_privacy", kwargs={"pk": named.candidate_id})
    for address in (url, by_id):
        page = admin_client.get(address)
        assert page.status_code == 200
        assert [a.position.title for a, _expires in page.context["applications"]] == ["Payroll clerk", "Records clerk"]
        assert page.context["under_blind_screening"] == 0
    export = admin_client.post(by_id, {"action": "export"})
    assert export["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(export.content))
    assert set(archive.namelist()) == {"data.json", f"files/{named.pk}-cv.pdf", f"files/{masked.pk}-cv.pdf"}
    data = json.loads(archive.read("data.json"))
    assert sorted(a["position"] for a in data["applications"]) == ["Payroll clerk", "Records clerk"]
    assert admin_client.post(by_id, {"action": "erase", "confirm": "yes"}).status_code == 302
    assert Application.objects.filter(anonymised_at__isnull=False).count() == 2


def test_hr_without_a_valid_link_gets_the_same_answer_for_every_candidate_id(hr_client, admin_client, ottavia):
    named, masked = ottavia
    only_masked = ApplicationFactory(position=masked.position)
    only_named = ApplicationFactory()
    assert (only_masked.is_blind, only_named.is_blind) == (True, False)
    ids = {
        "masked-and-named": named.candidate_id, "only-masked": only_masked.candidate_id,
        "only-named": only_named.candidate_id, "no-one": only_named.candidate_id + 1000,
    }
    overview = reverse("staff:privacy")

    def answers(client, id_):
        url = reverse("staff:candidate_privacy", kwargs={"pk": id_})
        forged = client.get(url, {"ref": "forged"})
        someone_elses = blind.privacy_reference(id_ + 1)  # a real reference, for another id
        return (
            client.get(url).status_code, (forged.status_code, forged.get("Location")),
            client.get(url, {"ref": someone_elses}).status_code, client.post(url, {"action": "export"}).status_code,
        )

    assert {key: answers(hr_client, id_) for key, id_ in ids.items()} == {
        key: (404, (302, overview), 302, 404) for key in ids
    }
    # Administrators are outside blind screening: every existing person's page opens by id.
    assert {key: admin_client.get(reverse("staff:candidate_privacy", kwargs={"pk": id_})).status_code
            for key, id_ in ids.items()} == {"masked-and-named": 200, "only-masked": 200, "only-named": 200, "no-one": 404}
