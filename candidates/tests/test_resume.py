import pytest
from django.core.exceptions import ValidationError

from candidates import resume
from candidates.tests import files


@pytest.mark.parametrize(
    "data, kind, text",
    [
        (files.pdf(), "pdf", "Contabilità fornitori"),
        (files.docx(), "docx", "Accounts payable clerk"),
        (files.odt(), "odt", "Archivio e protocollo"),
    ],
    ids=["pdf", "docx", "odt"],
)
def test_real_documents_are_identified_and_read(data, kind, text):
    assert resume.identify(data) == kind
    assert text in resume.extract_text(data, kind)


@pytest.mark.parametrize(
    "data, code, words",
    [
        (b"", "empty", "empty"),
        (files.PNG, "wrong_type", "not a PDF"),
        (files.HTML, "wrong_type", "web page"),
        (files.EXE, "wrong_type", "program"),
        (b"#!/bin/sh\nrm -rf /\n", "wrong_type", "script"),
        (files.broken_pdf(), "broken", "damaged"),
        (files.encrypted_pdf(), "encrypted", "password"),
        (b"%PDF-" + b"x" * (5 * 1024 * 1024), "too_large", "limit is 5.0"),
        (b"PK\x03\x04garbage", "broken", "damaged"),
    ],
    ids=["empty", "image", "html", "exe", "script", "broken-pdf", "encrypted", "too-large", "broken-zip"],
)
def test_hostile_or_wrong_files_are_refused_in_words(data, code, words):
    with pytest.raises(ValidationError) as error:
        resume.identify(data)
    assert error.value.code == code
    assert words in error.value.messages[0]
