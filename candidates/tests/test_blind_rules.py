"""candidates/blind.py rule by rule: who is masked (however it is asked), what a list may sort and search by,
what previews show, what the data-protection page counts and how long its reference lasts, and why blind
screening cannot be switched (exact messages in both languages)."""

import datetime
from types import SimpleNamespace
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core import signing
from django.db.models import Q
from django.utils import timezone, translation

from candidates import blind
from candidates.models import Application, Candidate, RejectionReason, Stage, StageChange
from candidates.tests.factories import ApplicationFactory, CandidateFactory
from positions.models import Position
from positions.tests.factories import OpenPositionFactory

A, S, I, O, H, R, W = (Stage.APPLIED, Stage.SCREENING, Stage.INTERVIEW, Stage.OFFER, Stage.HIRED, Stage.REJECTED,
                       Stage.WITHDRAWN)
CLOSED_REASON = {R: "we_rejected", W: "they_withdrew"}


def _application(position, *, moves=(), stage=A, **kwargs):
    """An application whose history is APPLIED, then `moves`; its stage is then set to `stage` directly."""
    application = ApplicationFactory(position=position, **kwargs)  # the factory records the move to APPLIED
    for before, after in zip((A, *moves), moves, strict=False):
        StageChange.objects.create(application=application, from_stage=before, to_stage=after)
    reason = RejectionReason.objects.filter(kind=CLOSED_REASON[stage]).first() if stage in CLOSED_REASON else None
    Application.objects.filter(pk=application.pk).update(stage=stage, rejection_reason=reason)
    return application.pk


# ---------------------------------------------------------------------------
# Who is masked: the same answer fresh, prefetched, annotated, marked and as a database condition
# ---------------------------------------------------------------------------
PIPELINE = {  # case: (blind position, moves after APPLIED, stage now, masked)
    "open-position": (False, (), A, False),
    "applied": (True, (), A, True),
    "screening": (True, (S,), S, True),
    "rejected-at-screening": (True, (S, R), R, True),
    "withdrawn": (True, (W,), W, True),
    "interview": (True, (S, I), I, False),
    "offer": (True, (I, O), O, False),
    "hired": (True, (I, O, H), H, False),
    "back-to-screening-after-interview": (True, (I, S), S, False),
    "rejected-after-offer": (True, (I, O, R), R, False),
    "at-interview-without-history": (True, (), I, False),
}
MASKED = {case: row[3] for case, row in PIPELINE.items()}


@pytest.fixture
def pipeline(reference_data):
    """Every case of PIPELINE, in that order: the open ones on an ordinary position, the others on a blind one."""
    positions = {False: OpenPositionFactory(), True: OpenPositionFactory(blind_screening=True)}
    return {case: _application(positions[on], moves=moves, stage=stage)
            for case, (on, moves, stage, _masked) in PIPELINE.items()}


def _rows(pipeline):
    return Application.objects.select_related("position").filter(pk__in=pipeline.values())


def _by_case(pipeline, values: dict) -> dict:
    case = {pk: name for name, pk in pipeline.items()}
    return {case[pk]: value for pk, value in values.items()}


@pytest.mark.parametrize(
    "how",
    ["fresh", "fresh-asked-twice", "prefetched", "annotated", "annotation-itself", "marked", "database-condition",
     "through-stage-changes", "through-stage-changes-condition"],
)
def test_who_is_masked(pipeline, how):
    rows = _rows(pipeline)
    if how == "fresh":
        masked = {a.pk: a.is_blind for a in rows}
    elif how == "fresh-asked-twice":
        masked = {a.pk: (a.is_blind, a.is_blind)[1] for a in rows}
    elif how == "prefetched":
        masked = {a.pk: a.is_blind for a in rows.prefetch_related("stage_changes")}
    elif how == "annotated":
        masked = {a.pk: a.is_blind for a in blind.with_mask(rows)}
    elif how == "annotation-itself":
        masked = dict(blind.with_mask(rows).values_list("pk", blind.ATTRIBUTE))
    elif how == "marked":
        masked = {a.pk: a.is_blind for a in blind.mark(rows)}
    elif how == "database-condition":
        found = set(rows.filter(blind.masked()).values_list("pk", flat=True))
        masked = {pk: pk in found for pk in pipeline.values()}
    elif how == "through-stage-changes":
        changes = blind.with_mask(StageChange.objects.filter(application__in=pipeline.values()), "application__")
        masked = dict(changes.values_list("application_id", blind.ATTRIBUTE))
    else:
        found = set(StageChange.objects.filter(blind.masked("application__")).values_list("application_id", flat=True))
        masked = {pk: pk in found for pk in pipeline.values()}
    assert _by_case(pipeline, masked) == MASKED
    assert all(type(value) is bool for value in masked.values())


def test_before_interview_ignores_whether_the_position_screens_blind(pipeline):
    found = set(Application.objects.filter(pk__in=pipeline.values()).filter(blind.before_interview())
                .values_list("pk", flat=True))
    assert {case for case, pk in pipeline.items() if pk in found} == {
        "open-position", "applied", "screening", "rejected-at-screening", "withdrawn",
    }


# Applications on a blind position whose stage is not a revealing one: applied, screening, rejected-at-screening,
# withdrawn, back-to-screening-after-interview, rejected-after-offer. Only they need their history read.
@pytest.mark.parametrize(
    "how, queries",
    [("fresh", 6), ("fresh-asked-twice", 6), ("prefetched", 0), ("annotated", 0), ("marked", 1)],
)
def test_queries_to_tell_who_is_masked(pipeline, django_assert_num_queries, how, queries):
    if how == "prefetched":
        rows = list(_rows(pipeline).prefetch_related("stage_changes"))
    elif how == "annotated":
        rows = list(blind.with_mask(_rows(pipeline)))
    else:
        rows = list(_rows(pipeline))
    with django_assert_num_queries(queries):
        if how == "marked":
            blind.mark(rows)
        answers = {a.pk: a.is_blind for a in rows}
        if how == "fresh-asked-twice":
            answers = {a.pk: a.is_blind for a in rows}
    assert _by_case(pipeline, answers) == MASKED


@pytest.mark.parametrize("how", ["fresh", "prefetched", "annotated", "marked"])
def test_a_mask_already_read_lifts_at_once_when_the_stage_becomes_interview(pipeline, django_assert_num_queries, how):
    rows = _rows(pipeline).filter(pk=pipeline["applied"])
    rows = {"prefetched": rows.prefetch_related("stage_changes"), "annotated": blind.with_mask(rows)}.get(how, rows)
    application = blind.mark(rows)[0] if how == "marked" else rows.get()
    assert application.is_blind is True
    application.stage = Stage.INTERVIEW
    with django_assert_num_queries(0):
        assert application.is_blind is False


# ---------------------------------------------------------------------------
# mark and marked: one query per page or chunk, only for rows that need one
# ---------------------------------------------------------------------------
UNSETTLED = "unsettled"


def test_mark_settles_the_mask_of_exactly_the_rows_that_need_their_history_read(pipeline):
    rows = list(_rows(pipeline).order_by("pk"))
    assert blind.mark(iter(rows)) == rows
    assert _by_case(pipeline, {a.pk: a.__dict__.get(blind.ATTRIBUTE, UNSETTLED) for a in rows}) == {
        "open-position": UNSETTLED, "applied": True, "screening": True, "rejected-at-screening": True,
        "withdrawn": True, "interview": UNSETTLED, "offer": UNSETTLED, "hired": UNSETTLED,
        "back-to-screening-after-interview": False, "rejected-after-offer": False,
        "at-interview-without-history": UNSETTLED,
    }


def test_mark_keeps_a_mask_already_settled(pipeline, django_assert_num_queries):
    rows = list(_rows(pipeline).filter(pk__in=[pipeline["applied"], pipeline["back-to-screening-after-interview"]]))
    for application in rows:
        application.__dict__[blind.ATTRIBUTE] = "from the list"
    with django_assert_num_queries(0):
        blind.mark(rows)
    assert [a.__dict__[blind.ATTRIBUTE] for a in rows] == ["from the list", "from the list"]


@pytest.mark.parametrize(
    "cases, queries",
    [
        (["open-position", "interview", "offer", "hired", "at-interview-without-history"], 0),
        (["applied"], 1),
        (list(PIPELINE), 1),
    ],
    ids=["none-to-settle", "one", "all"],
)
def test_mark_costs_one_query_only_when_a_row_needs_it(pipeline, django_assert_num_queries, cases, queries):
    rows = list(_rows(pipeline).filter(pk__in=[pipeline[case] for case in cases]))
    with django_assert_num_queries(queries):
        blind.mark(rows)


def _unsaved(count: int) -> list[Application]:
    """Applications of a blind position that never reached the interview; they need no rows of their own."""
    position = Position(blind_screening=True)
    return [Application(pk=n, position=position, stage=Stage.APPLIED) for n in range(1, count + 1)]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "rows, chunk, queries",
    [(0, 2, 0), (1, 2, 1), (2, 2, 1), (4, 2, 2), (5, 2, 3), (500, None, 1), (501, None, 2)],
    ids=["none", "one", "one-chunk", "two-chunks", "two-chunks-and-one", "500-default-chunk", "501-default-chunk"],
)
def test_marked_asks_once_per_chunk_and_yields_every_row_settled(django_assert_num_queries, rows, chunk, queries):
    applications = _unsaved(rows)
    with django_assert_num_queries(queries):
        yielded = list(blind.marked(iter(applications)) if chunk is None else blind.marked(iter(applications), chunk=chunk))
    assert yielded == applications
    assert [a.__dict__.get(blind.ATTRIBUTE) for a in yielded] == [True] * rows


def test_marked_finds_the_application_in_each_row(pipeline):
    rows = [(case, application) for application in _rows(pipeline).order_by("pk")
            for case, pk in pipeline.items() if pk == application.pk]
    yielded = list(blind.marked(iter(rows), application=lambda row: row[1], chunk=3))
    assert yielded == rows
    assert {case: a.__dict__.get(blind.ATTRIBUTE, UNSETTLED) for case, a in yielded} == {
        "open-position": UNSETTLED, "applied": True, "screening": True, "rejected-at-screening": True,
        "withdrawn": True, "interview": UNSETTLED, "offer": UNSETTLED, "hired": UNSETTLED,
        "back-to-screening-after-interview": False, "rejected-after-offer": False,
        "at-interview-without-history": UNSETTLED,
    }


@pytest.mark.django_db
def test_marked_hands_out_a_chunk_once_it_is_settled():
    applications = _unsaved(3)
    read = []
    yielded = blind.marked((read.append(a.pk) or a for a in applications), chunk=2)
    first = next(yielded)
    assert (first.pk, first.__dict__.get(blind.ATTRIBUTE), read) == (1, True, [1, 2])


# ---------------------------------------------------------------------------
# Searching and sorting
# ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    "condition_on, found",
    [
        (["applied", "interview", "open-position"], {"interview", "open-position"}),
        (["applied", "screening"], set()),
        ([], set()),
    ],
    ids=["some-masked", "only-masked", "nothing"],
)
def test_unmasked_only_keeps_the_rows_the_condition_finds_and_that_are_not_masked(pipeline, condition_on, found):
    condition = Q(pk__in=[pipeline[case] for case in condition_on])
    pks = set(blind.with_mask(_rows(pipeline)).filter(blind.unmasked_only(condition)).values_list("pk", flat=True))
    assert {case for case, pk in pipeline.items() if pk in pks} == found


@pytest.mark.parametrize(
    "query, number",
    [
        ("#12", 12), ("Candidate #12", 12), ("candidate # 7", 7), ("Candidato n. 12", 12), ("candidato N.305", 305),
        ("#123456789012345678", 123456789012345678), ("excel", None), ("12", None), ("#", None), ("n.12a", None),
        ("", None),
    ],
    ids=["hash", "english-name", "hash-and-space", "italian-name", "italian-without-space", "longest", "word",
         "bare-number", "hash-alone", "number-glued-to-a-word", "empty"],
)
def test_display_number(query, number):
    assert blind.display_number(query) == number


# Created in this order; sorted by name, the people come by last then first name then number, and the masked
# applications after them by number, whatever their names.
PEOPLE = [
    ("Ugo", "Zanetti", A),  # masked
    ("Marta", "Rossi", I),
    ("Carla", "Bassi", I),
    ("Anna", "Rossi", I),
    ("Bruno", "Conte", S),  # masked
    ("Anna", "Rossi", O),
    ("Aldo", "Abate", A),  # masked
]


@pytest.fixture
def named(reference_data):
    position = OpenPositionFactory(blind_screening=True)
    moves = {A: (), S: (S,), I: (I,), O: (I, O)}
    return [
        _application(position, moves=moves[stage], stage=stage,
                     candidate=CandidateFactory(first_name=first, last_name=last))
        for first, last, stage in PEOPLE
    ], position


def test_name_order(named):
    pks, position = named
    rows = blind.with_mask(Application.objects.filter(position=position)).order_by(*blind.name_order())
    assert list(rows.values_list("pk", flat=True)) == [pks[2], pks[3], pks[5], pks[1], pks[0], pks[4], pks[6]]


def test_name_order_sorts_masked_rows_by_nothing_from_their_name(named):
    pks, position = named
    _masked, last_name, first_name, _pk = blind.name_order()
    rows = blind.with_mask(Application.objects.filter(position=position)).annotate(last=last_name, first=first_name)
    assert dict((pk, (last, first)) for pk, last, first in rows.values_list("pk", "last", "first")) == {
        pks[0]: ("", ""), pks[1]: ("Rossi", "Marta"), pks[2]: ("Bassi", "Carla"), pks[3]: ("Rossi", "Anna"),
        pks[4]: ("", ""), pks[5]: ("Rossi", "Anna"), pks[6]: ("", ""),
    }


# ---------------------------------------------------------------------------
# E-mail previews
# ---------------------------------------------------------------------------
def _person(application):
    c = application.candidate
    return (c.first_name, c.last_name, c.email, c.phone, c.town)


@pytest.fixture
def ottavia(reference_data):
    def make(blind_position: bool):
        candidate = CandidateFactory(first_name="Ottavia", last_name="Zanetti", email="ottavia.zanetti@example.invalid",
                                     phone="+39 333 000111", town="Cremona")
        pk = _application(OpenPositionFactory(blind_screening=blind_position), candidate=candidate)
        return Application.objects.select_related("position", "candidate").get(pk=pk)
    return make


def test_a_masked_preview_is_made_for_the_placeholder_and_leaves_the_application_alone(ottavia):
    application = ottavia(True)
    stand_in = blind.preview_stand_in(application)
    assert stand_in is not application and stand_in.candidate is not application.candidate
    assert (stand_in.pk, stand_in.candidate.pk) == (application.pk, application.candidate.pk)
    assert _person(stand_in) == ("{candidate_name}", "", "", "", "")
    assert _person(application) == ("Ottavia", "Zanetti", "ottavia.zanetti@example.invalid", "+39 333 000111", "Cremona")


def test_an_unmasked_preview_is_made_from_the_application_itself(ottavia):
    application = ottavia(False)
    assert blind.preview_stand_in(application) is application
    assert _person(application) == ("Ottavia", "Zanetti", "ottavia.zanetti@example.invalid", "+39 333 000111", "Cremona")


@pytest.mark.parametrize(
    "text, sent",
    [
        ("Gentile {candidate_name}, grazie. {candidate_name}?", "Gentile Ottavia, grazie. Ottavia?"),
        ("Gentile Ottavia,", "Gentile Ottavia,"),
        ("{CANDIDATE_NAME} {candidate_name", "{CANDIDATE_NAME} {candidate_name"),
    ],
    ids=["placeholder-twice", "no-placeholder", "not-the-placeholder"],
)
def test_fill_in_name(text, sent):
    application = Application(candidate=Candidate(first_name="Ottavia", last_name="Zanetti"))
    assert blind.fill_in_name(text, application) == sent


# ---------------------------------------------------------------------------
# Data protection
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("is_superuser, outside", [(True, True), (False, False)], ids=["administrator", "hr"])
def test_outside_blind_screening(is_superuser, outside):
    assert blind.outside_blind_screening(SimpleNamespace(is_superuser=is_superuser)) is outside


@pytest.fixture
def person(reference_data):
    """One person's five applications; days ago they applied: a 1, e 3, d 3, c 3, b 5 (created a, b, c, d, e)."""
    candidate = CandidateFactory()
    blind_position = OpenPositionFactory(blind_screening=True)
    made = {
        "a-open": _application(OpenPositionFactory(), candidate=candidate),
        "b-masked": _application(blind_position, candidate=candidate),
        "c-interviewed": _application(OpenPositionFactory(blind_screening=True), candidate=candidate, moves=(I,), stage=I),
        "d-masked": _application(OpenPositionFactory(blind_screening=True), candidate=candidate, moves=(S,), stage=S),
        "e-open": _application(OpenPositionFactory(), candidate=candidate, moves=(S,), stage=S),
    }
    _application(blind_position)  # someone else's
    now = timezone.now()
    for key, days in {"a-open": 1, "b-masked": 5, "c-interviewed": 3, "d-masked": 3, "e-open": 3}.items():
        Application.objects.filter(pk=made[key]).update(applied_at=now - datetime.timedelta(days=days))
    return candidate, made


@pytest.mark.parametrize(
    "who, named, masked",
    [
        ("hr", ["a-open", "e-open", "c-interviewed"], 2),
        ("admin_user", ["a-open", "e-open", "d-masked", "c-interviewed", "b-masked"], 0),
    ],
)
def test_privacy_applications_names_newest_first_and_counts_the_masked_ones(
    request, person, django_assert_num_queries, who, named, masked
):
    candidate, made = person
    user = request.getfixturevalue(who)
    with django_assert_num_queries(2):  # the applications with their positions, then their history
        applications, count = blind.privacy_applications(candidate, user)
        shown = [a.is_blind for a in applications]
    key = {pk: name for name, pk in made.items()}
    assert ([key[a.pk] for a in applications], count) == (named, masked)
    assert shown == [name.endswith("-masked") for name in named]


SALT = "candidates.blind.privacy"
MAX_AGE = 12 * 3600
SIGNED_AT = 1_800_000_000  # 2027-01-15 08:00:00 UTC


@pytest.fixture
def clock(monkeypatch):
    """django.core.signing's clock, set by hand: `clock.now` seconds since the epoch."""
    state = SimpleNamespace(now=SIGNED_AT)
    monkeypatch.setattr(signing, "time", SimpleNamespace(time=lambda: state.now))
    return state


def test_a_reference_is_signed_for_the_person_with_the_blind_screening_salt():
    reference = blind.privacy_reference(41)
    assert signing.loads(reference, salt=SALT, max_age=MAX_AGE) == 41
    assert blind.privacy_reference_is_valid(reference, 41) is True
    assert blind.privacy_reference_is_valid(reference, 42) is False


def test_a_reference_is_compressed_when_that_makes_it_shorter():
    reference = blind.privacy_reference(10**20)  # "100000000000000000000" compresses; a short number does not
    assert reference.startswith(".")
    assert signing.loads(reference, salt=SALT) == 10**20
    assert blind.privacy_reference_is_valid(reference, 10**20) is True


@pytest.mark.parametrize(
    "reference",
    [
        "", "forged", signing.dumps(41), signing.dumps(41, salt="candidates.blind.other"),
        signing.dumps(41, salt=SALT.upper()), signing.dumps("41", salt=SALT), signing.dumps([41], salt=SALT),
    ],
    ids=["empty", "forged", "without-salt", "other-salt", "salt-in-capitals", "number-as-text", "in-a-list"],
)
def test_a_reference_not_signed_for_this_person_is_refused(reference):
    assert blind.privacy_reference_is_valid(reference, 41) is False


def test_a_tampered_reference_is_refused():
    reference = blind.privacy_reference(41)
    assert blind.privacy_reference_is_valid(reference[:-1] + ("A" if reference[-1] != "A" else "B"), 41) is False


@pytest.mark.parametrize(
    "seconds_later, valid",
    [(0, True), (MAX_AGE - 1, True), (MAX_AGE, True), (MAX_AGE + 0.5, False), (MAX_AGE + 1, False)],
    ids=["at-once", "a-second-before-12-hours", "at-12-hours", "half-a-second-after", "a-second-after"],
)
def test_a_reference_lasts_12_hours(clock, seconds_later, valid):
    reference = blind.privacy_reference(41)
    clock.now = SIGNED_AT + seconds_later
    assert blind.privacy_reference_is_valid(reference, 41) is valid


def test_privacy_page_url(clock):
    reference = signing.dumps(41, salt=SALT, compress=True)  # its ":" separators are escaped in the address
    url = blind.privacy_page_url(41)
    assert url == "/staff/candidates/41/privacy/?ref=" + reference.replace(":", "%3A")
    parts = urlsplit(url)
    assert (parts.path, parse_qs(parts.query)) == ("/staff/candidates/41/privacy/", {"ref": [reference]})


# ---------------------------------------------------------------------------
# Switching blind screening (positions.services.blind_screening_problem asks switch_problem)
# ---------------------------------------------------------------------------
ON_REFUSED = {
    "en": (
        "Blind screening cannot be switched on yet: 1 application that has not reached the interview stage has an "
        "interview scheduled, so its interviewers already know the name. Cancel that interview, or move the "
        "application to the interview stage, first.",
        "Blind screening cannot be switched on yet: 2 applications that have not reached the interview stage have "
        "interviews scheduled, so their interviewers already know the names. Cancel those interviews, or move the "
        "applications to the interview stage, first.",
    ),
    "it": (
        "Non è ancora possibile attivare la preselezione anonima: 1 candidatura che non ha raggiunto la fase di "
        "colloquio ha un colloquio in programma, quindi chi la intervista conosce già il nome. Annulla quel "
        "colloquio, o sposta la candidatura alla fase di colloquio, prima di attivarla.",
        "Non è ancora possibile attivare la preselezione anonima: 2 candidature che non hanno raggiunto la fase di "
        "colloquio hanno colloqui in programma, quindi chi le intervista conosce già i nomi. Annulla quei "
        "colloqui, o sposta le candidature alla fase di colloquio, prima di attivarla.",
    ),
}
OFF_REFUSED = {
    "en": (
        "Blind screening cannot be switched off: 1 application was reviewed without the person's name and has not "
        "reached the interview stage, so it stays masked.",
        "Blind screening cannot be switched off: 2 applications were reviewed without the people's names and have "
        "not reached the interview stage, so they stay masked.",
    ),
    "it": (
        "Non è possibile disattivare la preselezione anonima: 1 candidatura è stata valutata senza il nome della "
        "persona e non ha raggiunto la fase di colloquio, quindi resta anonima.",
        "Non è possibile disattivare la preselezione anonima: 2 candidature sono state valutate senza il nome delle "
        "persone e non hanno raggiunto la fase di colloquio, quindi restano anonime.",
    ),
}
# None: no catalogue at all, so the text is the source's own (a catalogue looks a plural up by its singular).
LANGUAGES = pytest.mark.parametrize("language", ["en", "it", None], ids=["en", "it", "source-text"])


def _message(messages, language, count):
    return None if count == 0 else messages[language or "en"][count - 1]


# Applications of an ordinary position: (moves after APPLIED, stage now, interview scheduled).
ON = {
    "nobody-scheduled": ([((), A, False), ((S,), S, False)], 0),
    "one-before-the-interview-stage": ([((S,), S, True), ((), A, False), ((I,), I, True)], 1),
    "two-before-the-interview-stage": ([((), A, True), ((S,), S, True), ((I,), I, False)], 2),
    "only-at-the-interview-stage": ([((I,), I, True), ((I, O), O, True)], 0),
    "back-to-screening-after-the-interview": ([((I, S), S, True)], 0),
}


@LANGUAGES
@pytest.mark.parametrize("case", list(ON))
def test_switching_on_is_refused_while_an_application_before_the_interview_stage_has_one_scheduled(
    hr, interviewer, case, language
):
    from evaluations.tests.factories import schedule

    position = OpenPositionFactory()
    applications, count = ON[case]
    for n, (moves, stage, scheduled) in enumerate(applications):
        pk = _application(position, moves=moves, stage=stage)
        if scheduled:
            schedule(interviewers=[interviewer], hr=hr, application=Application.objects.get(pk=pk),
                     starts_in=datetime.timedelta(days=n + 2))
    # Elsewhere, an interview for an application at the screening stage: not this position's.
    schedule(interviewers=[interviewer], hr=hr, stage=Stage.SCREENING, starts_in=datetime.timedelta(days=10))
    with translation.override(language):
        assert blind.switch_problem(position, blind_screening=True) == _message(ON_REFUSED, language, count)


def test_switching_on_ignores_a_cancelled_interview(hr, interviewer):
    from evaluations.scheduling import interview_cancel
    from evaluations.tests.factories import schedule

    position = OpenPositionFactory()
    interview_cancel(interview=schedule(interviewers=[interviewer], hr=hr, position=position, stage=Stage.SCREENING),
                     user=hr)
    assert blind.switch_problem(position, blind_screening=True) is None


# Applications of a blind position: (moves after APPLIED, stage now).
OFF = {
    "none-masked": ([((I,), I), ((I, S), S), ((I, R), R)], 0),
    "one-masked": ([((), A), ((I,), I)], 1),
    "two-masked": ([((S,), S), ((S, R), R), ((I, O), O)], 2),
}


@LANGUAGES
@pytest.mark.parametrize("case", list(OFF))
def test_switching_off_is_refused_while_an_application_is_masked(reference_data, case, language):
    position = OpenPositionFactory(blind_screening=True)
    applications, count = OFF[case]
    for moves, stage in applications:
        _application(position, moves=moves, stage=stage)
    _application(OpenPositionFactory(blind_screening=True))  # masked, on another position
    with translation.override(language):
        assert blind.switch_problem(position, blind_screening=False) == _message(OFF_REFUSED, language, count)


def test_the_positions_service_gives_the_rules_answer(reference_data):
    from positions import services

    position = OpenPositionFactory(blind_screening=True)
    _application(position)
    assert services.blind_screening_problem(position, blind_screening=False) == OFF_REFUSED["en"][0]
