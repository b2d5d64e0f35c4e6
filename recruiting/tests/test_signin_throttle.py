"""Sign-in throttling on the staff login and the admin login (recruiting/signin.py, django-axes).

Times are moved by editing the attempt records, never by sleeping.
"""

import datetime
import io
import re

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from recruiting.models import SignIn
from recruiting.signin import lock_end
from recruiting.tests.factories import PASSWORD, UserFactory

HOME = "192.0.2.10"  # where the account's owner usually signs in
ATTACKER = "203.0.113.66"
COOL_OFF = datetime.timedelta(minutes=15)
WRONG = "not-the-password"


def _post(client, username, password, address=ATTACKER, path=None, **extra):
    return client.post(path or reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address,
                       **extra)


def _outcome(response) -> str:
    """What the person sees, in one word."""
    if response.status_code == 302:
        return "signed in"
    if response.status_code == 429 and "registration/locked_out.html" in [t.name for t in response.templates]:
        return "locked"
    if response.status_code == 200 and response.context["form"].non_field_errors():
        return "form error"
    return f"other {response.status_code}"


def _age_failures(by: datetime.timedelta):
    """Pretend every recorded failure happened ``by`` earlier."""
    for attempt in AccessAttempt.objects.all():
        AccessAttempt.objects.filter(pk=attempt.pk).update(attempt_time=attempt.attempt_time - by)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Hundreds of sign-ins here; the throttle does not depend on how slow the real hasher is.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def giulia(hr):
    return hr


@pytest.fixture
def root(db):
    return get_user_model().objects.create_superuser("root", "root@example.invalid", PASSWORD)


def test_five_wrong_passwords_from_one_address_lock_the_account_there_for_fifteen_minutes(client, giulia):
    def row(attempt, response):
        html = response.content.decode()
        typed = "username kept" if 'value="giulia"' in html and WRONG not in html else "-"
        return (attempt, response.status_code, _outcome(response), typed, response.get("Retry-After"))

    rows = [row(attempt, _post(client, "giulia", WRONG)) for attempt in range(1, 7)]
    rows.append(row("right password", _post(client, "giulia", PASSWORD)))

    assert rows == [
        (1, 200, "form error", "username kept", None),
        (2, 200, "form error", "username kept", None),
        (3, 200, "form error", "username kept", None),
        (4, 200, "form error", "username kept", None),
        (5, 429, "locked", "-", "900"),  # the fifth failure itself answers with the lockout page
        (6, 429, "locked", "-", "900"),
        ("right password", 429, "locked", "-", "900"),
    ]
    assert "_auth_user_id" not in client.session
    # Attempts made while locked are not counted: the lock still ends 15 minutes after the fifth failure.
    attempt = AccessAttempt.objects.get()
    assert (attempt.username, attempt.ip_address, attempt.failures_since_start) == ("giulia", ATTACKER, 5)


def test_changing_the_browser_between_attempts_does_not_escape_the_lock(client, giulia):
    outcomes = [_outcome(_post(client, "giulia", WRONG, HTTP_USER_AGENT=f"agent {n}")) for n in range(1, 6)]
    assert outcomes == ["form error"] * 4 + ["locked"]
    assert AccessAttempt.objects.count() == 5  # one record per browser, counted together


def test_a_lock_over_several_records_ends_when_enough_of_the_oldest_leave_the_window():
    start = datetime.datetime(2027, 3, 1, 9, 0, tzinfo=datetime.UTC)
    minutes = [start + datetime.timedelta(minutes=n) for n in range(20)]
    # Five failures from one address, from three browsers: 3 at 9:00, 1 at 9:05, 1 at 9:10.
    assert lock_end([(minutes[10], 1), (minutes[0], 3), (minutes[5], 1)], 5, COOL_OFF) == minutes[0] + COOL_OFF
    # Eight failures: the three at 9:00 leaving still leaves five, so it ends when the 9:05 ones leave.
    assert lock_end([(minutes[0], 3), (minutes[5], 3), (minutes[10], 2)], 5, COOL_OFF) == minutes[5] + COOL_OFF
    # Twenty single failures a minute apart: the first to leave ends the account-wide lock.
    assert lock_end([(m, 1) for m in minutes], 20, COOL_OFF) == minutes[0] + COOL_OFF
    assert lock_end([(m, 1) for m in minutes[:19]], 20, COOL_OFF) is None


def test_lockout_page_says_when_to_try_again(client, giulia):
    for _ in range(5):
        response = _post(client, "giulia", WRONG)
    until = timezone.localtime(AccessAttempt.objects.get().attempt_time + COOL_OFF).strftime("%H:%M %Z")  # "14:49 CET"
    html = response.content.decode()
    assert response.status_code == 429
    assert f"signing in is paused until {until} (in about 15 minutes)" in " ".join(html.split())
    assert f'href="{reverse("login")}"' in html


def test_lockout_page_is_in_italian_for_an_italian_browser(client, giulia):
    for _ in range(5):
        response = _post(client, "giulia", WRONG, HTTP_ACCEPT_LANGUAGE="it")
    until = timezone.localtime(AccessAttempt.objects.get().attempt_time + COOL_OFF).strftime("%H:%M %Z")  # "14:49 CET"
    html = " ".join(response.content.decode().split())
    assert response.status_code == 429
    assert '<html lang="it">' in html
    assert "Accesso sospeso" in html
    assert f"l'accesso è sospeso fino alle {until} (tra circa 15 minuti)" in html.replace("&#x27;", "'")


def test_the_right_password_works_again_once_the_failures_are_fifteen_minutes_old(client, giulia):
    for _ in range(5):
        _post(client, "giulia", WRONG)
    _age_failures(COOL_OFF - datetime.timedelta(seconds=5))
    assert _outcome(_post(client, "giulia", PASSWORD)) == "locked"
    _age_failures(datetime.timedelta(seconds=6))
    assert _outcome(_post(client, "giulia", PASSWORD)) == "signed in"


def test_signing_in_clears_the_failures_from_that_address(client, giulia):
    outcomes = [_outcome(_post(client, "giulia", WRONG)) for _ in range(4)]
    outcomes.append(_outcome(_post(client, "giulia", PASSWORD)))
    client.post(reverse("logout"))
    outcomes += [_outcome(_post(client, "giulia", WRONG)) for _ in range(5)]
    assert outcomes == ["form error"] * 4 + ["signed in"] + ["form error"] * 4 + ["locked"]


def test_five_failures_lock_neither_another_account_nor_another_address(client, giulia, interviewer):
    assert [_outcome(_post(client, "giulia", WRONG)) for _ in range(5)][-1] == "locked"
    assert _outcome(_post(Client(), "marco", PASSWORD)) == "signed in"
    assert _outcome(_post(Client(), "giulia", PASSWORD, address=HOME)) == "signed in"


def test_twenty_failures_from_many_addresses_lock_the_account_everywhere_but_its_usual_address(giulia):
    assert _outcome(_post(Client(), "giulia", PASSWORD, address=HOME)) == "signed in"
    outcomes = [_outcome(_post(Client(), "giulia", WRONG, address=f"198.51.100.{n}")) for n in range(1, 22)]
    assert outcomes == ["form error"] * 19 + ["locked"] * 2
    assert _outcome(_post(Client(), "giulia", PASSWORD, address="198.51.100.200")) == "locked"
    # Where the owner has signed in before, only that address's own five-failure limit applies.
    assert _outcome(_post(Client(), "giulia", PASSWORD, address=HOME)) == "signed in"
    # The wider lock also lifts by itself.
    _age_failures(COOL_OFF + datetime.timedelta(seconds=1))
    assert _outcome(_post(Client(), "giulia", PASSWORD, address="198.51.100.200")) == "signed in"


def test_fifty_failures_from_one_address_lock_that_address_for_every_account(client, giulia):
    outcomes = [_outcome(_post(client, f"nobody{n}", WRONG)) for n in range(1, 51)]
    assert outcomes == ["form error"] * 49 + ["locked"]
    assert _outcome(_post(Client(), "giulia", PASSWORD)) == "locked"
    assert _outcome(_post(Client(), "giulia", PASSWORD, address=HOME)) == "signed in"


def test_admin_login_counts_and_locks_with_the_staff_login(root):
    client = Client()
    admin_login = reverse("admin:login")
    outcomes = [_outcome(_post(client, "root", WRONG, path=reverse("login"))) for _ in range(3)]
    outcomes += [_outcome(_post(client, "root", WRONG, path=admin_login)) for _ in range(3)]
    outcomes.append(_outcome(_post(client, "root", PASSWORD, path=admin_login)))
    outcomes.append(_outcome(_post(client, "root", PASSWORD, path=reverse("login"))))
    assert outcomes == ["form error"] * 3 + ["form error", "locked", "locked", "locked", "locked"]
    assert "_auth_user_id" not in client.session


def test_lockout_from_the_admin_login_links_back_to_it(root):
    client = Client()
    for _ in range(5):
        response = _post(client, "root", WRONG, path=f"{reverse('admin:login')}?next=/admin/")
    assert response.status_code == 429
    assert f'href="{reverse("admin:login")}?next=/admin/"' in response.content.decode()


CHROME = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36"
LOCKS = reverse("admin:recruiting_signinlock_changelist")


def _usernames_listed(response) -> list[str]:
    """The username column of an admin list, top to bottom."""
    return re.findall(r'<th class="field-account"><a [^>]*>([^<]*)</a></th>', response.content.decode())


@pytest.fixture
def hr_account(reference_data):
    return UserFactory(username="hr", role="hr", is_staff=True)


@pytest.fixture
def admin_client(root):
    admin_client = Client()
    admin_client.force_login(root)
    return admin_client


def _lock_hr(client):
    """Five wrong passwords for hr from the attacker's address, from two browsers (two records)."""
    outcomes = [_outcome(_post(client, "hr", WRONG, HTTP_USER_AGENT=CHROME)) for _ in range(3)]
    outcomes += [_outcome(_post(client, "hr", WRONG, HTTP_USER_AGENT="curl/8.5")) for _ in range(2)]
    assert outcomes == ["form error"] * 4 + ["locked"]


def test_an_admin_unlocks_hr_from_the_italian_sign_in_locks_list_and_hr_signs_in_at_once(
    client, hr_account, admin_client
):
    _lock_hr(client)
    _post(Client(), "marco", WRONG, address=HOME, HTTP_USER_AGENT=CHROME)
    until = timezone.localtime(AccessAttempt.objects.filter(username="hr").latest("attempt_time").attempt_time
                               + COOL_OFF).strftime("%H:%M")

    listing = admin_client.get(LOCKS, HTTP_ACCEPT_LANGUAGE="it")
    html = " ".join(listing.content.decode().split())
    assert listing.status_code == 200
    assert "Selezione del personale" in html and "Blocchi di accesso" in html  # our section, not "AXES"
    assert "Access attempts" not in html and "Axes" not in html
    assert _usernames_listed(listing) == ["marco", "hr", "hr"]
    assert html.count(f"fino alle {until}") == 2  # hr's two records lock; marco's one failure does not
    assert '<option value="unlock">Sblocca</option>' in html
    assert 'value="delete_selected"' not in html

    hr_rows = [str(pk) for pk in AccessAttempt.objects.filter(username="hr").values_list("pk", flat=True)]
    done = admin_client.post(LOCKS, {"action": "unlock", "_selected_action": hr_rows}, follow=True)
    assert "2 sign-in locks removed: they can sign in again now." in done.content.decode()
    assert _usernames_listed(done) == ["marco"]
    assert _outcome(_post(client, "hr", PASSWORD)) == "signed in"


def test_searching_the_sign_in_locks_for_hr_lists_only_hrs_rows_not_everyone_using_chrome(
    client, hr_account, admin_client
):
    _lock_hr(client)
    for username in ("marco", "giulia"):
        _post(Client(), username, WRONG, address=HOME, HTTP_USER_AGENT=CHROME)  # "Chrome" holds "hr"
    assert _usernames_listed(admin_client.get(LOCKS, {"q": "hr"})) == ["hr", "hr"]
    assert _usernames_listed(admin_client.get(LOCKS, {"q": HOME})) == ["giulia", "marco"]


def test_a_sign_in_lock_page_is_read_only_titled_by_account_and_address_and_unlocks(client, hr_account, admin_client):
    _lock_hr(client)
    lock = AccessAttempt.objects.filter(username="hr").latest("attempt_time")
    page = admin_client.get(reverse("admin:recruiting_signinlock_change", args=[lock.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert f"<title>hr from {ATTACKER} |" in html
    assert 'name="_save"' not in html and 'name="_continue"' not in html
    assert 'class="deletelink"' not in html  # "Unlock" says what removing the record does

    unlock = reverse("admin:recruiting_signinlock_unlock", args=[lock.pk])
    assert f'action="{unlock}"' in html
    done = admin_client.post(unlock, follow=True)
    # One of hr's two records: the other still holds 3 failures, under the limit of 5.
    assert "1 sign-in lock removed: they can sign in again now." in done.content.decode()
    assert _outcome(_post(client, "hr", PASSWORD)) == "signed in"


def test_unlocking_one_address_of_an_account_still_locked_by_its_other_rows_says_so(hr_account, admin_client):
    assert _outcome(_post(Client(), "hr", PASSWORD, address=HOME)) == "signed in"
    outcomes = [_outcome(_post(Client(), "hr", WRONG, address=f"198.51.100.{n}")) for n in range(1, 21)]
    # At the address hr signed in from, only its own five-failure limit applies: these four still count.
    outcomes += [_outcome(_post(Client(), "hr", WRONG, address=HOME)) for _ in range(4)]
    assert outcomes == ["form error"] * 19 + ["locked"] + ["form error"] * 4
    one = AccessAttempt.objects.get(username="hr", ip_address="198.51.100.1")
    done = admin_client.post(LOCKS, {"action": "unlock", "_selected_action": [one.pk]}, follow=True)
    # 23 failures for hr left in the window: still over the account-wide 20.
    assert ("1 sign-in lock removed, but other rows keep these locked (the same account from other addresses, or "
            "the same address for other accounts): hr from 198.51.100.1." in " ".join(done.content.decode().split()))
    assert _outcome(_post(Client(), "hr", PASSWORD, address="198.51.100.1")) == "locked"


def test_the_sign_in_locks_list_costs_the_same_queries_for_three_locks_or_thirty(admin_client, db):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert admin_client.get(LOCKS).status_code == 200
        return len(captured)

    for n in range(3):
        _post(Client(), f"user{n}", WRONG, address=f"198.51.100.{n}")
    few = queries()
    for n in range(3, 30):
        _post(Client(), f"user{n}", WRONG, address=f"198.51.100.{n}")
    assert queries() == few


def test_the_sign_ins_list_shows_who_signed_in_from_where_and_is_read_only(client, hr_account, admin_client):
    assert _outcome(_post(client, "hr", PASSWORD, address=HOME)) == "signed in"
    listing = admin_client.get(reverse("admin:recruiting_signin_changelist"), HTTP_ACCEPT_LANGUAGE="it")
    html = listing.content.decode()
    assert _usernames_listed(listing) == ["hr", "root"]  # the admin's own (test) sign-in is logged too
    assert f'<td class="field-address">{HOME}</td>' in html
    assert admin_client.get(reverse("admin:recruiting_signin_add")).status_code == 403
    log = SignIn.objects.get(username="hr")
    page = admin_client.get(reverse("admin:recruiting_signin_change", args=[log.pk]))
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()


def test_axes_own_untranslated_admin_pages_are_gone():
    for name in ("axes_accessattempt", "axes_accesslog", "axes_accessfailurelog"):
        with pytest.raises(NoReverseMatch):
            reverse(f"admin:{name}_changelist")


def test_the_reset_command_unlocks_the_account(client, giulia):
    assert [_outcome(_post(client, "giulia", WRONG)) for _ in range(5)][-1] == "locked"
    call_command("axes_reset_username", "giulia", stdout=io.StringIO())
    assert _outcome(_post(client, "giulia", PASSWORD)) == "signed in"


def test_sign_in_and_lockout_work_with_redis_down(client, giulia, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    outcomes = [_outcome(_post(client, "giulia", WRONG)) for _ in range(5)]
    call_command("axes_reset_username", "giulia", stdout=io.StringIO())
    outcomes.append(_outcome(_post(client, "giulia", PASSWORD)))
    assert outcomes == ["form error"] * 4 + ["locked", "signed in"]
    assert client.get(reverse("staff:dashboard")).status_code == 200


@pytest.mark.parametrize(
    ("behind_proxy", "forwarded_for", "counted_as"),
    [
        (False, "198.51.100.1, 198.51.100.2", "10.0.0.5"),  # no proxy: the header is the client's own claim
        (True, "198.51.100.1, 198.51.100.2", "198.51.100.2"),  # the entry our proxy appended
        (True, "not-an-address", "10.0.0.5"),  # junk: the socket's address, never a 500
    ],
)
def test_failures_are_counted_against_the_address_the_rate_limit_uses(
    client, giulia, settings, behind_proxy, forwarded_for, counted_as
):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if behind_proxy else None
    response = _post(client, "giulia", WRONG, address="10.0.0.5", HTTP_X_FORWARDED_FOR=forwarded_for)
    assert response.status_code == 200
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == [counted_as]


def test_an_overlong_username_is_a_form_error_not_a_500(client, db):
    responses = [_post(client, "x" * 300, WRONG) for _ in range(5)]
    assert [_outcome(r) for r in responses] == ["form error"] * 4 + ["locked"]
    assert AccessAttempt.objects.get().username == "x" * 255


def test_issue_script_fifty_same_session_fifty_fresh_sessions_twenty_on_the_admin(reference_data):
    """The issue's measurement, replayed: 50 wrong passwords for `hr` from one session, 50 from fresh
    sessions, 20 against /admin/login/, then the right password, then the right password after the cool-off.
    Run with -s to see the table."""
    UserFactory(username="hr", role="hr", is_staff=True)
    same_session = Client()
    phases = {
        "50 wrong, one session": [_post(same_session, "hr", WRONG) for _ in range(50)],
        "50 wrong, fresh sessions": [_post(Client(), "hr", WRONG) for _ in range(50)],
        "20 wrong, /admin/login/": [_post(Client(), "hr", WRONG, path=reverse("admin:login")) for _ in range(20)],
        "right password": [_post(Client(), "hr", PASSWORD)],
    }
    _age_failures(COOL_OFF + datetime.timedelta(seconds=1))
    phases["right password, 15 min later"] = [_post(Client(), "hr", PASSWORD)]

    table = {}
    for phase, responses in phases.items():
        runs, previous = [], None
        for number, response in enumerate(responses, start=1):
            status = response.status_code
            if status == previous:
                runs[-1][1] = number
            else:
                runs.append([number, number, status])
            previous = status
        table[phase] = [(first, last, status) for first, last, status in runs]
    print("\nphase                          attempts  status")
    for phase, runs in table.items():
        for first, last, status in runs:
            print(f"{phase:30} {first:>3}-{last:<4}   {status}")

    assert table == {
        "50 wrong, one session": [(1, 4, 200), (5, 50, 429)],
        "50 wrong, fresh sessions": [(1, 50, 429)],
        "20 wrong, /admin/login/": [(1, 20, 429)],
        "right password": [(1, 1, 429)],
        "right password, 15 min later": [(1, 1, 302)],
    }
    assert AccessAttempt.objects.count() == 0  # the successful sign-in cleared them


@pytest.mark.parametrize(
    ("age_days", "kept"),
    [(0, True), (89, True), (90, False), (91, False)],
)
def test_the_sign_in_log_is_deleted_after_ninety_days(db, age_days, kept):
    from axes.models import AccessLog

    from recruiting.tasks import prune_sign_in_records

    now = timezone.now()
    log = AccessLog.objects.create(username="hr", ip_address=HOME, user_agent="test", path_info="/accounts/login/")
    AccessLog.objects.filter(pk=log.pk).update(attempt_time=now - datetime.timedelta(days=age_days, seconds=1))
    assert prune_sign_in_records() == (0 if kept else 1)
    assert AccessLog.objects.filter(pk=log.pk).exists() is kept
