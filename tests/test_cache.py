"""The page cache serves anonymous readers and is never stale: every change shows at once."""

from datetime import timedelta
from unittest.mock import Mock

import pytest
import time_machine
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from articles import cache as cache_module
from articles.cache import STATE_KEY, content_state, memoize
from articles.models import Article
from articles.sitemaps import ArticleSitemap

from .factories import ArticleFactory, AuthorFactory, PageFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 600
    settings.PAGE_CACHE_MAX_AGE = 60
    settings.PAGE_CACHE_S_MAXAGE = 300


def test_second_anonymous_request_is_served_without_queries(client, django_assert_num_queries):
    article = ArticleFactory()
    client.get(article.get_absolute_url())

    with django_assert_num_queries(0):
        response = client.get(article.get_absolute_url())

    assert response.status_code == 200
    assert article.title.encode() in response.content


@pytest.mark.parametrize(
    "url", ["/sitemap.xml", "/sitemap-articles.xml", "/sitemap-articles.xml?p=2"]
)
def test_sitemap_index_and_its_pages_are_cached(
    client, django_assert_num_queries, monkeypatch, url
):
    monkeypatch.setattr(ArticleSitemap, "limit", 1)
    ArticleFactory.create_batch(2)
    client.get(url)

    with django_assert_num_queries(0):
        response = client.get(url)

    assert response.status_code == 200


def test_publishing_shows_in_the_sitemap_at_once(client):
    draft = ArticleFactory(status=Article.Status.DRAFT)
    client.get(reverse("sitemap"))
    client.get("/sitemap-articles.xml")

    draft.status = Article.Status.PUBLISHED
    draft.save()

    assert draft.get_absolute_url().encode() in client.get("/sitemap-articles.xml").content


def test_publishing_shows_on_home_and_list_at_once(client):
    draft = ArticleFactory(title="Baclofen dosing", status=Article.Status.DRAFT)
    client.get(reverse("articles:home"))
    client.get(reverse("articles:list"))

    draft.status = Article.Status.PUBLISHED
    draft.save()

    assert b"Baclofen dosing" in client.get(reverse("articles:home")).content
    assert b"Baclofen dosing" in client.get(reverse("articles:list")).content


def test_unpublishing_hides_the_article_at_once(client):
    article = ArticleFactory(title="Guaifenesin")
    client.get(article.get_absolute_url())
    client.get(reverse("articles:list"))

    article.status = Article.Status.DRAFT
    article.save()

    assert client.get(article.get_absolute_url()).status_code == 404
    assert b"Guaifenesin" not in client.get(reverse("articles:list")).content


def test_editing_shows_the_new_text_at_once(client):
    article = ArticleFactory(body="<p>Old advice.</p>")
    client.get(article.get_absolute_url())

    article.body = "<p>New advice.</p>"
    article.save()

    content = client.get(article.get_absolute_url()).content
    assert b"New advice." in content
    assert b"Old advice." not in content


def test_tagging_shows_on_the_tag_page_and_article_at_once(client):
    tagged = ArticleFactory(tags=["sleep"])
    article = ArticleFactory(title="Melatonin")
    client.get(reverse("articles:tag", kwargs={"slug": "sleep"}))
    client.get(article.get_absolute_url())

    article.tags.add("sleep")

    assert b"Melatonin" in client.get(reverse("articles:tag", kwargs={"slug": "sleep"})).content
    assert b"sleep" in client.get(article.get_absolute_url()).content
    assert tagged.tags.count() == 1


def test_untagging_removes_the_article_from_the_tag_page_at_once(client):
    ArticleFactory(tags=["sleep"])
    article = ArticleFactory(title="Melatonin", tags=["sleep"])
    client.get(reverse("articles:tag", kwargs={"slug": "sleep"}))

    article.tags.remove("sleep")

    assert b"Melatonin" not in client.get(reverse("articles:tag", kwargs={"slug": "sleep"})).content


def test_renaming_an_author_shows_on_their_articles_at_once(client):
    author = AuthorFactory(name="Martyn F.")
    article = ArticleFactory(author=author)
    client.get(article.get_absolute_url())

    author.name = "Martyn Fisher"
    author.save()

    assert b"Martyn Fisher" in client.get(article.get_absolute_url()).content


def test_page_change_shows_at_once(client):
    page = PageFactory(body="<p>We are a small team.</p>")
    client.get(page.get_absolute_url())

    page.body = "<p>We are a larger team now.</p>"
    page.save()

    assert b"larger team" in client.get(page.get_absolute_url()).content


def test_deleting_an_article_removes_it_at_once(client):
    article = ArticleFactory(title="Pau D'Arco")
    client.get(article.get_absolute_url())
    client.get(reverse("articles:home"))

    article.delete()

    assert client.get(article.get_absolute_url()).status_code == 404
    assert b"Pau D" not in client.get(reverse("articles:home")).content


def test_scheduled_article_appears_at_its_time_with_no_other_change(client):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        # Sooner than the page cache's own expiry (600 s), so only the schedule can renew it.
        ArticleFactory(title="Scheduled one", published_at=timezone.now() + timedelta(minutes=5))
        assert b"Scheduled one" not in client.get(reverse("articles:home")).content

        clock.shift(timedelta(minutes=5, seconds=1))

        assert b"Scheduled one" in client.get(reverse("articles:home")).content


def test_scheduled_article_limits_how_long_shared_caches_keep_the_page(client):
    with time_machine.travel(timezone.now(), tick=False):
        ArticleFactory(published_at=timezone.now() + timedelta(seconds=42))

        response = client.get(reverse("articles:home"))

    assert response["Cache-Control"] == "public, max-age=42, s-maxage=42"


def test_anonymous_page_is_public_with_validators(client):
    article = ArticleFactory()

    response = client.get(article.get_absolute_url())

    assert response["Cache-Control"] == "public, max-age=60, s-maxage=300"
    assert response.has_header("ETag")
    assert response.has_header("Last-Modified")


def test_cached_copy_keeps_its_validators(client):
    article = ArticleFactory()
    first = client.get(article.get_absolute_url())

    second = client.get(article.get_absolute_url())

    assert second["ETag"] == first["ETag"]
    assert second["Last-Modified"] == first["Last-Modified"]


def test_conditional_request_gets_not_modified(client):
    article = ArticleFactory()
    etag = client.get(article.get_absolute_url())["ETag"]

    response = client.get(article.get_absolute_url(), headers={"If-None-Match": etag})

    assert response.status_code == 304
    assert response.content == b""


def test_conditional_request_after_an_edit_gets_the_new_page(client):
    article = ArticleFactory()
    etag = client.get(article.get_absolute_url())["ETag"]
    article.title = "Retitled"
    article.save()

    response = client.get(article.get_absolute_url(), headers={"If-None-Match": etag})

    assert response.status_code == 200
    assert b"Retitled" in response.content


@pytest.mark.parametrize("cached", [False, True])
def test_anonymous_page_sets_no_cookie_and_does_not_vary_on_it(client, cached):
    article = ArticleFactory()
    if cached:
        client.get(article.get_absolute_url())

    response = client.get(article.get_absolute_url())

    assert not response.cookies
    assert "cookie" not in response.get("Vary", "").lower()


def test_signed_in_reader_is_never_served_or_stored_in_the_cache(client):
    article = ArticleFactory(title="Old title")
    client.get(article.get_absolute_url())
    Article.objects.filter(pk=article.pk).update(title="New title")  # no signal: cache not bumped
    client.force_login(UserFactory())

    response = client.get(article.get_absolute_url())

    assert b"New title" in response.content
    assert response["Cache-Control"] == "private, no-store"


def test_cached_copy_is_still_served_to_anonymous_readers_until_a_change_is_signalled(client):
    # The counterpart of the test above: proves the cache was really in use.
    article = ArticleFactory(title="Old title")
    client.get(article.get_absolute_url())
    Article.objects.filter(pk=article.pk).update(title="New title")

    assert b"Old title" in client.get(article.get_absolute_url()).content


def test_admin_is_private_and_not_stored(admin_client):
    response = admin_client.get(reverse("admin:index"))

    assert "private" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]


def test_signed_out_admin_login_page_is_not_public(client):
    response = client.get(reverse("admin:login"))

    assert "public" not in response.get("Cache-Control", "")
    assert "no-store" in response["Cache-Control"]


def test_missing_page_is_not_cached_as_public(client):
    response = client.get(reverse("articles:detail", kwargs={"slug": "not-there"}))

    assert response.status_code == 404
    assert "public" not in response.get("Cache-Control", "")


def test_disabled_page_cache_renders_every_request(client, settings, django_assert_num_queries):
    settings.PAGE_CACHE_SECONDS = 0
    article = ArticleFactory()
    client.get(article.get_absolute_url())

    # article with author, its tags, references, older and newer (no tags: no related query)
    with django_assert_num_queries(4):
        response = client.get(article.get_absolute_url())

    assert response["Cache-Control"] == "public, max-age=60, s-maxage=300"


def test_renaming_a_tag_shows_at_once(client):
    article = ArticleFactory(tags=["sleep"])
    client.get(article.get_absolute_url())
    tag = Tag.objects.get(slug="sleep")

    tag.name = "Sleep hygiene"
    tag.save()

    assert b"Sleep hygiene" in client.get(article.get_absolute_url()).content


def test_new_generation_is_published_after_the_commit(django_capture_on_commit_callbacks):
    content_state()
    scheduled_at = timezone.now() + timedelta(days=1)

    with django_capture_on_commit_callbacks(execute=True):
        ArticleFactory(published_at=scheduled_at)
        assert cache.get(STATE_KEY) is None  # dropped at once, inside the transaction

    assert cache.get(STATE_KEY).next_at == scheduled_at


@pytest.mark.parametrize("page", ["abc", "-1", "0", "99"])
def test_bad_page_numbers_are_not_found_with_cached_counts(client, page):
    ArticleFactory()
    client.get(reverse("articles:list"))  # the count is now cached

    assert client.get(reverse("articles:list"), {"page": page}).status_code == 404


def test_what_a_process_remembers_expires_and_is_bounded(monkeypatch):
    clock = [100.0]
    monkeypatch.setattr(cache_module.time, "monotonic", lambda: clock[0])
    memory = cache_module.ProcessMemory(seconds=60, size=2)
    memory.set("a", 1)

    clock[0] += 59
    kept = memory.get("a")
    clock[0] += 2
    expired = memory.get("a")
    for key in "bcd":
        memory.set(key, key)

    assert (kept, expired) == (1, None)
    assert len(memory._entries) <= 2
    assert memory.get("d") == "d"


def test_a_memo_is_read_from_the_shared_cache_once_per_process(monkeypatch, rf):
    computed = []
    assert memoize(rf.get("/"), "answer", lambda: computed.append(1) or 42) == 42
    shared_cache = Mock(wraps=cache_module.cache)
    monkeypatch.setattr(cache_module, "cache", shared_cache)

    again = [memoize(rf.get("/"), "answer", lambda: computed.append(1) or 0) for _ in range(3)]

    assert again == [42] * 3
    assert computed == [1]
    assert not [call for call in shared_cache.method_calls if "memo:" in str(call)]


def test_a_content_change_makes_every_process_compute_its_memos_again(rf):
    memoize(rf.get("/"), "count", lambda: 1)

    ArticleFactory()

    assert memoize(rf.get("/"), "count", lambda: 2) == 2


def test_the_sitemap_index_reads_the_content_state_once_per_request(client, settings, monkeypatch):
    # Its sections have no request to hand; each memo they read (counts, latest changes, the
    # short sections) uses the state of the request being served.
    settings.PAGE_CACHE_SECONDS = 0
    ArticleFactory.create_batch(2, tags=["baclofen"])
    client.get(reverse("sitemap"))  # computes the memos
    shared_cache = Mock(wraps=cache_module.cache)
    monkeypatch.setattr(cache_module, "cache", shared_cache)

    assert client.get(reverse("sitemap")).status_code == 200

    state_reads = [call for call in shared_cache.get.call_args_list if call.args[0] == STATE_KEY]
    assert len(state_reads) == 1
    assert cache_module._current_request.get() is None  # not kept after the response
