"""What the browser review of issue 10 found missing: the way from an interview to its candidate, saying that blind
screening is on, the reject page's language line, the 400 page, and the time zone on the lock page."""

import datetime
import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from candidates.models import Stage
from candidates.tests.factories import ApplicationFactory, CandidateFactory
from evaluations import scheduling
from evaluations.tests.factories import schedule
from positions.tests.factories import OpenPositionFactory

H = datetime.timedelta(hours=1)
FORM = "application/x-www-form-urlencoded"
BANNER = (
    '<div class="alert alert-secondary py-2 small" role="note"> <span class="badge text-bg-dark me-1">'
    '<i class="bi bi-eye-slash" aria-hidden="true"></i> Blind screening</span> '
    "Names, contact details and résumés stay hidden until the interview stage. </div>"
)
LIST_BADGE = (
    '<span class="badge text-bg-light border"><i class="bi bi-eye-slash" aria-hidden="true"></i> Blind screening</span>'
)
MOVE_HINT = "Moving to “Interview” reveals the person's name for good."


def _html(response) -> str:
    """The page with runs of white space made one space, as a reader sees it."""
    return " ".join(response.content.decode().split())


# ---------------------------------------------------------------------------
# 1. From the interview and the scorecard to the candidate page
# ---------------------------------------------------------------------------


@pytest.fixture
def interview(reference_data, hr, interviewer):
    person = CandidateFactory(first_name="Livia", last_name="Russo")
    application = ApplicationFactory(candidate=person, stage=Stage.INTERVIEW)
    return schedule(interviewers=[interviewer], application=application, hr=hr, starts_in=-2 * H)


def test_an_assigned_interviewer_is_linked_to_the_candidate_page_from_interview_and_scorecard_and_it_opens(
    client, interviewer, interview
):
    client.force_login(interviewer)
    url = interview.application.get_absolute_url()
    page = _html(client.get(interview.get_absolute_url()))
    assert f'<a class="btn btn-link" href="{url}">Candidate page</a>' in page
    scorecard = _html(client.get(interview.scorecards.get().get_absolute_url()))
    assert (
        f'<li class="breadcrumb-item"><a href="{reverse("evaluations:mine")}">My interviews</a></li> '
        f'<li class="breadcrumb-item"><a href="{url}">Livia Russo</a></li> '
        '<li class="breadcrumb-item active" aria-current="page">Scorecard</li>'
    ) in scorecard
    assert client.get(url).status_code == 200


def test_an_interviewer_no_longer_assigned_gets_no_link_to_a_candidate_page_that_would_not_open(
    client, hr, interviewer, interview
):
    # Their interview was cancelled: its page and their scorecard stay theirs, the candidate is no longer.
    scheduling.interview_cancel(interview=interview, user=hr)
    client.force_login(interviewer)
    url = interview.application.get_absolute_url()
    page = _html(client.get(interview.get_absolute_url()))
    assert "Candidate page" not in page and f'href="{url}"' not in page
    scorecard = _html(client.get(interview.scorecards.get().get_absolute_url()))
    assert '<li class="breadcrumb-item">Livia Russo</li>' in scorecard
    assert f'href="{url}"' not in scorecard
    assert client.get(url).status_code == 404


# ---------------------------------------------------------------------------
# 2. Saying that blind screening is on
# ---------------------------------------------------------------------------


@pytest.fixture
def blind(reference_data):
    position = OpenPositionFactory(title="Blind clerk", blind_screening=True)
    masked = ApplicationFactory(position=position)
    named = ApplicationFactory(position=position, stage=Stage.INTERVIEW)
    return position, masked, named


@pytest.mark.parametrize("page", ["positions:detail", "candidates:board", "candidates:table", "evaluations:ranking"])
def test_each_page_of_a_blind_position_says_so_once_and_an_open_position_does_not(hr_client, blind, page):
    position = blind[0]
    seen = OpenPositionFactory(title="Open clerk")
    assert _html(hr_client.get(reverse(page, args=[position.pk]))).count(BANNER) == 1
    assert "Blind screening" not in _html(hr_client.get(reverse(page, args=[seen.pk])))


def test_the_positions_list_marks_the_blind_row_and_explains_it_once(hr_client, blind):
    OpenPositionFactory(title="Open clerk")
    OpenPositionFactory(title="Second blind clerk", blind_screening=True)
    page = _html(hr_client.get(reverse("positions:list")))
    assert f'>Blind clerk</a> {LIST_BADGE}' in page
    assert f'>Second blind clerk</a> {LIST_BADGE}' in page
    assert '>Open clerk</a><' in page
    assert page.count(f'<p class="small text-muted">{LIST_BADGE} Names, contact details and résumés stay hidden') == 1


def test_the_all_applications_table_marks_masked_rows_and_explains_once(hr_client, blind):
    position, masked, named = blind
    ApplicationFactory(position=position)  # a second masked row
    page = _html(hr_client.get(reverse("candidates:all")))
    assert page.count(f"<div>{LIST_BADGE}</div>") == 2
    assert f">Candidate #{masked.pk}</a> <div>{LIST_BADGE}</div>" in page
    assert page.count(f'<p class="small text-muted">{LIST_BADGE} Names, contact details and résumés stay hidden') == 1


def test_the_banner_is_in_italian_for_an_italian_reader(hr_client, blind):
    page = _html(hr_client.get(reverse("positions:detail", args=[blind[0].pk]), headers={"Accept-Language": "it"}))
    assert (
        '<i class="bi bi-eye-slash" aria-hidden="true"></i> Preselezione anonima</span> '
        "Nomi, recapiti e curriculum restano nascosti fino alla fase di colloquio. </div>"
    ) in page


def test_the_move_controls_warn_that_interview_reveals_the_name_only_for_a_masked_application(hr_client, blind):
    position, masked, named = blind
    board = _html(hr_client.get(reverse("candidates:board", args=[position.pk])))
    assert board.count(MOVE_HINT) == 1
    assert f'<div class="form-text mt-1">{MOVE_HINT}</div>' in board
    # The one hint is on the masked card, under its Move button.
    card = board.split(f'data-move-url="{reverse("candidates:move", args=[masked.pk])}"')[1].split("</li>")[0]
    assert MOVE_HINT in card
    assert f'<p class="form-text w-100 mb-0">{MOVE_HINT}</p>' in _html(hr_client.get(masked.get_absolute_url()))
    assert MOVE_HINT not in _html(hr_client.get(named.get_absolute_url()))


# ---------------------------------------------------------------------------
# 3. The reject page names the e-mail's language properly, and not at all while masked
# ---------------------------------------------------------------------------


def _legend(response) -> str:
    return re.search(r'<legend class="h6">(.*?)</legend>', _html(response)).group(1)


@pytest.mark.parametrize(("language", "english", "italian"), [
    ("it", "E-mail to the candidate (in Italian)", "E-mail al candidato (in italiano)"),
    ("en", "E-mail to the candidate (in English)", "E-mail al candidato (in inglese)"),
])
def test_the_reject_page_names_the_candidates_language_in_the_readers_words(hr_client, reference_data, language,
                                                                            english, italian):
    application = ApplicationFactory(candidate=CandidateFactory(language=language))
    url = reverse("candidates:reject", args=[application.pk])
    assert _legend(hr_client.get(url)) == english
    assert _legend(hr_client.get(url, headers={"Accept-Language": "it"})) == italian


def test_the_reject_page_of_a_masked_application_does_not_name_the_language_but_previews_in_it(hr_client, blind):
    position, masked, named = blind
    masked.candidate.language = "en"
    masked.candidate.save()
    url = reverse("candidates:reject", args=[masked.pk])
    response = hr_client.get(url, headers={"Accept-Language": "it"})
    assert _legend(response) == "E-mail al candidato (nella sua lingua)"
    assert _legend(hr_client.get(url)) == "E-mail to the candidate (in their language)"
    # The preview is still in the person's language (English), with the name left for sending.
    initial = response.context["form"].initial
    assert initial["email_subject"] == "Your application for Blind clerk"
    assert initial["email_body"].startswith("Dear {candidate_name},\n\nthank you for your interest in the position")


# ---------------------------------------------------------------------------
# 4. The 400 page is a page of the site
# ---------------------------------------------------------------------------


def test_an_unreadable_charset_gets_the_sites_400_page_in_italian(db):
    position = OpenPositionFactory()
    client = Client(raise_request_exception=False, headers={"Accept-Language": "it"})
    response = client.generic(
        "POST", reverse("jobs:apply", args=[position.slug]), b"first_name=Irene", content_type=f"{FORM}; charset=utf-7"
    )
    page = _html(response)
    assert response.status_code == 400
    assert f"<title>Non riusciamo a leggere la richiesta · {settings.ORGANIZATION_NAME}</title>" in page
    assert f'<i class="bi bi-briefcase" aria-hidden="true"></i> {settings.ORGANIZATION_NAME} </a>' in page
    assert f'<a class="btn btn-sm btn-outline-light" href="{reverse("login")}">' in page  # nobody is signed in yet
    assert "<p>Torna indietro e invia di nuovo il modulo; se succede ancora, prova con un altro browser.</p>" in page


def test_the_language_switch_on_the_400_page_works_for_a_new_visitor(db):
    position = OpenPositionFactory()
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    response = client.generic(
        "POST", reverse("jobs:apply", args=[position.slug]), b"first_name=Irene", content_type=f"{FORM}; charset=utf-7"
    )
    assert response.status_code == 400
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', _html(response)).group(1)
    assert "csrftoken" in response.cookies  # the form on the page can be posted back
    switched = client.post(reverse("set_language"), {"language": "it", "next": "/jobs/", "csrfmiddlewaretoken": token})
    assert (switched.status_code, switched["Location"]) == (302, "/jobs/")
