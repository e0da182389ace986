"""Settings for the Shangqiu CBEC plan tracker.

Every value that differs between machines comes from the environment (or an optional ``.env`` file
beside ``manage.py``) through django-environ; a malformed value stops start-up with django-environ's
own error rather than being guessed at.
"""

from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env(
    DEBUG=(bool, False),
    ALLOWED_HOSTS=(list, ["localhost", "127.0.0.1", "[::1]"]),
    CSRF_TRUSTED_ORIGINS=(list, []),
    SECURE=(bool, False),
    REPORT_DUE_DAYS=(int, 15),
    IMPORT_MAX_BYTES=(int, 10 * 1024 * 1024),
    IMPORT_MAX_ROWS=(int, 100_000),
    AXES_FAILURE_LIMIT=(int, 5),
    AXES_COOLOFF_MINUTES=(int, 30),
    TRUSTED_PROXY_COUNT=(int, 0),
    LOGIN_USERNAME_FAILURE_LIMIT=(int, 20),
    SITE_URL=(str, "http://127.0.0.1:8000"),
    REMINDER_DAYS_BEFORE=(list, [7, 1]),
    REMINDER_OVERDUE_TIMES=(int, 8),
    SESSION_IDLE_TIMEOUT_MINUTES=(int, 120),
    SESSION_MAX_HOURS=(int, 12),
)
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# Words that mark a key copied from an example or a tutorial rather than generated (deploy/production.env.example
# ships "change-me-..."); a random key of 50 characters never contains them.
PLACEHOLDER_KEY_WORDS = ("change", "example", "placeholder", "secret", "insecure", "random", "your-", "replace")


def secret_key_problem(key: str) -> str | None:
    """Why ``key`` is not fit for production, or None: too short, too few distinct characters, or a placeholder."""
    if len(key) < 50:
        return "it must be a random string of at least 50 characters"
    if len(set(key)) < 10:
        return "it has too few distinct characters to be random"
    if any(word in key.lower() for word in PLACEHOLDER_KEY_WORDS):
        return "it is a placeholder (from an example file), not a generated key"
    return None


DEBUG = env("DEBUG")
# A development key is only acceptable while DEBUG is on; production must set a generated SECRET_KEY, e.g.
# python -c "import secrets; print(secrets.token_urlsafe(50))"
SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-key" if DEBUG else environ.Env.NOTSET)
if not DEBUG and (problem := secret_key_problem(SECRET_KEY)):
    raise ImproperlyConfigured(f"SECRET_KEY refused: {problem}.")
ALLOWED_HOSTS = env("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "import_export",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "counties",
    "enterprises",
    "targets",
    "spreadsheets",
    "quality",
    "dashboards",
    "signin",
    "huey.contrib.djhuey",
    "jobs",
    "accounts",
    "notifications",
    "milestones",
    "csp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # In this order: an idle session is signed out first; a session still owing its second factor (a code,
    # or enrolment for city admins) reaches nothing else; only then may a forced password change be asked.
    "signin.middleware.IdleTimeout",
    "signin.middleware.TwoFactorGate",
    "accounts.middleware.ForcePasswordChange",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
    "targets.freshness.cache_status_header",
    "shangqiu_cbec.replica.replica_reads",
]

ROOT_URLCONF = "shangqiu_cbec.urls"

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
                "counties.context_processors.role",
                "counties.context_processors.review_waiting",
                "notifications.context_processors.inbox",
            ],
        },
    },
]

WSGI_APPLICATION = "shangqiu_cbec.wsgi.application"

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers run beside a writer; IMMEDIATE takes the write lock at BEGIN so two
    # concurrent writers queue (up to the timeout) instead of failing with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
# An optional read replica for the dashboards (shangqiu_cbec/replica.py); tests mirror it on the primary.
if env("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = env.db("DATABASE_REPLICA_URL") | {"TEST": {"MIRROR": "default"}}
    DATABASES["replica"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["replica"]["CONN_HEALTH_CHECKS"] = True
# First: derived tables kept by database triggers stay out of dumpdata/loaddata (enterprises.tally), which
# the replica router's yes to every migration on the primary would otherwise decide.
DATABASE_ROUTERS = ["enterprises.tally.TallyRouter", "shangqiu_cbec.replica.ReplicaRouter"]
REPLICA_VIEWS = ["dashboards.views."]  # whose reads of the plan's data may go to the replica
REPLICA_APPS = {"counties", "enterprises", "targets"}
REPLICA_EXCLUDED_MODELS = {"counties.membership"}  # who belongs where: always as the primary has it
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Keep connections between requests (a new PostgreSQL connection per request cost a fifth of a page).
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, loading the user's groups (their roles) in the same query as the user
    "signin.backends.RoleAwareBackend",
]
# django-axes: lock a username+address after repeated failures, and unlock after a cool-off
# (without one, axes locks forever).
AXES_FAILURE_LIMIT = env("AXES_FAILURE_LIMIT")
AXES_COOLOFF_TIME = env("AXES_COOLOFF_MINUTES") / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# Behind the office's HTTPS proxy every connection comes from the proxy: the client's address is the
# X-Forwarded-For entry the outermost of TRUSTED_PROXY_COUNT proxies appended (0 = no proxy, REMOTE_ADDR).
TRUSTED_PROXY_COUNT = env("TRUSTED_PROXY_COUNT")
AXES_CLIENT_IP_CALLABLE = "signin.address.client_address"
# One username failing this often within the cool-off, from any addresses, may then be signed in to only
# from a browser where it signed in before (signin.throttle).
LOGIN_USERNAME_FAILURE_LIMIT = env("LOGIN_USERNAME_FAILURE_LIMIT")
# A wrong two-factor code counts as a failed login (axes and the username-wide limit); the code itself is
# masked in axes' records like the password.
AXES_SENSITIVE_PARAMETERS = ["code"]

# Two-factor authentication (django-otp, signin/twofactor.py): TOTP in an authenticator app plus single-use
# recovery codes; required for city admins and superusers, opt-in for everyone else. Each wrong code also
# doubles the wait before the next try on that device (1, 2, 4 ... seconds), which a password login does
# not reset.
OTP_TOTP_ISSUER = env("OTP_TOTP_ISSUER", default="商丘跨境电商平台")
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1
RECOVERY_CODES = 10

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True
FORMAT_MODULE_PATH = ["shangqiu_cbec.formats"]

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "shangqiu_cbec.static_storage.StaticFiles"
        if env.bool("STATIC_MANIFEST", default=not DEBUG)  # off: test nodes that serve no static files
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Uploaded files (the key projects' evidence, milestones/): kept under MEDIA_ROOT with random names and
# served only through the portal to signed-in users with a role (no MEDIA_URL is published). With more
# than one app node, MEDIA_ROOT must be a directory every node shares (NFS or the like), and it is backed
# up beside the database.
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
MILESTONE_ATTACHMENT_MAX_BYTES = env.int("MILESTONE_ATTACHMENT_MAX_BYTES", default=10 * 1024 * 1024)
MILESTONE_ATTACHMENTS_PER_ENTRY = env.int("MILESTONE_ATTACHMENTS_PER_ENTRY", default=5)

# Security: on by default when served over HTTPS in production (SECURE=True).
SECURE = env("SECURE")
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
SECURE_SSL_REDIRECT = SECURE
SECURE_HSTS_SECONDS = 31_536_000 if SECURE else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE
SECURE_HSTS_PRELOAD = SECURE
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if SECURE else None
SESSION_COOKIE_HTTPONLY = True
# Office PCs are shared: a session ends when the browser closes, after SESSION_IDLE_TIMEOUT_MINUTES without a
# request (signin.middleware.IdleTimeout), and in any case SESSION_MAX_HOURS after its last activity.
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_IDLE_TIMEOUT_MINUTES = env("SESSION_IDLE_TIMEOUT_MINUTES")
SESSION_COOKIE_AGE = env("SESSION_MAX_HOURS") * 3600
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Content-Security-Policy (django-csp): scripts only from our own static files, no inline script or
# handler anywhere (JS lives in static/js, data reaches it by json_script or data- attributes); nothing
# from other sites at all (users may be on closed networks; ECharts is vendored).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Dashboards cache their computed pages per data version (targets.freshness). Embedded default: each
# worker keeps its own copy in memory, and the data version makes every worker see a change on the next
# request. With REDIS_URL, one Redis holds them for every worker of every app node; its keys carry the
# release (shangqiu_cbec/release.py), so a deploy never serves what the previous code rendered.
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    from shangqiu_cbec.release import code_fingerprint

    RELEASE = env("RELEASE", default="") or code_fingerprint(BASE_DIR)
    CACHES = {
        "default": {
            # Django's Redis backend, plus a near copy in each process of the values that never change under
            # their key: the dashboards' pages and data (keyed by the data version) and the navigation.
            "BACKEND": "shangqiu_cbec.cache.SharedCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": f"{env('CACHE_KEY_PREFIX', default='cbec')}:{RELEASE}",
            "OPTIONS": {"NEAR_PREFIXES": ("dash:", "template.cache."), "NEAR_SECONDS": 60},
        }
    }
    # Sessions read from Redis, written to Redis and the database: a page's session costs no query. Only with
    # a shared cache: a worker's own memory would keep a session another worker has ended (logout).
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "OPTIONS": {"MAX_ENTRIES": 2000}}}
# Whether every worker and node sees the same cache (what small per-user values may be kept in it for).
SHARED_CACHE = bool(REDIS_URL)
DASHBOARD_CACHE_SECONDS = env.int("DASHBOARD_CACHE_SECONDS", default=300)

# Background jobs (jobs/, on Huey): a queue in a SQLite file beside the project by default (no server
# needed; one machine), in Redis when REDIS_URL (or JOBS_REDIS_URL) is set (workers on any node). Workers:
# manage.py run_huey.
HUEY_NAME = env("HUEY_NAME", default="cbec")
# Put the queue in its own Redis database (JOBS_REDIS_URL=redis://…/1): emptying the cache (cache.clear())
# empties the whole database it is in.
JOBS_REDIS_URL = env("JOBS_REDIS_URL", default=REDIS_URL)
if JOBS_REDIS_URL:
    HUEY = {"huey_class": "huey.RedisHuey", "name": HUEY_NAME, "url": JOBS_REDIS_URL}
else:
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": HUEY_NAME,
        "filename": env("HUEY_SQLITE_PATH", default=str(BASE_DIR / "huey.sqlite3")),
    }
HUEY |= {
    "immediate": env.bool("JOBS_IMMEDIATE", default=False),  # tests switch it on (tests/conftest.py)
    "results": False,  # a job's outcome lives on its Job row
    "utc": False,  # crontab() in local time (TIME_ZONE, Asia/Shanghai): hour="7" is 07:00 in Shangqiu
    "consumer": {
        "workers": env.int("JOBS_WORKERS", default=2),
        "worker_type": "thread",
        "check_worker_health": True,
        "periodic": True,
        # An idle worker polls a SQLite queue at most this many seconds apart (Redis wakes it at once).
        "max_delay": env.float("JOBS_MAX_POLL_SECONDS", default=1.0),
    },
}
# A running job renews its lease every few seconds; one not renewed for this long (its worker was
# killed) is run again. Seconds between a failed attempt and the retry grow with each attempt.
JOBS_LEASE_SECONDS = env.int("JOBS_LEASE_SECONDS", default=60)
JOBS_RETRY_DELAY = env.int("JOBS_RETRY_DELAY", default=30)
# Who may see every user's jobs (a dotted path to a function of the user): the jobs app is a shared
# layer and does not import the domain apps.
JOBS_SEES_ALL = "counties.roles.is_city_admin"

# Domain settings.
REPORT_DUE_DAYS = env("REPORT_DUE_DAYS")  # a quarter's report is due this many days after it ends
IMPORT_MAX_BYTES = env("IMPORT_MAX_BYTES")
IMPORT_MAX_ROWS = env("IMPORT_MAX_ROWS")
SCREEN_REFRESH_SECONDS = env.int("SCREEN_REFRESH_SECONDS", default=60)  # the meeting-room screen's refresh
# The daily bulletin job sends quarters completed (last approval) within this many days, if the signal was missed.
BULLETIN_CATCH_UP_DAYS = env.int("BULLETIN_CATCH_UP_DAYS", default=30)
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "add"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_ACTION_EXPORT_UI = False

# Notices (notifications/): email through Django's email framework. EMAIL_URL is django-environ's
# email URL: smtp+tls://user:password@smtp.example.gov.cn:587, smtp+ssl://...:465, consolemail://
# (the embedded default: emails are printed to the console), filemail:///var/mail/cbec, dummymail://.
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="商丘跨境电商平台 <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)
# Links in emails are built from the address users open the portal at (no trailing slash needed).
SITE_URL = env("SITE_URL")
# Reporting reminders (counties/reminders.py): days before the due date; overdue reminders are sent the
# day after the due date and then weekly, at most this many times.
REMINDER_DAYS_BEFORE = sorted({int(n) for n in env("REMINDER_DAYS_BEFORE")}, reverse=True)
REMINDER_OVERDUE_TIMES = env("REMINDER_OVERDUE_TIMES")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="WARNING")},
    # The job worker says what it runs (manage.py run_huey); once, not again through the root logger.
    "loggers": {"huey": {"handlers": ["console"], "level": "INFO", "propagate": False}},
}
