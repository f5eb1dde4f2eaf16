from io import StringIO
from uuid import uuid4

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client, override_settings
from playwright.sync_api import sync_playwright

from .browser import CHROMIUM_ARGS, VIEWPORTS, chromium_path


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    # The hashed-manifest storage needs `collectstatic`; tests render templates without it.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _tmp_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _plain_http(settings):
    # Production redirects to HTTPS; the test client speaks plain HTTP.
    settings.SECURE_SSL_REDIRECT = False


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # Factories hash a password per user; the real hasher is deliberately slow.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _own_cache_keys(settings):
    # Each test starts with an empty cache, also when the suite shares a Redis server.
    settings.CACHES = {
        alias: {**config, "KEY_PREFIX": f"test-{uuid4().hex}"}
        for alias, config in settings.CACHES.items()
    }


# Browser tests: one headless Chromium per run, a fresh context per test, the real site served
# by pytest-django's live server on 127.0.0.1 with the demo content.

AXE_NOTES = pytest.StashKey[list]()


@pytest.fixture(scope="session")
def chromium():
    path = chromium_path()
    if not path:
        pytest.skip("browser tests need Chromium: apt-get install chromium, or set CHROMIUM_PATH")
    with pytest.MonkeyPatch.context() as mp:
        # Playwright's sync API keeps an event loop in this thread; the ORM calls a test makes
        # between browser steps are still plain synchronous code.
        mp.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            # launch() starts from a fresh temporary profile and removes it on close.
            browser = playwright.chromium.launch(
                executable_path=path, headless=True, args=CHROMIUM_ARGS
            )
            yield browser
            browser.close()


@pytest.fixture(scope="session")
def _live_server_over_plain_http(request):
    # The server's middleware reads the HTTPS redirect setting once, when the server starts, so
    # it starts with it off: the browser talks plain HTTP to 127.0.0.1.
    with override_settings(SECURE_SSL_REDIRECT=False):
        return request.getfixturevalue("live_server")


@pytest.fixture
def site(_live_server_over_plain_http, live_server):
    """The live site's base URL, with the demo content loaded into the test database."""
    call_command("load_demo", stdout=StringIO())
    return live_server.url


@pytest.fixture
def open_page(chromium, site):
    """`open_page("phone")` → a page in a new browser context (own cookies) at that viewport."""
    contexts = []

    def open_page(viewport="desktop"):
        context = chromium.new_context(viewport=VIEWPORTS[viewport], base_url=site)
        # Fails a missing element in seconds, with room for a busy CI machine.
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def sign_in(site):
    """`sign_in(page, user)`: the page's browser context gets a session of `user`, as if they
    had signed in (the login form itself is Django's, tested there)."""

    def sign_in(page, user):
        client = Client()
        client.force_login(user)
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        page.context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": site}]
        )

    return sign_in


@pytest.fixture
def axe_notes(request):
    """Violations that do not fail a test, listed at the end of the run for a person to read."""
    return request.config.stash.setdefault(AXE_NOTES, [])


def pytest_terminal_summary(terminalreporter, config):
    notes = config.stash.get(AXE_NOTES, [])
    if notes:
        terminalreporter.section("axe-core findings that do not fail the build")
        for line in notes:
            terminalreporter.write_line(line)
