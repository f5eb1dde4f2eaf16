"""Each public page runs a fixed number of SQL queries, however many articles and tags exist.

Every article has a hero image and the author a photo: renditions (made during the first request,
inside the counted block) cost no query.
"""

import pytest
from django.urls import reverse

from .factories import ArticleFactory, AuthorFactory, PageFactory, ReferenceFactory, reviewed

pytestmark = pytest.mark.django_db

SIZES = [1, 50]


@pytest.fixture
def archive(request):
    """`request.param` published articles by one author with a photo, each with a hero image and
    two tags, one featured."""
    author = AuthorFactory(slug="martyn-f", with_photo=True)
    for i in range(request.param):
        ArticleFactory(
            author=author, is_featured=i == 0, with_image=True, tags=["baclofen", f"topic-{i}"]
        )
    return author


@pytest.mark.parametrize("archive", SIZES, indirect=True)
def test_home(client, django_assert_max_num_queries, archive):
    # featured, count, page of recent posts (no page query when the featured is the only one)
    with django_assert_max_num_queries(3):
        response = client.get(reverse("articles:home"))

    assert response.status_code == 200
    assert response.content.count(b"<picture>") == min(archive.articles.count(), 11)


@pytest.mark.parametrize("archive", SIZES, indirect=True)
def test_article_list(client, django_assert_num_queries, archive):
    with django_assert_num_queries(2):  # count, page of articles with authors
        response = client.get(reverse("articles:list"))

    assert response.status_code == 200
    assert response.content.count(b"<picture>") == min(archive.articles.count(), 10)


@pytest.mark.parametrize("archive", SIZES, indirect=True)
def test_article_detail_with_all_its_parts(client, django_assert_num_queries, archive):
    article = archive.articles.order_by("published_at")[len(archive.articles.all()) // 2]
    article = reviewed(article)
    ReferenceFactory.create_batch(3, article=article)
    PageFactory(slug="medical-disclaimer")

    # article with author and medical review, its tags, its references, related articles,
    # older and newer article, the disclaimer; images and their renditions cost none
    with django_assert_num_queries(6):
        response = client.get(article.get_absolute_url())

    assert b"Medically reviewed by" in response.content
    assert b"<picture>" in response.content
    assert b'property="og:image"' in response.content


@pytest.mark.parametrize("archive", SIZES, indirect=True)
def test_tag_index(client, django_assert_num_queries, archive):
    with django_assert_num_queries(1):  # tags with their published counts
        assert client.get(reverse("articles:tags")).status_code == 200


@pytest.mark.parametrize("archive", SIZES, indirect=True)
def test_tag_detail(client, django_assert_num_queries, archive):
    with django_assert_num_queries(3):  # tag, count, page of articles
        assert client.get(reverse("articles:tag", kwargs={"slug": "baclofen"})).status_code == 200


@pytest.mark.parametrize("archive", SIZES, indirect=True)
def test_author_detail(client, django_assert_num_queries, archive):
    with django_assert_num_queries(3):  # author, count, page of articles
        response = client.get(archive.get_absolute_url())

    assert response.status_code == 200
    assert response.content.count(b"<picture>") == 1 + min(archive.articles.count(), 10)


def test_page(client, django_assert_num_queries):
    page = PageFactory()

    with django_assert_num_queries(1):
        assert client.get(page.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("archive", SIZES, indirect=True)
@pytest.mark.parametrize("url_name", ["articles:feed", "articles:feed_atom"])
def test_site_feeds(client, django_assert_num_queries, archive, url_name):
    with django_assert_num_queries(2):  # articles with authors, their tags
        assert client.get(reverse(url_name)).status_code == 200


@pytest.mark.parametrize("archive", SIZES, indirect=True)
@pytest.mark.parametrize("url_name", ["articles:tag_feed", "articles:tag_feed_atom"])
def test_tag_feeds(client, django_assert_num_queries, archive, url_name):
    with django_assert_num_queries(3):  # tag, articles with authors, their tags
        assert client.get(reverse(url_name, kwargs={"slug": "baclofen"})).status_code == 200


@pytest.mark.parametrize("archive", SIZES, indirect=True)
@pytest.mark.parametrize("url_name", ["articles:author_feed", "articles:author_feed_atom"])
def test_author_feeds(client, django_assert_num_queries, archive, url_name):
    with django_assert_num_queries(3):  # author, articles with authors, their tags
        assert client.get(reverse(url_name, kwargs={"slug": archive.slug})).status_code == 200


@pytest.mark.parametrize("archive", SIZES, indirect=True)
def test_sitemap(client, django_assert_num_queries, archive):
    PageFactory()

    # a count and a page of items for each of articles, tags, authors and pages
    with django_assert_num_queries(8):
        assert client.get(reverse("sitemap")).status_code == 200


def test_robots_txt(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert client.get(reverse("robots_txt")).status_code == 200


@pytest.mark.parametrize("archive", SIZES, indirect=True)
def test_search(client, django_assert_num_queries, archive):
    with django_assert_num_queries(3):  # synonyms, count, page of ranked articles with authors
        response = client.get(reverse("articles:search"), {"q": "baclofen"})

    assert len(response.context["page_obj"]) == min(archive.articles.count(), 10)


@pytest.mark.parametrize("archive", SIZES, indirect=True)
def test_search_without_results_offers_a_suggestion(client, django_assert_num_queries, archive):
    with django_assert_num_queries(4):  # synonyms, count, published titles, their tags
        response = client.get(reverse("articles:search"), {"q": "baclofn"})

    assert response.context["suggestion"] == "baclofen"


def test_search_without_a_query(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert client.get(reverse("articles:search")).status_code == 200
