"""The permission matrix: every role against every editorial action, each cell its own test.

Each test asserts the HTTP outcome and the database state afterwards, so a request that is
refused in the page but half-applied in the database fails too.
"""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Review

from .factories import (
    NO_INLINES,
    ArticleFactory,
    AuthorUserFactory,
    EditorUserFactory,
    ReviewerUserFactory,
    UserFactory,
    reviewed,
)

pytestmark = pytest.mark.django_db

ACTORS = ["anonymous", "author", "other_author", "reviewer", "editor", "superuser"]
LOGIN = "login"  # an anonymous visitor is sent to the admin login page
MISSING = "missing"  # the admin says the article does not exist (redirect to its index)


@pytest.fixture
def world():
    author = AuthorUserFactory(username="author")
    other_author = AuthorUserFactory(username="other_author")
    profile = author.author_profile
    return SimpleNamespace(
        users={
            "author": author,
            "other_author": other_author,
            "reviewer": ReviewerUserFactory(username="reviewer"),
            "editor": EditorUserFactory(username="editor"),
            "superuser": UserFactory(username="superuser", is_superuser=True),
        },
        draft=ArticleFactory(author=profile, status=Article.Status.DRAFT, published_at=None),
        in_review=ArticleFactory(
            author=profile, status=Article.Status.IN_REVIEW, published_at=None
        ),
        ready=reviewed(
            ArticleFactory(author=profile, status=Article.Status.IN_REVIEW, published_at=None)
        ),
        published=reviewed(ArticleFactory(author=profile)),
        others_draft=ArticleFactory(
            author=other_author.author_profile, status=Article.Status.DRAFT, published_at=None
        ),
    )


def client_as(client, world, actor):
    if actor != "anonymous":
        client.force_login(world.users[actor])
    return client


def assert_outcome(response, expected):
    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))
    elif expected == MISSING:
        assert response.status_code == 302
        assert response["Location"] == reverse("admin:index")
    elif expected == 302:  # done, back to the article or the list
        assert response.status_code == 302
        assert response["Location"] not in {reverse("admin:index"), reverse("admin:login")}
    else:
        assert response.status_code == expected


def change_data(article, **overrides):
    return {
        "title": article.title,
        "slug": article.slug,
        "author": article.author_id,
        "summary": article.summary,
        "body": article.body,
        "tags": "",
        "review_interval_days": "",
        "loaded_version": article.updated_at.isoformat(),
        **NO_INLINES,
        **overrides,
    }


def workflow_url(article, action):
    return reverse("admin:articles_article_workflow", args=[article.pk, action])


def fresh(article):
    return Article.objects.filter(pk=article.pk).first()


# List: who sees which articles in the changelist.

LIST_SEES = {
    "anonymous": (LOGIN, None),
    "author": (200, {"draft", "in_review", "ready", "published"}),
    "other_author": (200, {"others_draft"}),
    "reviewer": (200, {"in_review", "ready"}),
    "editor": (200, {"draft", "in_review", "ready", "published", "others_draft"}),
    "superuser": (200, {"draft", "in_review", "ready", "published", "others_draft"}),
}


@pytest.mark.parametrize("actor", ACTORS)
def test_changelist_shows_each_role_only_its_articles(client, world, actor):
    expected_status, expected_names = LIST_SEES[actor]

    response = client_as(client, world, actor).get(reverse("admin:articles_article_changelist"))

    assert_outcome(response, expected_status)
    if expected_names is not None:
        names = {name for name in vars(world) if name != "users"}
        seen = {
            name for name in names if getattr(world, name) in response.context["cl"].result_list
        }
        assert seen == expected_names


# Opening the change form of the author's draft.

VIEW_DRAFT = {
    "anonymous": LOGIN,
    "author": 200,
    "other_author": MISSING,
    "reviewer": MISSING,
    "editor": 200,
    "superuser": 200,
}


@pytest.mark.parametrize("actor", ACTORS)
def test_change_form_of_a_draft_opens_only_for_its_author_and_editors(client, world, actor):
    url = reverse("admin:articles_article_change", args=[world.draft.pk])

    response = client_as(client, world, actor).get(url)

    assert_outcome(response, VIEW_DRAFT[actor])
    if response.status_code == 200:
        assert world.draft.title.encode() in response.content


def test_reviewer_sees_an_article_in_review_read_only_with_review_buttons(client, world):
    url = reverse("admin:articles_article_change", args=[world.in_review.pk])

    response = client_as(client, world, "reviewer").get(url)

    assert response.status_code == 200
    assert not response.context["has_change_permission"]
    assert b"Record medical review" in response.content
    assert b"Send back to draft" in response.content
    assert b"Publish now" not in response.content


# Adding an article, with a crafted author and status in the POST.

ADD = {
    "anonymous": (LOGIN, None),
    "author": (302, "author"),
    "other_author": (302, "other_author"),
    "reviewer": (403, None),
    "editor": (302, "other_author"),
    "superuser": (302, "other_author"),
}


@pytest.mark.parametrize("actor", ACTORS)
def test_add_forces_authors_byline_and_always_starts_a_draft(client, world, actor):
    expected_status, expected_author = ADD[actor]
    data = {
        "title": "Pau D'Arco",
        "slug": "pau-d-arco",
        "author": world.users["other_author"].author_profile.pk,
        "summary": "",
        "body": "<p>Bark tea.</p>",
        "tags": "",
        "status": "published",
        "published_at_0": "2026-01-01",
        "published_at_1": "09:00:00",
        "review_interval_days": "",
        **NO_INLINES,
    }

    response = client_as(client, world, actor).post(reverse("admin:articles_article_add"), data)

    assert_outcome(response, expected_status)
    created = Article.objects.filter(slug="pau-d-arco").first()
    if expected_author is None:
        assert created is None
    else:
        assert response.status_code == 302
        assert created.author == world.users[expected_author].author_profile
        assert created.status == Article.Status.DRAFT
        assert created.published_at is None


# Changing the author's draft, and the other author's draft.

CHANGE_OWN_DRAFT = {
    "anonymous": (LOGIN, False),
    "author": (302, True),
    "other_author": (MISSING, False),
    "reviewer": (403, False),
    "editor": (302, True),
    "superuser": (302, True),
}
CHANGE_OTHERS_DRAFT = {
    "anonymous": (LOGIN, False),
    "author": (MISSING, False),
    "other_author": (302, True),
    "reviewer": (403, False),
    "editor": (302, True),
    "superuser": (302, True),
}


def _post_change(client, article):
    url = reverse("admin:articles_article_change", args=[article.pk])
    return client.post(url, change_data(article, title="Changed title", status="published"))


@pytest.mark.parametrize("actor", ACTORS)
def test_change_of_the_authors_draft(client, world, actor):
    expected_status, changed = CHANGE_OWN_DRAFT[actor]

    response = _post_change(client_as(client, world, actor), world.draft)

    assert_outcome(response, expected_status)
    article = fresh(world.draft)
    assert (article.title == "Changed title") is changed
    assert article.status == Article.Status.DRAFT  # the crafted status never applies


@pytest.mark.parametrize("actor", ACTORS)
def test_change_of_another_authors_draft(client, world, actor):
    expected_status, changed = CHANGE_OTHERS_DRAFT[actor]

    response = _post_change(client_as(client, world, actor), world.others_draft)

    assert_outcome(response, expected_status)
    article = fresh(world.others_draft)
    assert (article.title == "Changed title") is changed
    assert article.status == Article.Status.DRAFT


@pytest.mark.parametrize("article_name", ["in_review", "published"])
def test_author_cannot_change_own_article_once_submitted_or_published(client, world, article_name):
    article = getattr(world, article_name)

    response = _post_change(client_as(client, world, "author"), article)

    assert response.status_code == 403
    assert fresh(article).title == article.title


# Workflow steps by POST.

SUBMIT = {
    "anonymous": (LOGIN, Article.Status.DRAFT),
    "author": (302, Article.Status.IN_REVIEW),
    "other_author": (404, Article.Status.DRAFT),
    "reviewer": (404, Article.Status.DRAFT),
    "editor": (302, Article.Status.IN_REVIEW),
    "superuser": (302, Article.Status.IN_REVIEW),
}


@pytest.mark.parametrize("actor", ACTORS)
def test_submit_for_review(client, world, actor):
    expected_status, expected_article_status = SUBMIT[actor]

    response = client_as(client, world, actor).post(workflow_url(world.draft, "submit"))

    assert_outcome(response, expected_status)
    assert fresh(world.draft).status == expected_article_status
    assert world.draft.status_changes.exists() is (expected_status == 302)


# Only a credentialed reviewer who did not write it can record a review; editors without a
# credentialed profile are told why.
REVIEW = {
    "anonymous": (LOGIN, False),
    "author": (403, False),
    "other_author": (404, False),
    "reviewer": (302, True),
    "editor": (302, False),
    "superuser": (302, False),
}


@pytest.mark.parametrize("actor", ACTORS)
def test_record_review(client, world, actor):
    expected_status, recorded = REVIEW[actor]

    response = client_as(client, world, actor).post(
        workflow_url(world.in_review, "review"), {"note": "Doses checked against the BNF."}
    )

    assert_outcome(response, expected_status)
    article = fresh(world.in_review)
    assert (article.last_review is not None) is recorded
    assert Review.objects.filter(article=article).exists() is recorded
    if recorded:
        assert article.last_review.reviewer == world.users["reviewer"].author_profile


PUBLISH = {
    "anonymous": (LOGIN, False),
    "author": (403, False),
    "other_author": (404, False),
    "reviewer": (403, False),
    "editor": (302, True),
    "superuser": (302, True),
}


@pytest.mark.parametrize("actor", ACTORS)
def test_publish_by_post(client, world, actor):
    expected_status, published = PUBLISH[actor]

    response = client_as(client, world, actor).post(workflow_url(world.ready, "publish"))

    assert_outcome(response, expected_status)
    assert Article.objects.published().filter(pk=world.ready.pk).exists() is published
    expected = Article.Status.PUBLISHED if published else Article.Status.IN_REVIEW
    assert fresh(world.ready).status == expected


@pytest.mark.parametrize("actor", ACTORS)
def test_schedule_by_post(client, world, actor):
    expected_status, scheduled = PUBLISH[actor]
    at = timezone.localtime() + timedelta(days=2)

    response = client_as(client, world, actor).post(
        workflow_url(world.ready, "schedule"), {"at": at.strftime("%Y-%m-%dT%H:%M")}
    )

    assert_outcome(response, expected_status)
    article = fresh(world.ready)
    assert (article.status == Article.Status.PUBLISHED) is scheduled
    assert (article.published_at is not None and article.published_at > timezone.now()) is scheduled
    assert not Article.objects.published().filter(pk=article.pk).exists()


UNPUBLISH = {
    "anonymous": (LOGIN, True),
    "author": (403, True),
    "other_author": (404, True),
    "reviewer": (404, True),
    "editor": (302, False),
    "superuser": (302, False),
}


@pytest.mark.parametrize("actor", ACTORS)
def test_unpublish(client, world, actor):
    expected_status, still_live = UNPUBLISH[actor]

    response = client_as(client, world, actor).post(workflow_url(world.published, "unpublish"))

    assert_outcome(response, expected_status)
    assert Article.objects.published().filter(pk=world.published.pk).exists() is still_live


DELETE_DRAFT = {
    "anonymous": (LOGIN, True),
    "author": (302, False),
    "other_author": (MISSING, True),
    "reviewer": (403, True),
    "editor": (302, False),
    "superuser": (302, False),
}


@pytest.mark.parametrize("actor", ACTORS)
def test_delete_the_authors_draft(client, world, actor):
    expected_status, survives = DELETE_DRAFT[actor]
    url = reverse("admin:articles_article_delete", args=[world.draft.pk])

    response = client_as(client, world, actor).post(url, {"post": "yes"})

    assert_outcome(response, expected_status)
    assert Article.objects.filter(pk=world.draft.pk).exists() is survives


def test_author_cannot_delete_own_published_article(client, world):
    url = reverse("admin:articles_article_delete", args=[world.published.pk])

    response = client_as(client, world, "author").post(url, {"post": "yes"})

    assert response.status_code == 403
    assert Article.objects.filter(pk=world.published.pk).exists()


PREVIEW_DRAFT = {
    "anonymous": 404,
    "author": 200,
    "other_author": 404,
    "reviewer": 404,
    "editor": 200,
    "superuser": 200,
}
PREVIEW_IN_REVIEW = {**PREVIEW_DRAFT, "reviewer": 200}


@pytest.mark.parametrize("actor", ACTORS)
def test_preview_of_a_draft(client, world, actor):
    url = reverse("articles:preview", kwargs={"pk": world.draft.pk})

    response = client_as(client, world, actor).get(url)

    assert response.status_code == PREVIEW_DRAFT[actor]
    assert (world.draft.title.encode() in response.content) is (response.status_code == 200)


@pytest.mark.parametrize("actor", ACTORS)
def test_preview_of_an_article_in_review(client, world, actor):
    url = reverse("articles:preview", kwargs={"pk": world.in_review.pk})

    response = client_as(client, world, actor).get(url)

    assert response.status_code == PREVIEW_IN_REVIEW[actor]


def test_preview_is_never_cached_and_not_indexed(client, world):
    url = reverse("articles:preview", kwargs={"pk": world.draft.pk})

    response = client_as(client, world, "author").get(url)

    assert "no-cache" in response["Cache-Control"]
    assert b'name="robots" content="noindex' in response.content


def test_preview_renders_the_public_article_template(client, world):
    url = reverse("articles:preview", kwargs={"pk": world.draft.pk})

    response = client_as(client, world, "editor").get(url)

    assert "articles/article_detail.html" in [t.name for t in response.templates]
    assert response.context["article"] == world.draft


def test_author_cannot_look_up_author_profiles_through_autocomplete(client, world):
    query = {"app_label": "articles", "model_name": "article", "field_name": "author", "term": ""}

    response = client_as(client, world, "author").get(reverse("admin:autocomplete"), query)

    assert response.status_code == 403


def test_filtering_the_changelist_by_another_author_shows_an_author_nothing(client, world):
    other_profile = world.users["other_author"].author_profile

    response = client_as(client, world, "author").get(
        reverse("admin:articles_article_changelist"), {"q": world.others_draft.title}
    )

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == []
    assert other_profile.name.encode() not in response.content


def test_author_cannot_open_the_history_of_someone_elses_draft(client, world):
    url = reverse("admin:articles_article_history", args=[world.others_draft.pk])

    response = client_as(client, world, "author").get(url)

    assert_outcome(response, MISSING)


def test_author_cannot_list_deleted_articles_to_recover(client, world):
    response = client_as(client, world, "author").get(reverse("admin:articles_article_recoverlist"))

    assert response.status_code == 403


def test_author_cannot_feature_or_change_the_review_interval(client, world):
    url = reverse("admin:articles_article_change", args=[world.draft.pk])
    data = change_data(world.draft, is_featured="on", review_interval_days="1")

    response = client_as(client, world, "author").post(url, data)

    assert response.status_code == 302
    article = fresh(world.draft)
    assert article.is_featured is False
    assert article.review_interval_days is None


def test_workflow_steps_only_answer_post(client, world):
    response = client_as(client, world, "editor").get(workflow_url(world.ready, "publish"))

    assert response.status_code == 405
    assert fresh(world.ready).status == Article.Status.IN_REVIEW


def test_an_unknown_workflow_step_is_a_404(client, world):
    response = client_as(client, world, "editor").post(workflow_url(world.ready, "approve"))

    assert response.status_code == 404
    assert fresh(world.ready).status == Article.Status.IN_REVIEW
