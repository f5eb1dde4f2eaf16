from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article

from .factories import ArticleFactory, AuthorFactory, PageFactory

pytestmark = pytest.mark.django_db

UNPUBLISHED = [
    {"status": Article.Status.DRAFT},
    {"status": Article.Status.IN_REVIEW},
    {"published_at": timezone.now() + timedelta(days=3)},
]


def test_home_shows_featured_card_and_recent_posts(client):
    featured = ArticleFactory(title="Baclofen for Pudendal Neuralgia", is_featured=True)
    recent = ArticleFactory(title="Guaifenesin and Liver Health")

    response = client.get(reverse("articles:home"))

    assert response.status_code == 200
    assert response.context["featured"] == featured
    assert list(response.context["page_obj"]) == [recent]
    assert b"Health and Wellness" in response.content
    assert b"More Detail" in response.content
    assert b"Recent posts" in response.content


def test_home_without_featured_article_lists_everything(client):
    article = ArticleFactory()

    response = client.get(reverse("articles:home"))

    assert response.context["featured"] is None
    assert list(response.context["page_obj"]) == [article]


@pytest.mark.parametrize("hidden", UNPUBLISHED)
def test_home_hides_unpublished_articles_even_when_featured(client, hidden):
    ArticleFactory(title="Hidden one", is_featured=True, **hidden)

    response = client.get(reverse("articles:home"))

    assert response.context["featured"] is None
    assert b"Hidden one" not in response.content


def test_article_list_is_newest_first(client):
    old = ArticleFactory(published_at=timezone.now() - timedelta(days=2))
    new = ArticleFactory(published_at=timezone.now() - timedelta(days=1))

    response = client.get(reverse("articles:list"))

    assert list(response.context["page_obj"]) == [new, old]


@pytest.mark.parametrize("hidden", UNPUBLISHED)
def test_article_list_hides_unpublished(client, hidden):
    ArticleFactory(title="Hidden one", **hidden)

    response = client.get(reverse("articles:list"))

    assert list(response.context["page_obj"]) == []
    assert b"Hidden one" not in response.content


def test_article_page_shows_title_byline_date_tags_and_body(client):
    article = ArticleFactory(
        title="Baclofen guide",
        body="<h2>How baclofen works</h2><p>Calms overactive nerves.</p>",
        tags=["baclofen"],
    )

    response = client.get(article.get_absolute_url())

    content = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Baclofen guide</h1>" in content
    assert article.author.name in content
    assert article.published_at.strftime("%Y-%m-%d") in content
    assert '<h2 id="how-baclofen-works">How baclofen works</h2>' in content
    assert reverse("articles:tag", kwargs={"slug": "baclofen"}) in content


@pytest.mark.parametrize("hidden", UNPUBLISHED)
def test_unpublished_article_is_404_by_direct_url(client, hidden):
    article = ArticleFactory(**hidden)

    response = client.get(article.get_absolute_url())

    assert response.status_code == 404
    assert article.title.encode() not in response.content


def test_unknown_article_is_404(client):
    assert client.get(reverse("articles:detail", kwargs={"slug": "nope"})).status_code == 404


def test_tag_page_lists_that_tags_published_articles(client):
    tagged = ArticleFactory(tags=["baclofen"])
    ArticleFactory(tags=["guaifenesin"])
    ArticleFactory(status=Article.Status.DRAFT, tags=["baclofen"])

    response = client.get(reverse("articles:tag", kwargs={"slug": "baclofen"}))

    assert response.status_code == 200
    assert list(response.context["page_obj"]) == [tagged]


@pytest.mark.parametrize("hidden", UNPUBLISHED)
def test_tag_page_hides_unpublished_articles(client, hidden):
    live = ArticleFactory(tags=["baclofen"])
    ArticleFactory(title="Hidden one", tags=["baclofen"], **hidden)

    response = client.get(reverse("articles:tag", kwargs={"slug": "baclofen"}))

    assert list(response.context["page_obj"]) == [live]
    assert b"Hidden one" not in response.content


@pytest.mark.parametrize("hidden", UNPUBLISHED)
def test_author_page_hides_unpublished_articles(client, hidden):
    author = AuthorFactory()
    live = ArticleFactory(author=author)
    ArticleFactory(title="Hidden one", author=author, **hidden)

    response = client.get(author.get_absolute_url())

    assert list(response.context["page_obj"]) == [live]
    assert b"Hidden one" not in response.content


def test_tag_with_only_unpublished_articles_is_404(client):
    ArticleFactory(status=Article.Status.DRAFT, tags=["secret-drug"])

    assert client.get(reverse("articles:tag", kwargs={"slug": "secret-drug"})).status_code == 404


def test_unknown_tag_is_404(client):
    assert client.get(reverse("articles:tag", kwargs={"slug": "nope"})).status_code == 404


def test_tag_index_lists_tags_with_counts(client):
    ArticleFactory.create_batch(2, tags=["baclofen"])
    ArticleFactory(tags=["Pau D'Arco"])

    response = client.get(reverse("articles:tags"))

    assert [(t.name, t.num_articles) for t in response.context["tags"]] == [
        ("baclofen", 2),
        ("Pau D'Arco", 1),
    ]
    assert b"(2 articles)" in response.content


def test_author_page_shows_author_and_their_published_articles(client):
    author = AuthorFactory(name="Martyn F.", credentials="PharmD", bio="Pharmacist.")
    mine = ArticleFactory(author=author)
    ArticleFactory(author=author, status=Article.Status.DRAFT)
    ArticleFactory()

    response = client.get(author.get_absolute_url())

    assert response.status_code == 200
    assert list(response.context["page_obj"]) == [mine]
    assert b"Martyn F." in response.content
    assert b"PharmD" in response.content


def test_unknown_author_is_404(client):
    assert client.get(reverse("articles:author", kwargs={"slug": "nope"})).status_code == 404


def test_about_page_is_shown(client):
    PageFactory(slug="about", title="About Us", body="<p>Who we are.</p>")

    response = client.get("/about/")

    assert response.status_code == 200
    assert b"<h1>About Us</h1>" in response.content
    assert b"<p>Who we are.</p>" in response.content


def test_unpublished_page_is_404(client):
    page = PageFactory(is_published=False)

    assert client.get(page.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("page", ["abc", "0", "-1", "999999", "1.5", "9" * 50])
@pytest.mark.parametrize(
    "url",
    [
        reverse("articles:home"),
        reverse("articles:list"),
        reverse("articles:tag", kwargs={"slug": "baclofen"}),
    ],
)
def test_bad_page_numbers_are_404_not_500(client, url, page):
    ArticleFactory(tags=["baclofen"])

    assert client.get(url, {"page": page}).status_code == 404


def test_author_page_bad_page_number_is_404(client):
    article = ArticleFactory()

    assert client.get(article.author.get_absolute_url(), {"page": "abc"}).status_code == 404


def test_second_page_holds_the_older_articles(client):
    ArticleFactory.create_batch(12)

    response = client.get(reverse("articles:list"), {"page": 2})

    assert response.status_code == 200
    assert len(response.context["page_obj"]) == 2


def test_404_page_is_the_sites_own(client):
    response = client.get("/no/such/place/")

    assert response.status_code == 404
    assert b"Page not found" in response.content
