"""Baolian settings: one file, read from the environment, safe defaults (SQLite, local disk)."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

from baolian.lib.env import env_bool, env_int, env_list, env_secret, env_str
from baolian.lib.files import private_dir, private_file

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(env_str("BAOLIAN_DATA_DIR", str(BASE_DIR.parent / "data"))).resolve()
# What Baolian writes (database, uploads, logs, the secret key) is for its own account only,
# whatever umask the shell or service manager started it with: files 0600, folders 0700.
os.umask(0o077)
private_dir(DATA_DIR)

SECRET_KEY = env_secret("BAOLIAN_SECRET_KEY", persist_to=DATA_DIR / "secret_key")
DEBUG = env_bool("BAOLIAN_DEBUG", False)
ALLOWED_HOSTS = env_list("BAOLIAN_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("BAOLIAN_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "baolian.web.admin_apps.AdminConfig",  # Django's admin, entered by the office only
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "csp",
    "baolian.accounts.apps.LoginSecurityConfig",  # django-axes
    "auditlog",
    "django_tasks",
    "django_tasks_db",
    "baolian.accounts",
    "baolian.roster",
    "baolian.demo",
    "baolian.imports",
    "baolian.visits",
    "baolian.problems",
    "baolian.support",
    "baolian.photos",
    "baolian.oversight",
    "baolian.dashboard",
    "baolian.notices",
    "baolian.api",
    "baolian.backup",
    "baolian.audit",
    "baolian.web",
]

MIDDLEWARE = [
    # Outermost: every failing answer under /api/v1/ gets the API's one error body.
    "baolian.api.middleware.ApiErrorBodyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "baolian.web.middleware.RequestSizeLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "baolian.web.middleware.SessionRefreshMiddleware",
    "baolian.web.middleware.ChineseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "baolian.web.middleware.PrivateResponsesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    # Last, as django-axes asks: it turns a lockout into our Chinese lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "baolian.urls"
WSGI_APPLICATION = "baolian.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "baolian.web.context.navigation",
                "baolian.notices.context.unread_notices",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'baolian.sqlite3'}"),
        conn_max_age=env_int("BAOLIAN_DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # SQLite allows one writer: wait for it (busy timeout) instead of failing the request,
        # and WAL lets readers go on while someone imports.
        "timeout": 20,
        # Take the write lock when a transaction starts: a deferred one that reads and then
        # writes cannot wait for the lock and fails with "database is locked" at once.
        "transaction_mode": "IMMEDIATE",
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
        ),
    }
    if DATABASES["default"]["NAME"] and DATABASES["default"]["NAME"] != ":memory:":
        private_dir(Path(DATABASES["default"]["NAME"]).parent)
        private_file(Path(DATABASES["default"]["NAME"]))
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # The report's grouped counts over a period are estimated as costly (a pairing lookup per
    # visit) but run in tens of milliseconds; PostgreSQL's JIT then spends more time compiling
    # them than running them (bench/dashboard.py: 350 ms instead of 80 on a medium city).
    # The roster and the counts fit in memory: an index lookup costs about a sequential read
    # (random_page_cost 1.1, PostgreSQL's advice for SSDs and cached data). At the default 4
    # a leader's 1,000 communities were found by reading all 50,000 of a province (8 ms of
    # every leader page instead of 3).
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].setdefault("options", "-c jit=off -c random_page_cost=1.1")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts, login, sessions ------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# Sessions end after this long without activity (shared office PCs, lost phones).
SESSION_COOKIE_AGE = env_int("BAOLIAN_SESSION_HOURS", 12) * 3600
# Activity renews the session, but at most every few minutes (baolian.web.middleware): a
# page that only reads must not need SQLite's one write lock, which an import may hold.
SESSION_REFRESH_SECONDS = 300
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "baolian.web.views.errors.csrf_failure"

AXES_FAILURE_LIMIT = env_int("BAOLIAN_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("BAOLIAN_LOGIN_COOLOFF_MINUTES", 15))
# Per name from one address, and per address across names (baolian.accounts.lockout).
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_HANDLER = "baolian.accounts.lockout.NameAndAddressHandler"
# Behind one reverse proxy every request comes from the proxy: count the address the proxy
# saw instead, or one person's typos would count against the whole city.
BEHIND_PROXY = env_bool("BAOLIAN_BEHIND_PROXY", False)
AXES_CLIENT_IP_CALLABLE = "baolian.accounts.lockout.client_address"
BAOLIAN_LOGIN_ADDRESS_FAILURE_LIMIT = env_int("BAOLIAN_LOGIN_ADDRESS_FAILURE_LIMIT", 20)
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

# --- HTTPS (set BAOLIAN_HTTPS=1 when served over TLS, directly or behind a proxy) -----------
HTTPS = env_bool("BAOLIAN_HTTPS", False)
SILENCED_SYSTEM_CHECKS: list[str] = []
if HTTPS:
    SECURE_SSL_REDIRECT = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("BAOLIAN_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("BAOLIAN_HSTS_PRELOAD", False)
    if not SECURE_HSTS_PRELOAD:
        # Preloading is a one-way promise to browser vendors; an office opts in explicitly.
        SILENCED_SYSTEM_CHECKS.append("security.W021")
    if BEHIND_PROXY:
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
else:
    # Intranet servers often speak plain HTTP; these checks cannot apply there and would
    # make cookies unusable. They apply, and pass, as soon as BAOLIAN_HTTPS=1.
    SILENCED_SYSTEM_CHECKS += [
        "security.W004",  # HSTS
        "security.W008",  # SSL redirect
        "security.W012",  # session cookie secure
        "security.W016",  # CSRF cookie secure
    ]
# Content-Security-Policy (django-csp): scripts, styles, images and fonts come from this
# server only, and no inline script or style runs, so injected markup cannot act. Every
# template keeps JS and CSS in static files; Django's admin (5.2) does too. Pico's icons are
# data: SVGs inside its CSS, hence img-src data:.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# --- Language and time --------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- Files --------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("BAOLIAN_STATIC_ROOT", str(DATA_DIR / "static")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env_str("BAOLIAN_MEDIA_ROOT", str(DATA_DIR / "media")))
MEDIA_URL = "/media/"
# `baolian serve` collects static files with hashed names and gzip copies, so phones on a
# slow link fetch each file compressed and once a year; tests and `runserver` use the finders.
STATIC_MANIFEST = env_bool("BAOLIAN_STATIC_MANIFEST", False)
# backend -> its settings; the S3 backend below adds OPTIONS that are not all text.
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if STATIC_MANIFEST
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not STATIC_MANIFEST

# Uploads are bounded: a roster workbook is a few hundred KB; 10 MB leaves room for photos
# pasted into sheets but refuses a 20 MB surprise before it is parsed.
IMPORT_MAX_BYTES = env_int("BAOLIAN_IMPORT_MAX_MB", 10) * 1024 * 1024
# The share of demo pairings that get activity (visits …); tests that build the demo city
# many times use a small one.
DEMO_ACTIVITY_SCALE = float(env_str("BAOLIAN_DEMO_ACTIVITY_SCALE", "1"))
# A .zip of old visits with their photos (the command line: `baolian import FILE.zip`).
IMPORT_ZIP_MAX_BYTES = env_int("BAOLIAN_IMPORT_ZIP_MAX_MB", 500) * 1024 * 1024
IMPORT_MAX_ROWS = env_int("BAOLIAN_IMPORT_MAX_ROWS", 50000)
# A visit from a phone carries its photos as taken (the original is the evidence): nine
# 12-megapixel photos are 30-60 MB.
VISIT_MAX_REQUEST_BYTES = env_int("BAOLIAN_VISIT_MAX_MB", 60) * 1024 * 1024
# The largest request body at all: the largest upload plus room for the form around it.
MAX_REQUEST_BYTES = max(IMPORT_MAX_BYTES + 1024 * 1024, VISIT_MAX_REQUEST_BYTES)
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# Rows per page of every list: a phone on a slow link loads one page, not the province.
BAOLIAN_PAGE_SIZE = env_int("BAOLIAN_PAGE_SIZE", 50)

# Imports of files above this size run as a background job (`baolian worker`, which
# `baolian serve` starts) with a progress page, never inside a request's worker.
IMPORT_BACKGROUND_ABOVE_BYTES = env_int("BAOLIAN_IMPORT_BACKGROUND_KB", 256) * 1024

# Background jobs: a queue in the database itself, so the embedded default needs no broker.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# One line per event on stderr: a request that failed (django.request), each import and each
# background job (baolian.*). JSON lines by default, which log collectors read; set
# BAOLIAN_LOG_FORMAT=text for a person reading a terminal.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "baolian.lib.logs.JsonLines"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": env_str("BAOLIAN_LOG_FORMAT", "json"),
        }
    },
    "root": {"handlers": ["console"], "level": env_str("BAOLIAN_LOG_LEVEL", "WARNING")},
    "loggers": {
        "baolian": {"level": env_str("BAOLIAN_LOG_LEVEL", "INFO"), "propagate": True},
        "django_tasks": {"level": "WARNING"},
    },
}

BAOLIAN_PRODUCT_NAME = _("Baolian")

# --- Photos (baolian.photos) --------------------------------------------------------------
# A phone's photo is 2–8 MB; 20 MB leaves room for a 48-megapixel HEIC but not for a video.
PHOTO_MAX_BYTES = env_int("BAOLIAN_PHOTO_MAX_MB", 20) * 1024 * 1024
# Decompression bombs: a small file that decodes to gigabytes is refused before decoding.
PHOTO_MAX_PIXELS = env_int("BAOLIAN_PHOTO_MAX_MEGAPIXELS", 60) * 1_000_000
# The display copy shown on pages: long side in pixels, JPEG quality.
PHOTO_DISPLAY_PX = env_int("BAOLIAN_PHOTO_DISPLAY_PX", 1600)
PHOTO_DISPLAY_QUALITY = 80

# Photos (the default storage) on S3-compatible object storage when a bucket is named;
# local disk under MEDIA_ROOT otherwise. Files are never public: pages get them from
# /photos/<id>/ after a scoping check, and the bucket needs no public access at all.
S3_BUCKET = env_str("BAOLIAN_S3_BUCKET", "")
if S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": env_str("BAOLIAN_S3_ENDPOINT_URL", "") or None,
            "region_name": env_str("BAOLIAN_S3_REGION", "") or None,
            "access_key": env_str("BAOLIAN_S3_ACCESS_KEY_ID", "") or None,
            "secret_key": env_str("BAOLIAN_S3_SECRET_ACCESS_KEY", "") or None,
            "location": env_str("BAOLIAN_S3_PREFIX", ""),
            "addressing_style": env_str("BAOLIAN_S3_ADDRESSING_STYLE", "") or None,
            "default_acl": None,  # the bucket's own policy (private), never public-read
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
# --- Reminders and dashboard ----------------------------------------------------------------
# The server's own address, for links in e-mails and chat messages (e.g. http://10.1.2.3:8000).
BAOLIAN_SITE_URL = env_str("BAOLIAN_SITE_URL", "")
BAOLIAN_WEBHOOK_TIMEOUT = env_int("BAOLIAN_WEBHOOK_TIMEOUT", 10)
# A problem is reminded of when its deadline is this many days away or less.
BAOLIAN_REMIND_PROBLEM_DAYS = env_int("BAOLIAN_REMIND_PROBLEM_DAYS", 3)
EMAIL_BACKEND = env_str("BAOLIAN_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env_str("BAOLIAN_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("BAOLIAN_EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("BAOLIAN_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = env_str("BAOLIAN_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("BAOLIAN_EMAIL_TLS", False)
DEFAULT_FROM_EMAIL = env_str("BAOLIAN_EMAIL_FROM", "baolian@localhost")
# Map tiles: an intranet tile server or 天地图 with its key, e.g.
# "https://t{s}.tianditu.gov.cn/DataServer?T=vec_w&x={x}&y={y}&l={z}&tk=KEY". Empty: the
# dashboard draws communities on a plain background (intranets have no internet).
BAOLIAN_MAP_TILES = env_str("BAOLIAN_MAP_TILES", "")
BAOLIAN_MAP_SUBDOMAINS = env_str("BAOLIAN_MAP_SUBDOMAINS", "01234567")
BAOLIAN_MAP_ATTRIBUTION = env_str("BAOLIAN_MAP_ATTRIBUTION", "")
# Dashboard figures are cached between writes (a write makes the next read fresh).
CACHES = {
    "default": {
        "BACKEND": env_str(
            "BAOLIAN_CACHE_BACKEND", "django.core.cache.backends.locmem.LocMemCache"
        ),
        "LOCATION": env_str("BAOLIAN_CACHE_LOCATION", "baolian"),
        "TIMEOUT": env_int("BAOLIAN_CACHE_SECONDS", 3600),
    }
}
