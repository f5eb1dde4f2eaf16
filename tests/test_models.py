from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from articles.models import Article, tags_with_published_counts

from .factories import ArticleFactory, AuthorUserFactory, PageFactory

pytestmark = pytest.mark.django_db


def test_published_shows_only_published_articles_whose_time_has_come():
    live = ArticleFactory()
    ArticleFactory(status=Article.Status.DRAFT)
    ArticleFactory(status=Article.Status.IN_REVIEW)
    ArticleFactory(status=Article.Status.PUBLISHED, published_at=None)
    ArticleFactory(published_at=timezone.now() + timedelta(days=1))

    assert list(Article.objects.published()) == [live]


def test_scheduled_article_appears_by_itself_when_its_time_comes(time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    scheduled = ArticleFactory(published_at=timezone.now() + timedelta(minutes=5))
    assert not Article.objects.published().exists()

    time_machine.shift(timedelta(minutes=5))

    assert list(Article.objects.published()) == [scheduled]


def test_body_is_sanitised_when_saved():
    article = ArticleFactory(
        body='<h2 onclick="x()">Dose</h2><script>alert(1)</script>'
        '<p style="color:red">Hi <a href="javascript:alert(1)">x</a></p>'
    )

    article.refresh_from_db()
    assert article.body == '<h2 id="dose">Dose</h2><p>Hi <a rel="noopener noreferrer">x</a></p>'


def test_tag_counts_include_only_published_articles():
    ArticleFactory.create_batch(2, tags=["baclofen"])
    ArticleFactory(status=Article.Status.DRAFT, tags=["baclofen", "secret"])

    counts = {tag.name: tag.num_articles for tag in tags_with_published_counts()}

    assert counts == {"baclofen": 2}


def test_tag_counts_join_no_article_rows_unless_asked_for_the_last_update():
    # The tag index shows counts only: joining each article's row for its date doubled the
    # query at 100,000 articles.
    assert 'JOIN "articles_article"' not in str(tags_with_published_counts().query)
    assert 'JOIN "articles_article"' in str(tags_with_published_counts(last_update=True).query)


def test_page_slug_cannot_take_a_site_url():
    page = PageFactory.build(slug="articles")

    with pytest.raises(ValidationError, match="used by the site"):
        page.full_clean()


def test_absolute_urls():
    article = ArticleFactory(slug="baclofen-guide")

    assert article.get_absolute_url() == "/articles/baclofen-guide/"
    assert article.author.get_absolute_url() == f"/authors/{article.author.slug}/"
    assert PageFactory(slug="about").get_absolute_url() == "/about/"


def test_open_to_gives_non_staff_users_nothing():
    user = AuthorUserFactory(is_staff=False)
    ArticleFactory(author=user.author_profile)

    assert list(Article.objects.open_to(user)) == []
