"""
Settings for healthblog: one module, every value from the environment.

Local use needs nothing set except a secret key, which `make` writes to a git-ignored `.env`.
Production differs by environment variables only (see README and .env.example).
"""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
env.read_env(BASE_DIR / ".env")  # local .env if present; never committed, .env.example is

DEBUG = env.bool("DJANGO_DEBUG", default=False)

# Required: a missing key stops the server instead of running it with a guessable one.
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY:
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY is not set. Run `make .env` to generate a local one, "
        "or set DJANGO_SECRET_KEY in the environment."
    )

ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    # The search index's vector field on PostgreSQL; harmless on SQLite.
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_prose_editor",
    "reversion",
    "imagekit",
    "csp",
    "taggit",
    "articles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outside the page cache, so cached pages get ETags and conditional requests get 304.
    "django.middleware.http.ConditionalGetMiddleware",
    # Before sessions: a cache hit for an anonymous reader runs nothing below this line.
    "articles.cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "articles.csp.ContentSecurityPolicyMiddleware",
]

ROOT_URLCONF = "healthblog.urls"

# Readers' pages are Jinja2 templates (jinja2/): they render several times faster than Django's
# template language (docs/decisions.md). The admin and the apps' own templates keep Django's.
TEMPLATES = [
    {
        "NAME": "jinja2",
        "BACKEND": "articles.templating.Jinja2",
        "DIRS": [BASE_DIR / "jinja2"],
        "APP_DIRS": False,
        "OPTIONS": {
            "environment": "articles.templating.environment",
            "context_processors": [
                "django.template.context_processors.request",
                "articles.context_processors.site",
            ],
        },
    },
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "articles.context_processors.site",
            ],
        },
    },
]

WSGI_APPLICATION = "healthblog.wsgi.application"

# SQLite file in the project when DATABASE_URL is unset; postgres://… in production.
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
SQLITE_CACHE_KIB = 64 * 1024
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers go on while an editor writes; IMMEDIATE takes the write lock up front so a
    # transaction never fails half-way with "database is locked"; the timeout waits instead.
    # SQLite keeps only 2 MB of pages per connection by default, less than one search reads
    # (its thousand newest matches and their articles): every page it dropped was read again
    # from the operating system on the next request. 64 MB holds a search's pages many times over.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
            f" PRAGMA cache_size=-{SQLITE_CACHE_KIB};"
        ),
    }
    # A worker keeps its connection: opening one and running the pragmas costs every request.
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=600)
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DJANGO_CONN_MAX_AGE", default=60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

# Redis when REDIS_URL is set (shared by every app server), else memory of this one process.
# Redis is a cache, not a dependency: when it is down every read is a miss and the site keeps
# serving from the database (articles.cache_backends).
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "articles.cache_backends.ForgivingRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("DJANGO_CACHE_KEY_PREFIX", default="healthblog"),
            # A stopped Redis refuses at once; an unreachable one must not hold a request long.
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Sessions live in the database, with the cache in front: editors stay signed in when Redis
# restarts or is down.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# Page cache for anonymous readers (articles.cache). Exact invalidation on every content change,
# so Django's copy may live long; browsers and shared caches (nginx, a CDN) cannot be told of a
# change, so they keep theirs briefly and then revalidate with the ETag.
PAGE_CACHE_SECONDS = env.int("DJANGO_PAGE_CACHE_SECONDS", default=3600)
PAGE_CACHE_MAX_AGE = env.int("DJANGO_PAGE_CACHE_MAX_AGE", default=0)
PAGE_CACHE_S_MAXAGE = env.int("DJANGO_PAGE_CACHE_S_MAXAGE", default=10)
# Saving or deleting any model of these apps changes what readers see (articles.cache.bump).
PAGE_CACHE_CONTENT_APPS = ["articles", "taggit"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = env.str("DJANGO_TIME_ZONE", default="Europe/London")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("DJANGO_STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=BASE_DIR / "media")
# The embedded profile serves uploads itself; behind a proxy, the proxy serves /media/.
SERVE_MEDIA = env.bool("DJANGO_SERVE_MEDIA", default=True)

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Security: on by default; a plain-HTTP local run turns the HTTPS-only parts off by variable.
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

# Content-Security-Policy (django-csp): public pages load only the site's own files, with no
# inline script or style, so a cached page never carries a nonce. The admin gets a relaxed
# style-src, and only under /admin/ (articles/csp.py says why).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="WARNING")},
}

# Uploaded images: larger files or more pixels are refused with a message saying what to do.
IMAGE_UPLOAD_MAX_BYTES = env.int("IMAGE_UPLOAD_MAX_BYTES", default=10 * 1024 * 1024)
IMAGE_MAX_PIXELS = env.int("IMAGE_MAX_PIXELS", default=40_000_000)

# Site identity, shown in the header, titles and feeds.
SITE_NAME = env.str("SITE_NAME", default="Health and Wellness")
SITE_DESCRIPTION = env.str(
    "SITE_DESCRIPTION",
    default="Practical, medically careful guides to medicines and conditions for patients and "
    "caregivers.",
)

# Editorial workflow: how long a medical review stays valid (an article may override it), and
# whether an article needs a recorded review before it can be published.
MEDICAL_REVIEW_INTERVAL_DAYS = env.int("MEDICAL_REVIEW_INTERVAL_DAYS", default=365)
REQUIRE_REVIEW_TO_PUBLISH = env.bool("REQUIRE_REVIEW_TO_PUBLISH", default=True)

# `make bench` routes its floor view (a fixed 20 KB response) only when this is on.
BENCH_FLOOR_VIEW = env.bool("DJANGO_BENCH_FLOOR_VIEW", default=False)

# Third-party configuration.
TAGGIT_CASE_INSENSITIVE = True
# Renditions of uploaded images, made once and kept in media storage beside the originals.
IMAGEKIT_CACHEFILE_DIR = "renditions"
# How long the cache vouches for a rendition's file; a deleted one is made again after that.
IMAGEKIT_CACHE_TIMEOUT = 60 * 60 * 24
