"""Each public page runs a fixed number of SQL queries, however many articles and tags exist.

Every article has a hero image and the author a photo: renditions (made during the first request,
inside the counted block) cost no query.

Counted cold: the page cache is off, and the first request after a content change also looks up
when the next scheduled article goes live ("next publication", once per content generation for
the whole site, articles.cache) and counts its list (once per generation and list).
"""

import pytest
from django.urls import reverse

from articles import listings, pagination
from articles.models import Article

from .factories import ArticleFactory, AuthorFactory, PageFactory, ReferenceFactory, reviewed

pytestmark = pytest.mark.django_db

SIZES = [1, 50]


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 0


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
    # next publication, featured, count, page of recent posts (none when only the featured)
    with django_assert_max_num_queries(4):
        response = client.get(reverse("articles:home"))

    assert response.status_code == 200
    assert response.content.count(b"<picture>") == min(archive.articles.count(), 11)


@pytest.mark.parametrize("archive", SIZES, indirect=True)
def test_article_list(client, django_assert_num_queries, archive):
    with django_assert_num_queries(3):  # next publication, count, page of articles with authors
        response = client.get(reverse("articles:list"))

    assert response.status_code == 200
    assert response.content.count(b"<picture>") == min(archive.articles.count(), 10)


@pytest.mark.parametrize("archive", SIZES, indirect=True)
def test_article_detail_with_all_its_parts(client, django_assert_num_queries, archive):
    article = archive.articles.order_by("published_at")[len(archive.articles.all()) // 2]
    article = reviewed(article)
    ReferenceFactory.create_batch(3, article=article)
    PageFactory(slug="medical-disclaimer")

    # next publication, article with author, medical review and disclaimer, its tags, its
    # references, related articles, older and newer article; images and renditions cost none
    with django_assert_num_queries(6):
        response = client.get(article.get_absolute_url())

    assert b"Medically reviewed by" in response.content
    assert b"<picture>" in response.content
    assert b'property="og:image"' in response.content


@pytest.mark.parametrize("archive", SIZES, indirect=True)
def test_tag_index(client, django_assert_num_queries, archive):
    with django_assert_num_queries(2):  # next publication, tags with their published counts
        assert client.get(reverse("articles:tags")).status_code == 200


@pytest.mark.parametrize("archive", SIZES, indirect=True)
def test_tag_detail(client, django_assert_num_queries, archive):
    with django_assert_num_queries(4):  # next publication, tag, count, page of articles
        assert client.get(reverse("articles:tag", kwargs={"slug": "baclofen"})).status_code == 200


@pytest.mark.parametrize("archive", SIZES, indirect=True)
def test_author_detail(client, django_assert_num_queries, archive):
    with django_assert_num_queries(4):  # next publication, author, count, page of articles
        response = client.get(archive.get_absolute_url())

    assert response.status_code == 200
    assert response.content.count(b"<picture>") == 1 + min(archive.articles.count(), 10)


def test_page(client, django_assert_num_queries):
    page = PageFactory()

    with django_assert_num_queries(2):  # next publication, page
        assert client.get(page.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("archive", SIZES, indirect=True)
@pytest.mark.parametrize("url_name", ["articles:feed", "articles:feed_atom"])
def test_site_feeds(client, django_assert_num_queries, archive, url_name):
    with django_assert_num_queries(3):  # next publication, articles with authors, their tags
        assert client.get(reverse(url_name)).status_code == 200


@pytest.mark.parametrize("archive", SIZES, indirect=True)
@pytest.mark.parametrize("url_name", ["articles:tag_feed", "articles:tag_feed_atom"])
def test_tag_feeds(client, django_assert_num_queries, archive, url_name):
    with django_assert_num_queries(4):  # next publication, tag, articles with authors, tags
        assert client.get(reverse(url_name, kwargs={"slug": "baclofen"})).status_code == 200


@pytest.mark.parametrize("archive", SIZES, indirect=True)
@pytest.mark.parametrize("url_name", ["articles:author_feed", "articles:author_feed_atom"])
def test_author_feeds(client, django_assert_num_queries, archive, url_name):
    with django_assert_num_queries(4):  # next publication, author, articles with authors, tags
        assert client.get(reverse(url_name, kwargs={"slug": archive.slug})).status_code == 200


@pytest.mark.parametrize("archive", SIZES, indirect=True)
def test_sitemap_index(client, django_assert_num_queries, archive):
    PageFactory()

    # next publication; the articles' count and latest change; the tags, authors and pages
    # with published content as lists (each once per content generation)
    with django_assert_num_queries(6):
        assert client.get(reverse("sitemap")).status_code == 200

    with django_assert_num_queries(0):  # all memoized
        assert client.get(reverse("sitemap")).status_code == 200


@pytest.mark.parametrize("archive", SIZES, indirect=True)
def test_sitemap_articles_section(client, django_assert_num_queries, archive):
    with django_assert_num_queries(3):  # next publication, count, the page's articles
        response = client.get(reverse("sitemap_section", kwargs={"section": "articles"}))

    assert response.content.count(b"<url>") == archive.articles.count()


def test_robots_txt(client, django_assert_num_queries):
    with django_assert_num_queries(1):  # next publication
        assert client.get(reverse("robots_txt")).status_code == 200


@pytest.mark.parametrize("archive", [50], indirect=True)
def test_list_counts_once_per_content_generation(client, django_assert_num_queries, archive):
    client.get(reverse("articles:list"))

    with django_assert_num_queries(1):  # page of articles with authors only
        assert client.get(reverse("articles:list") + "?page=2").status_code == 200


@pytest.mark.parametrize("url_name", ["articles:home", "articles:list"])
def test_list_page_builds_its_queryset_only_to_count_the_list(client, monkeypatch, url_name):
    ArticleFactory.create_batch(3)
    client.get(reverse(url_name))  # counts the list, once per content generation

    def build(**values):
        raise AssertionError("the list's queryset was built again")

    monkeypatch.setattr(listings, "articles", build)

    assert client.get(reverse(url_name)).status_code == 200


def test_deep_page_reads_only_its_own_rows(client, django_assert_num_queries, monkeypatch):
    monkeypatch.setattr(pagination, "DEEP_OFFSET", 10)  # page 2 counts as deep here
    articles = ArticleFactory.create_batch(25)
    client.get(reverse("articles:list"))

    with django_assert_num_queries(2):  # ids of the page's rows, those rows with authors
        response = client.get(reverse("articles:list"), {"page": 2})

    newest_first = sorted(articles, key=lambda a: (a.published_at, a.pk), reverse=True)
    assert list(response.context["page_obj"]) == newest_first[10:20]


def test_cached_count_belongs_to_its_own_query_string(rf):
    articles = ArticleFactory.create_batch(3)
    request = rf.get("/articles/", {"q": "all"})
    assert pagination.CachedCountPaginator(Article.objects.all(), 10, request=request).count == 3
    other = rf.get("/articles/", {"q": "one"})

    count = pagination.CachedCountPaginator(
        Article.objects.filter(pk=articles[0].pk), 10, request=other
    ).count

    assert count == 1


@pytest.mark.parametrize("archive", SIZES, indirect=True)
def test_search(client, django_assert_num_queries, archive):
    # next publication, synonyms, the page's ranked ids with the count, their articles with
    # authors and snippets
    with django_assert_num_queries(4):
        response = client.get(reverse("articles:search"), {"q": "baclofen"})

    assert len(response.context["page_obj"]) == min(archive.articles.count(), 10)


@pytest.mark.parametrize("archive", [12, 50], indirect=True)  # two pages at least
def test_a_later_search_page_counts_with_its_own_ids(client, django_assert_num_queries, archive):
    with django_assert_num_queries(4):
        response = client.get(reverse("articles:search"), {"q": "baclofen", "page": 2})

    assert len(response.context["page_obj"]) == min(archive.articles.count() - 10, 10)


@pytest.mark.parametrize("archive", SIZES, indirect=True)
def test_search_without_results_offers_a_suggestion(client, django_assert_num_queries, archive):
    # next publication, synonyms, count, newest published titles and published tags for "did you
    # mean"
    with django_assert_num_queries(4):
        response = client.get(reverse("articles:search"), {"q": "baclofn"})

    assert response.context["suggestion"] == "baclofen"


def test_search_without_a_query(client, django_assert_num_queries):
    with django_assert_num_queries(1):  # next publication
        assert client.get(reverse("articles:search")).status_code == 200


def test_list_pages_are_read_by_their_rows_function_before_deep_offset(rf, monkeypatch):
    monkeypatch.setattr(pagination, "DEEP_OFFSET", 20)
    ArticleFactory.create_batch(25)
    calls = []

    def rows(bottom, top):
        calls.append((bottom, top))
        return list(Article.objects.published()[bottom:top])

    paginator = pagination.CachedCountPaginator(
        Article.objects.published(), 10, request=rf.get("/articles/"), rows=rows
    )

    assert len(paginator.page(2).object_list) == 10
    assert list(paginator.page(3).object_list) == list(Article.objects.published()[20:25])
    assert calls == [(10, 20)]  # page 3 starts at the deep offset: read from the queryset
