"""Public pages and applying, served as in production: gunicorn (2 sync workers, DEBUG off, persistent
database connections, Redis cache and broker) on loopback, and wrk in a second process.

Prints, in one run:
  - requests per second of each public page for anonymous visitors, of a minimal Django view served the same
    way (an HttpResponse through the same middleware), and each page's ratio to it (goal: at least 0.5);
  - applications per second with a real one-page PDF résumé from BENCH_APPLICANTS concurrent applicants
    (goal: at least 50), and how many were answered with an error, lost (answered as saved but not in the
    database) or saved twice.

Run with `make bench-served` (PostgreSQL, Redis and wrk: `apt-get install wrk`).
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "recruiting.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from results import record  # noqa: E402

SECONDS = int(os.environ.get("BENCH_SECONDS", "5"))
APPLICANTS = int(os.environ.get("BENCH_APPLICANTS", "50"))
POSITIONS = int(os.environ.get("BENCH_POSITIONS", "100"))
WORKERS = int(os.environ.get("BENCH_WEB_WORKERS", "2"))
REDIS = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13")

SETTINGS = '''from recruiting.settings import *  # noqa: F403

STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
ROOT_URLCONF = "bench_served_urls"
'''
URLS = '''from django.http import HttpResponse
from django.urls import path

from recruiting.urls import urlpatterns as site


def minimal(request):
    return HttpResponse("ok")


urlpatterns = [path("minimal/", minimal), *site]
'''
# wrk posts the apply form: one CSRF cookie and token for every request, a new e-mail and submission token each.
APPLY_SCRIPT = '''
local counter = 0
local threads = 0
function setup(thread)
  thread:set("id", threads)
  threads = threads + 1
end
function request()
  counter = counter + 1
  local n = id .. "x" .. counter
  local body = string.gsub(template, "@@N@@", n)
  body = string.gsub(body, "@@TOKEN@@", string.format("%08x-0000-4000-8000-%012x", id, counter))
  return wrk.format("POST", path, headers, body)
end
'''


def wrk(url: str, *, connections: int, script: Path | None = None) -> dict:
    command = ["wrk", "-t2", f"-c{connections}", f"-d{SECONDS}s", url]
    if script is not None:
        command[1:1] = ["-s", str(script)]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    completed = int(re.search(r"(\d+) requests in", output).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    failures = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "completed": completed,
        "errors": int(errors.group(1)) if errors else 0,
        "socket_errors": sum(int(n) for n in failures.groups()) if failures else 0,
    }


def multipart(fields: dict[str, str], resume: bytes, boundary: str) -> bytes:
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="resume"; filename="CV @@N@@.pdf"\r\n'
        "Content-Type: application/pdf\r\n\r\n".encode() + resume + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts)


def lua_string(data: bytes) -> str:
    return '"' + "".join(f"\\{byte}" for byte in data) + '"'


def main():
    import redis

    from candidates.models import Application
    from candidates.tests import files
    from positions.tests.factories import OpenPositionFactory

    if shutil.which("wrk") is None:
        sys.exit("wrk is needed: apt-get install wrk")
    setup_test_environment()
    settings.STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    folder = Path(tempfile.mkdtemp(prefix="bench-served-"))
    redis.Redis.from_url(REDIS).flushdb()
    server = None
    try:
        positions = [OpenPositionFactory(title=f"Addetto/a contabilità {n}", skills=[]) for n in range(POSITIONS)]
        target = positions[0]
        target.position_skills.all().delete()
        target.screening_questions.all().delete()
        db = connection.settings_dict
        (folder / "bench_served_settings.py").write_text(SETTINGS)
        (folder / "bench_served_urls.py").write_text(URLS)
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "bench_served_settings",
            "PYTHONPATH": os.pathsep.join([str(folder), str(BASE_DIR)]),
            "DATABASE_URL": f"postgres://{db['USER'] or 'postgres'}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
            "REDIS_URL": REDIS, "CACHE_URL": REDIS, "CELERY_BROKER_URL": REDIS, "DEBUG": "false",
            "ALLOWED_HOSTS": "127.0.0.1", "SECRET_KEY": uuid.uuid4().hex * 2, "PRIVATE_MEDIA_ROOT": str(folder / "private"),
            "APPLY_RATE_LIMIT": "1000000", "APPLY_RATE_ADDRESS_LIMIT": "1000000", "RESUME_CHECK_RATE_LIMIT": "1000000",
            "ENV_FILE": str(folder / "no.env"),
        }
        log = open(folder / "gunicorn.log", "wb")  # noqa: SIM115
        port = 18000 + os.getpid() % 1000
        server = subprocess.Popen(
            [str(BASE_DIR / ".venv/bin/gunicorn"), "recruiting.wsgi", "--bind", f"127.0.0.1:{port}",
             "--workers", str(WORKERS), "--worker-class", "sync", "--timeout", "60", "--backlog", "2048"],
            env=env, cwd=BASE_DIR, stdout=log, stderr=subprocess.STDOUT,
        )
        base = f"http://127.0.0.1:{port}"
        for _try in range(300):
            try:
                urllib.request.urlopen(f"{base}/minimal/", timeout=1).read()
                break
            except OSError:
                time.sleep(0.1)
        pages = {
            "minimal view": "/minimal/",
            "job board": "/jobs/",
            "job page": target.get_public_url(),
            "apply form (GET)": f"/jobs/{target.slug}/apply/",
            "XML feed": "/jobs/feed.xml",
            "sitemap": "/sitemap.xml",
        }
        print(f"gunicorn {WORKERS} sync workers, DEBUG off, Redis cache; wrk -t2 -c16 -d{SECONDS}s; "
              f"{POSITIONS} open positions")
        print(f"{'page':<18} {'req/s':>9} {'x minimal':>10} {'errors':>7}")
        minimal = None
        for name, path in pages.items():
            urllib.request.urlopen(base + path, timeout=10).read()  # warm: the first visitor fills the cache
            result = wrk(base + path, connections=16)
            minimal = minimal or result["rps"]
            if path == "/minimal/":
                record("served", "minimal Django view", result["rps"], "req/s")
            else:
                record("served", name, result["rps"], "req/s", ratio=result["rps"] / minimal, ratio_of="of minimal",
                       goal=">= 0.5 of minimal", met=result["rps"] / minimal >= 0.5 and not result["errors"])
            print(f"{name:<18} {result['rps']:>9.0f} {result['rps'] / minimal:>10.2f} "
                  f"{result['errors'] + result['socket_errors']:>7}")

        # Applying: one CSRF cookie and token, reused (a token stays valid for its cookie).
        with urllib.request.urlopen(f"{base}/jobs/{target.slug}/apply/", timeout=10) as response:
            html = response.read().decode()
            cookie = re.search(r"csrftoken=([^;]+)", response.headers["Set-Cookie"]).group(1)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        boundary = "benchboundary" + uuid.uuid4().hex
        body = multipart({
            "csrfmiddlewaretoken": token, "first_name": "Persona", "last_name": "@@N@@",
            "email": "persona-@@N@@@example.invalid", "phone": "+39 02 1234567", "town": "Milano",
            "education_level": "3", "years_experience": "2", "privacy": "on", "submission_token": "@@TOKEN@@",
            "source": "job_board",
        }, files.pdf(("Persona", "Contabilità fornitori", "SAP")), boundary)
        script = folder / "apply.lua"
        script.write_text(
            f"template = {lua_string(body)}\n"
            f'path = "/jobs/{target.slug}/apply/"\n'
            f'headers = {{["Content-Type"] = "multipart/form-data; boundary={boundary}", '
            f'["Cookie"] = "csrftoken={cookie}", ["Referer"] = "{base}/jobs/{target.slug}/apply/"}}\n'
            + APPLY_SCRIPT
        )
        emails = Application.objects.values("candidate__email_normalized").distinct()
        before, distinct_before = Application.objects.count(), emails.count()
        result = wrk(f"{base}/jobs/{target.slug}/apply/", connections=APPLICANTS, script=script)
        saved = Application.objects.count() - before
        answered_saved = result["completed"] - result["errors"]
        distinct = emails.count() - distinct_before  # new people: each applicant of the run has their own address
        print(f"\napplying: {APPLICANTS} concurrent applicants, one-page PDF, {SECONDS} s, broker configured")
        print(f"{'applications/s':<18} {'answered':>9} {'errors':>7} {'saved':>6} {'lost':>5} {'twice':>6}")
        lost, twice = max(answered_saved - saved, 0), saved - distinct
        failed = result["errors"] + result["socket_errors"]
        record("served", f"applications with a PDF, {APPLICANTS} concurrent", result["rps"], "apps/s",
               goal=">= 50/s; 0 errors, lost, twice", met=result["rps"] >= 50 and not (failed or lost or twice))
        print(f"{result['rps']:<18.1f} {result['completed']:>9} {result['errors'] + result['socket_errors']:>7} "
              f"{saved:>6} {lost:>5} {twice:>6}")
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        redis.Redis.from_url(REDIS).flushdb()
        connection.creation.destroy_test_db(old_name, verbosity=0)
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
