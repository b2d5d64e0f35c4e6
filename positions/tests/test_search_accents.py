"""Job-board search ignores accents and case, on PostgreSQL (unaccent) and on SQLite (our UNACCENT)."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.db import connections
from django.urls import reverse
from django.utils import timezone

from positions import search, selectors
from positions.models import Duty, Position, PositionSkill, Skill
from positions.tests.factories import OpenPositionFactory

# (title, location, department, duty, skill), newest first on the board.
ROWS = [
    ("Impiegato/a di contabilità", "Forlì", "Amministrazione", "Registrazione delle fatture", "Partita doppia"),
    ("Operatore customer care", "Milano", "Servizio clienti", "Cura della qualità del servizio", "Pacchetto Office"),
    ("Receptionist", "Cantù", "Segreteria", "Accoglienza e centralino", "Inglese B2 (ÉCOLE)"),
    ("Addetta 100% back office", "Roma", "Uffici", "Archivio_pratiche", "Word"),
]
ACCOUNTING, CARE, RECEPTION, BACK_OFFICE = (row[0] for row in ROWS)

QUERIES = [
    ("contabilita", [ACCOUNTING]),
    ("CONTABILITÀ", [ACCOUNTING]),
    ("contabilità", [ACCOUNTING]),
    ("Contabilita'", [ACCOUNTING]),  # an Italian keyboard's apostrophe for the accent
    ("contabilita`", [ACCOUNTING]),
    ("ContaBilitÁ", [ACCOUNTING]),
    ("contab", [ACCOUNTING]),  # part of a word
    ("bilit", [ACCOUNTING]),
    ("forli", [ACCOUNTING]),  # the location
    ("FORLÌ", [ACCOUNTING]),
    ("cantu", [RECEPTION]),
    ("recèption", [RECEPTION]),  # an accent typed where the text has none
    ("qualita", [CARE]),  # a duty
    ("qualita servizio", [CARE]),  # every word must match
    ("ecole", [RECEPTION]),  # a skill with an accented capital
    ("segreteria", [RECEPTION]),  # the department
    ("dell'archivio", []),  # "dell" matches nothing here
    ("contabilita qualita", []),
    ("contabilitx", []),
    ("100%", [BACK_OFFICE]),  # % and _ are letters here, not wildcards
    ("0%", [BACK_OFFICE]),
    ("%", [BACK_OFFICE]),
    ("d_ppia", []),  # would find "Partita doppia" if _ stood for any letter
    ("contabilit_", []),
    ("archivio_pratiche", [BACK_OFFICE]),
    ("'", [ACCOUNTING, CARE, RECEPTION, BACK_OFFICE]),  # no word at all: everything
]
IDS = [query for query, _ in QUERIES]


def _published(index: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(hours=index + 1)


@pytest.fixture
def board(db):
    for index, (title, location, department, duty, skill) in enumerate(ROWS):
        OpenPositionFactory(title=title, location=location, department=department, summary="Lavoro d'ufficio.",
                            duties=[duty], skills=[skill], published_at=_published(index))


@pytest.mark.parametrize("query, expected", QUERIES, ids=IDS)
def test_board_search_on_postgresql_ignores_accents_and_case(client, board, query, expected):
    response = client.get(reverse("jobs:board"), {"q": query})
    assert (response.status_code, [p.title for p in response.context["positions"]]) == (200, expected)


SQLITE = "search_on_sqlite"


@pytest.fixture
def sqlite_board(django_db_blocker):
    """The same rows in an in-memory SQLite database, the embedded default's engine."""
    connections.settings[SQLITE] = connections.configure_settings(
        {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
    )["default"]
    with django_db_blocker.unblock():
        connection = connections[SQLITE]
        with connection.schema_editor() as editor:
            for model in (get_user_model(), Skill, Position, Duty, PositionSkill):
                editor.create_model(model)
        for index, (title, location, department, duty, skill) in enumerate(ROWS):
            position = Position.objects.using(SQLITE).create(
                title=title, slug=f"row-{index}", location=location, department=department,
                summary="Lavoro d'ufficio.", status=Position.Status.OPEN, published_at=_published(index),
            )
            Duty.objects.using(SQLITE).create(position=position, description=duty)
            PositionSkill.objects.using(SQLITE).create(
                position=position, skill=Skill.objects.using(SQLITE).create(name=skill)
            )
        yield connection
        connection.close()
    del connections[SQLITE]
    del connections.settings[SQLITE]


@pytest.mark.parametrize("query, expected", QUERIES, ids=IDS)
def test_board_search_on_sqlite_gives_the_same_positions(sqlite_board, query, expected):
    titles = list(selectors.job_board_positions(q=query).using(SQLITE).values_list("title", flat=True))
    assert (sqlite_board.vendor, titles) == ("sqlite", expected)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Contabilità", "Contabilita"),
        ("FORLÌ CANTÙ perché", "FORLI CANTU perche"),
        ("ÉCOLE Ñúñez Zoë", "ECOLE Nunez Zoe"),
        ("Straße Æsir œuvre Øre Łódź Đorđe", "Strasse AEsir oeuvre Ore Lodz Dorde"),  # as PostgreSQL's unaccent.rules
        ("d'ufficio 100%", "d'ufficio 100%"),
        ("", ""),
        (None, None),
    ],
    ids=["italian", "capitals", "other-latin", "not-decomposed", "unchanged", "empty", "null"],
)
def test_unaccent_removes_accents_and_keeps_case(text, expected):
    assert search.unaccent(text) == expected


@pytest.mark.parametrize(
    "query, expected",
    [
        ("Contabilita'", ["Contabilita"]),
        ("dell'ufficio  amministrativo", ["dell", "ufficio", "amministrativo"]),
        ("perche’ città`", ["perche", "citta"]),
        ("uno due tre quattro cinque sei", ["uno", "due", "tre", "quattro", "cinque"]),
        ("  ' ’ ", []),
    ],
    ids=["trailing-apostrophe", "elision", "typographic-and-backquote", "five-words-at-most", "no-word"],
)
def test_search_words(query, expected):
    assert search.search_words(query) == expected


def test_unaccent_on_postgresql_and_ours_agree_on_these_letters(db):
    letters = "àèéìòùÀÈÉÌÒÙçñäöüÄÖÜßæœøłđ"
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT unaccent(%s)", [letters])
        assert (cursor.fetchone()[0], search.unaccent(letters)) == ("aeeiouAEEIOUcnaouAOUssaeoeold",) * 2


@pytest.mark.parametrize("rows", [2, 10])
def test_accented_search_query_count(client, db, django_assert_num_queries, rows):
    for number in range(rows):
        OpenPositionFactory(title=f"Contabilità {number}")
    with django_assert_num_queries(3):
        response = client.get(reverse("jobs:board"), {"q": "contabilita'"})
    assert len(response.context["positions"]) == rows
