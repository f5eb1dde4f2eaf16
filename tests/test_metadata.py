import re

import pytest
from django.urls import reverse
from django.utils import timezone

from .factories import ArticleFactory, AuthorFactory, PageFactory

pytestmark = pytest.mark.django_db


def meta(content, attribute, name):
    """The content of `<meta {attribute}="{name}" content="…">`."""
    match = re.search(rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)">', content)
    return match[1] if match else None


def canonical(content):
    return re.search(r'<link rel="canonical" href="([^"]*)">', content)[1]


@pytest.fixture
def site():
    article = ArticleFactory(
        title="Baclofen guide",
        summary="What to expect from baclofen.",
        slug="baclofen-guide",
        author=AuthorFactory(name="Martyn F.", slug="martyn-f", bio="A pharmacist."),
        tags=["baclofen"],
    )
    PageFactory(slug="about", title="About Us", body="<p>Who we are.</p>")
    return article


PAGES = {
    "home": ("/", "Health and Wellness"),
    "list": ("/articles/", "All articles – Health and Wellness"),
    "article": ("/articles/baclofen-guide/", "Baclofen guide – Health and Wellness"),
    "tags": ("/tags/", "Topics – Health and Wellness"),
    "tag": ("/tags/baclofen/", "baclofen – Health and Wellness"),
    "author": ("/authors/martyn-f/", "Martyn F. – Health and Wellness"),
    "page": ("/about/", "About Us – Health and Wellness"),
}


@pytest.mark.parametrize(("path", "title"), PAGES.values(), ids=PAGES.keys())
def test_every_page_has_its_own_title(client, site, path, title):
    content = client.get(path).content.decode()

    assert f"<title>{title}</title>" in content


@pytest.mark.parametrize(("path", "title"), PAGES.values(), ids=PAGES.keys())
def test_every_page_has_an_absolute_canonical_url_without_stray_parameters(
    client, site, path, title
):
    content = client.get(path, {"utm_source": "newsletter"}).content.decode()

    assert canonical(content) == f"http://testserver{path}"
    assert meta(content, "property", "og:url") == f"http://testserver{path}"


@pytest.mark.parametrize(("path", "title"), PAGES.values(), ids=PAGES.keys())
def test_every_page_has_open_graph_and_twitter_tags(client, site, path, title):
    content = client.get(path).content.decode()

    assert meta(content, "property", "og:title")
    assert meta(content, "property", "og:description")
    assert meta(content, "property", "og:site_name") == "Health and Wellness"
    assert meta(content, "name", "twitter:card") == "summary"
    assert meta(content, "name", "twitter:title") == meta(content, "property", "og:title")


@pytest.mark.parametrize(("path", "title"), PAGES.values(), ids=PAGES.keys())
def test_every_page_advertises_the_site_feeds(client, site, path, title):
    content = client.get(path).content.decode()

    assert '<link rel="alternate" type="application/rss+xml"' in content
    assert 'href="/feed/"' in content
    assert 'href="/feed/atom/"' in content


def test_article_page_meta_describes_the_article(client, site):
    content = client.get(site.get_absolute_url()).content.decode()

    assert meta(content, "name", "description") == "What to expect from baclofen."
    assert meta(content, "property", "og:type") == "article"
    assert meta(content, "property", "og:title") == "Baclofen guide"
    assert meta(content, "property", "article:published_time") == (
        timezone.localtime(site.published_at).isoformat()
    )
    assert meta(content, "property", "article:tag") == "baclofen"


def test_author_page_meta_uses_the_bio(client, site):
    content = client.get("/authors/martyn-f/").content.decode()

    assert meta(content, "name", "description") == "A pharmacist."
    assert meta(content, "property", "og:type") == "profile"


def test_tag_page_advertises_its_own_feeds(client, site):
    content = client.get(reverse("articles:tag", kwargs={"slug": "baclofen"})).content.decode()

    assert 'href="/tags/baclofen/feed/"' in content
    assert 'href="/tags/baclofen/feed/atom/"' in content


def test_author_page_advertises_its_own_feeds(client, site):
    content = client.get("/authors/martyn-f/").content.decode()

    assert 'href="/authors/martyn-f/feed/"' in content
    assert 'href="/authors/martyn-f/feed/atom/"' in content


def test_later_pages_of_a_list_are_their_own_canonical_page(client):
    ArticleFactory.create_batch(11)

    content = client.get(reverse("articles:list"), {"page": 2}).content.decode()

    assert canonical(content) == "http://testserver/articles/?page=2"
    assert "<title>All articles (page 2) – Health and Wellness</title>" in content


def test_first_page_of_a_list_is_canonical_without_page_number(client):
    ArticleFactory.create_batch(11)

    content = client.get(reverse("articles:list"), {"page": 1}).content.decode()

    assert canonical(content) == "http://testserver/articles/"


def test_later_home_pages_are_titled_by_page_number(client):
    ArticleFactory.create_batch(12)

    content = client.get(reverse("articles:home"), {"page": 2}).content.decode()

    assert "<title>Page 2 – Health and Wellness</title>" in content


def test_hostile_title_is_escaped_in_meta_tags(client):
    article = ArticleFactory(title='"><script>alert(1)</script>', summary='"><b>x</b>')

    content = client.get(article.get_absolute_url()).content.decode()

    assert "<script>alert(1)" not in content
    assert "<b>x</b>" not in content


@pytest.mark.parametrize(("path", "title"), PAGES.values(), ids=PAGES.keys())
def test_pages_have_no_inline_script_or_style(client, site, path, title):
    content = client.get(path).content.decode()

    scripts = re.findall(r"<script[^>]*>", content)
    assert all(tag == '<script type="application/ld+json">' for tag in scripts)
    assert "style=" not in content
