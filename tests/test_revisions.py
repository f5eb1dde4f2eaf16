import pytest
from django.test import Client
from django.urls import reverse
from reversion.models import Version

from articles import workflow
from articles.models import Article

from .factories import (
    NO_INLINES,
    ArticleFactory,
    AuthorUserFactory,
    EditorUserFactory,
    UserFactory,
    reviewed,
)

pytestmark = pytest.mark.django_db


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def form_data(article, **overrides):
    return {
        "title": article.title,
        "slug": article.slug,
        "author": article.author_id,
        "summary": article.summary,
        "body": article.body,
        "tags": ", ".join(tag.name for tag in article.tags.all()),
        "review_interval_days": "",
        "is_featured": "",
        "loaded_version": article.updated_at.isoformat(),
        **NO_INLINES,
        **overrides,
    }


def restore_data(client, url, article, **fields):
    """What the restore form posts: the old revision's fields and the version it loaded."""
    form = client.get(url).context["adminform"].form
    return form_data(article, loaded_version=form["loaded_version"].value(), **fields)


def save_in_admin(client, article, **changes):
    article = Article.objects.get(pk=article.pk)
    response = client.post(change_url(article), form_data(article, **changes))
    assert response.status_code == 302, response.context["adminform"].form.errors
    return Article.objects.get(pk=article.pk)


@pytest.fixture
def editor():
    return EditorUserFactory(first_name="Erin", last_name="Editor")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def test_every_admin_save_keeps_a_revision_with_its_user_and_tags(editor_client, editor):
    article = ArticleFactory(tags=["baclofen"])

    save_in_admin(editor_client, article, body="<p>Second.</p>", tags="baclofen, spasticity")

    version = Version.objects.get_for_object(article).get()
    assert version.revision.user == editor
    assert version.field_dict["body"] == "<p>Second.</p>"
    tagged = version.revision.version_set.filter(content_type__model="taggedarticle")
    assert tagged.count() == 2


def test_history_lists_revisions_with_a_compare_form(editor_client):
    article = ArticleFactory()
    save_in_admin(editor_client, article, body="<p>One.</p>")
    save_in_admin(editor_client, article, body="<p>Two.</p>")

    response = editor_client.get(reverse("admin:articles_article_history", args=[article.pk]))

    assert response.status_code == 200
    assert len(response.context["action_list"]) == 2
    assert b"Compare selected revisions" in response.content


def test_compare_shows_a_readable_difference_between_two_revisions(editor_client):
    article = ArticleFactory(tags=["sleep"])
    save_in_admin(editor_client, article, body="<p>Take it at night.</p>")
    save_in_admin(editor_client, article, body="<p>Take it in the morning.</p>", tags="sleep, dose")
    old, new = Version.objects.get_for_object(article).order_by("pk")

    response = editor_client.get(
        reverse("admin:articles_article_compare", args=[article.pk]),
        {"old": old.pk, "new": new.pk},
    )

    assert response.status_code == 200
    changes = dict(response.context["changes"])
    assert changes["body"] == [
        "- <p>Take it at night.</p>",
        "+ <p>Take it in the morning.</p>",
    ]
    assert changes["tags"] == ["- sleep", "+ dose, sleep"]
    assert "title" not in changes
    assert b"&lt;p&gt;Take it at night" in response.content  # shown as text, never as markup


def test_compare_with_bad_revision_ids_is_a_404(editor_client):
    article = ArticleFactory()

    response = editor_client.get(
        reverse("admin:articles_article_compare", args=[article.pk]), {"old": "x", "new": "1"}
    )

    assert response.status_code == 404


def test_restoring_an_old_revision_brings_back_text_and_tags_as_a_new_revision(editor_client):
    article = ArticleFactory(tags=["baclofen"])
    save_in_admin(editor_client, article, body="<p>Original.</p>", tags="baclofen")
    save_in_admin(editor_client, article, body="<p>Rewritten.</p>", tags="guaifenesin")
    first = Version.objects.get_for_object(article).order_by("pk").first()
    url = reverse("admin:articles_article_revision", args=[article.pk, first.pk])
    data = restore_data(editor_client, url, article, body="<p>Original.</p>", tags="baclofen")

    response = editor_client.post(url, data)

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.body == "<p>Original.</p>"
    assert [tag.name for tag in article.tags.all()] == ["baclofen"]
    assert Version.objects.get_for_object(article).count() == 3


def test_restoring_never_brings_back_an_old_status(editor_client):
    article = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    save_in_admin(editor_client, article, body="<p>Draft text.</p>")
    Article.objects.filter(pk=article.pk).update(status=Article.Status.IN_REVIEW)
    reviewed(Article.objects.get(pk=article.pk))
    first = Version.objects.get_for_object(article).order_by("pk").first()
    url = reverse("admin:articles_article_revision", args=[article.pk, first.pk])
    data = restore_data(editor_client, url, article, body="<p>Draft text.</p>")

    editor_client.post(url, data)

    article.refresh_from_db()
    assert article.status == Article.Status.IN_REVIEW
    assert article.last_review is not None


def test_viewing_an_old_revision_changes_nothing(editor_client):
    article = ArticleFactory()
    save_in_admin(editor_client, article, body="<p>Old.</p>")
    save_in_admin(editor_client, article, body="<p>New.</p>")
    first = Version.objects.get_for_object(article).order_by("pk").first()

    response = editor_client.get(
        reverse("admin:articles_article_revision", args=[article.pk, first.pk])
    )

    assert response.status_code == 200
    assert Article.objects.get(pk=article.pk).body == "<p>New.</p>"


def test_an_author_cannot_restore_a_revision_of_someone_elses_article(client, editor_client):
    article = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    save_in_admin(editor_client, article, body="<p>Old.</p>")
    save_in_admin(editor_client, article, body="<p>New.</p>")
    first = Version.objects.get_for_object(article).order_by("pk").first()
    client.force_login(AuthorUserFactory())

    response = client.post(
        reverse("admin:articles_article_revision", args=[article.pk, first.pk]),
        form_data(Article.objects.get(pk=article.pk)),
    )

    assert response.status_code == 404
    assert Article.objects.get(pk=article.pk).body == "<p>New.</p>"


def test_an_author_cannot_restore_over_their_published_article(client, editor_client):
    author = AuthorUserFactory()
    article = ArticleFactory(author=author.author_profile)
    save_in_admin(editor_client, article, body="<p>Old.</p>")
    save_in_admin(editor_client, article, body="<p>New.</p>")
    first = Version.objects.get_for_object(article).order_by("pk").first()
    client.force_login(author)

    response = client.post(
        reverse("admin:articles_article_revision", args=[article.pk, first.pk]),
        form_data(Article.objects.get(pk=article.pk)),
    )

    assert response.status_code == 403
    assert Article.objects.get(pk=article.pk).body == "<p>New.</p>"


# No lost edits.


def test_a_save_over_a_newer_version_is_refused_naming_who_saved(editor_client, client):
    article = ArticleFactory(body="<p>Start.</p>")
    stale = form_data(article, body="<p>My careful rewrite.</p>")
    other = UserFactory(username="sam", first_name="Sam", last_name="Other", is_superuser=True)
    client.force_login(other)
    save_in_admin(client, article, body="<p>Sam's fix.</p>")

    response = editor_client.post(change_url(article), stale)

    assert response.status_code == 200
    form = response.context["adminform"].form
    assert "Sam Other saved this article" in form.non_field_errors()[0]
    assert form["body"].value() == "<p>My careful rewrite.</p>"
    assert b"My careful rewrite." in response.content
    assert Article.objects.get(pk=article.pk).body == "<p>Sam's fix.</p>"


def test_a_crafted_post_without_the_loaded_version_is_refused(editor_client):
    article = ArticleFactory(body="<p>Start.</p>")
    data = form_data(article, body="<p>Blind overwrite.</p>")
    del data["loaded_version"]

    response = editor_client.post(change_url(article), data)

    assert response.status_code == 200
    assert Article.objects.get(pk=article.pk).body == "<p>Start.</p>"


def test_a_save_from_the_latest_version_goes_through(editor_client):
    article = ArticleFactory(body="<p>Start.</p>")
    save_in_admin(editor_client, article, body="<p>First.</p>")

    article = save_in_admin(editor_client, article, body="<p>Second.</p>")

    assert article.body == "<p>Second.</p>"


def test_a_workflow_step_does_not_count_as_a_conflicting_edit(editor_client, editor):
    article = reviewed(ArticleFactory(status=Article.Status.IN_REVIEW, published_at=None))
    loaded = form_data(Article.objects.get(pk=article.pk), body="<p>Edited.</p>")
    workflow.publish(article=Article.objects.get(pk=article.pk), by=editor)

    response = editor_client.post(change_url(article), loaded)

    assert response.status_code == 302
    assert Article.objects.get(pk=article.pk).body == "<p>Edited.</p>"


def test_a_deleted_article_is_recovered_as_an_unreviewed_draft(editor_client):
    article = reviewed(ArticleFactory(title="Recoverable"))
    save_in_admin(editor_client, article, body="<p>Kept.</p>")
    editor_client.post(reverse("admin:articles_article_delete", args=[article.pk]), {"post": "yes"})
    deleted = Version.objects.get_deleted(Article).get()
    url = reverse("admin:articles_article_recover", args=[deleted.pk])
    data = restore_data(editor_client, url, article, body="<p>Kept.</p>")

    response = editor_client.post(url, data)

    assert response.status_code == 302
    recovered = Article.objects.get(title="Recoverable")
    assert recovered.body == "<p>Kept.</p>"
    assert recovered.status == Article.Status.DRAFT
    assert recovered.last_review is None
    assert not Article.objects.published().exists()


def test_workflow_steps_are_revisions_with_who_and_what(editor):
    article = reviewed(ArticleFactory(status=Article.Status.IN_REVIEW, published_at=None))

    workflow.publish(article=article, by=editor)

    revision = Version.objects.get_for_object(article).get().revision
    assert revision.user == editor
    assert revision.get_comment().startswith("Published")


def test_a_conflict_names_only_who_edited_the_text_not_workflow_steps(editor_client, editor):
    article = reviewed(ArticleFactory(status=Article.Status.IN_REVIEW, published_at=None))
    stale = form_data(article, body="<p>Mine.</p>")
    workflow.publish(article=Article.objects.get(pk=article.pk), by=editor)
    sam = Client()
    sam.force_login(UserFactory(first_name="Sam", last_name="Other", is_superuser=True))
    save_in_admin(sam, article, body="<p>Sam's.</p>")

    response = editor_client.post(change_url(article), stale)

    message = response.context["adminform"].form.non_field_errors()[0]
    assert message.startswith("Sam Other saved this article")
