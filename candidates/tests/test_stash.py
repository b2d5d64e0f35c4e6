"""Résumés kept between two tries of the apply form: bounded per address and in all, purged within the hour."""

import os
import re
import time
import uuid

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from candidates import tasks
from candidates.files import purge_stash, stash_keep
from candidates.models import Application
from candidates.pdfwriter import simple_pdf
from candidates.tests import files
from candidates.tests.test_apply import apply_url, form_data
from candidates.tests.test_apply import position as position  # noqa: F401 (fixture)
from recruiting.tests.faults import free_port

NOT_KEPT = "We could not keep your résumé this time: choose the file again before you send the form."


def one_megabyte_pdf() -> bytes:
    """A real one-page PDF of about 1 MB, the size the issue's script sent."""
    return simple_pdf([f"Line {n:05d} " + "Accounts payable and reconciliations " * 2 for n in range(12_000)])


def kept_files() -> dict[str, int]:
    """Name and size of every résumé kept for a next try."""
    root = os.path.join(settings.PRIVATE_MEDIA_ROOT, "pending")
    if not os.path.isdir(root):
        return {}
    return {name: os.path.getsize(os.path.join(root, name)) for name in os.listdir(root) if name != ".lock"}


def wrong_email(position, data: bytes, name="cv.pdf", **overrides) -> dict:
    """A form with a good résumé and a wrong e-mail address, so the résumé is kept."""
    return form_data(
        position, email="not-an-email", resume=SimpleUploadedFile(name, data, content_type="application/pdf"),
        **overrides,
    )


def test_a_hundred_invalid_submissions_of_a_1_mb_resume_from_one_address_keep_three_files(client, position, settings):
    settings.RESUME_CHECK_RATE_LIMIT = 20  # the default is 60; 20 keeps this test short
    data = one_megabyte_pdf()
    statuses, kept_messages, refused_messages = [], 0, 0
    for _ in range(100):
        response = client.post(apply_url(position), wrong_email(position, data))
        statuses.append(response.status_code)
        html = response.content.decode()
        kept_messages += "We kept your résumé" in html
        refused_messages += NOT_KEPT in html
    stored = sum(kept_files().values())
    print(f"\n[stash] 100 invalid submissions of a {len(data):,} byte PDF from one address: "
          f"{len(kept_files())} files, {stored:,} bytes kept")
    # The first RESUME_CHECK_RATE_LIMIT (20) files are opened, 3 of them kept; the other 80 are refused unopened.
    assert statuses == [200] * settings.RESUME_CHECK_RATE_LIMIT + [429] * (100 - settings.RESUME_CHECK_RATE_LIMIT)
    assert (kept_messages, refused_messages) == (3, 17)
    assert list(kept_files().values()) == [len(data)] * 3

    assert tasks.remove_abandoned_uploads() == 0  # younger than an hour: still there for the candidate
    _age_kept_files(seconds=settings.RESUME_STASH_MAX_AGE + 1)
    assert tasks.remove_abandoned_uploads() == 3
    print(f"[stash] after the purge: {sum(kept_files().values())} bytes kept")
    assert kept_files() == {}


def test_a_candidate_correcting_the_form_four_times_keeps_one_file_and_need_not_choose_it_again(client, position):
    # Four tries of one form (the hidden fields come back, as from a browser), each with the file chosen again:
    # more tries than the address may keep files, and still one file, kept every time.
    data, token, submission = files.pdf(), "", str(uuid.uuid4())
    for attempt in range(4):
        response = client.post(
            apply_url(position),
            wrong_email(position, data, name="Giulia CV.pdf", resume_token=token, submission_token=submission),
        )
        html = response.content.decode()
        assert "We kept your résumé “Giulia CV.pdf”" in html, attempt
        # A browser must let the form go without choosing the file again.
        assert " required" not in re.search(r'<input type="file" name="resume"[^>]*>', html).group(), attempt
        token = response.context["form"].data["resume_token"]
        assert list(kept_files().values()) == [len(data)]
    final = form_data(position, resume_token=token, submission_token=submission)
    del final["resume"]
    assert client.post(apply_url(position), final).status_code == 302
    with Application.objects.get().resume.open("rb") as handle:
        assert handle.read() == data
    assert kept_files() == {}


def test_a_different_file_chosen_for_the_same_form_replaces_the_kept_one(client, position):
    first, second = files.pdf(["Giulia Bianchi", "First version"]), files.pdf(["Giulia Bianchi", "Second version, longer"])
    submission = str(uuid.uuid4())
    response = client.post(apply_url(position), wrong_email(position, first, submission_token=submission))
    token = response.context["form"].data["resume_token"]
    response = client.post(
        apply_url(position), wrong_email(position, second, name="v2.pdf", submission_token=submission, resume_token=token)
    )
    assert "We kept your résumé “v2.pdf”" in response.content.decode()
    assert list(kept_files().values()) == [len(second)]
    final = form_data(position, resume_token=response.context["form"].data["resume_token"], submission_token=submission)
    del final["resume"]
    assert client.post(apply_url(position), final).status_code == 302
    application = Application.objects.get()
    assert application.resume_name == "v2.pdf"
    with application.resume.open("rb") as handle:
        assert handle.read() == second


def test_a_form_sent_again_without_its_resume_token_still_keeps_one_file(client, position):
    submission = str(uuid.uuid4())
    for n in range(3):
        data = files.pdf(["Giulia Bianchi", f"Version {n}"])
        client.post(apply_url(position), wrong_email(position, data, submission_token=submission))
    assert list(kept_files().values()) == [len(data)]


@pytest.mark.parametrize(
    "bound, value",
    [("RESUME_STASH_PER_ADDRESS", 2), ("RESUME_STASH_MAX_FILES", 2), ("RESUME_STASH_MAX_BYTES", 2.5)],
    ids=["per-address", "files-in-all", "bytes-in-all"],
)
def test_past_a_bound_the_resume_is_not_kept_and_the_form_says_so_in_italian(client, position, settings, bound, value):
    data = files.pdf()
    settings.RESUME_STASH_PER_ADDRESS = settings.RESUME_STASH_MAX_FILES = 100
    setattr(settings, bound, int(value * len(data)) if bound == "RESUME_STASH_MAX_BYTES" else value)
    for _ in range(2):
        assert "Abbiamo conservato il tuo curriculum" in client.post(
            apply_url(position), wrong_email(position, data), HTTP_ACCEPT_LANGUAGE="it"
        ).content.decode()
    response = client.post(apply_url(position), wrong_email(position, data), HTTP_ACCEPT_LANGUAGE="it")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Questa volta non abbiamo potuto conservare il tuo curriculum" in html
    assert "Abbiamo conservato il tuo curriculum" not in html
    assert response.context["form"].data["resume_token"] == ""
    assert len(kept_files()) == 2


def test_another_address_keeps_its_resume_while_one_address_is_at_its_bound(client, position):
    data = files.pdf()
    answers = [
        NOT_KEPT in client.post(apply_url(position), wrong_email(position, data), REMOTE_ADDR="192.0.2.1").content.decode()
        for _ in range(4)
    ]
    assert answers == [False, False, False, True]
    response = client.post(apply_url(position), wrong_email(position, data), REMOTE_ADDR="198.51.100.7")
    assert "We kept your résumé" in response.content.decode()
    assert len(kept_files()) == 4


def test_four_addresses_of_one_ipv6_64_share_one_allowance_and_the_next_64_has_its_own(client, position):
    data = files.pdf()
    answers = [
        NOT_KEPT in client.post(apply_url(position), wrong_email(position, data), REMOTE_ADDR=address).content.decode()
        for address in ("2001:db8:5:7::1", "2001:db8:5:7::2", "2001:db8:5:7:a:b:c:d", "2001:db8:5:7:ffff::9")
    ]
    assert answers == [False, False, False, True]
    response = client.post(apply_url(position), wrong_email(position, data), REMOTE_ADDR="2001:db8:5:8::1")
    assert "We kept your résumé" in response.content.decode()
    assert len(kept_files()) == 4


ADDRESS_PAIRS = [
    # (a client that has kept three files, another request, whether that one may still keep a file)
    ("2001:db8:1:2::1", "2001:db8:1:2::1", False),
    ("2001:db8:1:2::1", "2001:db8:1:2:ffff:ffff:ffff:fffe", False),
    ("2001:db8:1:2::1", "2001:DB8:0001:0002:0:0:0:99", False),
    ("2001:db8:1:2::1", "2001:db8:1:3::1", True),
    ("2001:db8:1:2::1", "2001:db8:2:2::1", True),
    ("192.0.2.1", "192.0.2.1", False),
    ("192.0.2.1", "192.0.2.2", True),
    ("192.0.2.1", "192.0.3.1", True),
    ("::ffff:192.0.2.1", "192.0.2.1", False),
    ("::ffff:192.0.2.1", "::ffff:192.0.2.2", True),
    ("unknown", "unknown", False),
]


@pytest.mark.parametrize(
    ("first", "second", "second_kept"),
    ADDRESS_PAIRS,
    ids=[
        "ipv6-same-address", "ipv6-same-64", "ipv6-same-64-spelt-long", "ipv6-next-64", "ipv6-other-48",
        "ipv4-same-address", "ipv4-next-address", "ipv4-next-24", "ipv4-mapped-is-ipv4", "ipv4-mapped-next-address",
        "unknown",
    ],
)
def test_an_ipv6_client_counts_by_its_64_and_an_ipv4_client_by_its_address(settings, first, second, second_kept):
    settings.RESUME_STASH_PER_ADDRESS = 3
    kept = [stash_keep(b"%PDF-1.4 test", extension="pdf", address=first, form=f"form-{n}") for n in range(3)]
    assert None not in kept
    assert (stash_keep(b"%PDF-1.4 test", extension="pdf", address=second, form="form-3") is not None) == second_kept


def test_the_same_file_sent_again_is_kept_an_hour_from_the_latest_try_not_the_first(client, position):
    data, submission = files.pdf(), str(uuid.uuid4())
    response = client.post(apply_url(position), wrong_email(position, data, submission_token=submission))
    token = response.context["form"].data["resume_token"]
    [name] = kept_files()
    _age_kept_files(seconds=50 * 60)  # the first try was 50 minutes ago
    response = client.post(
        apply_url(position), wrong_email(position, data, submission_token=submission, resume_token=token)
    )
    assert "We kept your résumé “cv.pdf”" in response.content.decode()
    assert list(kept_files()) == [name]  # the same file, not a copy
    # A quarter of an hour on: 65 minutes after the first try, 15 after the latest (whose new token says "kept").
    assert purge_stash(now=time.time() + 15 * 60) == 0
    assert list(kept_files()) == [name]
    assert purge_stash(now=time.time() + settings.RESUME_STASH_MAX_AGE + 1) == 1


def test_the_bounds_hold_with_the_cache_down(client, position, settings):
    # The kept files are counted on disk, not in Redis: a dead cache changes nothing.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    data = files.pdf()
    statuses = {client.post(apply_url(position), wrong_email(position, data)).status_code for _ in range(10)}
    assert statuses == {200}
    assert len(kept_files()) == 3


def test_unclaimed_files_are_purged_after_an_hour_every_ten_minutes(settings):
    now, root = time.time(), os.path.join(settings.PRIVATE_MEDIA_ROOT, "pending")
    os.makedirs(root)
    for minutes in (5, 59, 61, 24 * 60 - 1):
        path = os.path.join(root, f"kept-{minutes}.pdf")
        with open(path, "wb") as handle:
            handle.write(b"%PDF-1.4 test")
        os.utime(path, (now - minutes * 60, now - minutes * 60))
    assert settings.CELERY_BEAT_SCHEDULE["remove-abandoned-uploads"] == {
        "task": "candidates.tasks.remove_abandoned_uploads", "schedule": 10 * 60,
    }
    assert settings.RESUME_STASH_MAX_AGE == 60 * 60
    assert tasks.remove_abandoned_uploads() == 2
    assert sorted(kept_files()) == ["kept-5.pdf", "kept-59.pdf"]


def _age_kept_files(*, seconds: int) -> None:
    root = os.path.join(settings.PRIVATE_MEDIA_ROOT, "pending")
    then = time.time() - seconds
    for name in kept_files():
        os.utime(os.path.join(root, name), (then, then))
