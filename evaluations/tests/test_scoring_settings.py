"""The scoring settings page of a position: weights, the panel's calibration and a worked example."""

from __future__ import annotations

import datetime
import itertools
import re
from html import unescape
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluations import scoring, scoring_settings
from evaluations.models import Rating, Scorecard
from evaluations.tests.factories import schedule
from positions.models import PositionSkill
from positions.tests.factories import OpenPositionFactory, PositionFactory, SkillFactory
from recruiting.tests.factories import UserFactory


class _Tables(HTMLParser):
    """The text of every cell of the table with a given id, row by row."""

    def __init__(self, table_id: str):
        super().__init__()
        self.table_id, self.inside, self.rows, self.cell = table_id, False, [], None

    def handle_starttag(self, tag, attrs):
        if tag == "table" and dict(attrs).get("id") == self.table_id:
            self.inside = True
        elif self.inside and tag == "tr":
            self.rows.append([])
        elif self.inside and tag in ("td", "th"):
            self.cell = []

    def handle_endtag(self, tag):
        if tag == "table":
            self.inside = False
        elif self.inside and tag in ("td", "th") and self.cell is not None:
            self.rows[-1].append(" ".join("".join(self.cell).split()))
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def _table(html: str, table_id: str) -> list[list[str]]:
    parser = _Tables(table_id)
    parser.feed(html)
    return parser.rows


def _text(html: str, element_id: str) -> str:
    match = re.search(rf'id="{element_id}"[^>]*>(.*?)</(?:ul|p|dl)>', html, re.S)
    assert match, element_id
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", match.group(1))).split())


def _lines(html: str) -> list[str]:
    match = re.search(r'id="example-lines">(.*?)</ul>', html, re.S)
    assert match
    return [unescape(item) for item in re.findall(r"<li>(.*?)</li>", match.group(1))]


_days = itertools.count()
# Session, user, permissions, the position, its competencies, skills, panel and the rating history.
QUERIES = 10


def _history(person, scores, *, hr, submitted=True):
    """`person` has submitted (or drafted) one scorecard with these ratings, on another position's interview."""
    # A day apart, so one interviewer's interviews never overlap.
    interview = schedule(interviewers=[person], hr=hr, starts_in=datetime.timedelta(days=2 + next(_days)))
    card = interview.scorecards.get(interviewer=person)
    card.ratings.all().delete()
    Rating.objects.bulk_create(
        Rating(scorecard=card, group=Rating.Group.SKILLS, criterion=f"past:{i}", label="Past", order=i, score=s)
        for i, s in enumerate(scores)
    )
    if submitted:
        Scorecard.objects.filter(pk=card.pk).update(
            status=Scorecard.Status.SUBMITTED, submitted_at=timezone.now(), recommendation="yes"
        )


def _person(first, last):
    return UserFactory(username=first.lower(), first_name=first, last_name=last, role="interviewer")


@pytest.fixture
def position(reference_data):
    """Weights 20/60/20; Payroll required (weight 3, counts 6), Excel preferred (weight 5)."""
    position = OpenPositionFactory(
        title="Payroll clerk", skills=[], score_weight_skills=20, score_weight_background=60,
        score_weight_interpersonal=20,
    )
    PositionSkill.objects.create(position=position, skill=SkillFactory(name="Payroll"), weight=3, order=0)
    PositionSkill.objects.create(
        position=position, skill=SkillFactory(name="Excel"), weight=5, order=1,
        importance=PositionSkill.Importance.PREFERRED,
    )
    return position


@pytest.fixture
def known_panel(position, hr):
    """Anna 19 ratings of 2, Bruno 20 of 4, Carla 21 (fourteen 3s, seven 2s), Dario none: all ratings mean 2.90."""
    anna, bruno, carla, dario = (
        _person("Anna", "Bassi"), _person("Bruno", "Costa"), _person("Carla", "Dini"), _person("Dario", "Esposito")
    )
    _history(anna, [2] * 19, hr=hr)
    _history(anna, [4] * 30, submitted=False, hr=hr)  # a draft counts for nothing
    _history(bruno, [4] * 20, hr=hr)
    _history(carla, [3] * 14 + [2] * 7 + [None], hr=hr)  # an unrated criterion counts for nothing
    position.panel.set([dario, carla, bruno, anna])
    return anna, bruno, carla, dario


def _url(position):
    return reverse("evaluations:scoring_settings", kwargs={"position_pk": position.pk})


# ---------------------------------------------------------------------------
# The page, in English and Italian
# ---------------------------------------------------------------------------
def test_calibration_table_shows_counts_means_offsets_and_the_20_rating_threshold(hr_client, position, known_panel):
    html = hr_client.get(_url(position)).content.decode()
    assert _table(html, "calibration")[1:] == [
        ["Anna Bassi", "19", "2.00", "2.90", "−0.9", "Not yet: needs 20 ratings, has 19"],
        ["Bruno Costa", "20", "4.00", "2.90", "+1.1", "Applied"],
        ["Carla Dini", "21", "2.67", "2.90", "−0.2", "Applied"],
        ["Dario Esposito", "0", "—", "2.90", "—", "Not yet: needs 20 ratings, has 0"],
    ]
    assert _text(html, "overall-mean") == "Mean of all ratings: 2.90 (60 ratings by every interviewer)."


def test_weights_and_what_each_part_is_made_of(hr_client, position):
    html = hr_client.get(_url(position)).content.decode()
    assert _table(html, "weights") == [["Skills", "20%"], ["Education and experience", "60%"], ["Interpersonal", "20%"]]
    assert _table(html, "skill-weights")[1:] == [
        ["Payroll", "Required", "3", "6", "54.5%"],
        ["Excel", "Preferred", "5", "5", "45.5%"],
    ]
    assert _text(html, "requirement") == (
        "Minimum Upper-secondary diploma and 3 years in a similar role — or Lower-secondary school and 5 years"
        " — or Post-secondary or vocational diploma (ITS) and 1 year"
        " Preferred Bachelor's degree, 5 years in a similar role"
        " Substitution rule 2 years of relevant experience count as one education level."
        " A higher education level also makes up for missing experience."
    )
    assert _text(html, "competencies") == "Communication Teamwork"


def test_worked_example_with_a_calibrated_interviewer(hr_client, position, known_panel):
    html = hr_client.get(_url(position)).content.decode()
    assert "This is an example, not a candidate" in html
    assert _text(html, "example-profile") == (
        "At the requirement's minimum: Upper-secondary diploma and 3 years of experience. Declares Payroll."
        " One scorecard rated 3 on every criterion by Bruno Costa, whose offset +1.1 is applied: each 3 counts as 1.9."
    )
    assert _table(html, "example") == [
        ["Part", "Score", "Weight", "Contribution"],
        ["Skills", "30.00", "20%", "6.00"],
        ["Education and experience", "50.00", "60%", "30.00"],
        ["Interpersonal", "30.00", "20%", "6.00"],
        ["Total", "", "", "42.00"],
    ]
    # The explanation ranking gives, line by line: raw and calibrated rating, points to the part and the total.
    assert _lines(html) == [
        "Skills: 30.00 × 20 % = 6.00 points",
        "Payroll: rated 3.0/4 by 1 interviewer, 1.9/4 after calibration → 16.36 points to the part, 3.27 to the total",
        "Excel: rated 3.0/4 by 1 interviewer, 1.9/4 after calibration → 13.64 points to the part, 2.73 to the total",
        "Education and experience: 50.00 × 60 % = 30.00 points",
        "Upper-secondary diploma (minimum Upper-secondary diploma, preferred Bachelor's degree): 35/50"
        " → 17.50 points to the part, 10.50 to the total",
        "3 years vs 3 years required, 5 years preferred: 35/50 → 17.50 points to the part, 10.50 to the total",
        "Relevance of education rated 3.0/4 by 1 interviewer, 1.9/4 after calibration"
        " → 7.50 points to the part, 4.50 to the total",
        "Relevance of experience rated 3.0/4 by 1 interviewer, 1.9/4 after calibration"
        " → 7.50 points to the part, 4.50 to the total",
        "Interpersonal: 30.00 × 20 % = 6.00 points",
        "Communication: rated 3.0/4 by 1 interviewer, 1.9/4 after calibration → 15.00 points to the part, 3.00 to the total",
        "Teamwork: rated 3.0/4 by 1 interviewer, 1.9/4 after calibration → 15.00 points to the part, 3.00 to the total",
        "Bruno Costa rates 1.10 above the average of all interviewers over 20 ratings: their ratings are lowered by 1.10",
        "Total: 6.00 + 30.00 + 6.00 = 42.00",
    ]


def test_worked_example_with_no_calibrated_interviewer_uses_the_ratings_as_given(hr_client, position):
    position.panel.set([_person("Elena", "Fabbri")])
    html = hr_client.get(_url(position)).content.decode()
    assert _text(html, "example-profile").endswith(
        "One scorecard rated 3 on every criterion by Elena Fabbri, not yet calibrated: each 3 counts as 3."
    )
    assert _table(html, "example")[1:] == [
        ["Skills", "66.67", "20%", "13.34"],  # the cents split so the parts add up to the total
        ["Education and experience", "68.33", "60%", "41.00"],
        ["Interpersonal", "66.67", "20%", "13.33"],
        ["Total", "", "", "67.67"],
    ]
    assert _table(html, "calibration")[1:] == [["Elena Fabbri", "0", "—", "—", "—", "Not yet: needs 20 ratings, has 0"]]
    assert "No ratings have been submitted yet." in html


def test_worked_example_shares_out_the_weight_of_a_part_left_out(hr_client, reference_data):
    position = PositionFactory(skills=[], competencies=[])
    html = hr_client.get(_url(position)).content.decode()
    assert _table(html, "example")[1:] == [
        ["Skills", "left out of the total"],
        ["Education and experience", "68.33", "30% → 100.0%", "68.33"],
        ["Interpersonal", "left out of the total"],
        ["Total", "", "", "68.33 partial"],
    ]
    assert "This position lists no skills" in html and "This position has no interview panel yet." in html
    assert _text(html, "example-profile") == (
        "At the requirement's minimum: Upper-secondary diploma and 3 years of experience."
        " One scorecard rated 3 on every criterion by an interviewer not yet calibrated: each 3 counts as 3."
    )


def test_page_in_italian(hr_client, position, known_panel):
    html = hr_client.get(_url(position), HTTP_ACCEPT_LANGUAGE="it").content.decode()
    assert _table(html, "calibration")[1:] == [
        ["Anna Bassi", "19", "2,00", "2,90", "−0,9", "Non ancora: servono 20 valutazioni, ne ha 19"],
        ["Bruno Costa", "20", "4,00", "2,90", "+1,1", "Applicata"],
        ["Carla Dini", "21", "2,67", "2,90", "−0,2", "Applicata"],
        ["Dario Esposito", "0", "—", "2,90", "—", "Non ancora: servono 20 valutazioni, ne ha 0"],
    ]
    assert _text(html, "overall-mean") == "Media di tutte le valutazioni: 2,90 (60 valutazioni, di tutti gli intervistatori)."
    assert _table(html, "skill-weights")[1:] == [
        ["Payroll", "Richiesta", "3", "6", "54,5%"],
        ["Excel", "Preferenziale", "5", "5", "45,5%"],
    ]
    assert _text(html, "example-profile") == (
        "Al minimo richiesto: Diploma di scuola secondaria superiore e 3 anni di esperienza. Dichiara Payroll."
        " Una scheda di valutazione con 3 su ogni criterio, compilata da Bruno Costa, a cui si applica lo scarto +1,1:"
        " ogni 3 conta come 1,9."
    )
    assert _table(html, "example") == [
        ["Parte", "Punteggio", "Peso", "Contributo"],
        ["Competenze", "30,00", "20%", "6,00"],
        ["Istruzione ed esperienza", "50,00", "60%", "30,00"],
        ["Relazionale", "30,00", "20%", "6,00"],
        ["Totale", "", "", "42,00"],
    ]
    assert "Questo è un esempio, non un candidato" in html


# ---------------------------------------------------------------------------
# The figures, as plain values
# ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("offset", "shown"),
    [(0.4, "+0.4"), (-0.3, "−0.3"), (0.04, "0.0"), (-0.04, "0.0"), (0.05, "+0.1"), (-0.05, "−0.1"),
     (1.25, "+1.3"), (-1.25, "−1.3"), (-2.0, "−2.0")],
)
def test_offsets_are_shown_with_their_sign(offset, shown):
    assert scoring_settings.format_offset(offset) == shown


@pytest.mark.parametrize(("count", "applied"), [(19, False), (20, True), (21, True)])
def test_calibration_applies_from_the_minimum_number_of_ratings(count, applied):
    class Person:
        pk = 1

        def get_full_name(self):
            return "Anna Bassi"

    history = {1: (4.0 * count, count), 2: (2.0 * 40, 40)}
    row = scoring_settings.panel_calibration([Person()], history).rows[0]
    assert scoring.CALIBRATION_MIN_RATINGS == 20
    assert row.applied is applied
    assert row.applied_offset == (pytest.approx(4.0 - (4.0 * count + 80) / (count + 40)) if applied else 0.0)


# ---------------------------------------------------------------------------
# Access and cost
# ---------------------------------------------------------------------------
def test_interviewers_get_404_even_on_their_own_panel(interviewer_client, interviewer, position):
    position.panel.add(interviewer)
    assert interviewer_client.get(_url(position)).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(client, position):
    response = client.get(_url(position))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("position_pk", ["999999", "99999999999999999999", "0"])
def test_tampered_position_id_is_404(hr_client, position, position_pk):
    assert hr_client.get(f"/staff/positions/{position_pk}/ranking/scoring/").status_code == 404


def test_only_get(hr_client, position):
    assert hr_client.post(_url(position)).status_code == 405


def test_the_ranking_page_links_to_the_scoring_settings(hr_client, position):
    html = hr_client.get(reverse("evaluations:ranking", kwargs={"position_pk": position.pk})).content.decode()
    assert f'href="{_url(position)}"' in html


def test_query_count_is_flat_in_interviewers_and_skills(hr_client, hr, position, django_assert_num_queries):
    first = _person("Anna", "Bassi")
    _history(first, [3] * 20, hr=hr)
    position.panel.set([first])
    with django_assert_num_queries(QUERIES):
        hr_client.get(_url(position))
    others = [_person(f"Person{i}", "Rossi") for i in range(4)]
    for person in others:
        _history(person, [2] * 21, hr=hr)
    position.panel.add(*others)
    for name in ("Word", "Access", "Outlook"):
        PositionSkill.objects.create(position=position, skill=SkillFactory(name=name), weight=2, order=5)
    with django_assert_num_queries(QUERIES):
        response = hr_client.get(_url(position))
    assert len(_table(response.content.decode(), "calibration")) == 6
    assert len(_table(response.content.decode(), "skill-weights")) == 6



def test_a_position_without_a_requirement_or_required_skills(hr_client, reference_data):
    position = PositionFactory(
        skills=[], education_min=None, education_preferred=None, experience_min_years=None,
        experience_preferred_years=None, substitution="none", years_per_level=None,
    )
    PositionSkill.objects.create(
        position=position, skill=SkillFactory(name="<b>Excel</b>"), weight=2,
        importance=PositionSkill.Importance.PREFERRED,
    )
    response = hr_client.get(_url(position))
    html = response.content.decode()
    assert response.status_code == 200
    assert "No education and experience requirement set" in html and 'id="requirement"' not in html
    assert "<b>Excel</b>" not in html and "&lt;b&gt;Excel&lt;/b&gt;" in html
    # Nobody declares a skill when none is required; the profile is the lowest one.
    assert _text(html, "example-profile") == (
        "Education: No formal qualification; experience: 0 years."
        " One scorecard rated 3 on every criterion by an interviewer not yet calibrated: each 3 counts as 3."
    )
    assert _table(html, "example")[1:] == [
        ["Skills", "66.67", "40%", "26.67"],
        ["Education and experience", "58.33", "30%", "17.50"],
        ["Interpersonal", "66.67", "30%", "20.00"],
        ["Total", "", "", "64.17"],
    ]
