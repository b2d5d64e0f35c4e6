"""The data-protection overview: in the staff menu for those who may open it, and its search by e-mail."""

import datetime
import re
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from candidates.models import Application
from candidates.tests.factories import ApplicationFactory, CandidateFactory
from positions.tests.factories import OpenPositionFactory

OVERVIEW = "/staff/privacy/"
MENU_LINK = '<a class="nav-link" href="/staff/privacy/"'


@pytest.fixture
def mara(reference_data):
    person = CandidateFactory(first_name="Mara", last_name="Rossi", email="Mara.Rossi@Example.invalid")
    ApplicationFactory(candidate=person)
    ApplicationFactory(candidate=person)
    return person


def _search_section(html: str) -> str:
    found = re.search(r'<section class="mb-4" aria-labelledby="privacy-search-heading".*?</section>', html, re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", found.group(0))).split()) if found else ""


def test_the_overview_is_at_its_documented_address():
    assert reverse("staff:privacy") == OVERVIEW


@pytest.mark.parametrize(
    "persona, in_menu, status",
    [("hr", True, 200), ("admin", True, 200), ("interviewer", False, 404)],
    ids=["hr", "admin", "interviewer"],
)
def test_the_menu_links_the_overview_for_exactly_those_it_lets_in(request, persona, in_menu, status, reference_data):
    client = request.getfixturevalue(f"{persona}_client")
    dashboard = client.get(reverse("staff:dashboard")).content.decode()
    assert (MENU_LINK in dashboard, client.get(OVERVIEW).status_code) == (in_menu, status)


def test_the_menu_marks_the_overview_as_the_current_page(hr_client, reference_data):
    assert f'{MENU_LINK} aria-current="page">Data protection</a>' in hr_client.get(OVERVIEW).content.decode()


def test_anonymous_visitors_are_sent_to_sign_in(client, reference_data):
    response = client.get(OVERVIEW, {"email": "mara.rossi@example.invalid"})
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(
    "typed, shown",
    [
        ("mara.rossi@example.invalid", "Found for “mara.rossi@example.invalid” Mara Rossi · Mara.Rossi@Example.invalid · "
         "2 applications Open their data-protection page"),
        ("  MARA.ROSSI@EXAMPLE.INVALID ", "Found for “MARA.ROSSI@EXAMPLE.INVALID” Mara Rossi · Mara.Rossi@Example.invalid · "
         "2 applications Open their data-protection page"),
        ("rossi@example.invalid", "Found for “rossi@example.invalid” No one has applied with this e-mail address."),
        ("mara.rossi@example.invalid.it", "Found for “mara.rossi@example.invalid.it” No one has applied with this e-mail address."),
        ("mara.rossi", "Found for “mara.rossi” Enter the person's whole e-mail address, such as name@example.com."),
        ("", ""),
    ],
    ids=["exact", "case-and-spaces", "part-of-it", "longer", "not-an-address", "empty"],
)
def test_the_search_finds_only_the_exact_address_ignoring_case_and_spaces(hr_client, mara, typed, shown):
    response = hr_client.get(OVERVIEW, {"email": typed})
    assert response.status_code == 200
    assert _search_section(response.content.decode()) == shown


def test_the_search_answers_in_italian(hr_client, mara):
    html = hr_client.get(OVERVIEW, {"email": "nessuno@example.invalid"}, HTTP_ACCEPT_LANGUAGE="it").content.decode()
    assert _search_section(html) == (
        "Risultato per “nessuno@example.invalid” Nessuno si è candidato con questo indirizzo e-mail."
    )


def test_the_found_person_links_to_their_page_which_opens(hr_client, mara):
    html = hr_client.get(OVERVIEW, {"email": "mara.rossi@example.invalid"}).content.decode()
    link = re.search(r'href="(/staff/candidates/(\d+)/privacy/\?ref=[^"]+)"', html)
    assert int(link.group(2)) == mara.pk
    page = hr_client.get(unescape(link.group(1)))
    assert page.status_code == 200 and "Mara Rossi" in page.content.decode()


def test_what_was_typed_is_escaped_and_kept_in_the_field(hr_client, mara):
    typed = '<script>alert("x")</script>@example.invalid'
    html = hr_client.get(OVERVIEW, {"email": typed}).content.decode()
    assert "<script>alert" not in html
    assert 'value="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;@example.invalid"' in html


def test_a_very_long_address_is_cut_not_refused(hr_client, mara):
    response = hr_client.get(OVERVIEW, {"email": "a" * 5000 + "@example.invalid"})
    assert response.status_code == 200 and response.context["email"] == "a" * 254


@pytest.mark.parametrize("expiring", [2, 10], ids=["2-rows", "10-rows"])
def test_the_overview_with_a_search_costs_the_same_queries_at_2_and_10_rows(
    hr_client, mara, django_assert_num_queries, expiring
):
    position = OpenPositionFactory()
    ApplicationFactory.create_batch(expiring, position=position)
    Application.objects.filter(position=position).update(last_activity_at=timezone.now() - datetime.timedelta(days=351))
    # session, user, the user's and the groups' permissions, the person with their application count,
    # the expiring list, the groups (menu), the erasures, the erasure requests
    with django_assert_num_queries(9):
        response = hr_client.get(OVERVIEW, {"email": "mara.rossi@example.invalid"})
    assert len(response.context["expiring"]) == expiring
