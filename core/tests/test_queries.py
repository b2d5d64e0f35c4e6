"""core.queries: the any_of lookup (one array parameter) and COPY."""

import pytest

from candidates.models import Application
from candidates.tests.factories import ApplicationFactory
from core.queries import copy_csv, id_array
from positions.tests.factories import OpenPositionFactory


@pytest.fixture
def three(reference_data):
    position = OpenPositionFactory()
    return [ApplicationFactory(position=position).pk for _ in range(3)]


@pytest.mark.parametrize(
    ("pick", "expected"),
    [
        (lambda ids: [], []),
        (lambda ids: [ids[1]], [1]),
        (lambda ids: ids, [0, 1, 2]),
        (lambda ids: (pk for pk in [ids[2], ids[0], 10**12]), [0, 2]),
        (lambda ids: id_array([ids[0], ids[0]]), [0]),
        (lambda ids: [str(ids[2])], [2]),
    ],
    ids=["none", "one", "all", "a-generator-with-an-unknown-id", "an-array-with-a-repeat", "text"],
)
def test_any_of_finds_exactly_the_ids_given(three, pick, expected):
    found = sorted(Application.objects.filter(pk__any_of=pick(three)).values_list("pk", flat=True))
    assert found == [three[i] for i in expected]


def test_any_of_sends_thousands_of_ids_as_one_parameter_and_follows_relations(three):
    ids = [*range(10**9, 10**9 + 5000), three[0]]
    related = Application.declared_skills.through.objects.filter(application__position__applications__pk__any_of=ids)
    direct = Application.objects.filter(pk__any_of=id_array(ids))
    sql, params = direct.values_list("pk").query.sql_with_params()
    assert (list(related.values_list("pk", flat=True)), list(direct.values_list("pk", flat=True)), "= ANY(" in sql,
            params) == ([], [three[0]], True, ("{" + ",".join(map(str, ids)) + "}",))


def test_copy_csv_writes_quoted_text_and_nulls(reference_data):
    from evaluations.models import ScoreChange

    application = ApplicationFactory()
    copy_csv(ScoreChange._meta.db_table,
             ("application_id", "at", "total_before", "total_after", "parts_before", "parts_after", "causes"),
             f'{application.pk},2026-11-28T10:00:00+00:00,,55.5,"{{""a"": ""x,y""}}",{{}},"[""rules""]"\n')
    change = ScoreChange.objects.get(application=application)
    assert (change.total_before, change.total_after, change.parts_before, change.parts_after, change.causes,
            change.at.isoformat()) == (None, 55.5, {"a": "x,y"}, {}, ["rules"], "2026-11-28T10:00:00+00:00")
