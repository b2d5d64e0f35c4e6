"""The pages of structured references: HR's panel and actions, the candidate's form, the referee's page."""

import pytest
from django.urls import reverse
from django.utils import timezone

from candidates import references, status
from candidates.models import Referee, RefereeEmail, ReferenceRequest, Stage
from candidates.references import RefereeData
from candidates.tests.factories import ApplicationFactory, CandidateFactory
from positions.tests.factories import OpenPositionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _send_at_once(monkeypatch):
    """These tests run in one transaction that never commits: what the services enqueue on commit runs at once."""
    from core.tasking import enqueue

    monkeypatch.setattr(references, "enqueue_on_commit", enqueue)


@pytest.fixture
def application(reference_data):
    candidate = CandidateFactory(first_name="Anna", last_name="Bianchi", email="anna@example.it", language="it")
    position = OpenPositionFactory(title="Impiegata amministrativa", competencies=["communication", "teamwork"])
    return ApplicationFactory(candidate=candidate, position=position, stage=Stage.INTERVIEW)


def _named(application, hr, count=1, **overrides):
    references.reference_ask(application=application, user=hr, how_many=count)
    people = [RefereeData(**({"name": f"Referee {i}", "email": f"ref{i}@rossi-spa.it", "relationship": "colleague",
                              "period": "2020–2023", "language": "en"} | overrides)) for i in range(count)]
    return references.referees_name(application=application, referees=people, consent=True)


def _answer_post(application, **overrides):
    data = {"would_work_again": "yes", "comments": "Always <b>kind</b>", "action": "answer"}
    for competency in application.position.competencies.all():
        data[f"score_{competency.pk}"] = "3"
        data[f"example_{competency.pk}"] = f"Calmed a client ({competency.slug})"
    return data | overrides


# ---------------------------------------------------------------------------
# Who may see and do what
# ---------------------------------------------------------------------------
def test_hr_sees_the_panel_with_contact_details_and_answers(hr_client, hr, application):
    [referee] = _named(application, hr, name="Franco <Moretti>")
    references.reference_answer(referee=referee, answer=references.Answer(
        scores={c.pk: (4, "Led the <team>") for c in application.position.competencies.all()},
        would_work_again="yes", comments="Great"), address="192.0.2.1")
    response = hr_client.get(application.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "data-references-panel" in html
    assert "ref0@rossi-spa.it" in html
    assert "Franco &lt;Moretti&gt;" in html and "Franco <Moretti>" not in html
    assert "Led the &lt;team&gt;" in html
    assert html.count("data-reference-score") == 2


def test_interviewers_never_see_referees(interviewer_client, interviewer, hr, application):
    from evaluations.tests.factories import schedule

    schedule(interviewers=[interviewer], application=application, hr=hr)
    _named(application, hr)
    response = interviewer_client.get(application.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "data-references-panel" not in html
    assert "ref0@rossi-spa.it" not in html


@pytest.mark.parametrize("action", ["send_again", "cancel", "exclude", "include"])
def test_hr_actions_do_not_exist_for_interviewers(interviewer_client, hr, application, action):
    [referee] = _named(application, hr)
    response = interviewer_client.post(reverse(f"candidates:referee_{action}", args=[referee.pk]), {"reason": "x"})
    assert response.status_code == 404
    assert RefereeEmail.objects.count() == 1
    assert Referee.objects.get(pk=referee.pk).cancelled_at is None


def test_interviewers_cannot_ask_for_references(interviewer_client, application):
    response = interviewer_client.post(reverse("candidates:references_ask", args=[application.pk]), {"how_many": 2})
    assert response.status_code == 404
    assert ReferenceRequest.objects.count() == 0


@pytest.mark.parametrize("url", ["ask", "cancel"])
def test_anonymous_visitors_are_sent_to_sign_in(client, hr, application, url):
    [referee] = _named(application, hr)
    path = (reverse("candidates:references_ask", args=[application.pk]) if url == "ask"
            else reverse("candidates:referee_cancel", args=[referee.pk]))
    response = client.post(path, {"how_many": 2})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert Referee.objects.get(pk=referee.pk).cancelled_at is None


# ---------------------------------------------------------------------------
# HR's actions
# ---------------------------------------------------------------------------
def test_hr_asks_for_references_and_the_candidate_is_told(hr_client, application, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = hr_client.post(reverse("candidates:references_ask", args=[application.pk]), {"how_many": "3"})
    assert response.status_code == 302
    assert response["Location"].endswith("#references")
    assert ReferenceRequest.objects.get(application=application).how_many == 3
    from django.core import mail

    assert [m.to for m in mail.outbox] == [["anna@example.it"]]


@pytest.mark.parametrize("how_many", ["0", "4", "two", ""])
def test_a_bad_number_asks_nothing(hr_client, application, how_many):
    response = hr_client.post(reverse("candidates:references_ask", args=[application.pk]), {"how_many": how_many})
    assert response.status_code == 302
    assert ReferenceRequest.objects.count() == 0


def test_hr_cancels_sends_again_and_excludes_with_a_reason(hr_client, hr, application):
    first, second = _named(application, hr, count=2)
    assert hr_client.post(reverse("candidates:referee_send_again", args=[first.pk])).status_code == 302
    assert RefereeEmail.objects.filter(referee=first).count() == 2
    assert hr_client.post(reverse("candidates:referee_cancel", args=[first.pk])).status_code == 302
    assert Referee.objects.get(pk=first.pk).state == "cancelled"
    references.reference_answer(referee=second, answer=references.Answer(
        scores={c.pk: (2, "") for c in application.position.competencies.all()}, would_work_again="no"),
        address="192.0.2.1")
    hr_client.post(reverse("candidates:referee_exclude", args=[second.pk]), {"reason": ""})
    assert Referee.objects.get(pk=second.pk).excluded_at is None
    hr_client.post(reverse("candidates:referee_exclude", args=[second.pk]), {"reason": "Works at the candidate's firm"})
    second.refresh_from_db()
    assert (second.exclusion_reason, second.excluded_by_id) == ("Works at the candidate's firm", hr.pk)
    html = hr_client.get(application.get_absolute_url()).content.decode()
    assert "data-excluded" in html and "Works at the candidate&#x27;s firm" in html


def _page_queries(client, application) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(application.get_absolute_url())  # the session and the caches warmed alike for both
    with CaptureQueriesContext(connection) as queries:
        assert client.get(application.get_absolute_url()).status_code == 200
    return len(queries.captured_queries)


def test_the_panel_query_count_does_not_grow_with_the_referees(hr_client, hr, application):
    counts = []
    for count in (1, 3):
        one = ApplicationFactory(position=application.position, stage=Stage.INTERVIEW)
        for referee in _named(one, hr, count=count):
            references.reference_answer(referee=referee, answer=references.Answer(
                scores={c.pk: (3, "x") for c in application.position.competencies.all()}, would_work_again="yes"),
                address="192.0.2.1")
        counts.append(_page_queries(hr_client, one))
    assert counts[0] == counts[1]


def test_a_manager_on_free_mail_shows_its_signal_on_the_panel(hr_client, hr, application):
    _named(application, hr, relationship="manager", email="franco@gmail.com")
    response = hr_client.get(application.get_absolute_url())
    assert 'data-signal="free_mail_manager"' in response.content.decode()


# ---------------------------------------------------------------------------
# The candidate names referees on the status page
# ---------------------------------------------------------------------------
def _status_url(application, suffix=""):
    return status.page_path(status.make_token(application.pk)) + suffix


def _referees_post(**overrides):
    return {"name_0": "Franco Moretti", "email_0": "franco@rossi-spa.it", "relationship_0": "manager",
            "period_0": "2019–2024", "language_0": "en", "consent": "on"} | overrides


def test_the_status_page_shows_the_form_only_while_asked(client, hr, application):
    assert "data-referees-form" not in client.get(_status_url(application)).content.decode()
    references.reference_ask(application=application, user=hr, how_many=2)
    html = client.get(_status_url(application)).content.decode()
    assert "data-referees-form" in html
    assert html.count("<fieldset") == 2 and html.count("<legend") == 2


def test_without_consent_nothing_is_sent_and_what_was_typed_stays(client, hr, application):
    references.reference_ask(application=application, user=hr, how_many=2)
    response = client.post(_status_url(application, "references/"), _referees_post(consent=""))
    assert response.status_code == 400
    assert 'value="Franco Moretti"' in response.content.decode()
    assert Referee.objects.count() == 0


@pytest.mark.parametrize(("overrides", "field"), [
    ({"name_0": "", "email_0": "", "relationship_0": "", "period_0": ""}, "name_0"),
    ({"email_0": "not-an-address"}, "email_0"),
    ({"period_0": ""}, "period_0"),
    ({"name_1": "Sara", "email_1": "FRANCO@rossi-spa.it", "relationship_1": "colleague", "period_1": "2020"}, "email_1"),
])
def test_incomplete_rows_are_refused(client, hr, application, overrides, field):
    references.reference_ask(application=application, user=hr, how_many=2)
    response = client.post(_status_url(application, "references/"), _referees_post(**overrides))
    assert response.status_code == 400
    assert list(response.context["referees_form"].errors) == [field]
    assert Referee.objects.count() == 0


def test_the_candidate_names_a_referee_once(client, hr, application):
    references.reference_ask(application=application, user=hr, how_many=2)
    for _attempt in range(2):
        response = client.post(_status_url(application, "references/"), _referees_post())
        assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()  # in the candidate's language, Italian
    assert "Grazie: abbiamo già i nomi dei tuoi referenti." in page
    assert "data-referees-form" not in page
    [referee] = Referee.objects.all()
    assert (referee.name, referee.email, referee.relationship, referee.language) == (
        "Franco Moretti", "franco@rossi-spa.it", "manager", "en")
    assert referee.consent_at is not None
    assert RefereeEmail.objects.count() == 1


# ---------------------------------------------------------------------------
# The referee's page
# ---------------------------------------------------------------------------
def _signed_days_ago(referee, days: int) -> str:
    from django.core import signing

    signer = signing.TimestampSigner(salt=references.LINK_SALT)
    signer.timestamp = lambda: signing.b62_encode(int(timezone.now().timestamp()) - days * 86400)
    return signer.sign_object([referee.pk, referee.link_version])


def _link(referee):
    return references.link_path(references.make_token(referee))


def test_the_form_is_in_the_referees_language_with_a_fieldset_per_competency(client, hr, application):
    [referee] = _named(application, hr, language="it")
    response = client.get(_link(referee))
    html = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Language"] == "it"
    assert '<html lang="it"' in html
    assert html.count("data-competency=") == 2
    assert html.count("<legend") == 2 * 2 + 1 + 0  # each competency, its rating group, "work again"
    assert Referee.objects.get(pk=referee.pk).opened_at is not None


def test_the_referee_answers_once(client, hr, application):
    [referee] = _named(application, hr)
    first = client.post(_link(referee), _answer_post(application))
    second = client.post(_link(referee), _answer_post(application, would_work_again="no"))
    reopened = client.get(_link(referee))
    for response in (first, second, reopened):
        assert response.status_code == 200
        assert 'data-reference-outcome="answered"' in response.content.decode()
    referee.refresh_from_db()
    assert (referee.would_work_again, referee.comments) == ("yes", "Always <b>kind</b>")
    assert referee.ratings.count() == 2


def test_a_missing_rating_keeps_what_was_typed(client, hr, application):
    [referee] = _named(application, hr)
    data = _answer_post(application)
    data.pop(next(key for key in data if key.startswith("score_")))
    response = client.post(_link(referee), data)
    assert response.status_code == 400
    assert "Always &lt;b&gt;kind&lt;/b&gt;" in response.content.decode()
    assert Referee.objects.get(pk=referee.pk).answered_at is None


def test_the_referee_may_decline(client, hr, application):
    [referee] = _named(application, hr)
    response = client.post(_link(referee), {"action": "decline", "reason": "We barely worked together"})
    assert 'data-reference-outcome="declined"' in response.content.decode()
    assert Referee.objects.get(pk=referee.pk).decline_reason == "We barely worked together"


@pytest.mark.parametrize(("token", "status_code", "problem"), [
    ("nonsense", 404, "invalid"),
    ("tampered", 404, "invalid"),
    ("expired", 410, "expired"),
    ("replaced", 410, "replaced"),
])
def test_a_bad_link_gets_a_friendly_page_in_the_referees_language(client, hr, application, settings, token,
                                                                   status_code, problem):
    [referee] = _named(application, hr, language="it")
    good = references.make_token(referee)
    if token == "tampered":
        token = good[:-3] + ("xyz" if not good.endswith("xyz") else "abc")
    elif token == "expired":
        token = _signed_days_ago(referee, settings.REFERENCE_LINK_MAX_AGE_DAYS + 1)
    elif token == "replaced":
        references.referee_send_again(referee=referee, user=hr)
        token = good
    response = client.get(references.link_path(token))
    assert response.status_code == status_code
    assert f'data-link-problem="{problem}"' in response.content.decode()
    if problem != "invalid":
        assert response["Content-Language"] == "it"


def test_a_cancelled_reference_thanks_the_referee_and_asks_nothing(client, hr, application):
    [referee] = _named(application, hr)
    references.referee_cancel(referee=referee, user=hr)
    response = client.post(_link(referee), _answer_post(application))
    assert 'data-reference-outcome="cancelled"' in response.content.decode()
    assert Referee.objects.get(pk=referee.pk).answered_at is None


def test_the_answer_time_is_measured_from_the_form_shown(client, hr, application):
    [referee] = _named(application, hr)
    started = references.form_started_token(timezone.now().timestamp() - 42)
    client.post(_link(referee), _answer_post(application, started=started), REMOTE_ADDR="198.51.100.7")
    referee.refresh_from_db()
    assert 42 <= referee.answer_seconds <= 44
    assert referee.answer_address_hash == references.address_hash("198.51.100.7")


def test_the_referee_may_switch_the_page_to_the_other_language(client, hr, application, settings):
    [referee] = _named(application, hr, language="it")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(_link(referee))
    assert response["Content-Language"] == "en"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "xx"
    assert client.get(_link(referee))["Content-Language"] == "it"


def test_the_referees_language_starts_as_the_candidates(client, hr, application):
    references.reference_ask(application=application, user=hr, how_many=1)
    html = client.get(_status_url(application)).content.decode()
    assert '<option value="it" selected>' in html
