"""Who may open what, generated from the URL configuration.

Every named URL pattern is requested with GET and POST by five personas — anonymous, the interviewer
on the interview (A), an interviewer who is not (B), HR and an admin — with ids of objects that belong
to other people: A's interview, scorecard and candidate, B's cancelled interview, a position's
applications. The expected answer of every (URL, persona, method) is in EXPECTED below; a new URL
without an entry fails the test, so nobody forgets to decide who may open a new page.

Besides the status codes: no 500 anywhere, anonymous visitors of staff pages are sent to the sign-in
page, and no answer to an interviewer or a visitor names (or gives the e-mail of) a candidate they are
not interviewing.
"""

from __future__ import annotations

import datetime
from html import escape

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from candidates import offers, references, status
from candidates.models import Candidate, Stage
from evaluations import assessments
from evaluations.models import AssessmentExercise, AssessmentItem, Interview, Scorecard
from evaluations.tests.factories import schedule
from recruiting.tests import world as hiring_world

PERSONAS = ("anonymous", "interviewer", "other_interviewer", "hr", "admin")
L, AL = "login", "admin login"  # a redirect to the staff sign-in page, or to the admin's
DENIED = (403, 404)


def _named_urls() -> dict[str, URLPattern]:
    """Every named URL pattern, by its namespaced name."""
    found = {}

    def walk(patterns, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = ":".join(part for part in (namespace, pattern.namespace) if part)
                walk(pattern.url_patterns, inner)
            elif pattern.name:
                found[f"{namespace}:{pattern.name}" if namespace else pattern.name] = pattern

    walk(get_resolver().url_patterns, "")
    return found


# ---------------------------------------------------------------------------
# The expectations: for each URL, its arguments (objects of other people) and the answer per persona,
# in the order of PERSONAS, to GET and to POST (an empty form). Public pages first.
# ---------------------------------------------------------------------------
PUBLIC = {
    "jobs:board", "jobs:feed", "jobs:detail", "jobs:apply", "jobs:applied", "jobs:already_applied",
    "privacy", "login", "logout", "set_language", "healthz", "sitemap", "offer_response",
    "status:page", "status:withdraw", "status:update", "status:data", "status:erasure", "status:interview_ics",
    "status:confirm_erasure", "status:new_link", "status:slots", "status:reschedule_request",
    "status:references", "reference", "status:assessment", "status:assessment_take",
}

# Pages an interviewer may open: their own dashboard, settings, interviews, scorecards and candidates.
INTERVIEWERS_OWN = {
    "staff:dashboard", "staff:settings", "evaluations:mine", "candidates:detail", "candidates:resume",
    "evaluations:interview", "evaluations:scorecard", "evaluations:application_scorecards", "evaluations:overview",
}

EXPECTED: dict[str, tuple] = {
    # name: (arguments from the world, GET answers, POST answers)
    "jobs:board": (lambda w: {}, (200,) * 5, (405,) * 5),
    "jobs:feed": (lambda w: {}, (200,) * 5, (405,) * 5),
    "jobs:detail": (lambda w: {"slug": w.position.slug}, (200,) * 5, (405,) * 5),
    "jobs:apply": (lambda w: {"slug": w.position.slug}, (200,) * 5, (200,) * 5),
    "jobs:applied": (lambda w: {"slug": w.position.slug}, (200,) * 5, (405,) * 5),
    "jobs:already_applied": (lambda w: {"slug": w.position.slug}, (200,) * 5, (405,) * 5),
    "privacy": (lambda w: {}, (200,) * 5, (405,) * 5),
    "login": (lambda w: {}, (200, 302, 302, 302, 302), (200, 302, 302, 302, 302)),
    "set_language": (lambda w: {}, (405,) * 5, (302,) * 5),
    "healthz": (lambda w: {}, (200,) * 5, (405,) * 5),
    "sitemap": (lambda w: {}, (200,) * 5, (200,) * 5),
    # Signing out is a POST (it runs last, see _order).
    "logout": (lambda w: {}, (405,) * 5, (L,) * 5),
    # Every staff member's own pages.
    "staff:dashboard": (lambda w: {}, (L, 200, 200, 200, 200), (L, 200, 200, 200, 200)),
    "staff:settings": (lambda w: {}, (L, 200, 200, 200, 200), (L, 200, 200, 200, 200)),
    "evaluations:mine": (lambda w: {}, (L, 200, 200, 200, 200), (405,) * 5),
    # HR only.
    "staff:privacy": (lambda w: {}, (L, 404, 404, 200, 200), (L, 405, 405, 405, 405)),
    "staff:outbox": (lambda w: {}, (404, 404, 404, 404, 404), (405, 405, 405, 405, 405)),
    "evaluations:overview": (lambda w: {}, (L, 200, 200, 200, 200), (L, 405, 405, 405, 405)),
    "evaluations:calendar_feed": (lambda w: {"profile_pk": 1, "token": "x" * 43}, (404,) * 5, (405,) * 5),
    "offer_response": (lambda w: {"token": offers.make_token(w.offer.pk)}, (200,) * 5, (200,) * 5),
    # The candidate's status page: the signed link is the key (an empty POST changes nothing).
    "status:page": (lambda w: {"token": status.make_token(w.target.pk)}, (200,) * 5, (405,) * 5),
    "status:withdraw": (lambda w: {"token": status.make_token(w.target.pk)}, (200,) * 5, (200,) * 5),
    "status:update": (lambda w: {"token": status.make_token(w.target.pk)}, (405,) * 5, (302,) * 5),
    "status:data": (lambda w: {"token": status.make_token(w.target.pk)}, (405,) * 5, (200,) * 5),
    "status:erasure": (lambda w: {"token": status.make_token(w.target.pk)}, (405,) * 5, (302,) * 5),
    "status:interview_ics": (lambda w: {"token": status.make_token(w.target.pk), "pk": w.upcoming.pk},
                             (200,) * 5, (405,) * 5),
    "status:confirm_erasure": (lambda w: {"token": status.erasure_token(w.target.pk, requested_at=timezone.now())},
                               (200,) * 5, (200,) * 5),
    "status:new_link": (lambda w: {}, (200,) * 5, (200,) * 5),
    "status:slots": (lambda w: {"token": status.make_token(w.target.pk), "pk": w.slot_offer.pk}, (200,) * 5,
                     (200,) * 5),
    # An empty POST is refused with the form's message (200) and records nothing.
    "status:reschedule_request": (lambda w: {"token": status.make_token(w.target.pk), "pk": w.upcoming.pk},
                                  (200,) * 5, (200,) * 5),
    # Structured references (candidates/references.py): the referee's page opens with its signed link (an empty
    # POST is refused with the form, 400); the candidate names referees only when asked (else 302 with a message).
    "reference": (lambda w: {"token": references.make_token(w.referee_page)}, (200,) * 5, (400,) * 5),
    "status:references": (lambda w: {"token": status.make_token(w.target.pk)}, (405,) * 5, (302,) * 5),
    "candidates:references_ask": (lambda w: {"pk": w.target.pk}, (405,) * 5, (L, 404, 404, 302, 302)),
    "candidates:referee_send_again": (lambda w: {"pk": w.referee.pk}, (405,) * 5, (L, 404, 404, 302, 302)),
    "candidates:referee_cancel": (lambda w: {"pk": w.referee.pk}, (405,) * 5, (L, 404, 404, 302, 302)),
    "candidates:referee_exclude": (lambda w: {"pk": w.referee.pk}, (405,) * 5, (L, 404, 404, 302, 302)),
    "candidates:referee_include": (lambda w: {"pk": w.referee.pk}, (405,) * 5, (L, 404, 404, 302, 302)),
    # Assessments: the bank, the plan and the results are HR's (an interviewer gets 404, as for the rest of HR's
    # pages); an empty POST is refused with the form (200) or a message (302).
    "evaluations:assessment_bank": (lambda w: {}, (L, 404, 404, 200, 200), (405,) * 5),
    "evaluations:assessment_item_new": (lambda w: {}, (L, 404, 404, 200, 200), (L, 404, 404, 200, 200)),
    "evaluations:assessment_item": (lambda w: {"pk": w.item.pk}, (L, 404, 404, 200, 200), (L, 404, 404, 200, 200)),
    "evaluations:assessment_exercise": (lambda w: {"pk": w.exercise.pk}, (L, 404, 404, 200, 200), (405,) * 5),
    "evaluations:assessment_plan": (lambda w: {"position_pk": w.target.position_id}, (L, 404, 404, 200, 200),
                                    (L, 404, 404, 200, 200)),
    "evaluations:assessment_result": (lambda w: {"application_pk": w.target.pk}, (L, 404, 404, 200, 200),
                                      (405,) * 5),
    "evaluations:assessment_send": (lambda w: {"application_pk": w.target.pk}, (405,) * 5,
                                    (L, 404, 404, 302, 302)),
    "evaluations:assessment_exclusion": (lambda w: {"application_pk": w.target.pk}, (405,) * 5,
                                         (L, 404, 404, 400, 400)),
    # The candidate's own pages, with the status link. The test opens only once started (before: back to the start
    # page, 302); starting is a POST (an empty one: no extra time), so after the first visitor's POSTs the start
    # page sends everyone on to the test, which opens; an empty POST there saves nothing and shows the page again.
    "status:assessment": (lambda w: {"token": status.make_token(w.target.pk)}, (200, 302, 302, 302, 302),
                          (302,) * 5),
    "status:assessment_take": (lambda w: {"token": status.make_token(w.target.pk)}, (302, 200, 200, 200, 200),
                               (302,) * 5),
    "candidates:offer_draft": (lambda w: {"pk": w.target.pk}, (L, 404, 404, 200, 200), (L, 404, 404, 200, 200)),
    "candidates:offer": (lambda w: {"pk": w.offer.pk}, (L, 404, 404, 200, 200), (405,) * 5),
    "candidates:offer_step": (lambda w: {"pk": w.offer.pk}, (405,) * 5, (L, 404, 404, 302, 302)),
    "candidates:offer_send": (lambda w: {"pk": w.offer.pk}, (L, 404, 404, 200, 200), (L, 404, 404, 302, 302)),
    "candidates:offer_letter": (lambda w: {"pk": w.offer.pk}, (L, 404, 404, 200, 200), (405,) * 5),
    "staff:reports": (lambda w: {}, (L, 404, 404, 200, 200), (L, 405, 405, 405, 405)),
    "staff:email_previews": (lambda w: {}, (L, 404, 404, 200, 200), (L, 405, 405, 405, 405)),
    # HR opens a person's page only through a signed link (candidates.blind.privacy_page_url); by bare id, 404.
    "staff:candidate_privacy": (lambda w: {"pk": w.target.candidate_id}, (L, 404, 404, 404, 200),
                                (L, 404, 404, 404, 200)),
    "positions:list": (lambda w: {}, (L, 403, 403, 200, 200), (L, 403, 403, 405, 405)),
    "positions:templates": (lambda w: {}, (L, 403, 403, 200, 200), (L, 403, 403, 405, 405)),
    "positions:create": (lambda w: {}, (L, 403, 403, 200, 200), (L, 403, 403, 200, 200)),
    "positions:detail": (lambda w: {"pk": w.position.pk}, (L, 403, 403, 200, 200), (L, 403, 403, 405, 405)),
    "positions:edit": (lambda w: {"pk": w.position.pk}, (L, 403, 403, 200, 200), (L, 403, 403, 200, 200)),
    "positions:change_status": (lambda w: {"pk": w.position.pk}, (405,) * 5, (L, 403, 403, 302, 302)),
    "positions:duplicate": (lambda w: {"pk": w.position.pk}, (405,) * 5, (L, 403, 403, 302, 302)),
    "candidates:all": (lambda w: {}, (L, 404, 404, 200, 200), (405,) * 5),
    "candidates:board": (lambda w: {"pk": w.position.pk}, (L, 404, 404, 200, 200), (405,) * 5),
    "candidates:table": (lambda w: {"pk": w.position.pk}, (L, 404, 404, 200, 200), (405,) * 5),
    "candidates:bulk": (lambda w: {"pk": w.position.pk}, (405,) * 5, (L, 404, 404, 302, 302)),
    "candidates:move": (lambda w: {"pk": w.target.pk}, (405,) * 5, (L, 404, 404, 302, 302)),
    "candidates:confirm_hire": (lambda w: {"pk": w.target.pk}, (L, 404, 404, 200, 200), (L, 404, 404, 200, 200)),
    "candidates:reject": (lambda w: {"pk": w.target.pk}, (L, 404, 404, 200, 200), (L, 404, 404, 200, 200)),
    "candidates:add_note": (lambda w: {"pk": w.target.pk}, (405,) * 5, (L, 404, 404, 302, 302)),
    "evaluations:schedule": (lambda w: {"application_pk": w.target.pk}, (L, 404, 404, 200, 200),
                             (L, 404, 404, 200, 200)),
    "evaluations:reschedule": (lambda w: {"pk": w.upcoming.pk}, (L, 404, 404, 200, 200), (L, 404, 404, 200, 200)),
    "evaluations:cancel": (lambda w: {"pk": w.spare.pk}, (405,) * 5, (L, 404, 404, 302, 302)),
    "evaluations:slot_offer_new": (lambda w: {"application_pk": w.target.pk}, (L, 404, 404, 200, 200),
                                   (L, 404, 404, 200, 200)),
    "evaluations:slot_offer_withdraw": (lambda w: {"pk": w.slot_offer.pk}, (405,) * 5, (L, 404, 404, 302, 302)),
    "evaluations:ranking": (lambda w: {"position_pk": w.position.pk}, (L, 404, 404, 200, 200), (405,) * 5),
    "evaluations:compare": (lambda w: {"position_pk": w.position.pk}, (L, 404, 404, 302, 302), (L, 404, 404, 302, 302)),
    "evaluations:scoring_settings": (lambda w: {"position_pk": w.position.pk}, (L, 404, 404, 200, 200),
                                     (405,) * 5),
    "evaluations:why": (lambda w: {"position_pk": w.position.pk, "application_pk": w.target.pk},
                        (L, 404, 404, 200, 200), (405,) * 5),
    # Interviewers: their own interview, scorecard and candidate; 404 for everyone else's.
    "candidates:detail": (lambda w: {"pk": w.target.pk}, (L, 200, 404, 200, 200), (405,) * 5),
    "candidates:resume": (lambda w: {"pk": w.target.pk}, (L, 200, 404, 200, 200), (405,) * 5),
    "evaluations:interview": (lambda w: {"pk": w.upcoming.pk}, (L, 200, 404, 200, 200), (405,) * 5),
    "evaluations:scorecard": (lambda w: {"pk": w.own_scorecard.pk}, (L, 200, 404, 404, 404), (L, 200, 404, 404, 404)),
    "evaluations:application_scorecards": (lambda w: {"application_pk": w.past.application_id},
                                           (L, 200, 302, 200, 200), (405,) * 5),
}
# The same pages with the other interviewer's objects: what A may not open.
VARIANTS: dict[str, tuple] = {
    "offer_response#tampered": (lambda w: {"token": "not-a-token"}, (404,) * 5, (404,) * 5),
    "reference#tampered": (lambda w: {"token": "not-a-token"}, (404,) * 5, (404,) * 5),
    "status:page#tampered": (lambda w: {"token": "not-a-token"}, (404,) * 5, (405,) * 5),
    "status:withdraw#tampered": (lambda w: {"token": "not-a-token"}, (404,) * 5, (404,) * 5),
    "status:slots#other": (lambda w: {"token": status.make_token(w.later.pk), "pk": w.slot_offer.pk},
                           (404,) * 5, (404,) * 5),
    "status:reschedule_request#other": (lambda w: {"token": status.make_token(w.later.pk), "pk": w.upcoming.pk},
                                        (404,) * 5, (404,) * 5),
    "status:reschedule_request#tampered": (lambda w: {"token": "not-a-token", "pk": w.upcoming.pk},
                                           (404,) * 5, (404,) * 5),
    "status:interview_ics#other": (lambda w: {"token": status.make_token(w.target.pk), "pk": w.past.pk},
                                   (404,) * 5, (405,) * 5),
    "candidates:detail#other": (lambda w: {"pk": w.later.pk}, (L, 404, 404, 200, 200), (405,) * 5),
    "candidates:resume#other": (lambda w: {"pk": w.later.pk}, (L, 404, 404, 200, 200), (405,) * 5),
    "evaluations:interview#cancelled": (lambda w: {"pk": w.cancelled.pk}, (L, 404, 200, 200, 200), (405,) * 5),
    "evaluations:scorecard#other": (lambda w: {"pk": w.other_scorecard.pk}, (L, 404, 200, 404, 404),
                                    (L, 404, 200, 404, 404)),
    "evaluations:application_scorecards#other": (lambda w: {"application_pk": w.later.pk},
                                                 (L, 404, 404, 200, 200), (405,) * 5),
    "staff:candidate_privacy#blind": (lambda w: {"pk": w.blind_application.candidate_id}, (L, 404, 404, 404, 200),
                                      (L, 404, 404, 404, 200)),
    "jobs:detail#draft": (lambda w: {"slug": w.others[0].slug}, (404,) * 5, (405,) * 5),
    "jobs:apply#draft": (lambda w: {"slug": w.others[0].slug}, (404,) * 5, (404,) * 5),
}


@pytest.fixture
def world(hr, interviewer, other_interviewer, django_capture_on_commit_callbacks):
    w = hiring_world.build(hr=hr, interviewer=interviewer, other_interviewer=other_interviewer,
                           capture=django_capture_on_commit_callbacks)
    w.target = w.applications[Stage.INTERVIEW]  # A's candidate (upcoming interview); B never interviewed them
    w.own_scorecard = Scorecard.objects.get(interview=w.upcoming, interviewer=interviewer)
    with django_capture_on_commit_callbacks(execute=True):
        # HR's POST cancels this one, so the interview the other rows rely on stays scheduled.
        w.spare = schedule(interviewers=[interviewer], application=w.target, hr=hr,
                           starts_in=datetime.timedelta(days=6))
        # Two referees of A's candidate: HR's actions work on one, the public page is the other's.
        references.reference_ask(application=w.target, user=hr, how_many=2)
        w.referee, w.referee_page = references.referees_name(application=w.target, consent=True, referees=[
            references.RefereeData(name=f"Referee {n}", email=f"referee{n}@example.invalid", relationship="colleague",
                                   period="2020–2023", language="it") for n in (1, 2)])
        # A's candidate was sent the position's assessment (evaluations/assessments.py), not yet started.
        w.item = AssessmentItem.objects.filter(active=True).first()
        w.exercise = AssessmentExercise.objects.first()
        assessments.plan_save(position=w.target.position, enabled=True, time_limit_minutes=30,
                              judgement_counts={w.item.competency_id: 1}, exercises=[w.exercise])
        assessments.assessment_send(application=w.target, user=hr)
    return w


@pytest.fixture
def clients(world, hr, interviewer, other_interviewer):
    admin = get_user_model().objects.create_superuser("root", "root@example.invalid", "a-long-test-password")
    users = {"anonymous": None, "interviewer": interviewer, "other_interviewer": other_interviewer, "hr": hr,
             "admin": admin}
    result = {}
    for persona, user in users.items():
        client = Client()
        if user is not None:
            client.force_login(user)
        result[persona] = client
    return result


def _forbidden_text(persona: str, users: dict) -> list[str]:
    """What must never appear in an answer to this persona: candidates they do not interview."""
    if persona in ("hr", "admin"):
        return []
    interviewing = set()
    if persona != "anonymous":
        interviewing = set(Interview.objects.filter(interviewers=users[persona]).values_list(
            "application__candidate_id", flat=True))
    texts = []
    for candidate in Candidate.objects.exclude(pk__in=interviewing):
        texts.append(candidate.email)
        if candidate.first_name != Candidate.ANONYMOUS:
            texts += [candidate.full_name, escape(candidate.full_name)]
    return texts


def _order(name: str) -> tuple:
    # Signing out and changing language run last; everything else in name order.
    return (name.startswith(("logout", "set_language")), name)


def _body(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode("utf-8", errors="replace")


def _answer(response) -> int | str:
    if response.status_code == 302:
        location = response["Location"]
        if location.startswith(reverse("admin:login")):
            return AL
        if location.startswith(reverse("login")):
            return L
    return response.status_code


def test_every_named_url_has_a_decision_on_who_may_open_it():
    """A new page without an entry in EXPECTED fails here, and so does an entry for a page that is gone."""
    names = {name for name in _named_urls() if not name.startswith("admin:")}
    assert sorted(names - set(EXPECTED)) == []
    assert sorted(set(EXPECTED) - names) == []
    assert {name.split("#")[0] for name in VARIANTS} <= names
    assert names >= PUBLIC


def test_the_decisions_keep_staff_pages_from_visitors_and_other_peoples_pages_from_interviewers():
    """The table itself obeys the rules: a page not listed as public never opens for a visitor (sign-in, 404
    or 405), and a page not listed as an interviewer's own refuses both interviewers (403 or 404, or 405)."""
    wrong = []
    for name, (_arguments, get, post) in {**EXPECTED, **VARIANTS}.items():
        base = name.split("#")[0]
        if base not in PUBLIC and not {get[0], post[0]} <= {L, 404, 405}:
            wrong.append(f"{name}: a visitor gets {get[0]} / {post[0]}")
        if base not in PUBLIC | INTERVIEWERS_OWN and not {*get[1:3], *post[1:3]} <= {*DENIED, 405}:
            wrong.append(f"{name}: an interviewer gets {get[1:3]} / {post[1:3]}")
    assert wrong == []


@pytest.mark.django_db
def test_every_url_answers_each_persona_as_decided_and_names_no_one_it_should_not(world, clients, hr, interviewer,
                                                                                  other_interviewer):
    users = {"interviewer": interviewer, "other_interviewer": other_interviewer, "hr": hr}
    table = {**EXPECTED, **VARIANTS}
    urls = {name: reverse(name.split("#")[0], kwargs=arguments(world)) for name, (arguments, *_rest) in table.items()}
    wrong, leaks = [], []
    for index, persona in enumerate(PERSONAS):
        client, forbidden = clients[persona], _forbidden_text(persona, users)
        client.raise_request_exception = False  # a 500 is counted, not raised, so every page is tried
        for method in ("get", "post"):
            for name in sorted(table, key=_order):
                response = getattr(client, method)(urls[name])
                answer = _answer(response)
                expected = table[name][1 if method == "get" else 2][index]
                if answer != expected:
                    wrong.append(f"{method.upper()} {urls[name]} ({name}) as {persona}: {answer}, expected {expected}")
                body = _body(response)
                leaks += [f"{method.upper()} {urls[name]} as {persona} shows {text!r}" for text in forbidden if text in body]
    assert [entry for entry in wrong if ": 500," in entry] == []
    assert "\n".join(leaks) == ""
    assert "\n".join(wrong) == ""


@pytest.mark.django_db
def test_admin_pages_send_everyone_but_admins_to_the_admin_sign_in(world, clients):
    """Every admin URL (generated: a new model's pages are included): non-staff personas never get in."""
    patterns = {name: pattern for name, pattern in _named_urls().items() if name.startswith("admin:")}
    wrong = []
    for name, pattern in sorted(patterns.items()):
        kwargs = {key: "candidates" if key == "app_label" else "1" for key in pattern.pattern.regex.groupindex}
        url = reverse(name, kwargs=kwargs)
        for persona in ("anonymous", "interviewer", "other_interviewer", "hr"):
            for method in ("get", "post"):
                response = getattr(clients[persona], method)(url)
                answer = _answer(response)
                # The admin's own sign-in page opens for everyone (and a signed-in non-staff member may try).
                # Signing out of the admin leads to its front page, which then asks to sign in.
                expected = {"admin:login": 200, "admin:logout": 302}.get(name, AL)
                if answer != expected:
                    wrong.append(f"{method.upper()} {url} ({name}) as {persona}: {answer}, expected {expected}")
    assert "\n".join(wrong) == ""
