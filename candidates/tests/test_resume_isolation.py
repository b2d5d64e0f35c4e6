"""How a résumé check or extraction is isolated: a fork of a single-threaded process (gunicorn's sync workers,
Celery's prefork children), else a fresh interpreter; the fork touches nothing the parent keeps using."""

import pytest

from candidates import resume
from candidates.models import Application
from candidates.tests import files
from candidates.tests.factories import ApplicationFactory


@pytest.mark.parametrize(("threads", "forks"), [(1, True), (2, False), (9, False)])
def test_a_process_forks_only_while_it_has_one_thread(monkeypatch, threads, forks):
    monkeypatch.setattr(resume.threading, "active_count", lambda: threads)
    assert resume._may_fork() is forks


def test_the_parent_s_database_connection_still_works_after_forked_checks(reference_data, monkeypatch):
    monkeypatch.setattr(resume, "_may_fork", lambda: True)
    ApplicationFactory()
    for _n in range(5):
        assert resume.check_document_isolated(files.pdf(), timeout=5, memory_bytes=128 * 1024 * 1024) == resume.PDF
        assert Application.objects.count() == 1  # the children left the shared socket alone


@pytest.mark.parametrize(
    ("kind", "data", "text"),
    [("pdf", files.pdf(), "Contabilità fornitori e riconciliazioni bancarie"),
     ("docx", files.docx(), "Accounts payable clerk, 4 years"), ("odt", files.odt(), "Archivio e protocollo")],
)
def test_the_fork_and_the_interpreter_give_the_same_text(monkeypatch, kind, data, text):
    answers = []
    for fork in (True, False):
        monkeypatch.setattr(resume, "_may_fork", lambda fork=fork: fork)
        answers.append(resume.extract_text_isolated(data, kind, timeout=5, memory_bytes=256 * 1024 * 1024))
    assert answers[0] == answers[1] and text in answers[0]
