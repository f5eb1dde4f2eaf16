"""gunicorn's master warms the app before it forks its workers (articles.warmup)."""

import logging

import pytest
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import OperationalError, close_old_connections
from django.template import engines
from django.urls import reverse

from articles import warmup
from articles.models import Article

from .factories import ArticleFactory, PageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def application():
    # As Django's test client does: a request would otherwise close the connection that holds
    # the test's transaction.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield get_wsgi_application()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def closed_connections(monkeypatch):
    """Records when warm_up closes the connections, without closing the test's own."""
    calls = []
    monkeypatch.setattr(warmup.connections, "close_all", lambda: calls.append("closed"))
    return calls


def compiled_templates():
    return {name for _loader, name in engines["jinja2"].env.cache}


def test_warm_up_asks_for_one_page_of_each_kind(application, closed_connections):
    article = ArticleFactory(title="Baclofen withdrawal", tags=["baclofen"])
    page = PageFactory(slug="about")

    statuses = warmup.warm_up(application)

    assert statuses == {
        "/": 200,
        "/articles/": 200,
        "/tags/": 200,
        "/feed/": 200,
        "/robots.txt": 200,
        article.get_absolute_url(): 200,
        article.author.get_absolute_url(): 200,
        reverse("articles:tag", kwargs={"slug": "baclofen"}): 200,
        "/search/?q=withdrawal": 200,
        page.get_absolute_url(): 200,
    }
    assert closed_connections == ["closed"]


def test_warm_up_leaves_the_templates_compiled(application, closed_connections):
    ArticleFactory(tags=["sleep"])
    engines["jinja2"].env.cache.clear()

    warmup.warm_up(application)

    assert {
        "base.html",
        "articles/home.html",
        "articles/article_detail.html",
        "articles/tag_detail.html",
        "articles/author_detail.html",
        "articles/search.html",
    } <= compiled_templates()


def test_warm_up_reads_only_published_articles(application, closed_connections):
    ArticleFactory(slug="draft", status=Article.Status.DRAFT)

    statuses = warmup.warm_up(application)

    assert "/articles/draft/" not in statuses
    assert set(statuses.values()) == {200}


def test_warm_up_speaks_https_to_an_allowed_host(application, closed_connections, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.ALLOWED_HOSTS = [".example.org", "www.example.org"]

    statuses = warmup.warm_up(application)

    assert statuses["/"] == 200  # neither a redirect to HTTPS nor a 400 for the host


def test_a_database_that_does_not_answer_leaves_a_warning_and_no_error(
    application, closed_connections, monkeypatch, caplog
):
    def no_database(*args, **kwargs):
        raise OperationalError("no such table: articles_article")

    monkeypatch.setattr(Article.objects, "published", no_database)

    with caplog.at_level(logging.WARNING, logger="articles.warmup"):
        statuses = warmup.warm_up(application)

    assert statuses == {}
    assert "the database did not answer: no such table" in caplog.text
    assert closed_connections == ["closed"]


def test_a_title_word_outside_ascii_is_searched_encoded(application, closed_connections):
    ArticleFactory(title="Rhodiola rosea für Müdigkeit")

    statuses = warmup.warm_up(application)

    assert statuses["/search/?q=m%C3%BCdigkeit"] == 200
