"""Résumé files: what they really are (from their bytes, not their name) and their text."""

from __future__ import annotations

import io
import zipfile

from defusedxml import ElementTree as SafeET
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

PDF, DOCX, ODT = "pdf", "docx", "odt"
EXTENSIONS = {PDF: "pdf", DOCX: "docx", ODT: "odt"}
CONTENT_TYPES = {
    PDF: "application/pdf",
    DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ODT: "application/vnd.oasis.opendocument.text",
}
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
# A real résumé unpacks to a few megabytes; more means a zip bomb or embedded media.
MAX_UNPACKED_BYTES = 50 * 1024 * 1024


def _refuse(message: str, code: str):
    raise ValidationError(message, code=code)


def _describe_foreign(head: bytes) -> str:
    sample = head.lstrip()[:64].lower()
    if head.startswith(b"MZ") or head.startswith(b"\x7fELF"):
        return _("This file is a program, not a résumé.")
    if head.startswith(b"#!"):
        return _("This file is a script, not a résumé.")
    if sample.startswith((b"<!doctype html", b"<html", b"<script", b"<?xml", b"<svg")):
        return _("This file is a web page or markup, not a résumé.")
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return _(
            "This looks like an old Word (.doc) file or a password-protected document. "
            "Save it as PDF or DOCX without a password and upload it again."
        )
    return _("This file is not a PDF, Word (DOCX) or OpenDocument (ODT) document.")


def identify(data: bytes) -> str:
    """The résumé's real type, or a ValidationError a candidate can act on."""
    if not data:
        _refuse(_("The file is empty. Choose your résumé again."), "empty")
    if len(data) > settings.RESUME_MAX_BYTES:
        _refuse(
            _("The file is %(size)s; the limit is %(limit)s. Save a smaller version (for example as PDF) and try again.")
            % {"size": filesizeformat(len(data)), "limit": filesizeformat(settings.RESUME_MAX_BYTES)},
            "too_large",
        )
    if data.startswith(b"%PDF-"):
        _check_pdf(data)
        return PDF
    if data.startswith(b"PK\x03\x04"):
        return _check_zip_document(data)
    _refuse(_describe_foreign(data[:512]), "wrong_type")


def _check_pdf(data: bytes) -> None:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            _refuse(_("The PDF is password-protected. Save a copy without a password and upload that."), "encrypted")
        if len(reader.pages) == 0:
            raise PyPdfError("no pages")
    except ValidationError:
        raise
    except Exception:  # pypdf raises many kinds of errors on damaged files
        _refuse(_("The PDF seems damaged and cannot be opened. Export it again and upload the new file."), "broken")


def _check_zip_document(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED_BYTES:
                _refuse(_("The document is too large once opened. Save it as PDF and upload that."), "too_large")
            if "[Content_Types].xml" in names and "word/document.xml" in names:
                if "word/vbaProject.bin" in names:
                    _refuse(_("The document contains macros. Save it as a plain DOCX or PDF and upload that."), "macro")
                return DOCX
            if "mimetype" in names and archive.read("mimetype").strip() == ODT_MIMETYPE and "content.xml" in names:
                return ODT
    except ValidationError:
        raise
    except (zipfile.BadZipFile, KeyError, OSError):
        _refuse(_("The document seems damaged and cannot be opened. Save it again and upload the new file."), "broken")
    _refuse(_("This archive is not a Word (DOCX) or OpenDocument (ODT) document."), "wrong_type")


def extract_text(data: bytes, kind: str) -> str:
    """Plain text of a résumé already identified as PDF, DOCX or ODT."""
    if kind == PDF:
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(data), strict=False)
        return "\n".join((page.extract_text() or "") for page in reader.pages).strip()
    if kind == DOCX:
        import docx

        document = docx.Document(io.BytesIO(data))
        parts = [p.text for p in document.paragraphs]
        for table in document.tables:
            for row in table.rows:
                parts.extend(cell.text for cell in row.cells)
        return "\n".join(part for part in parts if part).strip()
    if kind == ODT:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            root = SafeET.fromstring(archive.read("content.xml"))
        text_ns = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
        lines = ["".join(element.itertext()) for element in root.iter() if element.tag in (f"{text_ns}p", f"{text_ns}h")]
        return "\n".join(line for line in lines if line).strip()
    raise ValueError(f"unknown résumé kind {kind!r}")


def kind_from_name(name: str) -> str | None:
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return {"pdf": PDF, "docx": DOCX, "odt": ODT}.get(extension)
