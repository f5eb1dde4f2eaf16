"""Prepared queries (`articles.prepared`) and the article page's use of them: the same objects as
the querysets they are built from, with each call's own values, compiled once per shape."""

from datetime import timedelta

import pytest
from django.db.models import CharField, DateTimeField, IntegerField, SlugField
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from articles import article_page, listings, models
from articles.models import Article
from articles.prepared import Prepared, Slot

from .factories import ArticleFactory, AuthorFactory, ReferenceFactory, reviewed

pytestmark = pytest.mark.django_db


def fields(article):
    """What a page reads of an article, for comparing two ways of fetching it."""
    return {
        name: getattr(article, name)
        for name in ["pk", "title", "slug", "published_at", "summary", "body"]
        if name not in article.get_deferred_fields()
    }


def test_a_prepared_query_keeps_the_literal_percent_signs_of_its_sql():
    # `contains` with a value bound later is written LIKE '%%' || %s || '%%', with each % in
    # the value escaped: the placeholder gets a name, the percent signs stay what they are.
    ArticleFactory(title="Baclofen and sleep")
    ArticleFactory(title="100% natural")
    contains = Slot("text", CharField())
    titles = Prepared(lambda: Article.objects.filter(title__contains=contains).values_list("title"))

    assert titles(text="and sl") == [("Baclofen and sleep",)]
    assert titles(text="0% nat") == [("100% natural",)]
    assert titles(text="%") == [("100% natural",)]


def test_a_value_the_sql_reads_several_times_is_made_ready_once():
    ArticleFactory(title="Baclofen", published_at=timezone.now() - timedelta(days=2))
    conversions = []

    class CountedDateTimeField(DateTimeField):
        def get_db_prep_value(self, value, connection, prepared=False):
            conversions.append(value)
            return super().get_db_prep_value(value, connection, prepared)

    at = Slot("at", CountedDateTimeField())
    around = Prepared(
        lambda: Article.objects.filter(
            published_at__gte=at - timedelta(days=3), published_at__lte=at
        ).values_list("title")
    )
    now = timezone.now()

    assert around(at=now) == [("Baclofen",)]
    assert conversions == [now]


def test_a_slot_read_as_two_kinds_of_value_is_refused():
    slug = Prepared(
        lambda: Article.objects.filter(
            slug=Slot("value", SlugField()), pk=Slot("value", IntegerField())
        )
    )

    with pytest.raises(TypeError, match="'value' is read as two kinds of value"):
        slug(value="baclofen")


def test_a_prepared_query_gives_what_its_queryset_gives_with_each_calls_values():
    articles = ArticleFactory.create_batch(3, tags=["baclofen"])
    by_slug = Prepared(
        lambda: (
            Article.objects.published(now=Slot("now", DateTimeField()))
            .select_related("author")
            .filter(slug=Slot("slug", SlugField()))
        )
    )

    for article in articles:
        expected = Article.objects.published().select_related("author").get(slug=article.slug)
        (found,) = by_slug(slug=article.slug, now=timezone.now())
        assert fields(found) == fields(expected)
        assert found.author.name == expected.author.name  # select_related, with no query

    assert by_slug(slug="no-such-article", now=timezone.now()) == []


def test_the_time_is_a_value_of_each_call_not_of_the_first():
    scheduled = ArticleFactory(published_at=timezone.now() + timedelta(hours=1))
    by_slug = Prepared(
        lambda: Article.objects.published(now=Slot("now", DateTimeField())).filter(
            slug=Slot("slug", SlugField())
        )
    )

    assert by_slug(slug=scheduled.slug, now=timezone.now()) == []
    assert by_slug(slug=scheduled.slug, now=timezone.now() + timedelta(hours=2)) == [scheduled]


def test_each_shape_is_built_and_compiled_once(django_assert_num_queries):
    ArticleFactory.create_batch(2)
    built = []

    def build(count):
        built.append(count)
        slots = [Slot(f"pk{i}", IntegerField()) for i in range(count)]
        return Article.objects.filter(pk__in=slots).order_by("pk")

    by_pks = Prepared(build)
    first, second = Article.objects.order_by("pk")

    with django_assert_num_queries(3):
        assert by_pks(1, pk0=first.pk) == [first]
        assert by_pks(1, pk0=second.pk) == [second]
        assert by_pks(2, pk0=first.pk, pk1=second.pk) == [first, second]
    assert built == [1, 2]


def test_shapes_past_the_kept_number_are_compiled_for_each_call():
    first, second = ArticleFactory.create_batch(2)
    built = []

    def build(pk):
        built.append(pk)
        return Article.objects.filter(pk=pk)

    by_pk = Prepared(build, keep=1)

    assert by_pk(first.pk) == [first]
    assert by_pk(second.pk) == [second]
    assert by_pk(second.pk) == [second]
    assert by_pk(first.pk) == [first]
    assert built == [first.pk, second.pk, second.pk]  # only the first shape was kept


def test_a_values_list_query_gives_its_rows_as_tuples():
    articles = ArticleFactory.create_batch(3)
    titles = Prepared(
        lambda: (
            Article.objects.published(now=Slot("now", DateTimeField()))
            .order_by("-pk")
            .values_list("pk", "published_at")
        )
    )

    rows = titles(now=timezone.now())

    assert rows == list(Article.objects.order_by("-pk").values_list("pk", "published_at"))
    assert rows[-1] == (articles[0].pk, articles[0].published_at)  # converted, as the ORM does


def test_columns_selected_only_to_order_by_are_cut_from_each_row():
    ArticleFactory(title="Zinc")
    ArticleFactory(title="Aspirin")
    # distinct() makes the ORM select the ordering column too, after the ones asked for.
    ids = Prepared(
        lambda: (
            Article.objects.published(now=Slot("now", DateTimeField()))
            .values_list("pk")
            .distinct()
            .order_by("title")
        )
    )

    rows = ids(now=timezone.now())

    assert rows == list(Article.objects.values_list("pk").distinct().order_by("title"))
    assert all(len(row) == 1 for row in rows)


def test_first_is_the_first_object_or_none():
    author = AuthorFactory()
    ArticleFactory(author=author, published_at=timezone.now() - timedelta(days=2))
    newer = ArticleFactory(author=author, published_at=timezone.now() - timedelta(days=1))
    by_author = Prepared(lambda: Article.objects.filter(author_id=Slot("author", IntegerField())))

    assert by_author.first(author=author.pk) == newer  # newest first: the model's order
    assert by_author.first(author=AuthorFactory().pk) is None


def test_annotations_are_set_on_the_objects(rf):
    article = ArticleFactory(tags=["baclofen", "spasticity"])
    ArticleFactory(tags=["baclofen", "spasticity"])
    ArticleFactory(tags=["baclofen"])

    context = article_page.context(rf.get("/"), article_page.published_article(article.slug))

    expected = list(Article.objects.published().related_to(article))
    assert context["related_articles"] == expected
    assert [a.shared_tags for a in context["related_articles"]] == [2, 1]


def test_the_article_page_reads_the_same_article_as_the_queryset_methods(rf):
    older, article, newer = (
        ArticleFactory(published_at=timezone.now() - timedelta(days=days), tags=["baclofen"])
        for days in (3, 2, 1)
    )
    article = reviewed(article)
    ReferenceFactory.create_batch(2, article=article)
    expected = Article.objects.published().for_detail().get(pk=article.pk)

    found = article_page.published_article(article.slug)
    context = article_page.context(rf.get("/"), found)

    assert fields(found) == fields(expected)
    assert found.last_review.reviewer == expected.last_review.reviewer
    assert found.disclaimer_title == expected.disclaimer_title
    assert list(found.tags.all()) == list(expected.tags.all())
    assert list(found.references.all()) == list(expected.references.all())
    assert (context["older_article"], context["newer_article"]) == (older, newer)
    assert context["related_articles"] == list(Article.objects.published().related_to(article))


def test_the_article_pages_tags_and_references_refuse_to_be_narrowed(django_assert_num_queries):
    article = ArticleFactory(tags=["baclofen", "sleep"])
    ArticleFactory(tags=["guaifenesin"])  # a tag of another article
    ReferenceFactory(article=article)

    found = article_page.published_article(article.slug)

    with django_assert_num_queries(0):
        assert sorted(tag.name for tag in found.tags.all()) == ["baclofen", "sleep"]
        assert found.tags.count() == 2
        assert len(found.references.all()) == 1
    # Narrowing would start from every tag, not the article's: refused rather than wrong.
    with pytest.raises(TypeError, match="read from its prefetch"):
        found.tags.filter(name="guaifenesin")
    with pytest.raises(TypeError, match="read from its prefetch"):
        found.references.order_by("pk")


def test_the_article_page_never_finds_an_unpublished_article():
    draft = ArticleFactory(status=Article.Status.DRAFT)
    scheduled = ArticleFactory(published_at=timezone.now() + timedelta(hours=1))

    assert article_page.published_article(draft.slug) is None
    assert article_page.published_article(scheduled.slug) is None

    Article.objects.filter(pk=scheduled.pk).update(published_at=timezone.now())
    assert article_page.published_article(scheduled.slug) == scheduled


@pytest.mark.parametrize("filtered_by", ["", "tag", "author", "exclude"])
def test_a_list_page_is_the_querysets_slice(filtered_by):
    author = AuthorFactory()
    for i in range(25):
        ArticleFactory(
            author=author if i % 2 else AuthorFactory(),
            tags=["baclofen"] if i % 3 else ["sleep"],
            published_at=timezone.now() - timedelta(hours=i % 7),  # ties, broken by id
        )
    ArticleFactory(status=Article.Status.DRAFT, author=author, tags=["baclofen"])
    ArticleFactory(published_at=timezone.now() + timedelta(hours=1), tags=["baclofen"])
    values = {
        "": {},
        "tag": {"tag": Tag.objects.get(name="baclofen").pk},
        "author": {"author": author.pk},
        "exclude": {"exclude": Article.objects.published().first().pk},
    }[filtered_by]

    for bottom in (0, 10, 20):
        rows = listings.page_rows(bottom, bottom + 10, **values)
        expected = list(listings.articles(**values)[bottom : bottom + 10])
        assert rows == expected
        assert [a.author.name for a in rows] == [a.author.name for a in expected]


def test_the_home_page_lists_the_featured_article_once(client):
    featured = ArticleFactory(is_featured=True)
    others = ArticleFactory.create_batch(3)

    response = client.get(reverse("articles:home"))

    assert response.context["featured"] == featured
    assert list(response.context["page_obj"].object_list) == others[::-1]


def test_each_tags_window_is_read_on_every_view_not_when_first_prepared(rf, monkeypatch):
    article = ArticleFactory(tags=["baclofen"])
    newer = [ArticleFactory(tags=["baclofen"], published_at=timezone.now()) for _ in range(3)]
    request = rf.get("/")
    found = article_page.published_article(article.slug)
    assert len(article_page.context(request, found)["related_articles"]) == 3

    monkeypatch.setattr(models, "RELATED_WINDOW", 1)

    assert article_page.context(request, found)["related_articles"] == [newer[-1]]


@pytest.mark.parametrize("page", ["home", "list", "tag", "author"])
def test_list_views_read_their_page_with_the_prepared_query(client, monkeypatch, page):
    author = AuthorFactory(slug="martyn-f")
    ArticleFactory.create_batch(3, author=author, tags=["baclofen"])
    read = []
    prepared = listings.page_rows
    monkeypatch.setattr(
        listings,
        "page_rows",
        lambda *args, **values: read.append(values) or prepared(*args, **values),
    )
    url = {
        "home": reverse("articles:home"),
        "list": reverse("articles:list"),
        "tag": reverse("articles:tag", kwargs={"slug": "baclofen"}),
        "author": author.get_absolute_url(),
    }[page]

    response = client.get(url)

    assert response.status_code == 200
    assert len(response.context["page_obj"].object_list) == 3
    tag = Tag.objects.get(slug="baclofen")
    assert read == [
        {"home": {}, "list": {}, "tag": {"tag": tag.pk}, "author": {"author": author.pk}}[page]
    ]
