"""Each public page runs a fixed number of SQL queries, however many articles and tags exist.

Every article has a hero image and the author a photo: renditions (made during the first request,
inside the counted block) cost no query.
"""

import pytest
from django.urls import reverse

from .factories import ArticleFactory, AuthorFactory, PageFactory

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
def test_article_detail(client, django_assert_num_queries, archive):
    article = archive.articles.first()

    with django_assert_num_queries(2):  # article with author, its tags
        response = client.get(article.get_absolute_url())

    assert response.status_code == 200
    assert response.content.count(b"<picture>") == 1
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
