"""Referees in the candidate's export, and what anonymisation keeps of them (the numbers only)."""

import io
import json
import zipfile

import pytest
from django.core.exceptions import ValidationError

from candidates import privacy, references
from candidates.models import Referee, RefereeEmail, ReferenceRating, Stage
from candidates.references import Answer, RefereeData
from candidates.tests.factories import ApplicationFactory, CandidateFactory
from positions.tests.factories import OpenPositionFactory
from recruiting.privacy import candidate_export

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _send_at_once(monkeypatch):
    """These tests run in one transaction that never commits: what the services enqueue on commit runs at once."""
    from core.tasking import enqueue

    monkeypatch.setattr(references, "enqueue_on_commit", enqueue)


@pytest.fixture
def answered(reference_data, hr):
    candidate = CandidateFactory(first_name="Anna", last_name="Bianchi", email="anna@example.it", language="it")
    position = OpenPositionFactory(title="Impiegata amministrativa", competencies=["communication"])
    application = ApplicationFactory(candidate=candidate, position=position, stage=Stage.OFFER)
    references.reference_ask(application=application, user=hr, how_many=2)
    franco, sara = references.referees_name(application=application, consent=True, referees=[
        RefereeData(name="Franco Moretti", email="franco@rossi-spa.it", relationship="manager", period="2019–2024",
                    language="en"),
        RefereeData(name="Sara Galli", email="sara@rossi-spa.it", relationship="colleague", period="2021",
                    language="it"),
    ])
    [competency] = position.competencies.all()
    references.reference_answer(referee=franco, address="192.0.2.1", answer=Answer(
        scores={competency.pk: (4, "Calmed an angry supplier")}, would_work_again="yes", comments="Warm and precise"))
    references.reference_decline(referee=sara, reason="Worked together too briefly", address="192.0.2.2")
    return application


def test_the_export_holds_the_referees_and_their_answers(answered, hr):
    archive = zipfile.ZipFile(io.BytesIO(candidate_export(candidate=answered.candidate, user=hr)))
    [application] = json.loads(archive.read("data.json"))["applications"]
    franco, sara = application["references"]
    assert {key: franco[key] for key in ("name", "email", "relationship", "period", "language", "would_work_again",
                                         "comments", "excluded_from_score", "decline_reason", "ratings")} == {
        "name": "Franco Moretti", "email": "franco@rossi-spa.it", "relationship": "manager", "period": "2019–2024",
        "language": "en", "would_work_again": "yes", "comments": "Warm and precise", "excluded_from_score": False,
        "decline_reason": "", "ratings": [{"competency": "Communication", "score": 4,
                                           "example": "Calmed an angry supplier"}],
    }
    assert franco["consent_at"] and franco["answered_at"] and franco["declined_at"] is None
    assert (sara["name"], sara["decline_reason"], sara["ratings"]) == ("Sara Galli", "Worked together too briefly", [])
    assert "answer_address_hash" not in franco and "192.0.2.1" not in archive.read("data.json").decode()


def test_anonymising_keeps_only_the_numbers(answered):
    assert privacy.application_anonymise(answered)
    rows = list(Referee.objects.order_by("pk").values_list(
        "pk", "name", "email", "period", "comments", "decline_reason", "answer_address_hash", "relationship",
        "would_work_again"))
    assert [row[1:] for row in rows] == [
        ("—", f"referee-{rows[0][0]}@anonymised.invalid", "", "", "", "", "manager", "yes"),
        ("—", f"referee-{rows[1][0]}@anonymised.invalid", "", "", "", "", "colleague", "")]
    assert list(ReferenceRating.objects.values_list("score", "example")) == [(4, "")]
    assert set(RefereeEmail.objects.values_list("to", "subject", "body")) == {("anonymised@invalid", "", "")}
    # What the scoring reads stays.
    [competency] = answered.position.competencies.all()
    assert references.competency_ratings([answered.pk]) == {answered.pk: {competency.pk: [("manager", 4)]}}


def test_an_anonymised_applications_referee_links_stop_working(answered):
    referee = Referee.objects.get(relationship="manager")
    token = references.make_token(referee)
    privacy.application_anonymise(answered)
    with pytest.raises(references.LinkProblem) as problem:
        references.referee_from_token(token)
    assert problem.value.code == "invalid"


def test_the_admin_shows_referees_read_only(admin_client, answered):
    referee = Referee.objects.get(relationship="manager")
    response = admin_client.get(f"/admin/candidates/referee/{referee.pk}/change/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Franco Moretti" in html and "Calmed an angry supplier" in html
    assert 'name="name"' not in html  # no field to edit
    assert admin_client.get("/admin/candidates/referee/add/").status_code == 403


def test_an_anonymised_reference_is_no_longer_excluded_or_included(answered, hr):
    referee = Referee.objects.get(relationship="manager")
    privacy.application_anonymise(answered)
    with pytest.raises(ValidationError):
        references.reference_exclude(referee=referee, user=hr, reason="Relative")
    assert Referee.objects.get(pk=referee.pk).excluded_at is None
