"""Redis is a cache, not a single point of failure."""

import os
import time

import pytest
from django.core.cache import cache, caches
from django.urls import reverse

from articles.cache_backends import ForgivingRedisCache

from .factories import ArticleFactory

pytestmark = pytest.mark.django_db

REDIS_URL = os.environ.get("REDIS_URL", "")
needs_redis = pytest.mark.skipif(not REDIS_URL, reason="REDIS_URL is not set: no Redis to test")


def redis_cache(location):
    return {
        "default": {
            "BACKEND": "articles.cache_backends.ForgivingRedisCache",
            "LOCATION": location,
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.5},
        }
    }


@pytest.fixture
def redis_down(settings):
    settings.CACHES = redis_cache("redis://127.0.0.1:1/0")  # nothing listens on port 1


def test_site_keeps_serving_with_redis_down(client, redis_down):
    article = ArticleFactory(title="Baclofen and sleep")

    response = client.get(article.get_absolute_url())

    assert response.status_code == 200
    assert b"Baclofen and sleep" in response.content


def test_changes_show_with_redis_down(client, redis_down):
    article = ArticleFactory(title="Old title")
    client.get(article.get_absolute_url())

    article.title = "New title"
    article.save()

    assert b"New title" in client.get(article.get_absolute_url()).content


def test_editor_stays_signed_in_with_redis_down(admin_client, redis_down):
    response = admin_client.get(reverse("admin:index"))

    assert response.status_code == 200
    assert response.context["user"].is_authenticated


def test_editor_signed_in_before_redis_went_down_stays_signed_in(admin_client, settings):
    admin_client.get(reverse("admin:index"))  # session written to the database and the cache

    settings.CACHES = redis_cache("redis://127.0.0.1:1/0")
    response = admin_client.get(reverse("admin:index"))

    assert response.status_code == 200
    assert response.context["user"].is_authenticated


def test_cache_reads_are_misses_with_redis_down(redis_down):
    cache.set("answer", 42)

    assert cache.get("answer") is None


@needs_redis
def test_configured_cache_is_redis():
    cache.set("answer", 42)

    assert isinstance(caches["default"], ForgivingRedisCache)
    assert cache.get("answer") == 42


@needs_redis
def test_cache_calls_share_one_redis_client_per_connection_pool():
    client = caches["default"]._cache  # Django's client of the backend
    cache.set("answer", 42)
    writer = client.get_client(write=True)

    assert cache.get("answer") == 42
    assert cache.get_many(["answer"]) == {"answer": 42}
    assert client.get_client(write=True) is writer  # Django makes a new one for every call


@needs_redis
def test_page_is_served_from_redis_on_the_second_request(client, django_assert_num_queries):
    article = ArticleFactory()
    client.get(article.get_absolute_url())

    with django_assert_num_queries(0):
        response = client.get(article.get_absolute_url())

    assert response.status_code == 200
    assert article.title.encode() in response.content


@needs_redis
def test_change_saved_while_redis_was_unreachable_shows_once_it_is_back(client):
    article = ArticleFactory(title="Old title")
    client.get(article.get_absolute_url())  # cached in Redis under the current generation
    backend = caches["default"]
    backend._down_until = time.monotonic() + 60  # Redis unreachable from this process

    article.title = "New title"
    article.save()  # the bump cannot reach Redis
    backend._down_until = 0  # Redis answers again

    assert b"New title" in client.get(article.get_absolute_url()).content
