from uuid import uuid4

import pytest


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
def _own_cache_keys(settings):
    # Each test starts with an empty cache, also when the suite shares a Redis server.
    settings.CACHES = {
        alias: {**config, "KEY_PREFIX": f"test-{uuid4().hex}"}
        for alias, config in settings.CACHES.items()
    }
