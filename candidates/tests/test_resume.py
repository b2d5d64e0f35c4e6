import io

import pytest
from django.core.exceptions import ValidationError

from candidates import resume
from candidates.tests import files


def _docx_with_table() -> bytes:
    import docx

    document = docx.Document()
    paragraph = document.add_paragraph("Luca Verdi\tMilano")
    paragraph.add_run().add_break()
    paragraph.add_run("Accounts payable")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "SAP", "Riconciliazioni bancarie"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "data, kind, text",
    [
        (files.pdf(), "pdf", "Contabilità fornitori"),
        (files.docx(), "docx", "Accounts payable clerk"),
        (files.odt(), "odt", "Archivio e protocollo"),
        (_docx_with_table(), "docx", "Luca Verdi\tMilano\nAccounts payable\nSAP\nRiconciliazioni bancarie"),
    ],
    ids=["pdf", "docx", "odt", "docx-tabs-breaks-table"],
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


def test_a_docx_whose_text_declares_more_than_10_mb_unpacked_is_refused_unread(monkeypatch):
    import zipfile

    body = b"<w:p/>" * (10 * 1024 * 1024 // 6 + 1)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", body)
    monkeypatch.setattr(zipfile.ZipFile, "open", lambda *args, **kwargs: pytest.fail("the XML was unpacked"))
    with pytest.raises(Exception) as refused:
        resume.extract_text(buffer.getvalue(), "docx")
    assert (type(refused.value), str(refused.value)) == (
        resume.TooLarge, "word/document.xml declares 10485762 bytes unpacked; the limit is 10485760"
    )


def test_an_odt_is_read_up_to_100000_characters():
    text = resume.extract_text(files.odt([f"Riga {n:05d} archivio e protocollo" for n in range(10_000)]), "odt")
    assert len(text) == 100_000
    assert resume.TEXT_MAX_CHARS == 100_000
    assert text.startswith("Riga 00000 archivio e protocollo\nRiga 00001")
