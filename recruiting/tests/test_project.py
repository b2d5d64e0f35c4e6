"""Project glue: health, roles, deploy settings, error pages, languages, demo data."""

import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse

from conftest import CI
from core.roles import HR_MANAGER, INTERVIEWER
from positions.models import Position

BASE_DIR = Path(settings.BASE_DIR)


def test_ci_runs_on_postgresql(db):
    if CI:
        assert connection.vendor == "postgresql", "CI must run the suite against PostgreSQL"
    else:
        assert connection.vendor in {"postgresql", "sqlite"}


def test_roles_are_created_with_their_permissions(db):
    hr = Group.objects.get(name=HR_MANAGER)
    interviewer = Group.objects.get(name=INTERVIEWER)
    hr_perms = set(hr.permissions.values_list("codename", flat=True))
    assert {"add_position", "change_position", "view_position"} <= hr_perms
    assert "change_position" not in set(interviewer.permissions.values_list("codename", flat=True))


def test_healthz_reports_the_database(client, db, settings):
    settings.BROKER_CONFIGURED = False
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["checks"]["database"] == "ok"
    assert response.json()["checks"]["broker"].startswith("not configured")


def test_healthz_checks_the_real_redis_broker(client, db, settings, redis_url):
    settings.BROKER_CONFIGURED = True
    settings.CELERY_BROKER_URL = redis_url
    response = client.get("/healthz")
    assert response.status_code == 200, response.content
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "broker": "ok"}}


def test_healthz_is_503_when_the_broker_is_down(client, db, settings):
    settings.BROKER_CONFIGURED = True
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["broker"] == "error"


def test_check_deploy_is_clean_with_the_production_variables(tmp_path):
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DEBUG": "false",
        "ENV_FILE": "/nonexistent",
        "SECRET_KEY": "x" * 30 + "-production-secret-that-is-long-and-random-enough-9f8e7d6c",
        "ALLOWED_HOSTS": "jobs.example.com",
        "SITE_URL": "https://jobs.example.com",
        "HTTPS_ONLY": "true",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_refuses_a_missing_secret_key(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    env.update({"DEBUG": "false", "HTTPS_ONLY": "true", "SITE_URL": "https://jobs.example.com", "ENV_FILE": "/nonexistent",
                "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy.sqlite3'}"})
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"], cwd=BASE_DIR, env=env, capture_output=True, text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "recruiting.E001" in result.stdout + result.stderr


def test_friendly_404_page(client, db):
    response = client.get("/jobs/no-such-job/")
    assert response.status_code == 404
    assert "We couldn" in response.content.decode()


def test_csrf_failure_is_a_friendly_page(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "x", "password": "y"})
    assert response.status_code == 403
    assert "Your form could not be sent" in response.content.decode()


def test_language_switcher_changes_the_language(client, db):
    response = client.post(reverse("set_language"), {"language": "it", "next": "/jobs/"}, follow=True)
    assert '<html lang="it">' in response.content.decode()
    assert 'name="language" value="en"' in response.content.decode()


def test_staff_navigation_follows_the_role(client, hr, interviewer):
    client.force_login(hr)
    html = client.get(reverse("staff:dashboard")).content.decode()
    assert reverse("positions:list") in html and "New position" in html
    client.force_login(interviewer)
    html = client.get(reverse("staff:dashboard")).content.decode()
    assert reverse("positions:list") not in html
    assert "Panels you sit on" in html


def test_dashboard_requires_login(client, db):
    response = client.get(reverse("staff:dashboard"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_login_page_logs_staff_in(client, hr):
    response = client.post(reverse("login"), {"username": "giulia", "password": "a-long-test-password"})
    assert response.status_code == 302 and response["Location"] == reverse("staff:dashboard")


def test_seed_demo_is_idempotent(db):
    call_command("seed_demo", stdout=io.StringIO())
    counts = (Position.objects.count(), Position.objects.filter(status="open").count())
    call_command("seed_demo", stdout=io.StringIO())
    assert (Position.objects.count(), Position.objects.filter(status="open").count()) == counts
    assert counts[1] >= 6
    assert set(Position.objects.values_list("language", flat=True)) == {"it", "en"}
    from django.contrib.auth import authenticate

    for username in ("admin", "hr", "interviewer", "interviewer2"):
        assert authenticate(username=username, password="demo-pass-2026") is not None


@pytest.mark.parametrize("language", ["it", "en"])
def test_translation_catalogue_is_complete(language):
    text = (BASE_DIR / "locale" / language / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    entries = text.split("\n\n")[1:]
    assert entries, "the catalogue is empty"
    untranslated = [e for e in entries if re.search(r'msgstr(\[\d\])? ""\n?$', e.strip() + "\n") and "msgid" in e]
    fuzzy = [e for e in entries if "#, fuzzy" in e]
    assert not untranslated, untranslated[:3]
    assert not fuzzy, fuzzy[:3]
    mo = BASE_DIR / "locale" / language / "LC_MESSAGES" / "django.mo"
    assert mo.exists() and mo.stat().st_mtime >= (BASE_DIR / "locale" / language / "LC_MESSAGES" / "django.po").stat().st_mtime - 1


def test_staff_settings_set_language_and_time_zone(client, interviewer):
    from core.models import StaffProfile

    client.force_login(interviewer)
    url = reverse("staff:settings")
    assert client.get(url).status_code == 200
    response = client.post(url, {"language": "en", "time_zone": "Europe/London"})
    assert response.status_code == 302
    profile = StaffProfile.objects.get(user=interviewer)
    assert (profile.language, profile.time_zone) == ("en", "Europe/London")
    assert client.session["staff_time_zone"] == "Europe/London"
    response = client.post(url, {"language": "xx", "time_zone": "Mars/Olympus"})
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()


def test_the_language_switch_is_remembered_for_staff_emails(client, interviewer):
    from core.models import StaffProfile

    client.force_login(interviewer)
    client.post(reverse("set_language"), {"language": "en", "next": "/staff/"})
    assert StaffProfile.objects.get(user=interviewer).language == "en"


def test_the_embedded_default_migrates_and_seeds_from_scratch(tmp_path):
    """What `make run` does, on a fresh SQLite file: every migration must work there too."""
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "CACHE_URL")}
    env.update({"DEBUG": "true", "DATABASE_URL": f"sqlite:///{tmp_path / 'fresh.sqlite3'}",
                "PRIVATE_MEDIA_ROOT": str(tmp_path / "private")})
    for command in (["migrate", "--noinput"], ["seed_demo"], ["seed_demo"]):
        result = subprocess.run(
            [sys.executable, "manage.py", *command], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=300
        )
        assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert "Demo data ready" in result.stdout


def test_no_model_change_lacks_a_migration(db):
    from io import StringIO

    out = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    except SystemExit as exit_:
        pytest.fail(f"makemigrations --check failed ({exit_.code}): {out.getvalue()}")
