from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from articles import models
from articles.models import Article

from .factories import (
    ArticleFactory,
    AuthorFactory,
    PageFactory,
    ReferenceFactory,
    TagDescriptionFactory,
)

pytestmark = pytest.mark.django_db

UNPUBLISHED = [
    {"status": Article.Status.DRAFT},
    {"status": Article.Status.IN_REVIEW},
    {"published_at": timezone.now() + timedelta(days=3)},
]


def days_ago(days):
    return timezone.now() - timedelta(days=days)


def test_reading_time_is_worked_out_when_saved():
    article = ArticleFactory(body="<p>" + "word " * 450 + "</p>")

    article.refresh_from_db()
    assert article.reading_minutes == 3


def test_article_page_shows_reading_time(client):
    article = ArticleFactory(body="<p>" + "word " * 450 + "</p>")

    response = client.get(article.get_absolute_url())

    assert b"3 min read" in response.content


def test_article_page_shows_table_of_contents_linking_to_headings(client):
    article = ArticleFactory(body="<h2>How it works</h2><p>a</p><h2>Side effects</h2><p>b</p>")

    content = client.get(article.get_absolute_url()).content.decode()

    assert '<a href="#how-it-works">How it works</a>' in content
    assert '<a href="#side-effects">Side effects</a>' in content
    assert '<h2 id="side-effects">Side effects</h2>' in content


def test_article_with_one_heading_has_no_table_of_contents(client):
    article = ArticleFactory(body="<h2>Only one</h2><p>a</p>")

    content = client.get(article.get_absolute_url()).content.decode()

    assert 'aria-labelledby="contents"' not in content


def test_references_are_a_numbered_list_in_their_order(client):
    article = ArticleFactory()
    ReferenceFactory(article=article, order=2, title="Second source")
    ReferenceFactory(article=article, order=1, title="First source")

    response = client.get(article.get_absolute_url())

    content = response.content.decode()
    assert '<h2 id="references">References</h2>' in content
    assert content.index('<li id="ref-1">') < content.index("First source")
    assert content.index("First source") < content.index('<li id="ref-2">')
    assert content.index('<li id="ref-2">') < content.index("Second source")


def test_reference_links_to_its_source_doi_and_pubmed(client):
    reference = ReferenceFactory(
        authors="Smith J",
        title="Baclofen trial",
        publisher="BMJ",
        year=2021,
        url="https://example.org/trial",
        doi="10.1136/bmj.n71",
        pmid="33782057",
    )

    content = client.get(reference.article.get_absolute_url()).content.decode()

    assert '<a href="https://example.org/trial">Baclofen trial</a>' in content
    assert '<a href="https://doi.org/10.1136/bmj.n71">DOI: 10.1136/bmj.n71</a>' in content
    assert '<a href="https://pubmed.ncbi.nlm.nih.gov/33782057/">PubMed: 33782057</a>' in content
    assert "Smith J." in content
    assert "<i>BMJ</i>, 2021." in content


def test_reference_with_a_non_web_url_is_not_a_link(client):
    reference = ReferenceFactory(title="Odd source", url="javascript:alert(1)")

    content = client.get(reference.article.get_absolute_url()).content.decode()

    assert "javascript:" not in content
    assert "<cite>Odd source</cite>" in content


def test_article_without_references_has_no_references_section(client):
    article = ArticleFactory()

    assert b'id="references"' not in client.get(article.get_absolute_url()).content


def test_citation_in_the_body_links_to_its_reference(client):
    article = ArticleFactory(body="<p>Baclofen relaxes muscles [1].</p>")
    ReferenceFactory(article=article)

    content = client.get(article.get_absolute_url()).content.decode()

    assert 'muscles <a aria-label="Reference 1" class="citation" href="#ref-1">[1]</a>.' in content
    assert '<li id="ref-1">' in content


def test_related_articles_share_a_tag_most_shared_first(client):
    article = ArticleFactory(tags=["baclofen", "spasticity"])
    one_shared = ArticleFactory(tags=["baclofen"], published_at=days_ago(0.5))
    two_shared = ArticleFactory(tags=["baclofen", "spasticity"], published_at=days_ago(3))
    ArticleFactory(tags=["guaifenesin"])

    response = client.get(article.get_absolute_url())

    assert list(response.context["related_articles"]) == [two_shared, one_shared]


def test_related_articles_are_at_most_three(client):
    article = ArticleFactory(tags=["baclofen"])
    ArticleFactory.create_batch(4, tags=["baclofen"])

    response = client.get(article.get_absolute_url())

    assert len(response.context["related_articles"]) == 3


def test_article_without_tags_has_no_related_articles(client):
    article = ArticleFactory()
    ArticleFactory(tags=["baclofen"])

    response = client.get(article.get_absolute_url())

    assert list(response.context["related_articles"]) == []
    assert b'id="related"' not in response.content


@pytest.mark.parametrize("hidden", UNPUBLISHED)
def test_related_articles_leave_out_unpublished(client, hidden):
    article = ArticleFactory(tags=["baclofen"])
    ArticleFactory(title="Hidden one", tags=["baclofen"], **hidden)

    response = client.get(article.get_absolute_url())

    assert list(response.context["related_articles"]) == []
    assert b"Hidden one" not in response.content


def test_related_articles_never_include_the_article_itself(client):
    article = ArticleFactory(tags=["baclofen", "spasticity"])
    other = ArticleFactory(tags=["baclofen"])

    response = client.get(article.get_absolute_url())

    assert list(response.context["related_articles"]) == [other]


def test_related_articles_come_from_each_tags_newest_articles(monkeypatch):
    monkeypatch.setattr(models, "RELATED_WINDOW", 2)
    article = ArticleFactory(tags=["baclofen", "spasticity"])
    # Shares both tags, but two later articles carry each tag: outside both windows.
    ArticleFactory(tags=["baclofen", "spasticity"])
    baclofen = ArticleFactory(tags=["baclofen"], published_at=days_ago(2))
    spasticity = ArticleFactory(tags=["spasticity"], published_at=days_ago(1))
    both = ArticleFactory(tags=["spasticity", "baclofen"], published_at=days_ago(3))

    related = Article.objects.published().related_to(article)

    # Most shared tags first, then newest.
    assert list(related) == [both, spasticity, baclofen]


def test_unpublished_articles_take_no_place_in_a_tags_window(client, monkeypatch):
    monkeypatch.setattr(models, "RELATED_WINDOW", 2)
    article = ArticleFactory(tags=["baclofen"])
    live = ArticleFactory(tags=["baclofen"], published_at=days_ago(5))
    for hidden in UNPUBLISHED:
        ArticleFactory(tags=["baclofen"], **hidden)

    response = client.get(article.get_absolute_url())

    assert list(response.context["related_articles"]) == [live]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's query plan")
def test_related_articles_are_read_from_the_tag_index_not_the_whole_archive():
    article = ArticleFactory(tags=["baclofen", "spasticity"])
    ArticleFactory.create_batch(3, tags=["baclofen"])
    related = Article.objects.published().related_to(article).for_listing()[:3]  # as shown
    sql, params = related.query.sql_with_params()

    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        plan = [row[3] for row in cursor.fetchall()]

    # The only steps that read whole are the windows' own CTEs, one per tag, 50 ids at most.
    scans = [step for step in plan if step.startswith("SCAN")]
    assert len(scans) == len([step for step in plan if step.startswith("CO-ROUTINE window")])
    assert not [step for step in plan if "article_listing_idx" in step]
    # Each tag's window is read once: ORs of the windows' INs read each one twice.
    windows = [step for step in plan if "taggedarticle_tag_article_idx (tag_id=?)" in step]
    assert len(windows) == 2


def test_previous_and_next_articles_are_the_published_neighbours(client):
    older = ArticleFactory(published_at=days_ago(3))
    article = ArticleFactory(published_at=days_ago(2))
    newer = ArticleFactory(published_at=days_ago(1))
    ArticleFactory(published_at=days_ago(4))

    response = client.get(article.get_absolute_url())

    assert response.context["older_article"] == older
    assert response.context["newer_article"] == newer
    content = response.content.decode()
    assert f'<a rel="prev" href="{older.get_absolute_url()}">' in content
    assert f'<a rel="next" href="{newer.get_absolute_url()}">' in content


def test_newest_and_oldest_articles_have_one_neighbour(client):
    oldest = ArticleFactory(published_at=days_ago(2))
    newest = ArticleFactory(published_at=days_ago(1))

    newest_page = client.get(newest.get_absolute_url())
    oldest_page = client.get(oldest.get_absolute_url())

    assert (newest_page.context["older_article"], newest_page.context["newer_article"]) == (
        oldest,
        None,
    )
    assert (oldest_page.context["older_article"], oldest_page.context["newer_article"]) == (
        None,
        newest,
    )


def test_articles_published_at_the_same_moment_are_still_neighbours(client):
    moment = days_ago(1)
    first, second, third = (ArticleFactory(published_at=moment) for _ in range(3))

    response = client.get(second.get_absolute_url())

    assert response.context["older_article"] == first
    assert response.context["newer_article"] == third


@pytest.mark.parametrize("hidden", UNPUBLISHED)
def test_previous_and_next_skip_unpublished_articles(client, hidden):
    older = ArticleFactory(published_at=days_ago(5))
    ArticleFactory(title="Hidden older", **{"published_at": days_ago(4), **hidden})
    article = ArticleFactory(published_at=days_ago(3))
    ArticleFactory(title="Hidden newer", **{"published_at": days_ago(2), **hidden})

    response = client.get(article.get_absolute_url())

    assert response.context["older_article"] == older
    assert response.context["newer_article"] is None
    assert b"Hidden" not in response.content


def test_article_page_shows_the_editable_disclaimer_and_editorial_policy_link(client):
    PageFactory(
        slug="medical-disclaimer",
        title="Medical disclaimer",
        body="<p>This is information, not advice.</p>",
    )
    article = ArticleFactory()

    content = client.get(article.get_absolute_url()).content.decode()

    assert "<p>This is information, not advice.</p>" in content
    assert f'href="{reverse("articles:page", kwargs={"slug": "editorial-policy"})}"' in content


def test_article_page_without_disclaimer_page_still_says_it_is_not_advice(client):
    article = ArticleFactory()

    content = client.get(article.get_absolute_url()).content.decode()

    assert "publishes information, not medical advice" in content


def test_every_page_links_to_the_editorial_policy_in_the_footer(client):
    ArticleFactory()

    content = client.get(reverse("articles:list")).content.decode()

    assert '<a href="/editorial-policy/">Editorial policy</a>' in content


def test_tag_page_shows_its_description(client):
    TagDescriptionFactory(text="A muscle relaxant used for spasticity.")
    ArticleFactory(tags=["baclofen"])

    response = client.get(reverse("articles:tag", kwargs={"slug": "baclofen"}))

    content = response.content.decode()
    assert "<p>A muscle relaxant used for spasticity.</p>" in content
    assert '<meta name="description" content="A muscle relaxant used for spasticity.">' in content


def test_tag_page_without_description_describes_itself(client):
    ArticleFactory(tags=["baclofen"])

    response = client.get(reverse("articles:tag", kwargs={"slug": "baclofen"}))

    assert b'<meta name="description" content="Articles about baclofen.">' in response.content


def sqlite_steps(read):
    """How much work SQLite does for `read()`: its virtual machine's steps, in hundreds."""
    connection.ensure_connection()
    steps = 0

    def count():
        nonlocal steps
        steps += 1
        return 0  # go on

    connection.connection.set_progress_handler(count, 100)
    try:
        read()
    finally:
        connection.connection.set_progress_handler(None, 100)
    return steps


@pytest.mark.skipif(connection.vendor != "sqlite", reason="counts SQLite's own steps")
def test_finding_older_and_newer_costs_the_same_deep_in_the_archive():
    author = AuthorFactory()
    now = timezone.now()
    Article.objects.bulk_create(
        Article(
            title=f"Guide {n}",
            slug=f"guide-{n}",
            author=author,
            status=Article.Status.PUBLISHED,
            published_at=now - timedelta(hours=n),
        )
        for n in range(1, 2001)
    )
    published = Article.objects.published()
    newest, deep = published.get(slug="guide-2"), published.get(slug="guide-1500")

    near_steps = sqlite_steps(lambda: published.adjacent_to(newest))
    deep_steps = sqlite_steps(lambda: published.adjacent_to(deep))

    assert [a.slug for a in published.adjacent_to(deep)] == ["guide-1501", "guide-1499"]
    assert deep_steps <= near_steps + 2
