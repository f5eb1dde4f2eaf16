from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from articles import workflow
from articles.models import Article, StatusChange

from .factories import (
    ArticleFactory,
    AuthorUserFactory,
    EditorUserFactory,
    ReviewerUserFactory,
    reviewed,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewer():
    return ReviewerUserFactory()


@pytest.fixture
def editor():
    return EditorUserFactory()


@pytest.fixture
def in_review():
    return ArticleFactory(status=Article.Status.IN_REVIEW, published_at=None)


def test_review_records_reviewer_date_and_the_approved_revision(reviewer, in_review, time_machine):
    time_machine.move_to("2026-03-01 10:00Z", tick=False)

    review = workflow.record_review(article=in_review, by=reviewer, note="Checked doses.")

    in_review.refresh_from_db()
    assert in_review.last_review == review
    assert review.reviewer == reviewer.author_profile
    assert review.reviewed_at == timezone.now()
    assert review.version.object_id == str(in_review.pk)
    assert review.version.field_dict["body"] == in_review.body


def test_review_sets_next_review_due_from_the_default_interval(
    reviewer, in_review, settings, time_machine
):
    settings.MEDICAL_REVIEW_INTERVAL_DAYS = 365
    time_machine.move_to("2026-03-01 10:00Z", tick=False)

    workflow.record_review(article=in_review, by=reviewer)

    in_review.refresh_from_db()
    assert in_review.review_due_at == timezone.now() + timedelta(days=365)


def test_per_article_review_interval_overrides_the_default(reviewer, in_review, time_machine):
    time_machine.move_to("2026-03-01 10:00Z", tick=False)
    in_review.review_interval_days = 90
    in_review.save()

    workflow.record_review(article=in_review, by=reviewer)

    in_review.refresh_from_db()
    assert in_review.next_review_due == timezone.now() + timedelta(days=90)
    assert in_review.review_due_at == in_review.next_review_due


def test_editing_the_text_moves_last_updated_but_never_last_reviewed(
    reviewer, in_review, time_machine
):
    time_machine.move_to("2026-03-01 10:00Z", tick=False)
    review = workflow.record_review(article=in_review, by=reviewer)
    time_machine.move_to("2026-04-01 10:00Z", tick=False)

    in_review.body = "<p>Fixed a typo.</p>"
    in_review.save()

    in_review.refresh_from_db()
    assert in_review.updated_at == timezone.now()
    assert in_review.last_review == review
    assert in_review.last_review.reviewed_at < in_review.updated_at


def test_a_reviewer_cannot_review_their_own_article(reviewer):
    article = ArticleFactory(
        author=reviewer.author_profile, status=Article.Status.IN_REVIEW, published_at=None
    )

    with pytest.raises(PermissionDenied, match="another reviewer"):
        workflow.record_review(article=article, by=reviewer)

    article.refresh_from_db()
    assert article.last_review is None
    assert not article.reviews.exists()


def test_four_eyes_offers_no_review_button_on_own_article(client, reviewer):
    article = ArticleFactory(
        author=reviewer.author_profile, status=Article.Status.IN_REVIEW, published_at=None
    )
    client.force_login(reviewer)

    response = client.get(reverse("admin:articles_article_change", args=[article.pk]))

    assert b"Record medical review" not in response.content


def test_a_reviewer_without_credentials_cannot_sign_off(in_review):
    reviewer = ReviewerUserFactory(author_profile__credentials="")

    with pytest.raises(ValidationError, match="credentials"):
        workflow.record_review(article=in_review, by=reviewer)

    assert not in_review.reviews.exists()


def test_a_review_needs_the_article_in_review(reviewer):
    draft = ArticleFactory(status=Article.Status.DRAFT, published_at=None)

    with pytest.raises(ValidationError, match="In review"):
        workflow.record_review(article=draft, by=reviewer)


def test_publishing_an_unreviewed_article_is_refused(editor, in_review):
    with pytest.raises(ValidationError, match="no recorded medical review"):
        workflow.publish(article=in_review, by=editor)

    in_review.refresh_from_db()
    assert in_review.status == Article.Status.IN_REVIEW
    assert not Article.objects.published().exists()


def test_publishing_unreviewed_shows_the_reason_in_the_admin(client, editor, in_review):
    client.force_login(editor)

    response = client.post(
        reverse("admin:articles_article_workflow", args=[in_review.pk, "publish"]), follow=True
    )

    assert b"no recorded medical review" in response.content
    assert Article.objects.get(pk=in_review.pk).status == Article.Status.IN_REVIEW


def test_review_requirement_can_be_turned_off(editor, in_review, settings):
    settings.REQUIRE_REVIEW_TO_PUBLISH = False

    workflow.publish(article=in_review, by=editor)

    assert list(Article.objects.published()) == [in_review]


def test_publish_sets_published_at_now_and_keeps_last_updated(editor, in_review, time_machine):
    reviewed(in_review)
    updated_at = Article.objects.get(pk=in_review.pk).updated_at
    time_machine.move_to(timezone.now() + timedelta(hours=2), tick=False)

    workflow.publish(article=in_review, by=editor)

    article = Article.objects.get(pk=in_review.pk)
    assert article.published_at == timezone.now()
    assert article.updated_at == updated_at


def test_send_back_needs_a_note(reviewer, in_review):
    with pytest.raises(ValidationError, match="note is required"):
        workflow.send_back(article=in_review, by=reviewer, note="  ")

    in_review.refresh_from_db()
    assert in_review.status == Article.Status.IN_REVIEW


def test_send_back_returns_the_article_to_draft_with_the_note_logged(reviewer, in_review):
    workflow.send_back(article=in_review, by=reviewer, note="Cite the dosing source.")

    in_review.refresh_from_db()
    change = in_review.status_changes.get()
    assert in_review.status == Article.Status.DRAFT
    assert (change.action, change.from_status, change.to_status, change.by, change.note) == (
        StatusChange.Action.SENT_BACK,
        Article.Status.IN_REVIEW,
        Article.Status.DRAFT,
        reviewer,
        "Cite the dosing source.",
    )


def test_every_step_is_logged_with_who_and_when(reviewer, editor, time_machine):
    time_machine.move_to("2026-05-01 09:00Z", tick=False)
    author = AuthorUserFactory()
    article = ArticleFactory(author=author.author_profile, status="draft", published_at=None)

    workflow.submit(article=article, by=author)
    workflow.record_review(article=article, by=reviewer)
    workflow.schedule(article=article, by=editor, at=timezone.now() + timedelta(days=1))
    workflow.unpublish(article=article, by=editor)

    log = list(article.status_changes.order_by("pk").values_list("action", "by", "at"))
    assert log == [
        ("submitted", author.pk, timezone.now()),
        ("reviewed", reviewer.pk, timezone.now()),
        ("scheduled", editor.pk, timezone.now()),
        ("unpublished", editor.pk, timezone.now()),
    ]


def test_status_log_is_shown_on_the_article_admin_page(client, editor, reviewer, in_review):
    workflow.send_back(article=in_review, by=reviewer, note="Needs references.")
    client.force_login(editor)

    response = client.get(reverse("admin:articles_article_change", args=[in_review.pk]))

    assert b"Sent back to draft by " + reviewer.username.encode() in response.content
    assert b"Needs references." in response.content


def test_schedule_needs_a_future_time(editor, in_review):
    reviewed(in_review)

    with pytest.raises(ValidationError, match="future"):
        workflow.schedule(article=in_review, by=editor, at=timezone.now() - timedelta(minutes=1))

    assert Article.objects.get(pk=in_review.pk).status == Article.Status.IN_REVIEW


def test_scheduled_article_goes_live_by_itself_on_every_public_page(
    client, editor, in_review, time_machine
):
    time_machine.move_to("2026-06-01 08:00Z", tick=False)
    in_review.tags.add("baclofen")
    reviewed(in_review)
    workflow.schedule(article=in_review, by=editor, at=timezone.now() + timedelta(hours=1))
    urls = [
        reverse("articles:home"),
        reverse("articles:list"),
        reverse("articles:tag", kwargs={"slug": "baclofen"}),
        in_review.author.get_absolute_url(),
    ]
    assert client.get(in_review.get_absolute_url()).status_code == 404
    assert all(in_review.title.encode() not in client.get(url).content for url in urls)

    time_machine.shift(timedelta(hours=1))

    assert client.get(in_review.get_absolute_url()).status_code == 200
    assert all(in_review.title.encode() in client.get(url).content for url in urls)


def test_article_page_shows_the_medical_review_and_last_update(client, reviewer, time_machine):
    time_machine.move_to("2026-02-03 10:00Z", tick=False)
    article = ArticleFactory(status=Article.Status.IN_REVIEW)
    workflow.record_review(article=article, by=reviewer)
    Article.objects.filter(pk=article.pk).update(status=Article.Status.PUBLISHED)
    profile = reviewer.author_profile

    response = client.get(article.get_absolute_url())

    text = " ".join(response.content.decode().split())
    assert f'Medically reviewed by <a href="{profile.get_absolute_url()}">' in text
    assert f"{profile.name}</a>, PharmD on <time datetime=" in text
    assert ">3 February 2026</time>" in text
    assert "Last updated" in text


def test_article_never_reviewed_makes_no_review_claim(client):
    article = ArticleFactory()

    response = client.get(article.get_absolute_url())

    assert b"Medically reviewed" not in response.content
    assert b"Last updated" not in response.content


def test_overdue_filter_lists_only_articles_past_their_review_date(admin_client, time_machine):
    time_machine.move_to("2026-01-01 10:00Z", tick=False)
    overdue = reviewed(ArticleFactory(title="Overdue one", review_interval_days=30))
    reviewed(ArticleFactory(title="Fine one"))
    ArticleFactory(title="Never reviewed one")
    time_machine.shift(timedelta(days=31))

    response = admin_client.get(reverse("admin:articles_article_changelist"), {"review": "overdue"})

    assert list(response.context["cl"].result_list) == [overdue]


def test_admin_index_shows_the_review_backlog(admin_client, time_machine):
    time_machine.move_to("2026-01-01 10:00Z", tick=False)
    reviewed(ArticleFactory(review_interval_days=10))
    reviewed(ArticleFactory(review_interval_days=40))
    reviewed(ArticleFactory(review_interval_days=400))
    ArticleFactory()
    ArticleFactory(status=Article.Status.DRAFT)  # not published: not in the backlog
    time_machine.shift(timedelta(days=11))

    response = admin_client.get(reverse("admin:index"))

    text = " ".join(response.content.decode().split())
    assert "1 published article overdue for review" in text
    assert "Overdue: 1. Due within 30 days: 1. Fine: 1. Never reviewed: 1." in text
    chart = text.split('class="module review-backlog"')[1].split("</section>")[0]
    assert "<rect" in chart
    assert "style=" not in chart
    assert "<script" not in chart


def test_review_backlog_counts_each_state_in_one_query(django_assert_num_queries):
    reviewed(ArticleFactory())
    ArticleFactory()

    with django_assert_num_queries(1):
        counts = Article.objects.published().review_backlog()

    assert counts == {"overdue": 0, "due_soon": 0, "fine": 1, "never": 1}
