"""Screening questions edited after candidates answered: answers stay with what was asked."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from candidates import privacy
from candidates.models import Answer, Application
from candidates.tests.test_apply import apply_url, form_data
from positions.models import Position, ScreeningQuestion
from positions.tests.factories import OpenPositionFactory
from positions.tests.test_views import _formset_data, position_post


@pytest.fixture
def position(reference_data):
    position = OpenPositionFactory(title="Accounts payable clerk", skills=["Accounts payable", "SAP"])
    ScreeningQuestion.objects.create(position=position, text="Driving licence?", kind="yes_no", knockout="no")
    ScreeningQuestion.objects.create(position=position, text="Years of SAP?", kind="number", knockout="2", order=1)
    ScreeningQuestion.objects.create(position=position, text="Where do you live?", kind="text", order=2)
    return position


def _apply(client, position, answers, email):
    questions = list(position.screening_questions.all())
    data = form_data(position, email=email, **{f"question_{q.pk}": a for q, a in zip(questions, answers, strict=True)})
    response = client.post(apply_url(position), data)
    assert response.status_code == 302, response.content[:500]
    return Application.objects.get(position=position, candidate__email_normalized=email)


def _edit(hr_client, position, rows):
    """Post the HR edit page with `rows` as the question formset (dicts with id/text/kind/knockout)."""
    data = position_post(title=position.title, slug=position.slug)
    for key in [k for k in data if k.startswith(("questions-", "skills-"))]:
        del data[key]
    skills = position.position_skills.select_related("skill")
    data.update(_formset_data("skills", [{"name": s.skill.name, "importance": s.importance, "weight": str(s.weight),
                                          "ORDER": str(i + 1)} for i, s in enumerate(skills)]))
    data.update(_formset_data("questions", [{"required": "on", "ORDER": str(i + 1), **row} for i, row in enumerate(rows)]))
    response = hr_client.post(reverse("positions:edit", kwargs={"pk": position.pk}), data)
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    return {q.text: q for q in Position.objects.get(pk=position.pk).screening_questions.all()}


def _row(question, **changes):
    return {"id": str(question.pk), "text": question.text, "kind": question.kind, "knockout": question.knockout, **changes}


@pytest.fixture
def answered(client, position):
    """Two candidates answered all three questions; returns (position, applications, questions by text)."""
    meets = _apply(client, position, ["yes", "3", "Monza"], "anna@example.invalid")
    knocked = _apply(client, position, ["no", "1", "Lecco"], "bruno@example.invalid")
    return meets, knocked, {q.text: q for q in position.screening_questions.all()}


def _answers(application):
    return {a.question_text: (a.question_id, a.question_kind, a.value, a.is_knockout) for a in application.answers.all()}


def test_deleting_the_first_question_leaves_every_other_answer_on_its_own_question(
    hr_client, position, answered, django_capture_on_commit_callbacks
):
    meets, knocked, q = answered
    with django_capture_on_commit_callbacks(execute=True):
        _edit(hr_client, position, [_row(q["Years of SAP?"]), _row(q["Where do you live?"])])
    assert _answers(meets) == {
        "Driving licence?": (None, "yes_no", "yes", False),
        "Years of SAP?": (q["Years of SAP?"].pk, "number", "3", False),
        "Where do you live?": (q["Where do you live?"].pk, "text", "Monza", False),
    }
    assert _answers(knocked)["Years of SAP?"] == (q["Years of SAP?"].pk, "number", "1", True)
    # The removed question no longer knocks anyone out; its answer stays as it was given.
    assert _answers(knocked)["Driving licence?"] == (None, "yes_no", "no", False)
    meets.refresh_from_db()
    knocked.refresh_from_db()
    assert (meets.meets_requirements, knocked.meets_requirements) == (True, False)


def test_reordering_questions_moves_no_answer(hr_client, position, answered, django_capture_on_commit_callbacks):
    meets, _knocked, q = answered
    before = _answers(meets)
    with django_capture_on_commit_callbacks(execute=True):
        after_edit = _edit(
            hr_client, position, [_row(q["Where do you live?"]), _row(q["Years of SAP?"]), _row(q["Driving licence?"])]
        )
    assert _answers(meets) == before
    assert [x.text for x in Position.objects.get(pk=position.pk).screening_questions.all()] == [
        "Where do you live?", "Years of SAP?", "Driving licence?",
    ]
    assert {t: x.pk for t, x in after_edit.items()} == {t: x.pk for t, x in q.items()}


def test_a_new_knockout_on_the_same_question_rejudges_its_own_answers(
    hr_client, position, answered, django_capture_on_commit_callbacks
):
    meets, _knocked, q = answered
    with django_capture_on_commit_callbacks(execute=True):
        _edit(hr_client, position, [_row(q["Driving licence?"]), _row(q["Years of SAP?"], knockout="4"),
                                    _row(q["Where do you live?"])])
    assert _answers(meets)["Years of SAP?"] == (q["Years of SAP?"].pk, "number", "3", True)
    meets.refresh_from_db()
    assert meets.meets_requirements is False


def test_changing_an_answered_questions_type_makes_a_new_question_and_keeps_old_answers_as_asked(
    hr_client, position, answered, django_capture_on_commit_callbacks
):
    meets, _knocked, q = answered
    with django_capture_on_commit_callbacks(execute=True):
        after = _edit(hr_client, position, [_row(q["Driving licence?"], kind="number", knockout="1"),
                                            _row(q["Years of SAP?"]), _row(q["Where do you live?"])])
    assert after["Driving licence?"].pk != q["Driving licence?"].pk
    assert _answers(meets)["Driving licence?"] == (None, "yes_no", "yes", False)


def test_an_id_from_another_position_adds_a_question_and_leaves_the_other_alone(hr_client, position, answered):
    other = OpenPositionFactory()
    foreign = ScreeningQuestion.objects.create(position=other, text="Other's question", kind="yes_no", knockout="no")
    _edit(hr_client, position, [{"id": str(foreign.pk), "text": "Typed by HR", "kind": "yes_no", "knockout": ""}])
    foreign.refresh_from_db()
    assert (foreign.position_id, foreign.text, foreign.knockout) == (other.pk, "Other's question", "no")
    assert list(position.screening_questions.values_list("text", flat=True)) == ["Typed by HR"]


def test_anonymising_blanks_free_text_by_the_answers_own_kind_even_if_the_question_became_yes_no(
    position, answered, django_capture_on_commit_callbacks
):
    meets, _knocked, q = answered
    # The admin edits rows in place: the free-text question now says yes/no.
    ScreeningQuestion.objects.filter(pk=q["Where do you live?"].pk).update(kind="yes_no")
    with django_capture_on_commit_callbacks(execute=True):
        privacy.application_anonymise(meets)
    values = {a.question_text: a.value for a in Answer.objects.filter(application=meets)}
    assert values == {"Driving licence?": "yes", "Years of SAP?": "3", "Where do you live?": ""}


@pytest.mark.parametrize(
    "kind, typed, stored",
    [("yes_no", "Sì", "yes"), ("yes_no", " NO ", "no"), ("yes_no", "si", "yes"), ("number", "2,5", "2.5"),
     ("number", "3", "3"), ("yes_no", "", ""), ("text", "", "")],
)
def test_the_admin_stores_knockouts_exactly_as_the_position_form_does(admin_client, position, kind, typed, stored):
    url = reverse("admin:positions_screeningquestion_add")
    response = admin_client.post(url, {"position": position.pk, "order": 5, "text": "Q", "kind": kind,
                                       "required": "on", "knockout": typed})
    assert response.status_code == 302
    assert ScreeningQuestion.objects.get(position=position, text="Q").knockout == stored


@pytest.mark.parametrize(
    "kind, typed, message",
    [("yes_no", "maybe", "Write “yes” or “no”."), ("number", "two", "Write the minimum accepted number, e.g. 2."),
     ("text", "x", "Short-text questions cannot have a knockout answer.")],
)
def test_the_admin_refuses_bad_knockouts_with_the_same_message(admin_client, position, kind, typed, message):
    url = reverse("admin:positions_screeningquestion_add")
    response = admin_client.post(url, {"position": position.pk, "order": 5, "text": "Q", "kind": kind,
                                       "required": "on", "knockout": typed})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ScreeningQuestion.objects.filter(text="Q").exists()


@pytest.fixture
def admin_client(client, reference_data):
    admin = get_user_model().objects.create_superuser("root", "root@example.invalid", "x-pass-2026")
    client.force_login(admin)
    return client
