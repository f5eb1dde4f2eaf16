from datetime import timedelta

import feedparser
import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article

from .factories import ArticleFactory, AuthorFactory

pytestmark = pytest.mark.django_db

UNPUBLISHED = [
    {"status": Article.Status.DRAFT},
    {"status": Article.Status.IN_REVIEW},
    {"published_at": timezone.now() + timedelta(days=3)},
]
SITE_FEEDS = ["articles:feed", "articles:feed_atom"]
TAG_FEEDS = ["articles:tag_feed", "articles:tag_feed_atom"]
AUTHOR_FEEDS = ["articles:author_feed", "articles:author_feed_atom"]


def fetch(client, url):
    response = client.get(url)
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert feed.bozo == 0, feed.get("bozo_exception")
    return feed


def test_rss_feed_is_rss_2(client):
    ArticleFactory()

    feed = fetch(client, reverse("articles:feed"))

    assert feed.version == "rss20"
    assert feed.feed.title == "Health and Wellness"


def test_atom_feed_is_atom_1(client):
    ArticleFactory()

    feed = fetch(client, reverse("articles:feed_atom"))

    assert feed.version == "atom10"
    assert feed.feed.link == "http://testserver/"


@pytest.mark.parametrize("url_name", SITE_FEEDS)
def test_feed_entry_has_title_absolute_link_summary_author_and_tags(client, url_name):
    article = ArticleFactory(
        title="Baclofen guide",
        summary="What to expect from baclofen.",
        author=AuthorFactory(name="Martyn F.", credentials="PharmD"),
        tags=["baclofen"],
    )

    [entry] = fetch(client, reverse(url_name)).entries

    assert entry.title == "Baclofen guide"
    assert entry.link == f"http://testserver{article.get_absolute_url()}"
    assert entry.summary == "What to expect from baclofen."
    assert entry.author == "Martyn F., PharmD"
    assert [tag.term for tag in entry.tags] == ["baclofen"]


def test_atom_entry_author_links_to_the_author_page(client):
    article = ArticleFactory()

    [entry] = fetch(client, reverse("articles:feed_atom")).entries

    assert entry.author_detail.href == f"http://testserver{article.author.get_absolute_url()}"


@pytest.mark.parametrize("url_name", SITE_FEEDS)
def test_feed_entries_are_newest_first(client, url_name):
    old = ArticleFactory(published_at=timezone.now() - timedelta(days=2))
    new = ArticleFactory(published_at=timezone.now() - timedelta(days=1))

    feed = fetch(client, reverse(url_name))

    assert [entry.title for entry in feed.entries] == [new.title, old.title]


def test_rss_entry_has_published_date(client):
    article = ArticleFactory(published_at=timezone.now() - timedelta(days=2))

    [entry] = fetch(client, reverse("articles:feed")).entries

    assert entry.published_parsed[:6] == article.published_at.utctimetuple()[:6]


def test_atom_entry_has_published_and_updated_dates(client):
    article = ArticleFactory(published_at=timezone.now() - timedelta(days=2))

    [entry] = fetch(client, reverse("articles:feed_atom")).entries

    assert entry.published_parsed[:6] == article.published_at.utctimetuple()[:6]
    assert entry.updated_parsed[:6] == article.updated_at.utctimetuple()[:6]


@pytest.mark.parametrize("url_name", SITE_FEEDS)
def test_feed_entry_ids_are_unique_and_survive_a_new_slug(client, url_name):
    first, second = ArticleFactory.create_batch(2)
    before = {entry.title: entry.id for entry in fetch(client, reverse(url_name)).entries}

    first.slug = "a-new-slug"
    first.save()
    after = {entry.title: entry.id for entry in fetch(client, reverse(url_name)).entries}

    assert before == after
    assert before[first.title] != before[second.title]
    assert before[first.title].startswith("tag:testserver,")


def test_feed_holds_the_newest_twenty(client):
    ArticleFactory.create_batch(21)

    assert len(fetch(client, reverse("articles:feed")).entries) == 20


@pytest.mark.parametrize("url_name", SITE_FEEDS)
@pytest.mark.parametrize("hidden", UNPUBLISHED)
def test_feed_hides_unpublished_articles(client, url_name, hidden):
    live = ArticleFactory()
    ArticleFactory(title="Hidden one", **hidden)

    feed = fetch(client, reverse(url_name))

    assert [entry.title for entry in feed.entries] == [live.title]


@pytest.mark.parametrize("url_name", TAG_FEEDS)
def test_tag_feed_holds_that_tags_articles(client, url_name):
    tagged = ArticleFactory(tags=["baclofen"])
    ArticleFactory(tags=["guaifenesin"])

    feed = fetch(client, reverse(url_name, kwargs={"slug": "baclofen"}))

    assert [entry.title for entry in feed.entries] == [tagged.title]
    assert feed.feed.title == "baclofen – Health and Wellness"
    assert feed.feed.link == "http://testserver/tags/baclofen/"


@pytest.mark.parametrize("url_name", TAG_FEEDS)
@pytest.mark.parametrize("hidden", UNPUBLISHED)
def test_tag_feed_hides_unpublished_articles(client, url_name, hidden):
    live = ArticleFactory(tags=["baclofen"])
    ArticleFactory(title="Hidden one", tags=["baclofen"], **hidden)

    feed = fetch(client, reverse(url_name, kwargs={"slug": "baclofen"}))

    assert [entry.title for entry in feed.entries] == [live.title]


@pytest.mark.parametrize("url_name", TAG_FEEDS)
def test_tag_feed_of_a_tag_only_drafts_carry_is_404(client, url_name):
    ArticleFactory(status=Article.Status.DRAFT, tags=["secret-drug"])

    response = client.get(reverse(url_name, kwargs={"slug": "secret-drug"}))

    assert response.status_code == 404


@pytest.mark.parametrize("url_name", TAG_FEEDS + AUTHOR_FEEDS)
def test_feed_of_unknown_tag_or_author_is_404(client, url_name):
    assert client.get(reverse(url_name, kwargs={"slug": "nope"})).status_code == 404


@pytest.mark.parametrize("url_name", AUTHOR_FEEDS)
def test_author_feed_holds_that_authors_articles(client, url_name):
    author = AuthorFactory(name="Martyn F.")
    mine = ArticleFactory(author=author)
    ArticleFactory()

    feed = fetch(client, reverse(url_name, kwargs={"slug": author.slug}))

    assert [entry.title for entry in feed.entries] == [mine.title]
    assert feed.feed.link == f"http://testserver{author.get_absolute_url()}"


@pytest.mark.parametrize("url_name", AUTHOR_FEEDS)
@pytest.mark.parametrize("hidden", UNPUBLISHED)
def test_author_feed_hides_unpublished_articles(client, url_name, hidden):
    author = AuthorFactory()
    live = ArticleFactory(author=author)
    ArticleFactory(title="Hidden one", author=author, **hidden)

    feed = fetch(client, reverse(url_name, kwargs={"slug": author.slug}))

    assert [entry.title for entry in feed.entries] == [live.title]


def test_hostile_title_is_escaped_in_the_feed(client):
    ArticleFactory(title="<script>alert(1)</script> & more")

    response = client.get(reverse("articles:feed"))

    assert b"<script>" not in response.content
    assert feedparser.parse(response.content).entries[0].title == (
        "<script>alert(1)</script> & more"
    )
