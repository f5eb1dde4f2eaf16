import pytest
from django.urls import reverse

from articles.models import Article

from .factories import NO_INLINES, ArticleFactory, AuthorFactory, PageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_with_content(admin_client):
    ArticleFactory(tags=["baclofen"])
    PageFactory()
    return admin_client


@pytest.mark.parametrize(
    "url_name",
    [
        "admin:articles_article_changelist",
        "admin:articles_article_add",
        "admin:articles_author_changelist",
        "admin:articles_author_add",
        "admin:articles_page_changelist",
        "admin:articles_page_add",
        "admin:taggit_tag_changelist",
    ],
)
def test_admin_pages_load_for_a_superuser(admin_client_with_content, url_name):
    assert admin_client_with_content.get(reverse(url_name)).status_code == 200


@pytest.mark.parametrize(
    "query", [{"status__exact": "published"}, {"tags__id__exact": "1"}, {"q": "Article"}]
)
def test_article_changelist_filters_and_search(admin_client_with_content, query):
    response = admin_client_with_content.get(reverse("admin:articles_article_changelist"), query)

    assert response.status_code == 200


def test_article_change_form_links_to_the_site(admin_client):
    article = ArticleFactory()

    response = admin_client.get(reverse("admin:articles_article_change", args=[article.pk]))

    assert response.status_code == 200
    assert b"View on site" in response.content


def test_new_article_with_tags_starts_as_a_draft_whatever_the_post_says(admin_client):
    author = AuthorFactory()

    response = admin_client.post(
        reverse("admin:articles_article_add"),
        {
            "title": "Guaifenesin and Liver Health",
            "slug": "guaifenesin-liver-health",
            "author": author.pk,
            "summary": "Is it safe?",
            "body": "<p>Ask your pharmacist.</p>",
            "tags": "guaifenesin, liver",
            "status": "published",
            "published_at_0": "2026-01-02",
            "published_at_1": "09:00:00",
            **NO_INLINES,
        },
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    article = Article.objects.get(slug="guaifenesin-liver-health")
    assert sorted(t.name for t in article.tags.all()) == ["guaifenesin", "liver"]
    assert article.status == Article.Status.DRAFT
    assert article.published_at is None


def test_body_is_edited_with_the_prose_editor_limited_to_the_allowed_formats(admin_client):
    article = ArticleFactory()

    response = admin_client.get(reverse("admin:articles_article_change", args=[article.pk]))

    widget = response.context["adminform"].form.fields["body"].widget
    assert "django_prose_editor/editor.js" in str(response.context["media"])
    assert set(widget.config["extensions"]) == {
        "Heading",
        "Bold",
        "Italic",
        "BulletList",
        "OrderedList",
        "ListItem",
        "Blockquote",
        "Link",
        "HardBreak",
    }
    assert b"data-django-prose-editor-configurable" in response.content


def test_change_form_links_to_the_preview(admin_client):
    article = ArticleFactory()

    response = admin_client.get(reverse("admin:articles_article_change", args=[article.pk]))

    assert reverse("articles:preview", kwargs={"pk": article.pk}).encode() in response.content
