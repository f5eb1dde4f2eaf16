from datetime import timedelta
from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from articles.sitemaps import ArticleSitemap

from .factories import ArticleFactory, AuthorFactory, PageFactory

pytestmark = pytest.mark.django_db

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
UNPUBLISHED = [
    {"status": Article.Status.DRAFT},
    {"status": Article.Status.IN_REVIEW},
    {"published_at": timezone.now() + timedelta(days=3)},
]


def fetch_xml(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return ElementTree.fromstring(response.content)


def sitemap_pages(client):
    """The locations of the sitemap pages the index lists, in its order."""
    root = fetch_xml(client, reverse("sitemap"))
    return [entry.findtext("sm:loc", namespaces=NS) for entry in root.findall("sm:sitemap", NS)]


def sitemap_entries(client):
    """`{loc: lastmod or None}` from every page the sitemap index lists, parsed as XML."""
    entries = {}
    for page in sitemap_pages(client):
        parts = urlsplit(page)
        root = fetch_xml(client, f"{parts.path}?{parts.query}")
        entries.update(
            (url.findtext("sm:loc", namespaces=NS), url.findtext("sm:lastmod", namespaces=NS))
            for url in root.findall("sm:url", NS)
        )
    return entries


def test_sitemap_is_an_index_of_its_sections(client):
    ArticleFactory(tags=["baclofen"])
    PageFactory()

    assert sitemap_pages(client) == [
        f"http://testserver/sitemap-{section}.xml"
        for section in ["sections", "articles", "tags", "authors", "pages"]
    ]


def test_articles_section_is_split_into_pages_newest_first(client, monkeypatch):
    monkeypatch.setattr(ArticleSitemap, "limit", 2)
    oldest, middle, newest = (
        ArticleFactory(published_at=timezone.now() - timedelta(days=days)) for days in (3, 2, 1)
    )

    pages = sitemap_pages(client)
    second = fetch_xml(client, reverse("sitemap_section", kwargs={"section": "articles"}) + "?p=2")

    assert "http://testserver/sitemap-articles.xml?p=2" in pages
    assert "http://testserver/sitemap-articles.xml?p=3" not in pages
    assert [url.findtext("sm:loc", namespaces=NS) for url in second.findall("sm:url", NS)] == [
        f"http://testserver{oldest.get_absolute_url()}"
    ]
    assert client.get("/sitemap-articles.xml?p=3").status_code == 404


@pytest.mark.parametrize("hidden", UNPUBLISHED)
def test_sitemap_index_counts_only_published_articles(client, monkeypatch, hidden):
    monkeypatch.setattr(ArticleSitemap, "limit", 1)
    ArticleFactory()
    ArticleFactory(**hidden)

    assert "http://testserver/sitemap-articles.xml?p=2" not in sitemap_pages(client)


def test_sitemap_index_dates_the_articles_section_by_the_latest_published_change(client):
    live = ArticleFactory()
    ArticleFactory(status=Article.Status.DRAFT)
    Article.objects.filter(pk=live.pk).update(updated_at=timezone.now() - timedelta(days=5))

    root = fetch_xml(client, reverse("sitemap"))

    articles = next(
        entry
        for entry in root.findall("sm:sitemap", NS)
        if entry.findtext("sm:loc", namespaces=NS).endswith("/sitemap-articles.xml")
    )
    lastmod = articles.findtext("sm:lastmod", namespaces=NS)
    assert lastmod.startswith(timezone.localdate(timezone.now() - timedelta(days=5)).isoformat())


def test_sitemap_lists_articles_tags_authors_pages_and_indexes(client):
    article = ArticleFactory(tags=["baclofen"])
    page = PageFactory(slug="about")

    locs = set(sitemap_entries(client))

    assert locs == {
        "http://testserver/",
        "http://testserver/articles/",
        "http://testserver/tags/",
        f"http://testserver{article.get_absolute_url()}",
        "http://testserver/tags/baclofen/",
        f"http://testserver{article.author.get_absolute_url()}",
        f"http://testserver{page.get_absolute_url()}",
    }


def test_every_sitemap_location_is_absolute_and_resolves(client):
    ArticleFactory.create_batch(2, tags=["baclofen", "sleep"])
    PageFactory()

    locs = sitemap_entries(client)

    for loc in locs:
        parts = urlsplit(loc)
        assert (parts.scheme, parts.netloc) == ("http", "testserver")
        assert client.get(parts.path).status_code == 200, loc


def test_article_lastmod_is_its_last_update(client):
    article = ArticleFactory()

    entries = sitemap_entries(client)

    assert entries[f"http://testserver{article.get_absolute_url()}"] == (
        timezone.localdate(article.updated_at).isoformat()
    )


def test_tag_and_author_lastmod_is_their_latest_published_change(client):
    author = AuthorFactory()
    older = ArticleFactory(author=author, tags=["baclofen"])
    newer = ArticleFactory(author=author, tags=["baclofen"])
    Article.objects.filter(pk=older.pk).update(updated_at=timezone.now() - timedelta(days=30))
    Article.objects.filter(pk=newer.pk).update(updated_at=timezone.now() - timedelta(days=3))

    entries = sitemap_entries(client)

    expected = timezone.localdate(timezone.now() - timedelta(days=3)).isoformat()
    assert entries["http://testserver/tags/baclofen/"] == expected
    assert entries[f"http://testserver{author.get_absolute_url()}"] == expected


def test_draft_changes_do_not_move_a_tags_lastmod(client):
    live = ArticleFactory(tags=["baclofen"])
    Article.objects.filter(pk=live.pk).update(updated_at=timezone.now() - timedelta(days=30))
    ArticleFactory(status=Article.Status.DRAFT, tags=["baclofen"])

    entries = sitemap_entries(client)

    expected = timezone.localdate(timezone.now() - timedelta(days=30)).isoformat()
    assert entries["http://testserver/tags/baclofen/"] == expected


@pytest.mark.parametrize("hidden", UNPUBLISHED)
def test_sitemap_leaves_out_unpublished_articles_and_their_only_tags_and_authors(client, hidden):
    ArticleFactory()
    article = ArticleFactory(tags=["secret-drug"], **hidden)

    locs = set(sitemap_entries(client))

    assert f"http://testserver{article.get_absolute_url()}" not in locs
    assert "http://testserver/tags/secret-drug/" not in locs
    assert f"http://testserver{article.author.get_absolute_url()}" not in locs


def test_sitemap_leaves_out_unpublished_pages(client):
    page = PageFactory(is_published=False)

    assert f"http://testserver{page.get_absolute_url()}" not in sitemap_entries(client)


def test_robots_txt_names_the_sitemap_and_keeps_crawlers_out_of_admin_and_previews(client):
    response = client.get(reverse("robots_txt"))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert "Disallow: /admin/" in lines
    assert "Disallow: /preview/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
