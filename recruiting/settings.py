"""Settings for the recruiting project, read from the environment.

A fresh checkout runs with nothing configured: a SQLite file and Celery tasks
executed in-process. ``DATABASE_URL`` switches to PostgreSQL and
``CELERY_BROKER_URL`` (or ``REDIS_URL``) to Redis. The production variables are
listed in README.md.
"""

from pathlib import Path

import environ
from django.core.management.utils import get_random_secret_key
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# `make run` writes a local .env (a stable SECRET_KEY); real environment variables win.
ENV_FILE = env.str("ENV_FILE", default=str(BASE_DIR / ".env"))
if Path(ENV_FILE).is_file():
    environ.Env.read_env(ENV_FILE, overwrite=False)

# ---------------------------------------------------------------------------
# Core
# ---------------------------------------------------------------------------
DEBUG = env.bool("DEBUG", default=False)

# With no SECRET_KEY a throw-away key is generated, so a fresh checkout runs.
# The "recruiting.W001" deploy check refuses that in production.
SECRET_KEY_FROM_ENV = bool(env.str("SECRET_KEY", default=""))
SECRET_KEY = env.str("SECRET_KEY", default="") or get_random_secret_key()

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# Public address of the site, used in feeds, JSON-LD and e-mails.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
ORGANIZATION_NAME = env.str("ORGANIZATION_NAME", default="Studio Demo S.r.l.")

INSTALLED_APPS = [
    "recruiting.sites.AdministratorsAdminConfig",  # django.contrib.admin, for superusers only
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "axes",  # sign-in throttling: see "Sign-in throttling" below
    "crispy_forms",
    "crispy_bootstrap5",
    "core",
    "recruiting",
    "positions",
    "candidates",
    "evaluations",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "recruiting.middleware.ContentSecurityPolicyMiddleware",
    "recruiting.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "recruiting.middleware.RequestCharsetMiddleware",  # before anything reads request.POST or GET
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "recruiting.middleware.StaffTimeZoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last: turns a sign-in refused by the throttle into the lockout page (see "Sign-in throttling").
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "recruiting.urls"
WSGI_APPLICATION = "recruiting.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "recruiting.context_processors.site",
                "recruiting.outbox.menu",  # the Outbox link, DEBUG only
            ],
        },
    },
]

# ---------------------------------------------------------------------------
# Database
# ---------------------------------------------------------------------------
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Persistent connections (seconds; 0 closes after each request), checked before each request
# reuses one: after PostgreSQL restarts, the first request gets a fresh connection instead of an error.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A PostgreSQL that does not answer costs a request a few seconds, never a hang.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", env.int("DATABASE_CONNECT_TIMEOUT", default=3))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# ---------------------------------------------------------------------------
# Authentication
# ---------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# The throttle comes first: it refuses a locked-out sign-in before any password is checked.
AUTHENTICATION_BACKENDS = [
    "recruiting.signin.SignInThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "staff:dashboard"
LOGOUT_REDIRECT_URL = "login"

# ---------------------------------------------------------------------------
# Languages and time
# ---------------------------------------------------------------------------
# The language comes from the browser (Accept-Language) or the switcher;
# English is the fallback for browsers that ask for neither.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("it", _("Italian"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["recruiting.formats"]
TIME_ZONE = "Europe/Rome"
USE_I18N = True
USE_TZ = True

# ---------------------------------------------------------------------------
# Static files (npm packages in node_modules, served by the app via WhiteNoise)
# ---------------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", NODE_MODULES / "bootstrap" / "dist"),
    ("vendor/bootstrap-icons", NODE_MODULES / "bootstrap-icons" / "font"),
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
    ("vendor/sortablejs", NODE_MODULES / "sortablejs"),
    ("vendor/chartjs", NODE_MODULES / "chart.js" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
MEDIA_URL = "/media/"
# Résumés: outside MEDIA_ROOT and never served by URL, only through a view that checks the user.
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=BASE_DIR / "private")
# With a bucket, résumés live in S3-compatible object storage shared by every web node and worker
# (candidates/object_storage.py: private objects, no URL); résumés kept between two tries of the apply form
# stay on each node's PRIVATE_MEDIA_ROOT.
OBJECT_STORAGE_BUCKET = env.str("OBJECT_STORAGE_BUCKET", default="")
OBJECT_STORAGE = {
    "bucket": OBJECT_STORAGE_BUCKET,
    "endpoint_url": env.str("OBJECT_STORAGE_ENDPOINT_URL", default="") or None,
    "access_key": env.str("OBJECT_STORAGE_ACCESS_KEY_ID", default="") or None,
    "secret_key": env.str("OBJECT_STORAGE_SECRET_ACCESS_KEY", default="") or None,
    "region": env.str("OBJECT_STORAGE_REGION", default="") or None,
    "prefix": env.str("OBJECT_STORAGE_PREFIX", default=""),
    # "path" suits MinIO and other servers at an address of their own; AWS takes "virtual" too.
    "addressing_style": env.str("OBJECT_STORAGE_ADDRESSING_STYLE", default="path"),
} if OBJECT_STORAGE_BUCKET else None
RESUME_MAX_BYTES = 5 * 1024 * 1024
# An uploaded résumé is opened (its page tree read) in a child process limited to this address space
# (bytes) and time (seconds) before the form accepts it; past them it is refused (candidates/resume.py).
RESUME_CHECK_MEMORY = env.int("RESUME_CHECK_MEMORY", default=128 * 1024 * 1024)
RESUME_CHECK_TIMEOUT = env.float("RESUME_CHECK_TIMEOUT", default=5.0)
DATA_UPLOAD_MAX_MEMORY_SIZE = 6 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# ---------------------------------------------------------------------------
# Applications
# ---------------------------------------------------------------------------
PRIVACY_NOTICE_VERSION = env.str("PRIVACY_NOTICE_VERSION", default="2026-11")
# Personal data is kept this many months after an application's last activity (longer with
# consent to be considered for future roles), then anonymised by a periodic task.
RETENTION_MONTHS = env.int("RETENTION_MONTHS", default=12)
RETENTION_MONTHS_WITH_CONSENT = env.int("RETENTION_MONTHS_WITH_CONSENT", default=24)
# Complete applications per window (seconds), counted in the cache (candidates/ratelimit.py): at most
# APPLY_RATE_LIMIT per client address and e-mail together (one person), and at most
# APPLY_RATE_ADDRESS_LIMIT per client address (a whole office or campus behind one address).
APPLY_RATE_LIMIT = env.int("APPLY_RATE_LIMIT", default=5)
APPLY_RATE_ADDRESS_LIMIT = env.int("APPLY_RATE_ADDRESS_LIMIT", default=60)
APPLY_RATE_WINDOW = env.int("APPLY_RATE_WINDOW", default=600)
# At most this many résumé uploads (complete forms or not) per client address in that window: each is
# opened in a limited child process before the form can say anything about it. As many as the address
# ceiling above (a corrected form keeps its résumé, so one upload per application is the rule), so
# the uploads are not the tighter limit; at worst 60 × RESUME_CHECK_TIMEOUT of a child's time.
RESUME_CHECK_RATE_LIMIT = env.int("RESUME_CHECK_RATE_LIMIT", default=60)
# Résumé stash: a good résumé sent with a form that had another error is kept so it need not be
# chosen again (candidates/forms.py), within these bounds; past them it is simply not kept.
RESUME_STASH_MAX_AGE = env.int("RESUME_STASH_MAX_AGE", default=60 * 60)  # seconds, then purged
RESUME_STASH_PER_ADDRESS = env.int("RESUME_STASH_PER_ADDRESS", default=3)  # files kept per client address
RESUME_STASH_MAX_FILES = env.int("RESUME_STASH_MAX_FILES", default=500)  # files kept in all
RESUME_STASH_MAX_BYTES = env.int("RESUME_STASH_MAX_BYTES", default=200 * 1024 * 1024)  # bytes kept in all

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# ---------------------------------------------------------------------------
# Cache (rate limits): Redis when configured, else per-process memory
# ---------------------------------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
CACHE_URL = env.str("CACHE_URL", default=REDIS_URL)
# Seconds a cache (or broker) call may wait on Redis: a dead Redis costs a request at most about a second.
REDIS_TIMEOUT = env.float("REDIS_TIMEOUT", default=0.5)
if CACHE_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            # The rate limiter falls back when the cache fails (candidates/ratelimit.py); fail fast.
            "OPTIONS": {"socket_connect_timeout": REDIS_TIMEOUT, "socket_timeout": REDIS_TIMEOUT},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Anonymous visitors' public pages from the cache (positions/public_cache.py). Only with a shared cache by
# default: a per-process memory would keep serving a closed position from the other processes' copies.
PUBLIC_PAGE_CACHE = env.bool("PUBLIC_PAGE_CACHE", default=bool(CACHE_URL))

# ---------------------------------------------------------------------------
# Celery: in-process unless a broker is configured
# ---------------------------------------------------------------------------
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="") or REDIS_URL
BROKER_CONFIGURED = bool(CELERY_BROKER_URL)
if not BROKER_CONFIGURED:
    CELERY_BROKER_URL = "memory://"
CELERY_TASK_ALWAYS_EAGER = not BROKER_CONFIGURED
# With tasks in-process nothing runs beat: `runserver` then runs CELERY_BEAT_SCHEDULE in a thread of its own
# (core/scheduler.py). Default: on exactly when no broker is configured; never in other commands or tests.
EMBEDDED_SCHEDULER = env.bool("EMBEDDED_SCHEDULER", default=not BROKER_CONFIGURED)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Publishing happens inside web requests: with Redis down, enqueueing must fail within about half a
# second (core.tasking logs it; the periodic scans below send the work later), never retry or
# reconnect for seconds. Workers are not affected: their consumer reconnects on its own schedule
# (broker_connection_retry, broker_connection_max_retries).
CELERY_BROKER_CONNECTION_TIMEOUT = REDIS_TIMEOUT
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": REDIS_TIMEOUT,
    "socket_timeout": REDIS_TIMEOUT,  # a Redis that accepts but never answers
    "max_retries": 0,  # opening a channel on a dead broker: one attempt, not a retry loop
}
CELERY_TASK_PUBLISH_RETRY = False
# The only tasks the apps may enqueue (core.tasking refuses any other path; `manage.py check` imports each).
ENQUEUED_TASKS = [
    "candidates.tasks.send_candidate_email",
    "candidates.tasks.extract_resume_text",
    "evaluations.tasks.deliver_reminder",
    "recruiting.tasks.recompute_pending",
    "recruiting.tasks.remove_orphan_resumes",
    "candidates.tasks.notify_new_application",
    "candidates.tasks.send_staff_email",
    "candidates.tasks.send_fresh_links",
    "candidates.tasks.send_referee_email",
]
# Three queues, so that reading résumés (slow, memory-hungry) can never delay an e-mail: "email"
# (candidate e-mails, interview and scorecard reminders), "files" (résumé text, upload clean-up),
# "celery" (the rest). A worker started without -Q consumes all three; in production run one
# worker for "email" and one for "celery,files" (README, "Workers and queues").
from kombu import Queue  # noqa: E402

CELERY_TASK_DEFAULT_QUEUE = "celery"
CELERY_TASK_QUEUES = [Queue("celery"), Queue("email"), Queue("files")]
CELERY_TASK_ROUTES = {
    "candidates.tasks.send_candidate_email": {"queue": "email"},
    "candidates.tasks.send_pending_emails": {"queue": "email"},
    "evaluations.tasks.deliver_reminder": {"queue": "email"},
    "evaluations.tasks.send_due_reminders": {"queue": "email"},
    "candidates.tasks.notify_new_application": {"queue": "email"},
    "candidates.tasks.send_staff_email": {"queue": "email"},
    "candidates.tasks.send_fresh_links": {"queue": "email"},
    "candidates.tasks.send_application_digests": {"queue": "email"},
    "candidates.tasks.send_referee_email": {"queue": "email"},
    "candidates.tasks.send_reference_emails": {"queue": "email"},
    "candidates.tasks.extract_resume_text": {"queue": "files"},
    "candidates.tasks.extract_pending_resumes": {"queue": "files"},
    "candidates.tasks.remove_abandoned_uploads": {"queue": "files"},
    "recruiting.tasks.remove_orphan_resumes": {"queue": "files"},
}
# A worker process is replaced after a task that leaves it above this resident size (KiB).
CELERY_WORKER_MAX_MEMORY_PER_CHILD = env.int("CELERY_WORKER_MAX_MEMORY_PER_CHILD", default=300_000)
# Résumé text is read in a child process limited to this address space (bytes) and time (seconds);
# a file beyond them is recorded as "Text not extracted" (candidates/resume.py).
RESUME_EXTRACTION_MEMORY = env.int("RESUME_EXTRACTION_MEMORY", default=256 * 1024 * 1024)
RESUME_EXTRACTION_TIMEOUT = env.float("RESUME_EXTRACTION_TIMEOUT", default=30.0)
CELERY_BEAT_SCHEDULE = {
    "close-expired-positions": {"task": "positions.tasks.close_expired_positions", "schedule": 60 * 60},
    # Finds e-mails recorded while the broker was down and sends them within about a minute of its return.
    "send-pending-candidate-emails": {"task": "candidates.tasks.send_pending_emails", "schedule": 60},
    "retry-resume-extraction": {"task": "candidates.tasks.extract_pending_resumes", "schedule": 15 * 60},
    # Résumés kept for a form that was never sent, once older than RESUME_STASH_MAX_AGE.
    "remove-abandoned-uploads": {"task": "candidates.tasks.remove_abandoned_uploads", "schedule": 10 * 60},
    "send-due-reminders": {"task": "evaluations.tasks.send_due_reminders", "schedule": 60},
    "close-expired-assessments": {"task": "evaluations.tasks.close_expired_assessments", "schedule": 60},
    "anonymise-expired": {"task": "candidates.tasks.anonymise_expired", "schedule": 24 * 60 * 60},
    # Re-screening and re-scoring marked as needed but not done (a lost task, the broker down).
    "recompute-pending": {"task": "recruiting.tasks.recompute_pending", "schedule": 60},
    # Résumé files no application points at (a crash between writing the file and committing the row).
    "remove-orphan-resumes": {"task": "recruiting.tasks.remove_orphan_resumes", "schedule": 60 * 60},
    # The sign-in log is personal data (addresses): kept SIGNIN_LOG_DAYS, then deleted.
    "prune-sign-in-records": {"task": "recruiting.tasks.prune_sign_in_records", "schedule": 24 * 60 * 60},
    # New-application digests (once a day per person, from 8:00 in their time zone), lost instant notices, retries.
    "send-application-digests": {"task": "candidates.tasks.send_application_digests", "schedule": 5 * 60},
    # Referees' reminders (at most two, candidates/references.py) and their e-mails left pending.
    "send-reference-emails": {"task": "candidates.tasks.send_reference_emails", "schedule": 60},
}
# Interview reminders go this many hours before; overdue scorecards get at most this many reminders.
INTERVIEW_REMINDER_LEAD_HOURS = env.int("INTERVIEW_REMINDER_LEAD_HOURS", default=24)
SCORECARD_REMINDER_LIMIT = env.int("SCORECARD_REMINDER_LIMIT", default=3)
# HR may log an interview that already took place at most this many days after it.
LOGGED_INTERVIEW_MAX_DAYS = env.int("LOGGED_INTERVIEW_MAX_DAYS", default=90)
# The candidate's status page: how long a link from an e-mail stays valid, and the legal deadline of a
# confirmed erasure request (GDPR art. 12(3): one month from receipt).
STATUS_LINK_MAX_AGE_DAYS = env.int("STATUS_LINK_MAX_AGE_DAYS", default=30)
# Requests for fresh status links per client address within APPLY_RATE_WINDOW, whatever the e-mail (besides
# 3 per address and e-mail and 6 per e-mail, candidates/status.py): generous for an office or campus behind
# one address, a ceiling for a bot trying address after address.
STATUS_LINK_ADDRESS_LIMIT = env.int("STATUS_LINK_ADDRESS_LIMIT", default=30)
ERASURE_DEADLINE_DAYS = env.int("ERASURE_DEADLINE_DAYS", default=30)
# Structured references (candidates/references.py): how long a referee's link stays valid from its e-mail, and
# under how many seconds an answer is shown to HR as "answered in seconds".
REFERENCE_LINK_MAX_AGE_DAYS = env.int("REFERENCE_LINK_MAX_AGE_DAYS", default=14)
REFERENCE_FAST_ANSWER_SECONDS = env.int("REFERENCE_FAST_ANSWER_SECONDS", default=60)

# ---------------------------------------------------------------------------
# E-mail
# ---------------------------------------------------------------------------
# With DEBUG on (`make run`) e-mails are written as files to EMAIL_FILE_PATH (var/outbox/), listed for HR
# at /staff/outbox/ (recruiting/outbox.py); with DEBUG off and no EMAIL_URL they go to the console.
EMAIL_FILE_PATH = env.path("EMAIL_FILE_PATH", default=BASE_DIR / "var" / "outbox")
EMAIL_BACKEND = env.str(
    "EMAIL_BACKEND",
    default="django.core.mail.backends.filebased.EmailBackend" if DEBUG else "django.core.mail.backends.console.EmailBackend",
)
if env.str("EMAIL_URL", default=""):
    vars().update(env.email_url("EMAIL_URL"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="jobs@example.invalid")
# A mail server that stops answering must not hold a send for ever (the message then counts as uncertain).
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# ---------------------------------------------------------------------------
# Security (HTTPS_ONLY=true in production behind TLS)
# ---------------------------------------------------------------------------
HTTPS_ONLY = env.bool("HTTPS_ONLY", default=False)
SECURE_SSL_REDIRECT = HTTPS_ONLY
SESSION_COOKIE_SECURE = HTTPS_ONLY
CSRF_COOKIE_SECURE = HTTPS_ONLY
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000 if HTTPS_ONLY else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS_ONLY
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=HTTPS_ONLY)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env.bool("BEHIND_PROXY", default=False) else None
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "recruiting.views.csrf_failure"
# Load-balancer probes speak plain HTTP to the app: /healthz answers them instead of redirecting.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# ---------------------------------------------------------------------------
# Content Security Policy and other headers
# ---------------------------------------------------------------------------
# Every script and style is a static file of ours (no CDN, nothing inline: JSON data blocks are not
# run), so the policy allows 'self' only; 'data:' images are Bootstrap's inline SVG icons. The one
# exception is in recruiting.middleware.ContentSecurityPolicyMiddleware: a response our own pages may
# frame (X-Frame-Options: SAMEORIGIN, the résumé preview) gets frame-ancestors 'self'.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}
# Browser features the app never uses, denied to it and to anything it frames (an empty list: nobody;
# the résumé preview may go full screen). Only names Chromium knows: an unknown one is a console error.
PERMISSIONS_POLICY = {
    "accelerometer": [],
    "autoplay": [],
    "browsing-topics": [],
    "camera": [],
    "clipboard-read": [],
    "display-capture": [],
    "encrypted-media": [],
    "fullscreen": ["self"],
    "geolocation": [],
    "gyroscope": [],
    "hid": [],
    "idle-detection": [],
    "interest-cohort": [],
    "local-fonts": [],
    "magnetometer": [],
    "microphone": [],
    "midi": [],
    "payment": [],
    "publickey-credentials-get": [],
    "screen-wake-lock": [],
    "serial": [],
    "usb": [],
    "xr-spatial-tracking": [],
}

# ---------------------------------------------------------------------------
# Sign-in throttling (django-axes; both login pages; the rules are in recruiting/signin.py)
# ---------------------------------------------------------------------------
# Failures are counted in the database (sign-in keeps working with Redis down) over a sliding 15-minute
# window. Refused once the window holds 5 wrong passwords for one account from one address, 20 for one
# account from any addresses, or 50 from one address for any accounts; the two wider limits spare an
# address the account signed in from in the last 30 days, so nobody elsewhere can keep HR out. Failures
# while locked are not counted, so every lock ends. Unlock: admin > Recruiting > Sign-in locks (search,
# tick the rows, "Unlock"), or `manage.py axes_reset_username NAME` / `axes_reset_ip ADDRESS`.
AXES_HANDLER = "recruiting.signin.SignInThrottleHandler"
# Our own admin pages (recruiting/admin.py: "Sign-in locks", "Sign-ins") replace axes' untranslated ones.
AXES_ENABLE_ADMIN = False
# Axes' separate failure log is not kept: the locks list holds the failures that count.
AXES_ENABLE_ACCESS_FAILURE_LOG = False
AXES_FAILURE_LIMIT = 5
SIGNIN_ACCOUNT_FAILURE_LIMIT = 20
SIGNIN_ADDRESS_FAILURE_LIMIT = 50
SIGNIN_KNOWN_ADDRESS_DAYS = 30
# Successful sign-ins (user, address, time) are deleted after this many days (a daily beat task).
SIGNIN_LOG_DAYS = env.int("SIGNIN_LOG_DAYS", default=90)
AXES_COOLOFF_TIME = 0.25  # hours: 15 minutes
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True  # a successful sign-in clears its own account-and-address failures
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# The address comes from where the application rate limit reads it (BEHIND_PROXY: X-Forwarded-For).
AXES_CLIENT_IP_CALLABLE = "recruiting.signin.client_address"
AXES_LOCKOUT_CALLABLE = "recruiting.signin.lockout_response"
AXES_USERNAME_CALLABLE = "recruiting.signin.client_username"
AXES_VERBOSE = False  # no start-up banner in every command; failures and lockouts are still logged

# ---------------------------------------------------------------------------
# Logging
# ---------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "celery.app.trace": {"level": "WARNING"},
        "axes": {"level": "WARNING"},  # every failure and lockout, without axes' step-by-step notes
    },
}
